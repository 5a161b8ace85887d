"""The loader interface: what a format declares, what it is given, and how its failures are told.

A format is a :class:`Format`: the suffixes that name it, how its content gives it away, and a
``load`` function from a :class:`Source` and :class:`Options` to documents and failures. A
loader raises :class:`Problem` for an input it cannot read at all and yields a
:class:`~actorgraph.ingest.records.LoadFailure` for one bad record among good ones;
:func:`guarded` and :func:`failure_for` turn anything else into a one-line reason, so nothing
escapes for a bad input and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Protocol, TypeVar

from actorgraph.ingest.defaults import MAX_DOCUMENT_CHARS_VARIABLE as MAX_CHARS_VARIABLE
from actorgraph.ingest.records import Document, LoadFailure

__all__ = [
    "MAX_CHARS_VARIABLE",
    "Format",
    "Item",
    "Options",
    "Problem",
    "Source",
    "choose_format",
    "failure_for",
    "guarded",
    "markup_kind",
    "nonempty",
    "one_line",
]

# UTF-8 needs at most 4 bytes a character: a single-document file bigger than four times
# the character limit cannot fit, so it is refused from its size alone, unread.
_BYTES_PER_CHAR = 4
# Files holding many documents (a JSON array, a feed, standard input) are read whole up to
# this size; bigger collections belong in JSON Lines or CSV, which are read line by line.
_COLLECTION_BYTES = 64 * 1024 * 1024

Item = Document | LoadFailure
_T = TypeVar("_T")


class Problem(Exception):
    """One input cannot be loaded; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Options:
    """What every loader is told: the date of undated documents and the longest document."""

    published: dt.date | None
    max_chars: int

    @property
    def document_bytes(self) -> int:
        return _BYTES_PER_CHAR * self.max_chars

    @property
    def collection_bytes(self) -> int:
        return max(_COLLECTION_BYTES, self.document_bytes)


class Source(Protocol):
    """One input to load: a file found on disk, or standard input already read."""

    @property
    def name(self) -> str: ...

    def open(self) -> BinaryIO: ...

    def size(self) -> int: ...


Load = Callable[[Source, Options], Iterator[Item]]


@dataclass(frozen=True)
class Format:
    """One input format and how it is recognised.

    ``suffixes`` name it (matched case-insensitively). ``recognise`` tells content that can
    only be this format; it wins over a suffix listed in ``beats`` (an HTML page saved as
    ``.txt``). ``sniff`` guesses it for content with no telling suffix.
    """

    name: str
    suffixes: tuple[str, ...]
    load: Load
    recognise: Callable[[str], bool] | None = None
    beats: frozenset[str] = frozenset()
    sniff: Callable[[str], bool] | None = None


def choose_format(formats: Sequence[Format], suffix: str, head: str) -> Format:
    """The format the suffix names, unless the content plainly says otherwise.

    With no telling suffix the first format whose ``sniff`` accepts the head is taken, so
    ``formats`` lists the most particular first and ends with one that accepts anything.
    """
    named = next((found for found in formats if suffix.lower() in found.suffixes), None)
    if named is None:
        return next(found for found in formats if found.sniff is not None and found.sniff(head))
    overriding = (found for found in formats if named.name in found.beats and found.recognise and found.recognise(head))
    return next(overriding, named)


_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<!doctype\s+html|<html\b", re.IGNORECASE)


def markup_kind(head: str) -> str | None:
    """``"feed"`` or ``"html"`` for content whose root element says so, else ``None``.

    >>> markup_kind('<?xml version="1.0"?><rss version="2.0">'), markup_kind("<!DOCTYPE html>"), markup_kind("<p>")
    ('feed', 'html', None)
    """
    if not head.startswith("<"):
        return None
    prolog = head[:2000]
    if _FEED_ROOT.search(prolog):
        return "feed"
    return "html" if _HTML_ROOT.search(prolog) else None


def failure_for(name: str, exc: Exception) -> LoadFailure:
    """The one-line failure an exception raised while loading ``name`` stands for.

    >>> failure_for("a.json", RecursionError()).reason, failure_for("b.csv", ValueError("bad\\nbyte")).reason
    ('nested too deeply to read', 'cannot be read: bad byte')
    """
    if isinstance(exc, Problem):
        return LoadFailure(name=name, reason=str(exc))
    if isinstance(exc, RecursionError):
        return LoadFailure(name=name, reason="nested too deeply to read")
    return LoadFailure(name=name, reason=f"cannot be read: {one_line(exc)}")


def guarded(name: str, items: Iterator[_T]) -> Iterator[_T | LoadFailure]:
    """The items of one input; whatever goes wrong becomes a failure, and the batch goes on."""
    try:
        yield from items
    except Exception as exc:
        yield failure_for(name, exc)


def nonempty(items: Iterator[Item]) -> Iterator[Item]:
    """The items, or an "empty" failure for a file that holds none."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        raise Problem("empty")


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"
