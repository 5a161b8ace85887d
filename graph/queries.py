"""Every Cypher text the stores run, for both engines, in one place.

Values always travel as parameters. The only things ever put into a text are relation
type names (validated identifiers, checked again here) and the fixed filter fragments
below, chosen by which filter fields are set.

>>> clause, params = relation_filter(GraphFilter(min_confidence=0.5), ["WARNS"], "type(e)")
>>> clause
'type(e) IN $types AND e.confidence >= $min_confidence'
>>> params["min_confidence"]
0.5
"""

from __future__ import annotations

from typing import Any, ClassVar

import pyarrow as pa

from actorgraph.graph.records import (
    RELATION_COLUMN_TYPES,
    RELATION_INDEX_SCHEMA,
    RELATION_PROPERTIES,
    GraphFilter,
    is_relation_type,
)

__all__ = [
    "ACTOR_PROPERTIES",
    "ARTICLE_PROPERTIES",
    "CORRECTION_PROPERTIES",
    "PING",
    "RELATION_PROPERTIES",
    "CypherDialect",
    "LadybugCypher",
    "Neo4jCypher",
    "relation_filter",
    "type_identifier",
]

ACTOR_PROPERTIES = ("id", "name", "kind", "code", "country", "sector", "role", "aliases", "reviewed")
ARTICLE_PROPERTIES = ("id", "title", "url", "source", "published", "ingested_at", "text_sha256")
# The corrections log's node (one per merge, review or rename): the fields of
# records.Correction, times as ISO text and ``before`` (what undo restores) as JSON text.
CORRECTION_PROPERTIES = (
    "id", "seq", "kind", "actor_id", "merged_id", "name", "reviewed", "made_by", "made_at", "undone_by", "undone_at", "before",
)  # fmt: skip
_ACTOR_COLUMNS = ", ".join(f"a.{p}" for p in ACTOR_PROPERTIES)

# The smallest read: whether the store answers at all.
PING = "RETURN 1 AS ok"

# Each filter field's condition over (s)-[e]->(t); relation_types is the `type IN $types` every
# condition starts with. A GraphFilter field without one here fails as the module loads.
_FILTER_FRAGMENTS = {
    "kinds": "s.kind IN $kinds AND t.kind IN $kinds",
    "date_from": "e.date >= $date_from",
    "date_to": "e.date <= $date_to",
    "modalities": "e.modality IN $modalities",
    "asserted_only": "e.modality = 'asserted'",
    "min_confidence": "e.confidence >= $min_confidence",
    "article_ids": "e.article_id IN $article_ids",
    "reviewed_only": "s.reviewed = true AND t.reviewed = true",
    "actor_ids": "(s.id IN $actor_ids OR t.id IN $actor_ids)",
    "extractors": "e.extractor IN $extractors",
}
if set(_FILTER_FRAGMENTS) != set(GraphFilter.model_fields) - {"relation_types"}:
    raise TypeError("every GraphFilter field but relation_types needs its condition in _FILTER_FRAGMENTS")


def type_identifier(name: str) -> str:
    """A relation type ready to stand in a Cypher text, or ValueError.

    >>> type_identifier("WARNS")
    'WARNS'
    """
    if not is_relation_type(name):
        raise ValueError(f"not a relation type: {name!r}")
    return name


def relation_filter(graph_filter: GraphFilter | None, types: list[str], type_expr: str) -> tuple[str, dict[str, Any]]:
    """The WHERE condition over ``(s)-[e]->(t)`` for a filter, and its parameters.

    ``types`` is the list of relation types to keep (already intersected with the filter's).
    """
    graph_filter = graph_filter or GraphFilter()
    parts = [f"{type_expr} IN $types"]
    params: dict[str, Any] = {"types": types}
    for field, fragment in _FILTER_FRAGMENTS.items():
        value = getattr(graph_filter, field)
        if value is None or value is False:
            continue
        parts.append(fragment)
        if value is not True:  # a switch's condition takes no parameter
            params[field] = value
    return " AND ".join(parts), params


# LadybugDB infers a parameter's type from its values, so a batch where a column is all
# null arrives as STRING; every typed column is cast on the way in.
# Every column not named here is STRING; a relation's come from its one declaration.
_LADYBUG_COLUMN_TYPES = {pa.string(): "STRING", pa.date32(): "DATE", pa.float64(): "DOUBLE", pa.int64(): "INT64"}
LADYBUG_TYPES = {
    **{name: _LADYBUG_COLUMN_TYPES[kind] for name, kind in RELATION_COLUMN_TYPES.items() if kind != pa.string()},
    "published": "DATE", "ingested_at": "TIMESTAMP", "aliases": "STRING[]", "reviewed": "BOOLEAN",
    "seq": "INT64",
}  # fmt: skip


