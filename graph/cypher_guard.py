"""A fast first refusal of user queries that plainly write, with a message that says why.

This scan protects nothing on its own: a user query runs in a confined worker
(:mod:`actorgraph.graph.sandbox`) where the engine's plan, a read-only handle and the kernel
decide what it may do, whatever its text. The scan only answers the common cases at once and
in the user's terms, before a worker is asked.

>>> check_read_only("MATCH (a:Actor) RETURN a.name // CREATE is fine in a comment")
>>> check_read_only("match (a) detach delete a")
Traceback (most recent call last):
...
actorgraph.graph.errors.ReadOnlyViolation: read-only: DETACH is not allowed here (queries cannot change the store)

The engines do not read a query text quite alike, and the scan must see every clause either
of them could see. Neo4j decodes ``\\uXXXX`` escapes anywhere in the text before parsing
(``\\u0052ETURN`` is RETURN, and ``\\u0027`` ends a string) and ends a ``//`` comment at a
carriage return; LadybugDB decodes escapes only inside strings and ends comments at a
newline. So the query is scanned as each engine reads it, and an escape that would move the
border of a string, comment or statement is refused outright.
"""

from __future__ import annotations

import re

from actorgraph.graph.errors import QueryError, ReadOnlyViolation
from actorgraph.graph.plans import LADYBUG_TABLE_FUNCTIONS
from actorgraph.graph.plans import READ_ONLY_PROCEDURES as _NEO4J_PROCEDURES

__all__ = ["READ_ONLY_PROCEDURES", "check_read_only", "code_words", "engine_readings"]

# Clauses refused at once, each with the reason shown to the user.
_REASONS = {
    "writes": "queries cannot change the store",
    "reach": "queries may only read this store, not files, extensions or other databases",
    "admin": "administration commands are not available here",
    "transactions": "each query runs in a read-only transaction of its own",
}
_FORBIDDEN = {
    **dict.fromkeys("CREATE MERGE SET DELETE DETACH REMOVE DROP ALTER FOREACH RENAME".split(), _REASONS["writes"]),
    **dict.fromkeys("LOAD COPY IMPORT EXPORT ATTACH INSTALL UNINSTALL USE".split(), _REASONS["reach"]),
    **dict.fromkeys("GRANT DENY REVOKE TERMINATE ENABLE DISABLE".split(), _REASONS["admin"]),
    **dict.fromkeys("BEGIN COMMIT ROLLBACK CHECKPOINT TRANSACTIONS".split(), _REASONS["transactions"]),
}

# Procedures known to only read the catalogue; every other CALL is refused (the plan check
# in the worker decides in the end; this list only makes the refusal early and clear).
READ_ONLY_PROCEDURES = _NEO4J_PROCEDURES | {name.lower() for name in LADYBUG_TABLE_FUNCTIONS if name != "READ_FTABLE"}

_TOKEN_PATTERN = r"""
    (?P<comment>//[^{line_end}]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<semicolon>;)
  | (?P<other>.)
    """
# LadybugDB ends a line comment at a newline only; Neo4j at a carriage return too.
_TOKEN = re.compile(_TOKEN_PATTERN.format(line_end="\\n"), re.VERBOSE | re.DOTALL)
_TOKEN_CR = re.compile(_TOKEN_PATTERN.format(line_end="\\r\\n"), re.VERBOSE | re.DOTALL)
# A backslash starts an escape only after an even run of backslashes (Java's rule); the scan
# also reads every backslash as starting one, in case a parser does not follow that rule.
_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u+([0-9A-Fa-f]{4})")
_ANY_UNICODE_ESCAPE = re.compile(r"()\\u+([0-9A-Fa-f]{4})")
# What an escape may stand for: characters that cannot open or close a string, comment or statement.
_HARMLESS_ESCAPED = re.compile(r"[\w \-+,.:()\[\]{}<>=!?&|^%#@$~]", re.ASCII)


