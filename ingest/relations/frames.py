"""Frames that change what an act means, as the ontology's ``frames`` say.

An act that is promised, offered, agreed, planned or in the future tense ("will visit
Beijing", "is willing to withdraw its troops", "offered to negotiate") is coded as the intent
to do it (CAMEO 03 for cooperation, 13 for conflict); an act that is refused or that an actor
"will not" do is a rejection (CAMEO 12); an attack prepared for is a show of force (15). Which
words make a frame, and the code an act then has, are the ontology's ``frames``; the new code
decides the relation type, through the types' claims.

>>> from actorgraph.ingest.nlp import default_pipeline
>>> from actorgraph.ingest.ontology import load_ontology
>>> doc = default_pipeline()("Erdogan refused to meet Netanyahu.")
>>> reading = frame_of(doc[3], load_ontology().frames, frozenset())
>>> reading.kind, reading.frame.code_for("040")
('refusal', '125')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Token

from actorgraph.ingest.ontology import Frame
from actorgraph.ingest.relations.syntax import auxiliaries, governor, negated, own_clause

__all__ = ["FrameReading", "frame_of"]

_FRAMED_DEPS = ("xcomp", "ccomp")


@dataclass(frozen=True)
class FrameReading:
    """An act's frame: which one, and the token whose modality the framed event takes."""

    kind: str
    frame: Frame
    head: Token
    negation_spent: bool = False  # the negation made the frame: it does not deny the new event


def frame_of(trigger: Token, frames: Mapping[str, Frame], support_verbs: frozenset[str]) -> FrameReading | None:
    """The frame of the act a trigger names, or None when the act stands as told."""
    act = _act(trigger, support_verbs)
    means = _means_frame(act, frames)
    if means is not None:
        return means
    aux = auxiliaries(act)
    if negated(act):
        found = next(((n, f) for n, f in frames.items() if aux & set(f.negated_future)), None)
        return FrameReading(found[0], found[1], act, negation_spent=True) if found else None
    found = next(((n, f) for n, f in frames.items() if aux & set(f.future)), None)
    if found:
        return FrameReading(found[0], found[1], act)
    governors = {lemma for frame in frames.values() for lemma in frame.governors}
    futures = {word for frame in frames.values() for word in frame.future}
    while (
        act.dep_ in ("conj", "xcomp")
        and act.head.pos_ in ("VERB", "AUX")
        and act.head.lemma_.lower() not in governors
        and not own_clause(act)
    ):
        act = act.head  # "agreed to withdraw and release", "will keep hitting": the frame of the verb above
        if negated(act) or auxiliaries(act) & futures:
            return frame_of(act, frames, support_verbs)
    if act.dep_ not in _FRAMED_DEPS or negated(act.head):
        return None
    head = act.head
    lemma = head.lemma_.lower()
    for name, frame in frames.items():
        if lemma in frame.governors or (head.pos_ == "ADJ" and lemma in frame.adjectives):
            return FrameReading(name, frame, head)
    return None


def _means_frame(act: Token, frames: Mapping[str, Frame]) -> FrameReading | None:
    """ "threatened Hungary with sanctions": the act a verb's "with" phrase names is in its frame."""
    prep = act.head
    if act.dep_ != "pobj" or prep.lower_ != "with" or prep.dep_ != "prep":
        return None
    verb = prep.head
    found = next(((n, f) for n, f in frames.items() if verb.lemma_.lower() in f.with_governors), None)
    return FrameReading(found[0], found[1], verb) if found else None


def _act(trigger: Token, support_verbs: frozenset[str]) -> Token:
    """The verb that carries a noun event's tense and frame ("will impose sanctions")."""
    if (
        trigger.pos_ in ("NOUN", "PROPN")
        and trigger.dep_ in ("dobj", "conj")
        and governor(trigger).lemma_.lower() in support_verbs
    ):
        return governor(trigger)
    return trigger
