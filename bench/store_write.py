"""Benchmark of bulk writes: synthetic relations through the store's bulk path, beside the engine's own.

Writes N actors (``upsert_actors``) and M relations (``upsert_relation_columns``: an Arrow
table, in batches of the importers' size) into each engine, then writes the very same rows
again; the second write must change no counts (the store's writes are upserts by id). In
the same run, the same rows are written by the engine's own fastest means, with nothing of
ours in between: LadybugDB's ``COPY`` of each type's rows from Arrow into a fresh database,
and the Neo4j driver's ``UNWIND $rows … CREATE`` of the same rows as lists, in batches of
10,000. Each figure is printed beside that baseline, as a ratio (targets: at least 0.5 of
``COPY``, 0.8 of the driver's ``UNWIND``). Relations look like extracted ones: the ontology's
15 types with their codes, dates over two years, all modalities, confidences, sentences of
about 150 characters with offsets, article ids and the extractor's name. Actors are picked
with Zipf-like weights, so a few hubs take most relations, as in news coverage.

    .venv/bin/python bench/store_write.py [--actors 2000] [--relations 100000] [--engine both] [--scale]

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

Wall-clock rates are printed with the CPU time of the writing process, because the machine
may be shared: the difference is time spent waiting for Neo4j or for a free core. The
``--scale`` option writes 50,000 actors and 1,000,000 relations into an embedded store kept
in a cache folder (``--cache``, default ``~/.cache/actorgraph-bench``), once: later runs reuse
it (for the dashboard benchmarks); it is not part of CI.
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
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow as pa

from actorgraph.graph import Actor, GraphStore, NotFound, Relation, StoreUnavailable, open_store
from actorgraph.graph.ids import relation_id
from actorgraph.graph.queries import LadybugCypher, Neo4jCypher
from actorgraph.graph.records import RelationColumns
from actorgraph.ingest.importers import DEFAULT_BATCH_ROWS
from actorgraph.ingest.ontology import EventCoding, load_ontology

__all__ = [
    "EngineResult",
    "embedded_baseline_tables",
    "main",
    "neo4j_baseline_tables",
    "run_engine",
    "scale_store",
    "synthetic_actors",
    "synthetic_relations",
]

PREFIX = "storebench-"
START = dt.date(2023, 1, 1)
DAYS = 730
# the store's first write against the engine's own in the same run
TARGETS = {"embedded": 0.5, "neo4j": 0.8}
BASELINES = {"embedded": "LadybugDB COPY from Arrow", "neo4j": "driver UNWIND … CREATE, lists, batches of 10,000"}
RAW_BATCH = 10_000
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
    baseline_s: float = 0.0
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


def synthetic_relations(n: int, actors: Sequence[Actor], rng: random.Random, first: int = 0) -> list[Relation]:
    """Relations between Zipf-chosen actors, one article per 20 relations (numbered from ``first``)."""
    ontology = load_ontology()
    specs = [ontology.coding(spec.cameo) for spec in ontology.relations.values()]
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(actors))]
    relations = []
    for i in range(n):
        source, target = rng.choices(range(len(actors)), weights=weights, k=2)
        target = target if target != source else (target + 1) % len(actors)
        relations.append(_relation(first + i, rng, actors[source], actors[target], specs[i % len(specs)]))
    return relations


def _relation(i: int, rng: random.Random, source: Actor, target: Actor, spec: EventCoding | None) -> Relation:
    assert spec is not None  # every type's own code is an event it claims
    day = START + dt.timedelta(days=rng.randrange(DAYS))
    article = f"{PREFIX}art{i // 20}"
    sentence = _sentence(rng, source, target, spec.relation.lower(), day)
    start = rng.randrange(0, 4000)
    end = start + len(sentence)
    return Relation(
        id=PREFIX + relation_id(article, spec.relation, source.id, target.id, start, end),
        type=spec.relation,
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


def write(store: GraphStore, actors: list[Actor], table: pa.Table, batch: int) -> tuple[float, float, float]:
    """Seconds to upsert the actors, then the relations (an Arrow table) in batches of ``batch``
    (wall clock and this process's CPU time: the difference is time spent waiting for a server
    or for a core)."""
    started = time.perf_counter()
    store.upsert_actors(actors)
    middle, cpu = time.perf_counter(), time.process_time()
    for start in range(0, table.num_rows, batch):
        store.upsert_relation_columns(RelationColumns.from_arrow(table.slice(start, batch)))
    return middle - started, time.perf_counter() - middle, time.process_time() - cpu


def by_type(tables: Sequence[pa.Table]) -> dict[str, pa.Table]:
    """The rows of each type as the engines' own writes take them (ends first, then the properties)."""
    grouped: dict[str, list[pa.Table]] = {}
    for table in tables:
        for rel_type, rows in RelationColumns(table).by_type().items():
            grouped.setdefault(rel_type, []).append(rows.drop_columns(["type"]))
    return {t: pa.concat_tables(parts) for t, parts in grouped.items()}


