"""The store's corrections last: ingesting new articles after a merge, a rename or a review keeps them."""

from __future__ import annotations

import datetime as dt

import pytest
from store_contents import contents

from actorgraph.graph import Actor, GraphFilter, GraphStore, NotFound
from actorgraph.ingest.corrections import StoreCorrections
from actorgraph.ingest.extractor import Extractor
from actorgraph.ingest.pipeline import ingest_documents
from actorgraph.ingest.records import Document

SHAHED = "shahed-aviation-industries"
FIRST = "Ukraine sanctioned Shahed Aviation Industries on Tuesday, and Iran condemned Ukraine."
NEW = "Ukraine accused Shahed Aviation Industries of arming Russia. Shahed Aviation Industries threatened Ukraine on Tuesday."


def ingest(store: GraphStore, extractor: Extractor, *texts: str) -> None:
    documents = [Document(name=f"{i}.txt", text=t, published=dt.date(2024, 11, 18)) for i, t in enumerate(texts)]
    summary = ingest_documents(documents, store, extractor=extractor)
    assert summary.failures == []


def test_a_merge_survives_the_ingest_of_a_new_article_naming_the_merged_actor(
    empty_store: GraphStore, extractor: Extractor
) -> None:
    ingest(empty_store, extractor, FIRST)
    empty_store.merge_actors("IRN", SHAHED, made_by="ana")
    ingest(empty_store, extractor, NEW)
    with pytest.raises(NotFound):
        empty_store.get_actor(SHAHED)
    iran = empty_store.get_actor("IRN")
    assert (iran.name, iran.reviewed) == ("Iran", True) and "Shahed Aviation Industries" in iran.aliases
    new_edges = {(r.source_id, r.type, r.target_id) for r in empty_store.relations(GraphFilter(actor_ids=["IRN"]))}
    assert {("UKR", "ACCUSES", "IRN"), ("IRN", "AIDS", "RUS"), ("IRN", "THREATENS", "UKR")} <= new_edges


def test_ingesting_after_a_merge_leaves_what_merging_after_the_ingest_does(
    engine: str, open_engine_store, extractor: Extractor, tmp_path
) -> None:
    merged_first = open_engine_store("embedded", tmp_path / "first")
    try:
        ingest(merged_first, extractor, FIRST)
        merged_first.merge_actors("IRN", SHAHED)
        ingest(merged_first, extractor, NEW)
        expected = contents(merged_first)
    finally:
        merged_first.close()
    store = open_engine_store(engine, tmp_path / "second")
    try:
        ingest(store, extractor, FIRST, NEW)
        store.merge_actors("IRN", SHAHED)
        assert contents(store) == expected
    finally:
        store.close()


def test_a_renamed_actor_keeps_its_id_and_new_name_and_is_found_by_it(empty_store: GraphStore, extractor: Extractor) -> None:
    ingest(empty_store, extractor, FIRST)
    empty_store.rename_actor(SHAHED, "Shahed Aviation Industries Research Center")
    ingest(empty_store, extractor, NEW, "Shahed Aviation Industries Research Center threatened Ukraine on Friday.")
    actor = empty_store.get_actor(SHAHED)
    assert actor.name == "Shahed Aviation Industries Research Center"
    assert empty_store.search_actors("research center") == [actor]
    sources = {r.source_id for r in empty_store.relations(GraphFilter(relation_types=["THREATENS"]))}
    assert sources == {SHAHED}


def test_a_review_stays_as_the_analyst_left_it(empty_store: GraphStore, extractor: Extractor) -> None:
    ingest(empty_store, extractor, FIRST)
    empty_store.set_reviewed(SHAHED)
    empty_store.set_reviewed("UKR", False)
    ingest(empty_store, extractor, NEW)
    assert empty_store.get_actor(SHAHED).reviewed is True
    assert empty_store.get_actor("UKR").reviewed is False  # the gazetteer's actors arrive reviewed


def test_an_undone_merge_no_longer_applies(empty_store: GraphStore, extractor: Extractor) -> None:
    ingest(empty_store, extractor, FIRST)
    empty_store.merge_actors("IRN", SHAHED)
    empty_store.undo_last_correction()
    ingest(empty_store, extractor, NEW)
    assert {r.type for r in empty_store.relations(GraphFilter(actor_ids=[SHAHED]))} >= {"ACCUSES", "SANCTIONS"}


def test_a_new_name_finds_the_renamed_actor_unless_another_actor_has_it(empty_store: GraphStore) -> None:
    empty_store.upsert_actors([Actor(id="iris", name="IRIS", kind="org"), Actor(id="wagner-group", name="Wagner Group")])
    empty_store.rename_actor("iris", "IRIS Shipping Lines")
    assert StoreCorrections.from_store(empty_store).resolve("iris-shipping-lines") == "iris"
    empty_store.rename_actor("iris", "Wagner Group")  # a mistake: that name is another actor's
    fixes = StoreCorrections.from_store(empty_store)
    assert (fixes.resolve("wagner-group"), fixes.resolve("iris-shipping-lines")) == ("wagner-group", "iris")
