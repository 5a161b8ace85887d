"""Typed records that cross the boundary of the graph store.

Every writer hands the store these models and every reader gets them back, so the
two engines cannot drift apart in what they accept or return.

>>> from actorgraph.graph.records import Actor
>>> Actor(id="RUS", name="Russia", kind="state", code="RUS").kind
'state'
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any, Literal, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ACTOR_INDEX_SCHEMA",
    "ACTOR_KINDS",
    "MODALITIES",
    "RELATION_ARROW_SCHEMA",
    "RELATION_INDEX_SCHEMA",
    "RELATION_PROPERTIES",
    "RELATION_TYPE_PATTERN",
    "Actor",
    "ActorKind",
    "Affiliation",
    "Article",
    "Correction",
    "CorrectionKind",
    "DocumentGraph",
    "DocumentWrite",
    "EdgeColumns",
    "EdgeRow",
    "EdgeSummary",
    "EndMentions",
    "GraphFilter",
    "Mention",
    "Modality",
    "QueryResult",
    "Relation",
    "RelationColumns",
    "Stats",
    "StoreBefore",
    "Subgraph",
    "TimelinePoint",
    "TimelineRow",
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
    """A state, organisation, person, party, medium or armed group.

    ``code`` is the state or organisation it acts for; ``sector`` (CAMEO's agent codes: GOV,
    MIL, COP, REB, …) says in what capacity, for the agents of a state or an organisation
    ("Israeli soldiers" is the actor ``ISR-MIL``: code ISR, sector MIL).
    """

    id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=500)
    kind: ActorKind = "other"
    code: str | None = None
    country: str | None = None
    sector: str | None = None
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


# (start, end) offsets a relation carries, each end at or after its start
OFFSET_PAIRS = (("char_start", "char_end"), ("source_start", "source_end"), ("target_start", "target_end"))


class EndMentions(BaseModel):
    """Where a relation's source and target are named in its article: the words as written and
    their character offsets (the text ``char_start`` and ``char_end`` point into)."""

    source_mention: str | None = None
    source_start: int | None = Field(default=None, ge=0)
    source_end: int | None = Field(default=None, ge=0)
    target_mention: str | None = None
    target_start: int | None = Field(default=None, ge=0)
    target_end: int | None = Field(default=None, ge=0)


class Relation(_Record, EndMentions):
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
    location: str | None = None
    latitude: float | None = Field(default=None, ge=-90.0, le=90.0)
    longitude: float | None = Field(default=None, ge=-180.0, le=180.0)

    @field_validator("type")
    @classmethod
    def _valid_type(cls, value: str) -> str:
        if not is_relation_type(value):
            raise ValueError(f"relation type {value!r} must be an upper-case identifier like WARNS")
        return value

    @model_validator(mode="after")
    def _offsets_in_order(self) -> Relation:
        for start, end in OFFSET_PAIRS:
            first, last = getattr(self, start), getattr(self, end)
            if first is not None and last is not None and last < first:
                raise ValueError(f"{end} must not be before {start}")
        return self


# A relation's stored properties and their column types, in the order rows carry them; the
# engines' tables, casts and Arrow batches are derived from this one declaration.
RELATION_COLUMN_TYPES: dict[str, pa.DataType] = {
    "id": pa.string(), "date": pa.date32(), "modality": pa.string(), "confidence": pa.float64(),
    "cameo": pa.string(), "plover": pa.string(), "quad_class": pa.int64(), "goldstein": pa.float64(),
    "sentence": pa.string(), "char_start": pa.int64(), "char_end": pa.int64(), "article_id": pa.string(),
    "extractor": pa.string(),
    "source_mention": pa.string(), "source_start": pa.int64(), "source_end": pa.int64(),
    "target_mention": pa.string(), "target_start": pa.int64(), "target_end": pa.int64(),
    "location": pa.string(), "latitude": pa.float64(), "longitude": pa.float64(),
}  # fmt: skip
RELATION_PROPERTIES = tuple(RELATION_COLUMN_TYPES)
RELATION_ARROW_SCHEMA = pa.schema(
    [("type", pa.string()), ("source_id", pa.string()), ("target_id", pa.string()), *RELATION_COLUMN_TYPES.items()]
)
# What a view filters and folds on, one row per relation (no sentence, no offsets): the store's
# whole relation set in this form is tens of MB for a million relations, which the app keeps in memory.
RELATION_INDEX_SCHEMA = pa.schema(
    [
        RELATION_ARROW_SCHEMA.field(name)
        for name in (
            *("source_id", "target_id", "type", "date", "modality"),
            *("confidence", "article_id", "extractor", "quad_class", "goldstein"),
        )
    ]
)
# What a filter asks of an actor (its kind, whether it was reviewed), one row per actor
ACTOR_INDEX_SCHEMA = pa.schema([("id", pa.string()), ("kind", pa.string()), ("reviewed", pa.bool_())])
_RELATION_VALUES = operator.attrgetter(*RELATION_ARROW_SCHEMA.names)
# (column, lowest, highest) of the numeric checks of :class:`Relation`, for checking a column at a time
_RANGES = (("confidence", 0.0, 1.0), ("quad_class", 1, 4), ("goldstein", -10.0, 10.0),
           ("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0), ("char_start", 0, None), ("char_end", 0, None),
           ("source_start", 0, None), ("source_end", 0, None), ("target_start", 0, None), ("target_end", 0, None))  # fmt: skip


@dataclass(frozen=True, slots=True)
class RelationColumns:
    """Many relations as one Arrow table (:data:`RELATION_ARROW_SCHEMA`): the bulk form of
    :class:`Relation`, held to the same rules, checked a column at a time.

    Importers build it straight from parsed columns (a million rows cost seconds, where a
    million validated records cost a minute); the stores write it with the engine's bulk
    operations.

    >>> columns = RelationColumns.from_arrow(pa.table({"type": ["WARNS"], "source_id": ["RUS"],
    ...                                                 "target_id": ["USA"], "id": ["r1"]}))
    >>> len(columns), columns.to_relations()[0].modality
    (1, 'asserted')
    >>> RelationColumns.from_arrow(pa.table({"type": ["warns"], "source_id": ["a"], "target_id": ["b"], "id": ["r"]}))
    Traceback (most recent call last):
    ValueError: relation type 'warns' must be an upper-case identifier like WARNS
    """

    table: pa.Table

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @classmethod
    def from_relations(cls, relations: Iterable[Relation]) -> RelationColumns:
        """The columns of records (already validated)."""
        rows = list(map(_RELATION_VALUES, relations))
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(RELATION_ARROW_SCHEMA)
        return cls(pa.table(dict(zip(RELATION_ARROW_SCHEMA.names, columns, strict=True)), schema=RELATION_ARROW_SCHEMA))

    @classmethod
    def from_arrow(cls, table: pa.Table) -> RelationColumns:
        """Columns checked against :class:`Relation`'s rules (ValueError names the first broken
        one); absent columns are null, a null modality is ``asserted`` and a null confidence 1."""
        n = table.num_rows
        defaults = {"modality": pa.scalar("asserted"), "confidence": pa.scalar(1.0)}
        columns = []
        for field in RELATION_ARROW_SCHEMA:
            column = table.column(field.name).cast(field.type) if field.name in table.column_names else pa.nulls(n, field.type)
            if field.name in defaults:
                column = pc.fill_null(column, defaults[field.name])
            columns.append(column)
        checked = pa.Table.from_arrays(columns, schema=RELATION_ARROW_SCHEMA)
        _check_relation_columns(checked)
        return cls(checked)

    def to_relations(self) -> list[Relation]:
        """Every row as a record (not validated again: the columns were)."""
        return [Relation.model_construct(**row) for row in self.table.to_pylist()]

    def by_type(self) -> dict[str, pa.Table]:
        """The rows per relation type, one per id (the last one given wins), types sorted."""
        ids = self.table.column("id").to_pylist()
        last = {row_id: i for i, row_id in enumerate(ids)}
        table = self.table if len(last) == len(ids) else self.table.take(sorted(last.values()))
        types = table.column("type")
        return {t: table.filter(pc.equal(types, t)) for t in sorted(pc.unique(types).to_pylist())}


def _check_relation_columns(table: pa.Table) -> None:
    for name in ("id", "type", "source_id", "target_id"):
        column = table.column(name)
        if column.null_count or pc.any(pc.equal(pc.utf8_length(column), 0)).as_py():
            raise ValueError(f"every relation needs a {name}")
    if pc.any(pc.greater(pc.utf8_length(table.column("id")), 200)).as_py():
        raise ValueError("a relation id is longer than 200 characters")
    for value in pc.unique(table.column("type")).to_pylist():
        if not is_relation_type(value):
            raise ValueError(f"relation type {value!r} must be an upper-case identifier like WARNS")
    for value in pc.unique(table.column("modality")).to_pylist():
        if value not in MODALITIES:
            raise ValueError(f"modality {value!r} is not one of {', '.join(MODALITIES)}")
    for name, low, high in _RANGES:
        column = table.column(name)
        outside = pc.less(column, low) if high is None else pc.or_(pc.less(column, low), pc.greater(column, high))
        if pc.any(outside).as_py():
            raise ValueError(f"{name} must be between {low} and {high}" if high is not None else f"{name} must be at least {low}")
    for start, end in OFFSET_PAIRS:
        if pc.any(pc.less(table.column(end), table.column(start))).as_py():
            raise ValueError(f"{end} must not be before {start}")


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
    relations that touch at least one of the given actors; ``extractors`` keeps relations by
    their source (``actorgraph-rules/0.1`` for extracted ones, ``gdelt``, ``acled``… for imported ones).
    """

    relation_types: list[str] | None = None
    kinds: list[ActorKind] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    modalities: list[Modality] | None = None
    # relations stated as fact only: what an analyst counts as events (narrows ``modalities``)
    asserted_only: bool = False
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    article_ids: list[str] | None = None
    reviewed_only: bool = False
    actor_ids: list[str] | None = None
    # the source of an edge: the ``extractor`` that wrote it (news extraction, or the dataset imported)
    extractors: list[str] | None = None

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
    # the distinct modalities of the relations folded, in MODALITIES order: ("asserted",), ("reported", "alleged")…
    modalities: tuple[str, ...] = ()


