"""A store written by the previous version of actorgraph opens, and gains the new columns."""

from __future__ import annotations

from pathlib import Path

import ladybug

from actorgraph.graph import Actor, Relation, open_store
from actorgraph.graph.ladybug_store import DATABASE_FILE

# The schema and rows as the previous version wrote them: no sector, no mention offsets.
_OLD_SCHEMA = (
    "CREATE NODE TABLE Actor(id STRING PRIMARY KEY, name STRING, kind STRING, code STRING, country STRING,"
    " role STRING, aliases STRING[], reviewed BOOLEAN)",
    "CREATE NODE TABLE Article(id STRING PRIMARY KEY, title STRING, url STRING, source STRING, published DATE,"
    " ingested_at TIMESTAMP, text_sha256 STRING)",
    "CREATE REL TABLE MENTIONS(FROM Article TO Actor, count INT64)",
    "CREATE REL TABLE AFFILIATED_WITH(FROM Actor TO Actor, role STRING)",
    "CREATE REL TABLE WARNS(FROM Actor TO Actor, id STRING, date DATE, modality STRING, confidence DOUBLE, cameo STRING,"
    " plover STRING, quad_class INT64, goldstein DOUBLE, sentence STRING, char_start INT64, char_end INT64,"
    " article_id STRING, extractor STRING)",
    "CREATE (:Actor {id: 'RUS', name: 'Russia', kind: 'state', code: 'RUS', aliases: ['Kremlin'], reviewed: true})",
    "CREATE (:Actor {id: 'USA', name: 'United States', kind: 'state', code: 'USA', aliases: [], reviewed: true})",
    "MATCH (s:Actor {id: 'RUS'}), (t:Actor {id: 'USA'}) CREATE (s)-[:WARNS {id: 'r1', modality: 'asserted',"
    " confidence: 0.9, sentence: 'Russia warned the US.', char_start: 0, char_end: 21}]->(t)",
)


def _old_store(folder: Path) -> None:
    folder.mkdir()
    database = ladybug.Database(str(folder / DATABASE_FILE))
    connection = ladybug.Connection(database)
    for statement in _OLD_SCHEMA:
        connection.execute(statement)
    connection.close()
    database.close()


def test_an_old_store_opens_read_only_and_reads_what_it_held(tmp_path: Path) -> None:
    _old_store(tmp_path / "graph")
    with open_store(tmp_path / "graph", read_only=True) as store:
        (relation,) = store.relations()
        assert (relation.id, relation.source_mention, relation.source_start) == ("r1", None, None)
        assert store.get_actor("RUS").sector is None


def test_an_old_store_takes_the_new_fields_once_opened(tmp_path: Path) -> None:
    _old_store(tmp_path / "graph")
    with open_store(tmp_path / "graph") as store:
        store.upsert_actors([Actor(id="RUS-MIL", name="Russia · military", kind="state", code="RUS", sector="MIL")])
        new = Relation(
            id="r2",
            type="WARNS",
            source_id="RUS-MIL",
            target_id="USA",
            source_mention="Russian troops",
            source_start=0,
            source_end=14,
            target_mention="the US",
            target_start=20,
            target_end=26,
        )
        store.upsert_relations([new])
        assert store.get_actor("RUS-MIL").sector == "MIL"
        assert {r.id: r.target_mention for r in store.relations()} == {"r1": None, "r2": "the US"}