def _ladybug_columns(properties: tuple[str, ...], key: str | None = None) -> str:
    """Column declarations of a LadybugDB table, ``key`` its primary key."""
    return ", ".join(f"{p} {LADYBUG_TYPES.get(p, 'STRING')}" + (" PRIMARY KEY" if p == key else "") for p in properties)


def _ladybug_value(prop: str, row: str = "r") -> str:
    """``r.prop`` cast to its column type where it has one."""
    cast = LADYBUG_TYPES.get(prop)
    return f"CAST({row}.{prop} AS {cast})" if cast else f"{row}.{prop}"


# LadybugDB's Python binding (0.22) never frees the date and timestamp objects it returns
# (32-40 bytes each): a server reading edge summaries leaks megabytes a minute. Read queries
# return those columns as ISO text instead, which actorgraph.graph.values turns back into dates.
_LADYBUG_TEMPORAL = {"date", "published", "ingested_at"}


def _ladybug_text(expr: str) -> str:
    return f"CAST({expr} AS STRING)"


def _ladybug_read(expr: str) -> str:
    """A returned property as LadybugDB should hand it over: dates and timestamps as text.

    >>> _ladybug_read("e.date"), _ladybug_read("e.id")
    ('CAST(e.date AS STRING)', 'e.id')
    """
    return _ladybug_text(expr) if expr.rsplit(".", 1)[-1] in _LADYBUG_TEMPORAL else expr


