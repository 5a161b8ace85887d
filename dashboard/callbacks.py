"""The app's callbacks: plain functions first (tested and benchmarked as they are), then the
thin Dash wiring in :func:`register_callbacks`.

The URL's query string is the view state. Controls write it (``sync_view``), actions on the
network and the timeline rewrite it, and one render reads it: so back/forward, bookmarks and
shared links all show the same view.

>>> state = apply_action(ViewState(), "hide", "RUS")
>>> state.hidden
('RUS',)
>>> apply_action(state, "show-hidden", None).hidden
()

The store-backed ones, on a two-actor graph:

>>> import tempfile
>>> from actorgraph.graph import Actor, Article, Relation, open_store
>>> store = open_store(tempfile.mkdtemp(), relation_types=["WARNS"])
>>> _ = store.upsert_actors([Actor(id="RUS", name="Russia", kind="state"), Actor(id="USA", name="United States")])
>>> _ = store.upsert_articles([Article(id="a1", title="Kremlin warns", url="https://example.org/a1")])
>>> _ = store.upsert_relations([Relation(id="r1", type="WARNS", source_id="RUS", target_id="USA",
...                                      sentence="Moscow warned Washington.", article_id="a1")])
>>> dashboard = Dashboard(store)
>>> filter_change(dashboard, ViewState()).stats
'2 of 2 actors · 1 of 1 relations'
>>> "Moscow warned Washington." in str(node_click(dashboard, ViewState(), "RUS"))
True
>>> from actorgraph.dashboard.elements import edge_id
>>> "1 mention" in str(edge_click(dashboard, ViewState(), {"id": edge_id("RUS", "USA", "WARNS")}))
True
>>> run_console_query(dashboard, "MATCH (a:Actor) RETURN count(a) AS n").rows
[{'c0': '2'}]
>>> run_console_query(dashboard, "MATCH (a:Actor) DETACH DELETE a").failed
True
>>> [o["value"] for o in actor_options(dashboard, "rus", None)], review_prompt(dashboard, "RUS")[:20]
(['RUS'], 'Mark Russia (RUS) as')
>>> _ = store.upsert_actors([Actor(id="RUS", name="Russia", kind="state", aliases=["Kremlin"])])
>>> actor_options(dashboard, "kreml", None)[0]["search"]
'Russia · state RUS Kremlin'

>>> store.close()
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dash import Dash, Input, Output, State, ctx, html, no_update, set_props
from dash.exceptions import PreventUpdate
from flask import has_request_context, request
from pydantic import ValidationError

from actorgraph.dashboard.console import EXAMPLE_QUERIES, result_elements, result_table, table_columns, table_rows
from actorgraph.dashboard.elements import cytoscape_layout, legend_entries, network_elements, parse_edge_id
from actorgraph.dashboard.fields import control_of, control_slots, controlled
from actorgraph.dashboard.figures import selected_span, timeline_figure
from actorgraph.dashboard.layout import Ids
from actorgraph.dashboard.panels import actor_panel, dyad_panel, edge_panel, legend, notices, view_lists
from actorgraph.dashboard.report import build_briefing, report_html
from actorgraph.dashboard.services import Dashboard
from actorgraph.dashboard.state import (
    ViewError,
    ViewState,
    field_default,
    field_value,
    state_leaving_out_errors,
    state_to_search,
    state_with,
)
from actorgraph.dashboard.style import stylesheet
from actorgraph.graph import GraphStoreError
from actorgraph.graph.records import Correction

__all__ = [
    "ConsoleOutput",
    "RenderedView",
    "actor_options",
    "analyst",
    "apply_action",
    "article_options",
    "controls_from_state",
    "correction_text",
    "dyad_view",
    "edge_click",
    "error_message",
    "expand_node",
    "filter_change",
    "image_request",
    "link_notice",
    "merge_prompt",
    "node_click",
    "register_callbacks",
    "report_download",
    "review_prompt",
    "run_console_query",
    "shortest_path_view",
    "state_from_controls",
    "state_without_actor",
    "store_status",
    "undo_control",
    "undo_prompt",
    "view_from_link",
]

log = logging.getLogger("actorgraph.dashboard")


# -- plain functions ----------------------------------------------------------------------


@dataclass
class RenderedView:
    """Everything one render of the network tab sets."""

    elements: list[dict[str, Any]]
    layout: dict[str, Any]
    stylesheet: list[dict[str, Any]]
    legend: list[Any]
    notice: list[Any]
    stats: str
    timeline: dict[str, Any]
    view_lists: list[Any]


def view_from_link(dashboard: Dashboard, search: str | None) -> tuple[ViewState, list[str]]:
    """The view a link asks for, without what cannot be used (a bad value, an unknown type,
    actor or article), and a message for each thing left out.

    >>> import tempfile
    >>> from actorgraph.graph import open_store
    >>> with open_store(tempfile.mkdtemp()) as store:
    ...     state, left_out = view_from_link(Dashboard(store), "?actor=NOPE&from=2024-13-01&kind=state")
    >>> state.graph_filter.kinds, state.graph_filter.actor_ids, left_out
    (['state'], None, ["from: '2024-13-01' is not a date (YYYY-MM-DD)", 'no actor with id: NOPE'])
    """
    state, problems = state_leaving_out_errors(search)
    state, unknown = dashboard.without_unknown(state)
    return state, problems + unknown


def link_notice(problems: Sequence[str]) -> str | None:
    """One notice for everything a link asked for that the view leaves out.

    >>> link_notice(["no actor with id: NOPE", "from: 'x' is not a date"])
    "Left out of this link: no actor with id: NOPE; from: 'x' is not a date. The rest of the view is shown."
    """
    if not problems:
        return None
    return f"Left out of this link: {'; '.join(problems)}. The rest of the view is shown."


def filter_change(dashboard: Dashboard, state: ViewState, problems: Sequence[str] = ()) -> RenderedView:
    """Render a view: the network (aggregated, capped, cached per filter) and its timeline;
    ``problems`` are what its link asked for and cannot have (one notice above the network).

    Examples of this and the other store-backed callbacks are in the module's docstring.
    """
    view = dashboard.view(state)
    points = dashboard.timeline(state)
    f = state.graph_filter
    listed = set(state.hidden) | set(state.pinned) | set(state.expanded)
    stats = (
        f"{len(view.actors):,} of {view.total_actors:,} actors · {view.shown_relations:,} of {view.total_relations:,} relations"
    )
    return RenderedView(
        elements=network_elements(view),
        layout=cytoscape_layout(view),
        stylesheet=stylesheet(state.edge_labels),
        legend=legend(legend_entries(view), view),
        notice=notices(view, link_notice(problems)),
        stats=stats,
        timeline=timeline_figure(points, state.timeline_by, f.date_from, f.date_to),
        view_lists=view_lists(state, dashboard.actor_names(listed) if listed else {}),
    )


def expand_node(dashboard: Dashboard, state: ViewState, actor_id: str) -> RenderedView:
    """Add an actor's neighbours to the view (or take them away again) and render it."""
    return filter_change(dashboard, apply_action(state, "expand", actor_id))


