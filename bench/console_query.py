"""What the query sandbox costs a console query: median latency sandboxed, beside the same
query run in the app's own process on the engine directly (the old path, and the raw engine).

    .venv/bin/python bench/console_query.py [--store data/graph] [--neo4j bolt://127.0.0.1:7687] [--repeat 30]

The embedded store defaults to the demo corpus ingested into a temporary folder. Each
sandboxed query gets a started spare worker, as in the app (a pause between queries lets the
next spare start); "back to back" runs them without pause, as a user cannot.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from actorgraph.dashboard.console import EXAMPLE_QUERIES
from actorgraph.graph import GraphStore, StoreUnavailable, open_store

QUERIES = {
    "one actor by id": "MATCH (a:Actor {id: 'RUS'}) RETURN a.name",
    "most active actors": EXAMPLE_QUERIES["Most active actors"],
    "relations by QuadClass": EXAMPLE_QUERIES["Relations by QuadClass"],
}


def median_ms(run: Callable[[], object], repeat: int, pause_s: float = 0.0) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(pause_s)
    return statistics.median(times)


def measure(store: GraphStore, repeat: int) -> list[tuple[str, float, float, float]]:
    store.prepare_user_queries()
    time.sleep(2)
    rows = []
    for name, cypher in QUERIES.items():
        direct = median_ms(lambda c=cypher: store._run(c), repeat)  # type: ignore[attr-defined]
        spaced = median_ms(lambda c=cypher: store.query(c), repeat, pause_s=0.4)
        back_to_back = median_ms(lambda c=cypher: store.query(c), repeat)
        rows.append((name, direct, spaced, back_to_back))
    return rows


def demo_store() -> str:
    folder = Path(tempfile.mkdtemp(prefix="actorgraph-bench-console-")) / "graph"
    actorgraph = Path(sys.executable).with_name("actorgraph")
    subprocess.run([str(actorgraph), "ingest", "examples/demo", "--store", str(folder), "-q"], check=True)
    return str(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="an embedded store folder (default: the demo corpus, ingested now)")
    parser.add_argument("--neo4j", default="bolt://127.0.0.1:7687")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(
        "| engine | query | in-process, engine directly (old path) | sandboxed, spare worker started | sandboxed, back to back |"
    )
    print("| --- | --- | ---: | ---: | ---: |")
    targets = [("embedded", lambda: open_store(args.store or demo_store(), read_only=True))]
    password = os.environ.get("NEO4J_PASSWORD", "actorgraph-test")
    targets.append(("neo4j", lambda: open_store(args.neo4j, user="neo4j", password=password)))
    for engine, opener in targets:
        try:
            store = opener()
        except StoreUnavailable as exc:
            print(f"| {engine} | skipped: {exc} | | | |")
            continue
        with store:
            for name, direct, spaced, back in measure(store, args.repeat):
                print(f"| {engine} | {name} | {direct:.1f} ms | {spaced:.1f} ms | {back:.1f} ms |")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
