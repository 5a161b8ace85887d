"""The worker process that runs one user query, confined (see :mod:`actorgraph.graph.sandbox`).

Run as ``python -I -m actorgraph.graph.sandbox_worker``; it speaks one JSON object per line:

1. reads the target (engine, store location, credentials) from stdin, loads the engine's
   library, connects where the engine is a server, and confines itself: Landlock lets it read
   only the store's database files and Python's own libraries and connect only to the
   server's port; resource limits forbid writing any file, dumping core or outliving its CPU
   time; then it prints ``{"ready": …}``;
2. reads one query, opens the embedded database read-only (a fresh snapshot) and caps its
   own address space at what it has plus the memory budget, asks the engine for the query's
   plan (:mod:`actorgraph.graph.plans` refuses anything but reading), runs it, and prints
   the rows, cut at the row limit and at the result's byte budget; then it exits.

Nothing in here trusts the query text: what the query may do is decided by the engine's plan,
the read-only database handle and the kernel.
"""

from __future__ import annotations

import json
import math
import os
import re
import resource
import signal
import sys
import sysconfig
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from actorgraph.graph.errors import (
    GraphStoreError,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreUnavailable,
    engine_message,
    first_line,
)
from actorgraph.graph.plans import check_ladybug_plan, check_neo4j_plan, ladybug_plan_parts, strip_plan_prefix

__all__ = ["main", "plain_value"]

# The engine's own page cache takes half the budget; the rest is for everything else
# (intermediate results, the rows in Python), capped by the address-space limit.
_BUFFER_POOL_SHARE = 0.5
# Virtual address space LadybugDB reserves for its page cache; reserved, not used.
_LADYBUG_MAX_DB_SIZE = 1 << 35
# Read-only folders the runtime may still need after confinement (time zones of Neo4j dates).
_INTERNAL_LABEL = re.compile(r"LABEL\((\w+)\._ID,\[.*\]\)")
_SYSTEM_READABLE = ("/usr/share/zoneinfo",)
_STATM = -1


class _Runner(Protocol):
    def rows(
        self, cypher: str, params: dict[str, Any], timeout_s: float, memory_bytes: int
    ) -> tuple[list[str], Iterator[list[Any]]]: ...

    def close(self) -> None: ...


def main() -> int:
    """Serve one query; the exit status is 0 whenever an answer (rows or an error) was printed."""
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr  # nothing an engine prints may corrupt the answer
    target = json.loads(sys.stdin.readline())
    try:
        runner = _open_runner(target)
        confinement = _confine(target)
    except GraphStoreError as exc:
        _send(protocol, _error(exc))
        return 0
    _send(protocol, {"ready": True, "confinement": confinement})
    line = sys.stdin.readline()
    if not line:
        return 0  # a spare worker that was never used
    request = json.loads(line)
    try:
        _send(protocol, _answer(runner, request))
    except MemoryError:
        _send(protocol, {"error": "memory", "message": ""})
    finally:
        runner.close()
    return 0


def _answer(runner: _Runner, request: dict[str, Any]) -> dict[str, Any]:
    limits = request["limits"]
    try:
        columns, rows = runner.rows(request["cypher"], request.get("params") or {}, limits["timeout_s"], limits["memory_bytes"])
        kept, cut = _collect(rows, limits["row_limit"], limits["result_bytes"])
    except GraphStoreError as exc:
        return _error(exc)
    return {"columns": columns, "rows": kept, "cut": cut}


def _collect(rows: Iterator[list[Any]], row_limit: int, result_bytes: int) -> tuple[list[list[Any]], str | None]:
    """Rows as plain JSON values until the row limit or the byte budget is passed."""
    kept: list[list[Any]] = []
    size = 0
    for row in rows:
        if row_limit and len(kept) >= row_limit:
            return kept, "rows"
        plain = [plain_value(v) for v in row]
        size += len(json.dumps(plain, default=str, ensure_ascii=False))
        if size > result_bytes:
            return kept, "bytes"
        kept.append(plain)
    return kept, None


