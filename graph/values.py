"""Turning rows the engines return into records and plain values.

Both engines return the same column order for the queries in :mod:`actorgraph.graph.queries`, so one
set of converters serves both.
"""

from __future__ import annotations

import datetime as dt
import operator
import sys
from collections.abc import Iterable
from typing import Any

from actorgraph.graph.queries import ACTOR_PROPERTIES, RELATION_PROPERTIES
from actorgraph.graph.records import MODALITIES, Actor, Article, EdgeColumns, EdgeSummary, Relation, TimelinePoint

__all__ = [
    "actor_from_row",
    "article_from_row",
    "edge_columns_from_rows",
    "edge_from_row",
    "modality_set",
    "relation_from_row",
    "timeline_point_from_row",
]


def actor_from_row(row: list[Any]) -> Actor:
    """An :class:`Actor` from its :data:`ACTOR_PROPERTIES`, in that order."""
    values = dict(zip(ACTOR_PROPERTIES, row, strict=True))
    values.update(kind=values["kind"] or "other", aliases=list(values["aliases"] or []), reviewed=bool(values["reviewed"]))
    return Actor.model_construct(**values)


def article_from_row(row: list[Any]) -> Article:
    """An :class:`Article` from ``id, title, url, source, published, ingested_at, text_sha256``."""
    article_id, title, url, source, published, ingested_at, sha = row
    return Article.model_construct(
        id=article_id,
        title=title,
        url=url,
        source=source,
        published=_as_date(published),
        ingested_at=_as_datetime(ingested_at),
        text_sha256=sha,
    )


def relation_from_row(row: list[Any]) -> Relation:
    """A :class:`Relation` from ``type, source id, target id`` and :data:`RELATION_PROPERTIES`."""
    rel_type, source, target, *props = row
    values = dict(zip(RELATION_PROPERTIES, props, strict=True))
    values["date"] = _as_date(values["date"])
    values["modality"] = values["modality"] or "asserted"
    values["confidence"] = 1.0 if values["confidence"] is None else values["confidence"]
    return Relation.model_construct(type=rel_type, source_id=source, target_id=target, **values)


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_native"):  # neo4j.time.Date
        native: dt.date = value.to_native()
        return native
    return dt.date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if hasattr(value, "to_native"):  # neo4j.time.DateTime
        native: dt.datetime = value.to_native()
        return native
    return dt.datetime.fromisoformat(str(value))


def edge_from_row(row: list[Any]) -> EdgeSummary:
    """An :class:`EdgeSummary` from the edge-summary query's columns.

    Built without validation, as the other readers here do: the values come from our own
    query over stored records, so they already have the right types (dates aside, which
    Neo4j returns as its own type).
    """
    source, target, rel_type, count, quad, goldstein, confidence, first, last, modalities = row
    return EdgeSummary.model_construct(
        source_id=source,
        target_id=target,
        type=rel_type,
        count=count,
        quad_class=quad,
        goldstein=goldstein,
        confidence=confidence,
        first_date=_as_date(first),
        last_date=_as_date(last),
        modalities=modality_set(modalities),
    )


def modality_set(found: Iterable[str | None] | None) -> tuple[str, ...]:
    """The distinct modalities an edge-summary row collected, in :data:`MODALITIES` order, one tuple
    object per set for the whole process (a few dozen sets recur across every view).

    >>> modality_set(["reported", "asserted", "reported"])
    ('asserted', 'reported')
    >>> modality_set(["asserted"]) is modality_set(("asserted",))
    True
    """
    key = frozenset(m for m in found or () if m)
    shared = _MODALITY_SETS.get(key)
    if shared is None:
        shared = _MODALITY_SETS.setdefault(key, tuple(sorted(key, key=_modality_rank)))
    return shared


def _modality_rank(modality: str) -> tuple[int, str]:
    return (MODALITIES.index(modality) if modality in MODALITIES else len(MODALITIES), modality)


_MODALITY_SETS: dict[frozenset[str], tuple[str, ...]] = {}


def edge_columns_from_rows(rows: list[list[Any]]) -> EdgeColumns:
    """:class:`EdgeColumns` from the edge-summary query's rows.

    Ids, type names, dates and scores repeat across rows; each distinct value is kept once
    (ids, names and dates once for the whole process), so cached graphs hold one string per
    actor instead of one per edge end. Column at a time, so the work per row is done by the
    interpreter's own loops.

    >>> columns = edge_columns_from_rows([["x", "y", "WARNS", 1, None, None, None, "2024-05-01", "2024-05-01", ["asserted"]],
    ...                                   ["y", "x", "WARNS", 2, None, None, None, None, None, ["reported"]]])
    >>> columns.source_ids[0] is columns.target_ids[1], columns.counts, columns.first_dates, columns.modalities
    (True, (1, 2), (datetime.date(2024, 5, 1), None), (('asserted',), ('reported',)))
    """
    if not rows:
        return EdgeColumns()
    sources, targets, types, counts, quads, goldsteins, confidences, firsts, lasts, modalities = (
        tuple(map(operator.itemgetter(i), rows)) for i in range(10)
    )
    scores: dict[float, float] = {}  # kept apart from names: 1 == 1.0 == True as keys
    keep_score = scores.setdefault
    # each date as the engine returned it (text, or its own date type), converted once
    days = {value: _shared_date(value) for value in {*firsts, *lasts}}
    day = days.__getitem__
    # ids and type names interned: every cached graph shares one string per actor
    return EdgeColumns(
        source_ids=tuple(map(sys.intern, sources)),
        target_ids=tuple(map(sys.intern, targets)),
        types=tuple(map(sys.intern, types)),
        counts=counts,
        quad_classes=quads,
        goldsteins=tuple(map(keep_score, goldsteins, goldsteins)),
        confidences=tuple(map(keep_score, confidences, confidences)),
        first_dates=tuple(map(day, firsts)),
        last_dates=tuple(map(day, lasts)),
        modalities=tuple(map(modality_set, modalities)),
    )


_DATES: dict[Any, dt.date | None] = {None: None}
_DATES_KEPT = 20_000  # distinct days: over 50 years of them


def _shared_date(value: Any) -> dt.date | None:
    """One date object per day for every caller (dates repeat across views)."""
    found = _DATES.get(value)
    if found is None and value is not None:
        found = _as_date(value)
        if len(_DATES) < _DATES_KEPT:
            _DATES[value] = found
    return found


def timeline_point_from_row(row: list[Any]) -> TimelinePoint:
    """A :class:`TimelinePoint` from the timeline query's ``day, group, count`` (not validated again)."""
    day, group, count = row
    return TimelinePoint.model_construct(period=_as_date(day), group=str(group), count=count)
