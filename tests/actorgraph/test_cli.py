"""The command line as a user runs it: real processes, real stores, one-line errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j_testing import neo4j_settings, open_test_neo4j

ACTORGRAPH = str(Path(sys.executable).with_name("actorgraph"))
DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")} | (env or {})
    return subprocess.run([ACTORGRAPH, *args], capture_output=True, text=True, env=environment, input=stdin, timeout=300)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def neo4j_env() -> dict[str, str]:
    open_test_neo4j().close()  # skips (or fails in CI) without a server, and empties it
    settings = neo4j_settings()
    return {"ACTORGRAPH_STORE": settings["uri"], "NEO4J_USER": settings["user"], "NEO4J_PASSWORD": settings["password"]}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = run(
        "ingest",
        str(DEMO / "22-kim-putin-vostochny.json"),
        str(DEMO / "35-north-korean-troops-russia.json"),
        "--store",
        str(store),
    )
    assert result.returncode == 0, result.stderr
    return store


def test_help_explains_every_command() -> None:
    result = run("--help")
    for command in ("ingest", "extract", "stats", "query", "serve", "export"):
        assert command in result.stdout
    assert "--published" in run("ingest", "--help").stdout


def test_ingest_prints_a_summary_and_stats_counts(demo_store: Path) -> None:
    stats = json.loads(run("stats", "--store", str(demo_store), "--format", "json").stdout)
    assert stats["nodes"]["Article"] == 2
    assert stats["relationships"].get("DEPLOYS", 0) >= 1
    again = run("ingest", str(DEMO / "22-kim-putin-vostochny.json"), "--store", str(demo_store))
    assert "1 ingested (1 unchanged" in again.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_query_formats(demo_store: Path, fmt: str) -> None:
    result = run(
        "query",
        "MATCH (a:Actor) WHERE a.id = $id RETURN a.name AS name",
        "-p",
        "id=PRK",
        "--store",
        str(demo_store),
        "--format",
        fmt,
    )
    assert result.returncode == 0, result.stderr
    assert "North Korea" in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout) == [{"name": "North Korea"}]


def test_query_refuses_writes_in_one_line(demo_store: Path) -> None:
    assert_one_line_error(run("query", "MATCH (a:Actor) DETACH DELETE a", "--store", str(demo_store)), "read-only")
    assert_one_line_error(run("query", "MATCH (a:Actor RETURN a", "--store", str(demo_store)), "actorgraph: error:")


def test_bad_store_addresses_are_one_line(tmp_path: Path) -> None:
    assert_one_line_error(run("stats", "--store", "http://example.org"), "unknown store address")
    assert_one_line_error(run("stats", "--store", str(tmp_path / "nothing-here")), "no embedded store")
    assert_one_line_error(run("stats", "--store", "bolt://127.0.0.1:1"), "cannot reach Neo4j")
    (tmp_path / "file").write_text("x")
    assert_one_line_error(run("stats", "--store", str(tmp_path / "file")), "not a folder")


def test_bad_input_files_are_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Russia attacked Ukraine.", encoding="utf-8")
    (tmp_path / "junk.bin").write_bytes(b"\x00" * 64)
    result = run(
        "ingest",
        str(tmp_path / "ok.txt"),
        str(tmp_path / "junk.bin"),
        str(tmp_path / "missing.txt"),
        "--store",
        str(tmp_path / "store"),
    )
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("actorgraph: skipped ")]
    assert len(skipped) == 2 and "junk.bin: not a text document" in skipped[0] and "missing.txt: no such file" in skipped[1]
    assert "1 ingested" in result.stderr


def test_the_document_limit_from_the_environment_skips_long_documents_by_name(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("Russia warned the West. " * 100, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Russia attacked Ukraine.", encoding="utf-8")
    result = run("extract", str(tmp_path), "--jsonl", env={"ACTORGRAPH_MAX_DOCUMENT_CHARS": "1000"})
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "actorgraph: skipped long.txt: 2,399 characters, over the 1,000 limit (ACTORGRAPH_MAX_DOCUMENT_CHARS)"
    )
    assert [json.loads(line)["relation"] for line in result.stdout.splitlines()] == ["ATTACKS"]
    assert_one_line_error(run("extract", str(tmp_path), "--max-document-chars", "10"), "max document chars on the command line")


@pytest.mark.slow
def test_a_runaway_query_is_stopped_in_one_line(demo_store: Path) -> None:
    runaway = "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN sum(a + b)"
    assert_one_line_error(
        run("query", runaway, "--timeout", "1", "--store", str(demo_store)), "query stopped after 1 s (time limit)"
    )
    escaped = "WITH 1 AS x \\u0043REATE (:Actor {id: 'x'})"
    assert_one_line_error(run("query", escaped, "--store", str(demo_store)), "read-only: CREATE")


def test_extract_reads_stdin_and_prints_the_contract() -> None:
    result = run("extract", "-", "--published", "2024-03-01", "--jsonl", stdin="Russia attacked Ukraine yesterday.")
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["source"]["code"], record["relation"], record["target"]["code"]) == ("RUS", "ATTACKS", "UKR")
    assert record["date"] == "2024-02-29"
    assert_one_line_error(run("extract", "-", "--published", "yesterday", stdin="x"), "--published")


@pytest.mark.neo4j
def test_stats_and_query_on_neo4j(neo4j_env: dict[str, str]) -> None:
    ingest = run("ingest", str(DEMO / "22-kim-putin-vostochny.json"), env=neo4j_env)
    assert ingest.returncode == 0, ingest.stderr
    stats = json.loads(run("stats", "--format", "json", env=neo4j_env).stdout)
    assert stats["nodes"]["Article"] == 1
    result = run("query", "MATCH (a:Actor {id: 'PRK'}) RETURN a.name AS name", "--format", "json", env=neo4j_env)
    assert json.loads(result.stdout) == [{"name": "North Korea"}]
    assert_one_line_error(run("query", "CREATE (n:Actor {id: 'x'})", env=neo4j_env), "read-only")


@pytest.mark.neo4j
def test_wrong_neo4j_password_is_one_line(neo4j_env: dict[str, str]) -> None:
    assert_one_line_error(
        run("stats", env=neo4j_env | {"NEO4J_PASSWORD": "not-the-password"}), "refused the user name or password"
    )


# -- issue 12: the defects of the reading commands -------------------------------------------


def test_a_query_parameter_left_out_is_an_error_naming_it(demo_store: Path) -> None:
    query = "MATCH (a:Actor) WHERE a.id = $id RETURN a.name AS name"
    assert_one_line_error(run("query", query, "--store", str(demo_store)), "id")
    given = run("query", query, "-p", "id=PRK", "--format", "json", "--store", str(demo_store))
    assert json.loads(given.stdout) == [{"name": "North Korea"}]


@pytest.mark.neo4j
def test_a_query_parameter_left_out_is_an_error_naming_it_on_neo4j(neo4j_env: dict[str, str]) -> None:
    assert_one_line_error(run("query", "MATCH (a:Actor) WHERE a.id = $actor RETURN a", env=neo4j_env), "actor")


@pytest.mark.parametrize(
    "command",
    [["stats"], ["query", "RETURN 1"], ["export", "-o", "{out}"], ["serve"], ["serve", "--read-only"]],
)
def test_reading_commands_never_create_a_store(tmp_path: Path, command: list[str]) -> None:
    """A typo in --store is an error; only ingest and import create a store."""
    typo = tmp_path / "sotre"
    args = [part.replace("{out}", str(tmp_path / "v.csv")) for part in command]
    if command[0] == "serve":  # a free port: were the store created, the server would start
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args += ["--port", str(probe.getsockname()[1])]
    assert_one_line_error(run(*args, "--store", str(typo)), "no embedded store", "actorgraph ingest")
    assert not typo.exists() and not (tmp_path / "v.csv").exists()


def test_make_demo_fills_the_store_the_cli_reads_by_default() -> None:
    """`make demo` then `actorgraph stats` (no --store) reads what the demo wrote."""
    from actorgraph.settings import load_settings

    root = Path(__file__).resolve().parents[2]
    dry = subprocess.run(["make", "-n", "demo-data", "serve"], cwd=root, capture_output=True, text=True, check=True)
    commands = [line.split() for line in dry.stdout.splitlines() if "actorgraph " in line]
    assert [c[1] for c in commands] == ["ingest", "serve"]
    default = load_settings({}, environ={}).store
    for command in commands:
        store = command[command.index("--store") + 1] if "--store" in command else default
        assert store == default
