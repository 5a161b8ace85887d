#!/usr/bin/env python3
"""Validate the actor gazetteer in ingest/data/gazetteer/.

Checks
  * countries.yaml: keys are alpha-3 codes that pycountry knows (except entries marked
    `user_assigned: true`, i.e. XKX); all 193 UN member states are present; only the
    known non-members (TWN, XKX, PSE, VAT) are marked `un_member: false`; field types;
    every entry has metonyms or a `note` explaining why not.
  * organisations.yaml: unique, well-formed codes that do not clash with alpha-3 codes;
    kind in {igo, bloc}; members are known states.
  * actors.yaml: unique names; kind in {person, party, media, armed_group, org};
    every code is a state, an organisation, or an actor group code (a code defined by
    an armed_group/org entry); affiliation is an actor name or a code; dates are
    well-formed and ordered.
  * Across all files: no surface form (name, alias, demonym, metonym, adjective,
    ambiguous form) points at two different entries unless all of them but at most one
    list it under `ambiguous`. Forms are compared after folding case, accents,
    apostrophes, periods and hyphens.
  * A few guard rails: bare "Korea"/"Korean", "Jerusalem" and "Tel Aviv" are never
    surface forms; "Brussels" belongs only to the EU; bare "Congo"/"Congolese" only
    appear as ambiguous.
  * exclusions.yaml (optional): every phrase contains a known surface form and is not
    itself one.

Prints counts and exits 1 if there is any problem. With --strict, warnings count as
problems too.

Usage: python tools/check_gazetteer.py [--dir PATH] [--strict] [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pycountry
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "ingest" / "data" / "gazetteer"

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = frozenset(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
    BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
    CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
    FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
    IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
    LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
    NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
    MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
    ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
    UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """.split()
)
NON_MEMBERS = frozenset({"TWN", "XKX", "PSE", "VAT"})

COUNTRY_KEYS = {"name", "aliases", "demonyms", "metonyms", "ambiguous", "un_member", "user_assigned", "note"}
COUNTRY_REQUIRED = {"name", "aliases", "demonyms", "metonyms"}
ORG_KEYS = {"code", "name", "kind", "aliases", "adjectives", "metonyms", "ambiguous", "members", "note"}
ORG_REQUIRED = {"code", "name", "kind", "aliases", "adjectives", "metonyms"}
ACTOR_KEYS = {"name", "kind", "code", "role", "aliases", "ambiguous", "affiliation", "from", "to", "note"}
ACTOR_REQUIRED = {"name", "kind", "code", "aliases"}

ORG_KINDS = {"igo", "bloc"}
ACTOR_KINDS = {"person", "party", "media", "armed_group", "org"}
# Only these kinds may introduce a new code (HAMAS, WAGNER ...). Persons, parties and
# media must point at an existing code, so a typo there is caught.
GROUP_DEFINING_KINDS = {"armed_group", "org"}
# Kinds that must carry a code.
CODE_REQUIRED_KINDS = {"party", "armed_group"}

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")
PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2})?$")

# Surface forms (normalised) that must not appear anywhere, and forms that may only
# appear as `ambiguous`.
FORBIDDEN_FORMS = {"korea", "korean", "jerusalem", "tel aviv", "east jerusalem"}
AMBIGUOUS_ONLY_FORMS = {"congo", "congolese"}
# Forms that may only point at one particular entry.
RESERVED_FORMS = {"brussels": ("org", "EU")}


