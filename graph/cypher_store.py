"""What both engines do the same way, given their dialect's query texts and a way to run them.

An engine module supplies ``Q`` (its :class:`~actorgraph.graph.queries.CypherDialect`), ``_run``,
``_transaction``, table/constraint management, bulk relation writes and user queries;
everything else is written once here.

>>> issubclass(CypherStore, GraphStore)
True
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, cast

import pyarrow as pa
import pyarrow.compute as pc

from actorgraph.graph.corrections import correction_from_row, correction_params, new_correction, undone
from actorgraph.graph.errors import NotFound, QueryError
from actorgraph.graph.queries import PING, CypherDialect, relation_filter
from actorgraph.graph.records import (
    ACTOR_INDEX_SCHEMA,
    RELATION_INDEX_SCHEMA,
    Actor,
    Affiliation,
    Article,
    Correction,
    DocumentGraph,
    DocumentWrite,
    EdgeColumns,
    EdgeSummary,
    GraphFilter,
    Mention,
    Relation,
    RelationColumns,
    Stats,
    StoreBefore,
    TimelinePoint,
)
from actorgraph.graph.store import GraphStore, pool_aliases
from actorgraph.graph.values import (
    actor_from_row,
    article_from_row,
    edge_columns_from_rows,
    edge_from_row,
    relation_from_row,
    timeline_point_from_row,
)

__all__ = ["CypherStore"]

_ARTICLE_ACTORS = "MATCH (:Article {id: $id})-[:MENTIONS]->(a:Actor) RETURN a.id"


class CypherStore(GraphStore):
    """Shared implementation over an engine's ``Q`` query texts."""

    Q: ClassVar[type[CypherDialect]]
    _types: set[str]
    # whether a bulk write of relations is one transaction, or one per statement (a server whose
    # transactions have a memory limit takes 100,000 relations in pieces)
    BULK_WRITE_IN_ONE_TRANSACTION = True

    @abc.abstractmethod
    def _run(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        """Run one statement (inside the open transaction, if any) and return its rows."""

    @abc.abstractmethod
    def _transaction(self) -> contextlib.AbstractContextManager[None]:
        """A context in which every ``_run`` is one transaction, rolled back on error."""

    @abc.abstractmethod
    def _create_relation_type(self, rel_type: str) -> None:
        """Declare the table or constraints one new relation type needs."""

    def ensure_relation_types(self, types: Iterable[str]) -> None:
        for rel_type in sorted(set(types) - self._types):
            self._create_relation_type(rel_type)
            self._types.add(rel_type)

    def relation_types(self) -> list[str]:
        return sorted(self._types)

    def ping(self) -> None:
        self._run(PING)

    # -- writes ------------------------------------------------------------------------

    def _write_actors(self, actors: Sequence[Actor]) -> None:
        self._write_records(self.Q.MERGE_ACTORS, Actor, [a.model_dump() for a in actors])

    def upsert_articles(self, articles: Iterable[Article]) -> int:
        return self._write_records(self.Q.MERGE_ARTICLES, Article, [a.model_dump() for a in articles])

    def upsert_mentions(self, mentions: Iterable[Mention]) -> int:
        return self._write_records(self.Q.MERGE_MENTIONS, Mention, [m.model_dump() for m in mentions])

    def upsert_affiliations(self, affiliations: Iterable[Affiliation]) -> int:
        return self._write_records(self.Q.MERGE_AFFILIATIONS, Affiliation, [a.model_dump() for a in affiliations])

    def _write_records(self, query: str, record: type, rows: list[dict[str, Any]]) -> int:
        """Run a write of ``$rows`` (records of type ``record`` as dicts); an engine may pass them in its own form."""
        return self._run_batched(query, rows)

    def _run_batched(self, query: str, rows: Sequence[dict[str, Any] | list[Any]], batch_size: int = 10_000) -> int:
        """Run ``query`` over ``$rows`` (maps, or lists in the query's column order) in batches."""
        for start in range(0, len(rows), batch_size):
            self._run(query, {"rows": rows[start : start + batch_size]})
        return len(rows)

    def upsert_relation_columns(self, columns: RelationColumns) -> int:
        """See :meth:`GraphStore.upsert_relation_columns`: one transaction, or (where
        :attr:`BULK_WRITE_IN_ONE_TRANSACTION` is false) one per 10,000 rows; either way writing
        the same rows again completes an interrupted write and changes nothing else."""
        by_type = columns.by_type()
        if not by_type:
            return 0
        self._require_relation_types(by_type)
        self._require_actors(_end_ids(by_type.values()))
        with self._transaction() if self.BULK_WRITE_IN_ONE_TRANSACTION else contextlib.nullcontext():
            for rel_type, rows in by_type.items():
                if self._has_relations(rel_type):
                    self._bulk_write_relations(rel_type, rows)
                else:  # nothing stored to compare with: every row is new
                    self._create_relations(rel_type, rows, into_empty=True)
        return sum(rows.num_rows for rows in by_type.values())

    def _has_relations(self, rel_type: str) -> bool:
        return bool(self._run(self.Q.any_relation(rel_type)))

    @abc.abstractmethod
    def _bulk_write_relations(self, rel_type: str, rows: pa.Table) -> None:
        """Insert or update many relations of one type (one row per id), as fast as the engine allows."""

    @abc.abstractmethod
    def _create_relations(self, rel_type: str, rows: pa.Table, into_empty: bool = False) -> None:
        """Create relations known to be new (``into_empty``: the type has no relation stored yet)."""

    def _require_actors(self, ids: set[str]) -> None:
        if not ids:
            return
        missing = [row[0] for row in self._run(self.Q.MISSING_ACTORS, {"ids": sorted(ids)})]
        if missing:
            raise NotFound(f"relations point at unknown actors: {', '.join(sorted(missing)[:5])}")

    def write_documents(self, documents: Sequence[DocumentGraph]) -> list[DocumentWrite]:
        if not documents:
            return []
        self._require_relation_types({r.type for d in documents for r in d.relations})
        with self._transaction():
            ids = list(dict.fromkeys(d.article.id for d in documents))
            stored = dict(self._run(self.Q.ARTICLE_SHAS, {"ids": ids}))
            outcomes, last = _document_outcomes(documents, stored)
            written = [d for i, d in enumerate(documents) if last.get(d.article.id) == i]
            replaced = sorted({d.article.id for d in written} & stored.keys())
            if replaced:
                self._delete_articles_contents(replaced)
            actors = [a for d in written for a in d.actors]
            known = {a.id for a in self.get_actors([a.id for a in actors])}
            self.upsert_actors(actors)
            self.upsert_articles([d.article for d in written])
            relations = RelationColumns.from_relations(r for d in written for r in d.relations).by_type()
            self._require_actors(_end_ids(relations.values()))
            for rel_type, rows in relations.items():
                self._create_relations(rel_type, rows)
            self.upsert_mentions([m for d in written for m in d.mentions])
            self.upsert_affiliations([f for d in written for f in d.affiliations])
        new_actors = {a.id for a in actors} - known
        return [_with_new_actors(o, d, new_actors) for o, d in zip(outcomes, documents, strict=True)]

    def _delete_articles_contents(self, article_ids: list[str]) -> int:
        removed = self._run(self.Q.DELETE_ARTICLES_RELATIONS, {"types": self.relation_types(), "ids": article_ids})
        self._run(self.Q.DELETE_ARTICLES, {"ids": article_ids})
        return int(removed[0][0] or 0) if removed else 0

    def delete_article(self, article_id: str) -> int:
        if not self.get_articles([article_id]):
            raise NotFound(f"no article with id {article_id!r}")
        with self._transaction():
            touched = [row[0] for row in self._run(_ARTICLE_ACTORS, {"id": article_id})]
            removed = self._delete_articles_contents([article_id])
            self._run(self.Q.DELETE_ORPHAN_ACTORS, {"ids": touched, "types": self.relation_types()})
        return removed

    # -- corrections ---------------------------------------------------------------------

    def merge_actors(self, keep_id: str, drop_id: str, made_by: str | None = None) -> Actor:
        if keep_id == drop_id:
            raise QueryError("cannot merge an actor into itself")
        return self._merge(new_correction("merge", keep_id, made_by, merged_id=drop_id))

    def set_reviewed(self, actor_id: str, reviewed: bool = True, made_by: str | None = None) -> Actor:
        return self._review(new_correction("review", actor_id, made_by, reviewed=reviewed))

    def rename_actor(self, actor_id: str, name: str, made_by: str | None = None) -> Actor:
        name = " ".join(name.split())
        if not name:
            raise QueryError("a new name cannot be empty")
        return self._rename(new_correction("rename", actor_id, made_by, name=name))

    def _merge(self, correction: Correction) -> Actor:
        keep_id, drop_id = correction.actor_id, str(correction.merged_id)
        keep, drop = self.get_actor(keep_id), self.get_actor(drop_id)
        merged = keep.model_copy(update={"aliases": pool_aliases(keep, drop), "reviewed": True})
        params = {"keep": keep_id, "drop": drop_id}
        with self._transaction():
            before = self._before_merge(keep, drop)
            for rel_type in self.relation_types():
                for statement in self.Q.move_relations(rel_type):
                    self._run(statement, params)
            for statement in (self.Q.MOVE_MENTIONS, self.Q.MOVE_AFFILIATIONS_OUT, self.Q.MOVE_AFFILIATIONS_IN):
                self._run(statement, params)
            self._run(self.Q.DELETE_ACTOR, {"id": drop_id})
            self._write_actors([merged])
            self._log(correction.model_copy(update={"before": before}))
        return merged

    def _before_merge(self, keep: Actor, drop: Actor) -> StoreBefore:
        """What a merge of ``drop`` into ``keep`` changes, as it is now."""
        relations = self.relations(GraphFilter(actor_ids=[drop.id]), limit=None)
        mentions = [
            Mention(article_id=x, actor_id=a, count=n)
            for x, a, n in self._run(self.Q.ACTOR_MENTIONS, {"ids": [keep.id, drop.id]})
        ]
        dropped_in = {m.article_id for m in mentions if m.actor_id == drop.id}
        affiliations = self.affiliations([drop.id])
        partners = {_other_end(a, drop.id) for a in affiliations}
        # the kept actor's affiliations with the same actors: a merge may give them a role
        affiliations += [
            a
            for a in self.affiliations([keep.id])
            if drop.id not in (a.actor_id, a.organisation_id) and _other_end(a, keep.id) in partners
        ]
        return StoreBefore(
            actors=[keep, drop],
            relations=relations,
            mentions=[m for m in mentions if m.article_id in dropped_in],
            affiliations=affiliations,
        )

    def _review(self, correction: Correction) -> Actor:
        actor = self.get_actor(correction.actor_id)
        with self._transaction():
            self._run(self.Q.SET_REVIEWED, {"id": actor.id, "reviewed": correction.reviewed})
            self._log(correction.model_copy(update={"before": StoreBefore(actors=[actor])}))
        return self.get_actor(actor.id)

    def _rename(self, correction: Correction) -> Actor:
        actor, name = self.get_actor(correction.actor_id), str(correction.name)
        aliases = [a for a in dict.fromkeys([*actor.aliases, actor.name]) if a != name]
        renamed = actor.model_copy(update={"name": name, "aliases": aliases, "reviewed": True})
        with self._transaction():
            self._write_actors([renamed])
            self._log(correction.model_copy(update={"before": StoreBefore(actors=[actor])}))
        return renamed

    def _log(self, correction: Correction) -> None:
        """Append a correction to the log (inside the caller's transaction), numbered after the last."""
        last = self._run(self.Q.LAST_CORRECTION_SEQ)
        numbered = correction.model_copy(update={"seq": int(last[0][0] or 0) + 1 if last else 1})
        self._run(self.Q.WRITE_CORRECTION, correction_params(numbered))

    def corrections(self) -> list[Correction]:
        return [correction_from_row(row) for row in self._run(self.Q.CORRECTIONS)]

    def last_correction(self) -> Correction | None:
        rows = self._run(self.Q.LAST_PENDING_CORRECTION)
        return correction_from_row(rows[0]) if rows else None

    def undo_last_correction(self, made_by: str | None = None) -> Correction:
        pending = self.last_correction()
        if pending is None:
            raise NotFound("there is no correction to undo")
        last = undone(pending, made_by)
        with self._transaction():
            if last.before is not None:
                self._restore(last)
            params = correction_params(last)
            self._run(self.Q.MARK_UNDONE, {p: params[p] for p in ("id", "undone_by", "undone_at")})
        return last

    def _restore(self, correction: Correction) -> None:
        """Put back what a correction changed (inside the caller's transaction)."""
        before = cast("StoreBefore", correction.before)
        self._write_actors(before.actors)  # the actor merged away comes back; the others as they were
        if correction.kind != "merge":
            return
        keep_id, drop_id = correction.actor_id, str(correction.merged_id)
        for rel_type, rows in RelationColumns.from_relations(before.relations).by_type().items():
            self._restore_relations(rel_type, rows)
        # mentions and affiliations of the kept actor the merge touched, as they were
        articles = sorted({m.article_id for m in before.mentions if m.actor_id == drop_id})
        self._run_rows(self.Q.DELETE_MENTIONS, [{"article_id": a, "actor_id": keep_id} for a in articles])
        self.upsert_mentions(before.mentions)
        partners = sorted({_other_end(a, drop_id) for a in before.affiliations if drop_id in (a.actor_id, a.organisation_id)})
        pairs = [{"actor_id": keep_id, "organisation_id": p} for p in partners]
        self._run_rows(self.Q.DELETE_AFFILIATIONS, pairs + [{"actor_id": p, "organisation_id": keep_id} for p in partners])
        self.upsert_affiliations(before.affiliations)

    def _restore_relations(self, rel_type: str, rows: pa.Table) -> None:
        """Give the relations of ``rows`` their ends back: those still stored (moved by the merge)."""
        if rel_type not in self._types:
            return
        present = [row[0] for row in self._run(self.Q.relation_ids(rel_type), {"ids": rows.column("id").to_pylist()})]
        if present:
            self._run(self.Q.delete_relations(rel_type), {"ids": present})
            self._create_relations(rel_type, rows.filter(pc.is_in(rows.column("id"), pa.array(present, pa.string()))))

    def _run_rows(self, query: str, rows: list[dict[str, Any]]) -> None:
        if rows:  # an empty list has no element type to read
            self._run(query, {"rows": rows})

    def apply_correction(self, correction: Correction) -> bool:
        if self._run(self.Q.CORRECTION_IDS, {"ids": [correction.id]}):
            return False
        record = correction.model_copy(update={"before": None})
        needed = [record.actor_id] + ([str(record.merged_id)] if record.kind == "merge" else [])
        if record.undone or len(self.get_actors(needed)) < len(needed):
            with self._transaction():
                self._log(record)
            return True
        {"merge": self._merge, "review": self._review, "rename": self._rename}[record.kind](record)
        return True

    # -- reads -------------------------------------------------------------------------

    def get_actors(self, ids: Sequence[str]) -> list[Actor]:
        if not ids:
            return []
        return [actor_from_row(row) for row in self._run(self.Q.GET_ACTORS, {"ids": list(dict.fromkeys(ids))})]

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        if not ids:
            return []
        return [article_from_row(row) for row in self._run(self.Q.get_articles(), {"ids": list(dict.fromkeys(ids))})]

    def list_articles(self, limit: int = 1000) -> list[Article]:
        return [article_from_row(row) for row in self._run(self.Q.list_articles(), {"limit": limit})]

    def search_actors(self, text: str, limit: int = 10) -> list[Actor]:
        needle = text.strip().lower()
        if not needle:
            return []
        return [actor_from_row(row) for row in self._run(self.Q.SEARCH_ACTORS, {"text": needle, "limit": limit})]

    def _where(self, graph_filter: GraphFilter | None) -> tuple[str, dict[str, Any]] | None:
        """The filter's condition and parameters, or None when no relation type is left."""
        types = self.relation_types()
        if graph_filter and graph_filter.relation_types is not None:
            wanted = set(graph_filter.relation_types)
            types = [t for t in types if t in wanted]
        if not types:
            return None
        return relation_filter(graph_filter, types, self.Q.TYPE)

    def relations(self, graph_filter: GraphFilter | None = None, limit: int | None = 10_000) -> list[Relation]:
        if graph_filter is not None and graph_filter.actor_ids:
            return self._relations_touching(graph_filter, graph_filter.actor_ids, limit)
        where = self._where(graph_filter)
        if where is None:
            return []
        clause, params = where
        if limit is not None:
            params["limit"] = limit
        return [relation_from_row(row) for row in self._run(self.Q.relations(clause, limit is not None), params)]

    def _relations_touching(self, graph_filter: GraphFilter, actor_ids: list[str], limit: int | None) -> list[Relation]:
        """The relations of a filter naming actors: those from them and those into them, merged
        newest first (a missing date first, then ties by id, as the engines order them)."""
        where = self._where(graph_filter.model_copy(update={"actor_ids": None}))
        if where is None:
            return []
        clause, params = where
        named = list(dict.fromkeys(actor_ids))
        params["actor_ids"] = named
        if limit is not None:
            params["limit"] = limit
        leaving, entering = (self._run(q, params) for q in self.Q.relations_touching(clause, limit is not None))
        among = set(named)
        # one among the actors came both ways; each side's newest `limit` still hold the overall newest
        found = [relation_from_row(row) for row in leaving] + [relation_from_row(row) for row in entering if row[1] not in among]
        found.sort(key=_newest_first)
        return found if limit is None else found[:limit]

    def edge_summary(self, graph_filter: GraphFilter | None = None) -> list[EdgeSummary]:
        where = self._where(graph_filter)
        if where is None:
            return []
        return [edge_from_row(row) for row in self._run(self.Q.edge_summary(where[0]), where[1])]

    def edge_columns(self, graph_filter: GraphFilter | None = None) -> EdgeColumns:
        where = self._where(graph_filter)
        if where is None:
            return EdgeColumns()
        return edge_columns_from_rows(self._run(self.Q.edge_summary(where[0]), where[1]))

    def relations_between(self, a: str, b: str, graph_filter: GraphFilter | None = None) -> list[Relation]:
        # the pair replaces any actor filter, as in the generic version
        where = self._where((graph_filter or GraphFilter()).model_copy(update={"actor_ids": None}))
        if where is None:
            return []
        clause, params = where
        rows = self._run(self.Q.relations_between(clause), {**params, "pair": [a, b]})
        found = [relation_from_row(row) for row in rows]
        # both ends in {a, b}: keep a–b and b–a, not a's or b's loops (unless a is b)
        return [r for r in found if (r.source_id != r.target_id) == (a != b)]

    def relation_counts(self, actor_id: str, graph_filter: GraphFilter | None = None) -> dict[str, tuple[int, int]]:
        where = self._where(graph_filter)
        if where is None:
            return {}
        clause, params = where
        leaving, entering = (dict(self._run(q, {**params, "actor": actor_id})) for q in self.Q.relation_counts(clause))
        return {t: (leaving.get(t, 0), entering.get(t, 0)) for t in sorted(leaving.keys() | entering.keys())}

    def timeline(self, graph_filter: GraphFilter | None = None, group_by: str = "type") -> list[TimelinePoint]:
        if group_by not in ("type", "quad_class"):
            raise QueryError("timeline groups by 'type' or 'quad_class'")
        where = self._where(graph_filter)
        if where is None:
            return []
        group_expr = self.Q.TYPE if group_by == "type" else "e.quad_class"
        rows = self._run(self.Q.timeline(where[0], group_expr), where[1])
        points = [timeline_point_from_row(row) for row in rows]
        return sorted(points, key=lambda p: (p.period, p.group))

    def _neighbour_pairs(self, actor_ids: Sequence[str], graph_filter: GraphFilter) -> list[tuple[str, str]]:
        where = self._where(graph_filter)
        if where is None or not actor_ids:
            return []
        clause, params = where
        rows = self._run(self.Q.neighbour_pairs(clause), {**params, "frontier": list(actor_ids)})
        frontier = set(actor_ids)
        pairs = {(s, t) for s, t in rows if s in frontier} | {(t, s) for s, t in rows if t in frontier}
        return sorted(pairs)

    def affiliations(self, actor_ids: Sequence[str]) -> list[Affiliation]:
        rows = self._run(self.Q.AFFILIATIONS, {"ids": list(actor_ids)})
        return [Affiliation(actor_id=a, organisation_id=o, role=r) for a, o, r in rows]

    def extractor_names(self) -> list[str]:
        types = self.relation_types()
        return sorted(row[0] for row in self._run(self.Q.EXTRACTORS, {"types": types}) if row[0]) if types else []

    def relation_table(self) -> pa.Table:
        types = self.relation_types()
        if not types:
            return RELATION_INDEX_SCHEMA.empty_table()
        return self._run_table(self.Q.relation_index(), {"types": types}, RELATION_INDEX_SCHEMA)

    def actor_table(self) -> pa.Table:
        table = self._run_table(self.Q.ACTOR_INDEX, {}, ACTOR_INDEX_SCHEMA)
        return table.set_column(2, "reviewed", pc.fill_null(table.column("reviewed"), False))

    def _run_table(self, query: str, params: dict[str, Any], schema: pa.Schema) -> pa.Table:
        """A read's rows as an Arrow table of ``schema`` (its columns in the query's order);
        dates may come as ``YYYY-MM-DD`` text. An engine with a columnar result overrides it."""
        rows = self._run(query, params)
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
        return _as_schema(pa.table([pa.array(c) if c else pa.array([], pa.null()) for c in columns], names=schema.names), schema)

    def stats(self) -> Stats:
        nodes = {label: n for label, n in self._run(self.Q.COUNT_NODES) if n}
        rels = {label: n for label, n in self._run(self.Q.COUNT_RELATIONSHIPS) if n}
        return Stats(nodes=dict(sorted(nodes.items())), relationships=dict(sorted(rels.items())))


def _other_end(affiliation: Affiliation, actor_id: str) -> str:
    """The actor at the other end of an affiliation from ``actor_id``."""
    return affiliation.organisation_id if affiliation.actor_id == actor_id else affiliation.actor_id


def _as_schema(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` (the columns of ``schema``, in order) cast to its types; text dates parsed."""
    return pa.table([table.column(i).cast(field.type) for i, field in enumerate(schema)], schema=schema)


def _end_ids(tables: Iterable[pa.Table]) -> set[str]:
    """The actor ids at either end of the rows."""
    ends = [t.column(c) for t in tables for c in ("source_id", "target_id")]
    return set(pc.unique(pa.chunked_array(ends, pa.string())).to_pylist()) if ends else set()


def _with_new_actors(outcome: DocumentWrite, document: DocumentGraph, new_actors: set[str]) -> DocumentWrite:
    if outcome.status == "unchanged":
        return outcome
    return outcome.model_copy(update={"new_actor_ids": sorted({a.id for a in document.actors} & new_actors)})


def _document_outcomes(
    documents: Sequence[DocumentGraph], stored: dict[str, str | None]
) -> tuple[list[DocumentWrite], dict[str, int]]:
    """What writing the documents one after another does to each, and which version of each
    article is written (the last whose text is not the one stored before it)."""
    current = dict(stored)
    outcomes: list[DocumentWrite] = []
    last: dict[str, int] = {}
    for i, document in enumerate(documents):
        article = document.article
        if article.id in current and current[article.id] == article.text_sha256:
            outcomes.append(DocumentWrite(status="unchanged"))
            continue
        outcomes.append(
            DocumentWrite(status="replaced" if article.id in current else "written", relations=len(document.relations))
        )
        current[article.id] = article.text_sha256
        last[article.id] = i
    return outcomes, last


def _newest_first(relation: Relation) -> tuple[bool, int, str]:
    """The order of ``ORDER BY e.date DESC, e.id`` on both engines (a missing date sorts first)."""
    date = relation.date
    return date is not None, -date.toordinal() if date is not None else 0, relation.id
