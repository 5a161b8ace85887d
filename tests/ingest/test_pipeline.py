"""Ingest into each engine: idempotent, whole documents in grouped transactions, failures skipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actorgraph.graph import GraphFilter, GraphStore
from actorgraph.graph.errors import StoreUnavailable
from actorgraph.ingest.extractor import Extractor
from actorgraph.ingest.loaders import load_documents
from actorgraph.ingest.pipeline import BackgroundWriter, ingest_documents, to_document_graph
from actorgraph.ingest.records import Document, LoadFailure

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
FEW = ["22-kim-putin-vostochny.json", "31-putin-pyongyang-defence-treaty.json", "35-north-korean-troops-russia.json"]


def demo_documents() -> list[Document | LoadFailure]:
    return list(load_documents([DEMO / name for name in FEW]))


def test_ingest_twice_changes_nothing(empty_store: GraphStore, extractor: Extractor) -> None:
    first = ingest_documents(demo_documents(), empty_store, extractor=extractor)
    assert (first.documents, first.unchanged, first.failures) == (3, 0, [])
    assert sum(first.relations.values()) > 5 and first.new_actors
    counts = empty_store.stats()
    again = ingest_documents(demo_documents(), empty_store, extractor=extractor)
    assert (again.documents, again.unchanged) == (3, 3)
    assert empty_store.stats() == counts
    assert counts.nodes["Article"] == 3


def test_relations_keep_their_evidence_and_codes(empty_store: GraphStore, extractor: Extractor) -> None:
    ingest_documents(demo_documents(), empty_store, extractor=extractor)
    deployments = empty_store.relations(GraphFilter(relation_types=["DEPLOYS"], actor_ids=["PRK"]))
    assert deployments, "North Korea's deployment to Russia is in the demo corpus"
    relation = deployments[0]
    (article,) = empty_store.get_articles([relation.article_id])
    assert relation.sentence and relation.sentence in _text_of(article.title)
    assert (relation.cameo, relation.plover, relation.quad_class) == ("154", "MOBILIZE", 4)
    assert relation.extractor and relation.confidence > 0


def _text_of(title: str | None) -> str:
    for name in FEW:
        document = next(iter(load_documents([DEMO / name])))
        if document.title == title:
            return document.analysed_text()
    raise AssertionError(f"no demo article titled {title!r}")


def test_a_failed_document_is_reported_and_the_rest_goes_on(
    empty_store: GraphStore, extractor: Extractor, tmp_path: Path
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Russia attacked Ukraine on Monday.", encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    reported: list[LoadFailure] = []
    summary = ingest_documents(load_documents([inputs]), empty_store, extractor=extractor, on_failure=reported.append)
    assert summary.documents == 1
    assert sorted(f.name for f in reported) == ["binary.txt", "empty.txt"]
    assert [r.type for r in empty_store.relations()] == ["ATTACKS"]


def test_changed_text_replaces_the_article_relations(empty_store: GraphStore, extractor: Extractor) -> None:
    url = "https://example.org/story"
    before = Document(name="a", url=url, text="Russia attacked Ukraine.", published=dt.date(2024, 1, 1))
    after = Document(name="a", url=url, text="Russia criticized Japan.", published=dt.date(2024, 1, 1))
    ingest_documents([before], empty_store, extractor=extractor)
    summary = ingest_documents([after], empty_store, extractor=extractor)
    assert summary.replaced == 1
    assert [(r.source_id, r.type, r.target_id) for r in empty_store.relations()] == [("RUS", "CRITICIZES", "JPN")]


def test_graph_records_are_deterministic(extractor: Extractor) -> None:
    document = Document(name="a", text="Russia attacked Ukraine.", published=dt.date(2024, 1, 1))
    first = to_document_graph(next(extractor.extract([document])))
    second = to_document_graph(next(extractor.extract([document])))
    assert first.article.id == second.article.id
    assert [r.id for r in first.relations] == [r.id for r in second.relations]
    assert {m.actor_id for m in first.mentions} == {"RUS", "UKR"}


def test_workers_give_the_same_result_in_order(extractor: Extractor) -> None:
    from actorgraph.ingest.pipeline import extract_documents

    documents = demo_documents()
    alone = [e.relations for e in extract_documents(documents, extractor=extractor)]
    spread = [e.relations for e in extract_documents(documents, workers=2)]
    assert alone == spread


def test_types_new_to_the_store_are_created_and_keep_their_codes(empty_store: GraphStore, extractor: Extractor) -> None:
    text = "Estonia expelled two Russian diplomats on Tuesday. Turkish police detained three Syrian nationals."
    summary = ingest_documents([Document(name="n", text=text, published=dt.date(2024, 5, 7))], empty_store, extractor=extractor)
    assert summary.relations == {"EXPELS": 1, "ARRESTS": 1}
    assert {"EXPELS", "ARRESTS"} <= set(empty_store.relation_types())
    (expulsion,) = empty_store.relations(GraphFilter(relation_types=["EXPELS"]))
    assert (expulsion.source_id, expulsion.target_id) == ("EST", "RUS-GOV")  # "two Russian diplomats"
    assert (expulsion.cameo, expulsion.plover, expulsion.quad_class, expulsion.goldstein) == ("166", "SANCTION", 4, -7.0)


def test_any_group_size_gives_the_same_store(empty_store: GraphStore, extractor: Extractor, tmp_path: Path) -> None:
    from actorgraph.graph import open_store

    grouped = ingest_documents(demo_documents(), empty_store, extractor=extractor, commit_documents=2)
    with open_store(tmp_path / "one-by-one") as single:
        ingest_documents(demo_documents(), single, extractor=extractor, commit_documents=1)
        expected = sorted(r.model_dump_json() for r in single.relations(limit=None))
    assert grouped.documents == 3 and sum(grouped.relations.values()) == len(expected)
    assert sorted(r.model_dump_json() for r in empty_store.relations(limit=None)) == expected


def test_an_error_of_the_writer_thread_reaches_the_caller() -> None:
    def fail(item: int) -> None:
        if item == 2:
            raise StoreUnavailable("the server went away")

    with pytest.raises(StoreUnavailable, match="went away"), BackgroundWriter(fail) as writer:
        for item in range(1, 50):
            writer.put(item)