def shortest_path_view(dashboard: Dashboard, state: ViewState, source_id: str, target_id: str) -> RenderedView:
    """Render the view with the shortest path between two actors drawn in and highlighted."""
    return filter_change(dashboard, state.model_copy(update={"path": (source_id, target_id)}))


def node_click(dashboard: Dashboard, state: ViewState, actor_id: str) -> html.Div:
    """The side panel of a clicked actor, with its evidence."""
    return actor_panel(dashboard.actor_details(actor_id, state))


def edge_click(dashboard: Dashboard, state: ViewState, edge_data: dict[str, Any]) -> html.Div:
    """The side panel of a clicked edge: every mention folded into it."""
    source, target, relation_type = parse_edge_id(str(edge_data.get("id", "")))
    return edge_panel(dashboard.edge_mentions(source, target, relation_type, state))


def dyad_view(dashboard: Dashboard, state: ViewState, a_id: str | None, b_id: str | None) -> Any:
    """The dyad tab for two chosen actors (a hint until both are chosen)."""
    if not a_id or not b_id:
        return html.P("Pick two actors, or click an edge, to see their relations over time.", className="ag-muted")
    return dyad_panel(dashboard.dyad(a_id, b_id, state))


@dataclass
class ConsoleOutput:
    """What running a console query shows: a table, maybe a graph, and one line of message."""

    columns: list[dict[str, str]]
    rows: list[dict[str, str]]
    table: Any
    elements: list[dict[str, Any]]
    message: str
    failed: bool = False


def run_console_query(dashboard: Dashboard, cypher: str) -> ConsoleOutput:
    """Run a read-only query with the configured limits; a refused or broken query is one message."""
    if not cypher or not cypher.strip():
        return ConsoleOutput([], [], None, [], "Type a Cypher query, or pick an example.", failed=True)
    try:
        result = dashboard.query(cypher)
    except GraphStoreError as exc:
        return ConsoleOutput([], [], None, [], str(exc), failed=True)
    count = f"{len(result.rows):,} row{'s' if len(result.rows) != 1 else ''}"
    if result.cut_by == "rows":
        count += f" — only the first {dashboard.query_row_limit:,} are shown (row limit)"
    elif result.cut_by == "bytes":
        count += " — the result is too large to show whole; these are its first rows"
    return ConsoleOutput(table_columns(result), table_rows(result), result_table(result), result_elements(result), count)


