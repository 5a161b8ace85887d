"""Benchmark of bulk writes: synthetic actors and relations through the store API, twice.

Writes N actors (``upsert_actors``) and M relations (``upsert_relations``, in batches) into
each engine, then writes the very same rows again; the second write must change no counts
(the store's writes are upserts by id). Relations look like extracted ones: the ontology's
15 types with their codes, dates over two years, all modalities, confidences, sentences of
about 150 characters with offsets, article ids and the extractor's name. Actors are picked
with Zipf-like weights, so a few hubs take most relations, as in news coverage.

    .venv/bin/python bench/store_write.py [--actors 2000] [--relations 100000] [--engine both]

Each engine runs in a child process of its own, so that its peak memory is its own: the
figure printed is the peak resident set size of that process (``resource.getrusage``
``ru_maxrss``), which includes the synthetic records (shown separately, as the RSS before the
first write) and, for the embedded engine, LadybugDB's buffer pool. Neo4j's own memory is
the server's (a JVM) and is not in it.

The embedded engine writes into a temporary folder that is deleted afterwards. On Neo4j
(bolt://127.0.0.1:7687 unless ACTORGRAPH_BENCH_NEO4J_URI says otherwise; user NEO4J_USER,
default ``neo4j``; password NEO4J_PASSWORD, default ``actorgraph-test``) every actor id
starts with ``storebench-`` and only those actors and their relations are deleted, before
and after the run; nothing else on the server is touched. A server that does not answer is
skipped with a message.

Targets: at least 20,000 relations/s into the embedded engine and 10,000 into Neo4j (first
write). Wall-clock rates are printed with the CPU time of the writing process, because the
machine may be shared: the difference is time spent waiting for Neo4j or for a free core.
Exit status 1 when a second write changed a count (or the rows vanished mid-run), else 0.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from actorgraph.graph import Actor, GraphStore, NotFound, Relation, StoreUnavailable, open_store
from actorgraph.graph.ids import relation_id
from actorgraph.ingest.ontology import RelationSpec, load_ontology

__all__ = ["EngineResult", "main", "run_engine", "synthetic_actors", "synthetic_relations"]

PREFIX = "storebench-"
START = dt.date(2023, 1, 1)
DAYS = 730
TARGETS = {"embedded": 20_000, "neo4j": 10_000}
KIND_SHARES = [("state", 0.04), ("igo", 0.02), ("bloc", 0.01), ("person", 0.6), ("org", 0.12),
               ("party", 0.08), ("media", 0.06), ("armed_group", 0.07)]  # fmt: skip
MODALITIES = ["asserted"] * 6 + ["reported"] * 3 + ["alleged", "denied", "conditional", "hypothetical", "hoped"]
# Clauses sentences are built from, so that they vary in words and length as news does.
_OPENINGS = ["On {day},", "Late on {day},", "Earlier this week,", "In a statement on {day},", "According to officials,"]
_TAILS = [
    "in a move that drew sharp criticism from opposition lawmakers and several neighbouring governments",
    "citing intelligence reports that could not be independently verified by journalists in the region",
    "after weeks of talks on border security, trade quotas and the return of detained citizens",
    "as diplomats warned that the dispute could spill over into the wider region within months",
    "a spokesperson told reporters at a briefing in the capital, declining to give further details",
]


@dataclass
class EngineResult:
    """What one engine's run measured."""

    engine: str
    skipped: str | None = None  # the engine did not answer
    failed: str | None = None  # the run was disturbed
    actors_s: float = 0.0
    first_s: float = 0.0
    first_cpu_s: float = 0.0
    second_s: float = 0.0
    second_cpu_s: float = 0.0
    close_s: float = 0.0
    counts_first: tuple[int, int] = (0, 0)
    counts_second: tuple[int, int] = (0, 0)
    rss_before_mb: float = 0.0
    peak_rss_mb: float = 0.0
    lines: list[str] = field(default_factory=list)


