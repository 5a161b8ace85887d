"""Event codes: what an imported event's codes mean in actorgraph's ontology and actor kinds.

The relation type comes from the ontology (``ingest/data/ontology.yaml`` and the user's
``--ontology`` files) through the event's CAMEO code: the type that claims the code's longest
prefix, with the PLOVER type, QuadClass and Goldstein weight of the code's most specific entry
in ``ingest/data/cameo.yaml``. PLOVER types and
ACLED sub-event types reach a CAMEO code first, through ``data/event_codes.yaml``.

>>> types = CameoTypes(load_ontology())
>>> types.spec("1384").relation, types.spec("1663").relation, types.spec("112").relation
('THREATENS', 'EXPELS', 'ACCUSES')
>>> types.spec("010") is None  # "make statement": no event, so no type
True
>>> codes = load_event_codes()
>>> codes.plover_code("threaten", "violence"), codes.acled_code("Air/drone strike")
('138', '195')
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from actorgraph.graph.records import ActorKind
from actorgraph.ingest.datafiles import first_validation_error, read_yaml
from actorgraph.ingest.errors import ConfigError
from actorgraph.ingest.ontology import EventCoding, Ontology, load_ontology

__all__ = ["CameoTypes", "EventCodes", "load_event_codes", "load_ontology"]

# the kinds of actor a dataset's type may name: an actor kind, or "state" (the actor acts as its state)
KindHint = ActorKind


class EventCodes(BaseModel):
    """The tables of ``data/event_codes.yaml``."""

    model_config = ConfigDict(extra="forbid")

    plover_cameo: dict[str, dict[str, str]] = Field(default_factory=dict)
    quad_classes: dict[str, int] = Field(default_factory=dict)
    acled_cameo: dict[str, str | None] = Field(default_factory=dict)
    gdelt_types: dict[str, KindHint] = Field(default_factory=dict)
    sector_words: list[tuple[str, KindHint]] = Field(default_factory=list)
    acled_inters: dict[str, KindHint] = Field(default_factory=dict)

    def plover_code(self, event_type: str, mode: str | None = None) -> str | None:
        """The CAMEO code of a PLOVER event type and mode (any case)."""
        modes = self.plover_cameo.get(event_type.strip().upper())
        if not modes:
            return None
        return modes.get((mode or "").strip().lower()) or modes.get("")

    def quad_class(self, name: str) -> int | None:
        """QuadClass from its name ("MATERIAL CONFLICT") or number."""
        text = name.strip().lower()
        return int(text) if text in ("1", "2", "3", "4") else self.quad_classes.get(text)

    def acled_code(self, sub_event_type: str) -> str | None:
        return self.acled_cameo.get(sub_event_type.strip())

    def sector_kind(self, sectors: str) -> KindHint | None:
        """The kind the first known word of an actor's sectors gives ("Police,Government" → state)."""
        text = sectors.lower()
        return next((kind for word, kind in self.sector_words if word in text), None)


def load_event_codes(extra: Iterable[str | Path] = ()) -> EventCodes:
    """The shipped tables, each user file's entries merged over them."""
    merged = read_yaml(resources.files("actorgraph.ingest.importers") / "data" / "event_codes.yaml", "the shipped event codes")
    for path in extra:
        user = read_yaml(Path(path), str(path))
        if not isinstance(user, dict):
            raise ConfigError(f"{path}: expected a mapping of event-code tables")
        for table, entries in user.items():
            current = merged.get(table)
            merged[table] = [*entries, *current] if isinstance(current, list) else {**(current or {}), **(entries or {})}
    try:
        return EventCodes.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(f"event codes: {first_validation_error(exc)}") from None


class CameoTypes:
    """The ontology's type and coding of a CAMEO code (most specific code first), remembered per code."""

    def __init__(self, ontology: Ontology):
        self._ontology = ontology
        self._found: dict[str, EventCoding | None] = {}

    def spec(self, code: str) -> EventCoding | None:
        """The coding of ``code``: the type claiming its longest prefix, the PLOVER type, QuadClass
        and Goldstein weight of its most specific entry in the CAMEO table."""
        found = self._found.get(code, _UNSEEN)
        if found is _UNSEEN:
            found = self._found[code] = self._ontology.coding(code.strip())
        return found  # type: ignore[no-any-return]


_UNSEEN: Any = object()
