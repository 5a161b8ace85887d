"""What the analyst is looking at, as one value that round-trips through the page's URL.

The query string is the single source of truth of a view: every filter and view option is a
parameter, so a view can be bookmarked, shared, and handed to ``actorgraph export --view``.
Lists are repeated parameters (``type=WARNS&type=ATTACKS``), so ids may contain any character.
Which parameters exist, and how each is written, is :data:`~actorgraph.dashboard.fields.VIEW_FIELDS`.

>>> state = state_from_search("?type=WARNS&type=ATTACKS&from=2024-01-01&size=pagerank")
>>> state.graph_filter.relation_types, state.graph_filter.date_from, state.size_by
(['WARNS', 'ATTACKS'], datetime.date(2024, 1, 1), 'pagerank')
>>> state_to_search(state)
'?type=WARNS&type=ATTACKS&from=2024-01-01&size=pagerank'
>>> state_from_search(state_to_search(state)) == state
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from actorgraph.dashboard.fields import (
    DEFAULT_MAX_NODES,
    MAX_FOCUS_HOPS,
    VIEW_FIELDS,
    ColourMode,
    Layout,
    SizeMetric,
    TimelineGroup,
    ViewError,
    ViewField,
)
from actorgraph.graph import GraphFilter

__all__ = [
    "ViewError",
    "ViewState",
    "describe_filter",
    "field_default",
    "field_value",
    "state_from_params",
    "state_from_search",
    "state_leaving_out_errors",
    "state_to_params",
    "state_to_search",
    "state_with",
]


class ViewState(BaseModel):
    """Filters plus how the network is drawn and navigated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    graph_filter: GraphFilter = Field(default_factory=GraphFilter)
    layout: Layout = "auto"
    colour_by: ColourMode = "kind"
    size_by: SizeMetric = "degree"
    max_nodes: int | None = Field(default=DEFAULT_MAX_NODES, ge=1, le=100_000)
    state_level: bool = False
    focus: str | None = None
    hops: int = Field(default=1, ge=1, le=MAX_FOCUS_HOPS)
    path: tuple[str, str] | None = None
    expanded: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    timeline_by: TimelineGroup = "type"
    edge_labels: bool = True

    @model_validator(mode="after")
    def _path_has_two_ends(self) -> ViewState:
        if self.path is not None and self.path[0] == self.path[1]:
            raise ValueError("a path needs two different actors")
        return self

    def with_filter(self, **changes: Any) -> ViewState:
        """A copy with some filter fields changed (validated).

        >>> ViewState().with_filter(min_confidence=0.5).graph_filter.min_confidence
        0.5
        """
        merged = {**self.graph_filter.model_dump(), **changes}
        return self.model_copy(update={"graph_filter": GraphFilter.model_validate(merged)})

    def toggled(self, field: Literal["expanded", "hidden", "pinned"], actor_id: str) -> ViewState:
        """A copy with ``actor_id`` added to, or removed from, one of the actor lists.

        >>> ViewState().toggled("hidden", "RUS").hidden
        ('RUS',)
        >>> ViewState(hidden=("RUS",)).toggled("hidden", "RUS").hidden
        ()
        """
        current: tuple[str, ...] = getattr(self, field)
        changed = tuple(i for i in current if i != actor_id) if actor_id in current else (*current, actor_id)
        return self.model_copy(update={field: changed})


def _check_table() -> None:
    """The table and the two models name the same fields, each once (a field added to one and
    not the other fails as the module loads)."""
    declared = [f.name for f in VIEW_FIELDS]
    modelled = list(GraphFilter.model_fields) + [name for name in ViewState.model_fields if name != "graph_filter"]
    if sorted(declared) != sorted(modelled) or len(set(declared)) != len(declared):
        raise TypeError(f"VIEW_FIELDS and the view's models disagree: {sorted(set(declared) ^ set(modelled))}")
    for entry in VIEW_FIELDS:
        if entry.in_filter != (entry.name in GraphFilter.model_fields):
            raise TypeError(f"VIEW_FIELDS: {entry.name} is {'not ' if entry.in_filter else ''}a filter field")


_check_table()
_BY_PARAM = {f.param: f for f in VIEW_FIELDS}
_PARAM_OF_FIELD = {f.name: f.param for f in VIEW_FIELDS}


def field_value(state: ViewState, entry: ViewField) -> Any:
    """A field's value in a view (on its filter or on the view itself)."""
    return getattr(state.graph_filter if entry.in_filter else state, entry.name)


def field_default(entry: ViewField) -> Any:
    """A field's value in the default view."""
    return _DEFAULTS[entry.name]


def state_with(values: Mapping[str, Any], previous: ViewState | None = None) -> ViewState:
    """``previous`` (the default view) with the given fields, by name, replaced and validated.

    >>> state_with({"min_confidence": 0.5, "hops": 2}).graph_filter.min_confidence
    0.5
    """
    filter_values = {f.name: values[f.name] for f in VIEW_FIELDS if f.in_filter and f.name in values}
    view_values = {f.name: values[f.name] for f in VIEW_FIELDS if not f.in_filter and f.name in values}
    if previous is not None:  # what the given values leave alone stays as it was
        filter_values = {**previous.graph_filter.model_dump(), **filter_values}
        view_values = {**previous.model_dump(exclude={"graph_filter"}), **view_values}
    return ViewState.model_validate({**view_values, "graph_filter": GraphFilter.model_validate(filter_values)})


def state_from_search(search: str | None) -> ViewState:
    """Parse a URL's query string (with or without ``?``, or a whole URL) into a view."""
    text = search or ""
    if "://" in text:
        text = urlsplit(text).query
    params = parse_qs(text.lstrip("?"), keep_blank_values=False)
    return state_from_params(params)


