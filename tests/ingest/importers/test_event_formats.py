"""Reading the four datasets' layouts: the fields each row gives, and the rows that cannot be read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from event_files import EVENTS, FILES

from actorgraph.ingest.importers.codes import CameoTypes, load_event_codes
from actorgraph.ingest.importers.formats import FORMATS, Event, RowError
from actorgraph.ingest.ontology import load_ontology

CODES = load_event_codes()


def read(dataset: str) -> tuple[list[Event], list[tuple[int, str]]]:
    """Every event of a fixture, and the (line, reason) of every row that could not be read."""
    event_format = FORMATS[dataset]
    events, bad = [], []
    with open(EVENTS / FILES[dataset], newline="", encoding="utf-8") as stream:
        rows = event_format.rows(stream)
        columns = event_format.columns(next(rows)[1]) if event_format.header else None
        for line, fields in rows:
            try:
                events.extend(event_format.events(fields, line, CODES, columns))
            except RowError as exc:
                bad.append((line, str(exc)))
    return events, bad


def test_gdelt_rows_give_actors_codes_place_and_source() -> None:
    events, bad = read("gdelt")
    first = events[0]
    assert (first.source.code, first.source.name, first.target.code) == ("RUS", "RUSSIA", "UKR")
    assert (first.cameo, first.quad_class, first.goldstein, first.date) == ("190", 4, -10.0, dt.date(2024, 4, 11))
    assert first.location == "Kharkiv, Kharkivs'ka Oblast', Ukraine" and (first.latitude, first.longitude) == (49.9808, 36.2527)
    assert first.evidence.url == "https://news.example.org/2024/04/11/strikes"
    assert first.evidence.source == "news.example.org"
    assert events[1].source.kind == "state"  # a GOV actor acts as its state
    assert [line for line, _ in bad] == [6, 7]
    assert "expected 61 tab-separated columns, found 60" in bad[0][1]
    assert "GoldsteinScale 'abc' is not a number" in bad[1][1]


def test_icews_rows_are_read_by_column_name() -> None:
    events, bad = read("icews")
    putin = next(e for e in events if e.source.name == "Vladimir Putin")
    assert (putin.cameo, putin.goldstein, putin.target.name, putin.target.country) == (
        "130",
        -4.4,
        "United States",
        "United States",
    )
    assert putin.evidence.key == "58000002" and putin.evidence.source == "Example Daily"
    assert next(e for e in events if e.source.name == "Boko Haram").source.kind == "armed_group"
    assert bad == [(6, "Event Date '2024-13-45' is not a date"), (7, "CAMEO code 'X1' is not 2 to 4 digits")]


def test_polecat_cells_with_several_actors_give_one_event_each() -> None:
    events, bad = read("polecat")
    aid = [e for e in events if e.plover == "AID"]
    assert sorted((e.source.name, e.source.country) for e in aid) == [("United Kingdom", "GBR"), ("United States", "USA")]
    threat = next(e for e in events if e.plover == "THREATEN")
    assert threat.cameo == "138"  # THREATEN with mode violence
    assert next(e for e in events if e.plover == "ACCUSE").source.role == "Foreign Minister"
    assert bad == [(6, "Event Type 'DANCE' is not a PLOVER event type")]


def test_acled_line_numbers_count_the_lines_of_quoted_notes() -> None:
    events, bad = read("acled")
    assert [line for line, _ in bad] == [7, 8]  # the first row's notes take two lines
    shelling = next(e for e in events if e.key == ("UKR90002",))
    assert shelling.date == dt.date(2024, 3, 12)  # written "12 March 2024"
    assert (shelling.source.country, shelling.source.kind, shelling.cameo) == ("Russia", "state", "194")


def test_a_file_without_the_layouts_columns_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="not a ICEWS event file: no 'CAMEO Code' column"):
        FORMATS["icews"].columns(["Event Date", "Source Name", "Target Name"])


@pytest.mark.parametrize(
    ("code", "expected"),
    [("1384", "THREATENS"), ("130", "WARNS"), ("1663", "EXPELS"), ("0231", "APPEALS"), ("112", "ACCUSES"), ("1999", "ATTACKS")],
)
def test_cameo_codes_find_the_most_specific_type_of_the_ontology(code: str, expected: str) -> None:
    assert CameoTypes(load_ontology()).spec(code).relation == expected


def test_a_code_takes_the_coding_of_its_most_specific_known_entry() -> None:
    types = CameoTypes(load_ontology())
    expulsion, unknown_attack = types.spec("1663"), types.spec("1999")  # 1999 is no CAMEO code: 190's coding
    assert (expulsion.cameo, expulsion.plover, expulsion.quad_class, expulsion.goldstein) == ("1663", "SANCTION", 4, -7.0)
    assert (unknown_attack.cameo, unknown_attack.plover, unknown_attack.goldstein) == ("1999", "ASSAULT", -10.0)
    assert types.spec("010") is None and types.spec("999") is None  # a mere statement; no code at all


def test_a_user_ontology_gives_a_narrower_type_to_codes_it_claims(tmp_path: Path) -> None:
    extra = tmp_path / "tortures.yaml"
    extra.write_text("relations:\n  TORTURES: {description: Torture., cameo: '1822', codes: ['1822']}\n")
    assert CameoTypes(load_ontology()).spec("1822").relation == "ASSAULTS"
    tortures = CameoTypes(load_ontology([extra]))
    assert (tortures.spec("1822").relation, tortures.spec("1823").relation) == ("TORTURES", "ASSAULTS")
