"""The page: filters left, the network in the centre, details right, the timeline below, and a
Cypher console on a second tab.

Component ids live in :class:`Ids` so that the layout, the callbacks and the browser tests name
the same things.

>>> page = build_layout(store_label="embedded · data/graph", relation_types=["WARNS"], read_only=False)
>>> page.id
'ag-app'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_cytoscape as cyto
from dash import dcc, html

from actorgraph.dashboard.console import EXAMPLE_QUERIES
from actorgraph.dashboard.state import DEFAULT_MAX_NODES, ViewState
from actorgraph.dashboard.style import KIND_COLOURS, KIND_LABELS, KIND_SHORT_LABELS, stylesheet, type_colour
from actorgraph.graph.records import ACTOR_KINDS, MODALITIES

__all__ = ["HEALTH_CHECK_MS", "Ids", "build_layout", "control_ids", "swatch"]

HEALTH_CHECK_MS = 2000  # how often an open page asks whether the store answers


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
    # filters
    ACTORS = "filter-actors"
    TYPES = "filter-types"
    KINDS = "filter-kinds"
    DATES = "filter-dates"
    MODALITIES = "filter-modalities"
    CONFIDENCE = "filter-confidence"
    ARTICLES = "filter-articles"
    REVIEWED = "filter-reviewed"
    SOURCES = "filter-sources"
    # view options
    LAYOUT = "view-layout"
    COLOUR = "view-colour"
    SIZE = "view-size"
    MAX_NODES = "view-max-nodes"
    EDGE_LABELS = "view-edge-labels"
    FOCUS = "nav-focus"
    HOPS = "nav-hops"
    PATH_FROM = "nav-path-from"
    PATH_TO = "nav-path-to"
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
    FIT = "fit-view"
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
    DYAD_A = "dyad-a"
    DYAD_B = "dyad-b"
    DYAD = "dyad"
    # timeline
    TIMELINE = "timeline"
    TIMELINE_BY = "timeline-by"
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
    """The controls whose values are the view state, in the order the sync callback lists them.

    >>> control_ids()[:2]
    ['filter-actors', 'filter-types']
    """
    return [
        Ids.ACTORS, Ids.TYPES, Ids.KINDS, Ids.MODALITIES, Ids.CONFIDENCE, Ids.ARTICLES, Ids.REVIEWED, Ids.SOURCES,
        Ids.LAYOUT, Ids.COLOUR, Ids.SIZE, Ids.MAX_NODES, Ids.EDGE_LABELS, Ids.FOCUS, Ids.HOPS, Ids.PATH_FROM,
        Ids.PATH_TO, Ids.TIMELINE_BY,
    ]  # fmt: skip


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


def _actor_dropdown(component_id: str, placeholder: str, multi: bool = False) -> dcc.Dropdown:
    return dcc.Dropdown(id=component_id, options=[], multi=multi, placeholder=placeholder, searchable=True,
                        clearable=True, className="ag-dropdown", optionHeight=32)  # fmt: skip


def _filters(relation_types: list[str], edge_sources: Sequence[str] = ()) -> html.Aside:
    type_options = [{"label": html.Span([swatch(type_colour(t)), t]), "value": t, "search": t} for t in relation_types]
    kind_options = [
        {"label": html.Span([swatch(KIND_COLOURS[k]), KIND_SHORT_LABELS[k]], title=KIND_LABELS[k]), "value": k}
        for k in ACTOR_KINDS
    ]
    return html.Aside(
        [
            _section(
                "Filters",
                _label("Actors", _actor_dropdown(Ids.ACTORS, "Search actors by name or alias…", multi=True)),
                _label("Relation types", dcc.Dropdown(id=Ids.TYPES, options=type_options, multi=True,
                                                      placeholder="All types", className="ag-dropdown")),
                _label("Actor kinds (none ticked: all)", dcc.Checklist(id=Ids.KINDS, options=kind_options, value=[],
                                                    className="ag-checklist ag-two-columns")),
                _label("Date range", dcc.DatePickerRange(id=Ids.DATES, clearable=True, display_format="YYYY-MM-DD",
                                                         start_date_placeholder_text="From", end_date_placeholder_text="To",
                                                         className="ag-dates", minimum_nights=0)),
                _label("Modality", dcc.Dropdown(id=Ids.MODALITIES, options=list(MODALITIES), multi=True,
                                                placeholder="Any modality", className="ag-dropdown")),
                _label("Minimum confidence", dcc.Slider(id=Ids.CONFIDENCE, min=0, max=1, step=0.05, value=0,
                                                        marks={0: "0", 0.5: "0.5", 1: "1"},
                                                        tooltip={"placement": "bottom"}, className="ag-slider")),
                _label("Source articles", dcc.Dropdown(id=Ids.ARTICLES, options=[], multi=True,
                                                       placeholder="All articles", className="ag-dropdown",
                                                       optionHeight=44)),
                # imported (gdelt, acled…) and extracted edges apart: the relations' `extractor`
                _label("Source of the edges", dcc.Dropdown(id=Ids.SOURCES, options=list(edge_sources), multi=True,
                                                           placeholder="Extracted and imported", className="ag-dropdown")),
                dcc.Checklist(id=Ids.REVIEWED, options=[{"label": "Reviewed actors only", "value": "yes"}], value=[],
                              className="ag-checklist"),
            ),
            _section(
                "View",
                _label("Layout", dcc.Dropdown(id=Ids.LAYOUT, clearable=False, className="ag-dropdown", options=[
                    {"label": "Automatic", "value": "auto"}, {"label": "Force-directed (fCoSE)", "value": "fcose"},
                    {"label": "Force-directed (CoSE)", "value": "cose"}, {"label": "Concentric", "value": "concentric"},
                    {"label": "Breadth-first", "value": "breadthfirst"}, {"label": "Circle", "value": "circle"},
                    {"label": "Precomputed (networkx)", "value": "preset"}], value="auto")),
                _label("Node colour", dcc.RadioItems(id=Ids.COLOUR, value="kind", className="ag-radio", options=[
                    {"label": "Kind", "value": "kind"}, {"label": "Community", "value": "community"}])),
                _label("Node size", dcc.RadioItems(id=Ids.SIZE, value="degree", className="ag-radio", options=[
                    {"label": "Degree", "value": "degree"}, {"label": "PageRank", "value": "pagerank"},
                    {"label": "Betweenness", "value": "betweenness"}])),
                _label("Most actors shown", dcc.Input(id=Ids.MAX_NODES, type="number", min=1, max=5000, step=1,
                                                      value=DEFAULT_MAX_NODES, debounce=True, className="ag-input")),
                dcc.Checklist(id=Ids.EDGE_LABELS, options=[{"label": "Edge labels", "value": "yes"}], value=["yes"],
                              className="ag-checklist"),
            ),
            _section(
                "Navigate",
                _label("Focus on", _actor_dropdown(Ids.FOCUS, "Actor…")),
                _label("Hops", dcc.RadioItems(id=Ids.HOPS, value=1, className="ag-radio",
                                              options=[{"label": str(h), "value": h} for h in (1, 2, 3)])),
                _label("Shortest path from", _actor_dropdown(Ids.PATH_FROM, "Actor…")),
                _label("to", _actor_dropdown(Ids.PATH_TO, "Actor…")),
                html.Div(id=Ids.VIEW_LISTS, className="ag-view-lists"),
                html.Div([
                    html.Button("Show hidden", id=Ids.SHOW_HIDDEN, className="ag-link-button"),
                    html.Button("Unpin all", id=Ids.UNPIN_ALL, className="ag-link-button"),
                    html.Button("Collapse", id=Ids.COLLAPSE, className="ag-link-button"),
                ], className="ag-row"),
                html.Button("Reset view", id=Ids.RESET, className="ag-button ag-button-quiet ag-wide"),
            ),
        ],
        className="ag-filters",
    )  # fmt: skip


def _network(edge_labels: bool) -> html.Section:
    return html.Section(
        [
            html.Div([
                html.Div(id=Ids.NOTICE, className="ag-notice"),
                cyto.Cytoscape(
                    id=Ids.NETWORK, elements=[], layout={"name": "preset"}, stylesheet=stylesheet(edge_labels),
                    style={"width": "100%", "height": "100%"}, minZoom=0.05, maxZoom=4,
                    boxSelectionEnabled=False, responsive=True, className="ag-cytoscape",
                ),
            ], className="ag-canvas"),
            html.Div(id=Ids.LEGEND, className="ag-legend"),
            html.Div([
                html.Button("Fit", id=Ids.FIT, className="ag-button ag-button-small", title="Fit the whole view"),
                html.Button("PNG", id=Ids.EXPORT_PNG, className="ag-button ag-button-small", title="Download the view as PNG"),
                html.Button("SVG", id=Ids.EXPORT_SVG, className="ag-button ag-button-small", title="Download the view as SVG"),
            ], className="ag-graph-tools"),
        ],
        className="ag-graph",
    )  # fmt: skip


def _details(read_only: bool) -> html.Aside:
    correction_note = "Started with --read-only: corrections are off." if read_only else None
    actions = html.Div(
        [
            html.Div([
                html.Button("Focus", id=Ids.ACT_FOCUS, className="ag-button ag-button-small", title="Show only its neighbourhood"),
                html.Button("Expand", id=Ids.ACT_EXPAND, className="ag-button ag-button-small", title="Add its neighbours to the view"),
                html.Button("Hide", id=Ids.ACT_HIDE, className="ag-button ag-button-small", title="Hide or show it"),
                html.Button("Pin", id=Ids.ACT_PIN, className="ag-button ag-button-small", title="Keep it in every view"),
                html.Button("Path from", id=Ids.ACT_PATH_FROM, className="ag-button ag-button-small"),
                html.Button("Path to", id=Ids.ACT_PATH_TO, className="ag-button ag-button-small"),
            ], className="ag-toolbar"),
            html.Div([
                html.Button("Mark reviewed", id=Ids.ACT_REVIEW, className="ag-button ag-button-small", disabled=read_only,
                            title="Record that an analyst checked this actor"),
                _actor_dropdown(Ids.MERGE_DROP, "Duplicate to merge into it…"),
                html.Button("Merge", id=Ids.ACT_MERGE, className="ag-button ag-button-small ag-button-danger", disabled=read_only,
                            title="Fold the chosen duplicate into this actor"),
            ], className="ag-corrections"),
            html.Div(correction_note, className="ag-muted") if correction_note else None,
        ],
        id=Ids.NODE_ACTIONS, className="ag-node-actions", hidden=True,
    )  # fmt: skip
    details_tab = dcc.Tab(label="Details", value="details", className="ag-tab", selected_className="ag-tab-selected", children=[
        actions,
        html.Div(html.P("Click an actor or an edge to see its evidence.", className="ag-muted"), id=Ids.DETAILS,
                 className="ag-details-body"),
    ])  # fmt: skip
    dyad_tab = dcc.Tab(label="Dyad", value="dyad", className="ag-tab", selected_className="ag-tab-selected", children=[
        html.Div([_actor_dropdown(Ids.DYAD_A, "First actor…"), _actor_dropdown(Ids.DYAD_B, "Second actor…")],
                 className="ag-dyad-pickers"),
        html.Div(html.P("Pick two actors, or click an edge, to see their relations over time.", className="ag-muted"),
                 id=Ids.DYAD, className="ag-details-body"),
    ])  # fmt: skip
    return html.Aside(
        [
            dcc.Tabs(id=Ids.SIDE_TABS, value="details", children=[details_tab, dyad_tab], className="ag-side-tabs"),
            dcc.ConfirmDialog(id=Ids.CONFIRM_REVIEW),
            dcc.ConfirmDialog(id=Ids.CONFIRM_MERGE),
        ],
        className="ag-details",
    )


def _timeline() -> html.Section:
    return html.Section(
        [
            html.Div([
                html.Span("Relations over time", className="ag-section-title-inline"),
                dcc.RadioItems(id=Ids.TIMELINE_BY, value="type", className="ag-radio ag-radio-inline", options=[
                    {"label": "by type", "value": "type"}, {"label": "by QuadClass", "value": "quad_class"}]),
                html.Span("Drag across the chart to filter the network to a span.", className="ag-muted ag-hint"),
                html.Button("Clear dates", id=Ids.CLEAR_DATES, className="ag-link-button"),
            ], className="ag-timeline-header"),
            dcc.Graph(id=Ids.TIMELINE, config={"displayModeBar": False, "responsive": True}, className="ag-timeline-graph",
                      style={"height": "100%"}),
        ],
        className="ag-timeline",
    )  # fmt: skip


def _console() -> html.Div:
    examples = [{"label": name, "value": name} for name in EXAMPLE_QUERIES]
    first = next(iter(EXAMPLE_QUERIES.values()))
    return html.Div(
        [
            html.Div([
                html.Div([
                    html.Span("Cypher (read-only)", className="ag-section-title-inline"),
                    dcc.Dropdown(id=Ids.QUERY_EXAMPLES, options=examples, placeholder="Example queries…",
                                 clearable=True, className="ag-dropdown ag-examples"),
                    html.Button("Run query", id=Ids.QUERY_RUN, className="ag-button ag-button-primary"),
                ], className="ag-console-bar"),
                dcc.Textarea(id=Ids.QUERY_TEXT, value=first, className="ag-query", spellCheck=False),
                html.Div(id=Ids.QUERY_MESSAGE, className="ag-query-message"),
            ], className="ag-console-editor"),
            html.Div([
                html.Div(id=Ids.QUERY_TABLE, className="ag-query-table"),
                html.Div([
                    html.P("Nodes, relationships and paths in a result are drawn here.", id=Ids.QUERY_GRAPH_BOX,
                           className="ag-muted ag-query-graph-hint"),
                    cyto.Cytoscape(id=Ids.QUERY_GRAPH, elements=[], layout={"name": "cose", "animate": False},
                                   stylesheet=stylesheet(True), style={"width": "100%", "height": "100%"}),
                ], className="ag-query-graph"),
            ], className="ag-console-results"),
        ],
        id=Ids.CONSOLE_PAGE, className="ag-page ag-console ag-page-hidden",
    )  # fmt: skip


def build_layout(store_label: str, relation_types: list[str], read_only: bool, edge_sources: Sequence[str] = ()) -> html.Div:
    """The whole page; the callbacks fill it from the URL."""
    default = ViewState()
    header = html.Header(
        [
            html.Div([html.Span("actor", className="ag-brand-a"), html.Span("graph", className="ag-brand-b")], className="ag-brand"),
            dcc.Tabs(id=Ids.TABS, value="network", className="ag-main-tabs", children=[
                dcc.Tab(label="Network", value="network", className="ag-main-tab", selected_className="ag-main-tab-selected"),
                dcc.Tab(label="Cypher console", value="console", className="ag-main-tab", selected_className="ag-main-tab-selected"),
            ]),
            html.Div(id=Ids.STATS, className="ag-stats"),
            html.Div(store_label + (" · read-only" if read_only else ""), className="ag-store", title="The store this app reads"),
        ],
        className="ag-header",
    )  # fmt: skip
    error = html.Div([html.Span(id=Ids.ERROR_TEXT), html.Button("×", id=Ids.ERROR_CLOSE, className="ag-error-close")],
                     id=Ids.ERROR, className="ag-error", hidden=True)  # fmt: skip
    # shown while the store does not answer; a timer asks every few seconds
    store_banner = html.Div([html.Span(id=Ids.STORE_BANNER_TEXT)], id=Ids.STORE_BANNER, className="ag-store-banner",
                            hidden=True, role="status")  # fmt: skip
    network_page = html.Div(
        [_filters(relation_types, edge_sources), _network(default.edge_labels), _details(read_only), _timeline()],
        id=Ids.NETWORK_PAGE,
        className="ag-page ag-network",
    )
    return html.Div(
        [dcc.Location(id=Ids.URL, refresh=False), dcc.Store(id=Ids.SELECTED), dcc.Store(id=Ids.DATA_VERSION, data=0),
         dcc.Interval(id=Ids.HEALTH_TICK, interval=HEALTH_CHECK_MS),
         header, store_banner, error, html.Div([network_page, _console()], className="ag-pages")],
        id="ag-app", className="ag-app",
    )  # fmt: skip
