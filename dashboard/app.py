"""The Dash app and the server that runs it.

Never in debug mode: the browser sees one line per error (see
:func:`actorgraph.dashboard.callbacks.show_error`) and tracebacks stay in the server log.

>>> import tempfile
>>> from actorgraph.graph import open_store
>>> from actorgraph.dashboard.services import Dashboard
>>> with open_store(tempfile.mkdtemp()) as store:
...     app = create_app(Dashboard(store))
...     app.title
'actorgraph'
"""

from __future__ import annotations

import base64
import binascii
import ctypes
import functools
import gc
import hmac
import ipaddress
import logging
import os
import select
import socket
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dash_cytoscape as cyto
from dash import Dash
from flask import Response, request
from werkzeug.serving import BaseWSGIServer, make_server

from actorgraph.dashboard.callbacks import register_callbacks, show_error
from actorgraph.dashboard.layout import build_layout
from actorgraph.dashboard.network import Budget, ViewCancelled
from actorgraph.dashboard.services import Dashboard
from actorgraph.dashboard.view_model import request_budget

__all__ = [
    "LOOPBACK_NAMES",
    "AllowedHosts",
    "ServerThread",
    "create_app",
    "is_loopback",
    "parse_basic_auth",
    "read_auth_file",
    "serving_gc",
    "serving_malloc",
    "store_label",
]

ASSETS = Path(__file__).resolve().parent / "assets"
log = logging.getLogger("actorgraph.dashboard")


def store_label(dashboard: Dashboard) -> str:
    """What the header says about the store: engine and location (never a password).

    >>> import tempfile
    >>> from actorgraph.graph import open_store
    >>> folder = tempfile.mkdtemp()
    >>> with open_store(folder) as store:
    ...     store_label(Dashboard(store)) == f"embedded · {folder}"
    True
    """
    return f"{dashboard.store.engine} · {dashboard.store.location}"


def create_app(dashboard: Dashboard, auth: str | None = None, hosts: AllowedHosts | None = None) -> Dash:
    """A Dash app over the dashboard's store; ``auth`` ("user:password") turns on HTTP basic auth.

    Only requests addressed to ``hosts`` are answered (by default: this machine's loopback
    names on the server's port), see :class:`AllowedHosts`.
    """
    cyto.load_extra_layouts()  # fcose, and the SVG export, live in the extra bundle
    app = Dash(
        __name__,
        title="actorgraph",
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        on_error=_on_error,
        suppress_callback_exceptions=False,
    )
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_props_check=False, dev_tools_hot_reload=False)

    def page() -> Any:
        # a function, so each page load sees relation types added since the app started
        return build_layout(store_label(dashboard), dashboard.relation_types(), dashboard.read_only, dashboard.edge_sources())

    app.layout = page
    register_callbacks(app, dashboard)
    _refuse_foreign_hosts(app, hosts or AllowedHosts())  # first: a foreign name gets 403, not a password prompt
    if auth:
        _require_basic_auth(app, parse_basic_auth(auth))
    _time_budget(app, dashboard)
    _plain_errors(app)
    return app


def _on_error(exc: Exception) -> None:
    """A view dropped because its client has gone is not an error; others go to the banner."""
    if isinstance(exc, ViewCancelled):
        log.info("dropped a view: its client has gone")
        return None
    return show_error(exc)


def _time_budget(app: Dash, dashboard: Dashboard) -> None:
    """Each request gets the dashboard's time budget, and a way to tell that its client has gone."""

    @app.server.before_request
    def start_budget() -> None:
        budget = Budget.seconds(dashboard.view_budget_s, client_gone=_client_gone(request.environ))
        request.environ["actorgraph.budget_token"] = request_budget(budget)

    @app.server.teardown_request
    def end_budget(_exc: BaseException | None) -> None:
        token = request.environ.pop("actorgraph.budget_token", None)
        if token is not None:
            token.var.reset(token)


def _client_gone(environ: dict[str, Any]) -> Any:
    """A check that the connection of this request was closed by the client (None when the
    server does not hand out its socket): it is readable and has nothing left to read."""
    connection = environ.get("werkzeug.socket")
    if connection is None:
        return None

    def gone() -> bool:
        try:
            readable, _, _ = select.select([connection], [], [], 0)
            return bool(readable) and connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except (BlockingIOError, ValueError):  # nothing to read after all; a TLS socket cannot peek
            return False
        except OSError:  # reset by the peer
            return True

    return gone


def parse_basic_auth(text: str) -> tuple[str, str]:
    """``user:password`` split in two; ValueError when either is missing.

    >>> parse_basic_auth("analyst:s3cret:x")
    ('analyst', 's3cret:x')
    """
    user, sep, password = text.partition(":")
    if not sep or not user or not password:
        raise ValueError("auth must be USER:PASSWORD")
    return user, password


