"""From loaded text and the fields a record holds to a :class:`~actorgraph.ingest.records.Document`.

Field names are those users write (``text``/``content``/``body``, ``title``/``headline``,
``published``/``date``, …), matched case-insensitively; every format that reads records
(JSON, JSON Lines, CSV, markdown front matter) goes through here.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable, Mapping
from typing import Any

from actorgraph.ingest.loaders.base import MAX_CHARS_VARIABLE, Item, Options
from actorgraph.ingest.loaders.decoding import normalise
from actorgraph.ingest.loaders.html_text import HtmlText, looks_like_html
from actorgraph.ingest.records import Document, LoadFailure

__all__ = ["TEXT_FIELDS", "document", "json_type", "metadata", "parse_date", "plausible", "record_document"]

TEXT_FIELDS = ("text", "content", "body")
_DATE_FIELDS = ("published", "date", "published_at", "publishedat", "pubdate")


def document(name: str, text: str, options: Options, **fields: Any) -> Item:
    """A document from loaded text and raw metadata, or the reason it cannot be one.

    >>> document("a.txt", " Russia warned.\\r\\n", Options(dt.date(2024, 1, 2), 100), title=" Kremlin  warns ").title
    'Kremlin warns'
    >>> document("b.txt", "Too long.", Options(None, 5)).reason
    '9 characters, over the 5 limit (ACTORGRAPH_MAX_DOCUMENT_CHARS)'
    """
    text = normalise(text)
    if not text:
        return LoadFailure(name=name, reason="empty")
    if len(text) > options.max_chars:
        reason = f"{len(text):,} characters, over the {options.max_chars:,} limit ({MAX_CHARS_VARIABLE})"
        return LoadFailure(name=name, reason=reason)
    return Document(
        name=name,
        text=text,
        title=_short_field(fields.get("title")),
        url=_short_field(fields.get("url")),
        published=parse_date(fields.get("published")) or options.published,
        source=_short_field(fields.get("source")),
    )


def _short_field(value: Any) -> str | None:
    if isinstance(value, Mapping):  # {"source": {"name": "Reuters"}}, as news APIs give it
        value = value.get("name")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(normalise(value).split()) or None


def record_document(name: str, record: Any, options: Options) -> Item:
    """A document from one JSON object or CSV row; field names are matched case-insensitively."""
    if not isinstance(record, dict):
        return LoadFailure(name=name, reason=f"expected an object with a text field, found {json_type(record)}")
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    text = _first_field(fields, TEXT_FIELDS)
    if text is None:
        has_field = any(field in fields for field in TEXT_FIELDS)
        return LoadFailure(name=name, reason="empty" if has_field else "no text (expected a text, content or body field)")
    if not isinstance(text, str):
        return LoadFailure(name=name, reason=f"the text field holds {json_type(text)}, not text")
    if looks_like_html(text):
        text = HtmlText.to_text(text)
    return document(name, text, options, **metadata(fields))


def metadata(record: Mapping[str, Any], **overrides: Any) -> dict[str, Any]:
    """Title, url, published and source from a record's fields (names as users write them).

    >>> metadata({"headline": "Kremlin warns", "date": "2024-11-18", "link": ""}, source="Feed")
    {'title': 'Kremlin warns', 'url': None, 'published': '2024-11-18', 'source': 'Feed'}
    """
    found = {
        "title": _first_field(record, ("title", "headline")),
        "url": _first_field(record, ("url", "link")),
        "published": _first_field(record, _DATE_FIELDS),
        "source": _first_field(record, ("source", "sitename", "publisher")),
    }
    return found | {key: value for key, value in overrides.items() if value is not None}


def _first_field(record: Mapping[str, Any], names: Iterable[str]) -> Any:
    return next((record[name] for name in names if record.get(name) not in (None, "")), None)


def json_type(value: Any) -> str:
    """How a user would name the type of a JSON value."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


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
        return plausible(value.date())
    if isinstance(value, dt.date):
        return plausible(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_timestamp(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return plausible(_parse_date_text(value.strip()))


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
        return plausible(dt.datetime.fromtimestamp(seconds, dt.UTC).date())
    except (ValueError, OverflowError, OSError):
        return None


def plausible(date: dt.date | None) -> dt.date | None:
    """The date, when its year could be a publication's."""
    return date if date is not None and 1000 <= date.year <= 2999 else None
