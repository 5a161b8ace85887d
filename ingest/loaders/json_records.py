"""JSON (``.json``): one object, a list of objects, or a list under a key such as ``articles``."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from actorgraph.ingest.loaders.base import Format, Item, Options, Problem, Source, nonempty, one_line
from actorgraph.ingest.loaders.decoding import decode, read_collection_bytes
from actorgraph.ingest.loaders.fields import TEXT_FIELDS, json_type, record_document
from actorgraph.ingest.loaders.json_lines import json_lines, json_problem

__all__ = ["FORMAT"]

_COLLECTION_KEYS = ("articles", "documents", "items", "records", "entries", "data", "results")


def load(source: Source, options: Options) -> Iterator[Item]:
    text = decode(read_collection_bytes(source, options))
    if not text.strip():
        raise Problem("empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise Problem(f"not valid JSON: {json_problem(exc)} at line {exc.lineno} column {exc.colno}") from None
        # More than one value: JSON Lines under a .json name (or on standard input).
        yield from nonempty(json_lines(source.name, enumerate(io.StringIO(text), 1), options))
        return
    except RecursionError:
        raise Problem("JSON nested too deeply to read") from None
    except ValueError as exc:
        raise Problem(f"not valid JSON: {one_line(exc)}") from None
    yield from nonempty(_records(source.name, data, options))


def _records(name: str, data: Any, options: Options) -> Iterator[Item]:
    if isinstance(data, dict) and not any(str(key).lower() in TEXT_FIELDS for key in data):
        data = next((data[key] for key in _COLLECTION_KEYS if isinstance(data.get(key), list)), data)
    if isinstance(data, list):
        for number, record in enumerate(data, 1):
            yield record_document(f"{name}#{number}", record, options)
    elif isinstance(data, dict):
        yield record_document(name, data, options)
    else:
        raise Problem(f"expected a JSON object or a list of objects, found {json_type(data)}")


# A list is JSON even under a JSON Lines suffix; braces or brackets with no telling suffix are JSON.
FORMAT = Format(
    "json",
    (".json",),
    load,
    recognise=lambda head: head.startswith("["),
    beats=frozenset({"jsonl"}),
    sniff=lambda head: head[:1] in ("{", "["),
)
