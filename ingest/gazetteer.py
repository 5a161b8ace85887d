"""The actor gazetteer: known states, organisations, blocs, people, parties, media and armed groups,
and the agent nouns that make an actor of a state's people ("Israeli soldiers").

Country names come from pycountry; ``ingest/data/gazetteer/*.yaml`` add what news uses
(short names, aliases, demonyms, capitals and seats of power as metonyms), the named actors,
office-holders with date-bounded roles, armed groups, and the agent nouns by CAMEO sector.
Users add their own actors (and agents) with YAML files in the format of ``actors.yaml``.

>>> gaz = load_gazetteer()
>>> gaz.entries["PRK"].name, gaz.entries["PRK"].kind
('North Korea', 'state')
>>> [(s.actor_id, s.via) for s in gaz.surfaces if s.text == "Kremlin"]
[('RUS', 'metonym')]
>>> gaz.sectors["MIL"].name, gaz.agent_nouns("soldier")[0].sector
('military', 'MIL')
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

from actorgraph.graph.ids import slugify
from actorgraph.graph.records import ACTOR_KINDS
from actorgraph.ingest.datafiles import read_yaml
from actorgraph.ingest.errors import ConfigError

__all__ = ["ActorEntry", "AgentNoun", "Gazetteer", "Role", "Sector", "Surface", "load_gazetteer", "sector_actor_id"]

_DATA = ("actorgraph.ingest", "data/gazetteer")
_ROLE = re.compile(r"^(?P<code>[A-Z][A-Z0-9]{1,15})(?: (?P<sector>[A-Z]{3}))?(?: (?P<start>[\d-]*)/(?P<end>[\d-]*))?$")


@dataclass(frozen=True)
class Sector:
    """A CAMEO sector: the name shown, the kind of actor its agents are, and whether they act for their state."""

    code: str
    name: str
    kind: str
    acts_for_state: bool


@dataclass(frozen=True)
class AgentNoun:
    """A noun for people or bodies of a sector ("border patrol agents" → COP); ``munition``
    nouns (drones, missiles) stand for their military only as the doer."""

    words: tuple[str, ...]
    sector: str
    munition: bool = False


@dataclass(frozen=True)
class Role:
    """A state or organisation someone acted for, in what capacity, and when (either end open)."""

    code: str
    sector: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def distance(self, day: dt.date) -> int:
        """Days from ``day`` to this role's period (0 inside it)."""
        if self.start and day < self.start:
            return (self.start - day).days
        if self.end and day > self.end:
            return (day - self.end).days
        return 0


@dataclass(frozen=True)
class ActorEntry:
    """A known actor, as the gazetteer describes it; ``roles`` date-bound what it acts for."""

    id: str
    name: str
    kind: str
    code: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None  # actor id
    sector: str | None = None
    roles: tuple[Role, ...] = ()

    def role_at(self, day: dt.date | None) -> Role | None:
        """The role held on ``day``: the one covering it, else an undated one, else the nearest.

        >>> clinton = ActorEntry("bill-clinton", "Bill Clinton", "person", roles=(
        ...     Role("USA", "ELI", None, dt.date(1993, 1, 20)), Role("USA", "GOV", dt.date(1993, 1, 20), dt.date(2001, 1, 20))))
        >>> clinton.role_at(dt.date(1998, 5, 1)).sector, clinton.role_at(dt.date(1990, 1, 1)).sector
        ('GOV', 'ELI')
        """
        if not self.roles:
            return None
        if day is None:
            return self.roles[-1]
        covering = [r for r in self.roles if r.covers(day) and (r.start or r.end)]
        if covering:
            return covering[-1]
        undated = [r for r in self.roles if not (r.start or r.end)]
        return undated[0] if undated else min(self.roles, key=lambda r: r.distance(day))

    def in_office(self, day: dt.date | None) -> bool:
        """Whether a dated role in office (not ELI, CAMEO's "out of office") covers ``day``."""
        return day is not None and any(r.covers(day) and (r.start or r.end) and r.sector != "ELI" for r in self.roles)