def apply_action(state: ViewState, action: str, actor_id: str | None, selected: dict[str, Any] | None = None) -> ViewState:
    """A view after one button press or timeline selection.

    >>> apply_action(ViewState(), "focus", "UKR").focus
    'UKR'
    >>> apply_action(ViewState(), "timeline", None, {"range": {"x": ["2024-01-01", "2024-03-01"]}}).graph_filter.date_to
    datetime.date(2024, 3, 1)
    """
    if action in ("focus", "expand", "hide", "pin") and not actor_id:
        raise ViewError("click an actor first")
    if action == "focus":
        return state.model_copy(update={"focus": actor_id})
    if action in ("expand", "hide", "pin"):
        field = {"expand": "expanded", "hide": "hidden", "pin": "pinned"}[action]
        return state.toggled(field, actor_id)  # type: ignore[arg-type]  # checked above: not None
    if action in ("show-hidden", "unpin-all", "collapse"):
        field = {"show-hidden": "hidden", "unpin-all": "pinned", "collapse": "expanded"}[action]
        return state.model_copy(update={field: ()})
    if action == "reset":
        return ViewState()
    if action == "clear-dates":
        return state.with_filter(date_from=None, date_to=None)
    if action == "timeline":
        span = selected_span(selected)
        return state.with_filter(date_from=span[0], date_to=span[1]) if span else state
    raise ValueError(f"unknown action {action!r}")


def state_without_actor(state: ViewState, actor_id: str) -> ViewState:
    """A view that no longer names an actor (after it was merged away).

    >>> state_without_actor(ViewState(focus="x", pinned=("x", "y")), "x").model_dump(include={"focus", "pinned"})
    {'focus': None, 'pinned': ('y',)}
    """
    f = state.graph_filter
    return state.model_copy(
        update={
            "focus": None if state.focus == actor_id else state.focus,
            "path": None if state.path and actor_id in state.path else state.path,
            "expanded": tuple(i for i in state.expanded if i != actor_id),
            "hidden": tuple(i for i in state.hidden if i != actor_id),
            "pinned": tuple(i for i in state.pinned if i != actor_id),
            "graph_filter": f.model_copy(
                update={"actor_ids": [i for i in f.actor_ids if i != actor_id] or None} if f.actor_ids else {}
            ),
        }
    )


def controls_from_state(state: ViewState) -> dict[str, Any]:
    """Each control's value for a view, by :func:`~actorgraph.dashboard.layout.control_ids`
    (dates as ``start``/``end``).

    >>> controls_from_state(ViewState(hops=2))[Ids.HOPS]
    2
    """
    values: dict[str, Any] = {}
    for entry in controlled():
        keys = control_of(entry.name).keys()
        values.update(zip(keys, entry.kind.to_control(field_value(state, entry)), strict=True))
    return values


def state_from_controls(values: dict[str, Any], previous: ViewState) -> ViewState:
    """The view the controls describe; lists the controls do not show (hidden, pinned…) carry over.

    Empty selections mean "no constraint", so unticking every type shows all types.

    >>> values = controls_from_state(ViewState())
    >>> values[Ids.TYPES] = ["WARNS"]
    >>> state_from_controls(values, ViewState(hidden=("x",))).model_dump(include={"hidden"})
    {'hidden': ('x',)}
    """
    read = {
        entry.name: entry.kind.from_control([values.get(key) for key in control_of(entry.name).keys()], field_default(entry))
        for entry in controlled()
    }
    try:
        return state_with(read, previous)
    except ValidationError as exc:
        message = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise ViewError(message.replace("date_to is before date_from", "the end date is before the start date")) from None


def actor_options(dashboard: Dashboard, text: str | None, selected: Sequence[str] | str | None) -> list[dict[str, str]]:
    """Autocomplete options: the actors already chosen, then those matching the typed text.

    The browser filters options on their ``search`` text as the analyst types, so it holds the
    aliases the store matched ("Kremlin" finds Russia), not only the label.
    """
    chosen = [selected] if isinstance(selected, str) else list(selected or [])
    names = dashboard.actor_names(chosen) if chosen else {}
    options = [{"label": names.get(i, i), "value": i, "search": f"{names.get(i, i)} {i}"} for i in chosen]
    for actor in dashboard.search_actors(text or ""):
        if actor.id not in names:
            label = f"{actor.name} · {actor.kind.replace('_', ' ')}"
            options.append({"label": label, "value": actor.id, "search": " ".join([label, actor.id, *actor.aliases])})
    return options


def article_options(dashboard: Dashboard) -> list[dict[str, str]]:
    """Source filter choices: newest articles first, with date and outlet."""
    options = []
    for a in dashboard.articles():
        prefix = f"{a.published.isoformat()} · " if a.published else ""
        options.append({"label": f"{prefix}{a.title or a.id}", "value": a.id, "search": f"{a.title} {a.source} {a.id}"})
    return options


