"""The page: filters left, the network in the centre, details right, the timeline below, and a
Cypher console on a second tab.

Component ids live in :class:`Ids` so that the layout, the callbacks and the browser tests name
the same things.

>>> page = build_layout(store_label="embedded · data/graph", relation_types=["WARNS"], read_only=False)
>>> page.id
'ag-app'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import dash_cytoscape as cyto
from dash import dcc, html

from actorgraph.dashboard.console import EXAMPLE_QUERIES
from actorgraph.dashboard.fields import Control, ViewField, control_of, control_slots, controlled, field
from actorgraph.dashboard.state import ViewState, field_default
from actorgraph.dashboard.style import KIND_COLOURS, KIND_LABELS, KIND_SHORT_LABELS, stylesheet, type_colour
from actorgraph.graph.records import ACTOR_KINDS

__all__ = ["HEALTH_CHECK_MS", "Ids", "StoreLists", "build_layout", "control_ids", "swatch"]

HEALTH_CHECK_MS = 2000  # how often an open page asks whether the store answers


def _control_id(name: str, slot: int = 0) -> str:
    return control_of(name).slots[slot][0]


class StoreLists(NamedTuple):
    """What the store holds that some controls list: its relation types and edge sources."""

    relation_types: Sequence[str] = ()
    edge_sources: Sequence[str] = ()


class Ids:
    """Every component id the callbacks use."""

    URL = "url"
    ERROR = "error-banner"
    ERROR_TEXT = "error-text"
    ERROR_CLOSE = "error-close"
    STORE_BANNER = "store-banner"
    STORE_BANNER_TEXT = "store-banner-text"
    HEALTH_TICK = "health-tick"
    TABS = "main-tabs"
    NETWORK_PAGE = "network-page"
    CONSOLE_PAGE = "console-page"
    STATS = "view-stats"
    DATA_VERSION = "data-version"
    # the controls of the view's fields, as dashboard/fields.py declares them
    ACTORS = _control_id("actor_ids")
    TYPES = _control_id("relation_types")
    KINDS = _control_id("kinds")
    DATES = _control_id("date_from")
    DATES_HINT = "filter-dates-hint"  # what assets/date-guard.js says of a date typed that is not one
    MODALITIES = _control_id("modalities")
    CONFIDENCE = _control_id("min_confidence")
    ARTICLES = _control_id("article_ids")
    REVIEWED = _control_id("reviewed_only")
    ASSERTED = _control_id("asserted_only")
    STATE_LEVEL = _control_id("state_level")
    LAYOUT = _control_id("layout")
    COLOUR = _control_id("colour_by")
    SIZE = _control_id("size_by")
    MAX_NODES = _control_id("max_nodes")
    EDGE_LABELS = _control_id("edge_labels")
    FOCUS = _control_id("focus")
    HOPS = _control_id("hops")
    PATH_FROM = _control_id("path")
    PATH_TO = _control_id("path", 1)
    TIMELINE_BY = _control_id("timeline_by")
    SOURCES = _control_id("extractors")
    # navigation
    VIEW_LISTS = "view-lists"
    SHOW_HIDDEN = "show-hidden"
    UNPIN_ALL = "unpin-all"
    COLLAPSE = "collapse-expanded"
    RESET = "reset-view"
    # network
    NETWORK = "network"
    NOTICE = "view-notice"
    LEGEND = "legend"
    EXPORT_PNG = "export-png"
    EXPORT_SVG = "export-svg"
    EXPORT_REPORT = "export-report"
    REPORT_DOWNLOAD = "report-download"
    FIT = "fit-view"
    RESET_POSITIONS = "reset-positions"
    # details
    SIDE_TABS = "side-tabs"
    DETAILS = "details"
    SELECTED = "selected-actor"
    NODE_ACTIONS = "node-actions"
    ACT_FOCUS = "act-focus"
    ACT_EXPAND = "act-expand"
    ACT_HIDE = "act-hide"
    ACT_PIN = "act-pin"
    ACT_PATH_FROM = "act-path-from"
    ACT_PATH_TO = "act-path-to"
    ACT_REVIEW = "act-review"
    MERGE_DROP = "merge-drop"
    ACT_MERGE = "act-merge"
    CONFIRM_REVIEW = "confirm-review"
    CONFIRM_MERGE = "confirm-merge"
    ACT_UNDO = "act-undo"
    CONFIRM_UNDO = "confirm-undo"
    RENAME_TEXT = "rename-text"
    ACT_RENAME = "act-rename"
    DYAD_A = "dyad-a"
    DYAD_B = "dyad-b"
    DYAD = "dyad"
    # timeline
    TIMELINE = "timeline"
    CLEAR_DATES = "clear-dates"
    # console
    QUERY_TEXT = "query-text"
    QUERY_EXAMPLES = "query-examples"
    QUERY_RUN = "query-run"
    QUERY_MESSAGE = "query-message"
    QUERY_TABLE = "query-table"
    QUERY_GRAPH = "query-graph"
    QUERY_GRAPH_BOX = "query-graph-box"


def control_ids() -> list[str]:
    """The names of the control values that make up a view, in the order the sync callback
    lists them: component ids, and ``start``/``end`` for the date range.

    >>> control_ids()[:2]
    ['filter-actors', 'filter-types']
    """
    return [key for _component, _prop, key in control_slots()]


def swatch(colour: str, shape: str = "dot") -> html.Span:
    """A small colour sample for option labels and the legend.

    >>> swatch("#ff0000").style
    {'backgroundColor': '#ff0000'}
    """
    return html.Span(className=f"ag-swatch ag-swatch-{shape}", style={"backgroundColor": colour})


def _section(title: str, *children: Any, extra: Any = None) -> html.Div:
    heading = html.Div([html.Span(title), extra] if extra is not None else [html.Span(title)], className="ag-section-title")
    return html.Div([heading, *children], className="ag-section")


def _label(text: str, *children: Any) -> html.Label:
    return html.Label([html.Span(text, className="ag-label-text"), *children], className="ag-field")


def _correction_button(label: str, component_id: str, title: str, disabled: bool, danger: bool = False) -> html.Button:
    classes = "ag-button ag-button-small" + (" ag-button-danger" if danger else "")
    return html.Button(label, id=component_id, className=classes, disabled=disabled, title=title)


def _actor_dropdown(component_id: str, placeholder: str, multi: bool = False) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=component_id,
        options=[],
        multi=multi,
        placeholder=placeholder,
        searchable=True,
        clearable=True,
        className="ag-dropdown",
        optionHeight=32,
    )


def _filters(lists: StoreLists) -> html.Aside:
    controls = {section: _controls(section, lists) for section in ("Filters", "View", "Navigate")}
    return html.Aside(
        [
            _section("Filters", *controls["Filters"]),
            _section("View", *controls["View"]),
            _section(
                "Navigate",
                *controls["Navigate"],
                html.Div(id=Ids.VIEW_LISTS, className="ag-view-lists"),
                html.Div(
                    [
                        html.Button("Show hidden", id=Ids.SHOW_HIDDEN, className="ag-link-button"),
                        html.Button("Unpin all", id=Ids.UNPIN_ALL, className="ag-link-button"),
                        html.Button("Collapse", id=Ids.COLLAPSE, className="ag-link-button"),
                    ],
                    className="ag-row",
                ),
                html.Button("Reset view", id=Ids.RESET, className="ag-button ag-button-quiet ag-wide"),
            ),
        ],
        className="ag-filters",
    )


def _controls(section: str, lists: StoreLists) -> list[Any]:
    """The controls of one panel, as the view's fields declare them (a shared component once)."""
    drawn: list[Any] = []
    seen: set[str] = set()
    for entry in controlled():
        control = control_of(entry.name)
        component = control.slots[0][0]
        if control.section == section and component not in seen:
            seen.add(component)
            drawn += _WIDGETS[control.widget](entry, control, lists)
    return drawn


