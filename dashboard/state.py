"""What the analyst is looking at, as one value that round-trips through the page's URL.

The query string is the single source of truth of a view: every filter and view option is a
parameter, so a view can be bookmarked, shared, and handed to ``actorgraph export --view``.
Lists are repeated parameters (``type=WARNS&type=ATTACKS``), so ids may contain any character.

>>> state = state_from_search("?type=WARNS&type=ATTACKS&from=2024-01-01&size=pagerank")
>>> state.graph_filter.relation_types, state.graph_filter.date_from, state.size_by
(['WARNS', 'ATTACKS'], datetime.date(2024, 1, 1), 'pagerank')
>>> state_to_search(state)
'?type=WARNS&type=ATTACKS&from=2024-01-01&size=pagerank'
>>> state_from_search(state_to_search(state)) == state
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from actorgraph.graph import GraphFilter

__all__ = [
    "COLOUR_MODES",
    "DEFAULT_MAX_NODES",
    "LAYOUTS",
    "SIZE_METRICS",
    "TIMELINE_GROUPS",
    "ViewError",
    "ViewState",
    "describe_filter",
    "state_from_params",
    "state_from_search",
    "state_to_params",
    "state_to_search",
]

LAYOUTS = ("auto", "fcose", "cose", "concentric", "breadthfirst", "circle", "preset")
SIZE_METRICS = ("degree", "pagerank", "betweenness")
COLOUR_MODES = ("kind", "community")
TIMELINE_GROUPS = ("type", "quad_class")
DEFAULT_MAX_NODES = 150
MAX_HOPS = 3

# URL parameter -> (GraphFilter field or None for a view option, the ViewState field, is a list)
_FILTER_PARAMS = {
    "type": "relation_types",
    "kind": "kinds",
    "from": "date_from",
    "to": "date_to",
    "modality": "modalities",
    "minconf": "min_confidence",
    "article": "article_ids",
    "reviewed": "reviewed_only",
    "actor": "actor_ids",
    "source": "extractors",
}
_VIEW_PARAMS = {
    "layout": "layout",
    "colour": "colour_by",
    "size": "size_by",
    "max": "max_nodes",
    "focus": "focus",
    "hops": "hops",
    "path": "path",
    "expand": "expanded",
    "hide": "hidden",
    "pin": "pinned",
    "timeline": "timeline_by",
    "labels": "edge_labels",
}
_LIST_FIELDS = {"relation_types", "kinds", "modalities", "article_ids", "actor_ids", "extractors", "path", "expanded", "hidden",
                "pinned"}  # fmt: skip
_BOOL_FIELDS = {"reviewed_only", "edge_labels"}
_PARAM_OF_FIELD = {field: param for param, field in {**_FILTER_PARAMS, **_VIEW_PARAMS}.items()}


class ViewError(ValueError):
    """A view parameter has a value that cannot be used; the message names the parameter."""


class ViewState(BaseModel):
    """Filters plus how the network is drawn and navigated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    graph_filter: GraphFilter = Field(default_factory=GraphFilter)
    layout: Literal["auto", "fcose", "cose", "concentric", "breadthfirst", "circle", "preset"] = "auto"
    colour_by: Literal["kind", "community"] = "kind"
    size_by: Literal["degree", "pagerank", "betweenness"] = "degree"
    max_nodes: int | None = Field(default=DEFAULT_MAX_NODES, ge=1, le=100_000)
    focus: str | None = None
    hops: int = Field(default=1, ge=1, le=MAX_HOPS)
    path: tuple[str, str] | None = None
    expanded: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    timeline_by: Literal["type", "quad_class"] = "type"
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
    actorgraph.dashboard.state.ViewError: minconf: 'high' is not a number
    """
    unknown = sorted(set(params) - set(_FILTER_PARAMS) - set(_VIEW_PARAMS))
    if unknown:
        raise ViewError(f"unknown view parameter: {', '.join(unknown)}")
    filter_values = _field_values(params, _FILTER_PARAMS)
    view_values = _field_values(params, _VIEW_PARAMS)
    try:
        graph_filter = GraphFilter.model_validate(filter_values)
        return ViewState.model_validate({**view_values, "graph_filter": graph_filter})
    except ValidationError as exc:
        raise ViewError(_validation_message(exc, {**filter_values, **view_values})) from None


def _field_values(params: Mapping[str, Sequence[str] | str], names: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for param, field in names.items():
        raw = params.get(param)
        if raw is None:
            continue
        items = [raw] if isinstance(raw, str) else [str(r) for r in raw]
        items = [i.strip() for i in items if i.strip()]
        if items:
            values[field] = _convert(param, field, items)
    return values


def _convert(param: str, field: str, items: list[str]) -> Any:
    if field == "path":
        if len(items) != 2:
            raise ViewError("path: give two actors (path=A&path=B)")
        return items
    if field in _LIST_FIELDS:
        return list(dict.fromkeys(items))
    if len(items) > 1:
        raise ViewError(f"{param}: give one value, not {len(items)}")
    (text,) = items
    if field in _BOOL_FIELDS:
        if text.lower() not in ("1", "0", "true", "false", "yes", "no"):
            raise ViewError(f"{param}: {text!r} is not 1 or 0")
        return text.lower() in ("1", "true", "yes")
    if field in ("date_from", "date_to"):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ViewError(f"{param}: {text!r} is not a date (YYYY-MM-DD)") from None
    if field in ("min_confidence", "max_nodes", "hops"):
        return _number(param, text, integer=field != "min_confidence")
    return text


def _number(param: str, text: str, integer: bool) -> float | int | None:
    if param == "max" and text.lower() in ("all", "0"):
        return None  # no cap
    try:
        return int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise ViewError(f"{param}: {text!r} is not {kind}") from None


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
    default = ViewState()
    pairs: list[tuple[str, str]] = []
    for param, field in _FILTER_PARAMS.items():
        pairs += _encode(param, getattr(state.graph_filter, field), getattr(default.graph_filter, field))
    for param, field in _VIEW_PARAMS.items():
        pairs += _encode(param, getattr(state, field), getattr(default, field))
    return pairs


def _encode(param: str, value: Any, default: Any) -> list[tuple[str, str]]:
    if value == default:
        return []
    if value is None:
        return [(param, "all")] if param == "max" else []
    if isinstance(value, (list, tuple)):
        return [(param, str(v)) for v in value]
    if isinstance(value, bool):
        return [(param, "1" if value else "0")]
    if isinstance(value, float):
        return [(param, f"{value:g}")]
    return [(param, value.isoformat() if isinstance(value, dt.date) else str(value))]


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
    f = graph_filter
    parts = []
    if f.relation_types is not None:
        parts.append("types " + ", ".join(f.relation_types) if f.relation_types else "no types")
    if f.kinds:
        parts.append("kinds " + ", ".join(f.kinds))
    if f.date_from or f.date_to:
        parts.append(f"{f.date_from or '…'} – {f.date_to or '…'}")
    if f.modalities:
        parts.append("modality " + ", ".join(f.modalities))
    if f.min_confidence is not None:
        parts.append(f"confidence ≥ {f.min_confidence:g}")
    if f.article_ids:
        parts.append(f"{len(f.article_ids)} article{'s' if len(f.article_ids) != 1 else ''}")
    if f.reviewed_only:
        parts.append("reviewed actors only")
    if f.actor_ids:
        parts.append("touching " + ", ".join(f.actor_ids))
    if f.extractors:
        parts.append("from " + ", ".join(f.extractors))
    return " · ".join(parts) if parts else "all relations"