def state_from_params(params: Mapping[str, Sequence[str] | str]) -> ViewState:
    """Build a view from parameter lists (as ``parse_qs`` returns them); :class:`ViewError` if bad.

    >>> state_from_params({"minconf": ["0.7"], "kind": ["state", "igo"]}).graph_filter.kinds
    ['state', 'igo']
    >>> state_from_params({"minconf": ["high"]})
    Traceback (most recent call last):
    ...
    actorgraph.dashboard.fields.ViewError: minconf: 'high' is not a number
    """
    unknown = sorted(set(params) - set(_BY_PARAM))
    if unknown:
        raise ViewError(f"unknown view parameter: {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for entry in VIEW_FIELDS:
        raw = params.get(entry.param)
        if raw is None:
            continue
        items = [raw] if isinstance(raw, str) else [str(r) for r in raw]
        items = [i.strip() for i in items if i.strip()]
        if items:
            values[entry.name] = entry.kind.parse(entry.param, items)
    try:
        return state_with(values)
    except ValidationError as exc:
        raise ViewError(_validation_message(exc, values)) from None


def state_leaving_out_errors(search: str | None) -> tuple[ViewState, list[str]]:
    """Parse a query string as :func:`state_from_search` does, but leave out each parameter that
    cannot be used instead of refusing the whole view; returns the view and one message a
    parameter left out (what a link opened in the app does: the rest of the view stays).

    >>> state, problems = state_leaving_out_errors("?from=2024-13-01&type=WARNS&colour=blue&zoom=2")
    >>> state.graph_filter.relation_types, state.graph_filter.date_from, state.colour_by
    (['WARNS'], None, 'kind')
    >>> for problem in problems:
    ...     print(problem)
    unknown view parameter: zoom
    from: '2024-13-01' is not a date (YYYY-MM-DD)
    colour: 'blue' is not one of kind or community
    """
    text = search or ""
    params = parse_qs((urlsplit(text).query if "://" in text else text).lstrip("?"), keep_blank_values=False)
    problems = [f"unknown view parameter: {name}" for name in sorted(set(params) - set(_BY_PARAM))]
    values: dict[str, Any] = {}
    for entry in VIEW_FIELDS:
        items = [i.strip() for i in params.get(entry.param, []) if i.strip()]
        if items:
            try:
                values[entry.name] = entry.kind.parse(entry.param, items)
            except ViewError as exc:
                problems.append(str(exc))
    while values:  # each pass leaves out a field the models refuse, until they accept the rest
        try:
            return state_with(values), problems
        except ValidationError as exc:
            problems.append(_validation_message(exc, values))
            del values[_refused_field(exc, values)]
    return ViewState(), problems


def _refused_field(exc: ValidationError, values: dict[str, Any]) -> str:
    """The field a validation error is about (for an error across fields, the later one: ``to``)."""
    location = [str(part) for part in exc.errors()[0]["loc"] if not str(part).isdigit()]
    if location and location[-1] in values:
        return location[-1]
    message = exc.errors()[0]["msg"]
    named = [name for name in values if name in message]
    return named[0] if named else next(reversed(values))


def _validation_message(exc: ValidationError, values: Mapping[str, Any]) -> str:
    error = exc.errors()[0]
    location = [str(part) for part in error["loc"] if not str(part).isdigit()]
    field = location[-1] if location and location[-1] in _PARAM_OF_FIELD else None
    message = error["msg"].removeprefix("Value error, ")
    if field is None:
        return message.replace("date_to", "to").replace("date_from", "from")
    if error["type"] == "value_error":
        return f"{_PARAM_OF_FIELD[field]}: {message}"
    value = values.get(field)
    if isinstance(value, list):
        index = next((p for p in error["loc"] if isinstance(p, int)), None)
        value = value[index] if index is not None and index < len(value) else ", ".join(map(str, value))
    return f"{_PARAM_OF_FIELD[field]}: {value!r} {_short(message)}"


def _short(message: str) -> str:
    if message.startswith("Input should be '"):
        return "is not one of " + message.removeprefix("Input should be ").replace("'", "")
    return message.replace("Input should be", "should be")


def state_to_params(state: ViewState) -> list[tuple[str, str]]:
    """The (parameter, value) pairs of a view, leaving out defaults.

    >>> state_to_params(ViewState(focus="RUS", hops=2))
    [('focus', 'RUS'), ('hops', '2')]
    """
    pairs: list[tuple[str, str]] = []
    for entry in VIEW_FIELDS:
        value = field_value(state, entry)
        if value != field_default(entry):
            pairs += [(entry.param, text) for text in entry.kind.encode(value)]
    return pairs


def state_to_search(state: ViewState) -> str:
    """The query string of a view (``""`` for the default view)."""
    pairs = state_to_params(state)
    return "?" + urlencode(pairs) if pairs else ""


def describe_filter(graph_filter: GraphFilter) -> str:
    """One line saying what a filter keeps, for titles and notices.

    >>> describe_filter(GraphFilter(relation_types=["WARNS"], min_confidence=0.5))
    'types WARNS · confidence ≥ 0.5'
    >>> describe_filter(GraphFilter())
    'all relations'
    """
    parts = [
        entry.describe(getattr(graph_filter, entry.name), graph_filter)
        for entry in VIEW_FIELDS
        if entry.in_filter and entry.describe is not None
    ]
    return " · ".join(p for p in parts if p) or "all relations"


_DEFAULT = ViewState()
_DEFAULTS = {entry.name: field_value(_DEFAULT, entry) for entry in VIEW_FIELDS}