def _error(exc: GraphStoreError) -> dict[str, Any]:
    kind = {ReadOnlyViolation: "read-only", QueryTimeout: "timeout", StoreUnavailable: "unavailable"}.get(type(exc), "query")
    return {"error": kind, "message": str(exc)}


def _send(protocol: Any, message: dict[str, Any]) -> None:
    protocol.write(json.dumps(message, default=str, ensure_ascii=False) + "\n")
    protocol.flush()


def plain_value(value: Any) -> Any:
    """A query value as JSON-friendly Python: nodes and edges become dicts with ``_label``.

    LadybugDB returns nodes as dicts with internal ``_ID``/``_SRC``/``_DST`` keys and Neo4j
    returns driver objects; both come out the same shape here.

    >>> plain_value({"_ID": {"offset": 0, "table": 0}, "_LABEL": "Actor", "id": "RUS"})
    {'_label': 'Actor', 'id': 'RUS', '_key': '0:0'}
    """
    if isinstance(value, dict):
        return _plain_mapping(value)
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if hasattr(value, "element_id") and hasattr(value, "items"):
        return _plain_neo4j_entity(value)
    if hasattr(value, "nodes") and hasattr(value, "relationships"):
        return {"_nodes": [plain_value(n) for n in value.nodes], "_rels": [plain_value(r) for r in value.relationships]}
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


def _plain_mapping(value: dict[str, Any]) -> dict[str, Any]:
    if "_NODES" in value and "_RELS" in value:
        return {"_nodes": [plain_value(n) for n in value["_NODES"]], "_rels": [plain_value(r) for r in value["_RELS"]]}
    out: dict[str, Any] = {}
    if "_LABEL" in value:
        out["_label"] = value["_LABEL"]
    for key, item in value.items():
        if key.startswith("_"):
            continue
        if item is not None:
            out[key] = plain_value(item)
    if "_SRC" in value:
        out["_src"] = _internal_id(value["_SRC"])
        out["_dst"] = _internal_id(value["_DST"])
    elif "_ID" in value and "_LABEL" in value:
        out["_key"] = _internal_id(value["_ID"])
    return out


def _internal_id(ref: Any) -> str:
    return f"{ref['table']}:{ref['offset']}" if isinstance(ref, dict) else str(ref)