def _options(control: Control) -> list[dict[str, Any]]:
    return [{"label": label, "value": value} for value, label in control.options]


def _actors_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    multi = len(control.slots) == 1 and entry.kind.many
    return [
        _label(label, _actor_dropdown(component, control.placeholder, multi=multi))
        for (component, _prop), label in zip(control.slots, control.labels, strict=True)
    ]


def _types_widget(entry: ViewField, control: Control, lists: StoreLists) -> list[Any]:
    options = [{"label": html.Span([swatch(type_colour(t)), t]), "value": t, "search": t} for t in lists.relation_types]
    dropdown = dcc.Dropdown(id=Ids.TYPES, options=options, multi=True, placeholder=control.placeholder, className="ag-dropdown")
    return [_label(control.label, dropdown)]


def _kinds_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    options = [
        {"label": html.Span([swatch(KIND_COLOURS[k]), KIND_SHORT_LABELS[k]], title=KIND_LABELS[k]), "value": k}
        for k in ACTOR_KINDS
    ]
    checklist = dcc.Checklist(id=Ids.KINDS, options=options, value=[], className="ag-checklist ag-two-columns")
    return [_label(control.label, checklist)]


def _dates_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    picker = dcc.DatePickerRange(
        id=Ids.DATES,
        clearable=True,
        display_format="YYYY-MM-DD",
        start_date_placeholder_text=control_of("date_from").placeholder,
        end_date_placeholder_text=control_of("date_to").placeholder,
        className="ag-dates",
        minimum_nights=0,
    )
    hint = html.Div(id=Ids.DATES_HINT, className="ag-field-hint", role="status")
    return [_label(control.label, picker), hint]


