"""A forgiving HTML-to-text pass for fragments (feed entries, HTML inside JSON or CSV fields)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from actorgraph.ingest.loaders.decoding import HEAD_BYTES

__all__ = ["HtmlText", "looks_like_html"]

_HTML_TAG = re.compile(r"<(?:p|div|br|span|a|b|i|em|strong|li|h[1-6])\b[^>]{0,500}>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when a text field holds HTML markup rather than plain text.

    >>> looks_like_html("<p>Russia warned.</p>"), looks_like_html("3 < 4 and 5 > 2")
    (True, False)
    """
    return _HTML_TAG.search(text[:HEAD_BYTES]) is not None


class HtmlText(HTMLParser):
    """The stdlib parser: no recursion, so any nesting depth is read."""

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

        >>> HtmlText.to_text("<p>Russia warned the <b>West</b>.</p><p>NATO&nbsp;replied.<br>Again.</p>")
        'Russia warned the West.\\n\\nNATO replied.\\nAgain.'
        """
        parser = cls._fed(html)
        paragraphs = re.split(r"\n[ \t]*\n\s*", "".join(parser.parts))
        cleaned = ("\n".join(" ".join(line.split()) for line in p.split("\n") if line.strip()) for p in paragraphs)
        return "\n\n".join(p for p in cleaned if p)

    @classmethod
    def menu_words(cls, html: str) -> list[str]:
        """The words of a page's links, menus, headers and footers, lower-cased."""
        return " ".join(cls._fed(html).menu_parts).lower().split()

    @classmethod
    def _fed(cls, html: str) -> HtmlText:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser
