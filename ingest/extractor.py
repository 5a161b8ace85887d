"""Extraction: documents in, actors and coded relations with evidence out.

The spaCy pipeline is loaded once and fed paragraphs of many documents at a time through
``nlp.pipe``; each document's cleaned text is what evidence offsets point into.

>>> extractor = Extractor()  # doctest: +SKIP
>>> extraction = next(extractor.extract([Document(name="a", text="Russia warned the West.")]))  # doctest: +SKIP
>>> [r.type for r in extraction.relations]  # doctest: +SKIP
['WARNS']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from actorgraph.ingest.dates import resolve_date
from actorgraph.ingest.defaults import DOCUMENTS_PER_BATCH, MAX_SENTENCE_CHARS, SPACY_MODEL
from actorgraph.ingest.gazetteer import Gazetteer, load_gazetteer
from actorgraph.ingest.mentions import DocumentActors, Referent
from actorgraph.ingest.nlp import build_pipeline, default_pipeline, is_headline, known_name_spans, sentence_case
from actorgraph.ingest.ontology import Ontology, load_ontology
from actorgraph.ingest.records import ActorSpan, Document, ExtractedActor, ExtractedRelation, Extraction
from actorgraph.ingest.relations import Candidate, RelationFinder

__all__ = [
    "EXTRACTOR_NAME",
    "MAX_BATCH_CHARS",
    "MAX_PARAGRAPH_CHARS",
    "UNREAL_MODALITIES",
    "Extractor",
    "bounded_paragraphs",
    "parse_batches",
    "split_paragraphs",
]

EXTRACTOR_NAME = "actorgraph-rules/0.1"
UNREAL_MODALITIES = frozenset({"denied", "hypothetical"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A scraped page may hold its whole text in one "paragraph"; spaCy needs about 1 GB per
# 100,000 characters of one text and refuses a million, so longer ones are parsed in pieces.
MAX_PARAGRAPH_CHARS = 5_000
# The parser's working memory grows with the characters of one batch (about 2.5 GB per
# million): a batch holds at most this many, however long its paragraphs (bench/RESULTS.md).
MAX_BATCH_CHARS = 40_000
_PIECE_END = re.compile(r"[.!?;:]\s|\n")
_LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")
_CAPITALISED_MID_SENTENCE = re.compile(r"(?<=[a-z,;] )([A-Z][a-z][\w'-]+)")
# "THE HAGUE, March 18 - " or "KYIV, Oct 11 (Reuters) — ": where the story was filed, not an actor.
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{1,40}, [A-Z][a-z]{2,9}\.? \d{1,2}(?: \([^)]{1,40}\))? ?[-–—] ")


@dataclass(frozen=True)
class _Paragraph:
    document: int
    number: int
    start: int  # offset in the document's cleaned text
    text: str  # what is parsed (a headline in sentence case; same length as the original)


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Paragraphs (offset, text) separated by blank lines, surrounding whitespace trimmed.

    >>> split_paragraphs("Title\\n\\n  Body one.\\nStill one.\\n\\nTwo.")
    [(0, 'Title'), (9, 'Body one.\\nStill one.'), (31, 'Two.')]
    """
    found = []
    position = 0
    for block in _PARAGRAPH_BREAK.split(text):
        start = text.index(block, position)
        position = start + len(block)
        stripped = block.strip()
        if stripped:
            found.append((start + block.index(stripped), stripped))
    return found


def bounded_paragraphs(pieces: list[tuple[int, str]], limit: int = MAX_PARAGRAPH_CHARS) -> Iterator[tuple[int, str]]:
    """Paragraphs cut to at most ``limit`` characters: after the last sentence end, line break
    or space before the limit (a hard cut only when there is none), offsets kept.

    >>> list(bounded_paragraphs([(5, "One two. Three four five.")], limit=12))
    [(5, 'One two.'), (14, 'Three four'), (25, 'five.')]
    """
    for start, piece in pieces:
        while len(piece) > limit:
            ends = [m.end() for m in _PIECE_END.finditer(piece, 0, limit)]
            cut = ends[-1] if ends else (piece.rfind(" ", 0, limit + 1) + 1 or limit)
            rest = piece[cut:]
            yield start, piece[:cut].rstrip()
            start += cut + len(rest) - len(rest.lstrip())
            piece = rest.lstrip()
        if piece:
            yield start, piece


def parse_batches(texts: Sequence[str], max_texts: int, max_chars: int = MAX_BATCH_CHARS) -> Iterator[range]:
    """Consecutive runs of ``texts`` (as index ranges) to parse together: at most ``max_texts``
    of them and ``max_chars`` characters (a longer text alone).

    >>> [list(r) for r in parse_batches(["a" * 30, "b" * 30, "c" * 50, "d"], max_texts=3, max_chars=60)]
    [[0, 1], [2, 3]]
    """
    start, chars = 0, 0
    for index, text in enumerate(texts):
        if index > start and (index - start >= max_texts or chars + len(text) > max_chars):
            yield range(start, index)
            start, chars = index, 0
        chars += len(text)
    if start < len(texts):
        yield range(start, len(texts))


