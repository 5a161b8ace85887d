"""Cleaning: scraping junk (cookie banners, "Read more:" links, share prompts, …) out of the text.

The junk patterns are data, in ``ingest/data/boilerplate.yaml``; users add their own files.
Cleaning works on paragraphs (blocks separated by blank lines) and on the lines inside them:
a paragraph or line made entirely of junk goes, a real one stays byte for byte, except for
a known junk tail glued to its end. Paragraphs come out separated by exactly one blank line.

>>> clean_text("Russia warned the West.\\n\\nShare this article\\n\\nNATO replied.")
'Russia warned the West.\\n\\nNATO replied.'
>>> clean_text("Hungary refused its consent to the package.")
'Hungary refused its consent to the package.'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from actorgraph.ingest.datafiles import first_validation_error, read_yaml
from actorgraph.ingest.errors import ConfigError

__all__ = ["BoilerplatePatterns", "clean_text", "find_junk", "load_boilerplate"]

# Banners run to a few hundred characters; a longer stretch of text is never junk as a
# whole, and the bound keeps matching cheap on huge paragraphs.
_LONGEST_JUNK = 3000
# Tails are short labels; only the end of a line is searched for them.
_TAIL_WINDOW = 200
_SENTENCE_END = r"""(?<=[.!?…"”’)\]])"""
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class BoilerplatePatterns:
    """Compiled junk patterns: whole junk pieces, known tails, and what may separate pieces."""

    junk: tuple[re.Pattern[str], ...]
    tail: re.Pattern[str]
    separators: re.Pattern[str]

    def is_junk(self, text: str) -> bool:
        """True when ``text`` is made entirely of junk pieces.

        >>> patterns = load_boilerplate()
        >>> patterns.is_junk("Share this article: Facebook | X | Email")
        True
        >>> patterns.is_junk("Finland shares a border with Russia.")
        False
        """
        if len(text) > _LONGEST_JUNK:
            return False
        position, pieces = 0, 0
        while True:
            position = self._skip_separators(text, position)
            if position >= len(text):
                return pieces > 0
            step = self._longest_piece(text, position)
            if step <= position:
                return False
            position, pieces = step, pieces + 1

    def trim_tail(self, line: str) -> str:
        """``line`` without a known junk tail after its last sentence.

        >>> load_boilerplate().trim_tail("Kim warned the US. Accept Read More")
        'Kim warned the US.'
        """
        while match := self.tail.search(line, max(0, len(line) - _TAIL_WINDOW)):
            line = line[: match.start()]
        return line

    def _skip_separators(self, text: str, position: int) -> int:
        while (match := self.separators.match(text, position)) and match.end() > position:
            position = match.end()
        return position

    def _longest_piece(self, text: str, position: int) -> int:
        ends = [m.end() for p in self.junk if (m := p.match(text, position)) and _ends_on_boundary(text, m.end())]
        return max(ends, default=position)


def _ends_on_boundary(text: str, end: int) -> bool:
    # A piece may not stop inside a word: "ok" is a button, "okra" is not.
    return end >= len(text) or not (text[end - 1].isalnum() and text[end].isalnum())


def clean_text(text: str, patterns: BoilerplatePatterns | None = None) -> str:
    """``text`` without scraping junk; kept paragraphs are unchanged and one blank line apart.

    >>> clean_text("Kim warned the US.\\n\\n\\nRead more: Latest stories\\n\\nSeoul protested.")
    'Kim warned the US.\\n\\nSeoul protested.'
    """
    return _clean(text, patterns or load_boilerplate())[0]


def find_junk(text: str, patterns: BoilerplatePatterns | None = None) -> list[str]:
    """What :func:`clean_text` removes from ``text``, in order (to check a pattern file).

    >>> find_junk("Seoul protested. Accept Read More\\n\\nAdvertisement")
    ['Accept Read More', 'Advertisement']
    """
    return _clean(text, patterns or load_boilerplate())[1]


def _clean(text: str, patterns: BoilerplatePatterns) -> tuple[str, list[str]]:
    removed: list[str] = []
    kept = [_clean_block(block, patterns, removed) for block in _blocks(text)]
    return "\n\n".join("\n".join(lines) for lines in kept if lines), removed


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs as lists of lines; blank (or whitespace-only) lines separate them."""
    blocks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _clean_block(lines: list[str], patterns: BoilerplatePatterns, removed: list[str]) -> list[str]:
    whole = "\n".join(lines)
    if patterns.is_junk(whole.strip()):
        removed.append(whole.strip())
        return []
    kept = []
    for line in lines:
        if len(lines) > 1 and patterns.is_junk(line.strip()):
            removed.append(line.strip())
            continue
        trimmed = patterns.trim_tail(line)
        if trimmed != line:
            removed.append(line[len(trimmed) :].strip())
        kept.append(trimmed)
    return kept


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    match: str
    why: str = ""


class _PatternFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    separators: str | None = None
    words: dict[str, str] = Field(default_factory=dict)
    junk: list[_Entry] = Field(default_factory=list)
    tails: list[_Entry] = Field(default_factory=list)


def load_boilerplate(extra: Sequence[Path] = ()) -> BoilerplatePatterns:
    """The shipped junk patterns plus those of each file in ``extra``; loaded once, then cached.

    >>> patterns = load_boilerplate()
    >>> patterns is load_boilerplate()
    True
    >>> patterns.is_junk("We value your privacy. [Accept] [Reject]")
    True
    """
    return _load_cached(tuple(Path(path).resolve() for path in extra))


@functools.lru_cache(maxsize=8)
def _load_cached(extra: tuple[Path, ...]) -> BoilerplatePatterns:
    shipped = resources.files("actorgraph.ingest") / "data" / "boilerplate.yaml"
    files = [_read_pattern_file(shipped, "the shipped boilerplate patterns")]
    files += [_read_pattern_file(path, str(path)) for path in extra]
    return _compile(files)


def _read_pattern_file(path: Any, label: str) -> tuple[str, _PatternFile]:
    data = read_yaml(path, label)
    try:
        return label, _PatternFile.model_validate(data or {})
    except ValidationError as exc:
        raise ConfigError(f"{label}: {first_validation_error(exc)}") from None


def _compile(files: list[tuple[str, _PatternFile]]) -> BoilerplatePatterns:
    words: dict[str, str] = {}
    separators = ("built in", r"\s*")
    for label, pattern_file in files:
        words.update(pattern_file.words)
        if pattern_file.separators is not None:
            separators = (label, pattern_file.separators)
    junk = [_compile_one(label, entry.match, words, "junk") for label, f in files for entry in f.junk]
    tails = [_compile_one(label, entry.match, words, "tails") for label, f in files for entry in f.tails]
    tail_alternatives = "|".join(f"(?:{tail.pattern})" for tail in tails) or r"(?!)"
    return BoilerplatePatterns(
        junk=tuple(junk),
        tail=re.compile(rf"{_SENTENCE_END}\s+(?:{tail_alternatives})\s*$", re.IGNORECASE),
        separators=_compile_one(*separators, words, "separators", allow_empty=True),
    )


def _compile_one(label: str, pattern: str, words: dict[str, str], section: str, allow_empty: bool = False) -> re.Pattern[str]:
    expanded = _PLACEHOLDER.sub(lambda m: f"(?:{words[m[1]]})" if m[1] in words else m[0], pattern)
    try:
        compiled = re.compile(expanded, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{label}: {section} pattern {pattern!r} is not a valid regular expression ({exc})") from None
    if not allow_empty and compiled.fullmatch(""):
        raise ConfigError(f"{label}: {section} pattern {pattern!r} matches empty text")
    return compiled
