"""User queries (the Cypher console, ``actorgraph query``) only ever read, on both engines.

Every trick below must be refused with one clear line and leave the store exactly as it was;
reads that merely mention a write keyword (in a string, a comment, a quoted name) must run.
Each user query also has a row limit and a time limit, and a runaway one does not hold up
the other readers of the store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from actorgraph.graph import Actor, Article, GraphStore, QueryError, QueryTimeout, ReadOnlyViolation, Relation

ACTORS = [
    Actor(id="RUS", name="Russia", kind="state", code="RUS"),
    Actor(id="UKR", name="Ukraine", kind="state", code="UKR"),
    Actor(id="kyiv-mayor", name="Kiév Mayor", kind="person"),
]
RELATIONS = [
    Relation(id="r1", type="ATTACKS", source_id="RUS", target_id="UKR", article_id="a1"),
    Relation(id="r2", type="WARNS", source_id="UKR", target_id="RUS", article_id="a1"),
]

# A cartesian product of two million-row lists: no engine finishes it within a second.
RUNAWAY = "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN sum(a + b) AS total"

WRITE_TRICKS = {
    "create": "CREATE (:Actor {id: 'x', name: 'x'})",
    "merge": "MERGE (a:Actor {id: 'x'})",
    "set": "MATCH (a:Actor {id: 'RUS'}) SET a.name = 'hacked'",
    "remove": "MATCH (a:Actor {id: 'RUS'}) REMOVE a.code",
    "delete": "MATCH ()-[e:WARNS]->() DELETE e",
    "detach-delete": "MATCH (a:Actor) DETACH DELETE a",
    "foreach": "MATCH (a:Actor) FOREACH (i IN [1] | SET a.name = 'x')",
    "load-csv-file": "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load-csv-url": "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row",
    "load-from": "LOAD FROM '/etc/passwd' (header=false, file_format='csv') RETURN *",
    "copy-to": "COPY (MATCH (a:Actor) RETURN a.id) TO '{out}'",
    "copy-from": "COPY Actor FROM '/etc/passwd'",
    "export-database": "EXPORT DATABASE '{out_dir}'",
    "import-database": "IMPORT DATABASE '/tmp'",
    "attach": "ATTACH '/tmp/other.lbdb' AS other (dbtype lbug)",
    "install-extension": "INSTALL httpfs",
    "load-extension": "LOAD EXTENSION httpfs",
    "write-procedure": "CALL db.createLabel('X')",
    "create-user-procedure": "CALL dbms.security.createUser('eve', 'secret123', false)",
    "unknown-procedure": "CALL apoc.create.node(['X'], {})",
    "backticked-procedure": "CALL `db.createLabel`('X')",
    "config-procedure": "CALL threads=1",
    "read-procedure-then-write": "CALL db.labels() YIELD label MERGE (:Actor {id: label})",
    "create-index": "CREATE INDEX actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name)",
    "drop-constraint": "DROP CONSTRAINT actor_id IF EXISTS",
    "drop-table": "DROP TABLE WARNS",
    "alter-table": "ALTER TABLE Actor ADD extra INT64",
    "create-user": "CREATE USER eve SET PASSWORD 'secret123'",
    "grant": "GRANT ROLE admin TO eve",
    "use-system": "USE system SHOW USERS",
    "terminate": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "in-transactions": "MATCH (a:Actor) CALL (a) { DETACH DELETE a } IN TRANSACTIONS",
    "subquery-write": "CALL { CREATE (:Actor {id: 'x'}) }",
    "begin": "BEGIN TRANSACTION",
    "checkpoint": "CHECKPOINT",
    "two-statements": "MATCH (n) RETURN n; MATCH (n) DELETE n",
    "read-then-write": "RETURN 1 AS x; CREATE (:Actor {id: 'x'})",
    "block-comment": "/* just a read */ CREATE (:Actor {id: 'x'})",
    "comments-between": "MATCH (a:Actor) /* harmless */ DETACH /* still */\nDELETE a",
    "mixed-case": "cReAtE (:Actor {id: 'x'})",
    "mixed-case-detach": "mAtCh (a:Actor) WITH a dEtAcH dElEtE a",
    "carriage-return-ends-comment": "MATCH (a:Actor {id: 'RUS'}) //\rSET a.name = 'hacked' RETURN a",
    "escaped-keyword": "WITH 1 AS x \\u0043REATE (:Actor {id: 'x'})",
    "escape-closes-string": "WITH 'a\\u0027 AS y LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l //' AS z RETURN z",
    "escaped-semicolon": "RETURN 1 AS x\\u003B MATCH (n) DETACH DELETE n",
    "keyword-after-string": "RETURN 'it\\'s' AS x CREATE (:Actor {id: 'x'})",
}

ALLOWED_READS = {
    "keyword-in-string": ("RETURN 'CREATE' AS x", [["CREATE"]]),
    "keywords-in-double-quotes": ('RETURN "DETACH DELETE; DROP" AS x', [["DETACH DELETE; DROP"]]),
    "keyword-in-comment": ("MATCH (a:Actor {id: 'RUS'}) RETURN a.name // CREATE, then SET", [["Russia"]]),
    "keyword-in-block-comment": ("/* MERGE (x) */ MATCH (a:Actor {id: 'UKR'}) RETURN a.name", [["Ukraine"]]),
    "keyword-as-quoted-name": ("MATCH (a:Actor {id: 'RUS'}) RETURN a.code AS `SET`", [["RUS"]]),
    "keyword-as-property-value": ("MATCH (a:Actor) WHERE a.name CONTAINS 'DELETE' RETURN count(a) AS n", [[0]]),
    "mixed-case-read": ("mAtCh (a:Actor) rEtUrN count(a) AS n", [[3]]),
    "trailing-semicolon": ("MATCH (a:Actor) RETURN count(a) AS n;", [[3]]),
    "escaped-letter-in-string": ("MATCH (a:Actor) WHERE a.name = 'Ki\\u00e9v Mayor' RETURN a.id", [["kyiv-mayor"]]),
    "parameter-named-like-a-clause": ("MATCH (a:Actor) WHERE a.id = $delete RETURN a.name", None),
}

CATALOGUE = {
    "embedded": "CALL show_tables() RETURN name ORDER BY name",
    "neo4j": "CALL db.labels() YIELD label RETURN label ORDER BY label",
}


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, open_engine_store: Callable[[str, Path], GraphStore]
) -> Iterator[GraphStore]:
    """One small store per engine for the whole module: every test leaves it unchanged."""
    opened = open_engine_store(request.param, tmp_path_factory.mktemp("read-only") / "graph")
    opened.upsert_actors(ACTORS)
    opened.upsert_articles([Article(id="a1", title="Shelling")])
    opened.upsert_relations(RELATIONS)
    try:
        yield opened
    finally:
        opened.close()


def snapshot(store: GraphStore) -> tuple:
    """Everything a write could change: counts, each actor's record, each relation's."""
    actors = sorted(a.model_dump_json() for a in store.get_actors([a.id for a in ACTORS]))
    return store.stats(), actors, sorted(r.id for r in store.relations()), store.relation_types()


@pytest.fixture(scope="module")
def original(store: GraphStore) -> tuple:
    return snapshot(store)


@pytest.mark.parametrize("cypher", list(WRITE_TRICKS.values()), ids=list(WRITE_TRICKS))
def test_write_tricks_are_refused_and_change_nothing(store: GraphStore, original: tuple, cypher: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    query = cypher.replace("{out}", str(out)).replace("{out_dir}", str(tmp_path / "export"))
    with pytest.raises(ReadOnlyViolation) as refused:
        store.query(query)
    message = str(refused.value)
    assert message.startswith("read-only: ") and "\n" not in message
    assert snapshot(store) == original
    assert list(tmp_path.iterdir()) == []  # no file written either


@pytest.mark.parametrize(("cypher", "expected"), list(ALLOWED_READS.values()), ids=list(ALLOWED_READS))
def test_reads_that_only_mention_write_keywords_run(store: GraphStore, cypher: str, expected: list | None) -> None:
    result = store.query(cypher, {"delete": "UKR"})
    assert result.rows == (expected if expected is not None else [["Ukraine"]])


def test_catalogue_procedures_may_be_called(store: GraphStore) -> None:
    names = [row[0] for row in store.query(CATALOGUE[store.engine]).rows]
    assert "Actor" in names


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (:Actor {id: 'x', name: 'x'})",
        "MATCH (a:Actor {id: 'RUS'}) SET a.name = 'hacked'",
        "MATCH (a:Actor) DETACH DELETE a",
    ],
)
def test_the_engine_refuses_writes_even_past_the_lexical_scan(
    store: GraphStore, original: tuple, cypher: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("actorgraph.graph.store.check_read_only", lambda _query: None)
    with pytest.raises(ReadOnlyViolation, match=r"^read-only: "):
        store.query(cypher)
    assert snapshot(store) == original


@pytest.mark.neo4j
def test_neo4j_refuses_load_csv_even_past_the_lexical_scan(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    if store.engine != "neo4j":
        pytest.skip("LOAD CSV is Neo4j's; LadybugDB's LOAD FROM is refused by the scan alone")
    monkeypatch.setattr("actorgraph.graph.store.check_read_only", lambda _query: None)
    with pytest.raises(ReadOnlyViolation, match="LOAD CSV"):
        store.query("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line")


@pytest.mark.parametrize("cypher", ["", "   \n", "// only a comment", "/* only */"])
def test_empty_queries_are_query_errors(store: GraphStore, cypher: str) -> None:
    with pytest.raises(QueryError):
        store.query(cypher)


def test_row_limit_truncates_and_says_so(store: GraphStore) -> None:
    capped = store.query("UNWIND range(1, 5000) AS i RETURN i", row_limit=100)
    assert len(capped.rows) == 100 and capped.truncated
    assert capped.rows[:3] == [[1], [2], [3]]
    whole = store.query("UNWIND range(1, 5000) AS i RETURN i", row_limit=10_000)
    assert len(whole.rows) == 5000 and not whole.truncated


@pytest.mark.slow
def test_a_runaway_query_is_stopped_by_the_time_limit(store: GraphStore, original: tuple) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"query stopped after 1 s \(time limit\)"):
        store.query(RUNAWAY, timeout_s=1)
    assert time.monotonic() - started < 8
    assert store.query("MATCH (a:Actor) RETURN count(a) AS n").rows == [[3]]
    assert snapshot(store) == original


@pytest.mark.slow
def test_a_runaway_query_does_not_hold_up_other_readers(store: GraphStore) -> None:
    """Each user query has a worker of its own: a runaway one blocks neither the store's own
    reads nor other users' queries, which all end while it is still running."""
    outcome: list[BaseException] = []

    def runaway() -> None:
        try:
            store.query(RUNAWAY, timeout_s=15)
        except QueryTimeout as exc:
            outcome.append(exc)

    store.prepare_user_queries()  # as the app does: workers wait started
    worker = threading.Thread(target=runaway)
    worker.start()
    try:
        time.sleep(1.0)  # the runaway query is under way
        slowest = 0.0
        for _ in range(5):
            started = time.monotonic()
            assert [a.id for a in store.get_actors(["RUS"])] == ["RUS"]
            assert len(store.relations()) == 2
            assert store.query("MATCH (a:Actor {id: 'UKR'}) RETURN a.name").rows == [["Ukraine"]]
            slowest = max(slowest, time.monotonic() - started)
        assert worker.is_alive(), "the runaway query ended before the other readers did"
    finally:
        worker.join(timeout=30)
    # a reader held up behind the runaway would wait for its 15 s; starting a worker under load takes a few
    assert slowest < 5.0
    assert len(outcome) == 1
