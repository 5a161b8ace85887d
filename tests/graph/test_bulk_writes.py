"""Bulk writes on both engines: relation tables, documents in groups, the source of an edge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ladybug
import pyarrow as pa
import pytest

from actorgraph.graph import (
    Actor,
    Article,
    DocumentGraph,
    GraphFilter,
    GraphStore,
    Mention,
    Relation,
    open_store,
)
from actorgraph.graph.records import RelationColumns

ACTORS = [Actor(id=i, name=i, kind="state", code=i) for i in ("RUS", "UKR", "USA")]


def table(n: int, rel_type: str = "ATTACKS", **columns: list) -> pa.Table:
    base = {"type": [rel_type] * n, "source_id": ["RUS"] * n, "target_id": ["UKR"] * n, "id": [f"e{i}" for i in range(n)],
            "date": [dt.date(2024, 1, 1 + i % 28) for i in range(n)], "extractor": ["gdelt"] * n}  # fmt: skip
    return pa.table({**base, **columns})


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"type": ["attacks"]}, "must be an upper-case identifier"),
        ({"id": [""]}, "every relation needs a id"),
        ({"goldstein": [11.0]}, "goldstein must be between -10.0 and 10.0"),
        ({"quad_class": [5]}, "quad_class must be between 1 and 4"),
        ({"modality": ["rumoured"]}, "modality 'rumoured' is not one of"),
        ({"latitude": [91.0]}, "latitude must be between"),
    ],
)
def test_relation_columns_hold_the_rules_of_relation_records(columns: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RelationColumns.from_arrow(table(1, **columns))


def test_a_large_table_is_written_once_and_again_changes_nothing(empty_store: GraphStore) -> None:
    empty_store.upsert_actors(ACTORS)
    rows = table(5000, location=["Kharkiv"] * 5000, latitude=[49.98] * 5000, longitude=[36.25] * 5000)
    assert empty_store.upsert_relation_columns(RelationColumns.from_arrow(rows)) == 5000
    changed = rows.set_column(rows.schema.get_field_index("extractor"), "extractor", pa.array(["acled"] * 5000))
    empty_store.upsert_relation_columns(RelationColumns.from_arrow(changed.slice(0, 10)))  # ten updated
    empty_store.upsert_relation_columns(RelationColumns.from_arrow(rows.slice(10)))  # the rest as they were
    assert empty_store.stats().relationships == {"ATTACKS": 5000}
    assert len(empty_store.relations(GraphFilter(extractors=["acled"]), limit=None)) == 10
    stored = empty_store.relations(GraphFilter(extractors=["gdelt"]), limit=1)[0]
    assert (stored.location, stored.latitude, stored.longitude) == ("Kharkiv", 49.98, 36.25)
    assert (stored.modality, stored.confidence) == ("asserted", 1.0)


def test_the_last_row_of_an_id_wins_within_a_batch(empty_store: GraphStore) -> None:
    empty_store.upsert_actors(ACTORS)
    rows = [Relation(id="x", type="WARNS", source_id="RUS", target_id="USA", goldstein=g) for g in (-1.0, -2.0)]
    empty_store.upsert_relations(rows)
    assert [r.goldstein for r in empty_store.relations()] == [-2.0]


def document(article: str, sha: str, relations: list[tuple[str, str, str]]) -> DocumentGraph:
    return DocumentGraph(
        article=Article(id=article, text_sha256=sha),
        actors=ACTORS,
        relations=[
            Relation(id=f"{article}-{i}", type=t, source_id=s, target_id=o, article_id=article)
            for i, (s, t, o) in enumerate(relations)
        ],
        mentions=[Mention(article_id=article, actor_id="RUS", count=2)],
    )


def test_documents_written_in_one_group_end_as_if_written_one_by_one(empty_store: GraphStore) -> None:
    first = document("a1", "s1", [("RUS", "ATTACKS", "UKR")])
    second = document("a2", "s2", [("USA", "WARNS", "RUS")])
    changed = document("a1", "s1b", [("RUS", "WARNS", "USA")])
    outcomes = empty_store.write_documents([first, second, first, changed])
    assert [o.status for o in outcomes] == ["written", "written", "unchanged", "replaced"]
    assert outcomes[0].new_actor_ids == ["RUS", "UKR", "USA"]
    assert {(r.id, r.type) for r in empty_store.relations(limit=None)} == {("a1-0", "WARNS"), ("a2-0", "WARNS")}
    again = empty_store.write_documents([changed, second])
    assert [o.status for o in again] == ["unchanged", "unchanged"]
    replaced = empty_store.write_documents([first])
    assert replaced[0].status == "replaced"
    assert {(r.id, r.type) for r in empty_store.relations(limit=None)} == {("a1-0", "ATTACKS"), ("a2-0", "WARNS")}


def test_a_failing_group_writes_none_of_its_documents(empty_store: GraphStore) -> None:
    good = document("a1", "s1", [("RUS", "ATTACKS", "UKR")])
    bad = document("a2", "s2", [("RUS", "ATTACKS", "nobody")])
    with pytest.raises(Exception, match="unknown actors: nobody"):
        empty_store.write_documents([good, bad])
    assert empty_store.stats().nodes == {}


def test_an_embedded_store_of_an_older_version_gains_the_new_properties(tmp_path: Path) -> None:
    db = ladybug.Database(str(tmp_path / "actorgraph.lbdb"))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Actor(id STRING PRIMARY KEY, name STRING, kind STRING, code STRING, country STRING,"
                 " role STRING, aliases STRING[], reviewed BOOLEAN)")  # fmt: skip
    conn.execute("CREATE REL TABLE WARNS(FROM Actor TO Actor, id STRING, date DATE, modality STRING, confidence DOUBLE,"
                 " cameo STRING, plover STRING, quad_class INT64, goldstein DOUBLE, sentence STRING, char_start INT64,"
                 " char_end INT64, article_id STRING, extractor STRING)")  # fmt: skip
    conn.execute("CREATE (:Actor {id: 'a', name: 'A', kind: 'state', aliases: [], reviewed: false})"
                 "-[:WARNS {id: 'old', extractor: 'actorgraph-rules/0.1'}]->"
                 "(:Actor {id: 'b', name: 'B', kind: 'state', aliases: [], reviewed: false})")  # fmt: skip
    conn.close()
    db.close()
    with open_store(tmp_path, read_only=True) as store:  # the new columns are added once, then it reads as asked
        assert {(r.id, r.location, r.source_mention) for r in store.relations()} == {("old", None, None)}
    with open_store(tmp_path) as store:
        store.upsert_relations([Relation(id="new", type="WARNS", source_id="a", target_id="b", location="Kyiv")])
        assert {(r.id, r.location) for r in store.relations()} == {("old", None), ("new", "Kyiv")}
    with open_store(tmp_path, read_only=True) as store:
        assert store.extractor_names() == ["actorgraph-rules/0.1"]
