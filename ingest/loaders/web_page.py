"""Web pages (``.html``, ``.htm``, ``.xhtml``): the main text and metadata via trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from actorgraph.ingest.loaders.base import Format, Item, Options, Problem, Source, markup_kind, one_line
from actorgraph.ingest.loaders.decoding import read_document_text
from actorgraph.ingest.loaders.fields import document
from actorgraph.ingest.loaders.html_text import HtmlText

__all__ = ["FORMAT", "html_article"]

# Extracted "article" text mostly made of link and menu text is navigation, not an article.
_MENU_SHARE = 0.8


def load(source: Source, options: Options) -> Iterator[Item]:
    text, meta = html_article(read_document_text(source, options))
    yield document(source.name, text, options, **meta)


def html_article(html: str) -> tuple[str, dict[str, Any]]:
    """The main text of a web page (menus, footers and the like left out) and its metadata."""
    from trafilatura import bare_extraction

    try:
        result = bare_extraction(html, with_metadata=True, include_comments=False)
    except RecursionError:
        raise
    except Exception as exc:
        raise Problem(f"no article text found (the page could not be parsed: {one_line(exc)})") from None
    text = _paragraphs(getattr(result, "text", None) or "")
    if not text or _is_menu_text(text, html):
        raise Problem("no article text found")
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
    menu_text = " ".join(HtmlText.menu_words(html))
    paragraphs = [" ".join(p.lower().split()) for p in text.split("\n\n")]
    menu_chars = sum(len(p) for p in paragraphs if p in menu_text)
    return menu_chars >= _MENU_SHARE * sum(len(p) for p in paragraphs)


# An <html> root wins over a .txt, .md or feed suffix; any markup with no telling suffix is a page.
FORMAT = Format(
    "html",
    (".html", ".htm", ".xhtml"),
    load,
    recognise=lambda head: markup_kind(head) == "html",
    beats=frozenset({"text", "markdown", "feed"}),
    sniff=lambda head: head.startswith("<"),
)
