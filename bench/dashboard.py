"""Benchmark of the dashboard's server side: how long the main callbacks take on a big graph.

Loads 5,000 actors and 50,000 relations into each engine (the embedded one in a temporary
folder; Neo4j at bolt://127.0.0.1:7687 when it answers, user ``neo4j``, password from
NEO4J_PASSWORD, default ``actorgraph-test``) and times the callbacks as plain function calls:
a filter change, a node click, expanding a node, a shortest path and a Cypher query. Prints
the median and 95th percentile of each.

    .venv/bin/python bench/dashboard.py [--actors 5000] [--relations 50000] [--repeat 20]

Targets on the embedded engine: median < 300 ms for a filter change, < 150 ms for a node click.
The Neo4j run writes actors and articles whose ids start with ``bench-`` and deletes them after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from actorgraph.graph import Actor, Article, GraphFilter, GraphStore, Relation, StoreUnavailable, open_store

if TYPE_CHECKING:
    from actorgraph.dashboard.services import Dashboard

__all__ = ["SyntheticGraph", "load", "main", "synthetic_graph"]

PREFIX = "bench-"
START = dt.date(2023, 1, 1)
DAYS = 730

# (type, cameo, plover, quad_class, goldstein): the shipped ontology's codes
TYPES = [
    ("WARNS", "130", "THREATEN", 3, -4.4), ("AUTHORIZES", "080", "CONCEDE", 2, 5.0),
    ("DEPLOYS", "154", "MOBILIZE", 4, -7.2), ("ACCUSES", "112", "DISAPPROVE", 3, -2.0),
    ("THREATENS", "138", "THREATEN", 3, -7.0), ("CRITICIZES", "111", "DISAPPROVE", 3, -2.0),
    ("DENIES", "016", "REJECT", 1, 3.4), ("SUPPORTS", "051", "SUPPORT", 1, 3.4),
    ("AIDS", "070", "AID", 2, 7.0), ("COOPERATES", "060", "COOPERATE", 2, 6.0),
    ("MEETS", "040", "CONSULT", 1, 1.0), ("SANCTIONS", "163", "SANCTION", 4, -8.0),
    ("ATTACKS", "190", "ASSAULT", 4, -10.0), ("DEMANDS", "100", "REQUEST", 3, -5.0),
    ("APPEALS", "020", "REQUEST", 1, 3.0),
]  # fmt: skip
KIND_SHARES = [("state", 0.04), ("igo", 0.02), ("bloc", 0.01), ("person", 0.6), ("org", 0.12),
               ("party", 0.08), ("media", 0.06), ("armed_group", 0.07)]  # fmt: skip
MODALITIES = ["asserted"] * 6 + ["reported"] * 3 + ["alleged", "denied", "conditional"]


@dataclass
class SyntheticGraph:
    """A random graph with hubs, as news coverage has (a few actors in most stories)."""

    actors: list[Actor] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def synthetic_graph(n_actors: int = 5000, n_relations: int = 50_000, seed: int = 7) -> SyntheticGraph:
    """Actors of every kind, one article per 50 relations, relations between Zipf-chosen actors.

    >>> g = synthetic_graph(50, 200)
    >>> len(g.actors), len(g.relations), len(g.articles)
    (50, 200, 4)
    """
    rng = random.Random(seed)
    kinds = [k for k, share in KIND_SHARES for _ in range(max(1, round(share * n_actors)))]
    actors = [
        Actor(
            id=f"{PREFIX}a{i}",
            name=f"Actor {i} {kinds[i % len(kinds)].replace('_', ' ')}",
            kind=kinds[i % len(kinds)],
            code=f"C{i % 250:03d}",
            reviewed=rng.random() < 0.3,
        )
        for i in range(n_actors)
    ]
    n_articles = max(1, n_relations // 50)
    articles = [
        Article(
            id=f"{PREFIX}art{i}",
            title=f"Report {i}",
            url=f"https://example.org/bench/{i}",
            source="bench",
            published=START + dt.timedelta(days=rng.randrange(DAYS)),
        )
        for i in range(n_articles)
    ]
    # cumulative weights once (the same draws as weights=, without summing them for every relation)
    cum_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(n_actors)))
    relations = [_relation(i, rng, actors, cum_weights, articles) for i in range(n_relations)]
    return SyntheticGraph(actors=actors, articles=articles, relations=relations)


def _relation(i: int, rng: random.Random, actors: list[Actor], cum_weights: list[float], articles: list[Article]) -> Relation:
    source, target = rng.choices(range(len(actors)), cum_weights=cum_weights, k=2)
    if source == target:
        target = (target + 1) % len(actors)
    source, target = actors[source], actors[target]
    rtype, cameo, plover, quad, goldstein = rng.choice(TYPES)
    article = rng.choice(articles)
    return Relation(
        id=f"{PREFIX}r{i}",
        type=rtype,
        source_id=source.id,
        target_id=target.id,
        date=article.published,
        modality=rng.choice(MODALITIES),
        confidence=round(rng.uniform(0.3, 1.0), 2),
        cameo=cameo,
        plover=plover,
        quad_class=quad,
        goldstein=goldstein,
        sentence=f"{source.name} {rtype.lower()} {target.name}.",
        article_id=article.id,
        extractor="bench",
    )


def load(store: GraphStore, graph: SyntheticGraph) -> float:
    """Write the graph through the store's API; returns the seconds it took."""
    started = time.perf_counter()
    store.ensure_relation_types(t[0] for t in TYPES)
    store.upsert_actors(graph.actors)
    store.upsert_articles(graph.articles)
    for start in range(0, len(graph.relations), 10_000):
        store.upsert_relations(graph.relations[start : start + 10_000])
    return time.perf_counter() - started


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds of each of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})"


