"""The actor gazetteer: known states, organisations, blocs, people, parties, media and armed groups.

Country names come from pycountry; ``ingest/data/gazetteer/*.yaml`` add what news uses
(short names, aliases, demonyms, capitals and seats of power as metonyms) and the named
actors. Users add their own actors with YAML files in the format of ``actors.yaml``.

>>> gaz = load_gazetteer()
>>> gaz.entries["PRK"].name, gaz.entries["PRK"].kind
('North Korea', 'state')
>>> [(s.actor_id, s.via) for s in gaz.surfaces if s.text == "Kremlin"]
[('RUS', 'metonym')]
"""

from __future__ import annotations

import functools
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

__all__ = ["ActorEntry", "Gazetteer", "Surface", "load_gazetteer"]

_DATA = ("actorgraph.ingest", "data/gazetteer")


@dataclass(frozen=True)
class ActorEntry:
    """A known actor, as the gazetteer describes it."""

    id: str
    name: str
    kind: str
    code: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None  # actor id


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
    """Known actors by id and every surface form that names them."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    surfaces: list[Surface] = field(default_factory=list)
    _ambiguous_index: dict[str, list[Surface]] | None = field(default=None, repr=False, compare=False)

    def by_code(self, code: str | None) -> ActorEntry | None:
        """The state or organisation whose code this is (its id is the code)."""
        return self.entries.get(code) if code else None

    def add(self, entry: ActorEntry, surfaces: Iterable[Surface]) -> None:
        self.entries[entry.id] = entry
        self.surfaces.extend(surfaces)
        self._ambiguous_index = None

    def ambiguous(self, text: str) -> list[Surface]:
        """The ambiguous surfaces written exactly ``text`` (indexed on first use)."""
        if self._ambiguous_index is None:
            index: dict[str, list[Surface]] = {}
            for surface in self.surfaces:
                if surface.ambiguous:
                    index.setdefault(surface.text, []).append(surface)
            self._ambiguous_index = index
        return self._ambiguous_index.get(text, [])


def load_gazetteer(extra: Sequence[str | Path] = ()) -> Gazetteer:
    """The shipped gazetteer, plus the actors in each user YAML file of ``extra``."""
    return _extend(_shipped_gazetteer(), extra)


@functools.lru_cache(maxsize=1)
def _shipped_gazetteer() -> Gazetteer:
    gazetteer = Gazetteer()
    _add_countries(gazetteer, _read_shipped("countries.yaml"))
    _add_organisations(gazetteer, _read_shipped("organisations.yaml"))
    _add_actors(gazetteer, _read_shipped("actors.yaml"), "actors.yaml")
    exclusions = _read_shipped("exclusions.yaml") or []
    gazetteer.surfaces.extend(Surface(text=str(p), actor_id="", via="exclusion") for p in exclusions)
    return gazetteer


def _extend(base: Gazetteer, extra: Sequence[str | Path]) -> Gazetteer:
    if not extra:
        return base
    gazetteer = Gazetteer(entries=dict(base.entries), surfaces=list(base.surfaces))
    for path in extra:
        data = read_yaml(Path(path))
        if isinstance(data, dict) and "actors" in data:
            data = data["actors"]
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
        entry = ActorEntry(id=code, name=item["name"], kind=item.get("kind", "igo"), code=code,
                           aliases=tuple(item.get("aliases", [])))  # fmt: skip
        groups = {
            "name": [item["name"]],
            "alias": item.get("aliases", []),
            "demonym": item.get("adjectives", []),
            "metonym": item.get("metonyms", []),
        }
        # An adjective like "Western" is only ever read as a modifier, which is evidence enough.
        doubtful = [a for a in item.get("ambiguous", []) if a not in item.get("adjectives", [])]
        gazetteer.add(entry, _surfaces(code, groups, doubtful))


def _add_actors(gazetteer: Gazetteer, data: list[dict[str, Any]], label: str) -> None:
    names = {item.get("name"): _actor_id(item) for item in data if isinstance(item, dict)}
    for number, item in enumerate(data, 1):
        entry = _actor_entry(item, names, gazetteer, f"{label} entry {number}")
        groups = {"name": [entry.name], "alias": list(entry.aliases)}
        gazetteer.add(entry, _surfaces(entry.id, groups, item.get("ambiguous", [])))


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
    return ActorEntry(
        id=_actor_id(item), name=str(item["name"]), kind=kind, code=item.get("code"), role=item.get("role"),
        aliases=tuple(str(a) for a in item.get("aliases", []) or []), affiliation=affiliation,
    )  # fmt: skip
