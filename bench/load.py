"""Load test of the running app: concurrent clients replaying the browser's callback requests.

Writes 5,000 actors and 50,000 relations into an embedded store through the store API (the
generator of ``bench/dashboard.py``), starts a real ``actorgraph serve`` on 127.0.0.1, reads
the callback signatures from the app's own ``/_dash-dependencies``, and has 20 client
threads post real ``/_dash-update-component`` requests for 60 seconds: filter changes, node
and edge clicks, console queries, actor autocomplete and the page's health ticks. Prints
requests/s, p50/p95/p99 latency, errors, and the server's resident memory at start, after
warm-up and at the end.

    .venv/bin/python bench/load.py [--clients 20] [--seconds 60] [--actors 5000] [--relations 50000]

Targets: zero errors, p95 < 1 s, memory growth < 10 %. Loopback only: the server listens on
127.0.0.1 and the clients talk to nothing else.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.util
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from actorgraph.dashboard.elements import edge_id
from actorgraph.dashboard.state import ViewState, state_to_search
from actorgraph.graph import GraphFilter, open_store

__all__ = ["Scenario", "callback_body", "main", "percentile", "scenarios"]

ACTORGRAPH = Path(sys.executable).with_name("actorgraph")
QUERIES = [
    "MATCH (a:Actor)-[e:ATTACKS]->(b:Actor) RETURN a.name, count(*) AS n ORDER BY n DESC LIMIT 20",
    "MATCH (a:Actor {kind: 'state'}) RETURN a.name ORDER BY a.name LIMIT 50",
    "MATCH (a:Actor)-[e]->(b:Actor) WHERE a.id = 'bench-a3' RETURN b.name, e.date LIMIT 100",
    "MATCH (n:Article) RETURN n.title, n.published ORDER BY n.published DESC LIMIT 25",
]
Body = dict[str, Any]


def _bench_dashboard() -> Any:
    """``bench/dashboard.py`` (its module name would clash with the ``dashboard`` package)."""
    spec = importlib.util.spec_from_file_location("bench_dashboard", Path(__file__).with_name("dashboard.py"))
    if spec is None or spec.loader is None:
        raise RuntimeError("bench/dashboard.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_dashboard"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def callback_body(dependencies: list[dict[str, Any]], output: str, values: dict[str, Any], trigger: str) -> Body:
    """The JSON the browser posts for the callback that writes ``output`` (``id.property``).

    The callback is the one ``trigger`` (``id.property``) is an input of, as several may write
    to one output (``allow_duplicate``).

    >>> deps = [{"output": "..a.x...b.y@9f..", "inputs": [{"id": "u", "property": "v"}], "state": []}]
    >>> callback_body(deps, "b.y", {"u.v": 3}, "u.v")["inputs"]
    [{'id': 'u', 'property': 'v', 'value': 3}]
    """

    def names(dep: dict[str, Any]) -> list[str]:
        return [part.split("@")[0] for part in dep["output"].strip(".").split("...")]

    (dep,) = [d for d in dependencies if output in names(d) and trigger in (f"{i['id']}.{i['property']}" for i in d["inputs"])]
    outputs = [{"id": n.rsplit(".", 1)[0], "property": n.rsplit(".", 1)[1]} for n in names(dep)]
    return {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": _filled(dep["inputs"], values),
        "state": _filled(dep["state"], values),
        "changedPropIds": [trigger],
    }


def _filled(items: list[dict[str, str]], values: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")} for i in items]


@dataclasses.dataclass
class Scenario:
    """One kind of request: a name, how often it is picked, and a maker of request bodies."""

    name: str
    weight: float
    body: Callable[[random.Random, dict[str, str]], Body]


def scenarios(dependencies: list[dict[str, Any]], graph: Any) -> list[Scenario]:
    """What the clients replay, weighted roughly as an analyst clicks around.

    Each client is one analyst's page: a filter change draws a new view (never seen before,
    so the server's cache does not help) and the clicks that follow are on that view.
    """
    types = sorted({r.type for r in graph.relations})
    actors = [a.id for a in graph.actors]
    edges = [(r.source_id, r.target_id, r.type) for r in graph.relations[:5000]]
    start = min(a.published for a in graph.articles)

    def search(rng: random.Random) -> str:
        f = GraphFilter(
            relation_types=sorted(rng.sample(types, rng.randint(1, len(types)))) if rng.random() < 0.7 else None,
            date_from=start + dt.timedelta(days=rng.randrange(360)) if rng.random() < 0.5 else None,
            min_confidence=rng.choice([None, 0.5, 0.8]),
        )
        focus = rng.choice(actors[:300]) if rng.random() < 0.3 else None
        return state_to_search(ViewState(graph_filter=f, focus=focus))

    def render(rng: random.Random, page: dict[str, str]) -> Body:
        page["search"] = search(rng)
        return callback_body(
            dependencies, "network.elements", {"url.search": page["search"], "data-version.data": 0}, "url.search"
        )

    def sync(rng: random.Random, page: dict[str, str]) -> Body:
        return callback_body(dependencies, "filter-actors.value", {"url.search": page.get("search", "")}, "url.search")

    def node(rng: random.Random, page: dict[str, str]) -> Body:
        values = {"network.tapNodeData": {"id": rng.choice(actors[:2000])}, "url.search": page.get("search", "")}
        return callback_body(dependencies, "details.children", values, "network.tapNodeData")

    def edge(rng: random.Random, page: dict[str, str]) -> Body:
        s, t, kind = rng.choice(edges)
        values = {
            "network.tapEdgeData": {"id": edge_id(s, t, kind), "source": s, "target": t},
            "url.search": page.get("search", ""),
        }
        return callback_body(dependencies, "details.children", values, "network.tapEdgeData")

    def query(rng: random.Random, _page: dict[str, str]) -> Body:
        values = {"query-run.n_clicks": rng.randint(1, 99), "query-text.value": rng.choice(QUERIES)}
        return callback_body(dependencies, "query-table.children", values, "query-run.n_clicks")

    def autocomplete(rng: random.Random, _page: dict[str, str]) -> Body:
        values = {"filter-actors.search_value": f"actor {rng.randrange(5000)}", "filter-actors.value": []}
        return callback_body(dependencies, "filter-actors.options", values, "filter-actors.search_value")

    def health(rng: random.Random, _page: dict[str, str]) -> Body:
        values = {"health-tick.n_intervals": rng.randint(1, 999), "store-banner.hidden": True}
        return callback_body(dependencies, "store-banner.hidden", values, "health-tick.n_intervals")

    return [
        Scenario("filter change (render)", 25, render),
        Scenario("filter change (controls)", 10, sync),
        Scenario("node click", 20, node),
        Scenario("edge click", 10, edge),
        Scenario("console query", 15, query),
        Scenario("autocomplete", 10, autocomplete),
        Scenario("health tick", 10, health),
    ]


@dataclasses.dataclass
class Outcome:
    scenario: str
    seconds: float
    error: str | None


def failure(response: requests.Response) -> str | None:
    """Why a callback response is an error: a status other than 200/204, or the error banner set."""
    if response.status_code == 204:
        return None
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    side = response.json().get("sideUpdate") or {}
    banner = side.get("error-text", {}).get("children")
    return f"error banner: {banner}" if banner else None


def client(url: str, plan: list[Scenario], seed: int, stop_at: float, think_s: float, outcomes: list[Outcome]) -> None:
    """One analyst's page: a request, a pause of up to ``think_s`` to read it, the next one."""
    rng = random.Random(seed)
    weights = [s.weight for s in plan]
    page: dict[str, str] = {}
    with requests.Session() as session:
        while time.monotonic() < stop_at:
            if think_s:
                time.sleep(rng.uniform(think_s / 4, think_s))
            scenario = rng.choices(plan, weights)[0]
            body = scenario.body(rng, page)
            started = time.monotonic()
            try:
                error = failure(session.post(url, json=body, timeout=30))
            except requests.RequestException as exc:
                error = type(exc).__name__
            outcomes.append(Outcome(scenario.name, time.monotonic() - started, error))


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (MB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def sample_rss(pid: int, stop_at: float, samples: list[float], every_s: float = 10.0) -> None:
    """The server's memory every ``every_s`` seconds until ``stop_at``: a plateau or a climb."""
    while time.monotonic() < stop_at:
        samples.append(rss_mb(pid))
        time.sleep(min(every_s, max(0.0, stop_at - time.monotonic())))


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.99)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-round(share * len(ordered) * 1000) // 1000) - 1))]


