"""Benchmark of the dashboard's server side: how long the main callbacks take on a big graph.

Loads 5,000 actors and 50,000 relations into each engine (the embedded one in a temporary
folder; Neo4j at bolt://127.0.0.1:7687 when it answers — ACTORGRAPH_BENCH_NEO4J_URI to change
it —, user ``neo4j``, password from NEO4J_PASSWORD, default ``actorgraph-test``) and times the
callbacks as plain function calls: a filter change, a node click, an edge click, expanding a
node, a shortest path and a Cypher query. Prints the median and 95th percentile of each, for
the app as it serves (its relations indexed in memory) beside the baseline measured in the
same run: the same view model answering every view with an aggregating store query.

    .venv/bin/python bench/dashboard.py [--actors 5000] [--relations 50000] [--repeat 20]
    .venv/bin/python bench/dashboard.py --scale [--cache ~/.cache/actorgraph-bench]

``--scale`` is 50,000 actors and 1,000,000 relations, written once and reused: the embedded
store in a folder of the cache, the Neo4j one left in the database (its ``bench-`` nodes are
kept while they hold the same number of relations). Not for CI: the first run loads for
minutes. Targets at that size, both engines: median < 300 ms for a cold filter change, a node
click and an edge click; < 500 ms for a shortest path and an expand. Without ``--scale`` the
Neo4j run deletes its ``bench-`` nodes after.
"""

from __future__ import annotations

import argparse
import contextlib
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

import numpy as np
import pyarrow as pa

from actorgraph.graph import Actor, Article, GraphFilter, GraphStore, Relation, StoreUnavailable, open_store
from actorgraph.graph.records import RelationColumns

if TYPE_CHECKING:
    from actorgraph.dashboard.services import Dashboard

__all__ = ["SyntheticGraph", "load", "load_columns", "main", "synthetic_columns", "synthetic_graph"]

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


