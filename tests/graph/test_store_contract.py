"""The store contract: every engine must pass every test here, unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from store_contents import contents

from actorgraph.graph import (
    Actor,
    Affiliation,
    Article,
    DocumentGraph,
    GraphFilter,
    GraphStore,
    Mention,
    NotFound,
    QueryError,
    ReadOnlyViolation,
    Relation,
)
from actorgraph.graph.corrections import new_correction
from actorgraph.graph.records import ACTOR_INDEX_SCHEMA, RELATION_INDEX_SCHEMA, EdgeRow

D1, D2 = dt.date(2024, 11, 18), dt.date(2024, 10, 1)

ACTORS = [
    Actor(id="RUS", name="Russia", kind="state", code="RUS", aliases=["Kremlin", "Moscow"], reviewed=True),
    Actor(id="UKR", name="Ukraine", kind="state", code="UKR", aliases=["Kyiv"], reviewed=True),
    Actor(id="USA", name="United States", kind="state", code="USA", aliases=["Washington"], reviewed=True),
    Actor(id="PRK", name="North Korea", kind="state", code="PRK", aliases=["Pyongyang"], reviewed=True),
    Actor(id="dmitry-peskov", name="Dmitry Peskov", kind="person", code="RUS", role="Kremlin spokesperson"),
    Actor(id="odd", name='O\'Brien "Quote" {brace} \\ MATCH (n) DETACH DELETE n', kind="person"),
    Actor(id="kim-cyrillic", name="Ким Чен Ын", kind="person", code="PRK"),
]
ARTICLES = [
    Article(id="a1", title="Kremlin warns", source="Wire", published=D1, text_sha256="s1"),
    Article(id="a2", title="Autumn report", source="Daily", published=D2, text_sha256="s2"),
]


def rel(rid: str, rtype: str, s: str, t: str, date: dt.date | None, article: str, **kw: Any) -> Relation:
    return Relation(
        id=rid,
        type=rtype,
        source_id=s,
        target_id=t,
        date=date,
        article_id=article,
        sentence=f"{s} {rtype.lower()} {t}.",
        char_start=0,
        char_end=10,
        extractor="test",
        **kw,
    )


RELATIONS = [
    rel("r1", "WARNS", "RUS", "USA", D1, "a1", confidence=0.9, quad_class=2, goldstein=-2.0, modality="asserted"),
    rel("r2", "ACCUSES", "RUS", "USA", D1, "a1", confidence=0.6, quad_class=3, goldstein=-2.0, modality="reported"),
    rel("r3", "AIDS", "PRK", "RUS", D2, "a2", confidence=0.7, quad_class=2, goldstein=7.0, modality="alleged"),
    rel("r4", "ATTACKS", "RUS", "UKR", D2, "a2", confidence=0.95, quad_class=4, goldstein=-10.0),
    rel("r5", "WARNS", "dmitry-peskov", "USA", D1, "a1", confidence=0.8, quad_class=2, goldstein=-2.0),
    rel("r6", "WARNS", "RUS", "USA", D2, "a2", confidence=0.5, quad_class=2, goldstein=-2.0),
]


@pytest.fixture
def store(empty_store: GraphStore) -> GraphStore:
    empty_store.upsert_actors(ACTORS)
    empty_store.upsert_articles(ARTICLES)
    empty_store.upsert_relations(RELATIONS)
    empty_store.upsert_mentions([Mention(article_id="a1", actor_id=a) for a in ("RUS", "USA", "dmitry-peskov")])
    empty_store.upsert_affiliations([Affiliation(actor_id="dmitry-peskov", organisation_id="RUS", role="spokesperson")])
    return empty_store


def ids(items: list) -> list[str]:
    return sorted(i.id for i in items)


# -- empty store and writes ---------------------------------------------------------------


def test_empty_store_answers_every_read(empty_store: GraphStore) -> None:
    assert empty_store.stats().nodes == {}
    assert empty_store.stats().relationships == {}
    assert empty_store.relations() == []
    assert empty_store.edge_summary() == []
    assert len(empty_store.edge_columns()) == 0
    assert empty_store.relation_counts("RUS") == {} and empty_store.relations_between("RUS", "USA") == []
    assert empty_store.search_actors("rus") == []
    assert empty_store.subgraph().actors == []
    assert empty_store.timeline() == []
    assert empty_store.query("MATCH (a:Actor) RETURN count(a) AS n").rows == [[0]]


def test_upserts_are_idempotent(store: GraphStore) -> None:
    before = store.stats()
    store.upsert_actors(ACTORS)
    store.upsert_articles(ARTICLES)
    store.upsert_relations(RELATIONS)
    store.upsert_mentions([Mention(article_id="a1", actor_id="RUS")])
    assert store.stats() == before
    assert before.nodes == {"Actor": 7, "Article": 2}
    assert before.relationships == {"ACCUSES": 1, "AFFILIATED_WITH": 1, "AIDS": 1, "ATTACKS": 1, "MENTIONS": 3, "WARNS": 3}


def test_upserting_a_relation_again_updates_it(store: GraphStore) -> None:
    store.upsert_relations([RELATIONS[0].model_copy(update={"confidence": 0.1, "modality": "alleged"})])
    (updated,) = [r for r in store.relations() if r.id == "r1"]
    assert (updated.confidence, updated.modality) == (0.1, "alleged")
    assert store.stats().relationships["WARNS"] == 3


def test_relation_properties_round_trip(store: GraphStore) -> None:
    (got,) = [r for r in store.relations() if r.id == "r3"]
    assert got == RELATIONS[2]


def test_sector_actors_and_mention_offsets_round_trip(store: GraphStore) -> None:
    soldiers = Actor(id="PRK-MIL", name="North Korea · military", kind="state", code="PRK", country="PRK", sector="MIL")
    store.upsert_actors([soldiers])
    store.upsert_affiliations([Affiliation(actor_id="PRK-MIL", organisation_id="PRK", role="military")])
    deployed = rel(
        "r7",
        "WARNS",
        "PRK-MIL",
        "RUS",
        D1,
        "a1",
        source_mention="North Korean soldiers",
        source_start=0,
        source_end=21,
        target_mention="Russia",
        target_start=30,
        target_end=36,
    )
    store.upsert_relations([deployed])
    assert store.get_actor("PRK-MIL") == soldiers
    (got,) = [r for r in store.relations() if r.id == "r7"]
    assert got == deployed
    assert (got.source_mention, got.source_start, got.source_end) == ("North Korean soldiers", 0, 21)
    assert ("PRK-MIL", "PRK", "military") in {(a.actor_id, a.organisation_id, a.role) for a in store.affiliations(["PRK"])}


def test_actor_upsert_pools_aliases_and_keeps_review(store: GraphStore) -> None:
    store.upsert_actors([Actor(id="RUS", name="Russian Federation", kind="state", aliases=["Russian"], reviewed=False)])
    russia = store.get_actor("RUS")
    assert russia.name == "Russia"
    assert russia.reviewed is True
    assert set(russia.aliases) == {"Kremlin", "Moscow", "Russian", "Russian Federation"}


def test_new_relation_type_is_declared_on_write(store: GraphStore) -> None:
    store.upsert_relations([rel("r9", "SANCTIONS", "USA", "RUS", D1, "a1")])
    assert "SANCTIONS" in store.relation_types()
    assert [r.id for r in store.relations(GraphFilter(relation_types=["SANCTIONS"]))] == ["r9"]


def test_relation_to_unknown_actor_is_refused(store: GraphStore) -> None:
    with pytest.raises(NotFound, match="nobody"):
        store.upsert_relations([rel("r9", "WARNS", "RUS", "nobody", D1, "a1")])
    assert store.stats().relationships["WARNS"] == 3


def test_unicode_and_quoted_names_survive(store: GraphStore) -> None:
    assert store.get_actor("kim-cyrillic").name == "Ким Чен Ын"
    assert store.get_actor("odd").name == ACTORS[5].name
    assert ids(store.search_actors("ким")) == ["kim-cyrillic"]
    assert ids(store.search_actors('"quote" {brace}')) == ["odd"]
    assert store.stats().nodes["Actor"] == 7


# -- documents ------------------------------------------------------------------------------


def document(text_sha: str, relations: list[Relation]) -> DocumentGraph:
    article = Article(id="a3", title="Doc", published=D1, text_sha256=text_sha)
    return DocumentGraph(
        article=article,
        actors=[ACTORS[0], ACTORS[1], Actor(id="new-person", name="New Person", kind="person")],
        relations=relations,
        mentions=[Mention(article_id="a3", actor_id="RUS", count=2), Mention(article_id="a3", actor_id="new-person")],
        affiliations=[Affiliation(actor_id="new-person", organisation_id="UKR", role="envoy")],
    )


def test_write_document_is_idempotent_and_replaces_changed_text(store: GraphStore) -> None:
    first = document("t1", [rel("d1", "ATTACKS", "RUS", "UKR", D1, "a3"), rel("d2", "WARNS", "new-person", "RUS", D1, "a3")])
    outcome = store.write_document(first)
    assert (outcome.status, outcome.new_actor_ids, outcome.relations) == ("written", ["new-person"], 2)
    after_first = store.stats()
    assert store.write_document(first).status == "unchanged"
    assert store.stats() == after_first

    changed = document("t2", [rel("d3", "AIDS", "UKR", "RUS", D1, "a3")])
    assert store.write_document(changed).status == "replaced"
    in_a3 = store.relations(GraphFilter(article_ids=["a3"]))
    assert [r.id for r in in_a3] == ["d3"]
    assert store.stats().relationships["ATTACKS"] == 1


def test_failed_document_write_leaves_nothing(store: GraphStore) -> None:
    before = store.stats()
    broken = document("t1", [rel("d1", "ATTACKS", "RUS", "UKR", D1, "a3"), rel("d2", "WARNS", "ghost", "RUS", D1, "a3")])
    with pytest.raises(NotFound, match="ghost"):
        store.write_document(broken)
    assert store.stats() == before
    assert store.get_articles(["a3"]) == []


# -- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("graph_filter", "expected"),
    [
        (GraphFilter(), ["r1", "r2", "r3", "r4", "r5", "r6"]),
        (GraphFilter(relation_types=["WARNS"]), ["r1", "r5", "r6"]),
        (GraphFilter(relation_types=["WARNS", "AIDS"]), ["r1", "r3", "r5", "r6"]),
        (GraphFilter(kinds=["state"]), ["r1", "r2", "r3", "r4", "r6"]),
        (GraphFilter(kinds=["person", "state"]), ["r1", "r2", "r3", "r4", "r5", "r6"]),
        (GraphFilter(date_from=dt.date(2024, 11, 1)), ["r1", "r2", "r5"]),
        (GraphFilter(date_to=dt.date(2024, 10, 31)), ["r3", "r4", "r6"]),
        (GraphFilter(date_from=D2, date_to=D2), ["r3", "r4", "r6"]),
        (GraphFilter(modalities=["reported", "alleged"]), ["r2", "r3"]),
        (GraphFilter(min_confidence=0.85), ["r1", "r4"]),
        (GraphFilter(article_ids=["a2"]), ["r3", "r4", "r6"]),
        (GraphFilter(reviewed_only=True), ["r1", "r2", "r3", "r4", "r6"]),
        (GraphFilter(actor_ids=["UKR"]), ["r4"]),
        (GraphFilter(actor_ids=["PRK", "dmitry-peskov"]), ["r3", "r5"]),
        (GraphFilter(relation_types=["WARNS"], min_confidence=0.6, date_from=D1), ["r1", "r5"]),
        (GraphFilter(relation_types=["DEMANDS"]), []),
    ],
)
def test_each_filter(store: GraphStore, graph_filter: GraphFilter, expected: list[str]) -> None:
    assert ids(store.relations(graph_filter)) == expected
    assert sum(e.count for e in store.edge_summary(graph_filter)) == len(expected)


def test_relations_come_newest_first_and_respect_limit(store: GraphStore) -> None:
    dates = [r.date for r in store.relations()]
    assert dates == sorted(dates, reverse=True)
    assert len(store.relations(limit=2)) == 2
    capped = store.subgraph(limit=3)
    assert capped.truncated and len(capped.relations) == 3


def test_edge_summary_folds_repeated_relations(store: GraphStore) -> None:
    edges = {(e.source_id, e.target_id, e.type): e for e in store.edge_summary()}
    warns = edges[("RUS", "USA", "WARNS")]
    assert (warns.count, warns.first_date, warns.last_date, warns.confidence) == (2, D2, D1, 0.9)
    assert len(edges) == 5


def test_edge_summary_says_which_modalities_it_folds(store: GraphStore) -> None:
    """What the network draws solid (asserted) or dashed (a claim) comes from these."""
    store.upsert_relations([rel("r7", "WARNS", "RUS", "USA", D2, "a2", modality="hypothetical")])
    edges = {(e.source_id, e.type): e.modalities for e in store.edge_summary()}
    assert edges[("RUS", "WARNS")] == ("asserted", "hypothetical")
    assert edges[("PRK", "AIDS")] == ("alleged",)
    columns = store.edge_columns(GraphFilter(relation_types=["ACCUSES"]))
    assert columns.modalities == (("reported",),)


def test_asserted_only_keeps_the_relations_stated_as_fact(store: GraphStore) -> None:
    kept = store.relations(GraphFilter(asserted_only=True))
    assert sorted(r.id for r in kept) == ["r1", "r4", "r5", "r6"]
    assert {e.type for e in store.edge_summary(GraphFilter(asserted_only=True))} == {"WARNS", "ATTACKS"}


def test_timeline_counts_by_type_and_quad_class(store: GraphStore) -> None:
    by_type = {(p.period, p.group): p.count for p in store.timeline()}
    assert by_type[(D1, "WARNS")] == 2 and by_type[(D2, "WARNS")] == 1 and by_type[(D2, "ATTACKS")] == 1
    by_quad = {(p.period, p.group): p.count for p in store.timeline(group_by="quad_class")}
    assert by_quad[(D1, "2")] == 2 and by_quad[(D2, "4")] == 1
    with pytest.raises(QueryError):
        store.timeline(group_by="colour")


def test_subgraph_carries_the_actors_at_both_ends(store: GraphStore) -> None:
    sub = store.subgraph(GraphFilter(relation_types=["AIDS"]))
    assert ids(sub.actors) == ["PRK", "RUS"]
    assert not sub.truncated


# -- navigation -----------------------------------------------------------------------------


def test_neighbourhood_by_hops(store: GraphStore) -> None:
    one = store.neighbourhood("UKR", hops=1)
    assert ids(one.actors) == ["RUS", "UKR"]
    assert ids(one.relations) == ["r4"]
    two = store.neighbourhood("UKR", hops=2)
    assert ids(two.actors) == ["PRK", "RUS", "UKR", "USA"]
    assert ids(two.relations) == ["r1", "r2", "r3", "r4", "r6"]
    filtered = store.neighbourhood("UKR", hops=2, graph_filter=GraphFilter(relation_types=["ATTACKS", "AIDS"]))
    assert ids(filtered.actors) == ["PRK", "RUS", "UKR"]
    with pytest.raises(NotFound):
        store.neighbourhood("nobody")


def test_shortest_path(store: GraphStore) -> None:
    path = store.shortest_path("PRK", "UKR")
    assert [a.id for a in path.actors] == ["PRK", "RUS", "UKR"]
    assert ids(path.relations) == ["r3", "r4"]
    assert store.shortest_path("PRK", "UKR", GraphFilter(relation_types=["WARNS"])).actors == []
    assert store.shortest_path("odd", "UKR").actors == []
    two_ways = store.shortest_path("dmitry-peskov", "UKR")
    assert [a.id for a in two_ways.actors] == ["dmitry-peskov", "USA", "RUS", "UKR"]


def test_relations_between_both_directions(store: GraphStore) -> None:
    assert ids(store.relations_between("USA", "RUS")) == ["r1", "r2", "r6"]
    assert ids(store.relations_between("RUS", "PRK")) == ["r3"]


def test_relations_between_reads_only_the_pair(store: GraphStore) -> None:
    store.upsert_relations([rel("r7", "WARNS", "RUS", "RUS", D1, "a1"), rel("r8", "AIDS", "USA", "USA", D2, "a2")])
    assert ids(store.relations_between("USA", "RUS")) == ["r1", "r2", "r6"]  # the loops at either end are not between them
    assert ids(store.relations_between("RUS", "RUS")) == ["r7"]
    pair_only = GraphFilter(relation_types=["WARNS"], actor_ids=["PRK"])  # the pair replaces the filter's actors
    assert ids(store.relations_between("RUS", "USA", pair_only)) == ["r1", "r6"]
    for a, b, graph_filter in [
        ("RUS", "USA", GraphFilter()),
        ("USA", "RUS", pair_only),
        ("RUS", "RUS", GraphFilter()),
        ("RUS", "nobody", GraphFilter()),
        ("PRK", "RUS", GraphFilter(min_confidence=0.9)),
    ]:
        assert store.relations_between(a, b, graph_filter) == GraphStore.relations_between(store, a, b, graph_filter)


def test_relations_of_named_actors_come_both_ways_newest_first(store: GraphStore) -> None:
    store.upsert_relations([rel("r9", "AIDS", "USA", "RUS", None, "a2"), rel("r7", "WARNS", "RUS", "RUS", D1, "a1")])
    everything = store.relations(limit=None)
    assert everything[0].id == "r9"  # no date: first, as the engines order DESC
    for named in (["RUS"], ["USA", "RUS"], ["UKR", "PRK"], ["dmitry-peskov"], ["nobody"]):
        expected = [r.id for r in everything if r.source_id in named or r.target_id in named]
        assert [r.id for r in store.relations(GraphFilter(actor_ids=named), limit=None)] == expected
        assert [r.id for r in store.relations(GraphFilter(actor_ids=named), limit=2)] == expected[:2]
    warns = GraphFilter(actor_ids=["USA"], relation_types=["WARNS"], min_confidence=0.6)
    assert [r.id for r in store.relations(warns)] == ["r1", "r5"]


def test_relation_counts_per_type_both_ways(store: GraphStore) -> None:
    store.upsert_relations([rel("r7", "WARNS", "RUS", "RUS", D1, "a1")])  # a loop counts both ways
    assert store.relation_counts("RUS") == {"ACCUSES": (1, 0), "AIDS": (0, 1), "ATTACKS": (1, 0), "WARNS": (3, 1)}
    assert store.relation_counts("RUS", GraphFilter(min_confidence=0.8)) == {"ATTACKS": (1, 0), "WARNS": (2, 1)}
    assert store.relation_counts("USA", GraphFilter(actor_ids=["dmitry-peskov"])) == {
        "WARNS": (0, 1)
    }  # the filter's actors apply
    assert store.relation_counts("nobody") == {}
    assert store.relation_counts("RUS", GraphFilter(relation_types=["DEMANDS"])) == {}
    for graph_filter in (
        GraphFilter(),
        GraphFilter(relation_types=["WARNS", "AIDS"], date_from=D1),
        GraphFilter(kinds=["state"]),
    ):
        for actor in ("RUS", "USA", "dmitry-peskov"):
            assert store.relation_counts(actor, graph_filter) == GraphStore.relation_counts(store, actor, graph_filter)


def test_edge_columns_hold_the_edge_summary(store: GraphStore) -> None:
    for graph_filter in (
        GraphFilter(),
        GraphFilter(relation_types=["WARNS"], min_confidence=0.6),
        GraphFilter(actor_ids=["PRK"]),
    ):
        columns = store.edge_columns(graph_filter)
        assert sorted(columns.rows()) == sorted(EdgeRow.of(e) for e in store.edge_summary(graph_filter))
        assert all(type(d) is dt.date for d in (*columns.first_dates, *columns.last_dates))
    warns = {r[:3]: r for r in store.edge_columns().rows()}[("RUS", "USA", "WARNS")]
    assert (warns.count, warns.first_date, warns.last_date, warns.confidence) == (2, D2, D1, 0.9)
    assert len(store.edge_columns(GraphFilter(relation_types=["DEMANDS"]))) == 0


def test_relation_and_actor_tables_hold_every_relation_and_actor(store: GraphStore) -> None:
    table = store.relation_table()
    assert table.schema == RELATION_INDEX_SCHEMA
    rows = {(r["source_id"], r["target_id"], r["type"], r["date"]): r for r in table.to_pylist()}
    assert len(rows) == table.num_rows == len(RELATIONS)
    for relation in RELATIONS:
        row = rows[(relation.source_id, relation.target_id, relation.type, relation.date)]
        assert {name: row[name] for name in RELATION_INDEX_SCHEMA.names[3:]} == {
            name: getattr(relation, name) for name in RELATION_INDEX_SCHEMA.names[3:]
        }
    actors = store.actor_table()
    assert actors.schema == ACTOR_INDEX_SCHEMA
    assert sorted(actors.to_pylist(), key=lambda a: a["id"]) == [
        {"id": a.id, "kind": a.kind, "reviewed": a.reviewed} for a in sorted(ACTORS, key=lambda a: a.id)
    ]


def test_relation_table_of_an_empty_store_is_empty(empty_store: GraphStore) -> None:
    assert empty_store.relation_table().num_rows == 0 and empty_store.actor_table().num_rows == 0


def test_search_actors_by_name_and_alias(store: GraphStore) -> None:
    assert ids(store.search_actors("KREML")) == ["RUS"]
    assert [a.id for a in store.search_actors("r", limit=20)][:1] == ["RUS"]  # prefix match first
    assert ids(store.search_actors("peskov")) == ["dmitry-peskov"]
    assert store.search_actors("   ") == []


def test_affiliations(store: GraphStore) -> None:
    (aff,) = store.affiliations(["RUS"])
    assert (aff.actor_id, aff.organisation_id, aff.role) == ("dmitry-peskov", "RUS", "spokesperson")


# -- analyst corrections --------------------------------------------------------------------


def test_merge_actors_moves_everything(store: GraphStore) -> None:
    before = store.stats().relationships
    merged = store.merge_actors("RUS", "dmitry-peskov")
    assert "Dmitry Peskov" in merged.aliases and merged.reviewed
    with pytest.raises(NotFound):
        store.get_actor("dmitry-peskov")
    after = store.stats()
    assert after.nodes["Actor"] == 6
    assert after.relationships["WARNS"] == before["WARNS"]
    assert ids(store.relations(GraphFilter(actor_ids=["RUS"], relation_types=["WARNS"]))) == ["r1", "r5", "r6"]
    assert after.relationships["MENTIONS"] == 2  # RUS already mentioned by a1: counts add up in one edge
    assert store.affiliations(["RUS"]) == []  # Peskov's affiliation to RUS would be a self-loop


def test_merge_refuses_itself_and_unknown(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.merge_actors("RUS", "RUS")
    with pytest.raises(NotFound):
        store.merge_actors("RUS", "nobody")


def test_set_reviewed(store: GraphStore) -> None:
    assert store.set_reviewed("dmitry-peskov").reviewed is True
    assert store.set_reviewed("dmitry-peskov", False).reviewed is False


def test_corrections_are_logged_with_who_and_when(store: GraphStore) -> None:
    store.merge_actors("RUS", "dmitry-peskov", made_by="ana")
    store.set_reviewed("odd", made_by="bob")
    renamed = store.rename_actor("kim-cyrillic", "  Kim   Jong Un ", made_by="ana")
    assert (renamed.id, renamed.name, renamed.aliases, renamed.reviewed) == ("kim-cyrillic", "Kim Jong Un", ["Ким Чен Ын"], True)
    log = store.corrections()
    assert [(c.seq, c.summary(), c.made_by) for c in log] == [
        (1, "merge dmitry-peskov into RUS", "ana"),
        (2, "mark odd reviewed", "bob"),
        (3, "rename kim-cyrillic to 'Kim Jong Un'", "ana"),
    ]
    assert all(c.made_at and not c.undone for c in log)
    last = store.last_correction()
    assert last is not None and last.before is not None and last.before.actors[0].name == "Ким Чен Ын"
    assert store.stats().nodes["Correction"] == 3


def test_a_failed_correction_is_not_logged(store: GraphStore) -> None:
    with pytest.raises(NotFound):
        store.merge_actors("RUS", "nobody")
    with pytest.raises(QueryError):
        store.rename_actor("RUS", "   ")
    with pytest.raises(QueryError, match="at most 500"):
        store.rename_actor("RUS", "R" * 501)
    with pytest.raises(NotFound):
        store.set_reviewed("nobody")
    assert store.corrections() == []


def test_undo_restores_a_merge_exactly(store: GraphStore) -> None:
    store.upsert_relations([rel("r7", "AIDS", "dmitry-peskov", "dmitry-peskov", D1, "a1"),
                            rel("r8", "ACCUSES", "RUS", "dmitry-peskov", D2, "a2")])  # fmt: skip
    store.upsert_affiliations([Affiliation(actor_id="odd", organisation_id="dmitry-peskov", role="aide"),
                               Affiliation(actor_id="odd", organisation_id="RUS")])  # fmt: skip
    before = contents(store)
    store.merge_actors("RUS", "dmitry-peskov", made_by="ana")
    assert contents(store) != before
    undone = store.undo_last_correction(made_by="bob")
    assert (undone.summary(), undone.undone_by, undone.undone) == ("merge dmitry-peskov into RUS", "bob", True)
    assert contents(store) == before
    assert store.corrections()[0].undone
    with pytest.raises(NotFound):
        store.undo_last_correction()  # the only correction is undone already


def test_undo_goes_back_one_correction_at_a_time(store: GraphStore) -> None:
    before = contents(store)
    store.rename_actor("dmitry-peskov", "Dmitri Peskov")
    store.set_reviewed("USA", False)
    store.undo_last_correction()
    assert store.get_actor("USA").reviewed is True
    assert store.get_actor("dmitry-peskov").name == "Dmitri Peskov"
    store.undo_last_correction()
    assert contents(store) == before


def test_applying_a_correction_from_another_log_is_idempotent(store: GraphStore) -> None:
    made = new_correction("rename", "USA", made_by="ana", name="USA")
    assert store.apply_correction(made) is True
    assert store.apply_correction(made) is False
    assert store.get_actor("USA").name == "USA"
    elsewhere = new_correction("merge", "RUS", made_by="ana", merged_id="not-here")
    assert store.apply_correction(elsewhere) is True  # recorded, for extraction to apply
    stored = store.last_correction()
    assert stored is not None and stored.id == elsewhere.id
    assert (stored.made_by, stored.made_at, stored.before) == ("ana", elsewhere.made_at, None)
    assert store.corrections()[0].before is None  # the log is read without what undo needs


def test_delete_article_removes_its_relations_only(store: GraphStore) -> None:
    assert store.delete_article("a1") == 3
    assert ids(store.relations()) == ["r3", "r4", "r6"]
    assert store.get_articles(["a1"]) == []
    with pytest.raises(NotFound):
        store.get_actor("dmitry-peskov")  # unreviewed and now unconnected
    store.get_actor("USA")  # reviewed actors stay
    with pytest.raises(NotFound):
        store.delete_article("a1")


# -- read-only user queries -----------------------------------------------------------------


def test_query_reads_with_parameters(store: GraphStore) -> None:
    result = store.query("MATCH (a:Actor) WHERE a.id = $id RETURN a.name AS name", {"id": "RUS"})
    assert (result.columns, result.rows) == (["name"], [["Russia"]])
    limited = store.query("MATCH (a:Actor) RETURN a.id", row_limit=3)
    assert len(limited.rows) == 3 and limited.truncated


def test_query_in_neo4j_cypher_reads_and_heads_alike_on_both_engines(store: GraphStore) -> None:
    """Analysts write Neo4j's Cypher: type(e) and count(*) answer, headed as written."""
    result = store.query("MATCH (:Actor {id: 'PRK'})-[e]->(:Actor) RETURN type(e), count(*) ORDER BY type(e)")
    assert result.columns == ["type(e)", "count(*)"]
    assert result.rows[0][0] == "AIDS"


