"""CAMEO-style actors: a state's agents with their sector, office-holders by the article's date,
peoples, places, and where each actor is named in the sentence. Sentences written for this file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actorgraph.ingest.extractor import Extractor
from actorgraph.ingest.gazetteer import load_gazetteer
from actorgraph.ingest.output import contract_records
from actorgraph.ingest.pipeline import to_document_graph
from actorgraph.ingest.records import Document, Extraction


def actors_named(extraction: Extraction) -> dict[str, str]:
    """Text as written → the actor it was linked to."""
    return {span.text: span.actor_id for span in extraction.spans}


def triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(r.source_id, r.type, r.target_id) for r in extraction.relations}


def test_a_states_soldiers_are_its_military_and_act_for_it(extract_text) -> None:
    extraction = extract_text("Israeli soldiers raided a village near Nablus on Tuesday.")
    assert actors_named(extraction)["Israeli soldiers"] == "ISR-MIL"
    soldiers = next(a for a in extraction.actors if a.id == "ISR-MIL")
    assert (soldiers.name, soldiers.kind, soldiers.code, soldiers.sector) == ("Israel · military", "state", "ISR", "MIL")
    assert soldiers.affiliation == "ISR" and soldiers.reviewed


@pytest.mark.parametrize(
    ("text", "phrase", "actor"),
    [
        ("Ghanaian authorities expelled the crew of the trawler.", "Ghanaian authorities", "GHA-GOV"),
        ("The Turkish government summoned the envoy.", "Turkish government", "TUR-GOV"),
        ("U.S. border patrol agents detained the group near El Paso.", "U.S. border patrol agents", "USA-COP"),
        ("British aircraft bombed the depot.", "British aircraft", "GBR-MIL"),
        ("Iraqi police sealed off the square.", "Iraqi police", "IRQ-COP"),
        ("Serb forces shelled the town overnight.", "Serb forces", "SRB-MIL"),
        ("The government of Japan lodged a protest.", "government of Japan", "JPN-GOV"),
        ("Russia's defence ministry published a video.", "Russia's defence ministry", "RUS-GOV"),
        ("Ugandan opposition leaders boycotted the vote.", "Ugandan opposition leaders", "UGA-OPP"),
        ("UN peacekeepers patrolled the buffer zone.", "UN peacekeepers", "UN-MIL"),
        ("Putin's troops crossed the river.", "Putin's troops", "RUS-MIL"),
        ("Hamas fighters crossed the fence at dawn.", "Hamas fighters", "hamas"),
    ],
)
def test_nationality_or_owner_and_agent_noun(extract_text, text: str, phrase: str, actor: str) -> None:
    found = actors_named(extract_text(text))
    assert found.get(phrase, "").lower() == actor.lower(), found


def test_whose_agents_from_around_the_noun(extract_text) -> None:
    both = actors_named(extract_text("Israeli soldiers and police raided the camp."))
    assert (both["Israeli soldiers"], both["police"]) == ("ISR-MIL", "ISR-COP")  # a conjunct shares the owner
    assert actors_named(extract_text("Troops of the Syrian government shelled the town."))["Troops of the Syrian government"] == (
        "SYR-MIL"
    )
    assert actors_named(extract_text("Vietnamese-led forces crossed the border."))["Vietnamese-led forces"] == "VNM-MIL"
    assert "SYR-MIL" not in actors_named(extract_text("Syrian Kurdish forces captured the town.")).values()  # not Syria's
    made = actors_named(extract_text("US-made tanks and Iranian-backed militias entered the town."))
    assert not {"USA-MIL", "IRN-UAF"} & set(made.values())  # who made or backs them does not own them


def test_an_organisations_agents_are_of_its_kind(extract_text) -> None:
    extraction = extract_text("UN peacekeepers and G7 officials visited the camp.")
    kinds = {a.id: (a.kind, a.code, a.affiliation) for a in extraction.actors}
    assert kinds["UN-MIL"] == ("igo", "UN", "UN") and kinds["G7-GOV"] == ("bloc", "G7", "G7")


def test_rebels_are_never_the_state_itself(extract_text) -> None:
    extraction = extract_text("The Syrian government accused Syrian rebels of shelling a hospital.")
    rebels = next(a for a in extraction.actors if a.id == "SYR-REB")
    assert (rebels.code, rebels.sector, rebels.kind, rebels.affiliation) == ("SYR", "REB", "armed_group", None)
    # the state and its rebels are two sides: the relation is kept although both are coded SYR
    assert ("SYR-GOV", "ACCUSES", "SYR-REB") in triples(extraction)


def test_a_state_and_its_own_agents_are_one_side(extract_text) -> None:
    assert not triples(extract_text("Russian troops warned Russia of the risks."))


def test_counted_people_are_civilians_a_people_alone_is_its_state(extract_text) -> None:
    counted = actors_named(extract_text("Police detained 120 Palestinians and hundreds of Iraqis at the crossing."))
    assert (counted["Palestinians"], counted["Iraqis"]) == ("PSE-CVL", "IRQ-CVL")
    assert actors_named(extract_text("The Palestinians rejected the proposal."))["Palestinians"] == "PSE"


def test_a_people_named_with_another_state_is_that_states(extract_text) -> None:
    assert actors_named(extract_text("Bosnian Serbs blocked the road."))["Bosnian Serbs"] == "BIH-CVL"
    assert actors_named(extract_text("Iraqi Kurds fled across the border."))["Iraqi Kurds"] == "IRQ-CVL"


def test_weapons_that_carry_no_one_stand_for_their_military_only_as_the_doer(extract_text) -> None:
    assert ("IRN-MIL", "ATTACKS", "UKR") in triples(extract_text("Iranian drones struck Kyiv overnight."))
    shot_down = extract_text("Ukrainian forces shot down Iranian drones over Kyiv.")
    assert not {r for r in shot_down.relations if r.target_id.startswith("IRN")}


def test_nothing_is_guessed_for_ambiguous_names(extract_text) -> None:
    found = actors_named(extract_text("Congolese refugees crossed into Uganda."))
    assert not any(text.startswith("Congolese") for text in found)


@pytest.mark.parametrize(
    ("day", "actor", "code", "sector"),
    [
        (dt.date(1998, 6, 1), "bill-clinton", "USA", "GOV"),  # in office: he acts for the US government
        (dt.date(1988, 6, 1), "bill-clinton", "USA", "ELI"),  # before: an American out of office
    ],
)
def test_office_holders_by_the_articles_date(extract_text, day: dt.date, actor: str, code: str, sector: str) -> None:
    extraction = extract_text("President Clinton warned Saddam Hussein on Monday.", day)
    clinton = next(a for a in extraction.actors if a.id == actor)
    assert (clinton.code, clinton.sector) == (code, sector)
    assert next(a for a in extraction.actors if a.id == "saddam-hussein").code == "IRQ"
    assert (actor, "WARNS", "saddam-hussein") in triples(extraction)


@pytest.mark.parametrize(
    ("day", "actor"),
    [(dt.date(2003, 3, 1), "george-w-bush"), (dt.date(1991, 1, 15), "george-bush"), (dt.date(2000, 6, 1), "USA")],
)
def test_a_title_two_people_held_goes_to_the_one_in_office(extract_text, day: dt.date, actor: str) -> None:
    """Between their terms the date cannot tell which Bush: the title stands for the state, not a guess."""
    assert actors_named(extract_text("President Bush threatened Iraq with force.", day))["President Bush"] == actor


def test_each_relation_says_where_its_actors_are_named(extract_text) -> None:
    text = "Fighting went on. On Monday, Serb forces shelled the Albanian population of the town."
    extraction = extract_text(text)
    (relation,) = [r for r in extraction.relations if r.source_id == "SRB-MIL"]
    assert (relation.source_mention, text[relation.source_start : relation.source_end]) == ("Serb forces", "Serb forces")
    assert text[relation.target_start : relation.target_end] == relation.target_mention == "Albanian population"
    (record,) = [r for r in contract_records(extraction) if r["source"]["id"] == "SRB-MIL"]
    assert record["source"] | {} == {
        "id": "SRB-MIL",
        "name": "Serbia · military",
        "kind": "state",
        "code": "SRB",
        "sector": "MIL",
        "mention": "Serb forces",
        "start": 29,
        "end": 40,
    }
    assert (record["target"]["mention"], record["target"]["start"]) == ("Albanian population", 53)


def test_the_stored_edge_and_actor_carry_the_mention_and_the_sector(extract_text) -> None:
    graph = to_document_graph(extract_text("Serb forces shelled the Albanian population of the town."))
    (edge,) = graph.relations
    assert (edge.source_mention, edge.source_start, edge.source_end) == ("Serb forces", 0, 11)
    assert (edge.target_mention, edge.target_start, edge.target_end) == ("Albanian population", 24, 43)
    soldiers = next(a for a in graph.actors if a.id == "SRB-MIL")
    assert (soldiers.code, soldiers.country, soldiers.sector) == ("SRB", "SRB", "MIL")
    assert ("SRB-MIL", "SRB", "military") in {(f.actor_id, f.organisation_id, f.role) for f in graph.affiliations}


def test_users_add_agent_nouns(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("agents:\n  MIL: [frogmen]\nactors:\n  - {name: Ana Example, kind: person, code: CHL, role: envoy}\n")
    extractor = Extractor(gazetteer=load_gazetteer([mine]))
    extraction = next(
        extractor.extract([Document(name="t", text="Chilean frogmen sank the boat.", published=dt.date(2024, 1, 2))])
    )
    assert actors_named(extraction)["Chilean frogmen"] == "CHL-MIL"
