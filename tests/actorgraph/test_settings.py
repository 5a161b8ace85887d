"""Settings: flags over ACTORGRAPH_* variables over defaults, checked with the setting's name."""

from __future__ import annotations

import pytest

from actorgraph.settings import Settings, SettingsError, load_settings


def test_defaults() -> None:
    settings = load_settings({}, environ={})
    assert settings == Settings()
    assert (settings.store, settings.host, settings.port, settings.query_row_limit) == ("data/graph", "127.0.0.1", 8050, 1000)


def test_environment_then_flags() -> None:
    environ = {"ACTORGRAPH_STORE": "bolt://db:7687", "NEO4J_PASSWORD": "pw", "ACTORGRAPH_ACTORS": "a.yaml:b.yaml"}
    from_env = load_settings({}, environ=environ)
    assert (from_env.store, from_env.neo4j_password) == ("bolt://db:7687", "pw")
    assert [str(p) for p in from_env.actor_files] == ["a.yaml", "b.yaml"]
    flagged = load_settings({"store": "elsewhere", "neo4j_password": None}, environ=environ)
    assert (flagged.store, flagged.neo4j_password) == ("elsewhere", "pw")


@pytest.mark.parametrize(
    ("flags", "environ", "named"),
    [
        ({}, {"ACTORGRAPH_PORT": "eighty"}, "ACTORGRAPH_PORT"),
        ({"port": 70000}, {}, "port on the command line"),
        ({"query_timeout_s": -1.0}, {}, "query timeout on the command line"),
    ],
)
def test_bad_values_name_the_setting(flags: dict, environ: dict, named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        load_settings(flags, environ=environ)


def test_nothing_is_read_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTORGRAPH_STORE", "read-late")
    assert load_settings({}).store == "read-late"
