"""The corrections log: who merged, reviewed or renamed which actor, and when.

Every correction an analyst makes is kept in the store as a ``Correction`` node, written in
the same transaction as the change itself, with what undoing it needs. This module holds
what the engines share about it: making a new record, who made it, and the JSON Lines form
that moves a log from one store to another (``actorgraph corrections export|import``).

>>> import io
>>> c = new_correction("rename", "shahed", made_by="ana", name="Shahed Aviation Industries")
>>> c.kind, c.made_by, c.undone
('rename', 'ana', False)
>>> [r.summary() for r in read_jsonl(io.StringIO(to_jsonl(c)))]
["rename shahed to 'Shahed Aviation Industries'"]
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from pydantic import ValidationError

from actorgraph.graph.errors import QueryError
from actorgraph.graph.queries import CORRECTION_PROPERTIES
from actorgraph.graph.records import Correction, CorrectionKind, StoreBefore

__all__ = ["correction_from_row", "correction_params", "new_correction", "os_user", "read_jsonl", "to_jsonl", "undone"]

# the fields a log moved to another store carries: what undo needs is the source store's own
_EXPORTED = set(Correction.model_fields) - {"before", "seq"}


def os_user() -> str:
    """The name of the user running this process (who made a correction from the command line).

    >>> bool(os_user())
    True
    """
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry for the uid (a container)
        return os.environ.get("USER") or f"uid {os.getuid()}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def new_correction(kind: CorrectionKind, actor_id: str, made_by: str | None = None, **fields: Any) -> Correction:
    """A correction made now, by ``made_by`` (this process's user when not given), with a fresh id.

    >>> new_correction("review", "RUS", made_by="ana", reviewed=True).summary()
    'mark RUS reviewed'
    """
    try:
        return Correction(
            id=uuid.uuid4().hex, kind=kind, actor_id=actor_id, made_by=made_by or os_user(), made_at=_now(), **fields
        )
    except ValidationError as exc:  # an id or a name no actor can have
        raise QueryError(f"cannot {kind}: {_first_error(exc)}") from None


def undone(correction: Correction, made_by: str | None = None) -> Correction:
    """The correction marked undone now, by ``made_by``."""
    return correction.model_copy(update={"undone_by": made_by or os_user(), "undone_at": _now()})


def correction_params(correction: Correction) -> dict[str, Any]:
    """The log node's properties (:data:`CORRECTION_PROPERTIES`) of a correction.

    >>> params = correction_params(new_correction("review", "RUS", made_by="ana", reviewed=False))
    >>> params["kind"], params["reviewed"], params["before"]
    ('review', False, None)
    """
    values = correction.model_dump(exclude={"before"})
    for field in ("made_at", "undone_at"):
        values[field] = values[field].isoformat() if values[field] is not None else None
    values["before"] = correction.before.model_dump_json() if correction.before is not None else None
    return {p: values[p] for p in CORRECTION_PROPERTIES}


def correction_from_row(row: list[Any]) -> Correction:
    """A :class:`Correction` from its log node's properties, in :data:`CORRECTION_PROPERTIES` order."""
    values = dict(zip(CORRECTION_PROPERTIES, row, strict=True))
    before = values.pop("before")
    return Correction.model_validate(
        {k: v for k, v in values.items() if v is not None}
        | {"before": StoreBefore.model_validate_json(before) if before else None}
    )


def to_jsonl(*corrections: Correction) -> str:
    """Corrections as JSON Lines, one a line, without what undo needs in the store they came from."""
    return "".join(c.model_dump_json(include=_EXPORTED) + "\n" for c in corrections)


def read_jsonl(stream: TextIO | Iterable[str]) -> Iterator[Correction]:
    """The corrections of a JSON Lines file; a bad line is a :class:`QueryError` naming it."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            yield Correction.model_validate({k: v for k, v in data.items() if k in _EXPORTED})
        except (ValueError, ValidationError) as exc:
            reason = _first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            raise QueryError(f"line {number}: not a correction ({reason})") from None


def _first_error(exc: ValidationError) -> str:
    """ "merged_id: Field required": the first thing wrong with a record, by field."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])