class EdgeRow(NamedTuple):
    """An :class:`EdgeSummary` as a plain tuple: the same fields under the same names, built
    without validation (the store computed them). :func:`_same_fields` holds the two together.

    >>> row = EdgeRow("RUS", "USA", "WARNS", 2, 3, -4.4, 0.9, None, None)
    >>> row.count, row.last_date, row.summary().type
    (2, None, 'WARNS')
    """

    source_id: str
    target_id: str
    type: str
    # shadows tuple.count, as the model's field is named; nothing counts the items of an edge
    count: int  # type: ignore[assignment]
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    modalities: tuple[str, ...] = ()

    @classmethod
    def of(cls, edge: EdgeSummary) -> EdgeRow:
        """The row of a record."""
        return cls(*(getattr(edge, name) for name in cls._fields))

    def summary(self) -> EdgeSummary:
        """The row as a record (not validated again)."""
        return EdgeSummary.model_construct(**self._asdict())


@dataclass(frozen=True, slots=True)
class EdgeColumns:
    """An edge summary column by column: edge ``i`` is ``(source_ids[i], target_ids[i], types[i], …)``.

    For callers that keep many edges (a cached view): ten tuples whatever the number of
    edges, with each repeated id, type, date and score held once. A view of 20,000 folded
    edges takes about 2 MB this way, and over 25 MB as :class:`EdgeSummary` records.

    >>> columns = EdgeColumns.from_rows([EdgeRow("RUS", "USA", "WARNS", 2)])
    >>> len(columns), columns.types, columns.row(0).count
    (1, ('WARNS',), 2)
    """

    source_ids: tuple[str, ...] = ()
    target_ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()
    quad_classes: tuple[int | None, ...] = ()
    goldsteins: tuple[float | None, ...] = ()
    confidences: tuple[float | None, ...] = ()
    first_dates: tuple[dt.date | None, ...] = ()
    last_dates: tuple[dt.date | None, ...] = ()
    modalities: tuple[tuple[str, ...], ...] = ()

    def __len__(self) -> int:
        return len(self.source_ids)

    @classmethod
    def from_rows(cls, rows: Iterable[EdgeRow | EdgeSummary]) -> EdgeColumns:
        """Columns of rows or records (in their order)."""
        tuples = [tuple(r) if isinstance(r, tuple) else tuple(EdgeRow.of(r)) for r in rows]
        if not tuples:
            return cls()
        return cls(*(tuple(map(operator.itemgetter(i), tuples)) for i in range(len(EdgeRow._fields))))

    def row(self, i: int) -> EdgeRow:
        """Edge ``i`` as a row (written out: seven times faster than a loop over the columns)."""
        return EdgeRow(
            self.source_ids[i],
            self.target_ids[i],
            self.types[i],
            self.counts[i],
            self.quad_classes[i],
            self.goldsteins[i],
            self.confidences[i],
            self.first_dates[i],
            self.last_dates[i],
            self.modalities[i],
        )

    def rows(self) -> list[EdgeRow]:
        """Every edge as a row, in order."""
        return list(map(EdgeRow._make, zip(*self._columns(), strict=True)))

    def _columns(self) -> tuple[tuple[Any, ...], ...]:
        return tuple(getattr(self, column.name) for column in fields(self))


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


