"""Coded events into the store: the same actors and typed, coded edges extraction writes.

Rows are read in batches; each batch writes its new actors, its sources (an article node per
URL, story or event id: the evidence of the edge, with no sentence) and its relations as one
Arrow table (the store's bulk path). Ids are deterministic (a relation's is a hash of the
dataset and the event's own id), so importing a file again changes nothing. A row that cannot
be read is reported with its line number and skipped while the rest goes on; a file that
cannot be read is reported and the next one goes on.

>>> summary = ImportSummary("gdelt")
>>> summary.rows, summary.bad_rows
(0, 0)
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from actorgraph.graph import Actor, Article, GraphStore
from actorgraph.graph.ids import stable_hash
from actorgraph.graph.records import RelationColumns
from actorgraph.ingest.corrections import StoreCorrections
from actorgraph.ingest.gazetteer import Gazetteer
from actorgraph.ingest.importers.actors import ActorResolver
from actorgraph.ingest.importers.codes import CameoTypes, EventCodes
from actorgraph.ingest.importers.formats import Event, EventFormat, Evidence, RowError
from actorgraph.ingest.importers.sources import Source
from actorgraph.ingest.ontology import Ontology
from actorgraph.ingest.pipeline import BackgroundWriter
from actorgraph.ingest.records import LoadFailure

__all__ = ["DEFAULT_BATCH_ROWS", "BadRow", "EventImporter", "ImportSummary"]

# Each batch is one transaction per relation type, and the embedded engine's commit into a relation
# table that has rows costs in proportion to what it holds: fewer, bigger batches (a million GDELT
# rows: 64 s in batches of 100,000, 40 s in batches of 500,000; peak memory is the engine's either way).
DEFAULT_BATCH_ROWS = 500_000
_PROGRESS_EVERY = 10_000


@dataclass(frozen=True)
class BadRow:
    """A row that was skipped: where it is and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass
