"""Bytes to text for every loader: size limits, byte-order marks, legacy encodings, binary refused."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable

from actorgraph.ingest.loaders.base import MAX_CHARS_VARIABLE, Options, Problem, Source

__all__ = [
    "BINARY",
    "HEAD_BYTES",
    "bom_codec",
    "decode",
    "head_text",
    "is_binary",
    "legacy_encoding",
    "normalise",
    "read_collection_bytes",
    "read_document_text",
    "read_head",
]

HEAD_BYTES = 64 * 1024
BINARY = "not a text document (binary)"

# UTF-32-LE's mark begins with UTF-16-LE's, so it is tried first.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def bom_codec(start: bytes) -> str | None:
    """The encoding a byte-order mark at ``start`` names, if any."""
    return next((codec for bom, codec in _BOMS if start.startswith(bom)), None)


def _without_bom(data: bytes) -> tuple[str | None, bytes]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, data[len(bom) :]
    return None, data


def read_head(source: Source) -> bytes:
    """The first bytes of an input, enough to tell its format."""
    with source.open() as raw:
        return raw.read(HEAD_BYTES)


def head_text(head: bytes) -> str:
    codec, rest = _without_bom(head)
    return rest.decode(codec or "utf-8", "replace").lstrip()


def is_binary(head: bytes) -> bool:
    if bom_codec(head) is not None:
        return False
    controls = sum(head.count(bytes([code])) for code in (*range(0, 9), *range(14, 32), 127))
    return b"\x00" in head or controls > len(head) // 10


def _read_bytes(source: Source, limit: int, too_big: Callable[[int], str]) -> bytes:
    """The whole input, refused from its size alone when over ``limit``."""
    size = source.size()
    if size > limit:
        raise Problem(too_big(size))
    with source.open() as raw:
        data = raw.read(limit + 1)
    if len(data) > limit:
        raise Problem(too_big(len(data)))
    return data


def read_document_text(source: Source, options: Options) -> str:
    """The text of an input that holds one document, refused unread when it cannot fit the limit."""

    def too_big(size: int) -> str:
        return f"{size:,} bytes, too big for the {options.max_chars:,}-character limit ({MAX_CHARS_VARIABLE}); not read"

    return decode(_read_bytes(source, options.document_bytes, too_big))


def read_collection_bytes(source: Source, options: Options) -> bytes:
    """The bytes of an input that holds many documents and is read whole (a JSON array, a feed)."""

    def too_big(size: int) -> str:
        return (
            f"{size:,} bytes, over the {options.collection_bytes:,}-byte limit for a file read whole; split it or use JSON Lines"
        )

    return _read_bytes(source, options.collection_bytes, too_big)


def decode(data: bytes) -> str:
    """Text from bytes: a BOM's encoding, else UTF-8, else a detected legacy encoding.

    >>> decode("Kyiv".encode("utf-16")), decode("Genève".encode("cp1252"))
    ('Kyiv', 'Genève')
    """
    codec, rest = _without_bom(data)
    if codec is not None:
        return rest.decode(codec, "replace")
    if is_binary(data[:HEAD_BYTES]) or b"\x00" in data:
        raise Problem(BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(legacy_encoding(data), "replace")


def legacy_encoding(data: bytes) -> str:
    """The encoding of text that is not UTF-8.

    Where non-ASCII bytes are sparse (a Western language with accents and smart quotes),
    cp1252 is by far the likeliest and charset-normalizer guesses poorly on so little
    evidence; where they are dense (Cyrillic, Greek, …), charset-normalizer decides.
    """
    sample = data[:HEAD_BYTES]
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


def normalise(text: str) -> str:
    """``\\n`` newlines, NFC, no control characters, no surrounding whitespace.

    A lone surrogate (JSON's ``"\\udcff"``) becomes U+FFFD: it cannot be encoded, so spaCy,
    hashing and the store would all fail on it.

    >>> normalise(" Kyiv\\r\\n\\udcff ")
    'Kyiv\\n\\ufffd'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _LONE_SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text.translate(_CONTROLS)).strip()
