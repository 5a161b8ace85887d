"""Files read line by line (JSON Lines, CSV): bounded lines, each decoded on its own."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import AnyStr, BinaryIO

from actorgraph.ingest.loaders.base import MAX_CHARS_VARIABLE, Options
from actorgraph.ingest.loaders.decoding import bom_codec, legacy_encoding

__all__ = ["file_lines", "long_line_reason"]


def file_lines(raw: BinaryIO, options: Options) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line of a file read line by line.

    A line over the size bound comes as ``None`` and is skipped unread, so a file with no
    newline is never held in memory whole. Each line is decoded on its own: one stray
    cp1252 byte must not make the rest of a big UTF-8 file unreadable.

    >>> list(file_lines(io.BytesIO(b"Kyiv\\nGen\\xe8ve\\n" + b"x" * 9 + b"\\nend"), Options(None, 2)))
    [(1, 'Kyiv\\n'), (2, 'Genève\\n'), (3, None), (4, 'end')]
    """
    limit = options.document_bytes
    codec = bom_codec(raw.read(4))
    raw.seek(0)
    if codec is not None and codec != "utf-8":  # UTF-16/32: no byte-wise line splitting
        text_lines = _bounded_lines(io.TextIOWrapper(raw, encoding=codec, newline="").readline, limit, "\n")
        yield from enumerate(text_lines, 1)
        return
    fallback: list[str] = []
    for number, line in enumerate(_bounded_lines(raw.readline, limit, b"\n"), 1):
        yield number, None if line is None else _decode_line(line.removeprefix(b"\xef\xbb\xbf"), fallback)


def _decode_line(line: bytes, fallback: list[str]) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        fallback[:] = fallback or [legacy_encoding(line)]  # decided once, on the first bad line
        return line.decode(fallback[0], "replace")


def _bounded_lines(readline: Callable[[int], AnyStr], limit: int, newline: AnyStr) -> Iterator[AnyStr | None]:
    while line := readline(limit + 1):
        if len(line) > limit and not line.endswith(newline):
            while (rest := readline(limit)) and not rest.endswith(newline):
                pass
            yield None
        else:
            yield line


def long_line_reason(options: Options) -> str:
    limit = f"{options.max_chars:,}-character limit ({MAX_CHARS_VARIABLE})"
    return f"line over {options.document_bytes:,} bytes, too big for the {limit}"
