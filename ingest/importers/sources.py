"""Where imported rows come from: files (plain, ``.gz``, ``.zip``), folders and standard input.

>>> import gzip, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.tsv").write_text("x\\ty\\n")
>>> with gzip.open(folder / "b.tsv.gz", "wt") as out:
...     _ = out.write("z\\n")
>>> [(s.name, s.open().read()) for s in open_sources([folder]) if isinstance(s, Source)]
[('a.tsv', 'x\\ty\\n'), ('b.tsv.gz', 'z\\n')]
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from actorgraph.ingest.loaders import find_files
from actorgraph.ingest.records import LoadFailure

__all__ = ["Source", "open_sources"]


@dataclass(frozen=True)
class Source:
    """One stream of rows and the name messages give it (``day.zip:day.CSV`` for a zip member)."""

    name: str
    open: Callable[[], IO[str]]


def open_sources(paths: Sequence[str | Path], stdin: BinaryIO | None = None) -> Iterator[Source | LoadFailure]:
    """Every input named: ``-`` is standard input, folders are read recursively in name order,
    ``.gz`` files are decompressed and each file in a ``.zip`` is one source."""
    for path in paths:
        if str(path) == "-":
            stream = stdin or sys.stdin.buffer
            yield Source("stdin", lambda stream=stream: _text(stream))  # type: ignore[misc]
            continue
        for found in find_files(path):
            if isinstance(found, LoadFailure):
                yield found
            else:
                yield from _file_sources(*found)


def _file_sources(name: str, path: Path) -> Iterator[Source | LoadFailure]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                members = [m.filename for m in archive.infolist() if not m.is_dir() and not Path(m.filename).name.startswith(".")]
        except (OSError, zipfile.BadZipFile) as exc:
            yield LoadFailure(name=name, reason=f"not a readable zip file ({exc})")
            return
        for member in members:
            yield Source(f"{name}:{member}", lambda member=member: _text(zipfile.ZipFile(path).open(member)))  # type: ignore[misc]
    elif suffix == ".gz":
        yield Source(name, lambda: _text(gzip.open(path, "rb")))  # type: ignore[arg-type]
    else:
        yield Source(name, lambda: _text(open(path, "rb")))


def _text(stream: IO[bytes]) -> IO[str]:
    # a byte that is not UTF-8 becomes U+FFFD: the row is kept, its odd name shows the problem
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
