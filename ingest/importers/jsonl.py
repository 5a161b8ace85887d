"""``actorgraph extract --jsonl`` output back into a store: how extraction spreads over machines.

Each line is either a document record (``extract --jsonl --documents``: the article, its
actors, relations, mentions and affiliations, exactly as ``ingest`` would write them) or a
relation record of the extraction contract (``extract --jsonl``; any extractor that writes
the contract will do). Document records are written through the same grouped transactions as
``ingest``, so extracting halves of a corpus on two machines and importing both gives the
store one ``ingest`` of the whole corpus gives. Relation records carry no article text or
mentions: their documents become articles named after ``doc``, their actors and relations
are written as given.

>>> import io
>>> line = ('{"doc": "a.txt", "source": {"id": "RUS", "name": "Russia", "kind": "state", "code": "RUS"}, '
...         '"relation": "WARNS", "target": {"id": "USA", "name": "United States", "kind": "state", "code": "USA"}, '
...         '"cameo": "130", "modality": "asserted", "date": "2024-11-18", "sentence": "Russia warned.", '
...         '"char_start": 0, "char_end": 14, "confidence": 0.9}')
>>> [d.relations[0].type for d in read_documents(io.StringIO(line + "\\n"), "x.jsonl", on_bad_row=print)]
['WARNS']
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from pydantic import ValidationError

from actorgraph.graph import Actor, Article, DocumentGraph, GraphStore, Relation
from actorgraph.graph.ids import relation_id, stable_hash
from actorgraph.ingest.importers.events import BadRow, ImportSummary
from actorgraph.ingest.importers.sources import Source
from actorgraph.ingest.pipeline import DEFAULT_COMMIT_DOCUMENTS, DocumentWriter
from actorgraph.ingest.records import LoadFailure

__all__ = ["import_jsonl", "read_documents"]

_CONTRACT_EXTRACTOR = "jsonl"


def import_jsonl(
    sources: Iterable[Source | LoadFailure],
    store: GraphStore,
    *,
    commit_documents: int = DEFAULT_COMMIT_DOCUMENTS,
    on_progress: Callable[[int], None] | None = None,
    on_bad_row: Callable[[BadRow], None] | None = None,
) -> ImportSummary:
    """Write every document the lines describe; bad lines are reported and skipped."""
    summary = ImportSummary("jsonl")
    started = time.perf_counter()
    with DocumentWriter(store, commit_documents) as writer:
        for source in sources:
            if isinstance(source, LoadFailure):
                summary.failures.append(source)
                continue
            try:
                with source.open() as stream:
                    for document in read_documents(stream, source.name, _counting(summary, on_bad_row), summary):
                        writer.add(document)
                        summary.relations.update(r.type for r in document.relations)
                        if on_progress:
                            on_progress(summary.rows)
            except (OSError, EOFError, UnicodeError) as exc:
                summary.failures.append(LoadFailure(name=source.name, reason=str(exc).splitlines()[0]))
    summary.actors = len(writer.actor_ids)
    summary.sources = writer.documents
    summary.seconds = time.perf_counter() - started
    return summary


def _counting(summary: ImportSummary, on_bad_row: Callable[[BadRow], None] | None) -> Callable[[BadRow], None]:
    def report(bad: BadRow) -> None:
        summary.bad_rows += 1
        if on_bad_row:
            on_bad_row(bad)

    return report


def read_documents(
    stream: IO[str], name: str, on_bad_row: Callable[[BadRow], None], summary: ImportSummary | None = None
) -> Iterator[DocumentGraph]:
    """The documents of a JSON Lines stream, in order (relation records grouped by ``doc``)."""
    relation_lines: list[dict[str, Any]] = []
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        if summary is not None:
            summary.rows += 1
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            if "article" in record:
                if relation_lines:
                    yield _contract_document(relation_lines)
                    relation_lines = []
                yield _document(record)
                continue
            _check_contract(record)
        except (ValueError, ValidationError, KeyError, TypeError) as exc:
            on_bad_row(BadRow(name, number, _reason(exc)))
            continue
        if relation_lines and relation_lines[-1]["doc"] != record.get("doc", ""):
            yield _contract_document(relation_lines)
            relation_lines = []
        record.setdefault("doc", "")
        relation_lines.append(record)
    if relation_lines:
        yield _contract_document(relation_lines)


def _document(record: dict[str, Any]) -> DocumentGraph:
    document = DocumentGraph.model_validate(record)
    if document.article.ingested_at is None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        document = document.model_copy(update={"article": document.article.model_copy(update={"ingested_at": now})})
    return document


def _check_contract(record: dict[str, Any]) -> None:
    for side in ("source", "target"):
        if not isinstance(record.get(side), dict) or not record[side].get("id") or not record[side].get("name"):
            raise ValueError(f"neither a document record nor a relation record: no {side} with id and name")
    if not record.get("relation"):
        raise ValueError("a relation record needs a relation")
    _contract_relation(record, "art-check")  # validates the values


def _contract_document(records: list[dict[str, Any]]) -> DocumentGraph:
    doc = records[0]["doc"]
    article = Article(id="art-" + stable_hash("jsonl", doc)[:20], title=doc or None,
                      text_sha256=stable_hash(*(json.dumps(r, sort_keys=True) for r in records)),
                      ingested_at=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0))  # fmt: skip
    actors = {a["id"]: _contract_actor(a) for r in records for a in (r["source"], r["target"])}
    return DocumentGraph(
        article=article, actors=list(actors.values()), relations=[_contract_relation(r, article.id) for r in records]
    )


def _contract_actor(record: dict[str, Any]) -> Actor:
    code = record.get("code")
    state = code if isinstance(code, str) and len(code) == 3 and code.isalpha() and code.isupper() else None
    return Actor(id=record["id"], name=record["name"], kind=record.get("kind") or "other", code=code, country=state)


def _contract_relation(record: dict[str, Any], article: str) -> Relation:
    source, target, rel_type = record["source"]["id"], record["target"]["id"], record["relation"]
    start, end = record.get("char_start"), record.get("char_end")
    return Relation(
        id=relation_id(article, rel_type, source, target, start, end), type=rel_type, source_id=source, target_id=target,
        date=record.get("date"), modality=record.get("modality") or "asserted", confidence=record.get("confidence", 1.0),
        cameo=record.get("cameo"), plover=record.get("plover"), quad_class=record.get("quad_class"),
        goldstein=record.get("goldstein"), sentence=record.get("sentence"), char_start=start, char_end=end,
        article_id=article, extractor=record.get("extractor") or _CONTRACT_EXTRACTOR,
    )  # fmt: skip


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"{where}: {error['msg']}" if where else error["msg"]
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc.msg.lower()} at column {exc.colno}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
