"""Typed records passed between the ingest stages.

loader → :class:`Document` → cleaning → extraction (:class:`ActorSpan`,
:class:`ExtractedActor`, :class:`ExtractedRelation` in an :class:`Extraction`) → write.

>>> doc = Document(name="a.txt", text="Russia warned the West.")
>>> doc.analysed_text()
'Russia warned the West.'
>>> Document(name="b.json", title="Headline", text="Body.").analysed_text()
'Headline\\n\\nBody.'
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from actorgraph.graph.records import ActorKind, EndMentions, Modality

__all__ = [
    "ActorSpan",
    "Document",
    "ExtractedActor",
    "ExtractedRelation",
    "Extraction",
    "LoadFailure",
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Document(_Record):
    """One article as a loader read it: text (HTML already reduced to text) and metadata.

    ``name`` is what users see in messages and in the ``doc`` field of extract output: the
    file name, or ``file#N`` for the N-th record of a multi-record file.
    """

    name: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source: str | None = None

    def analysed_text(self) -> str:
        """The text extraction reads: the title as a headline paragraph, then the body.

        A title already standing as the body's first line is not repeated.
        """
        title = (self.title or "").strip()
        body = self.text
        if not title or body.lstrip().startswith(title):
            return body
        return f"{title}\n\n{body}"


class LoadFailure(_Record):
    """A document that could not be loaded; the batch goes on without it."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


class ActorSpan(_Record):
    """A stretch of the cleaned text that names an actor ("Israeli soldiers" → ISR-MIL)."""

    actor_id: str
    text: str
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    sentence_index: int = Field(ge=0)
    via: str = "name"  # name | alias | demonym | metonym | surname | pronoun | new | agent | office


class ExtractedActor(_Record):
    """An actor found in a document, from the gazetteer (reviewed) or new (unreviewed)."""

    id: str
    name: str
    kind: ActorKind
    code: str | None = None
    country: str | None = None
    sector: str | None = None  # CAMEO agent code (GOV, MIL, REB, …) of a state's or organisation's agents
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)
    affiliation: str | None = None  # id of the actor it acts for, when known
    reviewed: bool = False


class ExtractedRelation(_Record, EndMentions):
    """One relation with its codes, modality, date, evidence in the cleaned text, and where its
    source and target are named there."""

    source_id: str
    type: str  # the relation type, as a stored Relation names it (the contract calls it "relation")
    target_id: str
    cameo: str
    plover: str
    quad_class: int
    goldstein: float
    modality: Modality
    date: dt.date | None
    sentence: str
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    confidence: float = Field(ge=0.0, le=1.0)
    trigger: str = ""


class Extraction(_Record):
    """What extraction found in one document."""

    document: Document
    text: str  # the cleaned text that offsets point into
    tokens: int = 0  # spaCy tokens parsed, for throughput figures
    actors: list[ExtractedActor] = Field(default_factory=list)
    spans: list[ActorSpan] = Field(default_factory=list)
    relations: list[ExtractedRelation] = Field(default_factory=list)
