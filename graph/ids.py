"""Deterministic ids: the same thing always gets the same id, so re-writing changes nothing.

>>> slugify("Kim Jong-un")
'kim-jong-un'
>>> stable_hash("a", "b") == stable_hash("a", "b")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["article_id", "relation_id", "slugify", "stable_hash", "text_sha256"]

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; non-Latin text falls back to a hash.

    >>> slugify("Recep Tayyip Erdoğan")
    'recep-tayyip-erdogan'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    return slug or "x-" + stable_hash(text)[:12]


def stable_hash(*parts: object) -> str:
    """A hex SHA-256 of the parts, separated so that ("ab", "c") differs from ("a", "bc")."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def text_sha256(text: str) -> str:
    """SHA-256 of a document's cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(url: str | None, text: str) -> str:
    """An article is its URL when it has one (so an updated page replaces the old one), else its text.

    >>> article_id("https://example.org/a", "x") == article_id("https://example.org/a", "y")
    True
    """
    key = url.strip() if url and url.strip() else "sha256:" + text_sha256(text)
    return "art-" + stable_hash(key)[:20]


def relation_id(article: str | None, rel_type: str, source: str, target: str, start: int | None, end: int | None) -> str:
    """One relation per article, type, ordered pair and evidence span."""
    return "rel-" + stable_hash(article, rel_type, source, target, start, end)[:24]
