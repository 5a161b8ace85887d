"""Benchmark of event import: rows/s of ``actorgraph import`` per dataset and engine, beside the engine's own write.

Synthetic files in each dataset's layout are generated first (invented rows shaped like the
real ones: GDELT's 61 columns with its mix of state, agent and group actors, CAMEO codes
(some with no type in the ontology, which are counted and skipped), one source URL per three
events; ICEWS, POLECAT and ACLED files by their header columns). Each file is imported with
:class:`~actorgraph.ingest.importers.EventImporter` (what ``actorgraph import`` runs) into a
fresh store of each engine; the relation tables the importer hands the store are kept, and
written again by the engine's own means into a fresh database, as the baseline: LadybugDB's
``COPY`` from Arrow, the Neo4j driver's ``UNWIND … CREATE`` in batches of 10,000.

    .venv/bin/python bench/import.py [--rows 200000] [--datasets gdelt,icews,polecat,acled] [--engine both]
    .venv/bin/python bench/import.py --rows 1000000 --datasets gdelt --engine embedded   # the million-row target

Target: a million GDELT-shaped rows into the embedded store in under a minute. Neo4j is
used only when ACTORGRAPH_BENCH_NEO4J_URI names it (NEO4J_USER / NEO4J_PASSWORD, default
neo4j / actorgraph-test): the benchmark EMPTIES that database before each run, so give it a
server of its own; it is skipped when the variable is unset or the server does not answer.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow as pa
import pycountry
from store_write import embedded_baseline_tables, neo4j_baseline_tables, neo4j_settings

from actorgraph.graph import GraphStore, StoreUnavailable, open_store
from actorgraph.graph.records import RelationColumns
from actorgraph.ingest.gazetteer import load_gazetteer
from actorgraph.ingest.importers import DATASETS, EventImporter, open_sources
from actorgraph.ingest.importers.codes import load_event_codes
from actorgraph.ingest.ontology import load_ontology

__all__ = ["generate", "main"]

COUNTRIES = sorted(c.alpha_3 for c in pycountry.countries)[:180]
AGENTS = {"GOV": "GOVERNMENT", "MIL": "SOLDIER", "COP": "POLICE", "REB": "REBEL", "OPP": "PROTESTER", "MED": "JOURNALIST",
          "BUS": "COMPANY", "JUD": "COURT", "LEG": "PARLIAMENT", "CVL": "CIVILIAN"}  # fmt: skip
CAMEO = ["010", "020", "0231", "036", "040", "042", "043", "046", "051", "057", "060", "070", "0712", "080", "100", "111",
         "112", "1123", "120", "130", "138", "1384", "141", "145", "154", "163", "173", "180", "190", "193", "195"]  # fmt: skip
DAY = dt.date(2024, 11, 18)


def _country_names() -> dict[str, str]:
    return {c.alpha_3: c.name.upper() for c in pycountry.countries}


def generate(dataset: str, rows: int, folder: Path, seed: int = 7) -> Path:
    """A file of ``rows`` invented rows in the dataset's layout."""
    rng = random.Random(seed)
    path = folder / f"{dataset}-{rows}.{'csv' if dataset == 'acled' else 'tsv'}"
    writer = {"gdelt": _gdelt, "icews": _icews, "polecat": _polecat, "acled": _acled}[dataset]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer(out, rows, rng)
    return path


def _pick(rng: random.Random) -> str:
    return COUNTRIES[min(int(rng.paretovariate(1.2)) - 1, len(COUNTRIES) - 1)]


def _gdelt_actor(rng: random.Random, names: dict[str, str]) -> list[str]:
    country = _pick(rng)
    if rng.random() < 0.45:
        return [country, names[country], country, "", "", "", "", "", "", ""]
    suffix = rng.choice(list(AGENTS))
    return [country + suffix, AGENTS[suffix], country, "", "", "", "", suffix, "", ""]


