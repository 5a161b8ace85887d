"""A killed ``actorgraph ingest`` loses nothing and duplicates nothing; a second writer is refused.

The crash test SIGKILLs a real ``actorgraph ingest`` process once it has written a document,
checks that every document stored so far is whole, runs the same command again, and compares
the store with a clean single run: the same actors, relations (by id) and articles, on both
engines.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from actorgraph.graph import GraphStore, open_store
from actorgraph.ingest.defaults import DOCUMENTS_PER_BATCH
from actorgraph.ingest.extractor import Extractor
from actorgraph.ingest.loaders import load_documents
from actorgraph.ingest.pipeline import ingest_documents

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

ACTORGRAPH = str(Path(sys.executable).with_name("actorgraph"))
DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
# more documents than one extraction batch: a kill after the first write lands while the next batch is parsed
CORPUS_SIZE = 2 * DOCUMENTS_PER_BATCH + 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first demo articles, in a folder of their own."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(DEMO.glob("*.json"))[:CORPUS_SIZE]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def clean_run(corpus: Path, extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What one uninterrupted ingest of the corpus stores (engines store the same ids)."""
    with open_store(tmp_path_factory.mktemp("clean") / "graph") as store:
        summary = ingest_documents(load_documents([corpus]), store, extractor=extractor)
        assert summary.documents == CORPUS_SIZE and not summary.failures
        return contents(store)


def contents(store: GraphStore) -> dict:
    """Everything a crash could lose or double, in comparable form."""
    relations = store.relations(limit=None)
    actors = store.get_actors([row[0] for row in store.query("MATCH (a:Actor) RETURN a.id", row_limit=100_000).rows])
    return {
        "stats": store.stats(),
        "actors": sorted((a.id, a.name, a.kind, a.code, a.reviewed, tuple(sorted(a.aliases))) for a in actors),
        "articles": sorted((a.id, a.text_sha256) for a in store.list_articles(limit=100_000)),
        "relations": sorted((r.id, r.article_id) for r in relations),
    }


def by_article(relations: list[tuple[str, str]]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for relation_id, article in relations:
        grouped.setdefault(article, set()).add(relation_id)
    return grouped


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")} | (extra or {})


def kill_after_first_write(command: list[str], env: dict[str, str], written: Callable[[], bool]) -> None:
    """Start ``command``, SIGKILL it as soon as ``written()`` says a document is stored."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 180
    try:
        while not written():
            if process.poll() is not None:
                pytest.fail(f"ingest ended (status {process.returncode}) before it could be killed: {process.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail("ingest wrote nothing within 180 s")
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def wal_grew(folder: Path) -> Callable[[], bool]:
    """True once the write-ahead log grows after settling: the schema is written on open, then
    spaCy loads for a second or more before the first document is written."""
    wal = folder / "actorgraph.lbdb.wal"
    seen = {"size": -1, "since": time.monotonic(), "settled": None}

    def check() -> bool:
        size = wal.stat().st_size if wal.exists() else 0
        now = time.monotonic()
        if seen["settled"] is not None:
            return size > seen["settled"]
        if size != seen["size"]:
            seen.update(size=size, since=now)
        elif size > 0 and now - seen["since"] > 0.5:
            seen["settled"] = size
        return False

    return check


def assert_recovered(partial: dict, final: dict, clean: dict) -> None:
    stored = {article for article, _ in partial["articles"]}
    assert 0 < len(stored) < CORPUS_SIZE, f"the kill was not part-way: {len(stored)} of {CORPUS_SIZE} articles"
    clean_by_article = by_article(clean["relations"])
    for article, relation_ids in by_article(partial["relations"]).items():
        assert article in stored, "relations of an article that was not stored"
        assert relation_ids == clean_by_article[article], f"article {article} is half-written"
    assert final == clean


def test_a_sigkilled_ingest_resumes_to_a_clean_result(
    empty_store: GraphStore, cli_store: tuple[str, dict[str, str]], corpus: Path, clean_run: dict
) -> None:
    location, env = cli_store
    # two documents a transaction: the kill lands part-way, between or inside groups
    command = [ACTORGRAPH, "ingest", str(corpus), "--store", location, "--quiet", "--commit-every", "2"]
    if empty_store.engine == "embedded":
        kill_after_first_write(command, env, wal_grew(Path(location)))
        with open_store(location) as store:  # recovers from the log the killed process left
            partial = contents(store)
    else:
        kill_after_first_write(command, env, lambda: empty_store.query("MATCH (a:Article) RETURN count(a)").rows[0][0] > 0)
        partial = contents(empty_store)
    rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
    assert rerun.returncode == 0, rerun.stderr
    if empty_store.engine == "embedded":
        with open_store(location, read_only=True) as store:
            assert_recovered(partial, contents(store), clean_run)
    else:
        assert_recovered(partial, contents(empty_store), clean_run)


# -- one writer at a time --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited early: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"serve did not answer on {url}")


def test_a_second_writer_is_told_the_store_is_locked_and_nothing_breaks(corpus: Path, clean_run: dict, tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    first = sorted(corpus.glob("*.json"))[:2]
    seeded = subprocess.run(
        [ACTORGRAPH, "ingest", *map(str, first), "--store", str(folder), "-q"],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=240,
    )
    assert seeded.returncode == 0, seeded.stderr
    port = _free_port()
    holder = subprocess.Popen(
        [ACTORGRAPH, "serve", "--store", str(folder), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    try:
        _wait_until_serving(f"http://127.0.0.1:{port}/", holder)
        second = subprocess.run(
            [ACTORGRAPH, "ingest", str(corpus), "--store", str(folder)],
            capture_output=True,
            text=True,
            env=environment(),
            timeout=240,
        )
    finally:
        holder.send_signal(signal.SIGINT)
        holder.communicate(timeout=30)
    assert second.returncode == 1
    lines = [line for line in second.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in second.stderr, second.stderr
    assert lines[0].startswith("actorgraph: error: ") and "is locked by another process" in lines[0]
    assert f"pid {holder.pid}" in lines[0]
    with open_store(folder, read_only=True) as store:
        after = contents(store)
    assert len(after["articles"]) == 2
    assert set(after["relations"]) <= set(clean_run["relations"])