def synthetic_actors(n: int, rng: random.Random) -> list[Actor]:
    """Actors of every kind; a third reviewed, some with aliases."""
    kinds = [k for k, share in KIND_SHARES for _ in range(max(1, round(share * 100)))]
    actors = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        name = f"Actor {i} {kind.replace('_', ' ').title()}"
        aliases = [f"A{i}", f"{name} Group"][: rng.randrange(3)]
        actors.append(
            Actor(
                id=f"{PREFIX}a{i}",
                name=name,
                kind=kind,
                code=f"C{i % 250:03d}",
                role="minister" if kind == "person" else None,
                aliases=aliases,
                reviewed=rng.random() < 0.3,
            )
        )
    return actors


def synthetic_relations(n: int, actors: Sequence[Actor], rng: random.Random) -> list[Relation]:
    """Relations between Zipf-chosen actors, one article per 20 relations."""
    specs = list(load_ontology().relations.values())
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(actors))]
    relations = []
    for i in range(n):
        source, target = rng.choices(range(len(actors)), weights=weights, k=2)
        target = target if target != source else (target + 1) % len(actors)
        relations.append(_relation(i, rng, actors[source], actors[target], specs[i % len(specs)]))
    return relations


def _relation(i: int, rng: random.Random, source: Actor, target: Actor, spec: RelationSpec) -> Relation:
    day = START + dt.timedelta(days=rng.randrange(DAYS))
    article = f"{PREFIX}art{i // 20}"
    sentence = _sentence(rng, source, target, spec.name.lower(), day)
    start = rng.randrange(0, 4000)
    end = start + len(sentence)
    return Relation(
        id=PREFIX + relation_id(article, spec.name, source.id, target.id, start, end),
        type=spec.name,
        source_id=source.id,
        target_id=target.id,
        date=day,
        modality=rng.choice(MODALITIES),
        confidence=round(rng.uniform(0.3, 0.99), 3),
        cameo=spec.cameo,
        plover=spec.plover,
        quad_class=spec.quad_class,
        goldstein=spec.goldstein,
        sentence=sentence,
        char_start=start,
        char_end=end,
        article_id=article,
        extractor="actorgraph-rules/0.1",
    )


def _sentence(rng: random.Random, source: Actor, target: Actor, verb: str, day: dt.date) -> str:
    opening = rng.choice(_OPENINGS).format(day=day.strftime("%A"))
    return f"{opening} {source.name} {verb} {target.name}, {rng.choice(_TAILS)}."


# -- one engine ----------------------------------------------------------------------------


def open_engine(engine: str, folder: str) -> GraphStore:
    if engine == "embedded":
        return open_store(Path(folder) / "graph")
    uri, user, password = neo4j_settings()
    return open_store(uri, user=user, password=password)


def neo4j_settings() -> tuple[str, str, str]:
    return (
        os.environ.get("ACTORGRAPH_BENCH_NEO4J_URI", "bolt://127.0.0.1:7687"),
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", "actorgraph-test"),
    )


def prefixed_counts(store: GraphStore) -> tuple[int, int]:
    """(actors, relations) the benchmark wrote: only ids with its prefix count."""
    actors = store.query("MATCH (a:Actor) WHERE a.id STARTS WITH $p RETURN count(a)", {"p": PREFIX}).rows[0][0]
    relations = store.query("MATCH (s:Actor)-[e]->(:Actor) WHERE s.id STARTS WITH $p RETURN count(e)", {"p": PREFIX}).rows[0][0]
    return int(actors), int(relations)


def write(store: GraphStore, actors: list[Actor], relations: list[Relation], batch: int) -> tuple[float, float, float]:
    """Seconds to upsert the actors, then the relations in batches of ``batch`` (wall clock and
    this process's CPU time: the difference is time spent waiting for a server or for a core)."""
    started = time.perf_counter()
    store.upsert_actors(actors)
    middle, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(relations), batch):
        store.upsert_relations(relations[start : start + batch])
    return middle - started, time.perf_counter() - middle, time.process_time() - cpu


def remove_neo4j_rows() -> None:
    """Delete the benchmark's actors (and so their relations) from the shared server."""
    import neo4j

    uri, user, password = neo4j_settings()
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver, driver.session() as session:
        session.run(
            "MATCH (a:Actor) WHERE a.id STARTS WITH $p CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 200 ROWS",
            p=PREFIX,
        ).consume()