def image_request(fmt: str) -> dict[str, Any]:
    """What to hand Cytoscape's ``generateImage`` to download the view.

    >>> image_request("svg")["type"], image_request("svg")["action"]
    ('svg', 'download')
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"cannot export {fmt!r} from the browser")
    options: dict[str, Any] = {"full": True, "bg": "#ffffff"}
    if fmt == "png":
        options["scale"] = 2
    return {"type": fmt, "action": "download", "filename": "actorgraph-view", "options": options}


def report_download(dashboard: Dashboard, state: ViewState, link: str | None = None) -> dict[str, Any]:
    """The briefing of the view as a download (what ``actorgraph export --format report`` writes).

    >>> import tempfile
    >>> from actorgraph.graph import open_store
    >>> with open_store(tempfile.mkdtemp()) as store:
    ...     download = report_download(Dashboard(store), ViewState(), "http://127.0.0.1:8050/")
    >>> download["filename"], download["type"], "http://127.0.0.1:8050/" in download["content"]
    ('actorgraph-briefing.html', 'text/html', True)
    """
    page = report_html(build_briefing(dashboard, state, link=link))
    return {"content": page, "filename": "actorgraph-briefing.html", "type": "text/html", "base64": False}


def review_prompt(dashboard: Dashboard, actor_id: str) -> str:
    """The confirmation text before marking an actor (un)reviewed."""
    actor = dashboard.actor(actor_id)
    if actor.reviewed:
        return f"Mark {actor.name} ({actor.id}) as not reviewed?"
    return f"Mark {actor.name} ({actor.id}) as reviewed? Its name, kind and code will no longer be changed by ingestion."


def merge_prompt(dashboard: Dashboard, keep_id: str | None, drop_id: str | None) -> str:
    """The confirmation text before folding a duplicate into an actor."""
    if not keep_id or not drop_id:
        raise ViewError("choose the duplicate to merge first")
    if keep_id == drop_id:
        raise ViewError("an actor cannot be merged into itself")
    keep, drop = dashboard.actor(keep_id), dashboard.actor(drop_id)
    return (
        f"Merge {drop.name} ({drop.id}) into {keep.name} ({keep.id})?\n\n"
        f"Every relation, mention and affiliation of {drop.name} moves to {keep.name}, its names become aliases, "
        f"and {drop.id} is deleted. Undo puts it back as it was."
    )


def correction_text(correction: Correction) -> str:
    """A correction in an analyst's words, with the actors' names as they were before it.

    >>> import datetime as dt
    >>> from actorgraph.graph import Actor
    >>> from actorgraph.graph.records import Correction, StoreBefore
    >>> before = StoreBefore(actors=[Actor(id="IRN", name="Iran"), Actor(id="sai", name="Shahed Aviation Industries")])
    >>> correction_text(Correction(id="c", kind="merge", actor_id="IRN", merged_id="sai", made_by="ana",
    ...                            made_at=dt.datetime(2026, 11, 30, 21, 40), before=before))
    'the merge of Shahed Aviation Industries (sai) into Iran (IRN), made by ana on 2026-11-30 21:40 UTC'
    """
    names = {a.id: a.name for a in correction.before.actors} if correction.before else {}

    def named(actor_id: str | None) -> str:
        return f"{names[actor_id]} ({actor_id})" if actor_id in names else str(actor_id)

    what = {
        "merge": f"the merge of {named(correction.merged_id)} into {named(correction.actor_id)}",
        "rename": f"the renaming of {named(correction.actor_id)} to {correction.name!r}",
        "review": f"marking {named(correction.actor_id)} {'reviewed' if correction.reviewed else 'not reviewed'}",
    }[correction.kind]
    return f"{what}, made by {correction.made_by} on {correction.made_at:%Y-%m-%d %H:%M} UTC"


def undo_prompt(dashboard: Dashboard) -> str:
    """The confirmation text before undoing the last correction."""
    last = dashboard.last_correction()
    if last is None:
        raise ViewError("there is no correction to undo")
    restored = " The merged actor comes back with its relations, mentions and affiliations." if last.kind == "merge" else ""
    return f"Undo {correction_text(last)}?{restored}"


def undo_control(dashboard: Dashboard) -> tuple[bool, str]:
    """Whether the Undo button is off, and its tooltip: what it would undo."""
    if dashboard.read_only:
        return True, "Started with --read-only: corrections are off"
    last = dashboard.last_correction()
    return (True, "No correction to undo") if last is None else (False, f"Undo {correction_text(last)}")


def analyst() -> str | None:
    """Who makes a correction from the app: the user basic auth admitted (None without auth:
    the store then records the user running the app)."""
    auth = request.authorization if has_request_context() else None
    return auth.username if auth is not None and auth.username else None


def store_status(dashboard: Dashboard, banner_shown: bool) -> tuple[bool, str, int | None]:
    """The store banner after one health tick: (hidden, text, new data version or None).

    When the store answers again after an outage, cached views are dropped and a new data
    version makes the page draw everything afresh.

    >>> import tempfile
    >>> from actorgraph.graph import open_store
    >>> with open_store(tempfile.mkdtemp()) as store:
    ...     store_status(Dashboard(store), banner_shown=False)
    (True, '', None)
    """
    message = dashboard.health.check()
    if message:
        return False, f"The store is not answering ({message}). The app recovers by itself when it is back.", None
    if banner_shown:
        dashboard.invalidate()
        return True, "", dashboard.generation
    return True, "", None


def error_message(exc: Exception) -> str:
    """One line for the error banner: the project's own errors as they are, others by kind only.

    >>> error_message(ViewError("from: 'x' is not a date"))
    "from: 'x' is not a date"
    >>> error_message(KeyError("boom"))
    'Something went wrong (KeyError); the details are in the server log.'
    """
    if isinstance(exc, (GraphStoreError, ViewError)):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"Something went wrong ({type(exc).__name__}); the details are in the server log."


# -- Dash wiring --------------------------------------------------------------------------


def show_error(exc: Exception) -> None:
    """The app's ``on_error``: log the traceback on the server, show one line in the page."""
    if isinstance(exc, (GraphStoreError, ViewError)):
        log.info("callback refused: %s", exc)
    else:
        log.exception("callback failed", exc_info=exc)
    set_props(Ids.ERROR, {"hidden": False})
    set_props(Ids.ERROR_TEXT, {"children": error_message(exc)})


