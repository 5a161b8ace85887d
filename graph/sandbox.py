"""User queries run sandboxed: a worker process per query that cannot write, reach files or grow.

What protects the store and the machine from a user's Cypher (``actorgraph query``, the app's
console) is not a reading of the query text but the engine, the kernel and process limits:

* **the engine's plan** (``EXPLAIN``) of the query must hold only reading operators, catalogue
  table functions and catalogue procedures (:mod:`actorgraph.graph.plans`), and the engine
  refuses to prepare several statements at once;
* **a handle that cannot commit**: the embedded database is opened read-only in the worker;
  Neo4j runs the query in a READ transaction that is rolled back;
* **the kernel**: Landlock lets the worker read only the store's folder and Python's own
  libraries, and connect only to the Neo4j server's port; it may create or write no file
  (``RLIMIT_FSIZE`` 0) and has a CPU-time limit;
* **a memory budget**: the worker's address space is capped at what it holds after opening
  the store plus the budget (default 1 GB), so an allocation past it fails in the worker,
  never in the app;
* **a time limit** kept twice: the engine's own query timeout, and the worker killed if it
  has not answered a second and a half after it;
* **a result cap** by rows and by bytes, so what comes back to the app is bounded too.

The worker's environment carries no secrets (the Neo4j password travels on its stdin), and
each worker serves one query, then exits. An app keeps spare workers started (one for each
query that may run at once), so a query does not wait for Python to start.

>>> import tempfile
>>> from actorgraph.graph import open_store
>>> with open_store(tempfile.mkdtemp()) as store:
...     store.query("RETURN 1 + 1 AS two").rows
[[2]]
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from actorgraph.graph.errors import QueryError, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from actorgraph.graph.records import QueryResult

__all__ = [
    "DEFAULT_QUERY_MEMORY_MB",
    "DEFAULT_QUERY_RESULT_MB",
    "DEFAULT_QUERY_ROW_LIMIT",
    "DEFAULT_QUERY_TIMEOUT_S",
    "QueryLimits",
    "QueryMemoryExceeded",
    "QuerySandbox",
    "SandboxTarget",
]

DEFAULT_QUERY_ROW_LIMIT = 1000
DEFAULT_QUERY_TIMEOUT_S = 10.0
DEFAULT_QUERY_MEMORY_MB = 1024
DEFAULT_QUERY_RESULT_MB = 32
# How long past its time limit a worker may take to answer before it is killed.
GRACE_S = 1.5
# Starting Python and the engine's library; not counted in the query's time limit.
_START_TIMEOUT_S = 30.0
# Names that may pass into a worker's environment: no credentials, no settings.
_WORKER_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SYSTEMROOT")


class QueryMemoryExceeded(QueryError):
    """A user query needed more memory than its budget and was stopped."""


@dataclass(frozen=True)
class QueryLimits:
    """What one user query may take.

    >>> QueryLimits(row_limit=10).memory_bytes
    1073741824
    """

    row_limit: int = DEFAULT_QUERY_ROW_LIMIT
    timeout_s: float = DEFAULT_QUERY_TIMEOUT_S
    memory_mb: int = DEFAULT_QUERY_MEMORY_MB
    result_mb: int = DEFAULT_QUERY_RESULT_MB

    @property
    def memory_bytes(self) -> int:
        return self.memory_mb * 2**20

    def message(self) -> dict[str, Any]:
        return {
            "row_limit": self.row_limit,
            "timeout_s": self.timeout_s,
            "memory_bytes": self.memory_bytes,
            "result_bytes": self.result_mb * 2**20,
        }


@dataclass(frozen=True)
class SandboxTarget:
    """Where a worker finds the store: the embedded database file, or the Neo4j server."""

    engine: str
    location: str
    file: str | None = None  # the embedded database file
    database: str | None = None  # a Neo4j database name
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    port: int | None = None
    readable: tuple[str, ...] = ()


class QuerySandbox:
    """Runs user queries against one store, each in a confined worker process.

    ``workers`` queries run at once; a further one waits for a place up to its own time limit.
    With ``spare=True`` as many started workers as may run at once wait for the next queries.
    """

    def __init__(
        self, target: SandboxTarget, *, workers: int = 2, spare: bool = False, timeout_s: float = DEFAULT_QUERY_TIMEOUT_S
    ):
        self.target = target
        self._places = threading.BoundedSemaphore(workers)
        self._workers = workers
        self._spares_wanted = 0
        self._spares: list[_Worker] = []
        self._spare_lock = threading.Lock()
        self._timeout_s = timeout_s
        self._running: set[_Worker] = set()
        self._closed = False
        if spare:
            self.keep_spares()

    def run(self, cypher: str, params: dict[str, Any] | None, limits: QueryLimits) -> QueryResult:
        """One query's rows, or the error that says in one line why there are none."""
        if not self._places.acquire(timeout=limits.timeout_s):
            raise QueryError("the query console is busy with other queries; try again in a moment")
        try:
            worker = self._take_worker(limits)
            answer = worker.ask({"cypher": cypher, "params": params or {}, "limits": limits.message()}, limits)
        finally:
            self._places.release()
        return _result(answer, limits)

    def keep_spares(self) -> None:
        """From now on keep a started worker waiting for each query that may run at once."""
        with self._spare_lock:
            missing = self._workers - self._spares_wanted
            self._spares_wanted = self._workers
        for _ in range(missing):
            threading.Thread(target=self._start_spare, name="actorgraph-query-spare", daemon=True).start()

    def close(self) -> None:
        """Stop the spares and any query still running."""
        self._closed = True
        with self._spare_lock:
            spares, self._spares = self._spares, []
        for worker in [*self._running, *spares]:
            worker.kill()

    def _take_worker(self, limits: QueryLimits) -> _Worker:
        with self._spare_lock:
            worker = self._spares.pop(0) if self._spares else None
        if worker is None or not worker.alive():
            worker = _Worker(self.target, max(self._timeout_s, limits.timeout_s))
        self._running.add(worker)
        worker.on_exit = self._running.discard
        if self._spares_wanted:
            threading.Thread(target=self._start_spare, name="actorgraph-query-spare", daemon=True).start()
        return worker

    def _start_spare(self) -> None:
        with contextlib.suppress(QueryError):  # the next query starts its own and reports why
            worker = _Worker(self.target, self._timeout_s)
            with self._spare_lock:
                if len(self._spares) < self._spares_wanted and not self._closed:
                    self._spares.append(worker)
                    return
            worker.kill()