def synthetic_graph(n_actors: int = 5000, n_relations: int = 50_000, seed: int = 7, records: bool = True) -> SyntheticGraph:
    """Actors of every kind, one article per 50 relations, relations between Zipf-chosen actors
    (none with ``records=False``: :func:`synthetic_columns` draws them in bulk).

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
    relations = [_relation(i, rng, actors, cum_weights, articles) for i in range(n_relations if records else 0)]
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


def synthetic_columns(graph: SyntheticGraph, n_relations: int, seed: int = 7) -> RelationColumns:
    """``n_relations`` relations between ``graph``'s actors, drawn as :func:`synthetic_graph` draws
    them (Zipf-chosen ends, a type, an article and its date), built column by column: a million
    as records would take minutes.

    >>> g = synthetic_graph(50, 0)
    >>> len(synthetic_columns(g, 300))
    300
    """
    rng = np.random.default_rng(seed)
    n = len(graph.actors)
    weights = 1 / (np.arange(n) + 1) ** 0.9
    ends = rng.choice(n, size=(2, n_relations), p=weights / weights.sum())
    ends[1] = np.where(ends[0] == ends[1], (ends[1] + 1) % n, ends[1])
    kinds = rng.integers(len(TYPES), size=n_relations)
    articles = rng.integers(len(graph.articles), size=n_relations)
    ids = np.array([a.id for a in graph.actors], dtype=object)
    article_ids = np.array([a.id for a in graph.articles], dtype=object)
    published = np.array([a.published for a in graph.articles], dtype="datetime64[D]")
    codes = [np.array([t[i] for t in TYPES], dtype=object) for i in range(5)]
    table = pa.table(
        {
            "id": [f"{PREFIX}r{i}" for i in range(n_relations)],
            "type": codes[0][kinds],
            "source_id": ids[ends[0]],
            "target_id": ids[ends[1]],
            "date": published[articles],
            "modality": np.array(MODALITIES, dtype=object)[rng.integers(len(MODALITIES), size=n_relations)],
            "confidence": np.round(rng.uniform(0.3, 1.0, n_relations), 2),
            "cameo": codes[1][kinds],
            "plover": codes[2][kinds],
            "quad_class": codes[3][kinds].astype(np.int64),
            "goldstein": codes[4][kinds].astype(np.float64),
            "sentence": pa.nulls(n_relations, pa.string()),
            "article_id": article_ids[articles],
            "extractor": np.where(rng.random(n_relations) < 0.5, "bench", "bench-import").astype(object),
        }
    )
    return RelationColumns.from_arrow(table)


def load_columns(store: GraphStore, graph: SyntheticGraph, relations: RelationColumns) -> float:
    """Write actors, articles and bulk relations; returns the seconds it took."""
    started = time.perf_counter()
    store.ensure_relation_types(t[0] for t in TYPES)
    store.upsert_actors(graph.actors)
    store.upsert_articles(graph.articles)
    for start in range(0, len(relations), 100_000):
        store.upsert_relation_columns(RelationColumns(relations.table.slice(start, 100_000)))
        print(f"  … {min(start + 100_000, len(relations)):,} relations written", flush=True)
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
    """The timed callbacks; each filter change asks for a filter not seen before (no cache hit),
    and each click asks for an actor or edge not asked for before."""
    from actorgraph.dashboard.callbacks import (
        edge_click,
        expand_node,
        filter_change,
        node_click,
        run_console_query,
        shortest_path_view,
    )
    from actorgraph.dashboard.elements import edge_id
    from actorgraph.dashboard.state import ViewState

    rng = random.Random(1)
    n = len(graph.actors)
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
    middling = [a.id for a in graph.actors[n // 50 : n // 50 + repeat]]
    clicks = iter(middling * 2)
    yield "node click (typical actor)", timed(lambda: node_click(dashboard, base, next(clicks)), repeat)
    yield "node click (biggest hub)", timed(lambda: node_click(dashboard, base, hub), repeat)
    shown = dashboard.view(base).edges
    edges = iter(shown[len(shown) // 2 :] + shown)
    yield "edge click", timed(lambda: edge_click(dashboard, base, {"id": edge_id(*_ends(next(edges)))}), repeat)
    expands = iter(middling * 2)
    yield "expand node", timed(lambda: expand_node(dashboard, base, next(expands)), repeat)
    far = iter([a.id for a in graph.actors[n - repeat * 2 :]])
    yield "shortest path", timed(lambda: shortest_path_view(dashboard, base, next(far), other), repeat)
    cypher = "MATCH (a:Actor)-[e:ATTACKS]->(b:Actor) RETURN a.name, count(*) AS n ORDER BY n DESC LIMIT 20"
    yield "cypher console query", timed(lambda: run_console_query(dashboard, cypher), repeat)


def _ends(edge: object) -> tuple[str, str, str]:
    return edge.source_id, edge.target_id, edge.type  # type: ignore[attr-defined]  # an EdgeSummary


def run_engine(name: str, store: GraphStore, graph: SyntheticGraph, repeat: int, baseline_repeat: int) -> list[str]:
    """Time every scenario with the relations indexed in memory, then without (the baseline)."""
    from actorgraph.dashboard.services import Dashboard
    from actorgraph.dashboard.stable_layout import ANCHOR_NODES

    lines = [f"{name}: {len(graph.actors):,} actors, {_relation_count(store):,} relations"]
    print(lines[0], flush=True)
    indexed = Dashboard(store)
    started = time.perf_counter()
    index = indexed._index.current()  # type: ignore[union-attr]  # a Dashboard has one
    lines.append(f"  index built in {time.perf_counter() - started:.1f} s, {index.nbytes / 2**20:.0f} MB")
    started = time.perf_counter()
    indexed.store_map()  # once per version of the store, as the app does on its first view
    lines.append(f"  map of the store (layout of its {ANCHOR_NODES:,} heaviest actors) in {time.perf_counter() - started:.1f} s")
    print(*lines[-2:], sep="\n", flush=True)
    baseline = dict(scenarios(Dashboard(store, index=False), graph, baseline_repeat)) if baseline_repeat else {}
    header = f"  {'':<34} {'indexed (the app)':>36}   {'baseline: store aggregation':>34}"
    lines.append(header)
    print(header, flush=True)
    for label, times in scenarios(indexed, graph, repeat):
        before = f"   {summary(baseline[label])}" if label in baseline else ""
        lines.append(f"  {label:<34} {summary(times)}{before}")
        print(lines[-1], flush=True)
    return lines


def _relation_count(store: GraphStore) -> int:
    return sum(store.stats().relationships.get(t[0], 0) for t in TYPES)


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


def fill(store: GraphStore, graph: SyntheticGraph, n_relations: int, scale: bool) -> None:
    """Write the benchmark's graph into ``store`` unless it already holds it (``--scale`` reuses it)."""
    if scale and _relation_count(store) >= n_relations:  # other data beside it is left alone
        print(f"reusing the {n_relations:,} relations already in {store.location}", flush=True)
        return
    if scale:
        seconds = load_columns(store, graph, synthetic_columns(graph, n_relations))
    else:
        seconds = load(store, graph)
    print(f"loaded {n_relations:,} relations into {store.location} in {seconds:.0f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--relations", type=int, default=50_000)
    parser.add_argument("--scale", action="store_true", help="50,000 actors, 1,000,000 relations, kept in --cache")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "actorgraph-bench")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--baseline-repeat", type=int, default=None, help="runs of the baseline (default: --repeat; 0: none)")
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--skip-embedded", action="store_true")
    args = parser.parse_args(argv)
    if args.scale:
        args.actors, args.relations = 50_000, 1_000_000
    baseline_repeat = args.repeat if args.baseline_repeat is None else args.baseline_repeat
    graph = synthetic_graph(args.actors, args.relations, records=not args.scale)
    if not args.skip_embedded:
        with contextlib.ExitStack() as stack:
            folder = args.cache / f"graph-{args.actors}-{args.relations}" if args.scale else None
            folder = folder or Path(stack.enter_context(tempfile.TemporaryDirectory())) / "graph"
            store = stack.enter_context(open_store(folder))
            fill(store, graph, args.relations, args.scale)
            run_engine("embedded (LadybugDB)", store, graph, args.repeat, baseline_repeat)
    neo4j = None if args.skip_neo4j else open_bench_neo4j()
    if neo4j is not None:
        with neo4j:
            if not args.scale:
                remove_bench_data(neo4j)
            try:
                fill(neo4j, graph, args.relations, args.scale)
                run_engine("Neo4j (Bolt, local)", neo4j, graph, args.repeat, baseline_repeat)
            finally:
                if not args.scale:
                    remove_bench_data(neo4j)
    return 0


if __name__ == "__main__":
    sys.exit(main())