def _state(dashboard: Dashboard, search: str | None) -> ViewState:
    return view_from_link(dashboard, search)[0]


def register_callbacks(app: Dash, dashboard: Dashboard) -> None:
    """Wire the plain functions above to the page's components.

    Every callback reads the view from the page's link as :func:`view_from_link` does: what
    cannot be used is left out (and said once, above the network), the rest is kept.
    """
    _register_view(app, dashboard)
    _register_selection(app, dashboard)
    _register_actions(app, dashboard)
    _register_corrections(app, dashboard)
    _register_console(app, dashboard)
    _register_misc(app, dashboard)


def _register_view(app: Dash, dashboard: Dashboard) -> None:
    slots = control_slots()
    keys = [key for _component, _prop, key in slots]
    # actor searches get their options from the store: the chosen actors, named
    actor_dropdowns = [
        component
        for entry in controlled()
        if control_of(entry.name).widget == "actors"
        for component, _ in control_of(entry.name).slots
    ]

    @app.callback(
        Output(Ids.URL, "search"),
        *[Output(component, prop) for component, prop, _key in slots],
        *[Output(d, "options") for d in actor_dropdowns],
        Input(Ids.URL, "search"),
        *[Input(component, prop) for component, prop, _key in slots],
    )
    def sync_view(search: str | None, *values: Any) -> tuple:
        if ctx.triggered_id in (None, Ids.URL):
            wanted = controls_from_state(_state(dashboard, search))
            options = [actor_options(dashboard, None, wanted[d]) for d in actor_dropdowns]
            return (no_update, *[wanted[key] for key in keys], *options)
        state = state_from_controls(dict(zip(keys, values, strict=True)), _state(dashboard, search))
        new_search = state_to_search(state)
        unchanged = [no_update] * (len(slots) + len(actor_dropdowns))
        return (new_search if new_search != (search or "") else no_update, *unchanged)

    @app.callback(
        Output(Ids.NETWORK, "elements"),
        Output(Ids.NETWORK, "layout"),
        Output(Ids.NETWORK, "stylesheet"),
        Output(Ids.LEGEND, "children"),
        Output(Ids.NOTICE, "children"),
        Output(Ids.STATS, "children"),
        Output(Ids.TIMELINE, "figure"),
        Output(Ids.VIEW_LISTS, "children"),
        Input(Ids.URL, "search"),
        Input(Ids.DATA_VERSION, "data"),
    )
    def render(search: str | None, _version: int) -> tuple:
        r = filter_change(dashboard, *view_from_link(dashboard, search))
        return r.elements, r.layout, r.stylesheet, r.legend, r.notice, r.stats, r.timeline, r.view_lists

    for dropdown in [*actor_dropdowns, Ids.MERGE_DROP, Ids.DYAD_A, Ids.DYAD_B]:
        _register_autocomplete(app, dashboard, dropdown)


def _register_autocomplete(app: Dash, dashboard: Dashboard, dropdown: str) -> None:
    @app.callback(
        Output(dropdown, "options", allow_duplicate=True),
        Input(dropdown, "search_value"),
        State(dropdown, "value"),
        prevent_initial_call=True,
    )
    def autocomplete(text: str | None, value: Any) -> list[dict[str, str]]:
        if not text:
            raise PreventUpdate
        return actor_options(dashboard, text, value)