class CypherDialect:
    """The query texts an engine runs: those both dialects write alike are written here once.

    A dialect class gives the texts declared below without a value, and says how it names a
    relation's type (:attr:`TYPE`), returns a relation's and an article's properties
    (:attr:`RELATION_COLUMNS_OUT`, :attr:`ARTICLE_COLUMNS_OUT`) and hands over a date
    (:meth:`date_out`). A dialect that leaves one of them out fails when it is defined.
    """

    TYPE: ClassVar[str]
    RELATION_COLUMNS_OUT: ClassVar[str]
    ARTICLE_COLUMNS_OUT: ClassVar[str]
    SCHEMA: ClassVar[tuple[str, ...]]
    MERGE_ACTORS: ClassVar[str]
    MERGE_ARTICLES: ClassVar[str]
    MERGE_MENTIONS: ClassVar[str]
    MERGE_AFFILIATIONS: ClassVar[str]
    SEARCH_ACTORS: ClassVar[str]
    COUNT_NODES: ClassVar[str]
    COUNT_RELATIONSHIPS: ClassVar[str]
    DELETE_ARTICLES_RELATIONS: ClassVar[str]
    ARTICLE_SHAS: ClassVar[str]
    EXTRACTORS: ClassVar[str]
    DELETE_ORPHAN_ACTORS: ClassVar[str]
    MOVE_MENTIONS: ClassVar[str]
    MOVE_AFFILIATIONS_OUT: ClassVar[str]
    MOVE_AFFILIATIONS_IN: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in CypherDialect.__annotations__ if not hasattr(cls, name)]
        if missing:
            raise TypeError(f"{cls.__name__} lacks {', '.join(missing)}")

    @staticmethod
    def date_out(expr: str) -> str:
        """A date or timestamp expression as the engine's reads return it."""
        return expr

    @staticmethod
    def date_text(expr: str) -> str:
        """A date expression as ``YYYY-MM-DD`` text (null stays null)."""
        return f"toString({expr})"

    @classmethod
    def relation_index(cls) -> str:
        """Every relation of the types ``$types``, in :data:`~actorgraph.graph.records.RELATION_INDEX_SCHEMA` column order."""
        named = {"source_id": "s.id", "target_id": "t.id", "type": cls.TYPE, "date": cls.date_text("e.date")}
        columns = ", ".join(named.get(name, f"e.{name}") for name in RELATION_INDEX_SCHEMA.names)
        return f"MATCH (s:Actor)-[e]->(t:Actor) WHERE {cls.TYPE} IN $types RETURN {columns}"

    ACTOR_INDEX = "MATCH (a:Actor) RETURN a.id, a.kind, a.reviewed"

    @staticmethod
    def move_relations(rel_type: str) -> tuple[str, ...]:
        """Statements that move every ``rel_type`` edge at actor ``$drop`` onto actor ``$keep``."""
        raise NotImplementedError

    MISSING_ACTORS = "UNWIND $ids AS i OPTIONAL MATCH (a:Actor {id: i}) WITH i, a WHERE a IS NULL RETURN i"
    GET_ACTORS = f"UNWIND $ids AS i MATCH (a:Actor {{id: i}}) RETURN {_ACTOR_COLUMNS}"
    AFFILIATIONS = "MATCH (a:Actor)-[f:AFFILIATED_WITH]->(o:Actor) WHERE a.id IN $ids OR o.id IN $ids RETURN a.id, o.id, f.role"
    DELETE_ARTICLES = "MATCH (a:Article) WHERE a.id IN $ids DETACH DELETE a"
    SET_REVIEWED = "MATCH (a:Actor {id: $id}) SET a.reviewed = $reviewed"
    DELETE_ACTOR = "MATCH (a:Actor {id: $id}) DETACH DELETE a"

    # the corrections log
    WRITE_CORRECTION = "CREATE (c:Correction {" + ", ".join(f"{p}: ${p}" for p in CORRECTION_PROPERTIES) + "})"
    LAST_CORRECTION_SEQ = "MATCH (c:Correction) RETURN coalesce(max(c.seq), 0)"
    # the log without what undoing each correction needs (large for a merge): the last one has it
    CORRECTIONS = (
        "MATCH (c:Correction) RETURN "
        + ", ".join(f"c.{p}" if p != "before" else "NULL" for p in CORRECTION_PROPERTIES)
        + " ORDER BY c.seq"
    )
    LAST_PENDING_CORRECTION = (
        "MATCH (c:Correction) WHERE c.undone_at IS NULL RETURN "
        + ", ".join(f"c.{p}" for p in CORRECTION_PROPERTIES)
        + " ORDER BY c.seq DESC LIMIT 1"
    )
    CORRECTION_IDS = "MATCH (c:Correction) WHERE c.id IN $ids RETURN c.id"
    MARK_UNDONE = "MATCH (c:Correction {id: $id}) SET c.undone_by = $undone_by, c.undone_at = $undone_at"
    # what undoing a merge reads and puts back
    ACTOR_MENTIONS = "MATCH (x:Article)-[m:MENTIONS]->(a:Actor) WHERE a.id IN $ids RETURN x.id, a.id, m.count"
    DELETE_MENTIONS = (
        "UNWIND $rows AS r MATCH (x:Article)-[m:MENTIONS]->(a:Actor) WHERE x.id = r.article_id AND a.id = r.actor_id DELETE m"
    )
    DELETE_AFFILIATIONS = (
        "UNWIND $rows AS r MATCH (a:Actor)-[f:AFFILIATED_WITH]->(o:Actor)"
        " WHERE a.id = r.actor_id AND o.id = r.organisation_id DELETE f"
    )

    @staticmethod
    def relation_ids(rel_type: str) -> str:
        """The ids among ``$ids`` that a ``rel_type`` relation has."""
        return f"MATCH ()-[e:{type_identifier(rel_type)}]->() WHERE e.id IN $ids RETURN e.id"

    @staticmethod
    def delete_relations(rel_type: str) -> str:
        """Delete the ``rel_type`` relations whose id is in ``$ids``."""
        return f"MATCH ()-[e:{type_identifier(rel_type)}]->() WHERE e.id IN $ids DELETE e"

    @staticmethod
    def any_relation(rel_type: str) -> str:
        """One relation of a type, if there is any."""
        return f"MATCH ()-[e:{type_identifier(rel_type)}]->() RETURN e.id LIMIT 1"

    @classmethod
    def get_articles(cls) -> str:
        """The articles with ids in ``$ids``."""
        return f"UNWIND $ids AS i MATCH (a:Article {{id: i}}) RETURN {cls.ARTICLE_COLUMNS_OUT}"

    @classmethod
    def list_articles(cls) -> str:
        """The newest ``$limit`` articles."""
        return f"MATCH (a:Article) RETURN {cls.ARTICLE_COLUMNS_OUT} ORDER BY a.published DESC, a.id LIMIT $limit"

    @classmethod
    def _returned(cls) -> str:
        return f"{cls.TYPE}, s.id, t.id, {cls.RELATION_COLUMNS_OUT}"

    @classmethod
    def relations(cls, where: str, limited: bool) -> str:
        tail = " LIMIT $limit" if limited else ""
        return f"MATCH (s:Actor)-[e]->(t:Actor) WHERE {where} RETURN {cls._returned()} ORDER BY e.date DESC, e.id{tail}"

    @classmethod
    def relations_touching(cls, where: str, limited: bool) -> tuple[str, str]:
        """Relations from ``$actor_ids``, then relations into them: two lookups from the actors'
        keys, where ``s.id IN $actor_ids OR t.id IN $actor_ids`` reads every relation. Each
        newest first, as :meth:`relations`; a relation among the actors comes in both (the
        caller drops the second: excluding it here makes LadybugDB read every relation again)."""
        tail = f" RETURN {cls._returned()} ORDER BY e.date DESC, e.id" + (" LIMIT $limit" if limited else "")
        return (
            f"MATCH (s:Actor)-[e]->(t:Actor) WHERE s.id IN $actor_ids AND {where}{tail}",
            f"MATCH (s:Actor)-[e]->(t:Actor) WHERE t.id IN $actor_ids AND {where}{tail}",
        )

    @classmethod
    def relations_between(cls, where: str) -> str:
        """Relations with both ends in ``$pair`` (the two actors' primary keys bound, so no scan)."""
        return (
            f"MATCH (s:Actor)-[e]->(t:Actor) WHERE s.id IN $pair AND t.id IN $pair AND {where}"
            f" RETURN {cls._returned()} ORDER BY e.date DESC, e.id"
        )

    @classmethod
    def relation_counts(cls, where: str) -> tuple[str, str]:
        """Relations leaving ``$actor`` and entering it, counted per type (two lookups from its key)."""
        return (
            f"MATCH (s:Actor {{id: $actor}})-[e]->(t:Actor) WHERE {where} RETURN {cls.TYPE}, count(*)",
            f"MATCH (s:Actor)-[e]->(t:Actor {{id: $actor}}) WHERE {where} RETURN {cls.TYPE}, count(*)",
        )

    @classmethod
    def edge_summary(cls, where: str) -> str:
        """Relations folded per (source, target, type), in :class:`~actorgraph.graph.records.EdgeSummary` field order."""
        return (
            f"MATCH (s:Actor)-[e]->(t:Actor) WHERE {where} RETURN s.id, t.id, {cls.TYPE}, count(*), min(e.quad_class),"
            f" avg(e.goldstein), max(e.confidence), {cls.date_out('min(e.date)')}, {cls.date_out('max(e.date)')},"
            " collect(DISTINCT e.modality)"
        )

    @classmethod
    def timeline(cls, where: str, group_expr: str) -> str:
        """Dated relations counted per day and group."""
        return (
            f"MATCH (s:Actor)-[e]->(t:Actor) WHERE {where} AND e.date IS NOT NULL"
            f" RETURN {cls.date_out('e.date')}, {group_expr}, count(*)"
        )

    @staticmethod
    def neighbour_pairs(where: str) -> str:
        """The (source, target) pairs with an end in ``$frontier``."""
        return (
            f"MATCH (s:Actor)-[e]->(t:Actor) WHERE {where} AND (s.id IN $frontier OR t.id IN $frontier)"
            " RETURN DISTINCT s.id, t.id"
        )


