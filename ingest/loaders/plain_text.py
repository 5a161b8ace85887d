"""Plain text (``.txt``, ``.text``, and anything sniffed as text): a headline-like first line is the title too."""

from __future__ import annotations

from collections.abc import Iterator

from actorgraph.ingest.loaders.base import Format, Item, Options, Source
from actorgraph.ingest.loaders.decoding import normalise, read_document_text
from actorgraph.ingest.loaders.fields import document

__all__ = ["FORMAT", "headline"]


def load(source: Source, options: Options) -> Iterator[Item]:
    text = normalise(read_document_text(source, options))
    yield document(source.name, text, options, title=headline(text))


def headline(text: str) -> str | None:
    """The first line when it reads as a headline: short, no final full stop, then a blank line.

    The headline stays in the text too: it is the article's first paragraph.

    >>> headline("Kremlin warns Washington\\n\\nRussia warned the US.")
    'Kremlin warns Washington'
    >>> headline("Russia warned the US.\\n\\nIt did so again.") is None
    True
    """
    first, _, rest = text.partition("\n")
    first = first.strip()
    blank_next = rest.partition("\n")[0].strip() == "" and rest.strip() != ""
    if first and len(first) <= 200 and not first.endswith(".") and blank_next:
        return first
    return None


# Text is the fallback: content no other format sniffs as its own loads as text.
FORMAT = Format("text", (".txt", ".text"), load, sniff=lambda head: True)