def _register_selection(app: Dash, dashboard: Dashboard) -> None:
    @app.callback(
        Output(Ids.DETAILS, "children"),
        Output(Ids.SELECTED, "data"),
        Output(Ids.NODE_ACTIONS, "hidden"),
        Output(Ids.SIDE_TABS, "value"),
        Output(Ids.DYAD_A, "value"),
        Output(Ids.DYAD_B, "value"),
        Output(Ids.DYAD_A, "options"),
        Output(Ids.DYAD_B, "options"),
        Input(Ids.NETWORK, "tapNodeData"),
        Input(Ids.NETWORK, "tapEdgeData"),
        State(Ids.URL, "search"),
        prevent_initial_call=True,
    )
    def on_tap(node: dict | None, edge: dict | None, search: str | None) -> tuple:
        state = _state(dashboard, search)
        if ctx.triggered_prop_ids and f"{Ids.NETWORK}.tapEdgeData" in ctx.triggered_prop_ids and edge:
            a, b = str(edge["source"]), str(edge["target"])
            options = actor_options(dashboard, None, [a, b])
            return edge_click(dashboard, state, edge), None, True, "details", a, b, options, options
        if not node:
            raise PreventUpdate
        actor_id = str(node["id"])
        return node_click(dashboard, state, actor_id), actor_id, False, "details", no_update, no_update, no_update, no_update

    @app.callback(
        Output(Ids.ACT_PIN, "children"),
        Output(Ids.ACT_EXPAND, "children"),
        Output(Ids.ACT_HIDE, "children"),
        Output(Ids.ACT_REVIEW, "children"),
        Input(Ids.SELECTED, "data"),
        Input(Ids.URL, "search"),
        Input(Ids.DATA_VERSION, "data"),
    )
    def action_labels(actor_id: str | None, search: str | None, _version: int) -> tuple:
        if not actor_id:
            raise PreventUpdate
        state = _state(dashboard, search)
        reviewed = dashboard.is_reviewed(actor_id)
        return (
            "Unpin" if actor_id in state.pinned else "Pin",
            "Collapse" if actor_id in state.expanded else "Expand",
            "Show" if actor_id in state.hidden else "Hide",
            "Mark unreviewed" if reviewed else "Mark reviewed",
        )

    @app.callback(
        Output(Ids.DYAD, "children"),
        Input(Ids.DYAD_A, "value"),
        Input(Ids.DYAD_B, "value"),
        Input(Ids.URL, "search"),
        Input(Ids.DATA_VERSION, "data"),
    )
    def dyad(a: str | None, b: str | None, search: str | None, _version: int) -> Any:
        return dyad_view(dashboard, _state(dashboard, search), a, b)


_ACTION_BUTTONS = {
    Ids.ACT_FOCUS: "focus", Ids.ACT_EXPAND: "expand", Ids.ACT_HIDE: "hide", Ids.ACT_PIN: "pin",
    Ids.SHOW_HIDDEN: "show-hidden", Ids.UNPIN_ALL: "unpin-all", Ids.COLLAPSE: "collapse", Ids.RESET: "reset",
    Ids.CLEAR_DATES: "clear-dates",
}  # fmt: skip


def _register_actions(app: Dash, dashboard: Dashboard) -> None:
    @app.callback(
        Output(Ids.URL, "search", allow_duplicate=True),
        *[Input(b, "n_clicks") for b in _ACTION_BUTTONS],
        Input(Ids.TIMELINE, "selectedData"),
        State(Ids.SELECTED, "data"),
        State(Ids.URL, "search"),
        prevent_initial_call=True,
    )
    def act(*args: Any) -> str:
        *_clicks, selected, actor_id, search = args
        trigger = ctx.triggered_id
        action = "timeline" if trigger == Ids.TIMELINE else _ACTION_BUTTONS.get(str(trigger))
        if action is None or (action == "timeline" and not selected):
            raise PreventUpdate
        state = apply_action(_state(dashboard, search), action, actor_id, selected)
        return state_to_search(state)

    @app.callback(
        Output(Ids.PATH_FROM, "value", allow_duplicate=True),
        Output(Ids.PATH_TO, "value", allow_duplicate=True),
        Output(Ids.PATH_FROM, "options", allow_duplicate=True),
        Output(Ids.PATH_TO, "options", allow_duplicate=True),
        Input(Ids.ACT_PATH_FROM, "n_clicks"),
        Input(Ids.ACT_PATH_TO, "n_clicks"),
        State(Ids.SELECTED, "data"),
        State(Ids.PATH_FROM, "value"),
        State(Ids.PATH_TO, "value"),
        prevent_initial_call=True,
    )
    def path_end(_from: Any, _to: Any, actor_id: str | None, current_from: str | None, current_to: str | None) -> tuple:
        if not actor_id:
            raise ViewError("click an actor first")
        source, target = (actor_id, current_to) if ctx.triggered_id == Ids.ACT_PATH_FROM else (current_from, actor_id)
        return (source, target, actor_options(dashboard, None, source), actor_options(dashboard, None, target))