class LadybugCypher(CypherDialect):
    """Query texts for the embedded LadybugDB engine (Kùzu's Cypher dialect)."""

    TYPE = "label(e)"
    RELATION_COLUMNS_OUT = ", ".join(_ladybug_read(f"e.{p}") for p in RELATION_PROPERTIES)
    ARTICLE_COLUMNS_OUT = ", ".join(_ladybug_read(f"a.{p}") for p in ARTICLE_PROPERTIES)

    @staticmethod
    def date_out(expr: str) -> str:
        return _ladybug_text(expr)

    @staticmethod
    def date_text(expr: str) -> str:
        return _ladybug_text(expr)

    SCHEMA = (
        f"CREATE NODE TABLE IF NOT EXISTS Actor({_ladybug_columns(ACTOR_PROPERTIES, 'id')})",
        f"CREATE NODE TABLE IF NOT EXISTS Article({_ladybug_columns(ARTICLE_PROPERTIES, 'id')})",
        "CREATE REL TABLE IF NOT EXISTS MENTIONS(FROM Article TO Actor, count INT64)",
        "CREATE REL TABLE IF NOT EXISTS AFFILIATED_WITH(FROM Actor TO Actor, role STRING)",
        f"CREATE NODE TABLE IF NOT EXISTS Correction({_ladybug_columns(CORRECTION_PROPERTIES, 'id')})",
    )

    @staticmethod
    def create_relation_table(rel_type: str) -> str:
        return (
            f"CREATE REL TABLE IF NOT EXISTS {type_identifier(rel_type)}(FROM Actor TO Actor,"
            f" {_ladybug_columns(RELATION_PROPERTIES)})"
        )

    SHOW_TABLES = "CALL show_tables() RETURN name, type"
    SHOW_MACROS = "CALL show_macros() RETURN name"
    # Neo4j's Cypher, which analysts write, names a relationship's type type(e); LadybugDB's
    # label(e) does the same. Name (upper case, as the engine lists it) -> definition.
    MACROS: ClassVar[dict[str, str]] = {"TYPE": "CREATE MACRO type(x) AS label(x)"}

    # A store written by an earlier version lacks the columns added since; they are added on open.
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {"Actor": ACTOR_PROPERTIES}

    @staticmethod
    def table_columns(table: str) -> str:
        """The column names of ``table`` (Actor, or a relation type)."""
        name = table if table in LadybugCypher.COLUMNS else type_identifier(table)
        return f"CALL table_info('{name}') RETURN name"

    @staticmethod
    def add_column(table: str, prop: str) -> str:
        name = table if table in LadybugCypher.COLUMNS else type_identifier(table)
        known = LadybugCypher.COLUMNS.get(table, RELATION_PROPERTIES)
        if prop not in known:
            raise ValueError(f"not a column of {table}: {prop!r}")
        return f"ALTER TABLE {name} ADD {prop} {LADYBUG_TYPES.get(prop, 'STRING')}"

    # node and structural-edge writes read an Arrow table ``$rows`` whose columns are the properties
    MERGE_ACTORS = "LOAD FROM $rows MERGE (a:Actor {id: id}) SET " + ", ".join(
        f"a.{p} = {p}" for p in ACTOR_PROPERTIES if p != "id"
    )
    MERGE_ARTICLES = "LOAD FROM $rows MERGE (a:Article {id: id}) SET " + ", ".join(
        f"a.{p} = {p}" for p in ARTICLE_PROPERTIES if p != "id"
    )

    @staticmethod
    def stored_relations(rel_type: str) -> str:
        """Id and properties (in :data:`RELATION_PROPERTIES` order) of the ids in the Arrow table ``$ids``."""
        props = ", ".join(f"e.{p}" for p in RELATION_PROPERTIES)
        return f"LOAD FROM $ids MATCH ()-[e:{type_identifier(rel_type)}]->() WHERE e.id = rid RETURN {props}"

    @staticmethod
    def update_relations(rel_type: str) -> str:
        sets = ", ".join(f"e.{p} = {_ladybug_value(p)}" for p in RELATION_PROPERTIES if p != "id")
        return f"UNWIND $rows AS r MATCH ()-[e:{type_identifier(rel_type)}]->() WHERE e.id = r.id SET {sets}"

    @staticmethod
    def create_relations(rel_type: str) -> str:
        """Create the relations of the Arrow table ``$rows`` (``source_id``, ``target_id`` and the properties).

        Not ``COPY`` into a table that already has rows: that forces a checkpoint at commit,
        which rewrites every relation table it touched (seconds per batch). Two separate
        ``MATCH`` clauses make two primary-key lookups per row; one ``MATCH`` with both
        patterns is planned as a cross product of all actors.
        """
        props = ", ".join(f"{p}: {p}" for p in RELATION_PROPERTIES)
        return (
            "LOAD FROM $rows MATCH (s:Actor {id: source_id}) MATCH (t:Actor {id: target_id})"
            f" CREATE (s)-[:{type_identifier(rel_type)} {{{props}}}]->(t)"
        )

    @staticmethod
    def copy_relations(rel_type: str) -> str:
        """Bulk-load the Arrow table ``$rows`` (``source_id``, ``target_id``, then :data:`RELATION_PROPERTIES`)
        into a relation table that has no rows yet: the engine's fastest write."""
        return f"COPY {type_identifier(rel_type)} FROM $rows"

    MERGE_MENTIONS = (
        "LOAD FROM $rows MATCH (d:Article {id: article_id}) MATCH (a:Actor {id: actor_id})"
        " MERGE (d)-[m:MENTIONS]->(a) SET m.count = count"
    )
    MERGE_AFFILIATIONS = (
        "LOAD FROM $rows MATCH (a:Actor {id: actor_id}) MATCH (o:Actor {id: organisation_id})"
        " MERGE (a)-[f:AFFILIATED_WITH]->(o) SET f.role = role"
    )

    SEARCH_ACTORS = (
        "MATCH (a:Actor) WHERE lower(a.name) CONTAINS $text OR lower(list_to_string('|', a.aliases)) CONTAINS $text"
        f" RETURN {_ACTOR_COLUMNS}"
        " ORDER BY CASE WHEN lower(a.name) STARTS WITH $text THEN 0 ELSE 1 END, size(a.name), a.name LIMIT $limit"
    )
    ARTICLE_SHAS = "UNWIND $ids AS i MATCH (a:Article {id: i}) RETURN a.id, a.text_sha256"
    EXTRACTORS = "MATCH ()-[e]->() WHERE label(e) IN $types RETURN DISTINCT e.extractor"

    COUNT_NODES = "MATCH (n) RETURN label(n), count(*)"
    COUNT_RELATIONSHIPS = "MATCH ()-[e]->() RETURN label(e), count(*)"

    DELETE_ARTICLES_RELATIONS = "MATCH ()-[e]->() WHERE label(e) IN $types AND e.article_id IN $ids DELETE e RETURN count(*)"
    # An unreviewed actor no article mentions and no relation touches (affiliations aside).
    DELETE_ORPHAN_ACTORS = (
        "MATCH (a:Actor) WHERE a.id IN $ids AND a.reviewed = false AND NOT EXISTS { MATCH (a)<-[:MENTIONS]-() }"
        " AND NOT EXISTS { MATCH (a)-[e]-(:Actor) WHERE label(e) IN $types } DETACH DELETE a"
    )

    # Merging two actors: LadybugDB cannot re-point an edge, so each is copied, then deleted.
    @staticmethod
    def move_relations(rel_type: str) -> tuple[str, ...]:
        """Copy every ``rel_type`` edge at the dropped actor onto the kept one (out, in, loops).

        The originals go when the dropped actor is detach-deleted.
        """
        props = ", ".join(f"{p}: e.{p}" for p in RELATION_PROPERTIES)
        ident = type_identifier(rel_type)
        return (
            f"MATCH (d:Actor {{id: $drop}})-[e:{ident}]->(t:Actor), (k:Actor {{id: $keep}}) WHERE t.id <> $drop"
            f" CREATE (k)-[:{ident} {{{props}}}]->(t)",
            f"MATCH (s:Actor)-[e:{ident}]->(d:Actor {{id: $drop}}), (k:Actor {{id: $keep}}) WHERE s.id <> $drop"
            f" CREATE (s)-[:{ident} {{{props}}}]->(k)",
            f"MATCH (d:Actor {{id: $drop}})-[e:{ident}]->(d2:Actor {{id: $drop}}), (k:Actor {{id: $keep}})"
            f" CREATE (k)-[:{ident} {{{props}}}]->(k)",
        )

    MOVE_MENTIONS = (
        "MATCH (x:Article)-[m:MENTIONS]->(d:Actor {id: $drop}), (k:Actor {id: $keep})"
        " MERGE (x)-[n:MENTIONS]->(k) ON CREATE SET n.count = m.count ON MATCH SET n.count = n.count + m.count"
    )
    MOVE_AFFILIATIONS_OUT = (
        "MATCH (d:Actor {id: $drop})-[f:AFFILIATED_WITH]->(o:Actor), (k:Actor {id: $keep}) WHERE o.id <> $keep"
        " AND o.id <> $drop MERGE (k)-[g:AFFILIATED_WITH]->(o) SET g.role = coalesce(g.role, f.role)"
    )
    MOVE_AFFILIATIONS_IN = (
        "MATCH (p:Actor)-[f:AFFILIATED_WITH]->(d:Actor {id: $drop}), (k:Actor {id: $keep}) WHERE p.id <> $keep"
        " AND p.id <> $drop MERGE (p)-[g:AFFILIATED_WITH]->(k) SET g.role = coalesce(g.role, f.role)"
    )