@dataclass(frozen=True)
class Surface:
    """One way a known actor is written in news.

    ``via`` says how: name, alias, demonym (an adjective standing for the actor), metonym
    (a capital or seat of power), or exclusion (a phrase that is not an actor at all).
    ``ambiguous`` forms are linked only with extra evidence.
    """

    text: str
    actor_id: str
    via: str
    ambiguous: bool = False


@dataclass
class Gazetteer:
    """Known actors by id, every surface form that names them, and the agent nouns by sector."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    surfaces: list[Surface] = field(default_factory=list)
    sectors: dict[str, Sector] = field(default_factory=dict)
    agents: dict[str, list[AgentNoun]] = field(default_factory=dict)  # by last word
    _ambiguous_index: dict[str, list[Surface]] | None = field(default=None, repr=False, compare=False)

    def add(self, entry: ActorEntry, surfaces: Iterable[Surface]) -> None:
        self.entries[entry.id] = entry
        self.surfaces.extend(surfaces)
        self._ambiguous_index = None

    def add_agent(self, noun: AgentNoun) -> None:
        """File a noun under its last word as written and in the singular ("missiles" → "missile"),
        so that either form in a text finds it through the token or its lemma."""
        for key in dict.fromkeys((noun.words[-1], _singular(noun.words[-1]))):
            nouns = self.agents.setdefault(key, [])
            nouns.append(noun)
            nouns.sort(key=lambda n: -len(n.words))  # kept longest first: read for every token of every sentence

    def agent_nouns(self, last_word: str) -> list[AgentNoun]:
        """The agent nouns ending in ``last_word`` (lower case), longest first."""
        return self.agents.get(last_word, [])

    def name_words(self) -> frozenset[str]:
        """Capitalised words of the names, kept capitalised in a Title Case headline.

        Office-holders' names are left out: their thousands of first names hold common words
        ("Will", "Grant"), and a name of theirs in a headline is kept whole by the ruler anyway.
        """
        return frozenset(
            word
            for surface in self.surfaces
            if not (entry := self.entries.get(surface.actor_id)) or not entry.roles
            for word in surface.text.split()
            if word[:1].isupper()
        )

    def ambiguous(self, text: str) -> list[Surface]:
        """The ambiguous surfaces written exactly ``text`` (indexed on first use)."""
        if self._ambiguous_index is None:
            index: dict[str, list[Surface]] = {}
            for surface in self.surfaces:
                if surface.ambiguous:
                    index.setdefault(surface.text, []).append(surface)
            self._ambiguous_index = index
        return self._ambiguous_index.get(text, [])


def _singular(word: str) -> str:
    """A plain English singular, enough for agent nouns.

    >>> [_singular(w) for w in ("missiles", "militiamen", "authorities", "police", "press")]
    ['missile', 'militiaman', 'authority', 'police', 'press']
    """
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def sector_actor_id(code: str, sector: str) -> str:
    """The id of a state's or organisation's agents of one sector.

    >>> sector_actor_id("ISR", "MIL")
    'ISR-MIL'
    """
    return f"{code}-{sector}"


def load_gazetteer(extra: Sequence[str | Path] = ()) -> Gazetteer:
    """The shipped gazetteer, plus the actors (and agents) in each user YAML file of ``extra``."""
    return _extend(_shipped_gazetteer(), extra)


@functools.lru_cache(maxsize=1)
def _shipped_gazetteer() -> Gazetteer:
    gazetteer = Gazetteer()
    _add_agents(gazetteer, _read_shipped("agents.yaml"), "agents.yaml")
    _add_countries(gazetteer, _read_shipped("countries.yaml"))
    _add_organisations(gazetteer, _read_shipped("organisations.yaml"))
    _add_actors(gazetteer, _read_shipped("actors.yaml"), "actors.yaml")
    _add_actors(gazetteer, _read_shipped("armed_groups.yaml"), "armed_groups.yaml", sector="REB", kind="armed_group")
    _add_office_holders(gazetteer, _read_shipped("office_holders.yaml"), "office_holders.yaml")
    exclusions = _read_shipped("exclusions.yaml") or []
    gazetteer.surfaces.extend(Surface(text=str(p), actor_id="", via="exclusion") for p in exclusions)
    return gazetteer


def _extend(base: Gazetteer, extra: Sequence[str | Path]) -> Gazetteer:
    if not extra:
        return base
    gazetteer = Gazetteer(
        entries=dict(base.entries),
        surfaces=list(base.surfaces),
        sectors=dict(base.sectors),
        agents={word: list(nouns) for word, nouns in base.agents.items()},
    )
    for path in extra:
        data = read_yaml(Path(path))
        if isinstance(data, dict) and ({"agents", "munitions"} & set(data)):
            _add_agents(gazetteer, {"sectors": {}, **data}, str(path))
        if isinstance(data, dict):
            data = data.get("actors", [])
        if not isinstance(data, list):
            raise ConfigError(f"{path}: expected a list of actors (name, kind, code, role, aliases)")
        _add_actors(gazetteer, data, str(path))
    return gazetteer


def _read_shipped(name: str) -> Any:
    resource = resources.files(_DATA[0]).joinpath(_DATA[1], name)
    return read_yaml(resource, f"the shipped gazetteer file {name}")


def _surfaces(actor_id: str, groups: dict[str, Iterable[str]], ambiguous: Iterable[str]) -> list[Surface]:
    doubtful = set(ambiguous or ())
    found = [
        Surface(text=str(text), actor_id=actor_id, via=via, ambiguous=str(text) in doubtful)
        for via, texts in groups.items()
        for text in texts or ()
    ]
    named = {s.text for s in found}
    found += [Surface(text=str(t), actor_id=actor_id, via="alias", ambiguous=True) for t in doubtful - named]
    return found


def _add_agents(gazetteer: Gazetteer, data: dict[str, Any], label: str) -> None:
    for code, (name, kind, acts_for_state) in (data.get("sectors") or {}).items():
        gazetteer.sectors[code] = Sector(code, str(name), str(kind), bool(acts_for_state))
    for key, munition in (("agents", False), ("munitions", True)):
        for sector, nouns in (data.get(key) or {}).items():
            if sector not in gazetteer.sectors:
                raise ConfigError(f"{label}: {key}: unknown sector {sector!r} (one of {', '.join(gazetteer.sectors)})")
            for noun in nouns or ():
                words = tuple(str(noun).lower().replace("-", " ").split())
                if words:
                    gazetteer.add_agent(AgentNoun(words, sector, munition))


def _add_countries(gazetteer: Gazetteer, data: dict[str, dict[str, Any]]) -> None:
    for code, item in data.items():
        country = pycountry.countries.get(alpha_3=code)
        name = item.get("name") or (country.name if country else code)
        official = [country.name, getattr(country, "official_name", None)] if country else []
        aliases = [a for a in dict.fromkeys([*item.get("aliases", []), *filter(None, official)]) if a != name]
        entry = ActorEntry(id=code, name=name, kind="state", code=code, aliases=tuple(aliases))
        groups = {"name": [name], "alias": aliases, "demonym": item.get("demonyms", []), "metonym": item.get("metonyms", [])}
        gazetteer.add(entry, _surfaces(code, groups, item.get("ambiguous", [])))


def _add_organisations(gazetteer: Gazetteer, data: list[dict[str, Any]]) -> None:
    for item in data:
        code = item["code"]
        entry = ActorEntry(
            id=code, name=item["name"], kind=item.get("kind", "igo"), code=code, aliases=tuple(item.get("aliases", []))
        )
        groups = {
            "name": [item["name"]],
            "alias": item.get("aliases", []),
            "demonym": item.get("adjectives", []),
            "metonym": item.get("metonyms", []),
        }
        # An adjective like "Western" is only ever read as a modifier, which is evidence enough.
        doubtful = [a for a in item.get("ambiguous", []) if a not in item.get("adjectives", [])]
        gazetteer.add(entry, _surfaces(code, groups, doubtful))


def _add_actors(gazetteer: Gazetteer, data: list[dict[str, Any]], label: str, **defaults: str) -> None:
    names = {item.get("name"): _actor_id(item) for item in data if isinstance(item, dict)}
    for number, item in enumerate(data, 1):
        entry = _actor_entry(
            {**defaults, **item} if isinstance(item, dict) else item, names, gazetteer, f"{label} entry {number}"
        )
        if entry.id in gazetteer.entries and label != "actors.yaml" and gazetteer.entries[entry.id].kind != entry.kind:
            continue  # a derived group that shares its name with a hand-written actor
        groups = {"name": [entry.name], "alias": list(entry.aliases)}
        gazetteer.add(entry, _surfaces(entry.id, groups, item.get("ambiguous", [])))


def _add_office_holders(gazetteer: Gazetteer, lines: list[str], label: str) -> None:
    """People from one-line entries: ``NAME | ALIAS; ~ONE-WORD ALIAS | CODE SECTOR FROM/TO; …``."""
    for number, line in enumerate(lines or (), 1):
        name, _, rest = str(line).partition(" | ")
        aliases_text, _, roles_text = rest.partition(" | ")
        aliases = [a.strip() for a in aliases_text.split(";") if a.strip()]
        roles = tuple(_role(r.strip(), f"{label} entry {number}") for r in roles_text.split(";") if r.strip())
        actor_id = slugify(name)
        if actor_id in gazetteer.entries:
            continue  # a hand-written actor wins
        plain = tuple(a for a in aliases if not a.startswith("~"))
        entry = ActorEntry(
            id=actor_id, name=name, kind="person", code=roles[-1].code if roles else None, aliases=plain, roles=roles
        )
        doubtful = [a[1:] for a in aliases if a.startswith("~")]
        gazetteer.add(entry, _surfaces(actor_id, {"name": [name], "alias": plain}, doubtful))


def _role(text: str, where: str) -> Role:
    match = _ROLE.match(text)
    if match is None:
        raise ConfigError(f'{where}: role {text!r} is not "CODE SECTOR FROM/TO" (e.g. "USA GOV 1993-01-20/2001-01-20")')
    try:
        start, end = (dt.date.fromisoformat(d) if d else None for d in (match["start"], match["end"]))
    except ValueError:
        raise ConfigError(f"{where}: role {text!r} has a date that is not YYYY-MM-DD") from None
    return Role(match["code"], match["sector"], start, end)


def _actor_id(item: dict[str, Any]) -> str:
    kind = item.get("kind")
    if kind in ("state", "igo", "bloc") and item.get("code"):
        return str(item["code"])
    return slugify(str(item.get("name", "")))


def _actor_entry(item: Any, names: dict[str, str], gazetteer: Gazetteer, where: str) -> ActorEntry:
    if not isinstance(item, dict) or not item.get("name"):
        raise ConfigError(f"{where}: each actor needs at least a name")
    kind = item.get("kind", "other")
    if kind not in ACTOR_KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
    affiliation = item.get("affiliation")
    if affiliation:
        affiliation = names.get(affiliation) or (affiliation if affiliation in gazetteer.entries else None)
    roles = tuple(_role(str(r), where) for r in item.get("roles") or ())
    return ActorEntry(
        id=_actor_id(item),
        name=str(item["name"]),
        kind=kind,
        code=item.get("code") or (roles[-1].code if roles else None),
        role=item.get("role"),
        aliases=tuple(str(a) for a in item.get("aliases", []) or []),
        affiliation=affiliation,
        sector=item.get("sector"),
        roles=roles,
    )