def _register_corrections(app: Dash, dashboard: Dashboard) -> None:
    @app.callback(
        Output(Ids.CONFIRM_REVIEW, "message"),
        Output(Ids.CONFIRM_REVIEW, "displayed"),
        Input(Ids.ACT_REVIEW, "n_clicks"),
        State(Ids.SELECTED, "data"),
        prevent_initial_call=True,
    )
    def ask_review(_clicks: Any, actor_id: str | None) -> tuple:
        if not actor_id:
            raise ViewError("click an actor first")
        return review_prompt(dashboard, actor_id), True

    @app.callback(
        Output(Ids.DATA_VERSION, "data"),
        Output(Ids.DETAILS, "children", allow_duplicate=True),
        Input(Ids.CONFIRM_REVIEW, "submit_n_clicks"),
        State(Ids.SELECTED, "data"),
        State(Ids.URL, "search"),
        prevent_initial_call=True,
    )
    def do_review(_clicks: Any, actor_id: str | None, search: str | None) -> tuple:
        if not actor_id:
            raise PreventUpdate
        dashboard.toggle_reviewed(actor_id, made_by=analyst())
        return dashboard.generation, node_click(dashboard, _state(dashboard, search), actor_id)

    @app.callback(
        Output(Ids.CONFIRM_MERGE, "message"),
        Output(Ids.CONFIRM_MERGE, "displayed"),
        Input(Ids.ACT_MERGE, "n_clicks"),
        State(Ids.SELECTED, "data"),
        State(Ids.MERGE_DROP, "value"),
        prevent_initial_call=True,
    )
    def ask_merge(_clicks: Any, keep_id: str | None, drop_id: str | None) -> tuple:
        return merge_prompt(dashboard, keep_id, drop_id), True

    @app.callback(
        Output(Ids.DATA_VERSION, "data", allow_duplicate=True),
        Output(Ids.DETAILS, "children", allow_duplicate=True),
        Output(Ids.URL, "search", allow_duplicate=True),
        Output(Ids.MERGE_DROP, "value"),
        Input(Ids.CONFIRM_MERGE, "submit_n_clicks"),
        State(Ids.SELECTED, "data"),
        State(Ids.MERGE_DROP, "value"),
        State(Ids.URL, "search"),
        prevent_initial_call=True,
    )
    def do_merge(_clicks: Any, keep_id: str | None, drop_id: str | None, search: str | None) -> tuple:
        if not keep_id or not drop_id:
            raise PreventUpdate
        dashboard.merge_actors(keep_id, drop_id, made_by=analyst())
        state = state_without_actor(_state(dashboard, search), drop_id)
        new_search = state_to_search(state)
        return (
            dashboard.generation,
            node_click(dashboard, state, keep_id),
            new_search if new_search != (search or "") else no_update,
            None,
        )

    _register_undo_and_rename(app, dashboard)


def _register_undo_and_rename(app: Dash, dashboard: Dashboard) -> None:
    @app.callback(
        Output(Ids.ACT_UNDO, "disabled"),
        Output(Ids.ACT_UNDO, "title"),
        Input(Ids.DATA_VERSION, "data"),
        Input(Ids.SELECTED, "data"),
    )
    def undo_state(_version: int, _actor_id: str | None) -> tuple[bool, str]:
        return undo_control(dashboard)

    @app.callback(
        Output(Ids.CONFIRM_UNDO, "message"),
        Output(Ids.CONFIRM_UNDO, "displayed"),
        Input(Ids.ACT_UNDO, "n_clicks"),
        prevent_initial_call=True,
    )
    def ask_undo(_clicks: Any) -> tuple:
        return undo_prompt(dashboard), True

    @app.callback(
        Output(Ids.DATA_VERSION, "data", allow_duplicate=True),
        Output(Ids.DETAILS, "children", allow_duplicate=True),
        Input(Ids.CONFIRM_UNDO, "submit_n_clicks"),
        State(Ids.SELECTED, "data"),
        State(Ids.URL, "search"),
        prevent_initial_call=True,
    )
    def do_undo(_clicks: Any, actor_id: str | None, search: str | None) -> tuple:
        dashboard.undo_last_correction(made_by=analyst())
        still_there = bool(actor_id) and bool(dashboard.actor_names([str(actor_id)]))
        details = node_click(dashboard, _state(dashboard, search), str(actor_id)) if still_there else no_update
        return dashboard.generation, details

    @app.callback(
        Output(Ids.DATA_VERSION, "data", allow_duplicate=True),
        Output(Ids.DETAILS, "children", allow_duplicate=True),
        Output(Ids.RENAME_TEXT, "value"),
        Input(Ids.ACT_RENAME, "n_clicks"),
        Input(Ids.RENAME_TEXT, "n_submit"),
        State(Ids.SELECTED, "data"),
        State(Ids.RENAME_TEXT, "value"),
        State(Ids.URL, "search"),
        prevent_initial_call=True,
    )
    def do_rename(_clicks: Any, _submits: Any, actor_id: str | None, name: str | None, search: str | None) -> tuple:
        if not actor_id:
            raise ViewError("click an actor first")
        if not name or not name.strip():
            raise ViewError("type the actor's new name first")
        dashboard.rename_actor(actor_id, name, made_by=analyst())
        return dashboard.generation, node_click(dashboard, _state(dashboard, search), actor_id), ""


