"""``actorgraph serve`` as a real server in a subprocess, and a client that posts the very
callback requests the browser would (built from the app's own ``/_dash-dependencies``).

Test modules import this module (not ``conftest``, which names several files here).
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ACTORGRAPH = Path(sys.executable).with_name("actorgraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RunningApp:
    """A served app on 127.0.0.1: plain requests, callback posts, and the server's memory."""

    def __init__(self, process: subprocess.Popen[str], port: int, auth: str | None):
        self.process = process
        self.base = f"http://127.0.0.1:{port}"
        self._headers = {"Content-Type": "application/json"}
        if auth:
            self._headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
        self._dependencies: list[dict[str, Any]] | None = None

    def get(self, path: str, timeout_s: float = 30) -> tuple[int, str]:
        return self._request(urllib.request.Request(self.base + path, headers=self._headers), timeout_s)

    def callback(self, output: str, values: dict[str, Any], trigger: str, timeout_s: float = 60) -> tuple[int, str]:
        """Post the callback that writes ``output`` when ``trigger`` changes; (status, body)."""
        body = json.dumps(self._callback_body(output, values, trigger)).encode()
        request = urllib.request.Request(self.base + "/_dash-update-component", data=body, headers=self._headers, method="POST")
        return self._request(request, timeout_s)

    def rss_mb(self) -> float:
        """The server's resident memory now."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def _callback_body(self, output: str, values: dict[str, Any], trigger: str) -> dict[str, Any]:
        if self._dependencies is None:
            self._dependencies = json.loads(self.get("/_dash-dependencies")[1])

        def names(dep: dict[str, Any]) -> list[str]:
            return [part.split("@")[0] for part in dep["output"].strip(".").split("...")]

        (dep,) = [
            d for d in self._dependencies if output in names(d) and trigger in (f"{i['id']}.{i['property']}" for i in d["inputs"])
        ]
        outputs = [{"id": n.rsplit(".", 1)[0], "property": n.rsplit(".", 1)[1]} for n in names(dep)]
        return {
            "output": dep["output"],
            "outputs": outputs if dep["output"].startswith("..") else outputs[0],
            "inputs": [_filled(i, values) for i in dep["inputs"]],
            "state": [_filled(i, values) for i in dep["state"]],
            "changedPropIds": [trigger],
        }

    @staticmethod
    def _request(request: urllib.request.Request, timeout_s: float) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")


def _filled(item: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    return {"id": item["id"], "property": item["property"], "value": values.get(f"{item['id']}.{item['property']}")}


@contextmanager
def serve(args: list[str], env: dict[str, str], auth: str | None = None, timeout_s: float = 60) -> Iterator[RunningApp]:
    """``actorgraph serve ARGS`` on a free port until the block ends (then SIGINT, and wait)."""
    port = free_port()
    process = subprocess.Popen(
        [str(ACTORGRAPH), "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    app = RunningApp(process, port, auth)
    try:
        _wait_until_up(app, timeout_s)
        yield app
    finally:
        process.terminate()
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def _wait_until_up(app: RunningApp, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"serve exited early: {app.process.stderr.read() if app.process.stderr else ''}")
        try:
            status, _ = app.get("/", timeout_s=2)
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"serve did not answer on {app.base}")