def read_auth_file(path: str | Path) -> str:
    """The ``user:password`` line of a credentials file (kept out of the process list and
    the shell history); ValueError saying what is wrong with it.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".auth", delete=False) as f:
    ...     _ = f.write("analyst:s3cret\\n")
    >>> read_auth_file(f.name)
    'analyst:s3cret'
    >>> os.remove(f.name)
    """
    try:
        lines = [line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if len(lines) != 1:
        raise ValueError(f"{path} must hold one line, USER:PASSWORD")
    parse_basic_auth(lines[0])
    return lines[0]


def _require_basic_auth(app: Dash, credentials: tuple[str, str]) -> None:
    expected = f"{credentials[0]}:{credentials[1]}".encode()

    @app.server.before_request
    def check() -> Response | None:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                given = base64.b64decode(header[6:], validate=True)
            except (binascii.Error, ValueError):
                given = b""
            if hmac.compare_digest(given, expected):
                return None
        return Response("Authentication required.\n", 401, {"WWW-Authenticate": 'Basic realm="actorgraph"'})


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARDS = frozenset({"0.0.0.0", "::", ""})
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class AllowedHosts:
    """The names the app answers to, which a hostile web page cannot borrow (DNS rebinding).

    A request's ``Host`` must be, with the server's own port: ``localhost``, ``127.0.0.1``,
    ``[::1]`` or the address the server is bound to; on a wildcard bind (``0.0.0.0``, ``::``)
    also this machine's own addresses and host name. Or it is one of ``names`` (given with
    ``--allowed-host``): ``NAME`` on any port (a TLS proxy in front), ``NAME:PORT`` on that one.

    >>> hosts = AllowedHosts(bound="127.0.0.1", names=("graph.example.org", "intranet:8443"))
    >>> [hosts.allows(h, 8050) for h in ("127.0.0.1:8050", "localhost:8050", "[::1]:8050", "localhost:9999")]
    [True, True, True, False]
    >>> [hosts.allows(h, 8050) for h in ("graph.example.org", "intranet:8443", "intranet:8050", "evil.example:8050")]
    [True, True, False, False]
    >>> hosts.allows_origin("http://localhost:8050", 8050), hosts.allows_origin("https://evil.example", 8050)
    (True, False)
    """

    bound: str = "127.0.0.1"
    names: tuple[str, ...] = ()

    def allows(self, host: str | None, server_port: int, scheme: str = "http") -> bool:
        """True when a request with this ``Host`` header is addressed to this app."""
        name, port = _split_host(host or "", _DEFAULT_PORTS.get(scheme, 80))
        return name is not None and self._allows(name, port, server_port)

    def allows_origin(self, origin: str, server_port: int) -> bool:
        """True when a page served from ``origin`` (the ``Origin`` header) is one of the app's own."""
        parts = urlsplit(origin)
        if parts.scheme not in _DEFAULT_PORTS or not parts.netloc or parts.path not in ("", "/"):
            return False  # "null" (sandboxed frames, files) and anything that is not a web origin
        return self.allows(parts.netloc, server_port, parts.scheme)

    def _allows(self, name: str, port: int, server_port: int) -> bool:
        if f"{name}:{port}" in self._given or name in self._given:
            return True
        if port != server_port:
            return False
        bound = self.bound.strip("[]").lower()
        if name in LOOPBACK_NAMES or name == bound:
            return True
        return bound in _WILDCARDS and _is_this_machine(name)

    @functools.cached_property
    def _given(self) -> frozenset[str]:
        return frozenset(_normalised(n) for n in self.names)


def _normalised(name: str) -> str:
    """``NAME`` or ``NAME:PORT`` lower-cased, an IPv6 address without its brackets."""
    host, port = _split_host(name, None)
    return name.lower() if host is None else host if port is None else f"{host}:{port}"


def _split_host(host: str, default_port: int | None) -> tuple[str | None, int | None]:
    """(name, port) of a ``Host`` header; (None, None) when it is not one."""
    try:
        parts = urlsplit(f"//{host}")
        name, port = parts.hostname, parts.port
    except ValueError:  # a port that is not a number, a bracket left open
        return None, None
    if not name or parts.path or parts.query or parts.fragment or parts.username is not None:
        return None, None
    return name.rstrip("."), default_port if port is None else port


@functools.lru_cache(maxsize=256)
def _is_this_machine(name: str) -> bool:
    """This machine's host name, or an address one of its interfaces has (the kernel says: it can be bound)."""
    if name in {socket.gethostname().lower(), socket.getfqdn().lower()}:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((str(address), 0))
    except OSError:
        return False
    return True


def _refuse_foreign_hosts(app: Dash, hosts: AllowedHosts) -> None:
    """403 for a request addressed to another name, or posted from a page of another origin."""
    refused = Response(
        "actorgraph: this server does not answer to that host name (see 'actorgraph serve --allowed-host').\n",
        403,
        mimetype="text/plain",
    )

    @app.server.before_request
    def check_host() -> Response | None:
        port = int(request.environ.get("SERVER_PORT") or 0)
        if not hosts.allows(request.headers.get("Host"), port, request.scheme):
            log.warning("refused a request for host %r", request.headers.get("Host"))
            return refused
        origin = request.headers.get("Origin")
        if request.method in _UNSAFE_METHODS and origin is not None and not hosts.allows_origin(origin, port):
            log.warning("refused a %s from origin %r", request.method, origin)
            return refused
        return None


def _plain_errors(app: Dash) -> None:
    @app.server.errorhandler(500)
    def internal_error(_error: Exception) -> Response:
        return Response("actorgraph: the server hit an error; the details are in its log.\n", 500, mimetype="text/plain")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_free(host: str, port: int) -> None:
    """OSError when the address cannot be bound (werkzeug would print and exit instead)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


# Python's default collector thresholds (700, 10, 10) make it scan the whole heap again and
# again while the server reads a big result: the engines hand back one list per row (20,000
# and more for a view's edge summary), alive until converted, so each read pushes them into
# the oldest generation and sets off a full collection (40-70 ms) almost every new view.
# With a young generation of 50,000 objects, rows are freed by reference counting before a
# collection sees them; collections become rare and short (bench/RESULTS.md).
SERVING_GC_THRESHOLDS = (50_000, 20, 10)


def serving_gc() -> bool:
    """Tune the garbage collector for serving (see :data:`SERVING_GC_THRESHOLDS`).

    Only when the thresholds are still Python's defaults, so a choice made elsewhere stands;
    True when they were changed.
    """
    if gc.get_threshold() != (700, 10, 10):
        return False
    gc.set_threshold(*SERVING_GC_THRESHOLDS)
    return True


# glibc gives each new thread its own malloc arena, up to 8 per core; the server answers each
# request on a new thread, so freed memory ends up scattered over 16 arenas and the server's
# resident memory climbs for minutes after its caches stopped growing (bench/load.py: +22 % in
# 5 minutes with the default, +7 % and flat with 2 arenas, at the same latency).
SERVING_MALLOC_ARENAS = 2
# glibc serves a block of 128 KiB or more with a mapping of its own, returned to the system
# when freed; but each such free raises that threshold to the block's size (up to 32 MiB), so
# after the first view is dropped the next views' numpy columns (0.5-4 MB each for a store of
# 500,000 relations) come from the heap, where one small object kept beside them pins the
# pages when they are freed. A fixed threshold keeps every big block a mapping of its own:
# the memory of a view the cache let go goes back to the system (bench/RESULTS.md, "Memory of
# the served app": a 500,000-relation server under bench/load.py held 1.65 GB after 90 s and
# 2.1 GB three minutes later; 1.0 and 1.26 GB with the threshold fixed, at a lower p95).
SERVING_MMAP_THRESHOLD = 256 * 2**10
_M_MMAP_THRESHOLD = -3  # mallopt parameters, from glibc's malloc.h
_M_ARENA_MAX = -8


def serving_malloc(arenas: int = SERVING_MALLOC_ARENAS, mmap_threshold: int = SERVING_MMAP_THRESHOLD) -> list[str]:
    """Tune glibc's malloc for a threaded server that caches big views.

    Caps the arenas (:data:`SERVING_MALLOC_ARENAS`) and fixes the size from which a block
    gets a mapping of its own (:data:`SERVING_MMAP_THRESHOLD`). Each is left alone when the
    user chose it (``MALLOC_ARENA_MAX``, ``MALLOC_MMAP_THRESHOLD_`` or ``GLIBC_TUNABLES``), and
    nothing is done where the C library is not glibc. Returns the settings made.

    >>> set(serving_malloc()) <= {"arena_max", "mmap_threshold"}
    True
    """
    if not sys.platform.startswith("linux"):
        return []
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # musl and others: no glibc, no mallopt
        return []
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    wanted = {
        "arena_max": (_M_ARENA_MAX, arenas, "MALLOC_ARENA_MAX"),
        "mmap_threshold": (_M_MMAP_THRESHOLD, mmap_threshold, "MALLOC_MMAP_THRESHOLD_"),
    }
    return [
        name
        for name, (option, value, variable) in wanted.items()
        if not os.environ.get(variable) and f"glibc.malloc.{name}" not in tunables and mallopt(option, value)
    ]


class ServerThread(threading.Thread):
    """The app on a real WSGI server in a background thread (the tests and ``serve`` use it).

    Port 0 picks a free port; :attr:`url` says where it listens once constructed.
    """

    def __init__(self, app: Dash, host: str = "127.0.0.1", port: int = 0):
        super().__init__(name="actorgraph-server", daemon=True)
        serving_malloc()  # before any request thread exists
        if port:
            _check_free(host, port)
        self.server: BaseWSGIServer = make_server(host, port, app.server, threaded=True)
        self.host, self.port = host, self.server.server_port

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def run(self) -> None:
        serving_gc()
        self.server.serve_forever()

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.shutdown()
        self.server.server_close()
        if self.is_alive():
            self.join(timeout=10)
