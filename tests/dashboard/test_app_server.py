"""The app as a server: no debug mode, no tracebacks over HTTP, basic auth, and ``actorgraph serve``."""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from actorgraph.dashboard.app import create_app, is_loopback
from actorgraph.dashboard.layout import Ids, build_layout
from actorgraph.dashboard.services import Dashboard
from actorgraph.graph import GraphStore

ACTORGRAPH = Path(sys.executable).with_name("actorgraph")


def test_app_is_never_in_debug_mode(embedded_dashboard: Dashboard) -> None:
    app = create_app(embedded_dashboard)
    assert app.server.debug is False
    assert app._dev_tools.ui is False and app._dev_tools.hot_reload is False


def test_a_broken_request_gets_no_traceback(embedded_dashboard: Dashboard) -> None:
    client = create_app(embedded_dashboard).server.test_client()
    response = client.post("/_dash-update-component", data=b"{not json", content_type="application/json")
    body = response.get_data(as_text=True)
    assert response.status_code >= 400
    assert "Traceback" not in body and 'File "' not in body


def test_page_and_layout_are_served(embedded_dashboard: Dashboard) -> None:
    client = create_app(embedded_dashboard).server.test_client()
    assert client.get("/").status_code == 200
    layout = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)
    assert f'"id": "{Ids.NETWORK}"' in layout and f"embedded · {embedded_dashboard.store.location}" in layout


def test_basic_auth_guards_every_route(embedded_dashboard: Dashboard) -> None:
    client = create_app(embedded_dashboard, auth="analyst:s3cret").server.test_client()
    assert client.get("/").status_code == 401
    wrong = base64.b64encode(b"analyst:guess").decode()
    assert client.get("/_dash-layout", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
    right = base64.b64encode(b"analyst:s3cret").decode()
    assert client.get("/_dash-layout", headers={"Authorization": f"Basic {right}"}).status_code == 200


def test_read_only_layout_switches_corrections_off() -> None:
    page = build_layout("embedded · x", ["WARNS"], read_only=True)
    buttons = {}

    def walk(node: Any) -> None:
        if getattr(node, "id", None) in (Ids.ACT_REVIEW, Ids.ACT_MERGE, Ids.ACT_UNDO, Ids.ACT_RENAME, Ids.ACT_FOCUS):
            buttons[node.id] = getattr(node, "disabled", None)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            walk(child)

    walk(page)
    assert buttons == {Ids.ACT_REVIEW: True, Ids.ACT_MERGE: True, Ids.ACT_UNDO: True, Ids.ACT_RENAME: True, Ids.ACT_FOCUS: None}


# Freed views interleaved with small objects that outlive them, as a server's cache sees them:
# 1 MB arrays (a 500,000-relation view's columns), each allocated beside a small survivor.
_FRAGMENTS = """
import os, sys
import numpy as np
from actorgraph.dashboard.app import serving_malloc
if sys.argv[1] == "tuned":
    serving_malloc()
def rss_mb():
    return next(int(line.split()[1]) // 1024 for line in open("/proc/self/status") if line.startswith("VmRSS:"))
start, survivors = rss_mb(), []
for view in range(4):
    columns = []
    for i in range(150):
        columns.append(np.ones(1_000_000 + 64 * i, dtype=np.uint8))
        survivors.append(bytearray(4_000))  # a cached row, a small dict
    del columns
print(rss_mb() - start)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_serving_gives_the_memory_of_freed_views_back() -> None:
    def held_mb(mode: str) -> int:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "GLIBC_TUNABLES"))}
        done = subprocess.run([sys.executable, "-c", _FRAGMENTS, mode], capture_output=True, text=True, env=env, check=True)
        return int(done.stdout)

    assert held_mb("default") > 100  # glibc alone keeps the freed columns: the pattern pins memory
    assert held_mb("tuned") < 20


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_serve_command_answers_on_localhost_and_stops_cleanly(embedded_store: GraphStore, stop_signal: int) -> None:
    folder = embedded_store.location
    embedded_store.close()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")}
    process = subprocess.Popen(
        [str(ACTORGRAPH), "serve", "--store", folder, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        body = _get_when_up(f"http://127.0.0.1:{port}/", process)
        assert "<title>actorgraph</title>" in body
    finally:
        process.send_signal(stop_signal)
        _, stderr = process.communicate(timeout=20)
    assert f"serving embedded · {folder} at http://127.0.0.1:{port}/" in stderr
    assert process.returncode == 0 and stderr.rstrip().endswith("actorgraph: stopped") and "Traceback" not in stderr


def _get_when_up(url: str, process: subprocess.Popen[str], timeout_s: float = 30.0) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited early: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    pytest.fail(f"serve did not answer on {url}")
