"""Loaders: files, folders and standard input in, :class:`~actorgraph.ingest.records.Document` records out.

Formats are chosen by extension (case-insensitive) and checked against the content, which
wins where the extension lies (an HTML page saved as ``.txt``, JSON Lines saved as
``.json``, a feed saved as ``.html``). One module a format, each declaring a
:class:`~actorgraph.ingest.loaders.base.Format` listed in :data:`FORMATS`:

- ``.txt``, ``.text``: plain text; a headline-like first line becomes the title too (``plain_text``)
- ``.md``, ``.markdown``: YAML front matter, markdown syntax lightly stripped (``markdown``)
- ``.html``, ``.htm``, ``.xhtml``: main text and metadata via trafilatura (``web_page``)
- ``.json``: one object or a list of objects (``text``/``content``/``body``, ``title``, …) (``json_records``)
- ``.jsonl``, ``.ndjson``: one object per line, read line by line (``json_lines``)
- ``.csv``: a header row naming the same fields, one document per row (``csv_rows``)
- ``.xml``, ``.rss``, ``.atom``: RSS/Atom via feedparser, one document per entry (``feeds``)
- anything else: sniffed; text loads as text, binary is refused

Nothing escapes :func:`load_documents` for a bad input: every problem with a file, record or
entry comes out as a :class:`~actorgraph.ingest.records.LoadFailure` with a one-line reason, and the
batch goes on. This module finds the inputs (files, folders, standard input) and hands each
to its format.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from actorgraph.ingest.defaults import MAX_DOCUMENT_CHARS
from actorgraph.ingest.loaders import csv_rows, feeds, json_lines, json_records, markdown, plain_text, web_page
from actorgraph.ingest.loaders.base import MAX_CHARS_VARIABLE, Format, Item, Options, Problem, choose_format, guarded, one_line
from actorgraph.ingest.loaders.decoding import BINARY, head_text, is_binary, read_head
from actorgraph.ingest.loaders.fields import parse_date
from actorgraph.ingest.records import LoadFailure

__all__ = ["FORMATS", "MAX_CHARS_VARIABLE", "find_files", "load_documents", "parse_date"]

# Sniffing order for content with no telling extension: the most particular first, text last.
FORMATS: tuple[Format, ...] = (
    feeds.FORMAT,
    web_page.FORMAT,
    json_records.FORMAT,
    json_lines.FORMAT,
    csv_rows.FORMAT,
    markdown.FORMAT,
    plain_text.FORMAT,
)

_STDIN_NAME = "stdin"
# A folder of articles often carries a README or LICENSE; they describe the corpus, they are
# not part of it (examples/demo has one).
_FOLDER_DOCUMENTATION = frozenset({"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG", "CONTRIBUTING", "AUTHORS"})


@dataclass(frozen=True)
class _Input:
    """A file found on disk, or standard input already read into memory."""

    name: str
    suffix: str = ""
    path: Path | None = None
    data: bytes | None = None

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            return open(self.path, "rb")
        except OSError as exc:
            raise Problem(_os_reason(exc)) from None

    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        try:
            return self.path.stat().st_size
        except OSError as exc:
            raise Problem(_os_reason(exc)) from None


def load_documents(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    max_chars: int = MAX_DOCUMENT_CHARS,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Item]:
    """Documents from files, folders (recursively, in name order) and ``-`` (standard input).

    ``published`` is the date of documents that carry none; documents longer than
    ``max_chars`` are refused. Every problem is yielded as a :class:`LoadFailure`.

    >>> import io, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "b.txt").write_text("Kyiv thanks allies\\n\\nUkraine thanked its allies.")
    >>> _ = (folder / "a.jsonl").write_text('{"title": "T", "text": "Body.", "date": "2024-11-18"}\\n{oops}\\n')
    >>> for item in load_documents([folder, "-"], stdin=io.StringIO("Seoul protested.")):
    ...     print(item.name, "|", item.reason if isinstance(item, LoadFailure) else (item.title, item.published))
    a.jsonl#1 | ('T', datetime.date(2024, 11, 18))
    a.jsonl#2 | not valid JSON: expecting property name enclosed in double quotes at column 2
    b.txt | ('Kyiv thanks allies', None)
    stdin | (None, None)
    """
    options = Options(published, max_chars)
    for argument in [paths] if isinstance(paths, (str, Path)) else paths:
        if str(argument) == "-":
            yield from guarded(_STDIN_NAME, _load_stdin(stdin or sys.stdin, options))
            continue
        for found in guarded(str(argument), _find_inputs(Path(argument), str(argument))):
            if isinstance(found, LoadFailure):
                yield found
            else:
                yield from guarded(found.name, _load_input(found, options))


def find_files(path: str | Path) -> Iterator[tuple[str, Path] | LoadFailure]:
    """The file at ``path``, or the files of a folder as :func:`load_documents` walks them
    (recursively, in name order), each with the name messages give it; problems as failures."""
    for found in guarded(str(path), _find_inputs(Path(path), str(path))):
        if isinstance(found, LoadFailure):
            yield found
        elif found.path is not None:
            yield found.name, found.path


def _load_input(source: _Input, options: Options) -> Iterator[Item]:
    head = read_head(source)
    if is_binary(head):
        raise Problem(BINARY)
    yield from choose_format(FORMATS, source.suffix, head_text(head)).load(source, options)


def _load_stdin(stream: TextIO | BinaryIO, options: Options) -> Iterator[Item]:
    yield from _load_input(_Input(name=_STDIN_NAME, data=_read_stream(stream, options.collection_bytes)), options)


def _read_stream(stream: TextIO | BinaryIO | IO[Any], limit: int) -> bytes:
    data = getattr(stream, "buffer", stream).read(limit + 1)
    data = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(data) > limit:
        raise Problem(f"more than {limit:,} bytes on standard input; save it to a JSON Lines file instead")
    return data


# ---------------------------------------------------------------------------- finding files


def _find_inputs(path: Path, label: str) -> Iterator[_Input | LoadFailure]:
    kind = _file_kind(path)
    if kind == "folder":
        yield from _walk_folder(path)
    elif kind == "file":
        yield _Input(name=path.name, suffix=path.suffix, path=path)
    else:
        yield LoadFailure(name=label, reason=kind)


def _file_kind(path: Path) -> str:
    """``"file"``, ``"folder"``, or the reason it is neither."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return "broken symbolic link" if exc.errno == errno.ENOENT and path.is_symlink() else _os_reason(exc)
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "not a regular file (a device, pipe or socket)"