# --------------------------------------------------------------------------- helpers
def norm(s: str) -> str:
    """Fold a surface form for comparison (case, accents, apostrophes, dots, hyphens)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[\u2018\u2019\u02bb\u02bc`´]", "'", s)
    s = s.replace(".", "")
    s = re.sub(r"[\s\-\u2010-\u2015]+", " ", s)
    return s.casefold().strip()


def tokens(s: str) -> list[str]:
    return re.findall(r"[\w']+", norm(s))


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys (PyYAML silently keeps the last)."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def load_yaml(path: Path, rep: Report) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_UniqueKeyLoader)
    except FileNotFoundError:
        rep.error(f"{path}: file not found")
    except yaml.YAMLError as exc:
        rep.error(f"{path}: YAML error: {exc}")
    return None


def check_str_list(value: Any, where: str, rep: Report) -> list[str]:
    """Return the list of valid strings; report anything else."""
    if value is None:
        return []
    if not isinstance(value, list):
        rep.error(f"{where}: expected a list, got {type(value).__name__}")
        return []
    out = []
    seen = set()
    for item in value:
        if not isinstance(item, str):
            rep.error(f"{where}: non-string item {item!r} (quote it in YAML)")
            continue
        if not item.strip() or item != item.strip():
            rep.error(f"{where}: empty or padded string {item!r}")
            continue
        if item in seen:
            rep.warn(f"{where}: duplicate item {item!r}")
        seen.add(item)
        out.append(item)
    return out


def check_keys(entry: dict, allowed: set, required: set, where: str, rep: Report) -> None:
    for k in entry:
        if k not in allowed:
            rep.error(f"{where}: unknown field {k!r}")
    for k in required:
        if k not in entry:
            rep.error(f"{where}: missing field {k!r}")


def parse_date(value: Any, where: str, rep: Report) -> str | None:
    """Return an ISO-ish sortable string for a date field, or None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1900 <= value <= 2100:
        return str(value)
    if isinstance(value, str) and PARTIAL_DATE_RE.match(value):
        return value
    rep.error(f"{where}: bad date {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return None


# -------------------------------------------------------------------- surface index
class SurfaceIndex:
    """Normalised surface form -> {target: (is_ambiguous, [raw forms, where])}."""

    def __init__(self) -> None:
        self.by_form: dict[str, dict[tuple[str, str], dict]] = defaultdict(dict)

    def add(self, raw: str, target: tuple[str, str], ambiguous: bool, where: str) -> None:
        key = norm(raw)
        slot = self.by_form[key].setdefault(target, {"ambiguous": False, "raw": set(), "where": where})
        slot["ambiguous"] = slot["ambiguous"] or ambiguous
        slot["raw"].add(raw)

    def add_entry(self, target: tuple[str, str], where: str, plain: list[str], ambiguous: list[str]) -> None:
        amb = {norm(a) for a in ambiguous}
        for s in plain:
            self.add(s, target, norm(s) in amb, where)
        for s in ambiguous:
            self.add(s, target, True, where)


# ------------------------------------------------------------------------ checkers
def check_countries(data: Any, rep: Report, idx: SurfaceIndex) -> dict[str, dict]:
    if not isinstance(data, dict):
        rep.error("countries.yaml: expected a mapping keyed by alpha-3 code")
        return {}
    countries: dict[str, dict] = {}
    for code, entry in data.items():
        where = f"countries.yaml:{code}"
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
            rep.error(f"{where}: key is not an uppercase alpha-3 code")
            continue
        if not isinstance(entry, dict):
            rep.error(f"{where}: entry is not a mapping")
            continue
        check_keys(entry, COUNTRY_KEYS, COUNTRY_REQUIRED, where, rep)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            rep.error(f"{where}: missing or bad name")
            continue
        pc = pycountry.countries.get(alpha_3=code)
        user_assigned = entry.get("user_assigned", False)
        if not isinstance(user_assigned, bool):
            rep.error(f"{where}: user_assigned must be true/false")
        if pc is None and not user_assigned:
            rep.error(f"{where}: code not in pycountry (mark `user_assigned: true` if intended)")
        if pc is not None and user_assigned:
            rep.error(f"{where}: marked user_assigned but pycountry knows it ({pc.name})")
        un_member = entry.get("un_member", True)
        if not isinstance(un_member, bool):
            rep.error(f"{where}: un_member must be true/false")
        if code in UN_MEMBERS and un_member is False:
            rep.error(f"{where}: UN member marked un_member: false")
        if code not in UN_MEMBERS:
            if code not in NON_MEMBERS:
                rep.error(f"{where}: not a UN member and not one of {sorted(NON_MEMBERS)}")
            elif un_member is not False:
                rep.error(f"{where}: non-member must be marked `un_member: false`")
        aliases = check_str_list(entry.get("aliases"), f"{where}.aliases", rep)
        demonyms = check_str_list(entry.get("demonyms"), f"{where}.demonyms", rep)
        metonyms = check_str_list(entry.get("metonyms"), f"{where}.metonyms", rep)
        ambiguous = check_str_list(entry.get("ambiguous"), f"{where}.ambiguous", rep)
        if "note" in entry and not isinstance(entry["note"], str):
            rep.error(f"{where}: note must be a string")
        if not metonyms and not entry.get("note"):
            rep.error(f"{where}: no metonyms (capital) and no note explaining why")
        for a in aliases:
            if a.casefold() == name.casefold():
                rep.warn(f"{where}: alias {a!r} repeats the name")
        idx.add_entry(("country", code), where, [name, *aliases, *demonyms, *metonyms], ambiguous)
        countries[code] = entry
    missing = sorted(UN_MEMBERS - countries.keys())
    if missing:
        rep.error(f"countries.yaml: missing UN member states: {' '.join(missing)}")
    return countries


def check_organisations(data: Any, countries: dict, rep: Report, idx: SurfaceIndex) -> dict[str, dict]:
    if not isinstance(data, list):
        rep.error("organisations.yaml: expected a list")
        return {}
    orgs: dict[str, dict] = {}
    for i, entry in enumerate(data):
        where = f"organisations.yaml[{i}]"
        if not isinstance(entry, dict):
            rep.error(f"{where}: entry is not a mapping")
            continue
        code = entry.get("code")
        if isinstance(code, str):
            where = f"organisations.yaml:{code}"
        check_keys(entry, ORG_KEYS, ORG_REQUIRED, where, rep)
        if not isinstance(code, str) or not CODE_RE.match(code):
            rep.error(f"{where}: bad code {code!r} (uppercase ASCII letters/digits)")
            continue
        if code in orgs:
            rep.error(f"{where}: duplicate code")
            continue
        if code in countries or pycountry.countries.get(alpha_3=code) is not None:
            rep.error(f"{where}: code clashes with an ISO alpha-3 code")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            rep.error(f"{where}: missing or bad name")
            continue
        if entry.get("kind") not in ORG_KINDS:
            rep.error(f"{where}: kind {entry.get('kind')!r} not in {sorted(ORG_KINDS)}")
        aliases = check_str_list(entry.get("aliases"), f"{where}.aliases", rep)
        adjectives = check_str_list(entry.get("adjectives"), f"{where}.adjectives", rep)
        metonyms = check_str_list(entry.get("metonyms"), f"{where}.metonyms", rep)
        ambiguous = check_str_list(entry.get("ambiguous"), f"{where}.ambiguous", rep)
        members = check_str_list(entry.get("members"), f"{where}.members", rep)
        for m in members:
            if m not in countries:
                rep.error(f"{where}.members: unknown state {m!r}")
        if len(set(members)) != len(members):
            rep.error(f"{where}.members: duplicates")
        idx.add_entry(("org", code), where, [name, *aliases, *adjectives, *metonyms], ambiguous)
        orgs[code] = entry
    return orgs


def check_actors(data: Any, countries: dict, orgs: dict, rep: Report, idx: SurfaceIndex) -> tuple[list[dict], set[str]]:
    if not isinstance(data, list):
        rep.error("actors.yaml: expected a list")
        return [], set()
    actors: list[dict] = []
    names: dict[str, str] = {}
    state_codes = set(countries) | set(orgs)

    # Pass 1: which codes are defined by armed groups / orgs?
    group_codes: set[str] = set()
    for entry in data:
        if isinstance(entry, dict) and entry.get("kind") in GROUP_DEFINING_KINDS:
            code = entry.get("code")
            if isinstance(code, str) and code not in state_codes:
                group_codes.add(code)
    for gc in group_codes:
        if pycountry.countries.get(alpha_3=gc) is not None:
            rep.error(f"actors.yaml: group code {gc} clashes with an ISO alpha-3 code")
    valid_codes = state_codes | group_codes

    for i, entry in enumerate(data):
        where = f"actors.yaml[{i}]"
        if not isinstance(entry, dict):
            rep.error(f"{where}: entry is not a mapping")
            continue
        name = entry.get("name")
        if isinstance(name, str):
            where = f"actors.yaml:{name}"
        check_keys(entry, ACTOR_KEYS, ACTOR_REQUIRED, where, rep)
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            rep.error(f"{where}: missing or bad name")
            continue
        if norm(name) in names:
            rep.error(f"{where}: duplicate actor name (also {names[norm(name)]!r})")
            continue
        names[norm(name)] = name
        kind = entry.get("kind")
        if kind not in ACTOR_KINDS:
            rep.error(f"{where}: kind {kind!r} not in {sorted(ACTOR_KINDS)}")
        code = entry.get("code")
        if code is None:
            if kind in CODE_REQUIRED_KINDS:
                rep.error(f"{where}: kind {kind} requires a code")
        elif not isinstance(code, str) or not CODE_RE.match(code):
            rep.error(f"{where}: bad code {code!r}")
        elif code not in valid_codes:
            rep.error(f"{where}: code {code!r} is not a state, an organisation or an actor group code")
        role = entry.get("role")
        if kind == "person" and (not isinstance(role, str) or not role.strip()):
            rep.error(f"{where}: person without a role")
        if role is not None and not isinstance(role, str):
            rep.error(f"{where}: role must be a string")
        aliases = check_str_list(entry.get("aliases"), f"{where}.aliases", rep)
        ambiguous = check_str_list(entry.get("ambiguous"), f"{where}.ambiguous", rep)
        d_from = parse_date(entry.get("from"), f"{where}.from", rep)
        d_to = parse_date(entry.get("to"), f"{where}.to", rep)
        if d_from and d_to:
            # compare on the common prefix so that "2024" vs "2024-05-01" is not an error
            n = min(len(d_from), len(d_to))
            if d_from[:n] > d_to[:n]:
                rep.error(f"{where}: from {d_from} is after to {d_to}")
        if "note" in entry and not isinstance(entry["note"], str):
            rep.error(f"{where}: note must be a string")
        idx.add_entry(("actor", name), where, [name, *aliases], ambiguous)
        actors.append(entry)

    # Pass 2: affiliations (need the full name list)
    for entry in actors:
        aff = entry.get("affiliation")
        if aff is None:
            continue
        where = f"actors.yaml:{entry['name']}.affiliation"
        if not isinstance(aff, str):
            rep.error(f"{where}: must be a string")
        elif aff not in valid_codes and norm(aff) not in names:
            rep.error(f"{where}: {aff!r} is neither an actor name nor a code")
        elif norm(aff) == norm(entry["name"]):
            rep.error(f"{where}: actor is affiliated with itself")
    return actors, group_codes


def check_surfaces(idx: SurfaceIndex, rep: Report, verbose: bool) -> Counter:
    stats: Counter = Counter()
    for form, targets in sorted(idx.by_form.items()):
        stats["forms"] += 1
        if any(t["ambiguous"] for t in targets.values()):
            stats["ambiguous forms"] += 1
        if form in FORBIDDEN_FORMS:
            for tgt, t in targets.items():
                rep.error(f"{t['where']}: forbidden surface form {sorted(t['raw'])}")
        if form in AMBIGUOUS_ONLY_FORMS:
            for tgt, t in targets.items():
                if not t["ambiguous"]:
                    rep.error(f"{t['where']}: {sorted(t['raw'])} may only be listed as ambiguous")
        if form in RESERVED_FORMS:
            for tgt, t in targets.items():
                if tgt != RESERVED_FORMS[form]:
                    rep.error(f"{t['where']}: {sorted(t['raw'])} is reserved for {RESERVED_FORMS[form]}")
        if len(targets) > 1:
            stats["shared forms"] += 1
            unflagged = [tgt for tgt, t in targets.items() if not t["ambiguous"]]
            desc = ", ".join(f"{k}:{v}" for k, v in targets)
            if len(unflagged) > 1:
                rep.error(
                    f"surface form {form!r} points at {desc} and is not marked ambiguous in at least {len(unflagged) - 1} of them"
                )
            elif verbose:
                print(f"  shared (ok, ambiguous): {form!r} -> {desc}")
    return stats


def check_exclusions(data: Any, idx: SurfaceIndex, rep: Report) -> int:
    if data is None:
        return 0
    if not isinstance(data, list):
        rep.error("exclusions.yaml: expected a list of strings")
        return 0
    phrases = check_str_list(data, "exclusions.yaml", rep)
    forms_tokens = {f: tuple(tokens(f)) for f in idx.by_form}
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for f, toks in forms_tokens.items():
        if toks and toks[0] == "the" and len(toks) > 1:
            toks = toks[1:]  # the leading "the" is optional in text
        if toks:
            by_first[toks[0]].append(toks)
    for p in phrases:
        if norm(p) in idx.by_form:
            rep.error(f"exclusions.yaml: {p!r} is itself a surface form")
            continue
        ptoks = tokens(p)
        found = False
        for i, t in enumerate(ptoks):
            for cand in by_first.get(t, ()):
                if tuple(ptoks[i : i + len(cand)]) == cand:
                    found = True
                    break
            if found:
                break
        if not found:
            rep.warn(f"exclusions.yaml: {p!r} contains no known surface form (useless entry)")
    return len(phrases)


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="gazetteer directory")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    ap.add_argument("-v", "--verbose", action="store_true", help="list shared ambiguous forms")
    args = ap.parse_args(argv)

    rep = Report()
    idx = SurfaceIndex()
    d = args.dir
    raw = {name: load_yaml(d / f"{name}.yaml", rep) for name in ("countries", "organisations", "actors")}
    if (d / "exclusions.yaml").exists():
        raw["exclusions"] = load_yaml(d / "exclusions.yaml", rep)
    if rep.errors:  # unreadable files: later checks would only cascade
        for e in rep.errors:
            print(f"ERROR: {e}")
        print(f"FAILED: {len(rep.errors)} error(s) while loading")
        return 1
    countries = check_countries(raw["countries"], rep, idx)
    orgs = check_organisations(raw["organisations"], countries, rep, idx)
    actors, group_codes = check_actors(raw["actors"], countries, orgs, rep, idx)
    stats = check_surfaces(idx, rep, args.verbose)
    n_excl = check_exclusions(raw.get("exclusions"), idx, rep)

    un = sum(1 for c in countries if c in UN_MEMBERS)
    print(
        f"countries:     {len(countries)} ({un} UN members, "
        f"{len(countries) - un} others: {' '.join(sorted(set(countries) - UN_MEMBERS))})"
    )
    org_kinds = Counter(o.get("kind") for o in orgs.values())
    print(f"organisations: {len(orgs)} ({', '.join(f'{k} {v}' for k, v in sorted(org_kinds.items()))})")
    act_kinds = Counter(a.get("kind") for a in actors)
    print(f"actors:        {len(actors)} ({', '.join(f'{k} {v}' for k, v in sorted(act_kinds.items()))})")
    print(f"  uncoded:     {sum(1 for a in actors if a.get('code') is None)}")
    print(f"group codes:   {len(group_codes)} ({' '.join(sorted(group_codes))})")
    print(
        f"surface forms: {stats['forms']} distinct after folding, "
        f"{stats['ambiguous forms']} flagged ambiguous, {stats['shared forms']} shared by several entries"
    )
    print(f"exclusions:    {n_excl}")

    for w in rep.warnings:
        print(f"WARNING: {w}")
    for e in rep.errors:
        print(f"ERROR: {e}")
    problems = len(rep.errors) + (len(rep.warnings) if args.strict else 0)
    if problems:
        print(f"FAILED: {len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
        return 1
    print(f"OK ({len(rep.warnings)} warning(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
