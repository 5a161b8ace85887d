"""Typed records that cross the boundary of the graph store.

Every writer hands the store these models and every reader gets them back, so the
two engines cannot drift apart in what they accept or return.

>>> from graph.records import Actor
>>> Actor(id="RUS", name="Russia", kind="state", code="RUS").kind
'state'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ACTOR_KINDS",
    "ActorKind",
    "MODALITIES",
    "Modality",
    "RELATION_TYPE_PATTERN",
    "Actor",
    "Affiliation",
    "Article",
    "DocumentGraph",
    "DocumentWrite",
    "EdgeSummary",
    "GraphFilter",
    "Mention",
    "QueryResult",
    "Relation",
    "Stats",
    "Subgraph",
    "TimelinePoint",
    "is_relation_type",
]

ACTOR_KINDS = ("state", "igo", "bloc", "person", "org", "party", "media", "armed_group", "other")
MODALITIES = ("asserted", "reported", "alleged", "conditional", "hypothetical", "denied", "hoped")

ActorKind = Literal["state", "igo", "bloc", "person", "org", "party", "media", "armed_group", "other"]
Modality = Literal["asserted", "reported", "alleged", "conditional", "hypothetical", "denied", "hoped"]

# Relation types become relationship types (Neo4j) or relationship tables (LadybugDB), so
# they must be plain identifiers; the reserved ones are the structural edges of the model.
RELATION_TYPE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{0,62}$")
STRUCTURAL_TYPES = frozenset({"MENTIONS", "AFFILIATED_WITH"})


def is_relation_type(name: str) -> bool:
    """True when ``name`` can be used as an extracted relation type.

    >>> is_relation_type("WARNS"), is_relation_type("warns"), is_relation_type("MENTIONS")
    (True, False, False)
    """
    return bool(RELATION_TYPE_PATTERN.match(name)) and name not in STRUCTURAL_TYPES


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Actor(_Record):
    """A state, organisation, person, party, medium or armed group."""

    id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=500)
    kind: ActorKind = "other"
    code: str | None = None
    country: str | None = None
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)
    reviewed: bool = False

    @field_validator("aliases")
    @classmethod
    def _unique_aliases(cls, aliases: list[str]) -> list[str]:
        seen: dict[str, None] = {}
        for alias in aliases:
            alias = alias.strip()
            if alias:
                seen.setdefault(alias, None)
        return list(seen)


class Article(_Record):
    """A source document; relations point back to it through ``article_id``."""

    id: str = Field(min_length=1, max_length=200)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    ingested_at: dt.datetime | None = None
    text_sha256: str | None = None


class Relation(_Record):
    """One extracted "who did what to whom", with its codes and evidence."""

    id: str = Field(min_length=1, max_length=200)
    type: str
    source_id: str
    target_id: str
    date: dt.date | None = None
    modality: Modality = "asserted"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    cameo: str | None = None
    plover: str | None = None
    quad_class: int | None = Field(default=None, ge=1, le=4)
    goldstein: float | None = Field(default=None, ge=-10.0, le=10.0)
    sentence: str | None = None
    char_start: int | None = Field(default=None, ge=0)
    char_end: int | None = Field(default=None, ge=0)
    article_id: str | None = None
    extractor: str | None = None

    @field_validator("type")
    @classmethod
    def _valid_type(cls, value: str) -> str:
        if not is_relation_type(value):
            raise ValueError(f"relation type {value!r} must be an upper-case identifier like WARNS")
        return value

    @model_validator(mode="after")
    def _offsets_in_order(self) -> Relation:
        if self.char_start is not None and self.char_end is not None and self.char_end < self.char_start:
            raise ValueError("char_end must not be before char_start")
        return self


class Mention(_Record):
    """An article mentions an actor ``count`` times."""

    article_id: str
    actor_id: str
    count: int = Field(default=1, ge=1)


class Affiliation(_Record):
    """A person or group acting for another actor (a state, party, organisation)."""

    actor_id: str
    organisation_id: str
    role: str | None = None


class GraphFilter(_Record):
    """What an analyst narrows the network to; every field is optional and they combine.

    ``kinds`` and ``reviewed_only`` constrain both ends of a relation; ``actor_ids`` keeps
    relations that touch at least one of the given actors.
    """

    relation_types: list[str] | None = None
    kinds: list[ActorKind] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    modalities: list[Modality] | None = None
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    article_ids: list[str] | None = None
    reviewed_only: bool = False
    actor_ids: list[str] | None = None

    @field_validator("relation_types")
    @classmethod
    def _valid_types(cls, values: list[str] | None) -> list[str] | None:
        if values is None:
            return None
        bad = [v for v in values if not is_relation_type(v)]
        if bad:
            raise ValueError(f"not relation types: {', '.join(bad)}")
        return values

    @model_validator(mode="after")
    def _dates_in_order(self) -> GraphFilter:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError("date_to is before date_from")
        return self


class EdgeSummary(_Record):
    """All relations of one type between one ordered pair of actors, folded into one edge."""

    source_id: str
    target_id: str
    type: str
    count: int
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None


class Subgraph(_Record):
    """Actors and the relations among them; ``truncated`` says a cap cut the result."""

    actors: list[Actor] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    truncated: bool = False


class TimelinePoint(_Record):
    """How many relations of one group (a type or a QuadClass) fell in one period."""

    period: dt.date
    group: str
    count: int


class Stats(_Record):
    """Counts by node label and by relationship type."""

    nodes: dict[str, int]
    relationships: dict[str, int]


class QueryResult(_Record):
    """Rows of a read-only user query, with values already made plain (dicts, lists, scalars)."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False


class DocumentGraph(_Record):
    """Everything one article contributes, written by the store in one transaction."""

    article: Article
    actors: list[Actor] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    affiliations: list[Affiliation] = Field(default_factory=list)


class DocumentWrite(_Record):
    """What writing one document did: ``unchanged`` when the same text was already stored."""

    status: Literal["written", "replaced", "unchanged"]
    new_actor_ids: list[str] = Field(default_factory=list)
    relations: int = 0
