"""Actors of imported events: the same actors extraction finds, where the gazetteer knows them.

A dataset's actor is, in order: the gazetteer's actor of that name (GDELT's "RUSSIA", ICEWS's
"Vladimir Putin", "the Kremlin"); its state, when the dataset says it acts as the state
(government, armed forces, police: extraction draws "Russian forces" as RUS too); or an
unreviewed actor of its own, its id the slug of the dataset's name for it.

>>> resolver = ActorResolver(load_gazetteer())
>>> resolver.resolve(RawActor(name="RUSSIA", code="RUS", country="RUS")).id
'RUS'
>>> resolver.resolve(RawActor(name="Police (Nigeria)", country="Nigeria", kind="state")).id
'NGA'
>>> actor = resolver.resolve(RawActor(name="Boko Haram fighters", country="Nigeria", kind="armed_group"))
>>> actor.id, actor.kind, actor.code, actor.reviewed
('boko-haram-fighters', 'armed_group', 'NGA', False)
"""

from __future__ import annotations

from typing import NamedTuple

import pycountry

from actorgraph.graph import Actor
from actorgraph.graph.ids import slugify
from actorgraph.graph.records import ACTOR_KINDS
from actorgraph.ingest.gazetteer import ActorEntry, Gazetteer, load_gazetteer
from actorgraph.ingest.pipeline import gazetteer_actor

__all__ = ["ActorResolver", "RawActor", "load_gazetteer"]

_NAMING = ("name", "alias", "metonym")
_MAX_NAME = 500
_MAX_ID = 200


class RawActor(NamedTuple):
    """An actor as a dataset writes it.

    ``key`` tells actors of the same name apart where the dataset's names are generic
    (GDELT's "POLICE" in a dozen countries): it defaults to the name. ``kind`` is what the
    dataset's type or sector says: an actor kind, or ``state`` for one acting as its state.
    """

    name: str
    code: str = ""
    country: str = ""
    kind: str | None = None
    role: str | None = None
    key: str = ""


class ActorResolver:
    """Turns dataset actors into store actors, remembering each answer (datasets repeat actors)."""

    def __init__(self, gazetteer: Gazetteer):
        self._gazetteer = gazetteer
        self._by_name = {s.text.lower(): s.actor_id for s in gazetteer.surfaces if s.via in _NAMING and not s.ambiguous}
        self._by_name.update({e.name.lower(): e.id for e in gazetteer.entries.values()})
        self._found: dict[RawActor, Actor | None] = {}
        self._countries: dict[str, str | None] = {}

    def resolve(self, raw: RawActor) -> Actor | None:
        """The store actor for ``raw`` (None when it has neither name nor code)."""
        if raw not in self._found:
            self._found[raw] = self._resolve(raw)
        return self._found[raw]

    def _resolve(self, raw: RawActor) -> Actor | None:
        name = " ".join(raw.name.split())
        known = self._by_name.get(name.lower()) if name else None
        if known is not None:
            return gazetteer_actor(self._gazetteer.entries[known])
        state = self.state_code(raw.country) or self.state_code(raw.code)
        if state and (raw.kind == "state" or (not name and raw.code == state)):
            return self._state(state)
        if not name:
            name = raw.code
        if not name:
            return None
        kind = raw.kind if raw.kind in ACTOR_KINDS and raw.kind != "state" else "other"
        display = name.title() if name.isupper() and len(name) > 3 else name
        return Actor(
            id=slugify(raw.key or name)[:_MAX_ID], name=display[:_MAX_NAME], kind=kind, code=state, country=state,
            role=raw.role or None, aliases=[raw.code] if raw.code and raw.code != state else [],
        )  # fmt: skip

    def state_code(self, country: str) -> str | None:
        """The ISO alpha-3 code of a country given by code or by name ("Russian Federation" → RUS)."""
        text = country.strip()
        if not text:
            return None
        if text not in self._countries:
            self._countries[text] = self._find_state(text)
        return self._countries[text]

    def _find_state(self, text: str) -> str | None:
        if len(text) == 3 and text.isupper():
            entry = self._gazetteer.entries.get(text)
            return text if entry is None or entry.kind == "state" else None
        known = self._by_name.get(text.lower())
        if known is not None and self._gazetteer.entries[known].kind == "state":
            return known
        try:
            return pycountry.countries.lookup(text).alpha_3
        except LookupError:
            return None

    def _state(self, code: str) -> Actor:
        entry = self._gazetteer.entries.get(code)
        if entry is not None:
            return gazetteer_actor(entry)
        country = pycountry.countries.get(alpha_3=code)
        return gazetteer_actor(ActorEntry(id=code, name=country.name if country else code, kind="state", code=code))
