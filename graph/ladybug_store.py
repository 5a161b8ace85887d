"""The embedded engine: LadybugDB (the maintained fork of Kùzu) in a folder on disk.

LadybugDB wants declared tables: ``Actor`` and ``Article`` node tables and one
relationship table per relation type, created from the ontology when the store opens
and on the fly when a new type is written. Relations are written from an Arrow table
(``LOAD FROM``), which costs far less than a parameter list of the same rows, after a
hash join on their ids has sorted them into new ones, changed ones and ones stored
exactly as given (which are left alone).

>>> import tempfile
>>> from actorgraph.graph.records import Actor
>>> store = LadybugStore(tempfile.mkdtemp(), relation_types=["WARNS"])
>>> store.upsert_actors([Actor(id="RUS", name="Russia", kind="state", code="RUS")])
1
>>> store.stats().nodes
{'Actor': 1}
>>> store.close()
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar, cast

import ladybug
import pyarrow as pa
import pyarrow.compute as pc

from actorgraph.graph.cypher_store import CypherStore, _as_schema
from actorgraph.graph.errors import GraphStoreError, QueryError, StoreLocked, StoreUnavailable, engine_message
from actorgraph.graph.queries import RELATION_PROPERTIES, LadybugCypher
from actorgraph.graph.records import Actor, Affiliation, Article, Mention
from actorgraph.graph.sandbox import SandboxTarget

__all__ = ["DATABASE_FILE", "LadybugStore"]

DATABASE_FILE = "actorgraph.lbdb"

# what the relation writes take: the ends, then the properties in their table's column order
_WRITTEN_COLUMNS = ["source_id", "target_id", *RELATION_PROPERTIES]
_TEXT = pa.string()
# the Arrow form of the records the node and structural-edge writes take (fields as the models name them)
_RECORD_SCHEMAS: dict[type, pa.Schema] = {
    Actor: pa.schema([("id", _TEXT), ("name", _TEXT), ("kind", _TEXT), ("code", _TEXT), ("country", _TEXT), ("sector", _TEXT),
                      ("role", _TEXT),
                      ("aliases", pa.list_(_TEXT)), ("reviewed", pa.bool_())]),
    Article: pa.schema([("id", _TEXT), ("title", _TEXT), ("url", _TEXT), ("source", _TEXT), ("published", pa.date32()),
                        ("ingested_at", pa.timestamp("us")), ("text_sha256", _TEXT)]),
    Mention: pa.schema([("article_id", _TEXT), ("actor_id", _TEXT), ("count", pa.int64())]),
    Affiliation: pa.schema([("actor_id", _TEXT), ("organisation_id", _TEXT), ("role", _TEXT)]),
}  # fmt: skip
_LOCK_MESSAGE = re.compile(r"Could not set lock on file(?:.*?PID (\d+))?", re.S)
_STRUCTURAL_TABLES = {"MENTIONS", "AFFILIATED_WITH"}
# LadybugDB checkpoints when its write-ahead log passes this size (16 MiB by default). A
# checkpoint rewrites every relation table that changed, whatever the size of the change
# (about 2 s per 10,000 relations in a 100,000-relation store), so fewer, larger ones make
# bulk writes several times faster. The cost: a crashed process leaves up to this much log
# to replay when the store is next opened (about 6 s for 128 MiB).
_CHECKPOINT_THRESHOLD = 128 * 2**20


class LadybugStore(CypherStore):
    """A graph store in ``folder``; one writing process at a time, as LadybugDB allows."""

    engine = "embedded"
    Q: ClassVar[type[LadybugCypher]] = LadybugCypher

    def __init__(
        self, folder: str | os.PathLike[str], relation_types: Iterable[str] = (), read_only: bool = False, create: bool = True
    ):
        self.location = str(folder)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._conn: ladybug.Connection | None = None
        self._db: ladybug.Database | None = None
        path = _database_path(Path(folder), must_exist=read_only or not create)
        self._open(path, read_only)
        if not read_only:
            for statement in self.Q.SCHEMA:
                self._run(statement)
            self._create_macros()
        tables = self._run(self.Q.SHOW_TABLES)
        self._types = {name for name, kind in tables if kind == "REL" and name not in _STRUCTURAL_TABLES}
        missing = self._missing_columns()
        # a store from before the corrections log lacks its table (a writable open has made it)
        if (missing or not any(name == "Correction" for name, _ in tables)) and read_only:
            # A store made by an earlier version: add its new columns once, then read it as asked.
            self.close()
            with contextlib.closing(LadybugStore(folder)):
                pass
            self._open(path, read_only)
        elif missing:
            for table, prop in missing:
                self._run(self.Q.add_column(table, prop))
        if not read_only:
            self.ensure_relation_types(relation_types)

    def _create_macros(self) -> None:
        defined = {row[0].upper() for row in self._run(self.Q.SHOW_MACROS)}
        for name, statement in self.Q.MACROS.items():
            if name not in defined:
                self._run(statement)

    def _open(self, path: Path, read_only: bool) -> None:
        try:
            self._db = ladybug.Database(str(path), read_only=read_only, checkpoint_threshold=_CHECKPOINT_THRESHOLD)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise _open_error(self.location, exc) from None

    def _missing_columns(self) -> list[tuple[str, str]]:
        """(table, column) pairs a store written by an earlier version lacks."""
        wanted = {**self.Q.COLUMNS, **dict.fromkeys(self._types, RELATION_PROPERTIES)}
        missing = []
        for table, columns in wanted.items():
            present = {row[0] for row in self._run(self.Q.table_columns(table))}
            missing += [(table, column) for column in columns if column not in present]
        return missing

    def close(self) -> None:
        self._close_query_sandbox()
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()
            db, self._db = self._db, None
            if db is not None:
                db.close()

    def _connection(self) -> ladybug.Connection:
        if self._conn is None:
            raise StoreUnavailable(f"the store {self.location} is closed")
        return self._conn

    def _run(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        with self._lock:
            try:
                result = self._connection().execute(query, params or {})
            except RuntimeError as exc:
                raise QueryError(engine_message(str(exc))) from None
            results = result if isinstance(result, list) else [result]
            return [row for r in results for row in _as_lists(r.get_all())]

    def _run_table(self, query: str, params: dict[str, Any], schema: pa.Schema) -> pa.Table:
        with self._lock:
            try:
                result = self._connection().execute(query, params)
            except RuntimeError as exc:
                raise QueryError(engine_message(str(exc))) from None
            assert not isinstance(result, list)  # one statement, one result
            table = result.get_as_arrow(chunk_size=1_000_000)
        return _as_schema(table.rename_columns(schema.names), schema)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            if getattr(self, "_in_transaction", False):
                yield
                return
            self._run("BEGIN TRANSACTION")
            self._in_transaction = True
            try:
                yield
            except BaseException:
                with contextlib.suppress(GraphStoreError):
                    self._run("ROLLBACK")
                raise
            else:
                self._run("COMMIT")
            finally:
                self._in_transaction = False

    def _create_relation_type(self, rel_type: str) -> None:
        if self.read_only:
            raise QueryError(f"the store is open read-only; cannot add relation type {rel_type}")
        self._run(self.Q.create_relation_table(rel_type))

    def _write_records(self, query: str, record: type, rows: list[dict[str, Any]]) -> int:
        # an Arrow table: LadybugDB reads it as a table (LOAD FROM), many times faster than a list of maps
        if rows:
            self._run(query, {"rows": pa.Table.from_pylist(rows, schema=_RECORD_SCHEMAS[record])})
        return len(rows)

    def _bulk_write_relations(self, rel_type: str, rows: pa.Table) -> None:
        ids = pa.table({"rid": rows.column("id")})
        stored = {row[0]: row for row in self._run(self.Q.stored_relations(rel_type), {"ids": ids})}
        if not stored:
            self._create_relations(rel_type, rows)
            return
        is_stored = pc.is_in(rows.column("id"), pa.array(list(stored), pa.string()))
        fresh = rows.filter(pc.invert(is_stored))
        if fresh.num_rows:
            self._create_relations(rel_type, fresh)
        # A relation stored with these very values is left alone: writing the same batch
        # again (re-ingesting) then costs one read, not an update per relation (~0.3 ms each).
        known = rows.filter(is_stored).select(list(RELATION_PROPERTIES)).to_pylist()
        changed = [row for row in known if list(row.values()) != stored[row["id"]]]
        if changed:
            self._run(self.Q.update_relations(rel_type), {"rows": changed})

    def _create_relations(self, rel_type: str, rows: pa.Table, into_empty: bool = False) -> None:
        query = self.Q.copy_relations(rel_type) if into_empty else self.Q.create_relations(rel_type)
        self._run(query, {"rows": rows.select(_WRITTEN_COLUMNS)})

    def data_marker(self) -> Hashable:
        # a commit grows the write-ahead log, a checkpoint rewrites the database file: their
        # sizes and times change with every write, and reading them costs no query
        files = []
        for path in sorted(Path(self.location).glob(DATABASE_FILE + "*")):
            with contextlib.suppress(FileNotFoundError):  # a checkpoint may remove the log meanwhile
                status = path.stat()
                files.append((path.name, status.st_size, status.st_mtime_ns))
        return tuple(files)

    def sandbox_target(self) -> SandboxTarget:
        folder = Path(self.location)
        return SandboxTarget(
            engine=self.engine, location=self.location, file=str(folder / DATABASE_FILE), readable=(str(folder.resolve()),)
        )


def _database_path(folder: Path, must_exist: bool) -> Path:
    if folder.exists() and not folder.is_dir():
        raise StoreUnavailable(f"{folder} is not a folder (the embedded store is a folder)")
    path = folder / DATABASE_FILE
    if must_exist and not path.exists():
        raise StoreUnavailable(
            f"no embedded store in {folder} (nothing has been written there yet: `actorgraph ingest` creates one)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the store folder {folder}: {exc.strerror}") from None
    return path


def _as_lists(rows: list[list[Any] | dict[str, Any]]) -> list[list[Any]]:
    """A result's rows, which are lists: the binding gives dicts only when asked (``rows_as_dict``)."""
    return cast("list[list[Any]]", rows)


def _open_error(location: str, exc: RuntimeError) -> StoreUnavailable:
    lock = _LOCK_MESSAGE.search(str(exc))
    if lock:
        holder = f" (pid {lock.group(1)})" if lock.group(1) else ""
        return StoreLocked(f"the store {location} is locked by another process{holder}; stop it or use another --store")
    return StoreUnavailable(f"cannot open the embedded store {location}: {engine_message(str(exc))}")