def _register_console(app: Dash, dashboard: Dashboard) -> None:
    @app.callback(Output(Ids.QUERY_TEXT, "value"), Input(Ids.QUERY_EXAMPLES, "value"), prevent_initial_call=True)
    def pick_example(name: str | None) -> str:
        if not name or name not in EXAMPLE_QUERIES:
            raise PreventUpdate
        return EXAMPLE_QUERIES[name]

    @app.callback(
        Output(Ids.QUERY_TABLE, "children"),
        Output(Ids.QUERY_GRAPH, "elements"),
        Output(Ids.QUERY_GRAPH, "layout"),
        Output(Ids.QUERY_GRAPH_BOX, "hidden"),
        Output(Ids.QUERY_MESSAGE, "children"),
        Output(Ids.QUERY_MESSAGE, "className"),
        Input(Ids.QUERY_RUN, "n_clicks"),
        State(Ids.QUERY_TEXT, "value"),
        prevent_initial_call=True,
    )
    def run(_clicks: Any, cypher: str | None) -> tuple:
        out = run_console_query(dashboard, cypher or "")
        css = "ag-query-message ag-query-error" if out.failed else "ag-query-message"
        # a fresh layout dict makes Cytoscape lay the new elements out (and fit them)
        layout = {"name": "cose", "animate": False, "fit": True, "padding": 24, "randomize": True, "run": _clicks}
        return out.table, out.elements, layout, bool(out.elements), out.message, css


def _register_misc(app: Dash, dashboard: Dashboard) -> None:
    @app.callback(
        Output(Ids.NETWORK, "generateImage"),
        Input(Ids.EXPORT_PNG, "n_clicks"),
        Input(Ids.EXPORT_SVG, "n_clicks"),
        prevent_initial_call=True,
    )
    def export_image(_png: Any, _svg: Any) -> dict[str, Any]:
        return image_request("svg" if ctx.triggered_id == Ids.EXPORT_SVG else "png")

    @app.callback(
        Output(Ids.REPORT_DOWNLOAD, "data"),
        Input(Ids.EXPORT_REPORT, "n_clicks"),
        State(Ids.URL, "href"),
        State(Ids.URL, "search"),
        prevent_initial_call=True,
    )
    def export_report(_clicks: Any, href: str | None, search: str | None) -> dict[str, Any]:
        return report_download(dashboard, _state(dashboard, search), href)

    @app.callback(
        Output(Ids.NETWORK_PAGE, "className"),
        Output(Ids.CONSOLE_PAGE, "className"),
        Input(Ids.TABS, "value"),
    )
    def switch_page(tab: str) -> tuple[str, str]:
        hidden = " ag-page-hidden"
        return (
            "ag-page ag-network" + (hidden if tab == "console" else ""),
            "ag-page ag-console" + ("" if tab == "console" else hidden),
        )

    @app.callback(Output(Ids.ERROR, "hidden"), Input(Ids.ERROR_CLOSE, "n_clicks"), prevent_initial_call=True)
    def close_error(_clicks: Any) -> bool:
        return True

    @app.callback(
        Output(Ids.STORE_BANNER, "hidden"),
        Output(Ids.STORE_BANNER_TEXT, "children"),
        Output(Ids.DATA_VERSION, "data", allow_duplicate=True),
        Input(Ids.HEALTH_TICK, "n_intervals"),
        State(Ids.STORE_BANNER, "hidden"),
        prevent_initial_call=True,
    )
    def store_health(_ticks: Any, hidden: bool | None) -> tuple:
        hide, text, version = store_status(dashboard, banner_shown=hidden is False)
        if hide and hidden is not False:
            raise PreventUpdate  # nothing changed: spare the page an update every tick
        return hide, text, no_update if version is None else version

    @app.callback(Output(Ids.ARTICLES, "options"), Input(Ids.DATA_VERSION, "data"))
    def articles(_version: int) -> list[dict[str, str]]:
        return article_options(dashboard)

    # the network's own buttons act in the browser (assets/network.js): a fit with capped zoom and
    # scaled padding; forgetting where the analyst dragged this view's actors
    for button, call in ((Ids.FIT, "fit(cy, true)"), (Ids.RESET_POSITIONS, "resetPositions(cy)")):
        app.clientside_callback(
            f"""function(n) {{
                const cy = window.actorgraphNetwork.cyOf(document.getElementById('{Ids.NETWORK}'));
                if (cy) {{ window.actorgraphNetwork.{call}; }}
                return window.dash_clientside.no_update;
            }}""",
            Output(button, "title"),
            Input(button, "n_clicks"),
            prevent_initial_call=True,
        )
