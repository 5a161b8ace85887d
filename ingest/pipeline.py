"""Ingest: loaded documents → extraction → the graph store, whole documents in grouped transactions.

A document that cannot be read or processed is reported by name and skipped while the
rest goes on; a document already stored with the same text changes nothing. Documents are
written in groups (:class:`DocumentWriter`: one transaction per group, so a crash leaves only
whole documents) by a thread of their own, so writing overlaps with parsing. With
``workers > 1`` extraction runs in that many processes (each loads spaCy once) while this
process writes, in input order.

>>> summary = IngestSummary()
>>> summary.documents, summary.failures
(0, [])
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from actorgraph.graph import Actor, Affiliation, Article, DocumentGraph, DocumentWrite, GraphStore, Mention, Relation
from actorgraph.graph.ids import article_id, relation_id, text_sha256
from actorgraph.ingest.corrections import StoreCorrections
from actorgraph.ingest.defaults import DOCUMENTS_PER_BATCH
from actorgraph.ingest.gazetteer import ActorEntry
from actorgraph.ingest.records import Document, ExtractedActor, ExtractedRelation, Extraction, LoadFailure

if TYPE_CHECKING:  # the extractor loads spaCy: imported where it is used, so that writing needs no spaCy
    from actorgraph.ingest.extractor import Extractor

__all__ = [
    "DEFAULT_COMMIT_DOCUMENTS",
    "BackgroundWriter",
    "DocumentWriter",
    "IngestSummary",
    "extract_documents",
    "gazetteer_actor",
    "ingest_documents",
    "to_document_graph",
]

# Documents per transaction: enough to make a transaction's fixed cost small against the
# writes (about 40 ms a document when each had its own), few enough that a crash costs little.
DEFAULT_COMMIT_DOCUMENTS = 64
# A group waiting longer than this is written anyway, so a slow stream still shows up in the store.
_MAX_WAIT_S = 2.0

Progress = Callable[[int, int], None]  # (documents done, tokens done)


@dataclass
class IngestSummary:
    """What an ingest run did, for the closing summary."""

    documents: int = 0
    unchanged: int = 0
    replaced: int = 0
    tokens: int = 0
    new_actors: set[str] = field(default_factory=set)
    known_actors: set[str] = field(default_factory=set)
    relations: Counter[str] = field(default_factory=Counter)
    failures: list[LoadFailure] = field(default_factory=list)
    seconds: float = 0.0

    def count_written(self, documents: Sequence[DocumentGraph], outcomes: list[DocumentWrite]) -> None:
        """Count what writing a group of documents did."""
        for graph, outcome in zip(documents, outcomes, strict=True):
            self.documents += 1
            if outcome.status == "unchanged":
                self.unchanged += 1
                continue
            self.replaced += outcome.status == "replaced"
            self.new_actors.update(outcome.new_actor_ids)
            self.known_actors.update(a.id for a in graph.actors)
            self.relations.update(r.type for r in graph.relations)

    def lines(self) -> list[str]:
        """The summary as lines of text for the terminal."""
        rate = (
            f", {self.documents / self.seconds:.1f} documents/s, {self.tokens / self.seconds:,.0f} tokens/s"
            if self.seconds
            else ""
        )
        lines = [
            f"documents: {self.documents} ingested ({self.unchanged} unchanged, {self.replaced} replaced), "
            f"{len(self.failures)} failed, in {self.seconds:.1f} s{rate}",
            f"actors: {len(self.new_actors)} new, {len(self.known_actors - self.new_actors)} already known",
            f"relations: {sum(self.relations.values())}"
            + (" — " + ", ".join(f"{k} {v}" for k, v in sorted(self.relations.items())) if self.relations else ""),
        ]
        lines += [f"failed: {failure}" for failure in self.failures]
        return lines


def to_document_graph(extraction: Extraction, ingested_at: dt.datetime | None = None) -> DocumentGraph:
    """The graph records one extraction becomes: article, actors, relations, mentions, affiliations."""
    document = extraction.document
    article = Article(
        id=article_id(document.url, extraction.text),
        title=document.title or _first_line(extraction.text),
        url=document.url,
        source=document.source,
        published=document.published,
        ingested_at=ingested_at or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
        text_sha256=text_sha256(extraction.text),
    )
    surfaces: dict[str, set[str]] = {}
    for span in extraction.spans:
        surfaces.setdefault(span.actor_id, set()).add(span.text)
    ids = {a.id for a in extraction.actors}
    actors = [_graph_actor(a, surfaces.get(a.id, set())) for a in extraction.actors]
    counts = Counter(m.actor_id for m in extraction.spans)
    return DocumentGraph(
        article=article,
        actors=actors,
        relations=[_graph_relation(r, article.id) for r in extraction.relations],
        mentions=[Mention(article_id=article.id, actor_id=a, count=n) for a, n in sorted(counts.items()) if a in ids],
        affiliations=[
            Affiliation(actor_id=a.id, organisation_id=a.affiliation, role=a.role)
            for a in extraction.actors
            if a.affiliation in ids and a.affiliation != a.id
        ],
    )


def gazetteer_actor(entry: ActorEntry) -> Actor:
    """The store record of a gazetteer actor, as extraction writes it (reviewed).

    >>> from actorgraph.ingest.gazetteer import load_gazetteer
    >>> actor = gazetteer_actor(load_gazetteer().entries["RUS"])
    >>> actor.id, actor.country, actor.reviewed
    ('RUS', 'RUS', True)
    """
    return _graph_actor(
        ExtractedActor(id=entry.id, name=entry.name, kind=entry.kind, code=entry.code, role=entry.role,  # type: ignore[arg-type]
                       aliases=list(entry.aliases), affiliation=entry.affiliation, reviewed=True), set()
    )  # fmt: skip


def _graph_actor(actor: ExtractedActor, surfaces: set[str]) -> Actor:
    # An ISO alpha-3 code is a state: the actor's country. Organisation codes (NATO) are not.
    state = actor.code if actor.code and len(actor.code) == 3 and actor.code.isalpha() and actor.code.isupper() else None
    aliases = [*actor.aliases, *sorted(s for s in surfaces if s != actor.name)]
    return Actor(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        code=actor.code,
        country=actor.country or state,
        sector=actor.sector,
        role=actor.role,
        aliases=aliases,
        reviewed=actor.reviewed,
    )


def _graph_relation(relation: ExtractedRelation, article: str) -> Relation:
    return Relation(
        id=relation_id(article, relation.type, relation.source_id, relation.target_id, relation.char_start, relation.char_end),
        article_id=article,
        extractor=_extractor_name(),
        **relation.model_dump(include=_SHARED_RELATION_FIELDS),
    )


# what an extracted relation and a stored one both say, under the same names
_SHARED_RELATION_FIELDS = set(ExtractedRelation.model_fields) & set(Relation.model_fields)


@functools.cache
def _extractor_name() -> str:
    from actorgraph.ingest.extractor import EXTRACTOR_NAME

    return EXTRACTOR_NAME


def _first_line(text: str) -> str | None:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:300] or None


# -- running extraction, in this process or in workers ------------------------------------------

_WORKER_EXTRACTOR: Extractor | None = None


def _start_worker(options: dict[str, Any]) -> None:
    global _WORKER_EXTRACTOR
    from actorgraph.ingest.extractor import Extractor

    _WORKER_EXTRACTOR = Extractor(**options)


def _extract_in_worker(documents: list[Document]) -> list[Extraction | LoadFailure]:
    assert _WORKER_EXTRACTOR is not None
    return _extract_many(_WORKER_EXTRACTOR, documents)


def _extract_many(extractor: Extractor, documents: list[Document]) -> list[Extraction | LoadFailure]:
    """The documents' extractions, parsed together; when that fails, each alone, so that one
    bad document is reported and the others are still extracted."""
    try:
        return list(extractor.extract(documents, documents_per_batch=len(documents)))
    except Exception as exc:  # one bad document must not stop the others
        if len(documents) > 1:
            return [result for document in documents for result in _extract_many(extractor, [document])]
        reason = f"extraction failed: {type(exc).__name__}: {exc}".splitlines()[0]
        return [LoadFailure(name=documents[0].name, reason=reason)]


def _batches(items: Iterable[Document | LoadFailure], size: int = DOCUMENTS_PER_BATCH) -> Iterator[list[Document] | LoadFailure]:
    """Documents in groups of ``size``, in input order; a failure closes the group before it and comes alone.

    >>> failed = LoadFailure(name="b", reason="unreadable")
    >>> [b if isinstance(b, LoadFailure) else len(b) for b in _batches([Document(name="a", text="x")] * 3 + [failed], 2)]
    [2, 1, LoadFailure(name='b', reason='unreadable')]
    """
    batch: list[Document] = []
    for item in items:
        if isinstance(item, LoadFailure):
            if batch:
                yield batch
                batch = []
            yield item
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_documents(
    items: Iterable[Document | LoadFailure],
    extractor_options: dict[str, Any] | None = None,
    workers: int = 1,
    extractor: Extractor | None = None,
) -> Iterator[Extraction | LoadFailure]:
    """Extractions (or failures) in input order; ``workers`` processes when more than one."""
    options = extractor_options or {}
    if workers <= 1:
        from actorgraph.ingest.extractor import Extractor

        local = extractor or Extractor(**options)
        for batch in _batches(items):
            if isinstance(batch, LoadFailure):
                yield batch
            else:
                yield from _extract_many(local, batch)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(options,)) as pool:
        yield from _ordered(items, pool)


def _ordered(items: Iterable[Document | LoadFailure], pool: Any) -> Iterator[Extraction | LoadFailure]:
    """The workers' extractions and the failures, in input order; a worker takes a batch at a time."""
    groups = list(_batches(items))
    extracted = pool.imap(_extract_in_worker, [g for g in groups if not isinstance(g, LoadFailure)])
    for group in groups:
        if isinstance(group, LoadFailure):
            yield group
        else:
            yield from next(extracted)


