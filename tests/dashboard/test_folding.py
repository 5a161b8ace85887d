"""The state-level view on both engines: agents folded into their state, evidence still there."""

from __future__ import annotations

from pathlib import Path

from fixture_graph import _relation

from actorgraph.dashboard.state import ViewState
from actorgraph.dashboard.view_model import ViewModel
from actorgraph.graph import Actor, Affiliation, GraphStore


def edges_of(view_model: ViewModel, state: ViewState) -> dict[tuple[str, str, str], int]:
    return {(e.source_id, e.target_id, e.type): e.count for e in view_model.view(state).edges}


def test_agents_fold_into_the_state_they_act_for_and_back(small_store: GraphStore) -> None:
    view_model = ViewModel(small_store)
    folded = view_model.view(ViewState(state_level=True))
    ids = {a.id for a in folded.actors}
    assert "dmitry-peskov" not in ids and "RUS" in ids
    assert {"peskov-dup", "wagner", "NATO", "EU"} <= ids  # no code, or an organisation of its own
    edges = edges_of(view_model, ViewState(state_level=True))
    assert edges[("RUS", "USA", "WARNS")] == 2  # Russia's own warning and its spokesman's
    assert folded.folded == {"RUS": ["Dmitry Peskov"]}
    # and back: the same filter without the fold draws Peskov again
    assert edges_of(view_model, ViewState())[("dmitry-peskov", "USA", "WARNS")] == 1


def test_a_folded_edge_lists_the_relations_of_every_actor_it_folds(small_store: GraphStore) -> None:
    mentions = ViewModel(small_store).edge_mentions("RUS", "USA", "WARNS", ViewState(state_level=True))
    assert mentions.total == 2
    assert {m.relation.source_id for m in mentions.mentions} == {"RUS", "dmitry-peskov"}
    assert all(m.relation.target_id == "USA" for m in mentions.mentions)


def test_agents_of_a_sector_fold_by_affiliation_and_rebels_stay_apart(small_store: GraphStore) -> None:
    small_store.upsert_actors(
        [
            Actor(id="RUS-MIL", name="Russia · military", kind="state", code="RUS", sector="MIL"),
            Actor(id="RUS-REB", name="Russia · rebels", kind="armed_group", code="RUS", sector="REB"),
        ]
    )
    small_store.upsert_affiliations([Affiliation(actor_id="RUS-MIL", organisation_id="RUS")])
    small_store.upsert_relations(
        [
            _relation("m1", "ATTACKS", "RUS-MIL", "UKR", None, "a4", "The Russian army struck Kharkiv."),
            _relation("m2", "ATTACKS", "RUS-REB", "RUS-MIL", None, "a4", "Rebels attacked an army post."),
        ]
    )
    edges = edges_of(ViewModel(small_store), ViewState(state_level=True))
    assert edges[("RUS", "UKR", "ATTACKS")] == 3  # two of Russia's own, one of its army
    assert edges[("RUS-REB", "RUS", "ATTACKS")] == 1  # rebels against the state stay a dyad


def test_a_focus_on_a_folded_actor_is_on_its_state(small_store: GraphStore) -> None:
    view = ViewModel(small_store).view(ViewState(state_level=True, focus="dmitry-peskov"))
    assert view.focus == "RUS"
    assert {"RUS", "USA", "UKR", "NATO"} <= {a.id for a in view.actors}


def test_a_state_level_csv_counts_state_dyads_with_every_relation(small_store: GraphStore, tmp_path: Path) -> None:
    from actorgraph.dashboard.export import csv_rows, export_view

    view_model = ViewModel(small_store)
    state = ViewState(state_level=True).with_filter(relation_types=["WARNS"])
    rows = list(csv_rows(view_model, view_model.view(state), state))
    assert sorted((r["source"], r["target"], r["relation_id"]) for r in rows) == [
        ("RUS", "NATO", "s4"), ("RUS", "USA", "s1"), ("RUS", "USA", "s2"),
    ]  # fmt: skip
    assert {r["source_name"] for r in rows} == {"Russia"}
    summary = export_view(view_model, state, "graphml", tmp_path / "dyads.graphml")
    assert (summary.actors, summary.relations) == (3, 3)
    assert "modality" in (tmp_path / "dyads.graphml").read_text()