class _Worker:
    """One worker process: started, confined and waiting for its query."""

    def __init__(self, target: SandboxTarget, timeout_s: float):
        self.on_exit: Any = None
        env = {name: os.environ[name] for name in _WORKER_ENVIRONMENT if name in os.environ}
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-m", "actorgraph.graph.sandbox_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group: a kill takes every thread and child
        )
        self._stdin, self._stdout, self._stderr_pipe = (
            _pipe(self._process.stdin),
            _pipe(self._process.stdout),
            _pipe(self._process.stderr),
        )
        self._stderr: list[bytes] = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self._send({**asdict(target), "timeout_s": timeout_s})
        ready = self._receive(_START_TIMEOUT_S)
        if "error" in ready:
            self.kill()
            raise _error(ready, QueryLimits(timeout_s=timeout_s))
        self.confinement: list[str] = ready.get("confinement", [])

    def alive(self) -> bool:
        return self._process.poll() is None

    def ask(self, request: dict[str, Any], limits: QueryLimits) -> dict[str, Any]:
        """Send the query; the answer, or what the worker's end says happened."""
        try:
            self._send(request)
            self._stdin.close()
            return self._receive(limits.timeout_s + GRACE_S)
        except subprocess.TimeoutExpired:
            return {"error": "timeout", "message": f"query stopped after {limits.timeout_s:g} s (time limit)"}
        finally:
            self.kill()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait()
        for stream in (self._stdin, self._stdout):
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        if self.on_exit is not None:
            self.on_exit(self)

    def _send(self, message: dict[str, Any]) -> None:
        try:
            self._stdin.write((json.dumps(message, default=str) + "\n").encode())
            self._stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # it has died; _receive says how

    def _receive(self, timeout_s: float) -> dict[str, Any]:
        """One JSON line from the worker within ``timeout_s``, else TimeoutExpired."""
        line: list[bytes] = []
        reader = threading.Thread(target=lambda: line.append(self._stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout_s)
        if reader.is_alive():
            raise subprocess.TimeoutExpired("actorgraph.graph.sandbox_worker", timeout_s)
        if not line or not line[0]:
            return self._death()
        reply: dict[str, Any] = json.loads(line[0])
        return reply

    def _death(self) -> dict[str, Any]:
        """What a worker that ended without answering died of."""
        status = self._process.wait()
        if status in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS) or b"MemoryError" in b"".join(
            self._stderr
        ):
            return {"error": "memory", "message": ""}
        if status == -signal.SIGXCPU:
            return {"error": "timeout", "message": "the query used up its CPU time and was stopped"}
        detail = b"".join(self._stderr).decode(errors="replace").strip().splitlines()
        return {"error": "worker", "message": detail[-1] if detail else f"exit status {status}"}

    def _drain_stderr(self) -> None:
        for chunk in iter(self._stderr_pipe.readline, b""):
            if len(self._stderr) < 200:
                self._stderr.append(chunk)


def _pipe(stream: IO[bytes] | None) -> IO[bytes]:
    """A pipe the worker was started with (Popen gives None only for one it was not asked for)."""
    if stream is None:
        raise RuntimeError("the query worker was started without its pipes")
    return stream


def _result(answer: dict[str, Any], limits: QueryLimits) -> QueryResult:
    if "error" in answer:
        raise _error(answer, limits)
    return QueryResult(
        columns=answer["columns"], rows=answer["rows"], truncated=answer.get("cut") is not None, cut_by=answer.get("cut")
    )


def _error(answer: dict[str, Any], limits: QueryLimits) -> QueryError | StoreUnavailable:
    kind, message = answer["error"], answer.get("message") or ""
    if kind == "read-only":
        return ReadOnlyViolation(message)
    if kind == "timeout":
        return QueryTimeout(message)
    if kind == "memory":
        return QueryMemoryExceeded(f"the query needed more than its memory budget ({limits.memory_mb:,} MB) and was stopped")
    if kind == "unavailable":
        return StoreUnavailable(message)
    if kind == "worker":
        return QueryError(f"the query worker failed: {message}")
    return QueryError(message)
