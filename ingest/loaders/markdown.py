"""Markdown (``.md``, ``.markdown``): YAML front matter for metadata, markdown syntax lightly stripped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from actorgraph.ingest.loaders.base import Format, Item, Options, Problem, Source
from actorgraph.ingest.loaders.decoding import normalise, read_document_text
from actorgraph.ingest.loaders.fields import document, metadata

__all__ = ["FORMAT", "strip_markdown"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIRST_HEADING = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_BLOCKS = [
    (re.compile(r"^ {0,3}\[[^\]\n]{1,200}\]:[ \t]*\S+.*$", re.MULTILINE), ""),  # link reference definitions
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}(?:={2,}|-{2,})[ \t]*$", re.MULTILINE), ""),  # setext underlines, rules
    (re.compile(r"^ {0,3}(?:[*_][ \t]*){3,}$", re.MULTILINE), ""),  # thematic breaks
    (re.compile(r"^ {0,3}(?:```|~~~).*$", re.MULTILINE), ""),  # code fences (their content stays)
    (re.compile(r"^ {0,3}>[ \t]?", re.MULTILINE), ""),  # blockquote markers
]
_INLINE = [
    (re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)"), ""),  # images
    (re.compile(r"\[([^\]\n]{1,500})\]\([^)\n]{0,2000}\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]\n]{1,500})\]\[[^\]\n]{0,200}\]"), r"\1"),  # [text][ref]
    (re.compile(r"(\*\*|__)(?=\S)([^\n]{1,500}?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^\n*]{1,500}?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^\n_]{1,500}?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"~~(?=\S)([^\n]{1,500}?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"`([^`\n]{1,500})`"), r"\1"),  # inline code
]


def load(source: Source, options: Options) -> Iterator[Item]:
    meta, body = _front_matter(normalise(read_document_text(source, options)))
    heading = _FIRST_HEADING.search(body)
    title = meta.get("title") or (_strip_inline(heading[1]) if heading else None)
    yield document(source.name, strip_markdown(body), options, **metadata(meta, title=title))


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match[1] or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark else ""
        raise Problem(f"front matter is not valid YAML ({getattr(exc, 'problem', None) or 'syntax error'}{where})") from None
    except RecursionError:
        raise Problem("front matter is nested too deeply to read") from None
    if not isinstance(meta, dict):
        raise Problem("front matter is not a mapping of fields (title: …, published: …)")
    return {str(key).lower(): value for key, value in meta.items()}, text[match.end() :]


def strip_markdown(text: str) -> str:
    """Markdown reduced to its words: headings, emphasis, links and images lightly stripped.

    >>> strip_markdown("# Kremlin warns\\n\\n**Russia** warned [the US](https://x.org) ![map](m.png)today.")
    'Kremlin warns\\n\\nRussia warned the US today.'
    """
    for pattern, replacement in _BLOCKS:
        text = pattern.sub(replacement, text)
    text = _strip_inline(text)
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip()


def _strip_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)


FORMAT = Format("markdown", (".md", ".markdown"), load)
