"""Who may reach the app, and what a failure shows: basic auth on every route (from a flag or
a file), the warning for addresses beyond this machine, and no traceback in any response."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from actorgraph.dashboard.app import create_app
from actorgraph.dashboard.layout import Ids
from actorgraph.dashboard.services import Dashboard

CREDENTIALS = "analyst:s3cret:with-colon"
SAMPLES = {"path": "x", "filename": "style.css", "package_name": "dash", "fingerprinted_path": "dash_renderer.min.js"}


def basic(credentials: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()}


def every_route(app: Any) -> list[tuple[str, str]]:
    """(method, URL) for each rule the server has, variable parts filled with samples."""
    routes = []
    for rule in app.server.url_map.iter_rules():
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES[m.group(1)], rule.rule)
        routes += [(method, url) for method in sorted(rule.methods)]
    return routes


def callback_request(app: Any, output: str, values: dict[str, Any], trigger: str) -> dict[str, Any]:
    """The body the browser posts to ``/_dash-update-component`` for the callback writing ``output``."""
    (key,) = [k for k in app.callback_map if output in k.split("...") or k == output or f"..{output}..." in k]
    spec = app.callback_map[key]
    outputs = [{"id": o.component_id, "property": o.component_property} for o in spec["output"]]

    def fill(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": fill(spec["inputs"]),
        "state": fill(spec["state"]),
        "changedPropIds": [trigger],
    }


@pytest.fixture
def guarded(embedded_dashboard: Dashboard) -> Any:
    return create_app(embedded_dashboard, auth=CREDENTIALS)


def test_every_route_and_method_asks_for_credentials(guarded: Any) -> None:
    client = guarded.server.test_client()
    routes = every_route(guarded)
    assert ("POST", "/_dash-update-component") in routes and ("GET", "/assets/style.css") in routes
    for method, url in routes:
        for headers in ({}, basic("analyst:wrong"), basic("someone:s3cret:with-colon"), {"Authorization": "Basic !!"}):
            response = client.open(url, method=method, headers=headers)
            assert response.status_code == 401, (method, url, headers)
            assert response.headers["WWW-Authenticate"] == 'Basic realm="actorgraph"'
            assert "actorgraph" not in response.get_data(as_text=True).lower() or method == "HEAD"


def test_the_right_credentials_open_every_route(guarded: Any) -> None:
    client = guarded.server.test_client()
    assert client.get("/", headers=basic(CREDENTIALS)).status_code == 200
    assert client.get("/assets/style.css", headers=basic(CREDENTIALS)).status_code == 200
    body = callback_request(guarded, "view-stats.children", {"url.search": "", "data-version.data": 0}, "url.search")
    answer = client.post("/_dash-update-component", json=body, headers=basic(CREDENTIALS))
    assert answer.status_code == 200
    assert answer.get_json()["response"]["view-stats"]["children"] == "10 of 10 actors · 15 of 15 relations"
    assert client.post("/_dash-update-component", json=body).status_code == 401


def test_a_failing_callback_shows_one_line_and_no_traceback(
    embedded_dashboard: Dashboard, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("secret detail at /srv/actorgraph/private.py line 12")

    monkeypatch.setattr(embedded_dashboard, "view", broken)
    app = create_app(embedded_dashboard)
    body = callback_request(app, "view-stats.children", {"url.search": "", "data-version.data": 0}, "url.search")
    response = app.server.test_client().post("/_dash-update-component", json=body)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "secret detail" not in text and "private.py" not in text
    assert json.loads(text)["sideUpdate"][Ids.ERROR_TEXT]["children"] == (
        "Something went wrong (RuntimeError); the details are in the server log."
    )
    assert "secret detail" in caplog.text  # the details are in the server log


def test_an_unknown_callback_gets_a_plain_error(embedded_dashboard: Dashboard) -> None:
    client = create_app(embedded_dashboard).server.test_client()
    body = {"output": "nothing.here", "outputs": {"id": "nothing", "property": "here"}, "inputs": [], "changedPropIds": []}
    response = client.post("/_dash-update-component", json=body)
    text = response.get_data(as_text=True)
    assert response.status_code >= 400 and "Traceback" not in text and 'File "' not in text


# -- credentials from a file, and the serve command's checks --------------------------------


class FakeServer:
    """Stands in for the real server: records where it would listen, serves nothing."""

    started: ClassVar[list[tuple[str, int, Any]]] = []

    def __init__(self, app: Any, host: str, port: int):
        self.app, self.host, self.port = app, host, port
        self.url = f"http://{host}:{port}/"
        self.server = type("S", (), {"server_close": lambda _self: None})()
        FakeServer.started.append((host, port, app))

    def run(self) -> None:
        """Returns at once, as ``serve_forever`` does after Ctrl+C."""


def serve(folder: str, *args: str, env: dict[str, str] | None = None, monkeypatch: pytest.MonkeyPatch) -> Any:
    from actorgraph.cli import main

    monkeypatch.setattr("actorgraph.dashboard.app.ServerThread", FakeServer)
    monkeypatch.setattr("actorgraph.commands.app._stop_on_sigterm", lambda: None)
    FakeServer.started.clear()
    clean = dict.fromkeys(
        ("ACTORGRAPH_AUTH", "ACTORGRAPH_AUTH_FILE", "ACTORGRAPH_HOST", "ACTORGRAPH_STORE", "ACTORGRAPH_ALLOWED_HOSTS")
    )
    return CliRunner().invoke(main, ["serve", "--store", folder, *args], env=clean | (env or {}))


@pytest.fixture
def auth_file(tmp_path: Path) -> Path:
    path = tmp_path / "actorgraph.auth"
    path.write_text(f"{CREDENTIALS}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_credentials_from_a_file_guard_the_app(
    store_folder: str, auth_file: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, env = (["--auth-file", str(auth_file)], {}) if how == "flag" else ([], {"ACTORGRAPH_AUTH_FILE": str(auth_file)})
    result = serve(store_folder, *args, env=env, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    ((_host, _port, app),) = FakeServer.started
    client = app.server.test_client()
    assert client.get("/").status_code == 401
    assert client.get("/", headers=basic(CREDENTIALS)).status_code == 200


@pytest.mark.parametrize(
    ("content", "expected"),
    [("", "must hold one line"), ("analyst\n", "USER:PASSWORD"), ("a:b\nc:d\n", "must hold one line"), (None, "cannot read")],
)
def test_a_bad_auth_file_is_one_line(
    store_folder: str, tmp_path: Path, content: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "auth"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = serve(store_folder, "--auth-file", str(path), monkeypatch=monkeypatch)
    assert result.exit_code == 1 and FakeServer.started == []
    assert result.output.startswith("actorgraph: error: --auth-file: ") and expected in result.output
    assert result.output.count("\n") == 1


def test_auth_and_auth_file_together_are_refused(store_folder: str, auth_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = serve(store_folder, "--auth", "a:b", "--auth-file", str(auth_file), monkeypatch=monkeypatch)
    assert result.exit_code == 1 and "use one" in result.output


@pytest.mark.parametrize(
    ("args", "env", "warned"),
    [
        ([], {}, False),
        (["--host", "0.0.0.0"], {}, True),
        ([], {"ACTORGRAPH_HOST": "192.168.1.20"}, True),
        (["--host", "0.0.0.0", "--auth", "a:b"], {}, False),
        (["--host", "::"], {"ACTORGRAPH_AUTH": "a:b"}, False),
        (["--host", "::1"], {}, False),
    ],
)
def test_serving_beyond_this_machine_without_auth_warns(
    store_folder: str, args: list[str], env: dict[str, str], warned: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = serve(store_folder, *args, env=env, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    ((host, _port, _app),) = FakeServer.started
    assert host == (args[1] if args and args[0] == "--host" else env.get("ACTORGRAPH_HOST", "127.0.0.1"))
    assert ("reachable from other machines and --auth is not set" in result.output) is warned
