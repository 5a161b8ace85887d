"""Loaders: files, folders and standard input in, :class:`~actorgraph.ingest.records.Document` records out.

Formats are chosen by extension (case-insensitive) and checked against the content, which
wins where the extension lies (an HTML page saved as ``.txt``, JSON Lines saved as
``.json``, a feed saved as ``.html``):

- ``.txt``, ``.text``: plain text; a headline-like first line becomes the title too
- ``.md``, ``.markdown``: YAML front matter, markdown syntax lightly stripped
- ``.html``, ``.htm``, ``.xhtml``: main text and metadata via trafilatura
- ``.json``: one object or a list of objects (``text``/``content``/``body``, ``title``, …)
- ``.jsonl``, ``.ndjson``: one object per line, read line by line
- ``.csv``: a header row naming the same fields, one document per row
- ``.xml``, ``.rss``, ``.atom``: RSS/Atom via feedparser, one document per entry
- anything else: sniffed; text loads as text, binary is refused

Nothing escapes :func:`load_documents` for a bad input: every problem with a file, record or
entry comes out as a :class:`~actorgraph.ingest.records.LoadFailure` with a one-line reason, and the
batch goes on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import errno
import io
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, AnyStr, BinaryIO, TextIO, TypeVar

import yaml

from actorgraph.ingest.records import Document, LoadFailure

__all__ = ["MAX_CHARS_VARIABLE", "find_files", "load_documents", "parse_date"]

MAX_CHARS_VARIABLE = "ACTORGRAPH_MAX_DOCUMENT_CHARS"
_STDIN_NAME = "stdin"

# UTF-8 needs at most 4 bytes a character: a single-document file bigger than 4 × the
# character limit cannot fit, so it is refused from its size alone, unread.
_BYTES_PER_CHAR = 4
# Files holding many documents (a JSON array, a feed, standard input) are read whole up to
# this size; bigger collections belong in JSON Lines or CSV, which are read line by line.
_COLLECTION_BYTES = 64 * 1024 * 1024
_HEAD_BYTES = 64 * 1024
# Feed content shorter than this is a summary: a plain HTML-to-text pass keeps all of it,
# where trafilatura may drop a short fragment as boilerplate.
_SHORT_FRAGMENT_CHARS = 1000
# Extracted "article" text mostly made of link and menu text is navigation, not an article.
_MENU_SHARE = 0.8

_BINARY = "not a text document (binary)"
# A folder of articles often carries a README or LICENSE; they describe the corpus, they are
# not part of it (examples/demo has one).
_FOLDER_DOCUMENTATION = frozenset({"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG", "CONTRIBUTING", "AUTHORS"})
_TEXT_FIELDS = ("text", "content", "body")
_DATE_FIELDS = ("published", "date", "published_at", "publishedat", "pubdate")
_COLLECTION_KEYS = ("articles", "documents", "items", "records", "entries", "data", "results")

_SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}  # fmt: skip
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)  # fmt: skip


_T = TypeVar("_T")


class _Problem(Exception):
    """One input cannot be loaded; the message is the reason shown to the user."""


@dataclass(frozen=True)
class _Options:
    published: dt.date | None
    max_chars: int

    @property
    def document_bytes(self) -> int:
        return _BYTES_PER_CHAR * self.max_chars

    @property
    def collection_bytes(self) -> int:
        return max(_COLLECTION_BYTES, self.document_bytes)


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
            raise _Problem(_os_reason(exc)) from None

    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        try:
            return self.path.stat().st_size
        except OSError as exc:
            raise _Problem(_os_reason(exc)) from None


# ---------------------------------------------------------------------------- public API


def load_documents(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    max_chars: int = 2_000_000,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Document | LoadFailure]:
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
    options = _Options(published, max_chars)
    for argument in [paths] if isinstance(paths, (str, Path)) else paths:
        if str(argument) == "-":
            yield from _guarded(_STDIN_NAME, _load_stdin(stdin or sys.stdin, options))
            continue
        for found in _guarded(str(argument), _find_inputs(Path(argument), str(argument))):
            if isinstance(found, LoadFailure):
                yield found
            else:
                yield from _guarded(found.name, _load_input(found, options))


def find_files(path: str | Path) -> Iterator[tuple[str, Path] | LoadFailure]:
    """The file at ``path``, or the files of a folder as :func:`load_documents` walks them
    (recursively, in name order), each with the name messages give it; problems as failures."""
    for found in _guarded(str(path), _find_inputs(Path(path), str(path))):
        yield found if isinstance(found, LoadFailure) else (found.name, found.path)  # type: ignore[misc]


def _guarded(name: str, items: Iterator[_T]) -> Iterator[_T | LoadFailure]:
    """The items of one input; whatever goes wrong becomes a failure, and the batch goes on."""
    try:
        yield from items
    except _Problem as problem:
        yield LoadFailure(name=name, reason=str(problem))
    except RecursionError:
        yield LoadFailure(name=name, reason="nested too deeply to read")
    except Exception as exc:
        yield LoadFailure(name=name, reason=f"cannot be read: {_one_line(exc)}")


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
    return reasons.get(exc.errno or 0, exc.strerror or _one_line(exc))


# ---------------------------------------------------------------------------- choosing a format


def _load_input(source: _Input, options: _Options) -> Iterator[Document | LoadFailure]:
    head = _read_head(source)
    if _is_binary(head):
        raise _Problem(_BINARY)
    loader = _LOADERS[_choose_format(source.suffix, _head_text(head))]
    yield from loader(source, options)


def _load_stdin(stream: TextIO | BinaryIO, options: _Options) -> Iterator[Document | LoadFailure]:
    yield from _load_input(_Input(name=_STDIN_NAME, data=_read_stream(stream, options.collection_bytes)), options)


def _read_stream(stream: TextIO | BinaryIO | IO[Any], limit: int) -> bytes:
    data = getattr(stream, "buffer", stream).read(limit + 1)
    data = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(data) > limit:
        raise _Problem(f"more than {limit:,} bytes on standard input; save it to a JSON Lines file instead")
    return data


def _read_head(source: _Input) -> bytes:
    with source.open() as raw:
        return raw.read(_HEAD_BYTES)


def _head_text(head: bytes) -> str:
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "replace").lstrip()
    return head.decode("utf-8", "replace").lstrip()


_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<!doctype\s+html|<html\b", re.IGNORECASE)


def _choose_format(suffix: str, head: str) -> str:
    """The format the extension names, unless the content plainly says otherwise."""
    named = _SUFFIX_FORMATS.get(suffix.lower())
    markup = _markup_kind(head)
    if named is None:
        return _sniff(head)
    if markup == "feed" and named in ("text", "markdown", "html"):
        return "feed"
    if markup == "html" and named in ("text", "markdown", "feed"):
        return "html"
    if named == "jsonl" and head.startswith("["):
        return "json"
    return named


def _markup_kind(head: str) -> str | None:
    if not head.startswith("<"):
        return None
    prolog = head[:2000]
    if _FEED_ROOT.search(prolog):
        return "feed"
    return "html" if _HTML_ROOT.search(prolog) else None


def _sniff(head: str) -> str:
    """Format of content with no telling extension (standard input, unknown suffixes)."""
    if head[:1] in ("{", "["):
        return "json"
    if head.startswith("<"):
        return _markup_kind(head) or "html"
    return "text"


def _is_binary(head: bytes) -> bool:
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    controls = sum(head.count(bytes([code])) for code in (*range(0, 9), *range(14, 32), 127))
    return b"\x00" in head or controls > len(head) // 10


# ---------------------------------------------------------------------------- reading and decoding


def _read_bytes(source: _Input, limit: int, too_big: Callable[[int], str]) -> bytes:
    """The whole input, refused from its size alone when over ``limit``."""
    size = source.size()
    if size > limit:
        raise _Problem(too_big(size))
    with source.open() as raw:
        data = raw.read(limit + 1)
    if len(data) > limit:
        raise _Problem(too_big(len(data)))
    return data


def _read_document_text(source: _Input, options: _Options) -> str:
    def too_big(size: int) -> str:
        return f"{size:,} bytes, too big for the {options.max_chars:,}-character limit ({MAX_CHARS_VARIABLE}); not read"

    return _decode(_read_bytes(source, options.document_bytes, too_big))


def _read_collection_bytes(source: _Input, options: _Options) -> bytes:
    def too_big(size: int) -> str:
        return (
            f"{size:,} bytes, over the {options.collection_bytes:,}-byte limit for a file read whole; split it or use JSON Lines"
        )

    return _read_bytes(source, options.collection_bytes, too_big)


def _decode(data: bytes) -> str:
    """Text from bytes: a BOM's encoding, else UTF-8, else a detected legacy encoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    if _is_binary(data[:_HEAD_BYTES]) or b"\x00" in data:
        raise _Problem(_BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(_legacy_encoding(data), "replace")


def _legacy_encoding(data: bytes) -> str:
    """The encoding of text that is not UTF-8.

    Where non-ASCII bytes are sparse (a Western language with accents and smart quotes),
    cp1252 is by far the likeliest and charset-normalizer guesses poorly on so little
    evidence; where they are dense (Cyrillic, Greek, …), charset-normalizer decides.
    """
    sample = data[:_HEAD_BYTES]
    letters = sum(1 for byte in sample if byte >= 0x80 or chr(byte).isalpha())
    non_ascii = sum(1 for byte in sample if byte >= 0x80)
    if non_ascii <= 0.3 * letters:
        return _cp1252_or_latin1(data)
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    # Without a BOM and without NUL bytes, UTF-16/32 is a misguess on too little text.
    if best is None or codecs.lookup(best.encoding).name.startswith(("utf-16", "utf-32")):
        return _cp1252_or_latin1(data)
    return best.encoding


def _cp1252_or_latin1(data: bytes) -> str:
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:  # five bytes cp1252 leaves undefined
        return "latin-1"


_CONTROLS = {code: None for code in (*range(0, 9), 11, 12, *range(14, 32), 127)} | {11: "\n", 12: "\n"}
_LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")


def _normalise(text: str) -> str:
    """``\\n`` newlines, NFC, no control characters, no surrounding whitespace.

    A lone surrogate (JSON's ``"\\udcff"``) becomes U+FFFD: it cannot be encoded, so spaCy,
    hashing and the store would all fail on it.

    >>> _normalise(" Kyiv\\r\\n\\udcff ")
    'Kyiv\\n\\ufffd'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _LONE_SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text.translate(_CONTROLS)).strip()


# ---------------------------------------------------------------------------- building documents


def _document(name: str, text: str, options: _Options, **metadata: Any) -> Document | LoadFailure:
    """A document from loaded text and raw metadata, or the reason it cannot be one."""
    text = _normalise(text)
    if not text:
        return LoadFailure(name=name, reason="empty")
    if len(text) > options.max_chars:
        reason = f"{len(text):,} characters, over the {options.max_chars:,} limit ({MAX_CHARS_VARIABLE})"
        return LoadFailure(name=name, reason=reason)
    return Document(
        name=name,
        text=text,
        title=_short_field(metadata.get("title")),
        url=_short_field(metadata.get("url")),
        published=parse_date(metadata.get("published")) or options.published,
        source=_short_field(metadata.get("source")),
    )


def _short_field(value: Any) -> str | None:
    if isinstance(value, Mapping):  # {"source": {"name": "Reuters"}}, as news APIs give it
        value = value.get("name")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(_normalise(value).split()) or None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: Any) -> dt.date | None:
    """A publication date from what a record holds, or ``None`` when there is no usable one.

    ISO dates keep the calendar date as written (no time-zone shift); RFC 2822 (feeds) and
    common formats are read with dateutil; a date without year and month is not a date.

    >>> parse_date("2024-11-18T23:30:00-05:00"), parse_date("Mon, 18 Nov 2024 23:30:00 -0500")
    (datetime.date(2024, 11, 18), datetime.date(2024, 11, 18))
    >>> parse_date("November 18, 2024"), parse_date("yesterday"), parse_date("2024-13-45")
    (datetime.date(2024, 11, 18), None, None)
    """
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_timestamp(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return _plausible(_parse_date_text(value.strip()))


def _parse_date_text(text: str) -> dt.date | None:
    if match := _ISO_DATE.match(text):
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _parse_with_dateutil(text)


def _parse_with_dateutil(text: str) -> dt.date | None:
    from dateutil import parser

    try:
        # Parsed against two different defaults: a part that changes was not in the text.
        first = parser.parse(text, default=dt.datetime(2000, 1, 1))
        second = parser.parse(text, default=dt.datetime(2001, 2, 1))
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        return None
    if (first.year, first.month) != (second.year, second.month):
        return None
    return first.date()


def _from_timestamp(seconds: float) -> dt.date | None:
    try:
        return _plausible(dt.datetime.fromtimestamp(seconds, dt.UTC).date())
    except (ValueError, OverflowError, OSError):
        return None


def _plausible(date: dt.date | None) -> dt.date | None:
    return date if date is not None and 1000 <= date.year <= 2999 else None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


# ---------------------------------------------------------------------------- plain text


def _load_text(source: _Input, options: _Options) -> Iterator[Document | LoadFailure]:
    text = _normalise(_read_document_text(source, options))
    yield _document(source.name, text, options, title=_headline(text))


def _headline(text: str) -> str | None:
    """The first line when it reads as a headline: short, no final full stop, then a blank line.

    The headline stays in the text too: it is the article's first paragraph.

    >>> _headline("Kremlin warns Washington\\n\\nRussia warned the US.")
    'Kremlin warns Washington'
    >>> _headline("Russia warned the US.\\n\\nIt did so again.") is None
    True
    """
    first, _, rest = text.partition("\n")
    first = first.strip()
    blank_next = rest.partition("\n")[0].strip() == "" and rest.strip() != ""
    if first and len(first) <= 200 and not first.endswith(".") and blank_next:
        return first
    return None


# ---------------------------------------------------------------------------- markdown


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIRST_HEADING = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_MARKDOWN_BLOCKS = [
    (re.compile(r"^ {0,3}\[[^\]\n]{1,200}\]:[ \t]*\S+.*$", re.MULTILINE), ""),  # link reference definitions
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}(?:={2,}|-{2,})[ \t]*$", re.MULTILINE), ""),  # setext underlines, rules
    (re.compile(r"^ {0,3}(?:[*_][ \t]*){3,}$", re.MULTILINE), ""),  # thematic breaks
    (re.compile(r"^ {0,3}(?:```|~~~).*$", re.MULTILINE), ""),  # code fences (their content stays)
    (re.compile(r"^ {0,3}>[ \t]?", re.MULTILINE), ""),  # blockquote markers
]
_MARKDOWN_INLINE = [
    (re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)"), ""),  # images
    (re.compile(r"\[([^\]\n]{1,500})\]\([^)\n]{0,2000}\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]\n]{1,500})\]\[[^\]\n]{0,200}\]"), r"\1"),  # [text][ref]
    (re.compile(r"(\*\*|__)(?=\S)([^\n]{1,500}?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^\n*]{1,500}?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^\n_]{1,500}?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"~~(?=\S)([^\n]{1,500}?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"`([^`\n]{1,500})`"), r"\1"),  # inline code
]


def _load_markdown(source: _Input, options: _Options) -> Iterator[Document | LoadFailure]:
    meta, body = _front_matter(_normalise(_read_document_text(source, options)))
    heading = _FIRST_HEADING.search(body)
    title = meta.get("title") or (_strip_inline_markdown(heading[1]) if heading else None)
    yield _document(source.name, _strip_markdown(body), options, **_metadata(meta, title=title))


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match[1] or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark else ""
        raise _Problem(f"front matter is not valid YAML ({getattr(exc, 'problem', None) or 'syntax error'}{where})") from None
    except RecursionError:
        raise _Problem("front matter is nested too deeply to read") from None
    if not isinstance(meta, dict):
        raise _Problem("front matter is not a mapping of fields (title: …, published: …)")
    return {str(key).lower(): value for key, value in meta.items()}, text[match.end() :]


def _strip_markdown(text: str) -> str:
    """Markdown reduced to its words: headings, emphasis, links and images lightly stripped.

    >>> _strip_markdown("# Kremlin warns\\n\\n**Russia** warned [the US](https://x.org) ![map](m.png)today.")
    'Kremlin warns\\n\\nRussia warned the US today.'
    """
    for pattern, replacement in _MARKDOWN_BLOCKS:
        text = pattern.sub(replacement, text)
    text = _strip_inline_markdown(text)
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip()


def _strip_inline_markdown(text: str) -> str:
    for pattern, replacement in _MARKDOWN_INLINE:
        text = pattern.sub(replacement, text)
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)


def _metadata(record: Mapping[str, Any], **overrides: Any) -> dict[str, Any]:
    """Title, url, published and source from a record's fields (names as users write them)."""
    found = {
        "title": _first_field(record, ("title", "headline")),
        "url": _first_field(record, ("url", "link")),
        "published": _first_field(record, _DATE_FIELDS),
        "source": _first_field(record, ("source", "sitename", "publisher")),
    }
    return found | {key: value for key, value in overrides.items() if value is not None}


def _first_field(record: Mapping[str, Any], names: Iterable[str]) -> Any:
    return next((record[name] for name in names if record.get(name) not in (None, "")), None)


# ---------------------------------------------------------------------------- HTML


def _load_html(source: _Input, options: _Options) -> Iterator[Document | LoadFailure]:
    html = _read_document_text(source, options)
    text, meta = _html_article(html)
    yield _document(source.name, text, options, **meta)


def _html_article(html: str) -> tuple[str, dict[str, Any]]:
    """The main text of a web page (menus, footers and the like left out) and its metadata."""
    from trafilatura import bare_extraction

    try:
        result = bare_extraction(html, with_metadata=True, include_comments=False)
    except RecursionError:
        raise
    except Exception as exc:
        raise _Problem(f"no article text found (the page could not be parsed: {_one_line(exc)})") from None
    text = _paragraphs(getattr(result, "text", None) or "")
    if not text or _is_menu_text(text, html):
        raise _Problem("no article text found")
    meta = {"title": result.title, "url": result.url, "published": result.date, "source": result.sitename}
    return text, meta


def _paragraphs(text: str) -> str:
    """trafilatura gives one paragraph a line; the project separates them by a blank line."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _is_menu_text(text: str, html: str) -> bool:
    """True when nearly all the text extracted is link, menu, header or footer text.

    trafilatura's fallbacks return a page's menu when it finds no article; a paragraph
    that appears word for word in the page's links and menus is such leftover.
    """
    menu_text = " ".join(_HtmlText.menu_words(html))
    paragraphs = [" ".join(p.lower().split()) for p in text.split("\n\n")]
    menu_chars = sum(len(p) for p in paragraphs if p in menu_text)
    return menu_chars >= _MENU_SHARE * sum(len(p) for p in paragraphs)


class _HtmlText(HTMLParser):
    """A forgiving HTML-to-text pass (stdlib parser: no recursion, any nesting depth)."""

    _BLOCKS = frozenset(
        "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
        "header hr li main nav ol p pre section table td th tr ul".split()
    )
    _SKIPPED = frozenset("script style noscript template iframe svg head select".split())
    _MENUS = frozenset("a nav header footer button menu aside form label".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.menu_parts: list[str] = []
        self.skipping = 0
        self.in_menu = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._enter_or_leave(tag, +1)

    def handle_endtag(self, tag: str) -> None:
        self._enter_or_leave(tag, -1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n" if tag == "br" else "\n\n")

    def _enter_or_leave(self, tag: str, step: int) -> None:
        if tag in self._SKIPPED:
            self.skipping = max(0, self.skipping + step)
        if tag in self._MENUS:
            self.in_menu = max(0, self.in_menu + step)
        if tag == "br":
            self.parts.append("\n")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.parts.append(re.sub(r"\s+", " ", data))
        if self.in_menu:
            self.menu_parts.append(data)

    @classmethod
    def to_text(cls, html: str) -> str:
        """Text of an HTML fragment: block elements become paragraphs.

        >>> _HtmlText.to_text("<p>Russia warned the <b>West</b>.</p><p>NATO&nbsp;replied.<br>Again.</p>")
        'Russia warned the West.\\n\\nNATO replied.\\nAgain.'
        """
        parser = cls._fed(html)
        paragraphs = re.split(r"\n[ \t]*\n\s*", "".join(parser.parts))
        cleaned = ("\n".join(" ".join(line.split()) for line in p.split("\n") if line.strip()) for p in paragraphs)
        return "\n\n".join(p for p in cleaned if p)

    @classmethod
    def menu_words(cls, html: str) -> list[str]:
        return " ".join(cls._fed(html).menu_parts).lower().split()

    @classmethod
    def _fed(cls, html: str) -> _HtmlText:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser


# ---------------------------------------------------------------------------- JSON and JSON Lines


def _load_json(source: _Input, options: _Options) -> Iterator[Document | LoadFailure]:
    text = _decode(_read_collection_bytes(source, options))
    if not text.strip():
        raise _Problem("empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise _Problem(f"not valid JSON: {_json_problem(exc)} at line {exc.lineno} column {exc.colno}") from None
        # More than one value: JSON Lines under a .json name (or on standard input).
        yield from _nonempty(_json_lines(source.name, enumerate(io.StringIO(text), 1), options))
        return
    except RecursionError:
        raise _Problem("JSON nested too deeply to read") from None
    except ValueError as exc:
        raise _Problem(f"not valid JSON: {_one_line(exc)}") from None
    yield from _nonempty(_json_records(source.name, data, options))


def _json_records(name: str, data: Any, options: _Options) -> Iterator[Document | LoadFailure]:
    if isinstance(data, dict) and not _has_text_field(data):
        data = next((data[key] for key in _COLLECTION_KEYS if isinstance(data.get(key), list)), data)
    if isinstance(data, list):
        for number, record in enumerate(data, 1):
            yield _record_document(f"{name}#{number}", record, options)
    elif isinstance(data, dict):
        yield _record_document(name, data, options)
    else:
        raise _Problem(f"expected a JSON object or a list of objects, found {_json_type(data)}")


def _has_text_field(record: Mapping[str, Any]) -> bool:
    return any(str(key).lower() in _TEXT_FIELDS for key in record)


def _nonempty(items: Iterator[Document | LoadFailure]) -> Iterator[Document | LoadFailure]:
    """The items, or an "empty" failure for a file that holds none."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        raise _Problem("empty")


def _load_jsonl(source: _Input, options: _Options) -> Iterator[Document | LoadFailure]:
    with source.open() as raw:
        yield from _nonempty(_json_lines(source.name, _file_lines(raw, options), options))


def _json_lines(name: str, lines: Iterable[tuple[int, str | None]], options: _Options) -> Iterator[Document | LoadFailure]:
    for number, line in lines:
        record_name = f"{name}#{number}"
        if line is None:
            yield LoadFailure(name=record_name, reason=_long_line_reason(options) + "; skipped unread")
        elif line.strip():
            yield _json_line_document(record_name, line, options)


def _json_line_document(name: str, line: str, options: _Options) -> Document | LoadFailure:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return LoadFailure(name=name, reason=f"not valid JSON: {_json_problem(exc)} at column {exc.colno}")
    except RecursionError:
        return LoadFailure(name=name, reason="JSON nested too deeply to read")
    except ValueError as exc:
        return LoadFailure(name=name, reason=f"not valid JSON: {_one_line(exc)}")
    return _record_document(name, record, options)


def _json_problem(exc: json.JSONDecodeError) -> str:
    problem = exc.msg.removesuffix(" at")  # "Invalid control character at" reads badly before ours
    return problem[:1].lower() + problem[1:]


def _record_document(name: str, record: Any, options: _Options) -> Document | LoadFailure:
    """A document from one JSON object or CSV row; field names are matched case-insensitively."""
    if not isinstance(record, dict):
        return LoadFailure(name=name, reason=f"expected an object with a text field, found {_json_type(record)}")
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    text = _first_field(fields, _TEXT_FIELDS)
    if text is None:
        has_field = any(field in fields for field in _TEXT_FIELDS)
        return LoadFailure(name=name, reason="empty" if has_field else "no text (expected a text, content or body field)")
    if not isinstance(text, str):
        return LoadFailure(name=name, reason=f"the text field holds {_json_type(text)}, not text")
    if _looks_like_html(text):
        text = _HtmlText.to_text(text)
    return _document(name, text, options, **_metadata(fields))


_HTML_TAG = re.compile(r"<(?:p|div|br|span|a|b|i|em|strong|li|h[1-6])\b[^>]{0,500}>", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return _HTML_TAG.search(text[:_HEAD_BYTES]) is not None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


# ---------------------------------------------------------------------------- line streams (JSON Lines, CSV)


def _file_lines(raw: BinaryIO, options: _Options) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line of a file read line by line.

    A line over the size bound comes as ``None`` and is skipped unread, so a file with no
    newline is never held in memory whole. Each line is decoded on its own: one stray
    cp1252 byte must not make the rest of a big UTF-8 file unreadable.
    """
    limit = options.document_bytes
    codec = _bom_codec(raw.read(4))
    raw.seek(0)
    if codec is not None and codec != "utf-8":  # UTF-16/32: no byte-wise line splitting
        text_lines = _bounded_lines(io.TextIOWrapper(raw, encoding=codec, newline="").readline, limit, "\n")
        yield from enumerate(text_lines, 1)
        return
    fallback: list[str] = []
    for number, line in enumerate(_bounded_lines(raw.readline, limit, b"\n"), 1):
        yield number, None if line is None else _decode_line(line.removeprefix(b"\xef\xbb\xbf"), fallback)


def _bom_codec(start: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if start.startswith(bom)), None)


def _decode_line(line: bytes, fallback: list[str]) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        fallback[:] = fallback or [_legacy_encoding(line)]  # decided once, on the first bad line
        return line.decode(fallback[0], "replace")


def _bounded_lines(readline: Callable[[int], AnyStr], limit: int, newline: AnyStr) -> Iterator[AnyStr | None]:
    while line := readline(limit + 1):
        if len(line) > limit and not line.endswith(newline):
            while (rest := readline(limit)) and not rest.endswith(newline):
                pass
            yield None
        else:
            yield line


def _long_line_reason(options: _Options) -> str:
    return f"line over {options.document_bytes:,} bytes, too big for the {options.max_chars:,}-character limit ({MAX_CHARS_VARIABLE})"


# ---------------------------------------------------------------------------- CSV


def _load_csv(source: _Input, options: _Options) -> Iterator[Document | LoadFailure]:
    # The csv module's default field limit (128 KiB) is below an article's; raising the
    # process-wide limit only ever lets longer fields through, which _document then bounds.
    csv.field_size_limit(max(csv.field_size_limit(), options.document_bytes))
    with source.open() as raw:
        # strict: a stray or unclosed quote is reported, not glued onto the following rows
        rows = csv.reader(_csv_lines(_file_lines(raw, options), options), strict=True)
        columns = _csv_header(rows)
        yield from _nonempty(_csv_documents(source.name, columns, rows, options))


def _csv_lines(lines: Iterable[tuple[int, str | None]], options: _Options) -> Iterator[str]:
    for number, line in lines:
        if line is None:
            raise _Problem(f"line {number}: {_long_line_reason(options)}; the rest of the file is skipped")
        yield line


def _csv_header(rows: Iterator[list[str]]) -> list[str]:
    try:
        header = next(rows, None)
    except csv.Error as exc:
        raise _Problem(f"malformed CSV header ({_one_line(exc)})") from None
    if not header or not any(cell.strip() for cell in header):
        raise _Problem("empty")
    columns = [cell.strip().lower() for cell in header]
    if not set(columns) & set(_TEXT_FIELDS):
        found = ", ".join(columns)[:120]
        raise _Problem(f"no text column in the CSV header (expected text, content or body; found {found})")
    return columns


def _csv_documents(
    name: str, columns: list[str], rows: Iterator[list[str]], options: _Options
) -> Iterator[Document | LoadFailure]:
    """One document per data row, named ``file.csv#N`` with N counting data rows from 1."""
    number = 0
    while True:
        number += 1
        try:
            row = next(rows, None)
        except csv.Error as exc:
            reason = f"malformed CSV ({_one_line(exc)}); the rest of the file is skipped"
            yield LoadFailure(name=f"{name}#{number}", reason=reason)
            return
        if row is None:
            return
        if any(cell.strip() for cell in row):
            yield _record_document(f"{name}#{number}", dict(zip(columns, row)), options)


# ---------------------------------------------------------------------------- RSS and Atom


def _load_feed(source: _Input, options: _Options) -> Iterator[Document | LoadFailure]:
    import feedparser

    parsed = feedparser.parse(_read_collection_bytes(source, options))  # bytes: never fetched from the network
    if not parsed.entries:
        raise _Problem(_empty_feed_reason(parsed))
    feed_title = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, 1):
        yield _guarded_entry(f"{source.name}#{number}", entry, feed_title, options)


def _empty_feed_reason(parsed: Any) -> str:
    if parsed.get("bozo") and (problem := parsed.get("bozo_exception")) is not None:
        return f"not a readable RSS or Atom feed ({_xml_problem(problem)})"
    if not parsed.get("version"):
        return "not an RSS or Atom feed"
    return "the feed has no entries"


def _xml_problem(exc: Exception) -> str:
    if hasattr(exc, "getMessage") and hasattr(exc, "getLineNumber"):  # expat's SAXParseException
        return f"{exc.getMessage()} at line {exc.getLineNumber()}"
    return _one_line(exc)


def _guarded_entry(name: str, entry: Mapping[str, Any], feed_title: str | None, options: _Options) -> Document | LoadFailure:
    try:
        return _entry_document(name, entry, feed_title, options)
    except _Problem as problem:
        return LoadFailure(name=name, reason=str(problem))
    except Exception as exc:
        return LoadFailure(name=name, reason=f"cannot be read: {_one_line(exc)}")


def _entry_document(name: str, entry: Mapping[str, Any], feed_title: str | None, options: _Options) -> Document | LoadFailure:
    return _document(
        name,
        _entry_text(entry),
        options,
        title=entry.get("title"),
        url=entry.get("link"),
        published=_entry_date(entry),
        source=feed_title,
    )


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The entry's full content where the feed has it, else its summary, as text."""
    parts = list(entry.get("content") or []) + [entry.get("summary_detail") or {"value": entry.get("summary")}]
    for part in parts:
        value, kind = part.get("value") or "", part.get("type") or "text/html"
        if value.strip():
            return value if kind == "text/plain" else _fragment_text(value)
    return ""


def _fragment_text(html: str) -> str:
    plain = _HtmlText.to_text(html)
    if len(plain) < _SHORT_FRAGMENT_CHARS:
        return plain
    try:
        return _html_article(html)[0]
    except _Problem:
        return plain


def _entry_date(entry: Mapping[str, Any]) -> dt.date | None:
    # dict.get reads the fields the feed has; feedparser's own lookup would alias
    # "updated" to "published" with a deprecation warning.
    for field in ("published", "updated", "created"):
        if date := parse_date(dict.get(entry, field)):  # type: ignore[arg-type]
            return date
    for field in ("published_parsed", "updated_parsed"):
        if parsed := dict.get(entry, field):  # type: ignore[arg-type]
            return _plausible(dt.date(*parsed[:3]))
    return None


_LOADERS: dict[str, Callable[[_Input, _Options], Iterator[Document | LoadFailure]]] = {
    "text": _load_text,
    "markdown": _load_markdown,
    "html": _load_html,
    "json": _load_json,
    "jsonl": _load_jsonl,
    "csv": _load_csv,
    "feed": _load_feed,
}
