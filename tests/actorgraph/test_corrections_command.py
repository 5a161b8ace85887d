"""``actorgraph corrections`` as a user runs it: corrections made, listed, undone, and moved
from one engine's store to the other's as JSON Lines."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j_testing import neo4j_settings, open_test_neo4j
from store_contents import contents

from actorgraph.graph import Actor, Affiliation, Article, GraphStore, Mention, Relation, open_store

ACTORGRAPH = str(Path(sys.executable).with_name("actorgraph"))
TYPES = ["AIDS", "ATTACKS", "SANCTIONS"]
DAY = dt.date(2024, 11, 18)


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")} | env
    return subprocess.run([ACTORGRAPH, *args], capture_output=True, text=True, env=environment, timeout=300)


def fill(store: GraphStore) -> None:
    """The same small graph in each store: a manufacturer that is a duplicate of its state."""
    store.upsert_actors([
        Actor(id="IRN", name="Iran", kind="state", code="IRN", reviewed=True),
        Actor(id="RUS", name="Russia", kind="state", code="RUS", reviewed=True),
        Actor(id="UKR", name="Ukraine", kind="state", code="UKR", reviewed=True),
        Actor(id="shahed-aviation-industries", name="Shahed Aviation Industries", kind="org"),
        Actor(id="ali-x", name="Ali X", kind="person"),
    ])  # fmt: skip
    store.upsert_articles([Article(id="a1", title="Drones", published=DAY)])
    store.upsert_relations([
        Relation(id="r1", type="AIDS", source_id="shahed-aviation-industries", target_id="RUS", date=DAY, article_id="a1"),
        Relation(id="r2", type="SANCTIONS", source_id="UKR", target_id="shahed-aviation-industries", date=DAY, article_id="a1"),
        Relation(id="r3", type="ATTACKS", source_id="RUS", target_id="UKR", date=DAY, article_id="a1"),
    ])  # fmt: skip
    store.upsert_mentions([Mention(article_id="a1", actor_id=a) for a in ("IRN", "shahed-aviation-industries", "UKR")])
    store.upsert_affiliations([Affiliation(actor_id="ali-x", organisation_id="shahed-aviation-industries", role="engineer")])


@pytest.fixture
def stores(tmp_path: Path) -> dict[str, dict[str, str]]:
    """The environment that points ``actorgraph`` at each engine's store, both filled alike."""
    neo4j = open_test_neo4j(TYPES)
    fill(neo4j)
    neo4j.close()
    with open_store(tmp_path / "graph", relation_types=TYPES) as embedded:
        fill(embedded)
    settings = neo4j_settings()
    return {
        "embedded": {"ACTORGRAPH_STORE": str(tmp_path / "graph")},
        "neo4j": {"ACTORGRAPH_STORE": settings["uri"], "NEO4J_USER": settings["user"], "NEO4J_PASSWORD": settings["password"]},
    }


def opened(env: dict[str, str]) -> GraphStore:
    return open_store(env["ACTORGRAPH_STORE"], user=env.get("NEO4J_USER"), password=env.get("NEO4J_PASSWORD"))


@pytest.mark.neo4j
@pytest.mark.parametrize("source", ["embedded", "neo4j"])
def test_export_then_import_into_the_other_engine_gives_the_same_actors(
    stores: dict[str, dict[str, str]], source: str, tmp_path: Path
) -> None:
    here, there = stores[source], stores["neo4j" if source == "embedded" else "embedded"]
    for args in (
        ["merge", "IRN", "shahed-aviation-industries"],
        ["rename", "ali-x", "Ali X. Hosseini"],
        ["review", "ali-x", "--not-reviewed"],
        ["undo", "--yes"],
        ["review", "RUS", "--not-reviewed"],
    ):
        result = run("corrections", *args, env=here)
        assert result.returncode == 0, result.stderr
    log = tmp_path / "corrections.jsonl"
    assert run("corrections", "export", "-o", str(log), env=here).returncode == 0
    assert len(log.read_text().splitlines()) == 4
    first = run("corrections", "import", str(log), env=there)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "4 corrections read: 4 applied, 0 already in the log"
    again = run("corrections", "import", str(log), env=there)
    assert again.stdout.strip() == "4 corrections read: 0 applied, 4 already in the log"
    with opened(here) as a, opened(there) as b:
        assert contents(a)["actors"] == contents(b)["actors"]
        assert contents(a) == contents(b)
        made = [(c.id, c.summary(), c.made_by, c.made_at, c.undone) for c in a.corrections()]
        assert [(c.id, c.summary(), c.made_by, c.made_at, c.undone) for c in b.corrections()] == made
    listed = run("corrections", "list", env=there).stdout.splitlines()
    assert [line.split(maxsplit=4)[-1] for line in listed][:2] == [
        "merge shahed-aviation-industries into IRN",
        "rename ali-x to 'Ali X. Hosseini'",
    ]
    assert "(undone by" in listed[2]


def test_corrections_list_as_json_and_mistakes_as_one_line(stores: dict[str, dict[str, str]], tmp_path: Path) -> None:
    env = stores["embedded"]
    assert run("corrections", "list", env=env).stdout == "no corrections yet\n"
    assert run("corrections", "rename", "UKR", "Ukraine (state)", env=env).returncode == 0
    (entry,) = json.loads(run("corrections", "list", "--format", "json", env=env).stdout)
    assert (entry["kind"], entry["actor_id"], entry["name"], entry["made_by"]) == ("rename", "UKR", "Ukraine (state)", _os_user())
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "merge", "actor_id": "IRN"}\n')
    for args, fragment in (
        (["import", str(bad)], "line 1: not a correction"),
        (["merge", "IRN", "nobody"], "no actor with id 'nobody'"),
        (["list", "--store", str(tmp_path / "typo")], "no store in"),
    ):
        result = run("corrections", *args, env=env)
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert [line for line in result.stderr.splitlines() if line.strip()] == [result.stderr.strip()]
        assert fragment in result.stderr
    assert run("corrections", "undo", "-y", env=env).returncode == 0
    result = run("corrections", "undo", "-y", env=env)
    assert "there is no correction to undo" in result.stderr
    assert not (tmp_path / "typo").exists()


def _os_user() -> str:
    from actorgraph.graph.corrections import os_user

    return os_user()