def test_query_returns_nodes_and_relationships_as_plain_values(store: GraphStore) -> None:
    result = store.query("MATCH (s:Actor {id: 'PRK'})-[e:AIDS]->(t:Actor) RETURN s, e, t")
    source, edge, target = result.rows[0]
    assert (source["_label"], source["id"], target["id"]) == ("Actor", "PRK", "RUS")
    assert (edge["_label"], edge["id"]) == ("AIDS", "r3")
    assert edge["_src"] == source["_key"] and edge["_dst"] == target["_key"]


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (:Actor {id: 'x', name: 'x'})",
        "MATCH (a:Actor {id: 'RUS'}) SET a.name = 'x'",
        "MERGE (a:Actor {id: 'x'})",
        "MATCH (a:Actor {id: 'RUS'}) DETACH DELETE a",
        "MATCH ()-[e:WARNS]->() DELETE e",
        "MATCH (a:Actor {id: 'RUS'}) REMOVE a.role",
        "MATCH (a:Actor) RETURN a; MATCH (b) DETACH DELETE b",
        "match (a:Actor) /* harmless */ detach\ndelete a",
    ],
)
def test_query_refuses_writes_and_leaves_store_unchanged(store: GraphStore, cypher: str) -> None:
    before = store.stats()
    with pytest.raises(ReadOnlyViolation):
        store.query(cypher)
    assert store.stats() == before
    assert store.get_actor("RUS").name == "Russia"


def test_query_syntax_error_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        store.query("MATCH (a:Actor RETURN a")
    assert "\n" not in str(info.value)


def test_the_data_marker_changes_with_a_write_and_only_then(store: GraphStore) -> None:
    before = store.data_marker()
    store.stats()
    store.edge_summary()
    assert store.data_marker() == before  # reading is not writing
    store.upsert_actors([Actor(id="FRA", name="France", kind="state", code="FRA")])
    added_actor = store.data_marker()
    assert added_actor != before
    store.upsert_relations([rel("r-new", "WARNS", "FRA", "RUS", D1, "a1")])
    assert store.data_marker() != added_actor