def _end_actors(tables: Sequence[pa.Table]) -> list[Actor]:
    ids = {i for t in tables for c in ("source_id", "target_id") for i in t.column(c).to_pylist()}
    return [Actor(id=i, name=i) for i in sorted(ids)]


def embedded_baseline_tables(folder: Path, tables: Sequence[pa.Table], actors: Sequence[Actor] | None = None) -> float:
    """Seconds for LadybugDB's own COPY of the rows, type by type, into a fresh database (its
    schema and the actors at the ends written first, untimed)."""
    import ladybug

    grouped = by_type(tables)
    with open_store(folder, relation_types=sorted(grouped)) as store:
        store.upsert_actors(actors if actors is not None else _end_actors(tables))
    db = ladybug.Database(str(folder / "actorgraph.lbdb"))
    conn = ladybug.Connection(db)
    started = time.perf_counter()
    for rel_type, rows in grouped.items():
        conn.execute(LadybugCypher.copy_relations(rel_type), {"rows": rows})
    elapsed = time.perf_counter() - started
    conn.close()
    db.close()
    return elapsed


def neo4j_baseline_tables(tables: Sequence[pa.Table], actors: Sequence[Actor] | None = None) -> float:
    """Seconds for the driver's own ``UNWIND $rows … CREATE`` of the rows as lists, in batches of
    10,000 (the actors at the ends written first, untimed)."""
    import neo4j

    uri, user, password = neo4j_settings()
    rows = {t: _lists(part) for t, part in by_type(tables).items()}
    with open_store(uri, user=user, password=password, relation_types=sorted(rows)) as store:
        store.upsert_actors(actors if actors is not None else _end_actors(tables))
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver, driver.session() as session:
        started = time.perf_counter()
        for rel_type, values in rows.items():
            query = Neo4jCypher.create_relations(rel_type)
            for start in range(0, len(values), RAW_BATCH):
                session.run(query, rows=values[start : start + RAW_BATCH]).consume()
        return time.perf_counter() - started


def _lists(rows: pa.Table) -> list[list[object]]:
    columns = [rows.column(name) for name in Neo4jCypher.RELATION_COLUMNS]
    date = Neo4jCypher.RELATION_COLUMNS.index("date")
    columns[date] = columns[date].cast(pa.string())
    return [list(row) for row in zip(*(c.to_pylist() for c in columns), strict=True)]


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
    """Generate the rows, write them twice, count, then time the engine's own write of them;
    meant to run in a process of its own."""
    result = EngineResult(engine)
    rng = random.Random(seed)
    actors = synthetic_actors(n_actors, rng)
    table = RelationColumns.from_relations(synthetic_relations(n_relations, actors, rng)).table
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
            warm_up(engine, store, Path(folder), actors, table)
            measure(store, actors, table, batch, result)
        except NotFound as exc:
            result.failed = f"{exc} (did another process wipe the server meanwhile?)"
        finally:
            if engine == "neo4j":
                remove_neo4j_rows()
            closing = time.perf_counter()
            store.close()  # the embedded engine's last checkpoint happens here
            result.close_s = time.perf_counter() - closing
        result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if result.failed is None:
            if engine == "embedded":
                result.baseline_s = embedded_baseline_tables(Path(folder) / "baseline", [table], actors)
            else:
                try:
                    result.baseline_s = neo4j_baseline_tables([table], actors)
                finally:
                    remove_neo4j_rows()
    return result


