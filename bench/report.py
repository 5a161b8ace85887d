"""Benchmark of the briefing (``actorgraph export --format report``): how long it takes to
gather, to write as HTML (with its image) and to print as PDF, beside the PNG image export of
the same view measured in the same run (the baseline: the briefing draws that image too).

Loads a synthetic graph (``bench/dashboard.py``'s, 2,000 actors and 20,000 relations by
default, the size of issue 12) into an embedded store in a temporary folder, then times each
step ``--repeat`` times on the default view (the top 150 actors) and prints the medians.

    .venv/bin/python bench/report.py [--actors 2000] [--relations 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from actorgraph.dashboard.export import export_view
from actorgraph.dashboard.report import build_briefing, write_report
from actorgraph.dashboard.state import ViewState
from actorgraph.dashboard.view_model import ViewModel
from actorgraph.graph import open_store
from dashboard import load, synthetic_graph

__all__ = ["main"]


def seconds(call: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"load average at the start: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        with open_store(out / "graph") as store:
            graph = synthetic_graph(args.actors, args.relations)
            print(f"loaded {args.actors:,} actors and {args.relations:,} relations in {load(store, graph):.1f} s")
            views = ViewModel(store, read_only=True)
            state = ViewState()
            rows = [
                ("PNG image export (baseline)", seconds(lambda: export_view(views, state, "png", out / "v.png"), args.repeat)),
                ("briefing gathered, no image", seconds(lambda: build_briefing(views, state, image=None), args.repeat)),
                ("briefing as HTML (with its image)", seconds(lambda: write_report(views, state, out / "b.html"), args.repeat)),
                ("briefing as PDF", seconds(lambda: write_report(views, state, out / "b.pdf"), args.repeat)),
            ]
            sizes = {"HTML": (out / "b.html").stat().st_size, "PDF": (out / "b.pdf").stat().st_size}
    print(f"| step | median of {args.repeat} |\n| --- | ---: |")
    for name, value in rows:
        print(f"| {name} | {value:.2f} s |")
    print(f"sizes: HTML {sizes['HTML'] / 1e6:.1f} MB, PDF {sizes['PDF'] / 1e6:.1f} MB")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
