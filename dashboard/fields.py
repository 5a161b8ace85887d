"""The view's vocabulary, declared once: every filter and view option, with its URL parameter,
its ``actorgraph export`` flag, its control on the page and how a view's description names it.

Everything that lists the fields of a view is derived from :data:`VIEW_FIELDS`: the URL codec
and the description (:mod:`actorgraph.dashboard.state`), the controls (``layout.py``) and their
values (``callbacks.py``), and the export flags (``actorgraph/commands/app.py``). Adding a
field is one entry here, the field on :class:`~actorgraph.graph.GraphFilter` or
:class:`~actorgraph.dashboard.state.ViewState`, and (for a filter) its Cypher fragment in
``graph/queries.py``; ``state.py`` refuses to load while the table and the models disagree.

Dash-free: the command line imports it.

>>> field("min_confidence").param, field("min_confidence").flag
('minconf', '--min-confidence')
>>> field("max_nodes").kind.parse("max", ["all"]) is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from actorgraph.graph.records import ACTOR_KINDS, MODALITIES

__all__ = [
    "COLOUR_MODES",
    "DEFAULT_MAX_NODES",
    "LAYOUTS",
    "MAX_FOCUS_HOPS",
    "SIZE_METRICS",
    "TIMELINE_GROUPS",
    "VIEW_FIELDS",
    "Cap",
    "ColourMode",
    "Control",
    "Day",
    "Layout",
    "Many",
    "Number",
    "Pair",
    "SizeMetric",
    "Switch",
    "Text",
    "TimelineGroup",
    "ValueKind",
    "ViewError",
    "ViewField",
    "control_of",
    "control_slots",
    "controlled",
    "field",
    "flagged",
]

Layout = Literal["auto", "fcose", "cose", "concentric", "breadthfirst", "circle", "preset"]
ColourMode = Literal["kind", "community"]
SizeMetric = Literal["degree", "pagerank", "betweenness"]
TimelineGroup = Literal["type", "quad_class"]
LAYOUTS: tuple[str, ...] = get_args(Layout)
COLOUR_MODES: tuple[str, ...] = get_args(ColourMode)
SIZE_METRICS: tuple[str, ...] = get_args(SizeMetric)
TIMELINE_GROUPS: tuple[str, ...] = get_args(TimelineGroup)
DEFAULT_MAX_NODES = 150
# The app's focus neighbourhood (computed on the cached view, not by the store, whose own
# limit is graph.store.MAX_HOPS): beyond three hops it is most of the graph in practice.
MAX_FOCUS_HOPS = 3


class ViewError(ValueError):
    """A view parameter has a value that cannot be used; the message names the parameter."""


# -- how a value is written: in a URL, on the command line, in a control -------------------


class ValueKind:
    """Text in a URL or on the command line to a value and back, and a value to its control's.

    ``parse`` gets the parameter's non-blank values and raises :class:`ViewError` naming
    ``param``; ``to_control`` gives one value for each of the control's slots and
    ``from_control`` reads them back, an empty control meaning ``default``.
    """

    many = False  # repeated parameters (type=A&type=B), several flags or comma-separated values

    def parse(self, param: str, items: list[str]) -> Any:
        return self._one(param, items)

    def encode(self, value: Any) -> list[str]:
        return [] if value is None else [str(value)]

    def to_control(self, value: Any) -> tuple[Any, ...]:
        return (value,)

    def from_control(self, values: Sequence[Any], default: Any) -> Any:
        return values[0] if values[0] not in (None, "", []) else default

    @staticmethod
    def _one(param: str, items: list[str]) -> str:
        if len(items) > 1:
            raise ViewError(f"{param}: give one value, not {len(items)}")
        return items[0]


class Text(ValueKind):
    """An id or a name from a fixed list (the model checks which)."""


class Many(ValueKind):
    """A list: repeated in a URL, a multi-select control; empty means no constraint."""

    many = True

    def parse(self, param: str, items: list[str]) -> Any:
        return list(dict.fromkeys(items))

    def encode(self, value: Any) -> list[str]:
        return [str(v) for v in value or ()]

    def to_control(self, value: Any) -> tuple[Any, ...]:
        return (list(value or []),)

    def from_control(self, values: Sequence[Any], default: Any) -> Any:
        return list(values[0]) if values[0] else default


class Day(ValueKind):
    """A calendar date, ``YYYY-MM-DD`` everywhere."""

    def parse(self, param: str, items: list[str]) -> Any:
        text = self._one(param, items)
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ViewError(f"{param}: {text!r} is not a date (YYYY-MM-DD)") from None

    def encode(self, value: Any) -> list[str]:
        return [] if value is None else [value.isoformat()]

    def to_control(self, value: Any) -> tuple[Any, ...]:
        return (value.isoformat() if value else None,)

    def from_control(self, values: Sequence[Any], default: Any) -> Any:
        return dt.date.fromisoformat(str(values[0])[:10]) if values[0] else default


class Number(ValueKind):
    """A whole number, or a fraction (where a control's zero means no constraint)."""

    def __init__(self, integer: bool):
        self.integer = integer

    def parse(self, param: str, items: list[str]) -> Any:
        text = self._one(param, items)
        try:
            return int(text) if self.integer else float(text)
        except ValueError:
            raise ViewError(f"{param}: {text!r} is not {'a whole number' if self.integer else 'a number'}") from None

    def encode(self, value: Any) -> list[str]:
        return [] if value is None else [f"{value:g}" if isinstance(value, float) else str(value)]

    def to_control(self, value: Any) -> tuple[Any, ...]:
        return (value if self.integer else value or 0,)

    def from_control(self, values: Sequence[Any], default: Any) -> Any:
        if self.integer:
            return int(values[0] or default)
        return values[0] or default


class Cap(Number):
    """A most-shown count, or ``all`` (``None``): the word ``all`` in a control too.

    >>> Cap().to_control(None), Cap().from_control(["all"], 150), Cap().from_control([" 40 "], 150)
    (('all',), None, 40)
    """

    def __init__(self) -> None:
        super().__init__(integer=True)

    def parse(self, param: str, items: list[str]) -> Any:
        text = self._one(param, items)
        return None if text.lower() in ("all", "0") else super().parse(param, [text])

    def encode(self, value: Any) -> list[str]:
        return ["all"] if value is None else [str(value)]

    def to_control(self, value: Any) -> tuple[Any, ...]:
        return ("all" if value is None else value,)

    def from_control(self, values: Sequence[Any], default: Any) -> Any:
        text = "" if values[0] is None else str(values[0]).strip()
        return self.parse("most actors shown", [text]) if text else default


class Switch(ValueKind):
    """On or off: 1/0 in a URL, a flag on the command line, a ticked box."""

    def parse(self, param: str, items: list[str]) -> Any:
        text = self._one(param, items).lower()
        if text not in ("1", "0", "true", "false", "yes", "no"):
            raise ViewError(f"{param}: {text!r} is not 1 or 0")
        return text in ("1", "true", "yes")

    def encode(self, value: Any) -> list[str]:
        return ["1" if value else "0"]

    def to_control(self, value: Any) -> tuple[Any, ...]:
        return (["yes"] if value else [],)

    def from_control(self, values: Sequence[Any], default: Any) -> Any:
        return bool(values[0])


class Pair(ValueKind):
    """Two different ids (a path's ends): the parameter twice, two controls."""

    many = True

    def parse(self, param: str, items: list[str]) -> Any:
        if len(items) != 2:
            raise ViewError(f"{param}: give two actors ({param}=A&{param}=B)")
        return items

    def encode(self, value: Any) -> list[str]:
        return [] if value is None else [str(v) for v in value]

    def to_control(self, value: Any) -> tuple[Any, ...]:
        return tuple(value) if value else (None, None)

    def from_control(self, values: Sequence[Any], default: Any) -> Any:
        first, second = values
        return (first, second) if first and second and first != second else default


# -- controls -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """A field's control: where it sits, its widget, the (component id, property) slots it fills.

    ``section`` is the panel (``Filters``, ``View``, ``Navigate``, ``Timeline``); ``widget``
    names what ``layout.py`` draws: ``actors`` (actor search, one a slot), ``types`` and
    ``articles`` (dropdowns of what the store holds), ``choices`` (a dropdown), ``kinds``
    (check boxes), ``tick`` (one check box), ``radio``, ``slider``, ``number``, ``dates``
    (one end of the date range). ``options`` are (value, label) pairs for a fixed list;
    ``labels`` one a slot, the first the control's.
    """

    section: str
    widget: str
    slots: tuple[tuple[str, str], ...]
    labels: tuple[str, ...]
    placeholder: str = ""
    options: tuple[tuple[Any, str], ...] = ()

    @property
    def label(self) -> str:
        return self.labels[0]

    def keys(self) -> tuple[str, ...]:
        """The names of the slots' values: the component id, or ``start``/``end`` for the dates."""
        return tuple(_SLOT_KEYS.get(prop, component) for component, prop in self.slots)


_SLOT_KEYS = {"start_date": "start", "end_date": "end"}


def _one(section: str, component: str, widget: str, label: str, **more: Any) -> Control:
    return Control(section, widget, ((component, "value"),), (label,), **more)


def _labelled(values: Sequence[str], labels: Sequence[str]) -> tuple[tuple[Any, str], ...]:
    return tuple(zip(values, labels, strict=True))


# -- how a view's description names a field -------------------------------------------------

Describe = Callable[[Any, Any], str | None]


def _listed(word: str, when_empty: str | None = None) -> Describe:
    def describe(value: Any, _owner: Any) -> str | None:
        if value:
            return f"{word} {', '.join(map(str, value))}"
        return when_empty if value is not None else None

    return describe


def _date_span(value: Any, owner: Any) -> str | None:
    # both ends in one phrase, under the start's entry
    end = owner.date_to
    return f"{value or '…'} – {end or '…'}" if value or end else None


def _counted(word: str) -> Describe:
    def describe(value: Any, _owner: Any) -> str | None:
        return f"{len(value)} {word}{'s' if len(value) != 1 else ''}" if value else None

    return describe


def _said(text: str) -> Describe:
    return lambda value, _owner: text if value else None


# -- the table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewField:
    """One thing a view says.

    ``name`` is the attribute on ``GraphFilter`` (``in_filter``) or ``ViewState``; ``param``
    its URL parameter; ``flag`` its ``actorgraph export`` option (``None``: URL only);
    ``control`` its control (``None``: set by actions on the network, not by a control);
    ``describe`` how a view's one-line description names it (filters only).
    """

    name: str
    param: str
    kind: ValueKind
    in_filter: bool = False
    flag: str | None = None
    help: str = ""
    metavar: str | None = None
    control: Control | None = None
    describe: Describe | None = None


_KIND_HELP = ", ".join(ACTOR_KINDS[:3]) + ", …"
_MODALITY_HELP = ", ".join(MODALITIES[:4]) + ", …"

# In URL order, which is also the order of the controls within each panel. Kept as a table,
# one entry a field with its parts in the same order (ruff would give each argument a line).
VIEW_FIELDS: tuple[ViewField, ...] = (
    ViewField(
        "actor_ids", "actor", Many(), in_filter=True, flag="--actor", metavar="ID",
        help="Only relations touching these actors.",
        control=_one("Filters", "filter-actors", "actors", "Actors", placeholder="Search actors by name or alias…"),
        describe=_listed("touching"),
    ),
    ViewField(
        "relation_types", "type", Many(), in_filter=True, flag="--type", metavar="TYPE",
        help="Relation types, e.g. WARNS,ATTACKS.",
        control=_one("Filters", "filter-types", "types", "Relation types", placeholder="All types"),
        describe=_listed("types", when_empty="no types"),
    ),
    ViewField(
        "kinds", "kind", Many(), in_filter=True, flag="--kind", metavar="KIND",
        help=f"Actor kinds at both ends ({_KIND_HELP}).",
        control=_one("Filters", "filter-kinds", "kinds", "Actor kinds (none ticked: all)"),
        describe=_listed("kinds"),
    ),
    ViewField(
        "date_from", "from", Day(), in_filter=True, flag="--from", metavar="YYYY-MM-DD",
        help="Relations on or after this date.",
        control=Control("Filters", "dates", (("filter-dates", "start_date"),), ("Date range",), placeholder="From"),
        describe=_date_span,
    ),
    ViewField(
        "date_to", "to", Day(), in_filter=True, flag="--to", metavar="YYYY-MM-DD",
        help="Relations on or before this date.",
        control=Control("Filters", "dates", (("filter-dates", "end_date"),), ("Date range",), placeholder="To"),
    ),
    ViewField(
        "modalities", "modality", Many(), in_filter=True, flag="--modality",
        help=_MODALITY_HELP,
        control=_one("Filters", "filter-modalities", "choices", "Modality", placeholder="Any modality",
                     options=_labelled(MODALITIES, MODALITIES)),
        describe=_listed("modality"),
    ),
    ViewField(
        "asserted_only", "asserted", Switch(), in_filter=True, flag="--asserted-only",
        help="Only relations stated as fact (not reported, alleged, conditional, hypothetical, denied or hoped).",
        control=_one("Filters", "filter-asserted", "tick", "Asserted only (facts, not claims)"),
        describe=_said("asserted only"),
    ),
    ViewField(
        "min_confidence", "minconf", Number(integer=False), in_filter=True, flag="--min-confidence", metavar="0..1",
        help="Drop relations below this confidence.",
        control=_one("Filters", "filter-confidence", "slider", "Minimum confidence"),
        describe=lambda value, _owner: f"confidence ≥ {value:g}" if value is not None else None,
    ),
    ViewField(
        "article_ids", "article", Many(), in_filter=True, flag="--article", metavar="ID",
        help="Only relations from these articles.",
        control=_one("Filters", "filter-articles", "articles", "Source articles", placeholder="All articles"),
        describe=_counted("article"),
    ),
    ViewField(
        "extractors", "source", Many(), in_filter=True, flag="--source", metavar="NAME",
        help="Only relations from these sources: gdelt, polecat, icews, acled (imported), "
             "actorgraph-rules/0.1 (extracted from news), …",
        control=_one("Filters", "filter-sources", "sources", "Source of the edges", placeholder="Extracted and imported"),
        describe=_listed("from"),
    ),
    ViewField(
        "reviewed_only", "reviewed", Switch(), in_filter=True, flag="--reviewed-only",
        help="Only relations between reviewed actors.",
        control=_one("Filters", "filter-reviewed", "tick", "Reviewed actors only"),
        describe=_said("reviewed actors only"),
    ),
    ViewField(
        "layout", "layout", Text(),
        control=_one("View", "view-layout", "choices", "Layout", options=_labelled(LAYOUTS, (
            "Automatic", "Force-directed (fCoSE)", "Force-directed (CoSE)", "Concentric", "Breadth-first", "Circle",
            "Precomputed (networkx)"))),
    ),
    ViewField(
        "colour_by", "colour", Text(), flag="--colour-by",
        help="kind or community (Louvain): node colours.",
        control=_one("View", "view-colour", "radio", "Node colour", options=_labelled(COLOUR_MODES, ("Kind", "Community"))),
    ),
    ViewField(
        "size_by", "size", Text(), flag="--size-by",
        help="degree, pagerank or betweenness: ranks actors for --max-nodes.",
        control=_one("View", "view-size", "radio", "Node size",
                     options=_labelled(SIZE_METRICS, ("Degree", "PageRank", "Betweenness"))),
    ),
    ViewField(
        "max_nodes", "max", Cap(), flag="--max-nodes", metavar="N|all",
        help=f"Most actors drawn, the top by --size-by. [default {DEFAULT_MAX_NODES} for images, all for data formats]",
        control=_one("View", "view-max-nodes", "number", "Most actors shown"),
    ),
    ViewField(
        "state_level", "states", Switch(), flag="--state-level",
        help="Fold people, agents and organisations into the state they act for (their code, or their "
             "affiliation): the dyads event data counts.",
        control=_one("View", "view-state-level", "tick", "State level (fold agents into their state)"),
    ),
    ViewField("edge_labels", "labels", Switch(), control=_one("View", "view-edge-labels", "tick", "Edge labels")),
    ViewField(
        "focus", "focus", Text(), flag="--focus", metavar="ID",
        help="Only this actor's neighbourhood (see --hops).",
        control=_one("Navigate", "nav-focus", "actors", "Focus on", placeholder="Actor…"),
    ),
    ViewField(
        "hops", "hops", Number(integer=True), flag="--hops", metavar=f"1..{MAX_FOCUS_HOPS}",
        help="Neighbourhood depth for --focus.",
        control=_one("Navigate", "nav-hops", "radio", "Hops",
                     options=tuple((h, str(h)) for h in range(1, MAX_FOCUS_HOPS + 1))),
    ),
    ViewField(
        "path", "path", Pair(), flag="--path", metavar="FROM TO",
        help="Draw in and highlight the shortest path between two actors.",
        control=Control("Navigate", "actors", (("nav-path-from", "value"), ("nav-path-to", "value")),
                        ("Shortest path from", "to"), placeholder="Actor…"),
    ),
    ViewField("expanded", "expand", Many()),
    ViewField("hidden", "hide", Many()),
    ViewField("pinned", "pin", Many()),
    ViewField(
        "timeline_by", "timeline", Text(),
        control=_one("Timeline", "timeline-by", "radio", "Relations over time",
                     options=_labelled(TIMELINE_GROUPS, ("by type", "by QuadClass"))),
    ),
)  # fmt: skip

_BY_NAME = {f.name: f for f in VIEW_FIELDS}


def field(name: str) -> ViewField:
    """The entry of one field, by its attribute name."""
    return _BY_NAME[name]


def flagged() -> list[ViewField]:
    """The fields ``actorgraph export`` takes as flags, in table order."""
    return [f for f in VIEW_FIELDS if f.flag is not None]


def control_of(name: str) -> Control:
    """The control of a field that has one (``KeyError`` for one set by actions only)."""
    control = field(name).control
    if control is None:
        raise KeyError(f"{name} has no control")
    return control


def controlled() -> list[ViewField]:
    """The fields a control sets, in table order."""
    return [f for f in VIEW_FIELDS if f.control is not None]


def control_slots() -> list[tuple[str, str, str]]:
    """(component id, property, key) of every control slot: what the page's sync callback
    listens to and sets, ``key`` naming the slot's value (see :meth:`Control.keys`).

    >>> control_slots()[:2]
    [('filter-actors', 'value', 'filter-actors'), ('filter-types', 'value', 'filter-types')]
    """
    return [
        (component, prop, key)
        for entry in controlled()
        for (component, prop), key in zip(control_of(entry.name).slots, control_of(entry.name).keys(), strict=True)
    ]