def code_words(query: str, pattern: re.Pattern[str] = _TOKEN) -> list[tuple[str, str]]:
    """Tokens of ``query`` outside strings and comments, as (kind, text) pairs.

    >>> [t for k, t in code_words("RETURN 'CREATE' /* SET */ AS x") if k == "word"]
    ['RETURN', 'AS', 'x']
    """
    tokens = []
    for match in pattern.finditer(query):
        kind = match.lastgroup or "other"  # every alternative of the pattern is a named group
        if kind in ("comment", "string") or (kind == "other" and match.group().isspace()):
            continue
        tokens.append((kind, match.group()))
    return tokens


def check_read_only(query: str) -> None:
    """Raise :class:`ReadOnlyViolation` unless ``query`` is one statement that only reads.

    >>> check_read_only("WITH 1 AS x \\u0043REATE (n)")
    Traceback (most recent call last):
    ...
    actorgraph.graph.errors.ReadOnlyViolation: read-only: CREATE is not allowed here (queries cannot change the store)
    """
    if not query or not query.strip():
        raise QueryError("empty query")
    if not code_words(query):
        raise QueryError("the query holds only comments")
    _refuse_structural_escapes(query)
    for text, pattern in engine_readings(query):
        _check_tokens(code_words(text, pattern))


def engine_readings(query: str) -> list[tuple[str, re.Pattern[str]]]:
    r"""The query as LadybugDB reads it and as Neo4j does (escapes decoded, CR ends comments).

    >>> [text for text, _ in engine_readings(r"R\u0045TURN 1")]
    ['R\\u0045TURN 1', 'RETURN 1']
    """
    readings = [(query, _TOKEN)]
    for escape in (_UNICODE_ESCAPE, _ANY_UNICODE_ESCAPE):
        decoded = escape.sub(lambda m: m.group(1) + chr(int(m.group(2), 16)), query)
        if (decoded, _TOKEN_CR) not in readings:
            readings.append((decoded, _TOKEN_CR))
    return readings


def _refuse_structural_escapes(query: str) -> None:
    for match in _ANY_UNICODE_ESCAPE.finditer(query):
        char = chr(int(match.group(2), 16))
        if char.isascii() and not _HARMLESS_ESCAPED.fullmatch(char):
            shown = match.group(0)
            raise ReadOnlyViolation(
                f"read-only: the escape {shown} stands for {char!r}, which could hide a clause; write the character itself"
            )


def _check_tokens(tokens: list[tuple[str, str]]) -> None:
    _refuse_several_statements(tokens)
    for index, (kind, text) in enumerate(tokens):
        if kind != "word" or _is_name(tokens, index):
            continue
        word = text.upper()
        if word in _FORBIDDEN:
            raise ReadOnlyViolation(f"read-only: {word} is not allowed here ({_FORBIDDEN[word]})")
        if word == "CALL":
            _check_procedure(tokens, index)


def _refuse_several_statements(tokens: list[tuple[str, str]]) -> None:
    for index, (kind, _) in enumerate(tokens):
        if kind == "semicolon" and index != len(tokens) - 1:
            raise ReadOnlyViolation("read-only: one statement at a time (found ';' between statements)")


def _is_name(tokens: list[tuple[str, str]], index: int) -> bool:
    """A word right after '.', ':' or '$' is a property, label or parameter, not a clause."""
    return index > 0 and tokens[index - 1][1] in (".", ":", "$")


def _check_procedure(tokens: list[tuple[str, str]], index: int) -> None:
    following = tokens[index + 1] if index + 1 < len(tokens) else ("other", "")
    if following[1] == "{":
        return  # a subquery: its own clauses are checked like the rest
    name = re.sub(r"\s+", "", following[1]).lower()
    if following[0] != "word" or name not in READ_ONLY_PROCEDURES:
        shown = following[1] or "(nothing)"
        raise ReadOnlyViolation(f"read-only: CALL {shown} is not allowed here (only catalogue procedures may be called)")
