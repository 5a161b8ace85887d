"""Finding "who did what to whom" in a parsed sentence, from the ontology's triggers.

For each token whose lemma the ontology lists as a verb or noun trigger, the source and the
target are read from the parse (``roles``); statements get the rules of ``statements``; an
act in a frame (promised, refused …) takes the frame's code (``frames``). On one token and one
pair of actors only the best-ranked reading counts, and one relation per pair and type is kept.

>>> from actorgraph.ingest.mentions import Referent
>>> from actorgraph.ingest.nlp import default_pipeline
>>> from actorgraph.ingest.ontology import load_ontology
>>> codes = {"Estonia": "EST", "Russian": "RUS"}
>>> resolve = lambda token: Referent(codes[token.text], "name") if token.text in codes else None
>>> sentence = default_pipeline()("Estonia expelled two Russian diplomats.")[:]
>>> [(c.source.actor_id, c.relation, c.target.actor_id, c.cameo) for c in RelationFinder(load_ontology()).find(sentence, resolve)]
[('EST', 'EXPELS', 'RUS', '166')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from actorgraph.ingest.mentions import Referent
from actorgraph.ingest.ontology import Ontology, RelationSpec
from actorgraph.ingest.relations.actors import ActorReader, Resolver
from actorgraph.ingest.relations.frames import FrameReading, frame_of
from actorgraph.ingest.relations.lexicon import SPEECH_VERBS
from actorgraph.ingest.relations.modality import MODALITY_WEIGHT, modality_of
from actorgraph.ingest.relations.roles import Roles, RoleWords
from actorgraph.ingest.relations.statements import Statement, StatementReader
from actorgraph.ingest.relations.syntax import in_back_reference
from actorgraph.ingest.relations.triggers import Match, TriggerIndex

__all__ = ["Candidate", "RelationFinder"]

_RULE_CONFIDENCE = {"verb": 0.85, "noun": 0.72, "statement": 0.66, "consequence": 0.62}
_FRAMED = 1000  # a framed reading outranks the act as told ("refused to meet" is no meeting)
_VIA_WEIGHT = {"pronoun": 0.85, "surname": 0.95, "modifier": 0.92, "agent": 0.95, "demonym": 0.9, "new": 0.9, "place": 0.85}


@dataclass(frozen=True)
class Candidate:
    """A relation found in one sentence, before dates and evidence are attached."""

    relation: str
    cameo: str
    trigger: Token
    source: Referent
    target: Referent
    modality: str
    confidence: float
    rule: str = "verb"
    rank: int = 0
    event_object: bool = False  # read by a derived trigger from the event its object names

    @property
    def pair(self) -> tuple[str, str]:
        return self.source.actor_id, self.target.actor_id


class RelationFinder:
    """The ontology's triggers and rules, compiled once, applied to sentence after sentence."""

    def __init__(self, ontology: Ontology):
        self.ontology = ontology
        self.index = TriggerIndex(ontology)
        self.words = RoleWords.of(ontology)
        self.support_verbs = self.words.support_verbs

    def find(self, sent: Span, resolve: Resolver, is_person: Callable[[str], bool] = lambda _: False) -> list[Candidate]:
        """Every relation the sentence states, one per pair and type."""
        roles = Roles(self.words, ActorReader(resolve, self.words.instruments), is_person)
        found = [self._framed(c) for c in self._candidates(sent, roles)]
        kept = [c for c in found if c is not None and c.source.actor_id != c.target.actor_id]
        return _fold(_best_readings(_nouns_name_their_events(kept)))

    def _candidates(self, sent: Span, roles: Roles) -> Iterator[Candidate]:
        statements = StatementReader(roles)
        for token in sent:
            if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.tag_ in ("VBZ", "VBD")):
                for match in self.index.verb_matches(token):
                    yield from self._verb_relations(roles, token, match)
                if token.lemma_.lower() in SPEECH_VERBS:
                    yield from (self._from_statement(s) for s in statements.read(token))
            if token.pos_ in ("NOUN", "PROPN"):
                for match in self.index.noun_matches(token):
                    yield from self._noun_relations(roles, token, match)

    # -- verbs and nouns -------------------------------------------------------------------

    def _verb_relations(self, roles: Roles, verb: Token, match: Match) -> Iterator[Candidate]:
        sources = roles.sources(verb, crowd=getattr(match.trigger, "crowd", None))
        if not sources:
            return
        yield from self._pairs(match, verb, sources, roles.verb_targets(verb, match), "verb")

    def _noun_relations(self, roles: Roles, noun: Token, match: Match) -> Iterator[Candidate]:
        between = roles.between(noun)
        if between and match.symmetric:
            yield from self._mutual(match, noun, between, "noun")
            return
        frame_sources, frame_targets = roles.frame(noun)
        # who suffered it, told by the verb around the noun, outranks the noun's own phrases
        # ("Turkish soldiers were killed in a PKK attack in northern Iraq": Turkey, not Iraq)
        targets = frame_targets or roles.noun_targets(noun, match)
        spec = match.spec
        sources = roles.noun_sources(noun, spec.theme_source, bool(targets), spec.circumstance_source) or frame_sources
        targets = [t for t in targets if t.actor_id not in {s.actor_id for s in sources}] or targets
        yield from self._pairs(match, noun, sources, targets, "noun")

    def _pairs(
        self, match: Match, trigger: Token, sources: list[Referent], targets: list[Referent], rule: str
    ) -> Iterator[Candidate]:
        """Each source to each target; partners of a symmetric trigger with no target, to each other."""
        if not targets and match.symmetric and len(sources) > 1:
            yield from self._mutual(match, trigger, sources, rule)
            return
        for source in sources:
            for target in targets:
                yield self._candidate(match, trigger, source, target, rule)

    def _mutual(self, match: Match, trigger: Token, parties: list[Referent], rule: str) -> Iterator[Candidate]:
        for source in parties:
            for target in parties:
                if source.actor_id != target.actor_id:
                    yield self._candidate(match, trigger, source, target, rule)

    def _candidate(self, match: Match, trigger: Token, source: Referent, target: Referent, rule: str) -> Candidate:
        modality = modality_of(trigger, self.support_verbs)
        confidence = _confidence(_RULE_CONFIDENCE[rule], source, target, modality)
        return Candidate(match.spec.name, match.cameo, trigger, source, target, modality, confidence, rule, match.rank,
                         match.names_event_by_object)  # fmt: skip

    def _from_statement(self, statement: Statement) -> Candidate:
        spec: RelationSpec = self.ontology.spec(statement.rule.relation)
        rule = "consequence" if statement.conditional else "statement"
        modality = "conditional" if statement.conditional else modality_of(statement.trigger, self.support_verbs)
        confidence = _confidence(_RULE_CONFIDENCE[rule], statement.source, statement.target, modality)
        return Candidate(spec.name, spec.cameo, statement.trigger, statement.source, statement.target, modality, confidence,
                         rule)  # fmt: skip

    # -- what the sentence makes of the act -------------------------------------------------

    def _framed(self, candidate: Candidate) -> Candidate | None:
        """The candidate as its frame codes it; None for a back-reference told without a date."""
        if candidate.rule in ("statement", "consequence"):
            return candidate
        if in_back_reference(candidate.trigger) is not None and not _dated(candidate.trigger):
            return None
        reading = frame_of(candidate.trigger, self.ontology.frames, self.support_verbs)
        return self._reframe(candidate, reading) if reading is not None else candidate

    def _reframe(self, candidate: Candidate, reading: FrameReading) -> Candidate:
        code = reading.frame.code_for(candidate.cameo)
        relation = self.ontology.relation_for_code(code) if code else None
        if code is None or relation is None:
            return candidate
        modality = modality_of(reading.head, self.support_verbs, own_negation=not reading.negation_spent)
        confidence = _confidence(_RULE_CONFIDENCE[candidate.rule], candidate.source, candidate.target, modality)
        return replace(candidate, relation=relation, cameo=code, modality=modality, confidence=confidence,
                       rank=candidate.rank + _FRAMED)  # fmt: skip


