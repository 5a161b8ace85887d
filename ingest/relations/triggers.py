"""The ontology's triggers, indexed by lemma, and how well a token matches one.

A match carries its relation type, its CAMEO code, where its target is found and a rank:
a hand-written trigger of the ontology outranks a derived one (when one fits a token, the
derived ones of that lemma are not read), and a trigger narrowed by the words around it (its
object, a particle, a phrase) outranks a bare one. On one token and one pair of actors, only
the best-ranked reading counts ("sent troops" is a deployment, not aid).

>>> index = TriggerIndex(load_ontology())  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from actorgraph.ingest.ontology import NounTrigger, Ontology, RelationSpec, VerbTrigger
from actorgraph.ingest.relations.lexicon import FUTURE_MODALS, MATERIAL_ADJECTIVES
from actorgraph.ingest.relations.syntax import has_future, of_objects, pobjs

__all__ = ["HAND_WRITTEN", "Match", "TriggerIndex"]

HAND_WRITTEN = 100  # rank of a hand-written trigger over a derived one; narrowings add 1 each


@dataclass(frozen=True)
class Match:
    """A trigger that fits a token: what relation and code it gives, where to look for the target."""

    spec: RelationSpec
    trigger: VerbTrigger | NounTrigger
    cameo: str
    slots: tuple[str, ...]
    rank: int

    @property
    def direct_only(self) -> bool:
        return self.trigger.direct_only

    @property
    def symmetric(self) -> bool:
        """Whether partners acting together are each other's targets (the trigger's say, else its type's)."""
        own = getattr(self.trigger, "symmetric", None)
        return self.spec.symmetric if own is None else own

    @property
    def spares_owner(self) -> bool:
        return isinstance(self.trigger, VerbTrigger) and self.trigger.spares_owner

    @property
    def names_event_by_object(self) -> bool:
        """A derived verb trigger narrowed by its object or phrase: they name the event ("restored
        relations", "called for a ceasefire")."""
        trigger = self.trigger
        return isinstance(trigger, VerbTrigger) and trigger.derived and (trigger.objects is not None or bool(trigger.prep))


class TriggerIndex:
    """Verb and noun triggers by lemma, hand-written and derived."""

    def __init__(self, ontology: Ontology):
        self.ontology = ontology
        self.verbs: dict[str, list[tuple[RelationSpec, VerbTrigger]]] = {}
        self.nouns: dict[str, list[tuple[RelationSpec, NounTrigger]]] = {}
        for spec in ontology.relations.values():
            for verb in [*spec.verbs, *spec.derived]:
                self.verbs.setdefault(verb.lemma, []).append((spec, verb))
            for noun in spec.nouns:
                self.nouns.setdefault(noun.lemma, []).append((spec, noun))

    def verb_matches(self, verb: Token) -> list[Match]:
        """The verb triggers of this token's lemma that its objects and particles allow."""
        triggers = self.verbs.get(verb.lemma_.lower(), ())
        if not triggers:
            return []
        found = []
        words = _object_words(verb)  # once per verb: a lemma has many triggers
        for spec, trigger in triggers:
            narrowings = self._verb_narrowings(verb, trigger, words)
            if narrowings is None:
                continue
            rank = narrowings + (0 if trigger.derived else HAND_WRITTEN)
            found.append(Match(spec, trigger, trigger.cameo or spec.cameo, _slots(spec, trigger), rank))
        if any(m.rank >= HAND_WRITTEN for m in found):  # the ontology's own reading of a verb is the one that counts
            found = [m for m in found if m.rank >= HAND_WRITTEN]
        return found

    def noun_matches(self, noun: Token) -> list[Match]:
        """The noun triggers of this token's lemma whose themes and modifiers fit."""
        found = []
        for spec, trigger in self.nouns.get(noun.lemma_.lower(), ()):
            if self._noun_fits(noun, trigger):
                narrowings = int(bool(trigger.themes or trigger.modifiers))
                slots = tuple(trigger.target or spec.target)
                found.append(Match(spec, trigger, trigger.cameo or spec.cameo, slots, narrowings + HAND_WRITTEN))
        return found

    def _verb_narrowings(self, verb: Token, trigger: VerbTrigger, words: set[str]) -> int | None:
        """How many narrowings of the trigger the verb (whose objects say ``words``) meets, or None when one fails."""
        if trigger.requires_modal and not has_future(verb, FUTURE_MODALS):
            return None
        excluded = self.ontology.words(trigger.excludes)
        if excluded and words & excluded:
            return None
        count = 0
        allowed = self.ontology.words(trigger.objects)
        if allowed is not None:
            if not words & allowed:
                return None
            count += 1
        if trigger.particle:
            if not any(c.dep_ in ("prt", "prep", "dative", "agent") and c.lower_ == trigger.particle for c in verb.children):
                return None
            count += 1
        if trigger.prep:
            if not _has_phrase(verb, trigger.prep, frozenset(trigger.prep_objects or ())):
                return None
            count += 1 + bool(trigger.prep_objects)
        return count

    def _noun_fits(self, noun: Token, trigger: NounTrigger) -> bool:
        themes = self.ontology.words(trigger.themes)
        if themes is not None:
            theme = of_objects(noun)
            if not theme or not ({t.lemma_.lower() for t in [theme[0], *theme[0].conjuncts]} & themes):
                return False
        modifiers = {c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound")}
        if trigger.modifiers and not modifiers & set(trigger.modifiers):
            return False
        material = bool(modifiers & MATERIAL_ADJECTIVES)
        if trigger.material_only and not material:
            return False
        return not (trigger.political_only and material)


# A derived trigger narrowed by its object names the event by it ("restored relations", "rejected
# the proposal"): the target is the object's owner or in a phrase of the object or the verb.
_EVENT_OBJECT_SLOTS = ("object", "prep:with", "prep:to", "prep:against", "prep:on", "prep:for", "prep:between", "prep:from")


def _slots(spec: RelationSpec, trigger: VerbTrigger) -> tuple[str, ...]:
    if trigger.target:
        return tuple(trigger.target)
    if trigger.derived and trigger.prep:  # "called for Israel's withdrawal": the phrase's noun first
        return (f"prep:{trigger.prep}", *_EVENT_OBJECT_SLOTS)
    if trigger.derived and trigger.objects is not None:
        return _EVENT_OBJECT_SLOTS
    return tuple(spec.target)


def _object_words(verb: Token) -> set[str]:
    """Lemmas and forms of the verb's objects and of their "of" phrases ("a batch of warheads")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [p for o in objects for p in of_objects(o)]
    return {w for o in objects for t in [o, *o.conjuncts] for w in (t.lemma_.lower(), t.lower_)}


def _has_phrase(verb: Token, prep: str, nouns: frozenset[str]) -> bool:
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == prep:
                if not nouns or any(p.lemma_.lower() in nouns or p.lower_ in nouns for p in pobjs(child)):
                    return True
    return False
