"""Frames that change what an act means, as the ontology's ``frames`` say.

An act that is promised, offered, agreed, planned or in the future tense ("will visit
Beijing", "is willing to withdraw its troops", "offered to negotiate") is coded as the intent
to do it (CAMEO 03 for cooperation, 13 for conflict); an act that is refused or that an actor
"will not" do is a rejection (CAMEO 12). The new code decides the relation type, through the
types' claims.

>>> frame_of(doc[2], ontology.frames, frozenset())  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from actorgraph.ingest.ontology import Frame
from actorgraph.ingest.relations.syntax import auxiliaries, governor, negated

__all__ = ["FrameReading", "frame_of"]

_FRAMED_DEPS = ("xcomp", "ccomp")


@dataclass(frozen=True)
class FrameReading:
    """An act's frame: which one, and the token whose modality the framed event takes."""

    kind: str
    frame: Frame
    head: Token
    negation_spent: bool = False  # the negation made the frame: it does not deny the new event


def frame_of(trigger: Token, intent: Frame | None, refusal: Frame | None, support_verbs: frozenset[str]) -> FrameReading | None:
    """The frame of the act a trigger names, or None when the act stands as told."""
    act = _act(trigger, support_verbs)
    aux = auxiliaries(act)
    if negated(act):
        if refusal is not None and aux & set(refusal.negated_future):
            return FrameReading("refusal", refusal, act, negation_spent=True)
        return None
    if intent is not None and aux & set(intent.future):
        return FrameReading("intent", intent, act)
    while act.dep_ in ("conj", "xcomp") and act.head.pos_ in ("VERB", "AUX") and not _governs(act.head, intent, refusal):
        act = act.head  # "agreed to withdraw and release", "will keep hitting": the frame of the verb above
        if negated(act) or auxiliaries(act) & set(intent.future if intent else ()):
            return frame_of(act, intent, refusal, support_verbs)
    if act.dep_ not in _FRAMED_DEPS:
        return None
    head = act.head
    lemma = head.lemma_.lower()
    if negated(head):
        return None
    if refusal is not None and lemma in refusal.governors:
        return FrameReading("refusal", refusal, head)
    if intent is not None and (lemma in intent.governors or (head.pos_ == "ADJ" and lemma in intent.adjectives)):
        return FrameReading("intent", intent, head)
    return None


def _act(trigger: Token, support_verbs: frozenset[str]) -> Token:
    """The verb that carries a noun event's tense and frame ("will impose sanctions")."""
    if (
        trigger.pos_ in ("NOUN", "PROPN")
        and trigger.dep_ in ("dobj", "conj")
        and governor(trigger).lemma_.lower() in support_verbs
    ):
        return governor(trigger)
    return trigger


def _governs(verb: Token, intent: Frame | None, refusal: Frame | None) -> bool:
    lemma = verb.lemma_.lower()
    return any(frame is not None and lemma in frame.governors for frame in (intent, refusal))