def _choices_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    dropdown = dcc.Dropdown(
        id=control.slots[0][0],
        options=_options(control),
        multi=entry.kind.many,
        placeholder=control.placeholder or None,
        clearable=entry.kind.many,
        value=field_default(entry),
        className="ag-dropdown",
    )
    return [_label(control.label, dropdown)]


def _articles_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    dropdown = dcc.Dropdown(
        id=Ids.ARTICLES, options=[], multi=True, placeholder=control.placeholder, className="ag-dropdown", optionHeight=44
    )
    return [_label(control.label, dropdown)]


def _sources_widget(entry: ViewField, control: Control, lists: StoreLists) -> list[Any]:
    # imported (gdelt, acled…) and extracted edges apart: the relations' ``extractor``
    dropdown = dcc.Dropdown(
        id=control.slots[0][0],
        options=list(lists.edge_sources),
        multi=True,
        placeholder=control.placeholder,
        className="ag-dropdown",
    )
    return [_label(control.label, dropdown)]


def _radio_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    radio = dcc.RadioItems(id=control.slots[0][0], value=field_default(entry), className="ag-radio", options=_options(control))
    return [_label(control.label, radio)]


def _slider_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    slider = dcc.Slider(
        id=control.slots[0][0],
        min=0,
        max=1,
        step=0.05,
        value=0,
        marks={0: "0", 0.5: "0.5", 1: "1"},
        tooltip={"placement": "bottom"},
        className="ag-slider",
    )
    return [_label(control.label, slider)]


def _number_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    # text, not a number box: a cap may be "all", which a number box would show as empty or 0
    number = dcc.Input(
        id=control.slots[0][0],
        type="text",
        inputMode="numeric",
        placeholder="a number, or all",
        value=entry.kind.to_control(field_default(entry))[0],
        debounce=True,
        className="ag-input",
    )
    return [_label(control.label, number)]


def _tick_widget(entry: ViewField, control: Control, _lists: StoreLists) -> list[Any]:
    ticked = entry.kind.to_control(field_default(entry))[0]
    return [
        dcc.Checklist(
            id=control.slots[0][0],
            options=[{"label": control.label, "value": "yes"}],
            value=ticked,
            className="ag-checklist",
        )
    ]


# what each widget named in dashboard/fields.py draws
_WIDGETS: dict[str, Callable[[ViewField, Control, list[str]], list[Any]]] = {
    "actors": _actors_widget,
    "types": _types_widget,
    "sources": _sources_widget,
    "kinds": _kinds_widget,
    "dates": _dates_widget,
    "choices": _choices_widget,
    "articles": _articles_widget,
    "radio": _radio_widget,
    "slider": _slider_widget,
    "number": _number_widget,
    "tick": _tick_widget,
}


def _network(edge_labels: bool) -> html.Section:
    return html.Section(
        [
            html.Div(
                [
                    html.Div(id=Ids.NOTICE, className="ag-notice"),
                    cyto.Cytoscape(
                        id=Ids.NETWORK,
                        elements=[],
                        layout={"name": "preset"},
                        stylesheet=stylesheet(edge_labels),
                        style={"width": "100%", "height": "100%"},
                        minZoom=0.05,
                        maxZoom=4,
                        boxSelectionEnabled=False,
                        responsive=True,
                        className="ag-cytoscape",
                    ),
                ],
                className="ag-canvas",
            ),
            html.Div(id=Ids.LEGEND, className="ag-legend"),
            html.Div(
                [
                    html.Button("Fit", id=Ids.FIT, className="ag-button ag-button-small", title="Fit the whole view"),
                    html.Button(
                        "Reset positions",
                        id=Ids.RESET_POSITIONS,
                        className="ag-button ag-button-small",
                        title="Put the actors dragged in this view back where the view draws them",
                    ),
                    html.Button(
                        "PNG", id=Ids.EXPORT_PNG, className="ag-button ag-button-small", title="Download the view as PNG"
                    ),
                    html.Button(
                        "SVG", id=Ids.EXPORT_SVG, className="ag-button ag-button-small", title="Download the view as SVG"
                    ),
                    html.Button(
                        "Report",
                        id=Ids.EXPORT_REPORT,
                        className="ag-button ag-button-small",
                        title="Download a briefing of this view: its image, filters, strongest relations with evidence, actors",
                    ),
                    dcc.Loading(dcc.Download(id=Ids.REPORT_DOWNLOAD), type="dot", className="ag-report-loading"),
                ],
                className="ag-graph-tools",
            ),
        ],
        className="ag-graph",
    )


