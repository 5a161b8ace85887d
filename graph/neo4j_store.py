"""The server engine: Neo4j 5 through the official driver over Bolt.

Writes are batched ``UNWIND $rows … MERGE`` statements; ids are unique by node
constraint and by relationship-property constraint (one per relation type), created
when the store connects. User queries run in a READ access-mode transaction with a
server-side timeout.

>>> store = Neo4jStore("bolt://127.0.0.1:7687", user="neo4j", password="actorgraph-test")  # doctest: +SKIP
>>> store.stats().nodes  # doctest: +SKIP
{}
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit

import neo4j
import pyarrow as pa
from neo4j import exceptions as neo4j_errors

from actorgraph.graph.cypher_store import CypherStore
from actorgraph.graph.errors import (
    GraphStoreError,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreAuthError,
    StoreUnavailable,
    first_line,
)
from actorgraph.graph.queries import Neo4jCypher
from actorgraph.graph.sandbox import SandboxTarget

__all__ = ["Neo4jStore"]

_STRUCTURAL = {"MENTIONS", "AFFILIATED_WITH"}
_CONNECTION_ERRORS = (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError)
_DATE_COLUMN = Neo4jCypher.RELATION_COLUMNS.index("date")
_ID_COLUMN = Neo4jCypher.RELATION_COLUMNS.index("id")
_DEFAULT_BOLT_PORT = 7687


class Neo4jStore(CypherStore):
    """A graph store on a Neo4j server."""

    engine = "neo4j"
    Q: ClassVar[type[Neo4jCypher]] = Neo4jCypher
    # a transaction's memory is bounded on the server (dbms.memory.transaction.total.max)
    BULK_WRITE_IN_ONE_TRANSACTION = False

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        relation_types: Iterable[str] = (),
        connection_timeout_s: float = 5.0,
    ):
        self.location = uri
        self._database = database or None
        self._local = threading.local()
        self._sessions_open = 0
        self._sessions_closed = threading.Condition()
        self._driver: neo4j.Driver | None = None
        self._user, self._password = user, password
        auth = (user or "neo4j", password or "") if (user or password) else None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=connection_timeout_s,
                max_transaction_retry_time=10.0,
                notifications_min_severity="OFF",  # the server's hints are for developers, not analysts
            )
            self._driver.verify_connectivity()
        except Exception as exc:  # the driver raises many types for a bad address or credentials
            raise _connect_error(uri, exc) from None
        for statement in self.Q.SCHEMA:
            self._run(statement)
        constrained = {t for row in self._run(self.Q.SHOW_RELATION_CONSTRAINTS) for t in (row[0] or [])}
        used = {row[0] for row in self._run(self.Q.RELATIONSHIP_TYPES)}
        self._types = {t for t in constrained | used if t not in _STRUCTURAL}
        self.ensure_relation_types(relation_types)

    def close(self, wait_s: float = 10.0) -> None:
        """Close the driver once the sessions other threads hold are done (up to ``wait_s``).

        Closing the driver closes every connection, also one that another thread is writing
        to, which breaks that thread's call with a driver error instead of a clean end.
        """
        self._close_query_sandbox()
        with self._sessions_closed:
            driver, self._driver = self._driver, None
            self._sessions_closed.wait_for(lambda: self._sessions_open == 0, timeout=wait_s)
        if driver is not None:
            driver.close()

    @contextlib.contextmanager
    def _session(self, access_mode: str = neo4j.WRITE_ACCESS) -> Iterator[neo4j.Session]:
        """A session on the open driver, counted so that :meth:`close` can wait for it."""
        with self._sessions_closed:
            if self._driver is None:
                raise StoreUnavailable(f"the connection to {self.location} is closed")
            session = self._driver.session(database=self._database, default_access_mode=access_mode)
            self._sessions_open += 1
        try:
            yield session
        finally:
            with contextlib.suppress(Exception):  # a lost connection fails its close too; the call has said so
                session.close()
            with self._sessions_closed:
                self._sessions_open -= 1
                self._sessions_closed.notify_all()

    def _run(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        """Run in this thread's open transaction, or in a managed (retried) one of its own."""
        tx = getattr(self._local, "tx", None)
        try:
            if tx is not None:
                return [list(record.values()) for record in tx.run(query, params or {})]
            with self._session() as session:
                return session.execute_write(lambda t: [list(r.values()) for r in t.run(query, params or {})])
        except neo4j_errors.Neo4jError as exc:
            raise QueryError(first_line(exc.message or str(exc))) from None
        except _CONNECTION_ERRORS as exc:
            raise StoreUnavailable(f"lost the connection to Neo4j at {self.location}: {first_line(str(exc))}") from None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        if getattr(self._local, "tx", None) is not None:
            yield
            return
        with contextlib.ExitStack() as stack:
            try:
                session = stack.enter_context(self._session())
                tx = session.begin_transaction()
            except _CONNECTION_ERRORS as exc:
                raise StoreUnavailable(f"cannot reach Neo4j at {self.location}: {first_line(str(exc))}") from None
            self._local.tx = tx
            try:
                yield
                tx.commit()
            except BaseException:
                with contextlib.suppress(Exception):
                    tx.rollback()
                raise
            finally:
                self._local.tx = None

    def _create_relation_type(self, rel_type: str) -> None:
        for statement in self.Q.relation_constraints(rel_type):
            self._run(statement)

    def _bulk_write_relations(self, rel_type: str, rows: pa.Table) -> None:
        values = _relation_rows(rows)
        stored = {row[0]: row for row in self._run(self.Q.stored_relations(rel_type), {"ids": rows.column("id").to_pylist()})}
        fresh = [row for row in values if row[_ID_COLUMN] not in stored]
        if fresh:
            self._run_batched(self.Q.create_relations(rel_type), fresh)
        # rows stored with these very values are left alone (re-ingesting costs one read)
        changed = [row for row in values if row[_ID_COLUMN] in stored and stored[row[_ID_COLUMN]] != row[_ID_COLUMN:]]
        if changed:
            self._run_batched(self.Q.merge_relations(rel_type), changed)

    def _create_relations(self, rel_type: str, rows: pa.Table, into_empty: bool = False) -> None:
        self._run_batched(self.Q.create_relations(rel_type), _relation_rows(rows))

    def data_marker(self) -> Hashable:
        return tuple(row[0] for query in self.Q.DATA_MARKER for row in self._run(query))

    def sandbox_target(self) -> SandboxTarget:
        address = urlsplit(self.location)
        return SandboxTarget(
            engine=self.engine,
            location=self.location,
            database=self._database,
            user=self._user,
            password=self._password,
            port=address.port or _DEFAULT_BOLT_PORT,
        )

    def _run_batched(self, query: str, rows: Sequence[dict[str, Any] | list[Any]], batch_size: int = 10_000) -> int:
        """Inside a transaction, as every statement; outside one, the batches go through one
        session as auto-commit statements, the driver's fastest way (a managed transaction per
        batch cost a third more on a busy server)."""
        if getattr(self._local, "tx", None) is not None:
            return super()._run_batched(query, rows, batch_size)
        try:
            with self._session() as session:
                for start in range(0, len(rows), batch_size):
                    session.run(query, {"rows": rows[start : start + batch_size]}).consume()
        except neo4j_errors.Neo4jError as exc:
            raise QueryError(first_line(exc.message or str(exc))) from None
        except _CONNECTION_ERRORS as exc:
            raise StoreUnavailable(f"lost the connection to Neo4j at {self.location}: {first_line(str(exc))}") from None
        return len(rows)


