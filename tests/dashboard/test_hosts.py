"""The app answers only to its own names (DNS rebinding): a foreign ``Host`` gets 403 on every
route, and so does a POST from a page of another origin; localhost, 127.0.0.1, [::1] and the
names given with --allowed-host still work, and basic auth still applies."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from typing import Any

import pytest
from test_access import CREDENTIALS, FakeServer, basic, callback_request, every_route, serve

from actorgraph.dashboard.app import AllowedHosts, ServerThread, create_app
from actorgraph.dashboard.services import Dashboard

FOREIGN = ["evil.example", "evil.example:80", "localhost.evil.example", "127.0.0.1.evil.example", "localhost:81", "10.9.8.7"]
STATS = {"url.search": "", "data-version.data": 0}


def stats_request(app: Any) -> dict[str, Any]:
    return callback_request(app, "view-stats.children", STATS, "url.search")


@pytest.fixture
def app(embedded_dashboard: Dashboard) -> Any:
    return create_app(embedded_dashboard)


@pytest.mark.parametrize("host", FOREIGN)
def test_a_foreign_host_gets_403_on_every_route(app: Any, host: str) -> None:
    client = app.server.test_client()
    routes = every_route(app)
    assert {("GET", "/"), ("POST", "/_dash-update-component"), ("GET", "/assets/style.css")} <= set(routes)
    assert any(url.startswith("/_dash-component-suites/") for _, url in routes)
    for method, url in [*routes, ("GET", "/no-such-page")]:
        response = client.open(url, method=method, headers={"Host": host})
        assert response.status_code == 403, (method, url, host)
        assert "not answer to that host name" in response.get_data(as_text=True) or method == "HEAD"


def test_loopback_names_are_answered_on_the_servers_port(app: Any) -> None:
    client = app.server.test_client()  # the test client's server is on port 80
    for host in ("localhost", "127.0.0.1", "[::1]", "LOCALHOST:80", "localhost."):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
        answer = client.post("/_dash-update-component", json=stats_request(app), headers={"Host": host})
        assert answer.get_json()["response"]["view-stats"]["children"] == "10 of 10 actors · 15 of 15 relations"


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        (None, 200),  # curl and scripts send none; browsers always do on a POST
        ("http://localhost", 200),
        ("http://127.0.0.1:80", 200),
        ("http://evil.example", 403),
        ("http://localhost:8080", 403),
        ("https://localhost.evil.example", 403),
        ("null", 403),  # sandboxed frames and local files
        ("file://", 403),
    ],
)
def test_a_post_from_another_origin_gets_403(app: Any, origin: str | None, status: int) -> None:
    headers = {"Origin": origin} if origin else {}
    response = app.server.test_client().post("/_dash-update-component", json=stats_request(app), headers=headers)
    assert response.status_code == status


def test_basic_auth_still_applies_and_comes_second(embedded_dashboard: Dashboard) -> None:
    app = create_app(embedded_dashboard, auth=CREDENTIALS)
    client = app.server.test_client()
    assert client.get("/", headers={"Host": "evil.example", **basic(CREDENTIALS)}).status_code == 403
    assert client.get("/").status_code == 401
    assert client.get("/", headers=basic(CREDENTIALS)).status_code == 200
    cross = {"Origin": "http://evil.example", **basic(CREDENTIALS)}
    assert client.post("/_dash-update-component", json=stats_request(app), headers=cross).status_code == 403


# -- on a real server ---------------------------------------------------------------------


@pytest.fixture
def server(embedded_dashboard: Dashboard) -> Iterator[ServerThread]:
    hosts = AllowedHosts("127.0.0.1", names=("analyst-box", "graph.example.org:8443"))
    server = ServerThread(create_app(embedded_dashboard, hosts=hosts), "127.0.0.1", 0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def status_for(server: ServerThread, host: str, method: str = "GET", path: str = "/", headers: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_real_server_answers_its_own_names_only(server: ServerThread) -> None:
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"analyst-box:{port}", "analyst-box", "graph.example.org:8443"):
        assert status_for(server, host) == 200, host
        assert status_for(server, host, path="/assets/style.css") == 200, host
    for host in (
        "evil.example",
        f"evil.example:{port}",
        f"analyst-box.evil.example:{port}",
        f"graph.example.org:{port}",
        f"localhost:{port + 1}",
        "localhost",
        "",
        f"localhost:{port}@evil.example",
    ):
        assert status_for(server, host) == 403, host
    assert status_for(server, f"localhost:{port}", "POST", "/_dash-update-component", {"Origin": "http://evil.example"}) == 403


def test_allowed_hosts_come_from_the_flag_or_the_environment(store_folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for args, env in (
        (["--allowed-host", "analyst-box", "--allowed-host", "Graph.Example.org:8443"], {}),
        ([], {"ACTORGRAPH_ALLOWED_HOSTS": "analyst-box,graph.example.org:8443"}),
    ):
        result = serve(store_folder, *args, env=env, monkeypatch=monkeypatch)
        assert result.exit_code == 0, result.output
        ((_host, _port, app),) = FakeServer.started
        client = app.server.test_client()
        assert client.get("/", headers={"Host": "analyst-box"}).status_code == 200
        assert client.get("/", headers={"Host": "graph.example.org:8443"}).status_code == 200
        assert client.get("/", headers={"Host": "graph.example.org"}).status_code == 403
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 403


def test_a_malformed_allowed_host_is_one_line(store_folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = serve(store_folder, "--allowed-host", "http://analyst-box/", monkeypatch=monkeypatch)
    assert result.exit_code == 1 and FakeServer.started == []
    assert result.output.startswith("actorgraph: error: allowed hosts") and result.output.count("\n") == 1


def test_a_wildcard_bind_answers_this_machines_addresses(embedded_dashboard: Dashboard) -> None:
    hosts = AllowedHosts("0.0.0.0")
    assert hosts.allows("127.0.0.1:8050", 8050) and hosts.allows("0.0.0.0:8050", 8050)
    assert not hosts.allows("192.0.2.1:8050", 8050)  # TEST-NET-1: never an address of this machine
    assert not hosts.allows("evil.example:8050", 8050)


# -- a real browser, with names resolved to this machine as a rebinding attacker's would be ---------


@pytest.mark.browser
@pytest.mark.timeout(120)
def test_a_rebound_name_gets_nothing_in_the_browser(server: ServerThread, launch_chromium: Any) -> None:
    # both names resolve to this machine, as an attacker's name does once it is rebound
    browser = launch_chromium("--host-resolver-rules=MAP evil.example 127.0.0.1, MAP analyst-box 127.0.0.1")
    page = browser.new_page()
    refused = page.goto(f"http://evil.example:{server.port}/")
    assert refused is not None and refused.status == 403
    assert "not answer to that host name" in page.inner_text("body")
    allowed = page.goto(f"http://analyst-box:{server.port}/")
    assert allowed is not None and allowed.status == 200
    page.wait_for_function(
        "() => (document.getElementById('view-stats') || {}).innerText === '10 of 10 actors · 15 of 15 relations'"
    )
