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
import gc
import hmac
import ipaddress
import logging
import os
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import dash_cytoscape as cyto
from dash import Dash
from flask import Response, request
from werkzeug.serving import BaseWSGIServer, make_server

from actorgraph.dashboard.callbacks import register_callbacks, show_error
from actorgraph.dashboard.layout import build_layout
from actorgraph.dashboard.services import Dashboard

__all__ = [
    "ServerThread",
    "create_app",
    "is_loopback",
    "limit_malloc_arenas",
    "parse_basic_auth",
    "read_auth_file",
    "serving_gc",
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


def create_app(dashboard: Dashboard, auth: str | None = None) -> Dash:
    """A Dash app over the dashboard's store; ``auth`` ("user:password") turns on HTTP basic auth."""
    cyto.load_extra_layouts()  # fcose, and the SVG export, live in the extra bundle
    app = Dash(
        __name__,
        title="actorgraph",
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        on_error=show_error,
        suppress_callback_exceptions=False,
    )
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_props_check=False, dev_tools_hot_reload=False)

    def page() -> Any:
        # a function, so each page load sees relation types added since the app started
        return build_layout(store_label(dashboard), dashboard.relation_types(), dashboard.read_only)

    app.layout = page
    register_callbacks(app, dashboard)
    if auth:
        _require_basic_auth(app, parse_basic_auth(auth))
    _plain_errors(app)
    return app


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
_M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h


def limit_malloc_arenas(arenas: int = SERVING_MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas for a threaded server (see :data:`SERVING_MALLOC_ARENAS`).

    Does nothing where the C library is not glibc, or when ``MALLOC_ARENA_MAX`` is set
    (the user's choice stands); True when the cap was set.
    """
    if not sys.platform.startswith("linux") or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # musl and others: no glibc, no mallopt
        return False


class ServerThread(threading.Thread):
    """The app on a real WSGI server in a background thread (the tests and ``serve`` use it).

    Port 0 picks a free port; :attr:`url` says where it listens once constructed.
    """

    def __init__(self, app: Dash, host: str = "127.0.0.1", port: int = 0):
        super().__init__(name="actorgraph-server", daemon=True)
        limit_malloc_arenas()  # before any request thread exists
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