def warm_up(engine: str, store: GraphStore, folder: Path, actors: list[Actor], rows: pa.Table) -> None:
    """Write a thousand of the rows once, untimed, so neither side pays for first use (Neo4j compiles
    the query plans both sides share, Python imports what the conversions need)."""
    sample = rows.slice(0, 1000)
    if engine == "embedded":
        with open_store(folder / "warm-up") as scratch:
            scratch.upsert_actors(actors)
            scratch.upsert_relation_columns(RelationColumns(sample))
        shutil.rmtree(folder / "warm-up")
        return
    store.upsert_actors(actors)
    store.upsert_relation_columns(RelationColumns(sample))
    remove_neo4j_rows()


def measure(store: GraphStore, actors: list[Actor], table: pa.Table, batch: int, result: EngineResult) -> None:
    """Write everything twice, counting after each write."""
    result.actors_s, result.first_s, result.first_cpu_s = write(store, actors, table, batch)
    result.counts_first = prefixed_counts(store)
    _, result.second_s, result.second_cpu_s = write(store, actors, table, batch)
    result.counts_second = prefixed_counts(store)


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def in_child(engine: str, args: argparse.Namespace) -> EngineResult:
    """Run one engine in a fresh process, so its peak memory is not the other engine's."""
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(run_engine, engine, args.actors, args.relations, args.batch, args.seed).result()


# -- a million relations, once ---------------------------------------------------------------


def scale_store(cache: Path, n_actors: int = 50_000, n_relations: int = 1_000_000, seed: int = 7) -> Path:
    """An embedded store of ``n_actors`` / ``n_relations`` synthetic rows in ``cache``, written
    the first time and reused after (the folder's name says its size and seed)."""
    folder = cache / f"store-{n_actors}-{n_relations}-{seed}"
    if (folder / "complete").exists():
        print(f"scale store: reusing {folder}")
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(seed)
    actors = synthetic_actors(n_actors, rng)
    started = time.perf_counter()
    with open_store(folder) as store:
        store.upsert_actors(actors)
        for start in range(0, n_relations, DEFAULT_BATCH_ROWS):
            chunk = synthetic_relations(min(DEFAULT_BATCH_ROWS, n_relations - start), actors, rng, first=start)
            store.upsert_relation_columns(RelationColumns.from_relations(chunk))
    (folder / "complete").write_text(f"{n_actors} actors, {n_relations} relations, seed {seed}\n")
    elapsed = time.perf_counter() - started
    print(f"scale store: wrote {n_actors:,} actors and {n_relations:,} relations into {folder} in {elapsed:.0f} s")
    return folder


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
    baseline = n_relations / result.baseline_s if result.baseline_s else float("nan")
    ratio, target = first / baseline, TARGETS[result.engine]
    print(f"{result.engine}:")
    print(f"  actors     {n_actors:>9,} in {result.actors_s:6.2f} s  ({n_actors / result.actors_s:,.0f} actors/s)")
    print(f"  relations  {n_relations:>9,} in {result.first_s:6.2f} s  ({first:,.0f} relations/s); CPU time of this process "
          f"{result.first_cpu_s:.2f} s")  # fmt: skip
    print(f"  baseline   {n_relations:>9,} in {result.baseline_s:6.2f} s  ({baseline:,.0f} relations/s: "
          f"{BASELINES[result.engine]})")  # fmt: skip
    print(f"  store / baseline {ratio:.2f} (target {target}: {'met' if ratio >= target else 'MISSED'})")
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
    parser.add_argument(
        "--batch",
        type=int,
        default=DEFAULT_BATCH_ROWS,
        help=f"relations per upsert_relation_columns call (default {DEFAULT_BATCH_ROWS}, the importers')",
    )
    parser.add_argument("--engine", choices=("embedded", "neo4j", "both"), default="both")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the synthetic rows")
    parser.add_argument("--scale", action="store_true", help="write (once) the 50,000-actor, 1,000,000-relation store")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "actorgraph-bench", help="where --scale keeps it")
    args = parser.parse_args(argv)  # fmt: skip
    if args.scale:
        scale_store(args.cache)
        return 0
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
