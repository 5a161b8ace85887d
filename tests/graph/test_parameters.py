"""Filter and search values reach the database as parameters, never as query text, on both engines.

Actor and article ids and names below carry quotes, backslashes, braces, Cypher keywords,
comment markers and non-Latin scripts; each must be stored, found and filtered on exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from actorgraph.graph import Actor, Article, GraphFilter, GraphStore, Mention, Relation

HOSTILE = [
    "O'Brien",
    'Say "hello"',
    "back\\slash \\' and \\u0027",
    "{brace} $param }",
    "') MATCH (n) DETACH DELETE n //",
    '" OR 1=1 OR "',
    "MATCH (n) DETACH DELETE n",
    "`backtick` name",
    "/* comment */ // line",
    "semi; colon",
    "%_ wildcard .* regex (?i)",
    "Ким Чен Ын",
    "金正恩",
    "محمود عباس",
    "नरेंद्र मोदी",
    "Україна 🇺🇦",
]
DAY = dt.date(2024, 11, 18)


def actor_id(index: int) -> str:
    """Ids are as hostile as names: the name itself, with the index to keep them apart."""
    return f"{HOSTILE[index]} #{index}"


def article_id(index: int) -> str:
    return f"article {HOSTILE[index]}"


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, open_engine_store: Callable[[str, Path], GraphStore]
) -> Iterator[GraphStore]:
    """Each hostile actor attacks the next one, in an article of its own; only read afterwards."""
    opened = open_engine_store(request.param, tmp_path_factory.mktemp("params") / "graph")
    count = len(HOSTILE)
    opened.upsert_actors(
        Actor(id=actor_id(i), name=name, kind="person", aliases=[f"alias {name}"]) for i, name in enumerate(HOSTILE)
    )
    opened.upsert_articles(Article(id=article_id(i), title=name, source=name, published=DAY) for i, name in enumerate(HOSTILE))
    opened.upsert_relations(
        Relation(
            id=f"rel {name}",
            type="ATTACKS",
            source_id=actor_id(i),
            target_id=actor_id((i + 1) % count),
            article_id=article_id(i),
            sentence=name,
            date=DAY,
        )
        for i, name in enumerate(HOSTILE)
    )
    opened.upsert_mentions(Mention(article_id=article_id(i), actor_id=actor_id(i)) for i in range(count))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def texts_sent(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every query text the store sends to its engine while the test runs."""
    sent: list[str] = []
    run = store._run  # type: ignore[attr-defined]  # both engines have it; GraphStore does not declare it

    def spy(query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        sent.append(query)
        return run(query, params)

    monkeypatch.setattr(store, "_run", spy)
    return sent


@pytest.mark.parametrize("index", range(len(HOSTILE)), ids=[f"h{i}" for i in range(len(HOSTILE))])
def test_each_hostile_actor_is_stored_found_and_filtered_on(store: GraphStore, texts_sent: list[str], index: int) -> None:
    name, ident = HOSTILE[index], actor_id(index)
    (actor,) = store.get_actors([ident])
    assert (actor.id, actor.name, actor.aliases) == (ident, name, [f"alias {name}"])
    assert ident in [a.id for a in store.search_actors(name, limit=50)]
    assert ident in [a.id for a in store.search_actors(f"alias {name}".upper(), limit=50)]
    touching = store.relations(GraphFilter(actor_ids=[ident]))
    assert sorted(r.id for r in touching) == sorted({f"rel {name}", f"rel {HOSTILE[index - 1]}"})
    (own,) = store.relations(GraphFilter(article_ids=[article_id(index)]))
    assert (own.id, own.sentence, own.source_id) == (f"rel {name}", name, ident)
    assert store.get_articles([article_id(index)])[0].title == name
    assert {e.source_id for e in store.edge_summary(GraphFilter(actor_ids=[ident]))} == {
        ident,
        actor_id((index - 1) % len(HOSTILE)),
    }
    assert sum(p.count for p in store.timeline(GraphFilter(article_ids=[article_id(index)]))) == 1
    assert not any(name in text or ident in text for text in texts_sent), "a value was written into a query text"


def test_navigation_between_hostile_actors(store: GraphStore, texts_sent: list[str]) -> None:
    first, third = actor_id(0), actor_id(2)
    around = store.neighbourhood(first, hops=1)
    assert {a.id for a in around.actors} == {actor_id(len(HOSTILE) - 1), first, actor_id(1)}
    path = store.shortest_path(first, third)
    assert [a.id for a in path.actors] == [first, actor_id(1), third]
    assert [r.id for r in store.relations_between(first, actor_id(1))] == [f"rel {HOSTILE[0]}"]
    assert store.affiliations([first]) == []
    assert not any(HOSTILE[0] in text or HOSTILE[2] in text for text in texts_sent)


@pytest.mark.parametrize("index", range(len(HOSTILE)), ids=[f"h{i}" for i in range(len(HOSTILE))])
def test_user_query_parameters_carry_hostile_values(store: GraphStore, index: int) -> None:
    result = store.query("MATCH (a:Actor) WHERE a.name = $name RETURN a.id AS id", {"name": HOSTILE[index]})
    assert result.rows == [[actor_id(index)]]


def test_search_text_is_not_a_pattern(store: GraphStore) -> None:
    # LIKE wildcards and regex syntax in the text match themselves only
    assert [a.id for a in store.search_actors("%_")] == [actor_id(HOSTILE.index("%_ wildcard .* regex (?i)"))]
    assert [a.id for a in store.search_actors(".*")] == [actor_id(HOSTILE.index("%_ wildcard .* regex (?i)"))]
    assert store.search_actors("no such actor ' OR '1'='1") == []