def start_server(folder: str, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")}
    process = subprocess.Popen(
        [str(ACTORGRAPH), "serve", "--store", folder, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("serve did not answer within 120 s")


def stop_server(server: subprocess.Popen[str]) -> None:
    """Ctrl+C, as an analyst stops it; killed (and said) when it has not stopped within 60 s."""
    started = time.monotonic()
    server.send_signal(signal.SIGINT)
    try:
        server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.communicate()
        print("the server did not stop within 60 s of Ctrl+C: killed", flush=True)
        return
    print(f"the server stopped {time.monotonic() - started:.1f} s after Ctrl+C", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_phase(url: str, plan: list[Scenario], clients: int, seconds: float, think_s: float, seed: int) -> list[Outcome]:
    outcomes: list[Outcome] = []
    stop_at = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(url, plan, seed + i, stop_at, think_s, outcomes)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def report(outcomes: list[Outcome], seconds: float) -> list[str]:
    times = [o.seconds * 1000 for o in outcomes]
    errors = Counter(o.error for o in outcomes if o.error)
    lines = [
        f"requests: {len(outcomes):,} in {seconds:.0f} s = {len(outcomes) / seconds:.1f} requests/s",
        f"latency: p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
        f"p99 {percentile(times, 0.99):.0f} ms, max {max(times):.0f} ms",
        f"errors: {sum(errors.values())}" + (f" — {dict(errors.most_common(5))}" if errors else ""),
    ]
    for name in sorted({o.scenario for o in outcomes}):
        mine = [o.seconds * 1000 for o in outcomes if o.scenario == name]
        lines.append(
            f"  {name:<26} n={len(mine):>6,}  p50 {statistics.median(mine):6.0f} ms  "
            f"p95 {percentile(mine, 0.95):6.0f} ms  p99 {percentile(mine, 0.99):6.0f} ms"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--warmup",
        type=float,
        default=90,
        help="seconds of load before the measured run: long enough for the server's caches to fill to their bounds",
    )
    parser.add_argument(
        "--think", type=float, default=2.0, help="most seconds a client pauses between requests (an analyst reading); 0 for none"
    )
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--relations", type=int, default=50_000)
    args = parser.parse_args(argv)
    bench = _bench_dashboard()
    graph = bench.synthetic_graph(args.actors, args.relations)
    with tempfile.TemporaryDirectory() as folder:
        with open_store(Path(folder) / "graph") as store:
            loaded = bench.load(store, graph)
        print(f"store: {len(graph.actors):,} actors, {len(graph.relations):,} relations (written in {loaded:.1f} s)", flush=True)
        port = free_port()
        server = start_server(str(Path(folder) / "graph"), port)
        try:
            base = f"http://127.0.0.1:{port}"
            plan = scenarios(requests.get(f"{base}/_dash-dependencies", timeout=10).json(), graph)
            url = f"{base}/_dash-update-component"
            memory = [("start", rss_mb(server.pid))]
            run_phase(url, plan, args.clients, args.warmup, args.think, seed=1000)
            memory.append((f"after {args.warmup:.0f} s warm-up", rss_mb(server.pid)))
            print(
                f"{args.clients} clients for {args.seconds:.0f} s on 127.0.0.1:{port}, pauses up to {args.think:g} s ...",
                flush=True,
            )
            samples: list[float] = []
            sampler = threading.Thread(
                target=sample_rss, args=(server.pid, time.monotonic() + args.seconds, samples), daemon=True
            )
            sampler.start()
            outcomes = run_phase(url, plan, args.clients, args.seconds, args.think, seed=1)
            sampler.join()
            memory.append(("end", rss_mb(server.pid)))
        finally:
            stop_server(server)
    for line in report(outcomes, args.seconds):
        print(line)
    print("server memory every 10 s of the run (MB): " + " ".join(f"{mb:.0f}" for mb in samples))
    print("server memory (RSS): " + ", ".join(f"{label} {mb:.0f} MB" for label, mb in memory))
    warm, end = memory[1][1], memory[2][1]
    start = memory[0][1]
    print(
        f"growth during the measured run: {100 * (end - warm) / warm:+.1f} %  (from start: {100 * (end - start) / start:+.1f} %)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
