"""How real the sentence says an event is: asserted, reported, alleged, conditional,
hypothetical, denied or hoped.

>>> from actorgraph.ingest.nlp import default_pipeline
>>> doc = default_pipeline()("Russia did not attack Ukraine.")
>>> modality_of(doc[3])
'denied'
"""

from __future__ import annotations

from spacy.tokens import Token

from actorgraph.ingest.relations.lexicon import (
    ALLEGE_VERBS,
    DENIAL_VERBS,
    DETERRING_VERBS,
    ENABLING_VERBS,
    HOPE_VERBS,
    HYPOTHETICAL_MODALS,
    INTENT_VERBS,
    PREVENTION_VERBS,
    REFUSAL_VERBS,
    REQUEST_VERBS,
    SPEECH_VERBS,
)
from actorgraph.ingest.relations.syntax import ancestors_path, auxiliaries, is_infinitive, negated

__all__ = ["MODALITY_WEIGHT", "modality_of"]

# How much each modality lowers a relation's confidence.
MODALITY_WEIGHT = {"conditional": 0.9, "hypothetical": 0.8, "alleged": 0.9, "hoped": 0.85, "reported": 0.95}
_ORDER = ("conditional", "hypothetical", "hoped", "alleged", "reported")
_MODAL_VERBS = HYPOTHETICAL_MODALS | {"would", "'d"}


def modality_of(trigger: Token, support_verbs: frozenset[str] = frozenset(), own_negation: bool = True) -> str:
    """asserted, reported, alleged, conditional, hypothetical, denied or hoped.

    Denial wins over everything, then conditions, hopes, allegations, modal verbs and
    attribution to a speaker. An act that is only asked for ("urged Iran to reach an
    agreement") is hypothetical. ``own_negation=False`` reads past the trigger's own "not"
    (it has made "will not withdraw" a refusal, which is asserted).
    """
    if own_negation and negated(trigger):
        return "denied"
    found: set[str] = set()
    asked_for = _asked_for(trigger)
    if asked_for:
        found.add("hypothetical")
    presupposed = _presupposed(trigger) and not asked_for
    for child, head in ancestors_path(trigger):
        lemma = head.lemma_.lower()
        if lemma in PREVENTION_VERBS and child.dep_ in ("dobj", "xcomp", "ccomp"):
            return "denied"  # "blocked an EU statement criticising China": no criticism was made
        if presupposed:  # "to counter Russia's bombardment": the bombardment is told as a fact
            found |= _marks(child, head, lemma, support_verbs) & {"alleged", "reported"}
            continue
        if _denial(child, head, lemma, support_verbs):
            return "denied"
        found |= _marks(child, head, lemma, support_verbs)
    if any(m.lower_ in ("if", "unless") for m in trigger.children if m.dep_ == "mark"):
        found.add("conditional")
    if auxiliaries(trigger) & HYPOTHETICAL_MODALS:
        found.add("hypothetical")
    if any(c.lower_ in ("reportedly", "allegedly", "purportedly") for c in trigger.children):
        found.add("alleged")
    return next((m for m in _ORDER if m in found), "asserted")


def _denial(child: Token, head: Token, lemma: str, support_verbs: frozenset[str]) -> bool:
    if lemma in DENIAL_VERBS and child.dep_ in ("ccomp", "xcomp", "pcomp", "dobj", "prep"):
        return True
    if lemma in DETERRING_VERBS and child.dep_ == "prep" and child.lower_ == "from":
        return True
    if (negated(head) or lemma in REFUSAL_VERBS) and child.dep_ in ("xcomp", "ccomp"):
        return True
    return negated(head) and child.dep_ == "dobj" and lemma in support_verbs  # "would not hold talks with Russia"


def _marks(child: Token, head: Token, lemma: str, support_verbs: frozenset[str]) -> set[str]:
    found: set[str] = set()
    complement = child.dep_ in ("xcomp", "ccomp")
    if child.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in child.children):
        found.add("conditional")
    if child.dep_ == "advcl" and is_infinitive(child) and child.i > head.i and child.lemma_.lower() not in ENABLING_VERBS:
        found.add("hypothetical")  # "…, negotiating with the Houthis to end the war": the aim, not the event
    if lemma in HOPE_VERBS:
        found.add("hoped")
    if child.dep_ == "pcomp" and head.lower_ == "against":
        found.add("hypothetical")  # "warned Washington against selling arms", "voted against sending troops"
    if complement and (lemma in INTENT_VERBS or lemma in REQUEST_VERBS or auxiliaries(head) & HYPOTHETICAL_MODALS):
        found.add("hypothetical")
    if child.dep_ in ("ccomp", "acl") and (lemma in REQUEST_VERBS or _requested(head)):
        found.add("hypothetical")  # "reiterated its demand that Israel ease …", "a call for X to …"
    if child.dep_ == "dobj" and auxiliaries(head) & _MODAL_VERBS and _indefinite(child) and lemma not in support_verbs:
        # "would not back an Israeli attack": no attack is said to happen ("would hold a meeting" is the meeting)
        found.add("hypothetical")
    if lemma in ALLEGE_VERBS and child.dep_ in ("ccomp", "pcomp", "prep", "xcomp"):
        found.add("alleged")
    if lemma in SPEECH_VERBS and child.dep_ in ("ccomp", "xcomp", "advcl", "parataxis"):
        found.add("reported")
    return found


def _indefinite(noun: Token) -> bool:
    """ "an attack", "any attack", "attacks": not one the reader is told of (unlike "the attack")."""
    determiners = [c.lower_ for c in noun.children if c.dep_ in ("det", "poss")]
    return not determiners or determiners[0] in ("a", "an", "any", "no")


def _presupposed(noun: Token) -> bool:
    """A nominal event the sentence takes as known: "Russia's bombardment", "the attack on Kyiv"."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in noun.children)


_DEFINITE = frozenset({"the", "this", "these", "that", "those"})


def _requested(head: Token) -> bool:
    """A verb that voices a request ("renewed its call that …")."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in REQUEST_VERBS | _REQUEST_NOUNS for c in head.children)


_REQUEST_NOUNS = frozenset({"demand", "call", "appeal", "request", "plea", "ultimatum", "order", "proposal"})


def _asked_for(noun: Token) -> bool:
    """A noun event that is what a request asks for: "called for Israel's withdrawal", "demanded
    Russia's withdrawal" (possessed, yet not told as a fact)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "for":
        head = head.head
    elif noun.dep_ != "dobj":
        return False
    return head.lemma_.lower() in REQUEST_VERBS | _REQUEST_NOUNS