def _details(read_only: bool) -> html.Aside:
    correction_note = "Started with --read-only: corrections are off." if read_only else None
    actions = html.Div(
        [
            html.Div(
                [
                    html.Button(
                        "Focus", id=Ids.ACT_FOCUS, className="ag-button ag-button-small", title="Show only its neighbourhood"
                    ),
                    html.Button(
                        "Expand", id=Ids.ACT_EXPAND, className="ag-button ag-button-small", title="Add its neighbours to the view"
                    ),
                    html.Button("Hide", id=Ids.ACT_HIDE, className="ag-button ag-button-small", title="Hide or show it"),
                    html.Button("Pin", id=Ids.ACT_PIN, className="ag-button ag-button-small", title="Keep it in every view"),
                    html.Button("Path from", id=Ids.ACT_PATH_FROM, className="ag-button ag-button-small"),
                    html.Button("Path to", id=Ids.ACT_PATH_TO, className="ag-button ag-button-small"),
                ],
                className="ag-toolbar",
            ),
            html.Div(
                [
                    _correction_button("Mark reviewed", Ids.ACT_REVIEW, "Record that an analyst checked this actor", read_only),
                    _actor_dropdown(Ids.MERGE_DROP, "Duplicate to merge into it…"),
                    _correction_button(
                        "Merge", Ids.ACT_MERGE, "Fold the chosen duplicate into this actor", read_only, danger=True
                    ),
                    # off until the corrections log has something to undo
                    _correction_button("Undo", Ids.ACT_UNDO, "No correction to undo", disabled=True),
                    dcc.Input(
                        id=Ids.RENAME_TEXT,
                        type="text",
                        placeholder="New name…",
                        maxLength=500,
                        className="ag-input",
                        disabled=read_only,
                    ),
                    _correction_button(
                        "Rename",
                        Ids.ACT_RENAME,
                        "Give this actor the new name (its id stays; the old name becomes an alias)",
                        read_only,
                    ),
                ],
                className="ag-corrections",
            ),
            html.Div(correction_note, className="ag-muted") if correction_note else None,
        ],
        id=Ids.NODE_ACTIONS,
        className="ag-node-actions",
        hidden=True,
    )
    details_tab = dcc.Tab(
        label="Details",
        value="details",
        className="ag-tab",
        selected_className="ag-tab-selected",
        children=[
            actions,
            html.Div(
                html.P("Click an actor or an edge to see its evidence.", className="ag-muted"),
                id=Ids.DETAILS,
                className="ag-details-body",
            ),
        ],
    )
    dyad_tab = dcc.Tab(
        label="Dyad",
        value="dyad",
        className="ag-tab",
        selected_className="ag-tab-selected",
        children=[
            html.Div(
                [_actor_dropdown(Ids.DYAD_A, "First actor…"), _actor_dropdown(Ids.DYAD_B, "Second actor…")],
                className="ag-dyad-pickers",
            ),
            html.Div(
                html.P("Pick two actors, or click an edge, to see their relations over time.", className="ag-muted"),
                id=Ids.DYAD,
                className="ag-details-body",
            ),
        ],
    )
    return html.Aside(
        [
            dcc.Tabs(id=Ids.SIDE_TABS, value="details", children=[details_tab, dyad_tab], className="ag-side-tabs"),
            dcc.ConfirmDialog(id=Ids.CONFIRM_REVIEW),
            dcc.ConfirmDialog(id=Ids.CONFIRM_MERGE),
            dcc.ConfirmDialog(id=Ids.CONFIRM_UNDO),
        ],
        className="ag-details",
    )


