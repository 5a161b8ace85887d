"""Importing the four datasets into either engine: the same actors and coded edges as extraction,
evidence from the event's source, nothing changed by a second import, bad rows skipped."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest
from event_files import EVENTS, FILES

from actorgraph.graph import GraphFilter, GraphStore
from actorgraph.graph.corrections import new_correction
from actorgraph.ingest.gazetteer import load_gazetteer
from actorgraph.ingest.importers import DATASETS, BadRow, EventImporter, ImportSummary, open_sources
from actorgraph.ingest.importers.codes import load_event_codes
from actorgraph.ingest.ontology import load_ontology

ONTOLOGY, GAZETTEER, CODES = load_ontology(), load_gazetteer(), load_event_codes()


def run_import(store: GraphStore, dataset: str, *paths: Path, batch_rows: int = 100_000) -> tuple[ImportSummary, list[BadRow]]:
    bad: list[BadRow] = []
    importer = EventImporter(store, DATASETS[dataset], ontology=ONTOLOGY, gazetteer=GAZETTEER, codes=CODES,
                             batch_rows=batch_rows, on_bad_row=bad.append)  # fmt: skip
    return importer.run(open_sources(list(paths) or [EVENTS / FILES[dataset]])), bad


def edges(store: GraphStore, extractor: str | None = None) -> set[tuple[str, str, str]]:
    graph_filter = GraphFilter(extractors=[extractor]) if extractor else None
    return {(r.source_id, r.type, r.target_id) for r in store.relations(graph_filter, limit=None)}


def snapshot(store: GraphStore) -> tuple:
    relations = sorted(r.model_dump_json() for r in store.relations(limit=None))
    actors = store.get_actors([row[0] for row in store.query("MATCH (a:Actor) RETURN a.id", row_limit=10_000).rows])
    return store.stats(), relations, sorted(a.model_dump_json() for a in actors)


def test_gdelt_events_become_coded_edges_between_gazetteer_actors(empty_store: GraphStore) -> None:
    summary, bad = run_import(empty_store, "gdelt")
    assert edges(empty_store) == {
        ("RUS", "ATTACKS", "UKR"), ("USA", "SANCTIONS", "RUS"), ("PRK", "AIDS", "RUS"), ("USA", "APPEALS", "UN"),
        ("rebel-syrreb", "ATTACKS", "SYR"),
    }  # fmt: skip
    strike = next(r for r in empty_store.relations(limit=None) if r.type == "ATTACKS" and r.source_id == "RUS")
    assert (strike.cameo, strike.plover, strike.quad_class, strike.goldstein) == ("190", "ASSAULT", 4, -10.0)
    assert (strike.extractor, strike.sentence, strike.modality) == ("gdelt", None, "asserted")
    assert strike.location == "Kharkiv, Kharkivs'ka Oblast', Ukraine" and strike.latitude == 49.9808
    article = empty_store.get_articles([strike.article_id])[0]
    assert (article.url, article.source) == ("https://news.example.org/2024/04/11/strikes", "news.example.org")
    assert empty_store.get_actor("RUS").reviewed  # the gazetteer's own record, as extraction writes it
    rebel = empty_store.get_actor("rebel-syrreb")
    assert (rebel.kind, rebel.code, rebel.reviewed) == ("armed_group", "SYR", False)
    assert [(b.line, b.reason) for b in bad] == [
        (6, "expected 61 tab-separated columns, found 60"), (7, "GoldsteinScale 'abc' is not a number")
    ]  # fmt: skip
    assert summary.rows == 10 and summary.bad_rows == 2 and summary.one_sided == 1
    assert summary.untyped == {"010": 1}  # "make statement": no event, so no relation type


@pytest.mark.parametrize("dataset", sorted(FILES))
def test_importing_the_same_file_again_changes_nothing(empty_store: GraphStore, dataset: str) -> None:
    run_import(empty_store, dataset)
    before = snapshot(empty_store)
    run_import(empty_store, dataset)
    assert snapshot(empty_store) == before


@pytest.mark.parametrize("dataset", sorted(FILES))
def test_every_dataset_gives_typed_edges_named_after_it(empty_store: GraphStore, dataset: str) -> None:
    summary, _ = run_import(empty_store, dataset)
    relations = empty_store.relations(limit=None)
    assert relations and {r.extractor for r in relations} == {dataset}
    assert all(r.cameo and r.quad_class and r.goldstein is not None and r.article_id for r in relations)
    assert sum(summary.relations.values()) >= len(relations)
    assert empty_store.extractor_names() == [dataset]


def test_icews_polecat_and_acled_actors(empty_store: GraphStore) -> None:
    for dataset in ("icews", "polecat", "acled"):
        run_import(empty_store, dataset)
    assert {("vladimir-putin", "WARNS", "USA"), ("boko-haram", "ATTACKS", "NGA"), ("RUS", "ATTACKS", "UKR")} <= edges(
        empty_store, "icews"
    )
    assert edges(empty_store, "polecat") == {
        ("sergei-lavrov", "ACCUSES", "NATO"), ("USA", "AIDS", "UKR"), ("GBR", "AIDS", "UKR"), ("PRK", "THREATENS", "KOR"),
        ("protesters-france", "PROTESTS", "emmanuel-macron"),
    }  # fmt: skip
    assert edges(empty_store, "acled") == {
        ("ETH", "ATTACKS", "fano-militia"), ("RUS", "ATTACKS", "UKR"),
        ("unidentified-armed-group-nigeria", "ASSAULTS", "civilians-nigeria"),  # an attack on civilians: CAMEO 180
    }  # fmt: skip
    militia = empty_store.get_actor("fano-militia")
    assert (militia.kind, militia.code) == ("armed_group", "ETH")


def test_imported_and_extracted_edges_filter_apart(empty_store: GraphStore) -> None:
    run_import(empty_store, "gdelt")
    run_import(empty_store, "acled")
    assert ("ETH", "ATTACKS", "fano-militia") not in edges(empty_store, "gdelt")
    assert edges(empty_store, "acled") | edges(empty_store, "gdelt") == edges(empty_store)
    assert empty_store.relations(GraphFilter(extractors=["actorgraph-rules/0.1"])) == []
    assert empty_store.extractor_names() == ["acled", "gdelt"]


def test_compressed_files_folders_and_small_batches_import_alike(empty_store: GraphStore, tmp_path: Path) -> None:
    source = EVENTS / FILES["gdelt"]
    with gzip.open(tmp_path / "day.export.CSV.gz", "wb") as out:
        out.write(source.read_bytes())
    with zipfile.ZipFile(tmp_path / "day.export.CSV.zip", "w") as archive:
        archive.write(source, "inner.export.CSV")
    folder = tmp_path / "folder" / "nested"
    folder.mkdir(parents=True)
    shutil.copy(source, folder / "copy.export.CSV")
    summary, bad = run_import(empty_store, "gdelt", tmp_path / "day.export.CSV.gz", tmp_path / "day.export.CSV.zip",
                              tmp_path / "folder", batch_rows=3)  # fmt: skip
    assert summary.rows == 30 and not summary.failures
    assert {b.source for b in bad} == {"day.export.CSV.gz", "day.export.CSV.zip:inner.export.CSV", "nested/copy.export.CSV"}
    assert len(empty_store.relations(limit=None)) == 5


def test_a_file_that_cannot_be_read_is_reported_and_the_rest_goes_on(empty_store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    (tmp_path / "other.tsv").write_text("Event ID\tSomething\n1\t2\n")
    summary, _ = run_import(empty_store, "icews", tmp_path / "broken.zip", tmp_path / "other.tsv", EVENTS / FILES["icews"])
    reasons = {f.name: f.reason for f in summary.failures}
    assert "not a readable zip file" in reasons["broken.zip"]
    assert reasons["other.tsv"].startswith("not a ICEWS event file: no ")
    assert ("RUS", "ATTACKS", "UKR") in edges(empty_store)


def test_imported_events_follow_the_stores_corrections(empty_store: GraphStore) -> None:
    # a merge carried over from another store's log (its actors not here yet), and a rename
    empty_store.apply_correction(new_correction("merge", "SYR", made_by="ana", merged_id="rebel-syrreb"))
    run_import(empty_store, "gdelt")
    assert ("SYR", "ATTACKS", "SYR") in edges(empty_store)
    assert "rebel-syrreb" not in {a.id for a in empty_store.search_actors("syr", limit=50)}
    empty_store.rename_actor("UN", "United Nations Organization")
    run_import(empty_store, "gdelt", batch_rows=3)
    assert empty_store.get_actor("UN").name == "United Nations Organization"