def _gdelt(out: object, rows: int, rng: random.Random) -> None:
    names = _country_names()
    write = out.write  # type: ignore[attr-defined]
    for i in range(rows):
        day = DAY.strftime("%Y%m%d")
        code = rng.choice(CAMEO)
        second = _gdelt_actor(rng, names) if rng.random() < 0.85 else [""] * 10
        geo = ["4", f"Place {i % 5000}, Region, Country", "XX", "XX01", "", f"{rng.uniform(-60, 70):.4f}",
               f"{rng.uniform(-170, 170):.4f}", str(i % 5000)]  # fmt: skip
        fields = [str(1_100_000_000 + i), day, day[:6], day[:4], "2024.8800", *_gdelt_actor(rng, names), *second, "1", code,
                  code[:3], code[:2], str(1 + int(code[:2]) // 5 % 4), f"{rng.uniform(-10, 10):.1f}", "4", "1", "4", "-2.5",
                  *([""] * 8), *([""] * 8), *geo, day + "121500", _url(i)]  # fmt: skip
        write("\t".join(fields) + "\n")


def _url(i: int) -> str:
    """One story a source of three events, on one of 97 sites."""
    return f"https://news{i // 3 % 97}.example.com/story/{i // 3}"


def _icews(out: object, rows: int, rng: random.Random) -> None:
    names = {k: v.title() for k, v in _country_names().items()}
    columns = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
               "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
               "City", "District", "Province", "Country", "Latitude", "Longitude"]  # fmt: skip
    out.write("\t".join(columns) + "\n")  # type: ignore[attr-defined]
    for i in range(rows):
        a, b = names[_pick(rng)], names[_pick(rng)]
        sector = rng.choice(["", "Police", "Military", "Insurgents", "Business", "Parties"])
        source = a if not sector else f"{sector} ({a})"
        fields = [str(i), DAY.isoformat(), source, sector, a, "event", rng.choice(CAMEO), f"{rng.uniform(-10, 10):.1f}", b, "",
                  b, str(i // 3), "1", "Example Wire", "City", "", "Province", b, "10.0", "20.0"]  # fmt: skip
        out.write("\t".join(fields) + "\n")  # type: ignore[attr-defined]


def _polecat(out: object, rows: int, rng: random.Random) -> None:
    codes = load_event_codes()
    types = sorted(codes.plover_cameo)
    columns = ["Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Actor Name", "Actor Country",
               "Primary Actor Sector", "Recipient Name", "Recipient Country", "Primary Recipient Sector", "Placename",
               "Country", "Latitude", "Longitude", "Source", "Publication Date", "Story ID"]  # fmt: skip
    names = {k: v.title() for k, v in _country_names().items()}
    out.write("\t".join(columns) + "\n")  # type: ignore[attr-defined]
    for i in range(rows):
        a, b = _pick(rng), _pick(rng)
        fields = [f"ev-{i}", DAY.isoformat(), rng.choice(types).lower(), "", f"{rng.uniform(-10, 10):.1f}", "VERBAL CONFLICT",
                  names[a], a, "Government", names[b], b, "Government", "Place", b, "10.0", "20.0", "Example Wire",
                  DAY.isoformat(), f"st-{i // 3}"]  # fmt: skip
        out.write("\t".join(fields) + "\n")  # type: ignore[attr-defined]


def _acled(out: object, rows: int, rng: random.Random) -> None:
    codes = load_event_codes()
    subs = [k for k, v in codes.acled_cameo.items() if v]
    names = {k: v.title() for k, v in _country_names().items()}
    writer = csv.writer(out)  # type: ignore[arg-type]
    writer.writerow(["event_id_cnty", "event_date", "sub_event_type", "actor1", "inter1", "actor2", "inter2", "country",
                     "admin1", "location", "latitude", "longitude", "source", "notes"])  # fmt: skip
    for i in range(rows):
        a, b = names[_pick(rng)], names[_pick(rng)]
        writer.writerow([f"X{i}", DAY.isoformat(), rng.choice(subs), f"Military Forces of {a} (2000-)", "1",
                         rng.choice([f"Rebels of {b}", f"Civilians ({b})"]), "2", b, "Admin", "Town", "10.0", "20.0",
                         "Example Radio", "invented note"])  # fmt: skip


# -- running -----------------------------------------------------------------------------------


class _Spy:
    """Keeps the relation tables the importer hands the store, for the baseline to write again."""

    def __init__(self, store: GraphStore):
        self.tables: list[pa.Table] = []
        self._write = store.upsert_relation_columns
        store.upsert_relation_columns = self._keep  # type: ignore[method-assign]

    def _keep(self, columns: RelationColumns) -> int:
        self.tables.append(columns.table)
        return self._write(columns)


def open_engine(engine: str, folder: Path) -> GraphStore:
    if engine == "embedded":
        return open_store(folder / "graph")
    if not os.environ.get("ACTORGRAPH_BENCH_NEO4J_URI"):
        raise StoreUnavailable("set ACTORGRAPH_BENCH_NEO4J_URI to a Neo4j the benchmark may empty")
    uri, user, password = neo4j_settings()
    store = open_store(uri, user=user, password=password)
    with store._session() as session:  # type: ignore[attr-defined]
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return store


def run(dataset: str, engine: str, path: Path, folder: Path) -> str:
    """Import ``path`` into a fresh store, then write its relations by the engine's own means; one report line."""
    try:
        store = open_engine(engine, folder)
    except StoreUnavailable as exc:
        return f"{dataset:8} {engine:9} skipped: {exc}"
    spy = _Spy(store)
    importer = EventImporter(
        store, DATASETS[dataset], ontology=load_ontology(), gazetteer=load_gazetteer(), codes=load_event_codes()
    )
    started, cpu = time.perf_counter(), time.process_time()
    with store:
        summary = importer.run(open_sources([path]))
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    relations = sum(t.num_rows for t in spy.tables)
    if engine == "embedded":
        baseline = embedded_baseline_tables(folder / "baseline", spy.tables)
    else:
        open_engine(engine, folder).close()  # empty again
        baseline = neo4j_baseline_tables(spy.tables)
    return (f"{dataset:8} {engine:9} {summary.rows:>10,} rows in {seconds:6.1f} s = {summary.rows / seconds:>9,.0f} rows/s "
            f"(CPU {cpu_s:5.1f} s); {relations:>9,} relations = {relations / seconds:>9,.0f}/s; engine's own write of them "
            f"{baseline:5.1f} s = {relations / baseline:>9,.0f}/s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows per dataset (default 200000)")
    parser.add_argument("--datasets", default="gdelt,icews,polecat,acled")
    parser.add_argument("--engine", choices=("embedded", "neo4j", "both"), default="both")
    args = parser.parse_args(argv)
    engines = ["embedded", "neo4j"] if args.engine == "both" else [args.engine]
    print(f"{args.rows:,} rows per dataset; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        for dataset in args.datasets.split(","):
            path = generate(dataset, args.rows, Path(tmp))
            for engine in engines:
                with tempfile.TemporaryDirectory(prefix=f"{dataset}-{engine}-", dir=tmp) as folder:
                    print(run(dataset, engine, path, Path(folder)), flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