def _relation_rows(rows: pa.Table) -> list[list[Any]]:
    """Parameter rows of the relation writes, in :attr:`Neo4jCypher.RELATION_COLUMNS` order, the
    date as ISO text (converted by Arrow, a column at a time)."""
    columns = [rows.column(name) for name in Neo4jCypher.RELATION_COLUMNS]
    columns[_DATE_COLUMN] = columns[_DATE_COLUMN].cast(pa.string())
    return list(map(list, zip(*(column.to_pylist() for column in columns), strict=True)))


def _query_error(exc: neo4j_errors.Neo4jError, timeout_s: float) -> GraphStoreError:
    code = exc.code or ""
    if "AccessMode" in code or "ForbiddenDueToTransactionType" in code or "WriteOnReadOnlyAccess" in code:
        return ReadOnlyViolation("read-only: the query tries to write, which is not allowed here")
    if "TransactionTimedOut" in code or "Terminated" in code:
        return QueryTimeout(f"query stopped after {timeout_s:g} s (time limit)")
    return QueryError(first_line(exc.message or str(exc)))


def _connect_error(uri: str, exc: Exception) -> StoreUnavailable:
    if isinstance(exc, neo4j_errors.AuthError):
        return StoreAuthError(f"Neo4j at {uri} refused the user name or password (check NEO4J_USER / NEO4J_PASSWORD)")
    if isinstance(exc, _CONNECTION_ERRORS):
        return StoreUnavailable(f"cannot reach Neo4j at {uri}: is the server running? ({first_line(str(exc))})")
    if isinstance(exc, (neo4j_errors.ConfigurationError, ValueError)):
        return StoreUnavailable(f"bad Neo4j address {uri!r}: {first_line(str(exc))}")
    return StoreUnavailable(f"cannot open Neo4j at {uri}: {first_line(str(exc))}")