class Extractor:
    """Runs the pipeline over documents; one instance per process (loading spaCy is slow)."""

    def __init__(
        self,
        *,
        ontology: Ontology | None = None,
        gazetteer: Gazetteer | None = None,
        model: str = SPACY_MODEL,
        cleaner: Callable[[str], str] | None = None,
        max_sentence_chars: int = MAX_SENTENCE_CHARS,
        all_modalities: bool = False,
        batch_size: int = 64,
    ):
        self.ontology = ontology or load_ontology()
        self.gazetteer = gazetteer or load_gazetteer()
        self.nlp: Language = default_pipeline(model) if gazetteer is None else build_pipeline(self.gazetteer, model)
        self.finder = RelationFinder(self.ontology)
        self.name_words = self.gazetteer.name_words()
        self.cleaner = cleaner or _default_cleaner()
        self.max_sentence_chars = max_sentence_chars
        # Relations the text denies or only entertains ("could shoot down") are not events.
        self.dropped_modalities = frozenset() if all_modalities else UNREAL_MODALITIES
        self.batch_size = batch_size

    def extract(self, documents: Iterable[Document], documents_per_batch: int = DOCUMENTS_PER_BATCH) -> Iterator[Extraction]:
        """One :class:`Extraction` per document, in order."""
        iterator = iter(documents)
        while batch := list(islice(iterator, documents_per_batch)):
            yield from self._extract_batch(batch)

    def _extract_batch(self, documents: Sequence[Document]) -> Iterator[Extraction]:
        # a lone surrogate cannot be encoded: spaCy would fail on the whole document
        texts = [self.cleaner(_LONE_SURROGATE.sub("\ufffd", d.analysed_text())) for d in documents]
        paragraphs = [p for index, text in enumerate(texts) for p in self._paragraphs(index, text)]
        parsed: dict[int, list[tuple[_Paragraph, Doc]]] = {i: [] for i in range(len(documents))}
        for batch in parse_batches([p.text for p in paragraphs], self.batch_size, MAX_BATCH_CHARS):
            group = [paragraphs[i] for i in batch]
            for paragraph, doc in zip(group, self.nlp.pipe([p.text for p in group], batch_size=len(group)), strict=True):
                parsed[paragraph.document].append((paragraph, doc))
        for index, document in enumerate(documents):
            yield self._read_document(document, texts[index], parsed[index])

    def _paragraphs(self, index: int, text: str) -> Iterator[_Paragraph]:
        pieces = split_paragraphs(text)
        body = " ".join(piece for _, piece in pieces[1:])
        proper = set(_CAPITALISED_MID_SENTENCE.findall(body)) | self.name_words
        for number, (start, piece) in enumerate(bounded_paragraphs(pieces, MAX_PARAGRAPH_CHARS)):
            if number == 0 and is_headline(piece):
                piece = sentence_case(piece, known_name_spans(self.nlp, piece), proper)
            yield _Paragraph(index, number, start, piece)

    def _read_document(self, document: Document, text: str, parsed: list[tuple[_Paragraph, Doc]]) -> Extraction:
        actors = DocumentActors(self.gazetteer, document.published)
        sentence_base = 0
        sentences: list[tuple[int, int, Span]] = []  # (paragraph, global sentence index, sentence)
        for paragraph, doc in parsed:
            dateline = _DATELINE.match(paragraph.text)
            skip = dateline.end() if dateline else 0
            actors.read_paragraph(paragraph.number, doc, paragraph.start, sentence_base, skip_chars=skip)
            for number, sent in enumerate(doc.sents):
                sentences.append((paragraph.number, sentence_base + number, sent))
            sentence_base += len(list(doc.sents))
        starts = {p.number: p.start for p, _ in parsed}
        by_paragraph: dict[int, list[ExtractedRelation]] = {}
        for para, index, sent in sentences:
            by_paragraph.setdefault(para, []).extend(
                self._sentence_relations(document, text, starts[para], para, index, sent, actors)
            )
        relations = _headline_told_once(by_paragraph, [p for p, _ in parsed])
        mentioned = {m.actor_id for m in actors.spans} | {r.source_id for r in relations} | {r.target_id for r in relations}
        kept = [a for a in actors.extracted() if a.id in mentioned or _is_affiliation(a.id, actors)]
        tokens = sum(len(doc) for _, doc in parsed)
        return Extraction(document=document, text=text, actors=kept, spans=actors.spans, relations=relations, tokens=tokens)

    def _sentence_relations(
        self, document: Document, text: str, base: int, para: int, index: int, sent: Span, actors: DocumentActors
    ) -> Iterator[ExtractedRelation]:
        # the rules resolve both ends through the tokens' links: with fewer than two actors named, none can match
        if len(sent.text) > self.max_sentence_chars or not actors.names_two(para, sent):
            return
        candidates = self.finder.find(
            sent, lambda token: actors.referent(para, token), lambda actor_id: _is_person(actor_id, actors)
        )
        for candidate in candidates:
            if candidate.modality in self.dropped_modalities:
                continue
            source, target = actors.actors.get(candidate.source.actor_id), actors.actors.get(candidate.target.actor_id)
            if source is None or target is None or self._one_side(source, target):
                continue  # a president warning their own state is not a relation between actors
            yield self._relation(candidate, document, text, base, sent, actors.spans)

    def _one_side(self, source: ExtractedActor, target: ExtractedActor) -> bool:
        """Both act for one state or organisation; its rebels or protesters and its state are two sides."""
        if not source.code or source.code != target.code:
            return False
        return self._for_the_state(source) == self._for_the_state(target)

    def _for_the_state(self, actor: ExtractedActor) -> bool:
        sector = self.gazetteer.sectors.get(actor.sector or "")
        return sector is None or sector.acts_for_state

    def _relation(
        self, candidate: Candidate, document: Document, text: str, base: int, sent: Span, spans: list[ActorSpan]
    ) -> ExtractedRelation:
        code = self.ontology.code(candidate.cameo)
        start, end = base + sent.start_char, base + sent.end_char
        where = base + candidate.trigger.idx
        source_start, source_end = _mention(candidate.source, spans, start, end, where)
        target_start, target_end = _mention(candidate.target, spans, start, end, where)
        return ExtractedRelation(
            source_id=candidate.source.actor_id,
            type=candidate.relation,
            target_id=candidate.target.actor_id,
            cameo=candidate.cameo,
            plover=code.plover or "",
            quad_class=self.ontology.quad_class(candidate.cameo),
            goldstein=code.goldstein,
            modality=candidate.modality,  # type: ignore[arg-type]  # a rule gives one of MODALITIES; the record validates it
            date=_relation_date(candidate.trigger, sent, document.published),
            sentence=text[start:end],
            char_start=start,
            char_end=end,
            confidence=candidate.confidence,
            trigger=candidate.trigger.text,
            source_mention=text[source_start:source_end] if source_end else None,
            source_start=source_start,
            source_end=source_end,
            target_mention=text[target_start:target_end] if target_end else None,
            target_start=target_start,
            target_end=target_end,
        )


