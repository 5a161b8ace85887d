"""What extraction finds in sentences an analyst cares about: roles, modality, dates, evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from extraction_triples import triples

from actorgraph.ingest.extractor import Extractor, split_paragraphs
from actorgraph.ingest.gazetteer import load_gazetteer
from actorgraph.ingest.ontology import load_ontology
from actorgraph.ingest.records import Document


def test_subject_object_and_codes(extract_text) -> None:
    extraction = extract_text("Russia has warned the West against sending troops.")
    (relation,) = extraction.relations
    assert (relation.source_id, relation.type, relation.target_id) == ("RUS", "WARNS", "WEST")
    assert (relation.cameo, relation.plover, relation.quad_class, relation.goldstein) == ("130", "THREATEN", 3, -4.4)


def test_coordinated_actors_give_an_edge_each(extract_text) -> None:
    extraction = extract_text("South Korea and the US have accused North Korea of deploying troops to Russia.")
    assert {("KOR", "ACCUSES", "PRK"), ("USA", "ACCUSES", "PRK")} <= triples(extraction)
    deploys = [r for r in extraction.relations if r.type == "DEPLOYS"]
    assert [(r.source_id, r.target_id, r.modality) for r in deploys] == [("PRK", "RUS", "alleged")]


def test_passive_voice_reads_the_agent(extract_text) -> None:
    assert triples(extract_text("Kyiv was struck by Russian missiles overnight.")) == {("RUS-MIL", "ATTACKS", "UKR")}


def test_reversed_direction_is_kept(extract_text) -> None:
    assert triples(extract_text("Ukraine accused Russia of shelling the plant.")) >= {("UKR", "ACCUSES", "RUS")}
    assert ("RUS", "ACCUSES", "UKR") not in triples(extract_text("Ukraine accused Russia of shelling the plant."))


def test_negated_and_dismissed_claims_are_not_relations(extract_text) -> None:
    assert triples(extract_text("Germany did not send Taurus missiles to Ukraine.")) == set()
    assert triples(extract_text("North Korea has dismissed the claims.")) == set()
    assert triples(extract_text("Iran denied supplying drones to Russia.")) == set()


def test_all_modalities_keeps_denials_marked(extractor: Extractor) -> None:
    keeping = Extractor(ontology=extractor.ontology, all_modalities=True)
    (relation,) = next(keeping.extract([Document(name="d", text="Germany did not send tanks to Ukraine.")])).relations
    assert (relation.type, relation.modality) == ("AIDS", "denied")


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Russia said that if the United States permits Ukraine to strike, it would respond.", "conditional"),
        ("Borrell hopes that the EU will allow Ukraine to strike targets in Russia.", "hoped"),
        ("Kyiv accused Moscow of attacking Ukraine's power grid.", "alleged"),
        ("Officials said Russia attacked Ukraine overnight.", "reported"),
        ("Russia attacked Ukraine overnight.", "asserted"),
    ],
)
def test_modality(extract_text, text: str, modality: str) -> None:
    modalities = {r.modality for r in extract_text(text).relations if r.type in ("AUTHORIZES", "ATTACKS")}
    assert modalities == {modality}


def test_relative_and_explicit_dates_resolve_against_the_article(extract_text) -> None:
    published = dt.date(2024, 11, 18)
    text = "Yesterday Russia attacked Ukraine.\n\nLast week, North Korea signed a pact with Russia.\n\nChina criticized Japan."
    dates = {r.type: r.date for r in extract_text(text, published).relations}
    assert dates["ATTACKS"] == dt.date(2024, 11, 17)
    assert dates["COOPERATES"] == dt.date(2024, 11, 11)
    assert dates["CRITICIZES"] == published


def test_evidence_offsets_point_into_the_cleaned_text(extract_text) -> None:
    text = "Headline About Nothing Much\n\nThis website uses cookies to improve your experience.\n\nRussia attacked Ukraine."
    extraction = extract_text(text)
    (relation,) = extraction.relations
    assert extraction.text[relation.char_start : relation.char_end] == relation.sentence == "Russia attacked Ukraine."
    assert "cookies" not in extraction.text


def test_new_people_get_role_and_affiliation(extract_text) -> None:
    extraction = extract_text("Kremlin aide Ivan Petrovsky warned Washington against escalation.")
    person = {a.id: a for a in extraction.actors}["ivan-petrovsky"]
    assert (person.kind, person.code, person.affiliation, person.reviewed) == ("person", "RUS", "RUS", False)
    assert person.role == "Kremlin aide"
    assert ("ivan-petrovsky", "WARNS", "USA") in triples(extraction)


def test_surnames_and_pronouns_resolve_only_when_unambiguous(extract_text) -> None:
    text = (
        "Kremlin aide Ivan Petrovsky spoke on Monday. Mr. Petrovsky criticized NATO.\n\n"
        "He also warned Japan.\n\n"
        "Hungarian envoy Laszlo Kovacs and Kremlin aide Ivan Petrovsky met. He warned Poland."
    )
    found = triples(extract_text(text))
    assert ("ivan-petrovsky", "CRITICIZES", "NATO") in found
    assert ("ivan-petrovsky", "WARNS", "JPN") in found
    assert not {t for t in found if t[2] == "POL"}  # "He" could be either man


def test_headline_in_title_case_is_read(extract_text) -> None:
    extraction = extract_text("Kremlin Accuses Washington Of Escalation\n\nThe row deepened on Monday.")
    assert ("RUS", "ACCUSES", "USA") in triples(extraction)


def test_places_stand_for_their_state_as_targets(extract_text) -> None:
    assert triples(extract_text("Russia shelled Kharkiv on Sunday.")) == {("RUS", "ATTACKS", "UKR")}


def test_paragraph_offsets() -> None:
    assert split_paragraphs("A.\n\n\nB.") == [(0, "A."), (5, "B.")]


def test_user_gazetteer_and_ontology_extend_the_shipped_ones(tmp_path: Path) -> None:
    actors = tmp_path / "actors.yaml"
    actors.write_text("- {name: Free Rivers Movement, kind: armed_group, code: FRM, aliases: [FRM]}\n", encoding="utf-8")
    ontology = tmp_path / "ontology.yaml"
    ontology.write_text(
        "relations:\n  PRAISES:\n    description: Praises another actor.\n    cameo: '051'\n"
        "    verbs: [{lemma: hail, target: [object]}]\n",
        encoding="utf-8",
    )
    custom = Extractor(ontology=load_ontology([ontology]), gazetteer=load_gazetteer([actors]))
    extraction = next(custom.extract([Document(name="u", text="The FRM hailed Ukraine. The FRM attacked Russia.")]))
    assert {("free-rivers-movement", "PRAISES", "UKR"), ("free-rivers-movement", "ATTACKS", "RUS")} <= triples(extraction)