def _timeline() -> html.Section:
    return html.Section(
        [
            html.Div(
                [
                    html.Span(control_of("timeline_by").label, className="ag-section-title-inline"),
                    dcc.RadioItems(
                        id=Ids.TIMELINE_BY,
                        value=field_default(field("timeline_by")),
                        className="ag-radio ag-radio-inline",
                        options=_options(control_of("timeline_by")),
                    ),
                    html.Span("Drag across the chart to filter the network to a span.", className="ag-muted ag-hint"),
                    html.Button("Clear dates", id=Ids.CLEAR_DATES, className="ag-link-button"),
                ],
                className="ag-timeline-header",
            ),
            dcc.Graph(
                id=Ids.TIMELINE,
                config={"displayModeBar": False, "responsive": True},
                className="ag-timeline-graph",
                style={"height": "100%"},
            ),
        ],
        className="ag-timeline",
    )


def _console() -> html.Div:
    examples = [{"label": name, "value": name} for name in EXAMPLE_QUERIES]
    first = next(iter(EXAMPLE_QUERIES.values()))
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.Span("Cypher (read-only)", className="ag-section-title-inline"),
                            dcc.Dropdown(
                                id=Ids.QUERY_EXAMPLES,
                                options=examples,
                                placeholder="Example queries…",
                                clearable=True,
                                className="ag-dropdown ag-examples",
                            ),
                            html.Button(
                                "Run query", id=Ids.QUERY_RUN, className="ag-button ag-button-primary", title="Run (Ctrl+Enter)"
                            ),
                        ],
                        className="ag-console-bar",
                    ),
                    dcc.Textarea(id=Ids.QUERY_TEXT, value=first, className="ag-query", spellCheck=False),
                    html.Div(id=Ids.QUERY_MESSAGE, className="ag-query-message"),
                ],
                className="ag-console-editor",
            ),
            html.Div(
                [
                    html.Div(id=Ids.QUERY_TABLE, className="ag-query-table"),
                    html.Div(
                        [
                            html.P(
                                "Nodes, relationships and paths in a result are drawn here.",
                                id=Ids.QUERY_GRAPH_BOX,
                                className="ag-muted ag-query-graph-hint",
                            ),
                            cyto.Cytoscape(
                                id=Ids.QUERY_GRAPH,
                                elements=[],
                                layout={"name": "cose", "animate": False},
                                stylesheet=stylesheet(True),
                                style={"width": "100%", "height": "100%"},
                            ),
                        ],
                        className="ag-query-graph",
                    ),
                ],
                className="ag-console-results",
            ),
        ],
        id=Ids.CONSOLE_PAGE,
        className="ag-page ag-console ag-page-hidden",
    )


def build_layout(store_label: str, relation_types: Sequence[str], read_only: bool, edge_sources: Sequence[str] = ()) -> html.Div:
    """The whole page; the callbacks fill it from the URL."""
    default = ViewState()
    header = html.Header(
        [
            html.Div(
                [html.Span("actor", className="ag-brand-a"), html.Span("graph", className="ag-brand-b")], className="ag-brand"
            ),
            dcc.Tabs(
                id=Ids.TABS,
                value="network",
                className="ag-main-tabs",
                children=[
                    dcc.Tab(label="Network", value="network", className="ag-main-tab", selected_className="ag-main-tab-selected"),
                    dcc.Tab(
                        label="Cypher console",
                        value="console",
                        className="ag-main-tab",
                        selected_className="ag-main-tab-selected",
                    ),
                ],
            ),
            html.Div(id=Ids.STATS, className="ag-stats"),
            html.Div(store_label + (" · read-only" if read_only else ""), className="ag-store", title="The store this app reads"),
        ],
        className="ag-header",
    )
    error = html.Div(
        [html.Span(id=Ids.ERROR_TEXT), html.Button("×", id=Ids.ERROR_CLOSE, className="ag-error-close")],
        id=Ids.ERROR,
        className="ag-error",
        hidden=True,
    )
    # shown while the store does not answer; a timer asks every few seconds
    store_banner = html.Div(
        [html.Span(id=Ids.STORE_BANNER_TEXT)], id=Ids.STORE_BANNER, className="ag-store-banner", hidden=True, role="status"
    )
    network_page = html.Div(
        [_filters(StoreLists(relation_types, edge_sources)), _network(default.edge_labels), _details(read_only), _timeline()],
        id=Ids.NETWORK_PAGE,
        className="ag-page ag-network",
    )
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh=False),
            dcc.Store(id=Ids.SELECTED),
            dcc.Store(id=Ids.DATA_VERSION, data=0),
            dcc.Interval(id=Ids.HEALTH_TICK, interval=HEALTH_CHECK_MS),
            header,
            store_banner,
            error,
            html.Div([network_page, _console()], className="ag-pages"),
        ],
        id="ag-app",
        className="ag-app",
    )