def _plain_neo4j_entity(entity: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if hasattr(entity, "labels"):
        labels = sorted(entity.labels)
        out["_label"] = labels[0] if labels else None
        out["_key"] = entity.element_id
    else:
        out["_label"] = entity.type
        out["_src"] = entity.start_node.element_id if entity.start_node is not None else None
        out["_dst"] = entity.end_node.element_id if entity.end_node is not None else None
    out.update({k: plain_value(v) for k, v in entity.items()})
    return out


# -- confinement -----------------------------------------------------------------------------


def _confine(target: dict[str, Any]) -> list[str]:
    """Limit what this process can ever do, before it sees the query; returns what was applied."""
    global _STATM
    _STATM = os.open("/proc/self/statm", os.O_RDONLY)  # opened now: Landlock will not let it be opened later
    applied = []
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    # CPU time of all threads (the engine runs two) since start: a backstop behind the wall-clock limit
    cpu = 2 * math.ceil(float(target["timeout_s"])) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    applied.append("rlimits")
    if _landlock(target):
        applied.append("landlock")
    return applied


def _landlock(target: dict[str, Any]) -> bool:
    """Read only Python's libraries and the store's files; connect only to the store's server."""
    try:
        from py_landlock import Landlock, LandlockError
    except ImportError:  # not Linux
        return False
    rules = Landlock(strict=False).allow_read(*_python_library_folders())
    for path in target.get("readable", []):
        if os.path.exists(path):
            rules.allow_read(path)
    if target.get("port"):
        rules.allow_network(int(target["port"]), bind=False, connect=True)
    try:
        rules.apply()
    except LandlockError:  # a kernel without Landlock: the plan check and read-only handle remain
        return False
    return True


def _python_library_folders() -> list[str]:
    paths = sysconfig.get_paths()
    folders = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    # an editable install imports the project's folders from where they are checked out
    import actorgraph
    import actorgraph.graph

    folders |= {str(Path(package.__file__).parent) for package in (actorgraph, actorgraph.graph) if package.__file__}
    folders |= set(_SYSTEM_READABLE)
    return sorted(f for f in folders if os.path.isdir(f))


def _limit_memory(budget_bytes: int) -> None:
    """Cap the address space at what is mapped now plus the budget: any allocation past it fails."""
    mapped = int(os.pread(_STATM, 256, 0).split()[0]) * resource.getpagesize()
    limit = mapped + budget_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# -- the engines -------------------------------------------------------------------------------


def _open_runner(target: dict[str, Any]) -> _Runner:
    if target["engine"] == "embedded":
        return _LadybugRunner(target)
    return _Neo4jRunner(target)


class _LadybugRunner:
    """LadybugDB opened read-only per query, so the query sees the store as committed now."""

    def __init__(self, target: dict[str, Any]):
        import ladybug

        self._ladybug = ladybug
        self._path = target["file"]
        ladybug.Database(":memory:").close()  # load the engine's library while files may still be read
        self._db: Any = None

    def rows(
        self, cypher: str, params: dict[str, Any], timeout_s: float, memory_bytes: int
    ) -> tuple[list[str], Iterator[list[Any]]]:
        try:
            self._db = self._ladybug.Database(
                self._path,
                read_only=True,
                buffer_pool_size=int(memory_bytes * _BUFFER_POOL_SHARE),
                max_num_threads=2,
                max_db_size=_LADYBUG_MAX_DB_SIZE,
                throw_on_wal_replay_failure=False,
            )
            _limit_memory(memory_bytes - int(memory_bytes * _BUFFER_POOL_SHARE))
            conn = self._ladybug.Connection(self._db)
            conn.set_query_timeout(max(1, int(timeout_s * 1000)))
            self._check_plan(conn, cypher, params)
            result = conn.execute(self._prepare(conn, cypher), params)
            if isinstance(result, list):  # several statements: check_read_only refuses them before this
                raise QueryError("one statement at a time")
            return [_column_name(name, cypher) for name in result.get_column_names()], _ladybug_rows(result)
        except RuntimeError as exc:
            raise _ladybug_error(exc, timeout_s) from None

    def _check_plan(self, conn: Any, cypher: str, params: dict[str, Any]) -> None:
        plan = conn.execute(self._prepare(conn, "EXPLAIN " + strip_plan_prefix(cypher)), params)
        text = "\n".join(str(row[0]) for row in plan.get_all())
        check_ladybug_plan(*ladybug_plan_parts(text))

    @staticmethod
    def _prepare(conn: Any, cypher: str) -> Any:
        """A prepared statement: the engine refuses to prepare several statements at once."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # prepare() is the one way to refuse them
            prepared = conn.prepare(cypher)
        if not prepared.is_success():
            message = prepared.get_error_message()
            if "multiple statements" in message:
                raise ReadOnlyViolation("read-only: one statement at a time (the engine found several)")
            raise RuntimeError(message)  # read as any other engine error is, by the caller
        return prepared

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def _column_name(name: str, cypher: str = "") -> str:
    """A column as the user wrote it, where LadybugDB heads it with its internal expression
    (``type(e)`` is the engine's ``label(e)`` by a macro, so the query says which was written).

    >>> _column_name("LABEL(e._ID,[,,MENTIONS,,WARNS])")
    'label(e)'
    >>> _column_name("LABEL(e._ID,[,,MENTIONS,,WARNS])", "MATCH ()-[e]->() RETURN type(e)")
    'type(e)'
    >>> _column_name("COUNT_STAR()")
    'count(*)'
    """
    if name == "COUNT_STAR()":
        return "count(*)"
    internal = _INTERNAL_LABEL.fullmatch(name)
    if not internal:
        return name
    variable = internal.group(1)

    def written(function: str) -> bool:
        return re.search(rf"\b{function}\s*\(\s*{re.escape(variable)}\s*\)", cypher, re.IGNORECASE) is not None

    return f"type({variable})" if written("type") and not written("label") else f"label({variable})"


def _ladybug_rows(result: Any) -> Iterator[list[Any]]:
    while result.has_next():
        yield result.get_next()


def _ladybug_error(exc: RuntimeError, timeout_s: float) -> GraphStoreError:
    message = engine_message(str(exc))
    if "Interrupted" in message:
        return QueryTimeout(f"query stopped after {timeout_s:g} s (time limit)")
    if "bad_alloc" in message or "buffer pool is full" in message.lower() or "Unable to allocate" in message:
        raise MemoryError(message)
    if "read-only" in message.lower():
        return ReadOnlyViolation("read-only: the query tries to write, which is not allowed here")
    if "Permission denied" in message:
        return ReadOnlyViolation("read-only: the query tried to reach a file, which is not allowed here")
    return QueryError(message)


class _Neo4jRunner:
    """A READ session on the server, the plan checked first, the server's timeout set."""

    def __init__(self, target: dict[str, Any]):
        import neo4j

        self._neo4j = neo4j
        self._database = target.get("database") or None
        auth = (target.get("user") or "neo4j", target.get("password") or "") if target.get("password") else None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                target["location"], auth=auth, connection_timeout=5.0, notifications_min_severity="OFF"
            )
            self._driver.verify_connectivity()  # connect now: confinement then allows only this port
        except Exception as exc:  # the driver raises many types for a bad address or credentials
            raise StoreUnavailable(f"cannot reach Neo4j at {target['location']}: {first_line(str(exc))}") from None

    def rows(
        self, cypher: str, params: dict[str, Any], timeout_s: float, memory_bytes: int
    ) -> tuple[list[str], Iterator[list[Any]]]:
        _limit_memory(memory_bytes)
        neo4j = self._neo4j
        session = self._driver.session(database=self._database, default_access_mode=neo4j.READ_ACCESS)
        try:
            tx = session.begin_transaction(timeout=timeout_s)
            summary = tx.run("EXPLAIN " + strip_plan_prefix(cypher), params).consume()
            check_neo4j_plan(summary.query_type, summary.plan)
            result = tx.run(cypher, params)
            return list(result.keys()), _neo4j_rows(result, session, tx, timeout_s)
        except neo4j.exceptions.Neo4jError as exc:
            session.close()
            raise _neo4j_error(exc, timeout_s) from None
        except GraphStoreError:
            session.close()
            raise

    def close(self) -> None:
        self._driver.close()


def _neo4j_rows(result: Any, session: Any, tx: Any, timeout_s: float) -> Iterator[list[Any]]:
    from neo4j.exceptions import Neo4jError

    try:
        for record in result:
            yield list(record.values())
    except Neo4jError as exc:
        raise _neo4j_error(exc, timeout_s) from None
    finally:
        tx.close()  # rolled back: nothing a user query does is ever committed
        session.close()


def _neo4j_error(exc: Any, timeout_s: float) -> GraphStoreError:
    code = exc.code or ""
    if "TransactionTimedOut" in code or "Terminated" in code:
        return QueryTimeout(f"query stopped after {timeout_s:g} s (time limit)")
    if "MemoryPoolOutOfMemory" in code or "TransactionOutOfMemory" in code:
        raise MemoryError(first_line(exc.message or ""))
    if "AccessMode" in code or "ForbiddenDueToTransactionType" in code or "WriteOnReadOnlyAccess" in code:
        return ReadOnlyViolation("read-only: the query tries to write, which is not allowed here")
    return QueryError(first_line(exc.message or str(exc)))


if __name__ == "__main__":
    sys.exit(main())