class TimelineRow(NamedTuple):
    """A :class:`TimelinePoint` as a plain tuple (same fields), for callers that keep many.

    >>> TimelineRow.of(TimelinePoint(period=dt.date(2024, 1, 2), group="WARNS", count=3)).count
    3
    """

    period: dt.date
    group: str
    # shadows tuple.count, as the model's field is named; nothing counts the items of a point
    count: int  # type: ignore[assignment]

    @classmethod
    def of(cls, point: TimelinePoint) -> TimelineRow:
        """The row of a record."""
        return cls(point.period, point.group, point.count)


def _same_fields(row: type[tuple[Any, ...]], model: type[BaseModel]) -> None:
    """A row type is its model's fields as a tuple: the same names, order and defaults.

    Both are declared so that type checkers see them; this check, run as the module loads,
    keeps them from drifting apart (a field added to one and not the other fails at import).
    """
    declared = [(name, "required" if info.is_required() else info.default) for name, info in model.model_fields.items()]
    defaults = row._field_defaults  # type: ignore[attr-defined]  # every NamedTuple has it; tuple does not say so
    as_row = [(name, defaults.get(name, "required")) for name in row._fields]  # type: ignore[attr-defined]  # as above
    if declared != as_row:
        raise TypeError(f"{row.__name__} must have the fields of {model.__name__}: {declared} != {as_row}")