class Neo4jCypher(CypherDialect):
    """Query texts for Neo4j 5."""

    TYPE = "type(e)"
    RELATION_COLUMNS_OUT = ", ".join(f"e.{p}" for p in RELATION_PROPERTIES)
    ARTICLE_COLUMNS_OUT = ", ".join(f"a.{p}" for p in ARTICLE_PROPERTIES)

    SCHEMA = (
        "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE",
        "CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE",
        "CREATE INDEX actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name)",
        "CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind)",
        "CREATE CONSTRAINT correction_id IF NOT EXISTS FOR (c:Correction) REQUIRE c.id IS UNIQUE",
    )

    @staticmethod
    def relation_constraints(rel_type: str) -> tuple[str, ...]:
        ident = type_identifier(rel_type)
        lower = ident.lower()
        return (
            f"CREATE CONSTRAINT rel_{lower}_id IF NOT EXISTS FOR ()-[e:{ident}]-() REQUIRE e.id IS UNIQUE",
            f"CREATE INDEX rel_{lower}_article IF NOT EXISTS FOR ()-[e:{ident}]-() ON (e.article_id)",
            f"CREATE INDEX rel_{lower}_date IF NOT EXISTS FOR ()-[e:{ident}]-() ON (e.date)",
        )

    SHOW_RELATION_CONSTRAINTS = (
        "SHOW CONSTRAINTS YIELD entityType, labelsOrTypes WHERE entityType = 'RELATIONSHIP' RETURN labelsOrTypes"
    )
    RELATIONSHIP_TYPES = "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType"
    # answered from Neo4j's count store, without reading a node or relationship
    DATA_MARKER = ("MATCH (n) RETURN count(n)", "MATCH ()-[r]->() RETURN count(r)")

    MERGE_ACTORS = "UNWIND $rows AS r MERGE (a:Actor {id: r.id}) SET " + ", ".join(
        f"a.{p} = r.{p}" for p in ACTOR_PROPERTIES if p != "id"
    )
    MERGE_ARTICLES = (
        "UNWIND $rows AS r MERGE (a:Article {id: r.id}) SET a.title = r.title, a.url = r.url, a.source = r.source,"
        " a.published = r.published, a.ingested_at = r.ingested_at, a.text_sha256 = r.text_sha256"
    )

    # Relation rows travel as lists in this order, the date as ISO text: the driver packs
    # lists of plain values about four times faster than maps with a date object in them.
    RELATION_COLUMNS = ("source_id", "target_id", *RELATION_PROPERTIES)

    @staticmethod
    def _column(name: str) -> str:
        value = f"r[{Neo4jCypher.RELATION_COLUMNS.index(name)}]"
        return f"date({value})" if name == "date" else value

    @staticmethod
    def merge_relations(rel_type: str) -> str:
        """Create or update relations by id, from rows in :attr:`RELATION_COLUMNS` order."""
        sets = ", ".join(f"e.{p} = {Neo4jCypher._column(p)}" for p in RELATION_PROPERTIES if p != "id")
        return (
            f"UNWIND $rows AS r MATCH (s:Actor {{id: {Neo4jCypher._column('source_id')}}})"
            f" MATCH (t:Actor {{id: {Neo4jCypher._column('target_id')}}})"
            f" MERGE (s)-[e:{type_identifier(rel_type)} {{id: {Neo4jCypher._column('id')}}}]->(t) SET {sets}"
        )

    @staticmethod
    def create_relations(rel_type: str) -> str:
        """Create relations known to be new, from rows in :attr:`RELATION_COLUMNS` order.

        Cheaper than ``MERGE``, which walks the relationships of both ends (thousands for a hub).
        """
        sets = ", ".join(f"e.{p} = {Neo4jCypher._column(p)}" for p in RELATION_PROPERTIES)
        return (
            f"UNWIND $rows AS r MATCH (s:Actor {{id: {Neo4jCypher._column('source_id')}}})"
            f" MATCH (t:Actor {{id: {Neo4jCypher._column('target_id')}}})"
            f" CREATE (s)-[e:{type_identifier(rel_type)}]->(t) SET {sets}"
        )

    @staticmethod
    def stored_relations(rel_type: str) -> str:
        """Stored relations of the ids in ``$ids``, as rows in :attr:`RELATION_COLUMNS` order
        without the two ends (the date as ISO text), found through the id constraint's index.

        ``IN $ids``, not ``UNWIND``: one seek of many keys, where an unwound seek per id costs
        about 0.4 ms for an id that is not stored (forty times more).
        """
        props = ", ".join(f"toString(e.{p})" if p == "date" else f"e.{p}" for p in RELATION_PROPERTIES)
        return f"MATCH ()-[e:{type_identifier(rel_type)}]->() WHERE e.id IN $ids RETURN {props}"

    MERGE_MENTIONS = (
        "UNWIND $rows AS r MATCH (d:Article {id: r.article_id}) MATCH (a:Actor {id: r.actor_id})"
        " MERGE (d)-[m:MENTIONS]->(a) SET m.count = r.count"
    )
    MERGE_AFFILIATIONS = (
        "UNWIND $rows AS r MATCH (a:Actor {id: r.actor_id}) MATCH (o:Actor {id: r.organisation_id})"
        " MERGE (a)-[f:AFFILIATED_WITH]->(o) SET f.role = r.role"
    )
    SEARCH_ACTORS = (
        "MATCH (a:Actor) WHERE toLower(a.name) CONTAINS $text OR any(x IN a.aliases WHERE toLower(x) CONTAINS $text)"
        f" RETURN {_ACTOR_COLUMNS}"
        " ORDER BY CASE WHEN toLower(a.name) STARTS WITH $text THEN 0 ELSE 1 END, size(a.name), a.name LIMIT $limit"
    )
    ARTICLE_SHAS = "MATCH (a:Article) WHERE a.id IN $ids RETURN a.id, a.text_sha256"
    EXTRACTORS = "MATCH ()-[e]->() WHERE type(e) IN $types RETURN DISTINCT e.extractor"

    COUNT_NODES = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*)"
    COUNT_RELATIONSHIPS = "MATCH ()-[e]->() RETURN type(e), count(*)"

    DELETE_ARTICLES_RELATIONS = (
        "MATCH ()-[e]->() WHERE type(e) IN $types AND e.article_id IN $ids WITH e, count(*) AS n DELETE e RETURN sum(n)"
    )
    DELETE_ORPHAN_ACTORS = (
        "MATCH (a:Actor) WHERE a.id IN $ids AND a.reviewed = false AND NOT EXISTS { MATCH (a)<-[:MENTIONS]-() }"
        " AND NOT EXISTS { MATCH (a)-[e]-(:Actor) WHERE type(e) IN $types } DETACH DELETE a"
    )

    @staticmethod
    def move_relations(rel_type: str) -> tuple[str, ...]:
        """Re-create every ``rel_type`` edge at the dropped actor on the kept one, deleting the old.

        The old edge goes first: the copy carries the same id, which is unique by constraint.
        """
        ident = type_identifier(rel_type)
        return (
            f"MATCH (d:Actor {{id: $drop}})-[e:{ident}]->(t:Actor) MATCH (k:Actor {{id: $keep}})"
            " WITH e, k, CASE WHEN t = d THEN k ELSE t END AS target, properties(e) AS props DELETE e"
            f" WITH k, target, props CREATE (k)-[n:{ident}]->(target) SET n = props",
            f"MATCH (s:Actor)-[e:{ident}]->(d:Actor {{id: $drop}}) WHERE s <> d MATCH (k:Actor {{id: $keep}})"
            f" WITH s, k, e, properties(e) AS props DELETE e WITH s, k, props CREATE (s)-[n:{ident}]->(k) SET n = props",
        )

    MOVE_MENTIONS = (
        "MATCH (x:Article)-[m:MENTIONS]->(d:Actor {id: $drop}) MATCH (k:Actor {id: $keep})"
        " MERGE (x)-[n:MENTIONS]->(k) ON CREATE SET n.count = m.count ON MATCH SET n.count = n.count + m.count"
    )
    MOVE_AFFILIATIONS_OUT = (
        "MATCH (d:Actor {id: $drop})-[f:AFFILIATED_WITH]->(o:Actor) WHERE o.id <> $keep AND o.id <> $drop"
        " MATCH (k:Actor {id: $keep}) MERGE (k)-[g:AFFILIATED_WITH]->(o) SET g.role = coalesce(g.role, f.role)"
    )
    MOVE_AFFILIATIONS_IN = (
        "MATCH (p:Actor)-[f:AFFILIATED_WITH]->(d:Actor {id: $drop}) WHERE p.id <> $keep AND p.id <> $drop"
        " MATCH (k:Actor {id: $keep}) MERGE (p)-[g:AFFILIATED_WITH]->(k) SET g.role = coalesce(g.role, f.role)"
    )