def _walk_folder(root: Path) -> Iterator[_Input | LoadFailure]:
    """Files under ``root``, depth first in name order, hidden ones and a corpus's own
    documentation (README, LICENSE, …) skipped; named explicitly, those load like any file.

    Iterative, so a deep tree cannot exhaust the stack; a folder that is its own ancestor
    (through a symbolic link) is reported once and not entered.
    """
    listing = _list_folder(root, root)
    if isinstance(listing, LoadFailure):
        yield listing
        return
    stack: list[tuple[Iterator[str], Path, tuple[int, int]]] = [(iter(listing), root, _identity(root))]
    while stack:
        entries, folder, _ = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.startswith(".") or entry.split(".")[0].upper() in _FOLDER_DOCUMENTATION:
            continue
        path = folder / entry
        name = path.relative_to(root).as_posix()
        kind = _file_kind(path)
        if kind == "file":
            yield _Input(name=name, suffix=path.suffix, path=path)
        elif kind != "folder":
            yield LoadFailure(name=name, reason=kind)
        elif _identity(path) in {ident for _, _, ident in stack}:
            yield LoadFailure(name=name, reason="symbolic link loop (a folder inside itself); skipped")
        elif isinstance(sub := _list_folder(path, root), LoadFailure):
            yield sub
        else:
            stack.append((iter(sub), path, _identity(path)))


def _list_folder(folder: Path, root: Path) -> list[str] | LoadFailure:
    try:
        return sorted(os.listdir(folder))
    except OSError as exc:
        name = folder.relative_to(root).as_posix() if folder != root else str(folder)
        return LoadFailure(name=name, reason=f"cannot list the folder: {_os_reason(exc)}")


def _identity(path: Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file or folder",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ELOOP: "symbolic link loop",
        errno.EISDIR: "is a folder",
    }
    return reasons.get(exc.errno or 0, exc.strerror or one_line(exc))