def _plural(name: str) -> str:
    if name.endswith("ies"):  # a field that holds a set already (modalities)
        return name
    return name + ("es" if name.endswith("s") else "s")


_same_fields(EdgeRow, EdgeSummary)
_same_fields(TimelineRow, TimelinePoint)
if [f.name for f in fields(EdgeColumns)] != [_plural(name) for name in EdgeRow._fields]:
    raise TypeError("EdgeColumns must hold the fields of EdgeRow, in order, one column each")


class Stats(_Record):
    """Counts by node label and by relationship type."""

    nodes: dict[str, int]
    relationships: dict[str, int]


class QueryResult(_Record):
    """Rows of a read-only user query, with values already made plain (dicts, lists, scalars)."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    # what cut a truncated result short: its row limit, or its size in bytes
    cut_by: Literal["rows", "bytes"] | None = None


CorrectionKind = Literal["merge", "review", "rename"]


class StoreBefore(_Record):
    """What a correction changed, as it was before: all that undoing it needs to put back.

    A merge keeps both actors' records, the relations of the actor merged away (with their
    ends as they were), and the mentions and affiliations of both actors that the merge
    touched; a review or a rename keeps the actor's record.
    """

    actors: list[Actor] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    affiliations: list[Affiliation] = Field(default_factory=list)


class Correction(_Record):
    """An analyst's correction of the graph, as the store's corrections log keeps it.

    ``merge``: ``merged_id`` was folded into ``actor_id``; ``review``: ``actor_id`` was marked
    ``reviewed`` (or not); ``rename``: ``actor_id`` was given ``name``. ``before`` is what
    undoing it restores (absent when the correction was only recorded, its actors missing).

    >>> Correction(id="c1", kind="merge", actor_id="IRN", merged_id="shahed", made_by="ana",
    ...            made_at=dt.datetime(2026, 11, 30, 12)).summary()
    'merge shahed into IRN'
    """

    id: str = Field(min_length=1, max_length=200)
    seq: int = 0
    kind: CorrectionKind
    actor_id: str = Field(min_length=1, max_length=200)
    merged_id: str | None = None
    name: str | None = Field(default=None, min_length=1, max_length=500)
    reviewed: bool | None = None
    made_by: str
    made_at: dt.datetime
    undone_by: str | None = None
    undone_at: dt.datetime | None = None
    before: StoreBefore | None = None

    @model_validator(mode="after")
    def _complete(self) -> Correction:
        needed = {"merge": "merged_id", "review": "reviewed", "rename": "name"}[self.kind]
        if getattr(self, needed) is None:
            raise ValueError(f"a {self.kind} correction needs {needed}")
        if self.kind == "merge" and self.merged_id == self.actor_id:
            raise ValueError("an actor cannot be merged into itself")
        return self

    @property
    def undone(self) -> bool:
        return self.undone_at is not None

    def summary(self) -> str:
        """What the correction did, in a few words."""
        if self.kind == "merge":
            return f"merge {self.merged_id} into {self.actor_id}"
        if self.kind == "rename":
            return f"rename {self.actor_id} to {self.name!r}"
        return f"mark {self.actor_id} {'reviewed' if self.reviewed else 'not reviewed'}"


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