def run_engine(engine: str, n_actors: int, n_relations: int, batch: int, seed: int) -> EngineResult:
    """Generate the rows, write them twice, count; meant to run in a process of its own."""
    result = EngineResult(engine)
    rng = random.Random(seed)
    actors = synthetic_actors(n_actors, rng)
    relations = synthetic_relations(n_relations, actors, rng)
    result.rss_before_mb = _current_rss_mb()
    with tempfile.TemporaryDirectory(prefix="store-bench-") as folder:
        try:
            store = open_engine(engine, folder)
        except StoreUnavailable as exc:
            result.skipped = str(exc)
            return result
        try:
            if engine == "neo4j":
                remove_neo4j_rows()  # left over from an interrupted run
            measure(store, actors, relations, batch, result)
        except NotFound as exc:
            result.failed = f"{exc} (did another process wipe the server meanwhile?)"
        finally:
            if engine == "neo4j":
                remove_neo4j_rows()
            closing = time.perf_counter()
            store.close()  # the embedded engine's last checkpoint happens here
            result.close_s = time.perf_counter() - closing
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def measure(store: GraphStore, actors: list[Actor], relations: list[Relation], batch: int, result: EngineResult) -> None:
    """Write everything twice, counting after each write."""
    result.actors_s, result.first_s, result.first_cpu_s = write(store, actors, relations, batch)
    result.counts_first = prefixed_counts(store)
    _, result.second_s, result.second_cpu_s = write(store, actors, relations, batch)
    result.counts_second = prefixed_counts(store)


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def in_child(engine: str, args: argparse.Namespace) -> EngineResult:
    """Run one engine in a fresh process, so its peak memory is not the other engine's."""
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(run_engine, engine, args.actors, args.relations, args.batch, args.seed).result()


# -- report --------------------------------------------------------------------------------


def report(result: EngineResult, n_actors: int, n_relations: int) -> bool:
    """Print one engine's figures; False when the second write changed a count or the run failed."""
    if result.skipped:
        print(f"{result.engine}: skipped ({result.skipped})")
        return True
    if result.failed:
        print(f"{result.engine}: FAILED: {result.failed}")
        return False
    first = n_relations / result.first_s
    target = TARGETS[result.engine]
    print(f"{result.engine}:")
    print(f"  actors     {n_actors:>9,} in {result.actors_s:6.2f} s  ({n_actors / result.actors_s:,.0f} actors/s)")
    print(
        f"  relations  {n_relations:>9,} in {result.first_s:6.2f} s  ({first:,.0f} relations/s; target "
        f"{target:,}: {'met' if first >= target else 'MISSED'}); CPU time of this process {result.first_cpu_s:.2f} s"
    )
    print(
        f"  same rows again        in {result.second_s:6.2f} s  ({n_relations / result.second_s:,.0f} relations/s); "
        f"CPU time {result.second_cpu_s:.2f} s"
    )
    print(f"  closing the store took {result.close_s:.2f} s")
    print(
        f"  peak memory (ru_maxrss of its process) {result.peak_rss_mb:,.0f} MB; "
        f"{result.rss_before_mb:,.0f} MB before the first write (the synthetic records)"
    )
    same = result.counts_first == result.counts_second
    print(
        f"  counts (actors, relations) after 1st write {result.counts_first}, after 2nd {result.counts_second}: "
        f"{'unchanged' if same else 'CHANGED'}"
    )
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000, help="actors to write (default 2000)")
    parser.add_argument("--relations", type=int, default=100_000, help="relations to write (default 100000)")
    parser.add_argument("--batch", type=int, default=10_000, help="relations per upsert_relations call (default 10000)")
    parser.add_argument("--engine", choices=("embedded", "neo4j", "both"), default="both")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the synthetic rows")
    args = parser.parse_args(argv)
    if args.actors < 2 or args.relations < 1 or args.batch < 1:
        parser.error("need at least 2 actors, 1 relation and a batch of 1")
    engines = ["embedded", "neo4j"] if args.engine == "both" else [args.engine]
    print(
        f"{args.actors:,} actors, {args.relations:,} relations in batches of {args.batch:,}; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    unchanged = [report(in_child(engine, args), args.actors, args.relations) for engine in engines]
    return 0 if all(unchanged) else 1


if __name__ == "__main__":
    sys.exit(main())
