"""The shipped gazetteer files hold together: codes, kinds, dates, surface forms, sources.

What the hand-written files (countries, organisations, actors, exclusions, places) must keep
true, what the files derived from PETRARCH-2 (agents, office_holders, armed_groups,
regions) must keep true, and that the derived files are what tools/derive_gazetteer.py
writes from the reference dictionaries.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

from actorgraph.graph.records import ACTOR_KINDS
from actorgraph.ingest.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "ingest" / "data" / "gazetteer"
DERIVED = ("agents.yaml", "office_holders.yaml", "armed_groups.yaml", "regions.yaml")

# The 193 UN member states (ISO 3166-1 alpha-3) and the four non-members the gazetteer keeps.
UN_MEMBERS = frozenset(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI
    CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI
    EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA
    JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM
    MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
    MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
    SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """.split()
)
NON_MEMBERS = frozenset({"TWN", "XKX", "PSE", "VAT"})
COUNTRY_KEYS = {"name", "aliases", "demonyms", "metonyms", "ambiguous", "un_member", "user_assigned", "note"}
ORG_KEYS = {"code", "name", "kind", "aliases", "adjectives", "metonyms", "ambiguous", "members", "note"}
ACTOR_KEYS = {"name", "kind", "code", "role", "aliases", "ambiguous", "affiliation", "from", "to", "note", "roles", "sector"}
CODE = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")
# Forms that must never be a surface (shared by two states, or a contested city), forms that
# may only be ambiguous, and forms that belong to one entry only.
FORBIDDEN_FORMS = {"korea", "korean", "jerusalem", "tel aviv", "east jerusalem"}
AMBIGUOUS_ONLY_FORMS = {"congo", "congolese"}
RESERVED_FORMS = {"brussels": ("org", "EU")}


class _UniqueKeys(yaml.SafeLoader):
    """A loader that refuses a key given twice (PyYAML silently keeps the last)."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    duplicated = {k for k in keys if keys.count(k) > 1}
    if duplicated:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {sorted(map(str, duplicated))}", node.start_mark)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def read(name: str) -> Any:
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=_UniqueKeys)


def fold(text: str) -> str:
    """A surface form compared without case, accents, apostrophe shapes, dots and hyphens."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = re.sub(r"[\u2018\u2019\u02bb\u02bc\u0060\u00b4]", "'", plain).replace(".", "")
    return re.sub(r"[\s\-\u2010-\u2015]+", " ", plain).casefold().strip()


def strings(value: Any) -> list[str]:
    assert value is None or (isinstance(value, list) and all(isinstance(v, str) and v == v.strip() and v for v in value)), value
    return value or []


@pytest.fixture(scope="module")
def hand_written() -> dict[str, Any]:
    return {name: read(f"{name}.yaml") for name in ("countries", "organisations", "actors", "exclusions", "places")}


@pytest.fixture(scope="module")
def states(hand_written: dict[str, Any]) -> set[str]:
    return set(hand_written["countries"])


@pytest.fixture(scope="module")
def codes(hand_written: dict[str, Any], states: set[str]) -> set[str]:
    """Every code an actor may act for: states, organisations, and the codes armed groups define."""
    groups = {a["code"] for a in hand_written["actors"] if a.get("kind") in ("armed_group", "org") and a.get("code")}
    return states | {o["code"] for o in hand_written["organisations"]} | groups


# -- the hand-written files ---------------------------------------------------------------------


def test_countries_are_every_un_member_and_the_four_others(hand_written: dict[str, Any]) -> None:
    countries = hand_written["countries"]
    assert UN_MEMBERS <= set(countries) and set(countries) - UN_MEMBERS == NON_MEMBERS
    for code, entry in countries.items():
        assert set(entry) <= COUNTRY_KEYS and {"name", "aliases", "demonyms", "metonyms"} <= set(entry), code
        known = pycountry.countries.get(alpha_3=code) is not None
        assert known != bool(entry.get("user_assigned")), f"{code}: user_assigned only for codes pycountry lacks"
        assert (code in UN_MEMBERS) == entry.get("un_member", True), code
        assert entry["metonyms"] or entry.get("note"), f"{code}: no capital and no note saying why"
        for field in ("aliases", "demonyms", "metonyms", "ambiguous"):
            strings(entry.get(field))


def test_organisations_have_their_own_codes(hand_written: dict[str, Any], states: set[str]) -> None:
    seen = set()
    for entry in hand_written["organisations"]:
        code = entry["code"]
        assert set(entry) <= ORG_KEYS and CODE.match(code) and code not in seen, code
        seen.add(code)
        assert code not in states and pycountry.countries.get(alpha_3=code) is None, f"{code} is a state's code"
        assert entry["kind"] in ("igo", "bloc"), code
        assert set(strings(entry.get("members"))) <= states, code


def test_actors_have_kinds_codes_roles_and_dates_in_order(hand_written: dict[str, Any], codes: set[str]) -> None:
    names = {fold(a["name"]) for a in hand_written["actors"]}
    assert len(names) == len(hand_written["actors"]), "two actors share a name"
    for entry in hand_written["actors"]:
        where = entry["name"]
        assert set(entry) <= ACTOR_KEYS and entry["kind"] in ACTOR_KINDS, where
        assert entry.get("code") is None or entry["code"] in codes, f"{where}: unknown code {entry.get('code')}"
        assert entry["kind"] not in ("party", "armed_group") or entry.get("code"), f"{where}: needs a code"
        assert entry["kind"] != "person" or entry.get("role"), f"{where}: a person needs a role"
        start, end = (_partial_date(entry.get(k)) for k in ("from", "to"))
        assert not (start and end) or start[: len(end)] <= end[: len(start)], f"{where}: from is after to"
        affiliation = entry.get("affiliation")
        assert affiliation is None or affiliation in codes or fold(affiliation) in names, f"{where}: {affiliation}"