class BackgroundWriter:
    """Calls ``write(item)`` for each item handed over, in order, in a thread of its own, so that
    the caller goes on reading and parsing meanwhile (the engines release the interpreter while
    they work). At most two items wait.

    Used as a context manager: leaving it waits for the writes; an error of ``write`` is raised
    in the caller, at the next :meth:`put` or on leaving, and the items after it are dropped.

    >>> done = []
    >>> with BackgroundWriter(done.append) as writer:
    ...     writer.put(1); writer.put(2)
    >>> done
    [1, 2]
    """

    def __init__(self, write: Callable[[Any], None]):
        self._write = write
        self._queue: queue.Queue[tuple[Any] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="actorgraph-writer", daemon=True)

    def __enter__(self) -> BackgroundWriter:
        self._thread.start()
        return self

    def put(self, item: Any) -> None:
        self._raise_error()
        self._queue.put((item,))

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()
        if exc_type is None:
            self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain: the caller stops at its next call
            try:
                self._write(item[0])
            except BaseException as exc:  # handed to the caller's thread
                self._error = exc


class DocumentWriter:
    """Writes documents through :meth:`GraphStore.write_documents`, ``group`` to a transaction,
    with a :class:`BackgroundWriter`, so that the caller goes on parsing meanwhile.

    Used as a context manager: leaving it writes what is left and waits; an error of the store
    is raised in the caller, at the next :meth:`add` or on leaving.
    """

    def __init__(
        self,
        store: GraphStore,
        group: int = DEFAULT_COMMIT_DOCUMENTS,
        on_written: Callable[[Sequence[DocumentGraph], list[DocumentWrite]], None] | None = None,
    ):
        self.store = store
        # the store's corrections, read once: a merged-away actor found again is the one kept
        self.corrections = StoreCorrections.from_store(store)
        self.group = max(1, group)
        self.on_written = on_written
        self.documents = 0
        self.actor_ids: set[str] = set()
        self._pending: list[DocumentGraph] = []
        self._since = 0.0
        self._writer = BackgroundWriter(self._write)

    def __enter__(self) -> DocumentWriter:
        self._writer.__enter__()
        return self

    def add(self, document: DocumentGraph) -> None:
        if not self._pending:
            self._since = time.monotonic()
        self._pending.append(document)
        if len(self._pending) >= self.group or time.monotonic() - self._since > _MAX_WAIT_S:
            self._writer.put(self._pending)
            self._pending = []

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None and self._pending:
            self._writer.put(self._pending)
            self._pending = []
        self._writer.__exit__(exc_type, *exc)

    def _write(self, documents: list[DocumentGraph]) -> None:
        documents = [self.corrections.document(d) for d in documents]
        outcomes = self.store.write_documents(documents)
        self.documents += len(documents)
        self.actor_ids.update(a.id for d in documents for a in d.actors)
        if self.on_written:
            self.on_written(documents, outcomes)


def ingest_documents(
    items: Iterable[Document | LoadFailure],
    store: GraphStore,
    *,
    extractor_options: dict[str, Any] | None = None,
    workers: int = 1,
    extractor: Extractor | None = None,
    on_progress: Progress | None = None,
    on_failure: Callable[[LoadFailure], None] | None = None,
    commit_documents: int = DEFAULT_COMMIT_DOCUMENTS,
) -> IngestSummary:
    """Extract and write every document; failures are reported and skipped."""
    summary = IngestSummary()
    started = time.perf_counter()
    parsed = 0
    with DocumentWriter(store, commit_documents, on_written=summary.count_written) as writer:
        for result in extract_documents(items, extractor_options, workers, extractor):
            if isinstance(result, LoadFailure):
                summary.failures.append(result)
                if on_failure:
                    on_failure(result)
            else:
                writer.add(to_document_graph(result))
                parsed += 1
                summary.tokens += result.tokens
            if on_progress:
                on_progress(parsed + len(summary.failures), summary.tokens)
    summary.seconds = time.perf_counter() - started
    return summary
