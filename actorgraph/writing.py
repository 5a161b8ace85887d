"""Files an analyst asks for: written whole or not at all, never inside the store, and CSV
that a spreadsheet cannot run.

A file is written to a temporary file beside its target and renamed into place, so a failing
write (a full disk, a file-size limit) leaves the old file as it was. Special files (a
terminal, ``/dev/stdout``, a named pipe) are written in place: there is nothing to rename.

>>> import tempfile
>>> from pathlib import Path
>>> target = Path(tempfile.mkdtemp()) / "rows.csv"
>>> with atomic_output(target) as handle:
...     write_csv(handle, ["name", "note"], [["=HYPERLINK(\\"http://x\\")", "-4.5"]])
>>> target.read_text().splitlines()
['name,note', '"\\'=HYPERLINK(""http://x"")",-4.5']
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = ["FORMULA_STARTS", "OutputError", "atomic_output", "refuse_inside", "spreadsheet_safe", "write_csv"]

# What makes Excel, LibreOffice and Google Sheets read a cell as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


class OutputError(ValueError):
    """The file cannot be written; the message says why in one line."""


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe.

    Numbers, and text that is just a number ("-4.5"), are left as they are.

    >>> [spreadsheet_safe(v) for v in ("=1+1", "@SUM(A1)", "+cmd", "-2+3", "\\tx", "-4.5", -4.5, "Kyiv", None)]
    ["'=1+1", "'@SUM(A1)", "'+cmd", "'-2+3", "'\\tx", '-4.5', -4.5, 'Kyiv', None]
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(handle: IO[str], columns: Sequence[str], rows: Iterable[Sequence[Any]], lineterminator: str = "\r\n") -> None:
    """A header and rows as CSV, every cell (the header's too) made :func:`spreadsheet_safe`."""
    writer = csv.writer(handle, lineterminator=lineterminator)
    writer.writerow([spreadsheet_safe(c) for c in columns])
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)


def refuse_inside(target: str | os.PathLike[str], folder: str | os.PathLike[str], what: str) -> None:
    """OutputError when ``target`` is ``folder`` or lies inside it, symbolic links followed.

    >>> refuse_inside("/tmp/store/x.csv", "/tmp/store", "the store")
    Traceback (most recent call last):
    ...
    actorgraph.writing.OutputError: cannot write /tmp/store/x.csv: it is inside the store (/tmp/store); write it elsewhere
    """
    inside = Path(folder).resolve()
    if Path(target).resolve().is_relative_to(inside):
        raise OutputError(f"cannot write {target}: it is inside {what} ({folder}); write it elsewhere")


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str], binary: bool = False) -> Iterator[IO[Any]]:
    """A handle to write ``target`` with: its content replaces the file only once all of it
    is written (a symbolic link is followed, and stays); on any failure the old file is left
    as it was, and an :class:`OutputError` says why in one line.
    """
    path = Path(target)
    final = path.resolve() if path.is_symlink() else path
    if final.exists() and not final.is_file() and not final.is_dir():
        with _reported(path), open(final, "wb" if binary else "w", **_text(binary)) as handle:
            yield handle  # a device or a pipe: written in place
        return
    temporary = final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")
    try:
        with _reported(path):
            # created like any new file (the umask applies); an existing file's mode is kept
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with open(descriptor, "wb" if binary else "w", **_text(binary)) as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            if final.is_file():
                os.chmod(temporary, stat.S_IMODE(final.stat().st_mode))
            os.replace(temporary, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _text(binary: bool) -> dict[str, Any]:
    return {} if binary else {"encoding": "utf-8", "newline": ""}


@contextlib.contextmanager
def _reported(path: Path) -> Iterator[None]:
    try:
        yield
    except IsADirectoryError:
        raise OutputError(f"cannot write {path}: it is a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
