"""Constructions of the event space: codes as specific as the text, frames, and what is not an event."""

from __future__ import annotations

import datetime as dt

import pytest

from actorgraph.ingest.records import Document
from actorgraph.ingest.scoring import triples_of


def coded(extraction) -> set[tuple[str, str, str, str]]:
    """(source id, relation, target id, CAMEO code): the actor as coded, sector included."""
    return {(r.source_id, r.type, r.target_id, r.cameo) for r in extraction.relations}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Estonia expelled two Russian diplomats on Tuesday.", ("EST", "EXPELS", "RUS-GOV", "166")),
        ("Turkish police detained three Syrian nationals near the border.", ("TUR-COP", "ARRESTS", "SYR-CVL", "173")),
        ("Egypt deported forty Sudanese migrants last week.", ("EGY", "EXPELS", "SDN-CVL", "174")),
        ("The Saudi-led coalition imposed a blockade on Yemen's ports.", None),
        ("Greece lifted its restrictions on Turkish imports.", ("GRC", "EASES", "TUR", "085")),
        ("Armenia withdrew its troops from the disputed villages of Azerbaijan.", ("ARM", "WITHDRAWS", "AZE-CVL", "0874")),
        ("Moscow released two Ukrainian servicemen on Friday.", ("RUS", "RELEASES", "UKR-MIL", "0841")),
        ("Chile recalled its ambassador from Venezuela.", ("CHL", "SANCTIONS", "VEN", "161")),
        ("Azerbaijan rejected an Armenian proposal for talks in Brussels.", ("AZE", "REJECTS", "ARM", "120")),
        ("Nigeria summoned the British envoy over the remarks.", ("NGA", "CRITICIZES", "GBR-GOV", "114")),
        ("Vietnamese officials praised Japan for its help after the floods.", ("VNM-GOV", "SUPPORTS", "JPN", "051")),
        ("Indian soldiers beat up Chinese soldiers in the Galwan valley.", ("IND-MIL", "ASSAULTS", "CHN-MIL", "182")),
    ],
)
def test_a_relation_gets_the_code_of_its_own_words(extract_text, text: str, expected) -> None:
    found = coded(extract_text(text))
    if expected is None:
        assert not found or all(r[1] != "ATTACKS" for r in found)
    else:
        assert expected in found, found


def test_codes_give_plover_quadclass_and_goldstein(extract_text) -> None:
    (relation,) = extract_text("Estonia expelled two Russian diplomats on Tuesday.").relations
    assert (relation.cameo, relation.plover, relation.quad_class, relation.goldstein) == ("166", "SANCTION", 4, -7.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # promised, planned, in the future: the intent to do it
        ("Scholz will visit China next month.", ("DEU", "MEETS", "CHN", "036")),
        ("Xi is to visit France next week.", ("CHN", "MEETS", "FRA", "036")),
        ("Syria said it is willing to withdraw its troops from Lebanon.", ("SYR", "AGREES", "LBN", "0356")),
        ("Iran will strike Israel if it attacks again, the general said.", ("IRN", "THREATENS", "ISR", "138")),
        ("Washington threatened to impose sanctions on Turkey.", ("USA", "THREATENS", "TUR", "1312")),
        ("Pakistan threatened to break off relations with Iran.", ("PAK", "THREATENS", "IRN", "1313")),
        # refused, or will not: a rejection of what it would have been
        ("Erdogan refused to meet the Israeli prime minister.", ("TUR", "REJECTS", "ISR", "125")),
        ("Moscow said it would not withdraw its forces from Georgia.", ("RUS", "REJECTS", "GEO", "1246")),
    ],
)
def test_frames_code_the_act_as_promised_or_refused(extract_text, text: str, expected) -> None:
    extraction = extract_text(text)
    codes = {a.id: a.code for a in extraction.actors}
    found = {(codes.get(r.source_id), r.type, codes.get(r.target_id), r.cameo) for r in extraction.relations}
    assert expected in found, found
    acts = {(s, r, t) for s, r, t, _ in found}
    assert (expected[0], "ATTACKS", expected[2]) not in acts and (expected[0], "MEETS", expected[2], "040") not in found


def test_refusing_to_condemn_rejects_nobody(extract_text) -> None:
    assert triples_of(extract_text("India declined to condemn Russia at the vote.")) == set()


def test_a_list_of_objects_is_not_a_set_of_relations_among_them(extract_text) -> None:
    text = "The UN chief urged Iran, France, Germany and Britain to reach an agreement."
    assert not {r for r in triples_of(extract_text(text)) if r[1] in ("COOPERATES", "AGREES")}


def test_a_back_reference_is_not_a_new_event(extract_text) -> None:
    assert triples_of(extract_text("Four months after Russia invaded Ukraine, the EU opened its doors to Kyiv.")) == set()
    assert triples_of(extract_text("Prices have soared since Russia's invasion of Ukraine.")) == set()
    (dated,) = extract_text("Since Russia invaded Ukraine in February 2022, grain prices have doubled.").relations
    assert (dated.source_id, dated.type, dated.target_id, dated.date) == ("RUS", "ATTACKS", "UKR", dt.date(2022, 2, 15))