def scenarios(dashboard: Dashboard, graph: SyntheticGraph, repeat: int) -> Iterator[tuple[str, list[float]]]:
    """The timed callbacks; each filter change asks for a filter not seen before (no cache hit)."""
    from actorgraph.dashboard.callbacks import expand_node, filter_change, node_click, run_console_query, shortest_path_view
    from actorgraph.dashboard.state import ViewState

    rng = random.Random(1)
    hub, other = graph.actors[0].id, graph.actors[40].id
    type_names = [t[0] for t in TYPES]

    def fresh_filter() -> ViewState:
        types = sorted(rng.sample(type_names, rng.randint(3, 12)))
        day = START + dt.timedelta(days=rng.randrange(DAYS // 2))
        return ViewState(graph_filter=GraphFilter(relation_types=types, date_from=day, min_confidence=rng.choice([0.0, 0.5])))

    yield "filter change (cold, new filter)", timed(lambda: filter_change(dashboard, fresh_filter()), repeat)
    base = ViewState()
    filter_change(dashboard, base)
    yield "filter change (cached filter)", timed(lambda: filter_change(dashboard, base), repeat)
    middling = [a.id for a in graph.actors[100 : 100 + repeat]]
    clicks = iter(middling * 2)
    yield "node click (typical actor)", timed(lambda: node_click(dashboard, base, next(clicks)), repeat)
    yield "node click (biggest hub)", timed(lambda: node_click(dashboard, base, hub), repeat)
    expands = iter(middling * 2)
    yield "expand node", timed(lambda: expand_node(dashboard, base, next(expands)), repeat)
    yield "shortest path", timed(lambda: shortest_path_view(dashboard, base, graph.actors[4000].id, other), repeat)
    cypher = "MATCH (a:Actor)-[e:ATTACKS]->(b:Actor) RETURN a.name, count(*) AS n ORDER BY n DESC LIMIT 20"
    yield "cypher console query", timed(lambda: run_console_query(dashboard, cypher), repeat)


def run_engine(name: str, store: GraphStore, graph: SyntheticGraph, repeat: int) -> list[str]:
    seconds = load(store, graph)
    lines = [f"{name}: {len(graph.actors):,} actors, {len(graph.relations):,} relations (loaded in {seconds:.1f} s)"]
    print(lines[0], flush=True)
    from actorgraph.dashboard.services import Dashboard

    dashboard = Dashboard(store)
    for label, times in scenarios(dashboard, graph, repeat):
        lines.append(f"  {label:<36} {summary(times)}")
        print(lines[-1], flush=True)
    return lines


def open_bench_neo4j() -> GraphStore | None:
    uri = os.environ.get("ACTORGRAPH_BENCH_NEO4J_URI", "bolt://127.0.0.1:7687")
    try:
        return open_store(uri, user="neo4j", password=os.environ.get("NEO4J_PASSWORD", "actorgraph-test"))
    except StoreUnavailable as exc:
        print(f"Neo4j skipped: {exc}", flush=True)
        return None


def remove_bench_data(store: GraphStore) -> None:
    # The store has no bulk delete; the benchmark owns only its prefixed nodes.
    with store._session() as session:  # type: ignore[attr-defined]  # a Neo4jStore here
        session.run(
            "MATCH (n) WHERE n.id STARTS WITH $prefix CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
            prefix=PREFIX,
        ).consume()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--relations", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args(argv)
    graph = synthetic_graph(args.actors, args.relations)
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "graph") as store:
        print(f"embedded store in {folder}", flush=True)
        run_engine("embedded (LadybugDB)", store, graph, args.repeat)
    neo4j = None if args.skip_neo4j else open_bench_neo4j()
    if neo4j is not None:
        with neo4j:
            remove_bench_data(neo4j)
            try:
                run_engine("Neo4j (Bolt, local)", neo4j, graph, args.repeat)
            finally:
                remove_bench_data(neo4j)
    return 0


if __name__ == "__main__":
    sys.exit(main())
