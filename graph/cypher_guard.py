"""The lexical half of read-only querying; the engines add the other half.

Both engines also run user queries in a read-only transaction (Neo4j's READ access mode,
LadybugDB's ``BEGIN TRANSACTION READ ONLY``). That alone is not enough: LadybugDB lets
``COPY … TO`` write files and ``LOAD FROM`` read them inside a read-only transaction, and
either engine would accept several statements at once. So the query is first scanned with
strings and comments taken out, and refused if any clause could write or reach outside
the store.

>>> check_read_only("MATCH (a:Actor) RETURN a.name // CREATE is fine in a comment")
>>> check_read_only("match (a) detach delete a")
Traceback (most recent call last):
...
graph.errors.ReadOnlyViolation: read-only: DETACH is not allowed here (queries cannot change the store)
"""

from __future__ import annotations

import re

from graph.errors import QueryError, ReadOnlyViolation

__all__ = ["READ_ONLY_PROCEDURES", "check_read_only", "code_words"]

# Clauses that write, reach the file system or another database, or manage transactions.
_FORBIDDEN = frozenset(
    """
    CREATE MERGE SET DELETE DETACH REMOVE DROP ALTER FOREACH LOAD COPY IMPORT EXPORT ATTACH
    INSTALL UNINSTALL USE GRANT DENY REVOKE TERMINATE BEGIN COMMIT ROLLBACK CHECKPOINT
    TRANSACTIONS RENAME ENABLE DISABLE
    """.split()
)

# Procedures known to only read the catalogue; every other CALL is refused.
READ_ONLY_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "show_tables",
        "table_info",
        "show_connection",
        "show_functions",
    }
)

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<semicolon>;)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def code_words(query: str) -> list[tuple[str, str]]:
    """Tokens of ``query`` outside strings and comments, as (kind, text) pairs.

    >>> [t for k, t in code_words("RETURN 'CREATE' /* SET */ AS x") if k == "word"]
    ['RETURN', 'AS', 'x']
    """
    tokens = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind in ("comment", "string") or (kind == "other" and match.group().isspace()):
            continue
        tokens.append((kind, match.group()))
    return tokens


def check_read_only(query: str) -> None:
    """Raise :class:`ReadOnlyViolation` unless ``query`` is one statement that only reads."""
    if not query or not query.strip():
        raise QueryError("empty query")
    tokens = code_words(query)
    if not tokens:
        raise QueryError("the query holds only comments")
    _refuse_several_statements(tokens)
    for index, (kind, text) in enumerate(tokens):
        if kind != "word" or _is_name(tokens, index):
            continue
        word = text.upper()
        if word in _FORBIDDEN:
            raise ReadOnlyViolation(f"read-only: {word} is not allowed here (queries cannot change the store)")
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
