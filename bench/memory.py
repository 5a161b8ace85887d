"""Where the served app's memory goes: the app in this process under ``bench/load.py``'s requests.

Builds the benchmark's store (or reuses ``--store``), serves it on 127.0.0.1 in this process
as ``actorgraph serve`` does (:class:`~actorgraph.dashboard.app.ServerThread`), and has
``bench/load.py``'s 20 clients post their callback requests. Every 15 s it prints the resident
memory beside what the caches say they hold, and the resident memory by kind of mapping
(``/proc/self/smaps``): glibc's main heap, its other arenas, LadybugDB's buffer pool (one
reservation of several GB), and blocks mapped on their own (numpy columns, Python's object
arenas). At the end: what a full collection, ``malloc_trim`` (memory glibc keeps but nothing
uses) and emptying the caches give back, and with ``--trace`` the Python allocations that
grew most (``tracemalloc``, by traceback).

    .venv/bin/python bench/memory.py [--actors 50000 --relations 500000] [--seconds 120] [--trace]

The process also holds the generated graph (about 1 GB for 500,000 relations), so read the
figures as growth from the first line, not as what ``actorgraph serve`` holds.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import importlib.util
import logging
import os
import sys
import tempfile
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import requests

from actorgraph.dashboard.app import AllowedHosts, ServerThread, create_app
from actorgraph.dashboard.services import Dashboard
from actorgraph.graph import open_store

__all__ = ["main", "mapped_mb"]

MB = 2**20


def _load_bench() -> Any:
    """``bench/load.py`` (run as a script, so loaded by path)."""
    spec = importlib.util.spec_from_file_location("bench_load", Path(__file__).with_name("load.py"))
    if spec is None or spec.loader is None:
        raise RuntimeError("bench/load.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)
    return module


def mapped_mb(smaps: str = "/proc/self/smaps") -> dict[str, int]:
    """Resident MB by kind of mapping: heap, files, big anonymous reservations, the rest.

    >>> sorted(mapped_mb())[:2]
    ['anonymous, 1 GB or more (buffer pool)', 'anonymous, 60 MB-1 GB (malloc arenas)']
    """
    kinds = dict.fromkeys(
        [
            "anonymous, 1 GB or more (buffer pool)",
            "anonymous, 60 MB-1 GB (malloc arenas)",
            "anonymous, smaller (own mappings)",
            "heap",
            "files",
        ],
        0.0,
    )
    kind = "files"
    with open(smaps) as lines:
        for line in lines:
            parts = line.split()
            if "-" in parts[0] and not parts[0].endswith(":"):
                low, high = (int(x, 16) for x in parts[0].split("-"))
                kind = _kind(parts[5] if len(parts) > 5 else "", high - low)
            elif parts[0] == "Rss:" and kind in kinds:
                kinds[kind] += int(parts[1]) / 1024
    return {name: round(mb) for name, mb in kinds.items()}


def _kind(name: str, size: int) -> str:
    if name == "[heap]":
        return "heap"
    if name:
        return "files" if name.startswith("/") else name
    if size >= 2**30:
        return "anonymous, 1 GB or more (buffer pool)"
    return "anonymous, 60 MB-1 GB (malloc arenas)" if size >= 60 * MB else "anonymous, smaller (own mappings)"


def _line(tag: str, dashboard: Dashboard, rss: float) -> str:
    graphs, small = dashboard._graphs, dashboard._small
    index = dashboard._index._index if dashboard._index is not None else None
    parts = [
        f"[{tag}] RSS {rss:.0f} MB",
        f"graph cache {len(graphs)} views, {graphs.total_bytes() / MB:.0f} MB by its estimate",  # type: ignore[attr-defined]
        f"small cache {small.total_bytes() / MB:.1f} MB",  # type: ignore[attr-defined]
        f"index {index.nbytes / MB if index else 0:.0f} MB",
    ]
    if tracemalloc.is_tracing():
        parts.append(f"Python allocations since serving {tracemalloc.get_traced_memory()[0] / MB:.0f} MB")
    return "; ".join(parts) + "\n    " + ", ".join(f"{k} {v}" for k, v in mapped_mb().items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--relations", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--store", help="a folder to keep the generated store in (reused when it holds one)")
    parser.add_argument("--trace", action="store_true", help="trace Python allocations (slower) and print the top growth")
    args = parser.parse_args(argv)
    load = _load_bench()
    graph = load._bench_dashboard().synthetic_graph(args.actors, args.relations)
    folder = Path(args.store or tempfile.mkdtemp()) / "graph"
    if not folder.exists():
        with open_store(folder) as store:
            load._bench_dashboard().load(store, graph)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with open_store(folder, create=False) as store:
        dashboard = Dashboard(store)
        server = ServerThread(create_app(dashboard, hosts=AllowedHosts("127.0.0.1", ())))
        server.start()
        rss = lambda: load.rss_mb(os.getpid())  # noqa: E731
        print(_line("serving", dashboard, rss()), flush=True)
        base = server.url.rstrip("/")
        plan = load.scenarios(requests.get(f"{base}/_dash-dependencies", timeout=10).json(), graph)
        if args.trace:
            tracemalloc.start(12)
        clients = threading.Thread(
            target=load.run_phase, args=(f"{base}/_dash-update-component", plan, 20, args.seconds, 2.0, 1000)
        )
        clients.start()
        first: tracemalloc.Snapshot | None = None
        for tick in range(1, 10**6):
            clients.join(15)
            if not clients.is_alive():
                break
            print(_line(f"{15 * tick} s", dashboard, rss()), flush=True)
            if args.trace and tick == 2:
                first = tracemalloc.take_snapshot()
        if first is not None:
            print("Python allocations that grew most since 30 s:")
            for stat in tracemalloc.take_snapshot().compare_to(first, "traceback")[:8]:
                print(f"  {stat.size_diff / MB:+.1f} MB in {stat.count_diff:+} blocks at")
                print("    " + "\n    ".join(stat.traceback.format()[-6:]))
        gc.collect()
        print(_line("after a full collection", dashboard, rss()))
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        print(_line("after malloc_trim", dashboard, rss()))
        dashboard.invalidate()  # every cache, and the index (rebuilt on the next request)
        gc.collect()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        print(_line("caches emptied", dashboard, rss()))
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
