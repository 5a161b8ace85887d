"""How long the app takes to draw its heaviest views of a big store, and whether a server keeps
working for a client that has given up.

Writes a synthetic store (the generator of ``bench/dashboard.py``) into a temporary folder,
starts a real ``actorgraph serve`` on 127.0.0.1 and posts the render callback of each view, as
the browser does, with a client timeout. After a request the client gave up on, it reads how
much CPU the server still spends in the next seconds.

    .venv/bin/python bench/heavy_view.py [--actors 20000] [--relations 200000] [--timeout 400]

Loopback only: the server listens on 127.0.0.1 and the client talks to nothing else.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import _bench_dashboard, callback_body, free_port, rss_mb, start_server

from actorgraph.graph import open_store

VIEWS = ["?max=all", "?max=all&size=betweenness&colour=community&layout=preset"]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_view(url: str, dependencies: list, search: str, timeout: float) -> tuple[float | None, str]:
    """Seconds until the answer (None when the client gave up) and the notices it carried."""
    body = callback_body(dependencies, "view-stats.children", {"url.search": search, "data-version.data": 0}, "url.search")
    started = time.monotonic()
    try:
        answer = requests.post(f"{url}/_dash-update-component", json=body, timeout=timeout)
    except requests.Timeout:
        return None, ""
    elapsed = time.monotonic() - started
    notices = answer.json()["response"].get("view-notice", {}).get("children", [])
    texts = [n["props"]["children"] for n in notices if isinstance(n, dict)]
    return elapsed, " | ".join(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--relations", type=int, default=200_000)
    parser.add_argument("--timeout", type=float, default=400, help="seconds the client waits for one view")
    parser.add_argument("--after", type=float, default=10, help="seconds to watch the server after a client gave up")
    parser.add_argument("--views", nargs="*", default=VIEWS)
    args = parser.parse_args(argv)
    bench = _bench_dashboard()
    with tempfile.TemporaryDirectory() as folder:
        with open_store(Path(folder) / "graph") as store:
            loaded = bench.load(store, bench.synthetic_graph(args.actors, args.relations))
        load = os.getloadavg()[0]
        print(f"store: {args.actors:,} actors, {args.relations:,} relations (written in {loaded:.1f} s); load {load:.1f}")
        port = free_port()
        server = start_server(str(Path(folder) / "graph"), port)
        try:
            url = f"http://127.0.0.1:{port}"
            dependencies = requests.get(f"{url}/_dash-dependencies", timeout=30).json()
            for search in args.views:
                elapsed, notices = time_view(url, dependencies, search, args.timeout)
                if elapsed is not None:
                    print(f"{search}: answered in {elapsed:.1f} s; notices: {notices or '-'}", flush=True)
                    continue
                before = cpu_seconds(server.pid)
                time.sleep(args.after)
                busy = cpu_seconds(server.pid) - before
                print(
                    f"{search}: no answer within {args.timeout:.0f} s; then the server spent {busy:.1f} s of CPU "
                    f"in the next {args.after:.0f} s",
                    flush=True,
                )
            print(f"server RSS {rss_mb(server.pid):.0f} MB; load {os.getloadavg()[0]:.1f}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