def _relation_date(trigger: Token, sent: Span, published: dt.date | None) -> dt.date | None:
    """The date the relation's own phrase gives it ("invaded Ukraine in February 2022"), else the
    date of its clause ("On September 12, Mr. Putin remarked …"), else the sentence's first
    date, else the article's."""
    clause_heads = {trigger, *trigger.ancestors}
    dated = [(ent, resolve_date(ent.text, published)) for ent in sent.ents if ent.label_ in ("DATE", "TIME")]
    dated = [(ent, day) for ent, day in dated if day is not None]
    own = {t.i for t in trigger.subtree}
    for ent, day in dated:
        if ent.root.i in own and ent.root.i != trigger.i:
            return day
    for ent, day in dated:
        root = ent.root
        if root in clause_heads or root.head in clause_heads or (root.head.dep_ == "prep" and root.head.head in clause_heads):
            return day
    return dated[0][1] if dated else published


def _headline_told_once(
    by_paragraph: dict[int, list[ExtractedRelation]], paragraphs: list[_Paragraph]
) -> list[ExtractedRelation]:
    """The document's relations, those of a headline that its lead paragraph tells again left out
    (the lead's sentence is the better evidence; one event is not two)."""
    numbers = sorted(by_paragraph)
    texts = {p.number: p.text for p in paragraphs}
    if len(numbers) < 2 or numbers[0] != 0 or not _is_headline_paragraph(texts.get(0, "")):
        return [r for n in numbers for r in by_paragraph[n]]
    lead = {(r.source_id, r.type, r.target_id) for r in by_paragraph[numbers[1]]}
    headline = [r for r in by_paragraph[0] if (r.source_id, r.type, r.target_id) not in lead]
    return headline + [r for n in numbers[1:] for r in by_paragraph[n]]


def _is_headline_paragraph(text: str) -> bool:
    """One short line without a full stop: a title, in whatever case."""
    line = text.strip()
    return "\n" not in line and 0 < len(line) <= 200 and not line.endswith(".")


def _is_person(actor_id: str, actors: DocumentActors) -> bool:
    actor = actors.actors.get(actor_id)
    return actor is not None and actor.kind == "person"


def _mention(referent: Referent, spans: list[ActorSpan], start: int, end: int, near: int) -> tuple[int | None, int | None]:
    """Where the sentence (``start``..``end``) names the actor: the link's own text, else the
    span of that actor in the sentence nearest the trigger (at ``near``)."""
    if referent.span is not None:
        return referent.span
    found = [m for m in spans if m.actor_id == referent.actor_id and start <= m.char_start and m.char_end <= end]
    if not found:
        return None, None
    best = min(found, key=lambda m: abs(m.char_start - near))
    return best.char_start, best.char_end


def _is_affiliation(actor_id: str, actors: DocumentActors) -> bool:
    return any(a.affiliation == actor_id for a in actors.actors.values())


def _default_cleaner() -> Callable[[str], str]:
    from actorgraph.ingest.clean import clean_text

    return clean_text