def test_what_is_only_not_backed_does_not_happen(extract_text) -> None:
    found = triples_of(extract_text("Washington would not back an Israeli attack on Iran's oil fields."))
    assert ("ISR", "ATTACKS", "IRN") not in found


def test_shooting_down_drones_is_no_attack_on_their_owner(extract_text) -> None:
    assert ("POL", "ATTACKS", "RUS") not in triples_of(extract_text("Poland shot down Russian drones over its territory."))
    assert ("SAU", "ATTACKS", "IRN") not in triples_of(extract_text("Saudi air defences intercepted Iranian missiles."))


def test_a_presupposed_event_stays_a_fact_inside_a_request(extract_text) -> None:
    text = "Kyiv appealed for air defence to counter Russia's bombardment of Ukrainian cities."
    assert ("RUS", "ATTACKS", "UKR") in triples_of(extract_text(text))


def test_the_purpose_of_an_act_is_not_an_event(extract_text) -> None:
    text = "Qatar has been negotiating with Hamas to end the war in Gaza."
    assert {r[1] for r in triples_of(extract_text(text))} <= {"MEETS"}


def test_a_speaking_state_is_it_only_in_what_it_says(extract_text) -> None:
    assert ("CHE", "EXPELS", "RUS") in triples_of(extract_text("Switzerland said it had expelled two Russian diplomats."))
    found = triples_of(extract_text("Washington warned that North Korea would pay a price if it supplied weapons to Russia."))
    assert ("USA", "AIDS", "RUS") not in found


def test_a_headline_and_its_lead_count_once(extractor) -> None:
    document = Document(
        name="h",
        title="Russia Expels Two Polish Diplomats",
        text="Russia expelled two Polish diplomats on Monday, the foreign ministry said.\n\nWarsaw condemned the move.",
        published=dt.date(2024, 5, 6),
    )
    extraction = next(extractor.extract([document]))
    expulsions = [r for r in extraction.relations if r.type == "EXPELS"]
    assert len(expulsions) == 1 and expulsions[0].sentence.startswith("Russia expelled")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "India and Pakistan exchanged fire across the Line of Control.",
            {("IND", "ATTACKS", "PAK"), ("PAK", "ATTACKS", "IND")},
            set(),
        ),
        (
            "Russian air defences destroyed thirty Ukrainian drones over Crimea.",
            set(),
            {("RUS", "COERCES", "UKR"), ("RUS", "ATTACKS", "UKR")},
        ),
        ("Hungary blocked an EU statement criticising China over Hong Kong.", set(), {("EU", "CRITICIZES", "CHN")}),
        ("The offensive prompted Armenia to appeal to Russia for help.", {("ARM", "APPEALS", "RUS")}, set()),
        ("Serbia put its army on alert near the Kosovo border.", {("SRB", "MOBILIZES", "XKX")}, set()),
        ("Egypt's president hosted Jordan's king for talks on Gaza.", {("EGY", "MEETS", "JOR")}, set()),
        ("Myanmar troops captured a rebel stronghold on the Thai border.", set(), {("MMR", "OCCUPIES", "THA")}),
        ("The UN called for Israel's withdrawal from Gaza.", {("UN", "APPEALS", "ISR")}, {("ISR", "WITHDRAWS", "PSE")}),
        ("China demanded Japan's withdrawal from the islands.", {("CHN", "DEMANDS", "JPN")}, {("JPN", "WITHDRAWS", "CHN")}),
        ("Seoul demanded the withdrawal of North Korean troops from Russia.", set(), {("KOR", "DEMANDS", "RUS")}),
    ],
)
def test_constructions_between_actors(extract_text, text: str, present: set, absent: set) -> None:
    found = triples_of(extract_text(text))
    assert present <= found and not absent & found, found


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "Armenia accused Azerbaijan of trying to starve civilians and appealed to Russia for help.",
            ("ARM", "APPEALS", "RUS", "asserted"),
            ("AZE", "APPEALS", "RUS"),
        ),
        (
            "Iran agreed to withdraw its forces and released three Iraqi fishermen.",
            ("IRN", "RELEASES", "IRQ", "asserted"),
            ("IRN", "AGREES", "IRQ"),
        ),
    ],
)
def test_a_finite_verb_joined_to_an_infinitive_is_a_clause_of_its_own(extract_text, text: str, expected, absent) -> None:
    extraction = extract_text(text)
    codes = {a.id: a.code for a in extraction.actors}
    found = {(codes.get(r.source_id), r.type, codes.get(r.target_id), r.modality) for r in extraction.relations}
    assert expected in found and absent not in {f[:3] for f in found}, found
