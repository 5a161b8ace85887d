"""Benchmark of extraction and ingest: tokens/s and documents/s over the demo corpus.

The 36 articles of ``examples/demo/*.json`` are repeated until they hold at least 200,000
spaCy tokens; each copy gets its own url (``…#copy-N``), so that ingest stores it as a new
article instead of skipping it as unchanged. Five measurements, one after the other:

  (a) spaCy alone: ``nlp.pipe`` over exactly the paragraphs extraction parses (cleaned,
      split, headlines in sentence case; prepared before the clock starts), same pipeline
      and batch size, nothing else;
  (b) full extraction: ``Extractor.extract`` (cleaning, parsing, linking actors, the
      relation rules, dates, evidence); (b) - (a) is what our code adds to spaCy's parse;
  (c) ingest into the embedded engine (``ingest_documents`` into a temporary folder);
  (d) ingest into Neo4j (bolt://127.0.0.1:7687 unless ACTORGRAPH_BENCH_NEO4J_URI says
      otherwise; NEO4J_USER / NEO4J_PASSWORD, default neo4j / actorgraph-test); skipped
      with a message when it does not answer;
  (e) ingest into the embedded engine with ``workers=2`` (the time includes starting the
      two worker processes, each of which loads spaCy);
  (a) once more at the end: the machine may be shared, so the baseline is the mean of the
      two runs of (a), one before and one after the ingests.

    .venv/bin/python bench/extract.py [--tokens 200000] [--workers 2] [--skip-neo4j]

Targets: our code adds less than 50 % to spaCy's parse time; ingest into the embedded
engine, one process, reaches 0.9 of spaCy's own tokens/s (writes are grouped, 64 documents
a transaction, and done by a thread of their own while the next documents are parsed).

On Neo4j the run writes articles whose urls start with ``https://example.org/demo/`` and end
in ``#copy-N``, and the gazetteer's actors they name. Afterwards it deletes those articles
(with their relations and mentions) and the actors that did not exist before the run and
that nothing else points at; nothing else on the server is touched.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actorgraph.graph import GraphStore, StoreUnavailable, open_store
from actorgraph.graph.ids import article_id
from actorgraph.ingest.extractor import Extractor
from actorgraph.ingest.loaders import load_documents
from actorgraph.ingest.pipeline import ingest_documents
from actorgraph.ingest.records import Document, Extraction, LoadFailure

__all__ = ["Measurement", "corpus", "main"]

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
RULES_TARGET = 0.50  # our code may add at most this share to spaCy's parse time
INGEST_TARGET = 0.9  # ingest into the embedded engine, one process, against spaCy alone
_CLEANUP = (
    "MATCH ()-[e]->() WHERE e.article_id IN $articles DELETE e",
    "MATCH (a:Article) WHERE a.id IN $articles DETACH DELETE a",
    "MATCH (a:Actor) WHERE NOT a.id IN $before"
    " AND NOT EXISTS { MATCH (a)-[e]-() WHERE type(e) <> 'AFFILIATED_WITH' } DETACH DELETE a",
)


@dataclass(frozen=True)
class Measurement:
    """One timed run over the corpus."""

    label: str
    documents: int
    tokens: int
    seconds: float
    cpu_seconds: float

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds

    def line(self) -> str:
        return (
            f"{self.label:<36} {self.tokens_per_s:>8,.0f} tokens/s  {self.documents / self.seconds:>6.1f} documents/s"
            f"  ({self.documents} documents, {self.tokens:,} tokens in {self.seconds:.1f} s, "
            f"CPU time of this process {self.cpu_seconds:.1f} s)"
        )


def demo_documents() -> list[Document]:
    loaded = load_documents(sorted(DEMO.glob("*.json")))
    return [item for item in loaded if not isinstance(item, LoadFailure)]


def corpus(documents: Sequence[Document], tokens_per_copy: int, minimum: int) -> list[Document]:
    """Copies of the documents, each with its own url, until ``minimum`` tokens are reached."""
    copies = max(1, math.ceil(minimum / tokens_per_copy))
    return [d.model_copy(update={"url": f"{d.url or d.name}#copy-{n}"}) for n in range(copies) for d in documents]


def timed(label: str, run: Callable[[], tuple[int, int]]) -> Measurement:
    """Time ``run``, which returns (documents, tokens) it processed."""
    started, cpu = time.perf_counter(), time.process_time()
    documents, tokens = run()
    return Measurement(label, documents, tokens, time.perf_counter() - started, time.process_time() - cpu)


# -- the five runs ---------------------------------------------------------------------------


def spacy_alone(extractor: Extractor, documents: Sequence[Document], label: str = "(a) spaCy parse alone") -> Measurement:
    """(a) The pipeline over the same paragraphs extraction feeds it, prepared beforehand."""
    texts = [extractor.cleaner(d.analysed_text()) for d in documents]
    paragraphs = [p.text for index, text in enumerate(texts) for p in extractor._paragraphs(index, text)]

    def run() -> tuple[int, int]:
        docs = extractor.nlp.pipe(paragraphs, batch_size=extractor.batch_size)
        return len(documents), sum(len(doc) for doc in docs)

    return timed(label, run)


def extraction(extractor: Extractor, documents: Sequence[Document]) -> Measurement:
    """(b) ``Extractor.extract`` over every document."""
    return timed("(b) full extraction", lambda: _count(extractor.extract(documents)))


def ingest(label: str, store: GraphStore, documents: Sequence[Document], **options: Any) -> Measurement:
    """(c), (d), (e): ``ingest_documents`` into ``store``."""

    def run() -> tuple[int, int]:
        summary = ingest_documents(documents, store, **options)
        if summary.failures or summary.unchanged:
            raise RuntimeError(f"{label}: {len(summary.failures)} failed, {summary.unchanged} skipped as unchanged")
        return summary.documents, summary.tokens

    return timed(label, run)


def _count(extractions: Iterable[Extraction]) -> tuple[int, int]:
    documents = tokens = 0
    for extraction in extractions:
        documents += 1
        tokens += extraction.tokens
    return documents, tokens


# -- Neo4j -------------------------------------------------------------------------------------


def neo4j_settings() -> tuple[str, str, str]:
    return (
        os.environ.get("ACTORGRAPH_BENCH_NEO4J_URI", "bolt://127.0.0.1:7687"),
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", "actorgraph-test"),
    )


def ingest_neo4j(extractor: Extractor, documents: Sequence[Document]) -> Measurement | str:
    """(d), or why it was skipped; removes what it wrote."""
    uri, user, password = neo4j_settings()
    try:
        store = open_store(uri, user=user, password=password)
    except StoreUnavailable as exc:
        return f"(d) ingest into Neo4j: skipped ({exc})"
    with store:
        actors_before = _actor_ids(store)
        try:
            return ingest("(d) ingest into Neo4j", store, documents, extractor=extractor)
        finally:
            _remove_run(store, documents, actors_before)


def _actor_ids(store: GraphStore) -> set[str]:
    return {row[0] for row in store.query("MATCH (a:Actor) RETURN a.id", row_limit=0).rows}


def _remove_run(store: GraphStore, documents: Sequence[Document], actors_before: set[str]) -> None:
    """Delete this run's articles and relations, then the actors it added that no other relation
    or article points at (affiliations alone do not keep an actor)."""
    import neo4j

    ours = sorted({article_id(d.url, d.text) for d in documents})
    uri, user, password = neo4j_settings()
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver, driver.session() as session:
        for statement in _CLEANUP:
            session.run(statement, articles=ours, before=sorted(actors_before)).consume()


# -- main ----------------------------------------------------------------------------------------


def report(results: list[Measurement | str]) -> None:
    parse, full = results[0], results[1]
    assert isinstance(parse, Measurement) and isinstance(full, Measurement)
    added = full.seconds / parse.seconds - 1
    print(f"\nour code adds {added:.0%} to spaCy's parse time (target < {RULES_TARGET:.0%}: "
          f"{'met' if added < RULES_TARGET else 'MISSED'})")  # fmt: skip
    again = results[-1]
    assert isinstance(again, Measurement)
    spacy = (parse.tokens_per_s + again.tokens_per_s) / 2
    print(f"spaCy alone, mean of the runs before and after: {spacy:,.0f} tokens/s")
    for result in results[2:-1]:
        if isinstance(result, Measurement):
            ratio = result.tokens_per_s / spacy
            target = f" (target {INGEST_TARGET}: {'met' if ratio >= INGEST_TARGET else 'MISSED'})" if result is results[2] else ""
            print(f"{result.label}: {result.tokens_per_s:,.0f} tokens/s = {ratio:.2f} of spaCy alone{target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=200_000, help="minimum tokens in the corpus (default 200000)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes for run (e) (default 2)")
    parser.add_argument("--skip-neo4j", action="store_true", help="leave out run (d)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    extractor = Extractor()
    demo = demo_documents()
    per_copy = sum(e.tokens for e in extractor.extract(demo))  # also warms the pipeline up
    documents = corpus(demo, per_copy, args.tokens)
    print(
        f"spaCy loaded and warmed up in {time.perf_counter() - started:.1f} s; corpus: {len(demo)} articles "
        f"({per_copy:,} tokens) x {len(documents) // len(demo)} = {len(documents)} documents; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    results: list[Measurement | str] = []
    for step in _steps(extractor, documents, args):
        results.append(step())
        print(results[-1] if isinstance(results[-1], str) else results[-1].line(), flush=True)
    report(results)
    return 0


def _steps(extractor: Extractor, documents: list[Document], args: argparse.Namespace) -> list[Callable[[], Measurement | str]]:
    def embedded(label: str, **options: object) -> Callable[[], Measurement]:
        def run() -> Measurement:
            with tempfile.TemporaryDirectory(prefix="extract-bench-") as folder, open_store(Path(folder) / "graph") as store:
                return ingest(label, store, documents, **options)

        return run

    steps: list[Callable[[], Measurement | str]] = [
        lambda: spacy_alone(extractor, documents),
        lambda: extraction(extractor, documents),
        embedded("(c) ingest into the embedded engine", extractor=extractor),
    ]
    if args.skip_neo4j:
        steps.append(lambda: "(d) ingest into Neo4j: skipped (--skip-neo4j)")
    else:
        steps.append(lambda: ingest_neo4j(extractor, documents))
    steps.append(embedded(f"(e) embedded, workers={args.workers}", workers=args.workers))
    steps.append(lambda: spacy_alone(extractor, documents, "(a) spaCy parse alone, again"))
    return steps


if __name__ == "__main__":
    sys.exit(main())
