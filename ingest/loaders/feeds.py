"""RSS and Atom feeds (``.xml``, ``.rss``, ``.atom``) via feedparser, one document per entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from actorgraph.ingest.loaders.base import Format, Item, Options, Problem, Source, failure_for, markup_kind, one_line
from actorgraph.ingest.loaders.decoding import read_collection_bytes
from actorgraph.ingest.loaders.fields import document, parse_date, plausible
from actorgraph.ingest.loaders.html_text import HtmlText
from actorgraph.ingest.loaders.web_page import html_article

__all__ = ["FORMAT"]

# Feed content shorter than this is a summary: a plain HTML-to-text pass keeps all of it,
# where trafilatura may drop a short fragment as boilerplate.
_SHORT_FRAGMENT_CHARS = 1000


def load(source: Source, options: Options) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(read_collection_bytes(source, options))  # bytes: never fetched from the network
    if not parsed.entries:
        raise Problem(_empty_feed_reason(parsed))
    feed_title = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, 1):
        name = f"{source.name}#{number}"
        try:
            yield _entry_document(name, entry, feed_title, options)
        except Exception as exc:  # one bad entry is reported, the others load
            yield failure_for(name, exc)


def _empty_feed_reason(parsed: Any) -> str:
    if parsed.get("bozo") and (problem := parsed.get("bozo_exception")) is not None:
        return f"not a readable RSS or Atom feed ({_xml_problem(problem)})"
    if not parsed.get("version"):
        return "not an RSS or Atom feed"
    return "the feed has no entries"


def _xml_problem(exc: Exception) -> str:
    if hasattr(exc, "getMessage") and hasattr(exc, "getLineNumber"):  # expat's SAXParseException
        return f"{exc.getMessage()} at line {exc.getLineNumber()}"
    return one_line(exc)


def _entry_document(name: str, entry: Mapping[str, Any], feed_title: str | None, options: Options) -> Item:
    return document(
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
    parts = [*(entry.get("content") or []), entry.get("summary_detail") or {"value": entry.get("summary")}]
    for part in parts:
        value, kind = part.get("value") or "", part.get("type") or "text/html"
        if value.strip():
            return value if kind == "text/plain" else _fragment_text(value)
    return ""


def _fragment_text(html: str) -> str:
    plain = HtmlText.to_text(html)
    if len(plain) < _SHORT_FRAGMENT_CHARS:
        return plain
    try:
        return html_article(html)[0]
    except Problem:
        return plain


def _entry_date(entry: Mapping[str, Any]) -> dt.date | None:
    # dict.get reads the fields the feed has; feedparser's own lookup would alias
    # "updated" to "published" with a deprecation warning.
    for field in ("published", "updated", "created"):
        if date := parse_date(dict.get(entry, field)):  # type: ignore[call-overload]  # entry is a FeedParserDict
            return date
    for field in ("published_parsed", "updated_parsed"):
        if parsed := dict.get(entry, field):  # type: ignore[call-overload]  # entry is a FeedParserDict
            return plausible(dt.date(*parsed[:3]))
    return None


# A feed root wins over a .txt, .md or .html suffix, and is recognised with no telling suffix.
FORMAT = Format(
    "feed",
    (".xml", ".rss", ".atom"),
    load,
    recognise=lambda head: markup_kind(head) == "feed",
    beats=frozenset({"text", "markdown", "html"}),
    sniff=lambda head: markup_kind(head) == "feed",
)
