"""``actorgraph import`` as a user runs it, on both engines: bad rows by line, standard input,
and extraction spread over processes imported into the store one ingest would give."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from actorgraph.graph import GraphStore, open_store

ACTORGRAPH = str(Path(sys.executable).with_name("actorgraph"))
ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "tests" / "data" / "events"
DEMO = ROOT / "examples" / "demo"


def run(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ACTORGRAPH, *args], capture_output=True, text=True, env=env, input=stdin, timeout=300)


def reopen(location: str, env: dict[str, str]) -> GraphStore:
    return open_store(location, user=env.get("NEO4J_USER"), password=env.get("NEO4J_PASSWORD"))


def test_bad_rows_are_reported_by_line_and_the_rest_is_imported(cli_store: tuple[str, dict[str, str]]) -> None:
    location, env = cli_store
    result = run("import", "gdelt", str(EVENTS / "gdelt.export.CSV"), "--store", location, env=env)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "actorgraph: bad row gdelt.export.CSV:6: expected 61 tab-separated columns, found 60" in result.stderr
    assert "gdelt.export.CSV:7: GoldsteinScale 'abc' is not a number" in result.stderr
    assert "gdelt: 10 rows read" in result.stderr and "010 (1)" in result.stderr
    with reopen(location, env) as store:
        assert sum(store.stats().relationships.values()) == 5


def test_standard_input_and_a_clean_file_exit_zero(cli_store: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    location, env = cli_store
    good = "".join(line for n, line in enumerate((EVENTS / "icews.tsv").open(), 1) if n not in (6, 7))
    result = run("import", "icews", "-", "--store", location, "-q", env=env, stdin=good)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    with reopen(location, env) as store:
        assert {r.extractor for r in store.relations(limit=None)} == {"icews"}


def test_an_unknown_dataset_is_a_one_line_usage_error(cli_store: tuple[str, dict[str, str]]) -> None:
    location, env = cli_store
    result = run("import", "cameo", "x.csv", "--store", location, env=env)
    assert result.returncode == 2 and "No such command 'cameo'" in result.stderr and "Traceback" not in result.stderr


def contents(store: GraphStore) -> dict:
    """A store's actors, articles (without the time they were written), relations and mentions."""
    rows = store.query("MATCH (a:Actor) RETURN a.id", row_limit=100_000).rows
    articles = store.list_articles(limit=100_000)
    mentions = store.query("MATCH (d:Article)-[m:MENTIONS]->(a:Actor) RETURN d.id, a.id, m.count", row_limit=100_000).rows
    return {
        "stats": store.stats(),
        "actors": sorted(a.model_dump_json() for a in store.get_actors([r[0] for r in rows])),
        "articles": sorted(a.model_dump_json(exclude={"ingested_at"}) for a in articles),
        "relations": sorted(r.model_dump_json() for r in store.relations(limit=None)),
        "mentions": sorted(map(tuple, mentions)),
        "affiliations": sorted(a.model_dump_json() for a in store.affiliations([r[0] for r in rows])),
    }


@pytest.mark.slow
def test_two_extract_processes_imported_give_the_store_one_ingest_gives(
    cli_store: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    location, env = cli_store
    halves = [tmp_path / "half1", tmp_path / "half2"]
    for half in halves:
        half.mkdir()
    for i, path in enumerate(sorted(DEMO.glob("*.json"))[:8]):
        shutil.copy(path, halves[i % 2] / path.name)
    one_process = str(tmp_path / "one-ingest")
    ingest = run("ingest", str(halves[0]), str(halves[1]), "--store", one_process, "-q", env=env)
    assert ingest.returncode == 0, ingest.stderr
    parts = [tmp_path / "part1.jsonl", tmp_path / "part2.jsonl"]
    extractors = [
        subprocess.Popen([ACTORGRAPH, "extract", str(half), "--jsonl", "--documents"], stdout=part.open("w"),
                         stderr=subprocess.PIPE, env=env, text=True)
        for half, part in zip(halves, parts, strict=True)
    ]  # fmt: skip
    assert [p.wait(timeout=300) for p in extractors] == [0, 0]
    imported = run("import", "jsonl", *map(str, parts), "--store", location, "--commit-every", "3", env=env)
    assert imported.returncode == 0, imported.stderr
    with open_store(one_process, read_only=True) as reference, reopen(location, env) as store:
        expected, got = contents(reference), contents(store)
    assert expected["relations"] and expected["mentions"]
    assert got == expected
    again = run("import", "jsonl", *map(str, parts), "--store", location, "-q", env=env)
    assert again.returncode == 0
    with reopen(location, env) as store:
        assert contents(store) == got


def test_relation_records_of_the_contract_import_too(cli_store: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    location, env = cli_store
    lines = [
        '{"doc": "a.txt", "source": {"id": "RUS", "name": "Russia", "kind": "state", "code": "RUS"}, "relation": "WARNS",'
        ' "target": {"id": "USA", "name": "United States", "kind": "state", "code": "USA"}, "cameo": "130",'
        ' "plover": "THREATEN", "quad_class": 3, "goldstein": -4.4, "modality": "asserted", "date": "2024-11-18",'
        ' "sentence": "Russia warned the United States.", "char_start": 0, "char_end": 32, "confidence": 0.9}',
        "{not json",
        '{"doc": "a.txt", "relation": "WARNS"}',
    ]
    (tmp_path / "rel.jsonl").write_text("\n".join(lines) + "\n")
    result = run("import", "jsonl", str(tmp_path / "rel.jsonl"), "--store", location, env=env)
    assert result.returncode == 3
    assert "rel.jsonl:2: not valid JSON" in result.stderr and "rel.jsonl:3: neither a document record" in result.stderr
    with reopen(location, env) as store:
        (relation,) = store.relations(limit=None)
    assert (relation.source_id, relation.type, relation.target_id, relation.extractor) == ("RUS", "WARNS", "USA", "jsonl")
    assert relation.sentence == "Russia warned the United States."
