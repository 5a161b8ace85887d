"""The whole store's relations in memory, column by column, so views are answered without asking the store.

A :class:`RelationIndex` holds one row per relation (ends, type, date, modality, confidence,
article, extractor, codes: :data:`~actorgraph.graph.records.RELATION_INDEX_SCHEMA`) as numpy
arrays, about 40 bytes a relation: a filter is a boolean mask, folding per (source, target,
type) and a timeline are whole-array reductions, so a view of a million relations costs tens
of milliseconds and the store answers only the detail reads (an actor's record, the evidence
behind an edge). :class:`LiveIndex` keeps the index of one store fresh: rebuilt after the
app's own corrections at once, and in the background within seconds of another process
writing to the store (its data marker moved), so data written by others shows up while no
request waits for the rebuild, and an unchanged store is not read again.

>>> import pyarrow as pa, datetime as dt
>>> from actorgraph.graph.records import ACTOR_INDEX_SCHEMA, RELATION_INDEX_SCHEMA
>>> relations = pa.Table.from_pylist([
...     {"source_id": "RUS", "target_id": "USA", "type": "WARNS", "date": dt.date(2024, 5, 1), "confidence": 0.9},
...     {"source_id": "RUS", "target_id": "USA", "type": "WARNS", "date": dt.date(2024, 5, 3), "confidence": 0.4},
...     {"source_id": "USA", "target_id": "RUS", "type": "AIDS"}], schema=RELATION_INDEX_SCHEMA)
>>> actors = pa.Table.from_pylist([{"id": "RUS", "kind": "state"}, {"id": "USA", "kind": "state"}], schema=ACTOR_INDEX_SCHEMA)
>>> index = RelationIndex.from_tables(relations, actors)
>>> [tuple(index.fold(GraphFilter()).row(i)[:4]) for i in range(2)]
[('RUS', 'USA', 'WARNS', 2), ('USA', 'RUS', 'AIDS', 1)]
>>> index.fold(GraphFilter(min_confidence=0.5)).row(0)[:4]
('RUS', 'USA', 'WARNS', 1)
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from actorgraph.dashboard.network import NO_DAY, FoldedEdges, day_to_date
from actorgraph.graph import GraphFilter, GraphStore
from actorgraph.graph.records import ACTOR_KINDS, MODALITIES, TimelineRow

__all__ = ["LiveIndex", "RelationIndex"]

_NO_DAY_UP = int(np.iinfo(np.int32).max)  # a missing date, where the smallest is looked for
_NO_QUAD_UP = 127


class RelationIndex:
    """Every relation of a store as numpy columns, sorted by (source, target, type).

    Names are kept once each, as codes: actors by their index in the sorted :attr:`actor_ids`
    (so index order is id order), types in sorted :attr:`type_names`, modalities and kinds in
    the order of :data:`~actorgraph.graph.records.MODALITIES` and ``ACTOR_KINDS``, articles and
    extractors in lists of their own; -1 is a missing code. Filters follow the store's Cypher
    conditions exactly (a missing value never matches a condition on it).
    """

    _ids = itertools.count(1)

    def __init__(self, actor_ids: NDArray[np.object_], actor_kind: NDArray[np.int8], actor_reviewed: NDArray[np.bool_]):
        self.version = next(self._ids)  # which build of the index a folded view came from
        self.actor_ids = actor_ids
        self.position = {actor_id: i for i, actor_id in enumerate(actor_ids.tolist())}
        self.actor_kind = actor_kind
        self.actor_reviewed = actor_reviewed
        self.type_names: tuple[str, ...] = ()
        self.article_ids: dict[str, int] = {}
        self.extractors: dict[str, int] = {}
        self.columns: dict[str, NDArray[Any]] = {}
        self.group = np.zeros(0, dtype=np.int32)  # which folded edge each relation belongs to

    @classmethod
    def from_tables(cls, relations: pa.Table, actors: pa.Table) -> RelationIndex:
        """The index of a store's :meth:`~actorgraph.graph.GraphStore.relation_table` and
        :meth:`~actorgraph.graph.GraphStore.actor_table`."""
        actors = actors.take(pc.sort_indices(actors, [("id", "ascending")]))
        ids = actors.column("id")
        index = cls(
            np.array(ids.to_pylist(), dtype=object),
            _codes(actors.column("kind"), ACTOR_KINDS).astype(np.int8),
            pc.fill_null(actors.column("reviewed"), False).to_numpy(),
        )
        index._load_relations(relations, ids)
        return index

    @classmethod
    def of_store(cls, store: GraphStore) -> RelationIndex:
        """The index of a store, read in two queries."""
        return cls.from_tables(store.relation_table(), store.actor_table())

    def _load_relations(self, relations: pa.Table, ids: pa.ChunkedArray) -> None:
        types = pc.unique(relations.column("type")).drop_null()
        self.type_names = tuple(sorted(types.to_pylist()))
        articles = sorted(pc.unique(relations.column("article_id")).drop_null().to_pylist())
        extractors = sorted(pc.unique(relations.column("extractor")).drop_null().to_pylist())
        self.article_ids = {a: i for i, a in enumerate(articles)}
        self.extractors = {x: i for i, x in enumerate(extractors)}
        column = relations.column
        dates = pc.fill_null(column("date").cast(pa.int32()), NO_DAY)
        raw = {
            "source": _codes(column("source_id"), ids).astype(np.int32),
            "target": _codes(column("target_id"), ids).astype(np.int32),
            "type": _codes(column("type"), self.type_names).astype(np.int16),
            "day": dates.to_numpy().astype(np.int32),
            "modality": _codes(column("modality"), MODALITIES).astype(np.int8),
            "confidence": _floats(column("confidence")),
            "article": _codes(column("article_id"), articles).astype(np.int32),
            "extractor": _codes(column("extractor"), extractors).astype(np.int16),
            "quad_class": pc.fill_null(column("quad_class"), 0).to_numpy().astype(np.int8),
            "goldstein": _floats(column("goldstein")),
        }
        order = np.lexsort((raw["type"], raw["target"], raw["source"]))
        self.columns = {name: values[order] for name, values in raw.items()}
        source, target, rel_type = self.columns["source"], self.columns["target"], self.columns["type"]
        changes = (source[1:] != source[:-1]) | (target[1:] != target[:-1]) | (rel_type[1:] != rel_type[:-1])
        self.group = (np.cumsum(np.r_[True, changes], dtype=np.int32) - 1)[: len(source)]

    def __len__(self) -> int:
        return len(self.group)

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays, and about what the actor ids and the names take."""
        arrays = sum(values.nbytes for values in self.columns.values()) + self.group.nbytes
        names = 120 * (len(self.actor_ids) + len(self.article_ids) + len(self.extractors))
        return arrays + names + self.actor_kind.nbytes + self.actor_reviewed.nbytes

    # -- filters -------------------------------------------------------------------------

    def mask(self, graph_filter: GraphFilter) -> NDArray[np.bool_]:
        """Which relations the filter keeps (the store's conditions, one whole-array step each)."""
        f, c = graph_filter, self.columns
        keep = np.ones(len(self), dtype=bool)
        if f.relation_types is not None:
            keep &= _allowed(f.relation_types, self.type_names)[c["type"] + 1]
        for values, column, names in (
            (f.modalities, "modality", MODALITIES),
            (f.article_ids, "article", self.article_ids),
            (f.extractors, "extractor", self.extractors),
        ):
            if values is not None:
                keep &= _allowed(values, names)[c[column] + 1]  # code -1 (missing) is never allowed
        if f.asserted_only:
            keep &= c["modality"] == MODALITIES.index("asserted")
        if f.date_from is not None:
            keep &= c["day"] >= _day(f.date_from)  # a missing date is the smallest day: never kept
        if f.date_to is not None:
            keep &= (c["day"] <= _day(f.date_to)) & (c["day"] != NO_DAY)
        if f.min_confidence is not None:
            keep &= c["confidence"] >= f.min_confidence  # NaN (missing) compares False
        actor_ok = np.ones(len(self.actor_ids), dtype=bool)
        if f.kinds is not None:
            actor_ok &= _allowed(f.kinds, ACTOR_KINDS)[self.actor_kind + 1]
        if f.reviewed_only:
            actor_ok &= self.actor_reviewed
        if not actor_ok.all():
            keep &= actor_ok[c["source"]] & actor_ok[c["target"]]
        if f.actor_ids is not None:
            named = np.zeros(len(self.actor_ids), dtype=bool)
            named[[i for a in f.actor_ids if (i := self.position.get(a)) is not None]] = True
            keep &= named[c["source"]] | named[c["target"]]
        return keep

    def fold(self, graph_filter: GraphFilter) -> FoldedEdges:
        """The filter's relations folded per (source, target, type), as the store's edge summary
        folds them: count, lowest QuadClass, mean Goldstein, highest confidence, first and last
        date, the modalities among them."""
        c = self.columns
        kept = np.flatnonzero(self.mask(graph_filter))
        group = self.group[kept]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(kept) else np.zeros(0, dtype=np.intp)
        first = kept[starts]
        day = c["day"][kept]
        goldstein = c["goldstein"][kept]
        known = ~np.isnan(goldstein)
        quad = c["quad_class"][kept]
        modality = c["modality"][kept]
        folded = {
            "source": c["source"][first],
            "target": c["target"][first],
            "type": c["type"][first],
            "count": np.diff(np.r_[starts, len(kept)]).astype(np.int64),
            "quad_class": _none_back(_reduce(np.minimum, np.where(quad == 0, _NO_QUAD_UP, quad), starts), _NO_QUAD_UP, 0),
            "goldstein": _mean(goldstein, known, starts),
            "confidence": _reduce(np.fmax, c["confidence"][kept], starts),  # fmax passes over NaN
            "first_day": _none_back(_reduce(np.minimum, np.where(day == NO_DAY, _NO_DAY_UP, day), starts), _NO_DAY_UP, NO_DAY),
            "last_day": _reduce(np.maximum, day, starts),
            # bit k: MODALITIES[k] among the relations folded (a missing modality, -1, sets none)
            "modalities": _reduce(
                np.bitwise_or, np.where(modality >= 0, 1 << np.maximum(modality, 0), 0).astype(np.uint8), starts
            ),
        }
        return FoldedEdges(self.actor_ids, self.type_names, folded, self.position)

    def type_counts(self, actor_id: str, graph_filter: GraphFilter) -> tuple[Counter[str], Counter[str]]:
        """The relations the filter keeps leaving and entering one actor, per type (as the store counts them)."""
        i = self.position.get(actor_id)
        if i is None:
            return Counter(), Counter()
        c = self.columns
        keep = self.mask(graph_filter)
        return self._per_type(keep & (c["source"] == i)), self._per_type(keep & (c["target"] == i))

    def newest_day(self, actor_id: str, graph_filter: GraphFilter, n: int) -> dt.date | None:
        """The date of the ``n``-th newest relation the filter keeps touching the actor: every one of
        its ``n`` newest is on or after it. None when it has no more than ``n``, or has undated ones
        (the store lists those first), and so no date narrows the read."""
        i = self.position.get(actor_id)
        if i is None:
            return None
        c = self.columns
        days = c["day"][self.mask(graph_filter) & ((c["source"] == i) | (c["target"] == i))]
        if len(days) <= n or (days == NO_DAY).any():
            return None
        return day_to_date(int(np.partition(days, len(days) - n)[len(days) - n]))

    def _per_type(self, where: NDArray[np.bool_]) -> Counter[str]:
        counts = np.bincount(self.columns["type"][where], minlength=len(self.type_names))
        return Counter({self.type_names[t]: int(counts[t]) for t in np.flatnonzero(counts)})

    def timeline(self, graph_filter: GraphFilter, group_by: str) -> list[TimelineRow]:
        """Dated relations the filter keeps, counted per day and type or QuadClass, by (day, group)
        as the store's timeline orders them."""
        c = self.columns
        kept = self.mask(graph_filter) & (c["day"] != NO_DAY)
        days = c["day"][kept].astype(np.int64)
        if not len(days):
            return []
        if group_by == "type":
            groups, names = c["type"][kept].astype(np.int64), list(self.type_names)
        else:  # QuadClass: a missing one is grouped as "None", as the store's rows say it
            groups = c["quad_class"][kept].astype(np.int64)
            names = ["None", "1", "2", "3", "4"]
        width = len(names)
        low = int(days.min())
        counts = np.bincount((days - low) * width + groups, minlength=0)
        found = np.flatnonzero(counts)
        rows = [TimelineRow(day_to_date(low + int(k) // width), names[int(k) % width], int(counts[k])) for k in found]  # type: ignore[arg-type]  # a dated row has a date
        return sorted(rows, key=lambda r: (r.period, r.group)) if group_by != "type" else rows


class LiveIndex:
    """The :class:`RelationIndex` of one store, kept fresh.

    :meth:`current` builds it on first use and after :meth:`invalidate` (the app's own
    corrections must show at once), and waits for that build. Every ``check_every_s`` it asks
    the store, in a thread of its own, whether data was written since (the store's
    :meth:`~actorgraph.graph.GraphStore.data_marker`: another process's ingest or import shows
    within seconds) and rebuilds the index there if so, or once it is older than ``max_age_s``
    (for what a marker cannot see); the old index keeps answering meanwhile, and an unchanged
    store is not read again (a million relations over Bolt take a minute and more).
    """

    def __init__(
        self,
        store: GraphStore,
        max_age_s: float = 1800.0,
        check_every_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.store, self.max_age_s, self.check_every_s, self._clock = store, max_age_s, check_every_s, clock
        self._index: RelationIndex | None = None
        self._marker: Hashable = None
        self._built_at = self._checked_at = 0.0
        self._lock = threading.Lock()  # one build at a time
        self._check_lock = threading.Lock()  # one check at a time; never held while the store is read
        self._checking = False
        self.build_seconds = 0.0

    def current(self) -> RelationIndex:
        """The index: built now when there is none, checked against the store in the background now and then."""
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    self._build()
                index = self._index
        elif self._clock() - self._checked_at > self.check_every_s:
            self._check_in_background()
        assert index is not None
        return index

    def _check_in_background(self) -> None:
        with self._check_lock:
            if self._checking:
                return
            self._checking = True
            self._checked_at = self._clock()
        threading.Thread(target=self._check, name="actorgraph-index-check", daemon=True).start()

    def _build(self) -> None:
        started = time.perf_counter()
        marker = self.store.data_marker()  # before the read: a write during it is seen next time
        index = RelationIndex.of_store(self.store)
        self._index, self._marker, self._built_at = index, marker, self._clock()
        self._checked_at = self._built_at
        self.build_seconds = time.perf_counter() - started

    def _check(self) -> None:
        try:
            stale = self.store.data_marker() != self._marker or self._clock() - self._built_at > self.max_age_s
            if stale:
                with self._lock:
                    self._build()
        except Exception:  # the store is down, busy or closed: the old index answers, a later check retries
            pass
        finally:
            self._checking = False

    def invalidate(self) -> None:
        """Forget the index: the next :meth:`current` reads the store again."""
        with self._lock:
            self._index = None


def _codes(values: pa.ChunkedArray, names: Sequence[str] | Iterable[str] | pa.ChunkedArray) -> NDArray[np.int64]:
    """Each value's position among ``names`` (-1 when missing or not among them)."""
    value_set = names.combine_chunks() if isinstance(names, pa.ChunkedArray) else pa.array(list(names), pa.string())
    found = pc.index_in(values, value_set=value_set)
    return np.asarray(pc.fill_null(found, -1).to_numpy(), dtype=np.int64)


def _floats(values: pa.ChunkedArray) -> NDArray[np.float64]:
    return np.asarray(pc.fill_null(values.cast(pa.float64()), float("nan")).to_numpy(), dtype=np.float64)


def _allowed(values: Iterable[str], names: Sequence[str] | dict[str, int]) -> NDArray[np.bool_]:
    """A lookup table over codes + 1 (so that -1, missing, is entry 0 and never allowed)."""
    position = names if isinstance(names, dict) else {name: i for i, name in enumerate(names)}
    table = np.zeros(len(position) + 1, dtype=bool)
    table[[position[v] + 1 for v in values if v in position]] = True
    return table


def _day(date: dt.date) -> int:
    return (date - dt.date(1970, 1, 1)).days


def _reduce(ufunc: np.ufunc, values: NDArray[Any], starts: NDArray[np.intp]) -> NDArray[Any]:
    return ufunc.reduceat(values, starts) if len(starts) else values[:0]


def _none_back(values: NDArray[Any], placeholder: int, missing: int) -> NDArray[Any]:
    return np.where(values == placeholder, missing, values).astype(values.dtype)


def _mean(values: NDArray[np.float64], known: NDArray[np.bool_], starts: NDArray[np.intp]) -> NDArray[np.float64]:
    """The mean of the known values of each group (NaN where none is known), as Cypher's ``avg``."""
    sums = _reduce(np.add, np.where(known, values, 0.0), starts)
    counts = _reduce(np.add, known.astype(np.int64), starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
