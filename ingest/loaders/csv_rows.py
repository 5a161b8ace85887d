"""CSV (``.csv``): a header row naming the record fields, one document per data row."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from actorgraph.ingest.loaders.base import Format, Item, Options, Problem, Source, nonempty, one_line
from actorgraph.ingest.loaders.fields import TEXT_FIELDS, record_document
from actorgraph.ingest.loaders.lines import file_lines, long_line_reason
from actorgraph.ingest.records import LoadFailure

__all__ = ["FORMAT"]


def load(source: Source, options: Options) -> Iterator[Item]:
    # The csv module's default field limit (128 KiB) is below an article's; raising the
    # process-wide limit only ever lets longer fields through, which the document then bounds.
    csv.field_size_limit(max(csv.field_size_limit(), options.document_bytes))
    with source.open() as raw:
        # strict: a stray or unclosed quote is reported, not glued onto the following rows
        rows = csv.reader(_lines(file_lines(raw, options), options), strict=True)
        columns = _header(rows)
        yield from nonempty(_documents(source.name, columns, rows, options))


def _lines(lines: Iterable[tuple[int, str | None]], options: Options) -> Iterator[str]:
    for number, line in lines:
        if line is None:
            raise Problem(f"line {number}: {long_line_reason(options)}; the rest of the file is skipped")
        yield line


def _header(rows: Iterator[list[str]]) -> list[str]:
    try:
        header = next(rows, None)
    except csv.Error as exc:
        raise Problem(f"malformed CSV header ({one_line(exc)})") from None
    if not header or not any(cell.strip() for cell in header):
        raise Problem("empty")
    columns = [cell.strip().lower() for cell in header]
    if not set(columns) & set(TEXT_FIELDS):
        found = ", ".join(columns)[:120]
        raise Problem(f"no text column in the CSV header (expected text, content or body; found {found})")
    return columns


def _documents(name: str, columns: list[str], rows: Iterator[list[str]], options: Options) -> Iterator[Item]:
    """One document per data row, named ``file.csv#N`` with N counting data rows from 1."""
    number = 0
    while True:
        number += 1
        try:
            row = next(rows, None)
        except csv.Error as exc:
            reason = f"malformed CSV ({one_line(exc)}); the rest of the file is skipped"
            yield LoadFailure(name=f"{name}#{number}", reason=reason)
            return
        if row is None:
            return
        if any(cell.strip() for cell in row):
            yield record_document(f"{name}#{number}", dict(zip(columns, row, strict=False)), options)


FORMAT = Format("csv", (".csv",), load)