def _partial_date(value: Any) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text), f"bad date {value!r}"
    return text


def test_no_surface_form_names_two_entries_unless_flagged(hand_written: dict[str, Any]) -> None:
    by_form: dict[str, dict[tuple[str, str], bool]] = defaultdict(dict)  # form → {entry: ambiguous}

    def add(entry: tuple[str, str], plain: list[str], ambiguous: list[str]) -> None:
        doubtful = {fold(a) for a in ambiguous}
        for form in [*plain, *ambiguous]:
            key = fold(form)
            by_form[key][entry] = by_form[key].get(entry, False) or key in doubtful

    for code, c in hand_written["countries"].items():
        add(
            ("country", code),
            [c["name"], *strings(c["aliases"]), *strings(c["demonyms"]), *strings(c["metonyms"])],
            strings(c.get("ambiguous")),
        )
    for o in hand_written["organisations"]:
        add(
            ("org", o["code"]),
            [o["name"], *strings(o["aliases"]), *strings(o["adjectives"]), *strings(o["metonyms"])],
            strings(o.get("ambiguous")),
        )
    for a in hand_written["actors"]:
        add(("actor", a["name"]), [a["name"], *strings(a.get("aliases"))], strings(a.get("ambiguous")))
    for form, entries in by_form.items():
        assert form not in FORBIDDEN_FORMS, f"{form!r} must not be a surface form"
        assert form not in AMBIGUOUS_ONLY_FORMS or all(entries.values()), f"{form!r} may only be ambiguous"
        assert form not in RESERVED_FORMS or set(entries) == {RESERVED_FORMS[form]}, form
        assert sum(not flagged for flagged in entries.values()) <= 1, f"{form!r} names {sorted(entries)} unflagged"


def test_exclusions_hold_a_known_form_and_are_not_one(hand_written: dict[str, Any]) -> None:
    surfaces = {re.sub(r"^the ", "", fold(s.text)) for s in load_gazetteer().surfaces if s.via != "exclusion"}
    for phrase in strings(hand_written["exclusions"]):
        words = fold(phrase).split()
        assert fold(phrase) not in surfaces, f"{phrase!r} is itself an actor's name"
        parts = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
        assert parts & surfaces, f"{phrase!r} holds no actor's name: the exclusion does nothing"


def test_places_name_states(hand_written: dict[str, Any], states: set[str]) -> None:
    assert all(code is None or code in states for code in hand_written["places"].values())


# -- the files derived from PETRARCH-2 -----------------------------------------------------------


def test_derived_files_name_their_source_and_licence() -> None:
    for name in DERIVED:
        header = (DATA / name).read_text(encoding="utf-8")[:4000]
        assert "PETRARCH-2" in header and "MIT licence" in header and "Open Event Data" in header, name
        assert "tools/derive_gazetteer.py" in header, name


def test_agents_are_sectors_the_gazetteer_knows() -> None:
    agents = read("agents.yaml")
    sectors = agents["sectors"]
    assert {"GOV", "MIL", "COP", "JUD", "REB", "OPP", "CVL", "MED", "BUS"} <= set(sectors)
    for code, (name, kind, acts_for_state) in sectors.items():
        assert re.fullmatch(r"[A-Z]{3}", code) and name and kind in ACTOR_KINDS and isinstance(acts_for_state, bool)
    assert not any(sectors[s][2] for s in ("REB", "OPP", "UAF", "CVL")), "rebels, opposition, civilians act for no state"
    for key in ("agents", "munitions"):
        for sector, nouns in agents[key].items():
            assert sector in sectors and nouns == sorted(set(nouns)), (key, sector)
            assert all(n == n.lower() and n.strip() == n for n in nouns), (key, sector)


def test_office_holders_act_for_known_codes_with_dates_in_order(codes: set[str]) -> None:
    gazetteer = load_gazetteer()
    people = [e for e in gazetteer.entries.values() if e.roles]
    assert len(people) > 3000
    for person in people:
        for role in person.roles:
            assert role.code in codes, f"{person.name}: {role.code}"
            assert role.sector is None or role.sector in gazetteer.sectors, f"{person.name}: {role.sector}"
            assert not (role.start and role.end) or role.start <= role.end, person.name


def test_derived_names_never_shadow_hand_written_ones(hand_written: dict[str, Any]) -> None:
    written = {fold(a["name"]) for a in hand_written["actors"]}
    written |= {fold(x) for a in hand_written["actors"] for x in strings(a.get("aliases"))}
    derived = [line.split(" | ")[0] for line in read("office_holders.yaml")] + [g["name"] for g in read("armed_groups.yaml")]
    assert not {fold(name) for name in derived} & written


def test_armed_groups_and_regions_belong_to_states(states: set[str]) -> None:
    assert all(group["code"] in states for group in read("armed_groups.yaml"))
    assert all(code in states for code in read("regions.yaml").values())


def test_state_level_collapse_stays_right(codes: set[str], states: set[str]) -> None:
    """The evaluation collapses a code to its first three letters (USAGOV → USA): no organisation's
    or group's code may collapse onto a state it is not, and an agent's id keeps its state first."""
    for code in codes - states:
        assert len(code) < 3 or code[:3] not in states, f"{code} would be counted as {code[:3]}"
    assert load_gazetteer().entries["USA"].code[:3] == "USA"


def test_derived_files_are_what_the_tool_writes(shared_dir: Path) -> None:
    reference = shared_dir / "reference" / "petrarch2-dictionaries"
    if not reference.exists():
        pytest.skip("no PETRARCH-2 dictionaries in ../shared/reference")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "derive_gazetteer.py"), "--check", "--reference", str(reference)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
