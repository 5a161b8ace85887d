"""The state-level view: people, agents and organisations folded into the state they act for.

Event-data analysts count dyads of states: *Israel · military* attacking, or Israel's foreign
minister warning, is Israel acting. :func:`state_fold` decides who acts for which state from
the store's own records, and :func:`fold_edges` re-aggregates a view's folded edges over it,
so metrics, the cap and the layout work on the state-level graph as on any other.

An actor acts for a state when it is affiliated with it (the ``AFFILIATED_WITH`` edge the
extractor writes for agents of a sector that acts for its state: government, military,
police…), or, having no sector, when its ``code`` is the state's (an office-holder, a
spokesperson). Rebels, opposition, media and parties of a country carry a sector that does
not act for the state and no affiliation: they stay themselves, as do international
organisations, blocs and actors with no code. A state is an actor of kind ``state`` with no
sector (``ISR``, not ``ISR-MIL``).

>>> from actorgraph.graph import Actor, Affiliation
>>> israel = Actor(id="ISR", name="Israel", kind="state", code="ISR")
>>> army = Actor(id="ISR-MIL", name="Israel · military", kind="state", code="ISR", sector="MIL")
>>> minister = Actor(id="katz", name="Israel Katz", kind="person", code="ISR")
>>> rebels = Actor(id="ISR-REB", name="Israel · rebels", kind="armed_group", code="ISR", sector="REB")
>>> fold = state_fold([army, minister, rebels], [Affiliation(actor_id="ISR-MIL", organisation_id="ISR")], [israel])
>>> fold.into
{'ISR-MIL': 'ISR', 'katz': 'ISR'}
>>> sorted(fold.members("ISR")), fold.members("ISR-REB")
(['ISR', 'ISR-MIL', 'katz'], {'ISR-REB'})
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from actorgraph.graph import Actor, Affiliation
from actorgraph.graph.records import EdgeColumns, EdgeRow
from actorgraph.graph.values import modality_set

__all__ = ["StateFold", "fold_edges", "is_state", "state_fold"]

# kinds that are never folded into a state: they are not its agents even when they carry its code
_OWN_ACTORS = frozenset({"igo", "bloc"})


def is_state(actor: Actor) -> bool:
    """A state proper, not one of its agents (those carry a sector).

    >>> is_state(Actor(id="ISR", name="Israel", kind="state", code="ISR"))
    True
    """
    return actor.kind == "state" and not actor.sector


@dataclass(frozen=True)
class StateFold:
    """Which actor acts for which state: ``into`` maps a folded actor's id to its state's id."""

    into: dict[str, str] = field(default_factory=dict)

    def of(self, actor_id: str) -> str:
        """The id an actor is drawn as: its state's, or its own."""
        return self.into.get(actor_id, actor_id)

    def members(self, actor_id: str) -> set[str]:
        """The actors drawn as ``actor_id``: itself and those folded into it."""
        return {actor_id} | {a for a, state in self.into.items() if state == actor_id}

    def folded_into(self) -> dict[str, list[str]]:
        """Each state's folded actors, by id, sorted."""
        found: defaultdict[str, list[str]] = defaultdict(list)
        for actor_id, state in sorted(self.into.items()):
            found[state].append(actor_id)
        return dict(found)


def state_fold(actors: Iterable[Actor], affiliations: Iterable[Affiliation], states: Iterable[Actor]) -> StateFold:
    """Fold ``actors`` into ``states`` (the candidate states, by code), by affiliation or by code.

    ``affiliations`` are those of ``actors``; an affiliation to a state comes before the code,
    and among several affiliations to states the first by id wins, so the fold is the same
    whatever order the store returns them in.
    """
    state_ids = {s.id for s in states if is_state(s)}
    by_code = {s.code: s.id for s in sorted(states, key=lambda s: s.id, reverse=True) if is_state(s) and s.code}
    affiliated: dict[str, str] = {}
    for link in sorted(affiliations, key=lambda a: (a.actor_id, a.organisation_id)):
        if link.organisation_id in state_ids:
            affiliated.setdefault(link.actor_id, link.organisation_id)
    into = {}
    for actor in actors:
        if is_state(actor) or actor.kind in _OWN_ACTORS:
            continue
        state = affiliated.get(actor.id) or (_state_of_code(actor.code, by_code) if not actor.sector else None)
        if state is not None and state != actor.id:
            into[actor.id] = state
    return StateFold(into)


def _state_of_code(code: str | None, by_code: dict[str, str]) -> str | None:
    # a code's first three letters are its state's (RUS, RUSGOV): the project's convention
    return None if not code else by_code.get(code) or by_code.get(code[:3])


def fold_edges(edges: Iterable[EdgeRow], fold: StateFold) -> EdgeColumns:
    """The edges with each end drawn as its state, folded again per (source, target, type).

    Counts add up, QuadClass is the lowest, Goldstein the mean over the relations, confidence
    the highest, dates the span, modalities the union. An edge both of whose ends fold into
    one state (a ministry accusing its army) is the state's own affair, and is left out.

    >>> edges = [EdgeRow("katz", "IRN", "WARNS", 2, 3, -4.0, 0.7, None, None, ("reported",)),
    ...          EdgeRow("ISR", "IRN", "WARNS", 1, 3, -1.0, 0.9, None, None, ("asserted",))]
    >>> [folded] = fold_edges(edges, StateFold({"katz": "ISR"})).rows()
    >>> folded.source_id, folded.count, folded.goldstein, folded.confidence, folded.modalities
    ('ISR', 3, -3.0, 0.9, ('asserted', 'reported'))
    """
    groups: dict[tuple[str, str, str], list[EdgeRow]] = defaultdict(list)
    for row in edges:
        source, target = fold.of(row.source_id), fold.of(row.target_id)
        if source == target and (source, target) != (row.source_id, row.target_id):
            continue
        groups[(source, target, row.type)].append(row)
    return EdgeColumns.from_rows(_merged(key, rows) for key, rows in groups.items())


def _merged(key: tuple[str, str, str], rows: Sequence[EdgeRow]) -> EdgeRow:
    source, target, rel_type = key
    count = sum(r.count for r in rows)
    scored = [(r.goldstein, r.count) for r in rows if r.goldstein is not None]
    goldstein = sum(g * n for g, n in scored) / sum(n for _, n in scored) if scored else None
    return EdgeRow(
        sys.intern(source),
        sys.intern(target),
        rel_type,
        count,
        min((r.quad_class for r in rows if r.quad_class is not None), default=None),
        goldstein,
        max((r.confidence for r in rows if r.confidence is not None), default=None),
        min((r.first_date for r in rows if r.first_date is not None), default=None),
        max((r.last_date for r in rows if r.last_date is not None), default=None),
        modality_set(m for r in rows for m in r.modalities),
    )