class ImportSummary:
    """What an import run did, for the closing summary."""

    dataset: str
    rows: int = 0
    bad_rows: int = 0
    one_sided: int = 0
    untyped: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    actors: int = 0
    sources: int = 0
    failures: list[LoadFailure] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The summary as lines of text for the terminal."""
        rate = f", {self.rows / self.seconds:,.0f} rows/s" if self.seconds else ""
        lines = [
            f"{self.dataset}: {self.rows:,} rows read in {self.seconds:.1f} s{rate}; {self.bad_rows:,} bad rows skipped, "
            f"{len(self.failures)} inputs failed",
            f"relations: {sum(self.relations.values()):,}"
            + (" — " + ", ".join(f"{k} {v:,}" for k, v in sorted(self.relations.items())) if self.relations else ""),
            f"actors: {self.actors:,}; articles (the sources of the relations): {self.sources:,}",
        ]
        if self.one_sided:
            lines.append(f"not imported: {self.one_sided:,} events with fewer than two actors")
        if self.untyped:
            top = ", ".join(f"{code} ({n:,})" for code, n in self.untyped.most_common(8))
            lines.append(f"not imported: {sum(self.untyped.values()):,} events whose CAMEO code has no relation type in "
                         f"the ontology: {top} (add types with --ontology FILE)")  # fmt: skip
        return lines


Progress = Callable[[int], None]  # rows read so far


class EventImporter:
    """Imports files of one dataset into a store."""

    def __init__(
        self,
        store: GraphStore,
        event_format: EventFormat,
        *,
        ontology: Ontology,
        gazetteer: Gazetteer,
        codes: EventCodes,
        batch_rows: int = DEFAULT_BATCH_ROWS,
        on_progress: Progress | None = None,
        on_bad_row: Callable[[BadRow], None] | None = None,
    ):
        self.store = store
        self.format = event_format
        self.codes = codes
        self.batch_rows = batch_rows
        self.on_progress = on_progress
        self.on_bad_row = on_bad_row
        self._types = CameoTypes(ontology)
        self._actors = ActorResolver(gazetteer)
        self._corrections = StoreCorrections.from_store(store)
        self._written_actors: set[str] = set()
        self._written_sources: set[str] = set()
        self._article_ids: dict[str, str] = {}
        self._dataset = event_format.name
        self.summary = ImportSummary(event_format.name)
        self._counts = self.summary.relations

    def run(self, sources: Iterable[Source | LoadFailure]) -> ImportSummary:
        started = time.perf_counter()
        # batches are written by a thread of their own while the next one is read
        with BackgroundWriter(self._write_batch) as self._writer:
            for source in sources:
                if isinstance(source, LoadFailure):
                    self.summary.failures.append(source)
                    continue
                self._import_source(source)
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _import_source(self, source: Source) -> None:
        pending: list[Event] = []
        try:
            with source.open() as stream:
                rows = self.format.rows(stream)
                columns = self._header(rows, source)
                for line, fields in rows:
                    self._read_row(source, line, fields, columns, pending)
                    if len(pending) >= self.batch_rows:
                        self._write(pending)
                        pending = []
        except (OSError, EOFError, ValueError, UnicodeError) as exc:  # a broken archive, an unreadable file
            self.summary.failures.append(LoadFailure(name=source.name, reason=_one_line(exc)))
        self._write(pending)
        if self.on_progress:
            self.on_progress(self.summary.rows)

    def _header(self, rows: Iterable[tuple[int, list[str]]], source: Source) -> dict[str, int] | None:
        if not self.format.header:
            return None
        first = next(iter(rows), None)
        if first is None:
            raise ValueError("empty file (no header row)")
        return self.format.columns(first[1])

    def _read_row(
        self, source: Source, line: int, fields: list[str], columns: dict[str, int] | None, pending: list[Event]
    ) -> None:
        summary = self.summary
        summary.rows += 1
        try:
            events = self.format.events(fields, line, self.codes, columns)
        except RowError as exc:
            summary.bad_rows += 1
            if self.on_bad_row:
                self.on_bad_row(BadRow(source.name, line, str(exc)))
            return
        if not events:
            summary.one_sided += 1
        pending.extend(events)
        if self.on_progress and summary.rows % _PROGRESS_EVERY == 0:
            self.on_progress(summary.rows)

    # -- writing a batch --------------------------------------------------------------------------

    def _write(self, events: list[Event]) -> None:
        if not events:
            return
        actors: dict[str, Actor] = {}
        sources: dict[str, Evidence] = {}
        rows: list[tuple[object, ...]] = []
        add = self._add
        for event in events:
            add(event, rows, actors, sources)
        self._writer.put((list(actors.values()), sources, rows))
        self._written_actors.update(actors)
        if len(self._written_sources) > _REMEMBERED:  # sources written again are merged: only time is lost
            self._written_sources.clear()
        self._written_sources.update(sources)
        self.summary.actors += len(actors)
        self.summary.sources += len(sources)

    def _write_batch(self, batch: tuple[list[Actor], dict[str, Evidence], list[tuple[object, ...]]]) -> None:
        """In the writer's thread: the batch's new actors, its sources as articles, its relations."""
        actors, sources, rows = batch
        self.store.upsert_actors(actors)
        # the values are the reader's own, checked there: no validation per article
        self.store.upsert_articles([
            Article.model_construct(id=i, title=e.title[:300], url=e.url, source=e.source, published=e.published,
                                    ingested_at=None, text_sha256=None)
            for i, e in sources.items()
        ])  # fmt: skip
        if rows:
            table = pa.table(dict(zip(_COLUMNS, zip(*rows, strict=True), strict=True)))
            self.store.upsert_relation_columns(RelationColumns.from_arrow(table))

    def _add(self, event: Event, rows: list[tuple[object, ...]], actors: dict[str, Actor], sources: dict[str, Evidence]) -> None:
        spec = self._types.spec(event.cameo) if event.cameo else None
        if spec is None:
            self.summary.untyped[event.cameo or "none"] += 1
            return
        resolve = self._actors.resolve
        source, target = resolve(event.source), resolve(event.target)
        if source is None or target is None:
            self.summary.one_sided += 1
            return
        if self._corrections:
            source, target = self._corrections.actor(source), self._corrections.actor(target)
        written = self._written_actors
        if source.id not in written:
            actors[source.id] = source
        if target.id not in written:
            actors[target.id] = target
        evidence, article_id = event.evidence, None
        if evidence is not None:
            article_id = self._article_ids.get(evidence.key)
            if article_id is None:
                if len(self._article_ids) > _REMEMBERED:
                    self._article_ids.clear()
                article_id = self._article_ids[evidence.key] = "art-" + stable_hash(self._dataset, evidence.key)[:20]
            if article_id not in self._written_sources:
                sources[article_id] = evidence
        goldstein = spec.goldstein if event.goldstein is None else event.goldstein
        rows.append((
            "rel-" + stable_hash(self._dataset, *event.key)[:24], spec.relation, source.id, target.id, event.date, event.cameo,
            event.plover or spec.plover, event.quad_class or spec.quad_class, goldstein, article_id, self._dataset,
            event.location, event.latitude, event.longitude,
        ))  # fmt: skip
        self._counts[spec.relation] += 1


# ids remembered per run (sources already written, their article ids): about 100 bytes each
_REMEMBERED = 1_000_000
_COLUMNS = ("id", "type", "source_id", "target_id", "date", "cameo", "plover", "quad_class", "goldstein", "article_id",
            "extractor", "location", "latitude", "longitude")  # fmt: skip


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