def _dated(trigger: Token) -> bool:
    """Whether the trigger's own clause says when ("since Russia invaded Ukraine in 2022")."""
    return any(t.ent_type_ == "DATE" and t.dep_ != "npadvmod" and t.head.dep_ != "npadvmod" for t in trigger.subtree)


def _nouns_name_their_events(candidates: list[Candidate]) -> list[Candidate]:
    """A derived verb reading gives way to the ontology's reading of the noun it is narrowed by
    ("issued an arrest warrant for Putin" is the warrant's accusation; "filed a complaint with
    the UN over Israeli violations" is a complaint about Israel, lodged with the UN)."""
    nouns = {c.trigger.i for c in candidates if c.rule == "noun"}
    if not nouns:
        return candidates
    return [
        c
        for c in candidates
        if not (c.event_object and any(o.i in nouns for o in c.trigger.children if o.dep_ in ("dobj", "nsubjpass")))
    ]


def _best_readings(candidates: list[Candidate]) -> list[Candidate]:
    """On one trigger and one pair, only the best-ranked readings."""
    best: dict[tuple[int, str, str], int] = {}
    for c in candidates:
        key = (c.trigger.i, *c.pair)
        best[key] = max(best.get(key, c.rank), c.rank)
    return [c for c in candidates if c.rank == best[(c.trigger.i, *c.pair)]]


def _fold(candidates: list[Candidate]) -> list[Candidate]:
    """One relation per (source, type, target): the framed or most confident reading."""
    found: dict[tuple[str, str, str], Candidate] = {}
    for c in candidates:
        key = (c.source.actor_id, c.relation, c.target.actor_id)
        if key not in found or (c.rank >= _FRAMED, c.confidence) > (found[key].rank >= _FRAMED, found[key].confidence):
            found[key] = c
    return list(found.values())


def _confidence(base: float, source: Referent, target: Referent, modality: str = "asserted") -> float:
    value = base
    for referent in (source, target):
        value *= _VIA_WEIGHT.get(referent.via, 1.0)
    value *= MODALITY_WEIGHT.get(modality, 1.0)
    return round(min(0.99, max(0.05, value)), 3)
