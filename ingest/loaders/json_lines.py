"""JSON Lines (``.jsonl``, ``.ndjson``): one object per line, read line by line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from actorgraph.ingest.loaders.base import Format, Item, Options, Source, nonempty, one_line
from actorgraph.ingest.loaders.fields import record_document
from actorgraph.ingest.loaders.lines import file_lines, long_line_reason
from actorgraph.ingest.records import LoadFailure

__all__ = ["FORMAT", "json_lines", "json_problem"]


def load(source: Source, options: Options) -> Iterator[Item]:
    with source.open() as raw:
        yield from nonempty(json_lines(source.name, file_lines(raw, options), options))


def json_lines(name: str, lines: Iterable[tuple[int, str | None]], options: Options) -> Iterator[Item]:
    """One document or failure per non-blank line, named ``file.jsonl#N`` by line number."""
    for number, line in lines:
        record_name = f"{name}#{number}"
        if line is None:
            yield LoadFailure(name=record_name, reason=long_line_reason(options) + "; skipped unread")
        elif line.strip():
            yield _line_document(record_name, line, options)


def _line_document(name: str, line: str, options: Options) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return LoadFailure(name=name, reason=f"not valid JSON: {json_problem(exc)} at column {exc.colno}")
    except RecursionError:
        return LoadFailure(name=name, reason="JSON nested too deeply to read")
    except ValueError as exc:
        return LoadFailure(name=name, reason=f"not valid JSON: {one_line(exc)}")
    return record_document(name, record, options)


def json_problem(exc: json.JSONDecodeError) -> str:
    """The JSON decoder's complaint, worded to follow "not valid JSON: "."""
    problem = exc.msg.removesuffix(" at")  # "Invalid control character at" reads badly before ours
    return problem[:1].lower() + problem[1:]


FORMAT = Format("jsonl", (".jsonl", ".ndjson"), load)
