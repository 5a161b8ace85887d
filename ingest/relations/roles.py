"""Who is the source and who the target of a trigger, read from the parse.

Verbs: subjects (passives through their "by" agent, conjoined and controlled verbs through
their governor, "X accused Y of doing" through Y, "we" and, in what a state says, "it" through
the speaker) and the target slots the trigger names (objects, datives, prepositions, purpose
clauses, reported content, the owner of a claim, the target of the act a verb governs).
Nouns: possessives, demonyms, "by"/"from" phrases, themes, support verbs ("imposed sanctions
on"), receiving verbs ("faced criticism from") and "with" frames ("hit with sanctions by").

>>> roles = Roles(RoleWords.of(load_ontology()), ActorReader(lambda t: None, frozenset()))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from actorgraph.ingest.mentions import Referent
from actorgraph.ingest.ontology import Ontology
from actorgraph.ingest.relations.actors import ActorReader
from actorgraph.ingest.relations.lexicon import (
    FIRST_PERSON,
    OWN_POSSESSIVES,
    PARTICIPATION_VERBS,
    PURSUIT_VERBS,
    REPORTED_PRONOUNS,
    RESPONSIBILITY_NOUNS,
)
from actorgraph.ingest.relations.syntax import (
    complements,
    governing_speech_verb,
    governor,
    object_tokens,
    of_objects,
    pobjs,
    prep_objects,
    purpose_tokens,
    strict_subjects,
    subject_tokens,
)
from actorgraph.ingest.relations.triggers import Match

__all__ = ["RoleWords", "Roles"]

MATERIAL_CONFLICT = 4  # QuadClass
# Prepositions of the circumstance in which those who act take part: "during protests".
_CIRCUMSTANCE_PREPS = frozenset({"during", "in", "at", "amid"})
# Prepositions through which an act names whom it is aimed at ("to cut ties with Russia").
_ACTION_PREPS = ("against", "with", "to", "on", "at", "from", "into", "upon", "toward", "towards", "of")


@dataclass(frozen=True)
class RoleWords:
    """The ontology's word lists the role readers need, gathered once."""

    ontology: Ontology
    support_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    instruments: frozenset[str]
    claims: frozenset[str]
    event_nouns: frozenset[str]
    interceptable: frozenset[str]

    @classmethod
    def of(cls, ontology: Ontology) -> RoleWords:
        return cls(
            ontology,
            frozenset(ontology.support_verbs),
            frozenset(ontology.receiving_verbs),
            ontology.instruments(),
            ontology.words("claims") or frozenset(),
            frozenset(noun.lemma for spec in ontology.relations.values() for noun in spec.nouns),
            ontology.words("interceptable") or frozenset(),
        )


class Roles:
    """Role readers over one ontology's words and one way of resolving tokens to actors."""

    def __init__(self, words: RoleWords, actors: ActorReader, is_person: Callable[[str], bool] = lambda _: False):
        self.ontology = words.ontology
        self.actors = actors
        self.is_person = is_person
        self.support_verbs = words.support_verbs
        self.receiving_verbs = words.receiving_verbs
        self.claims = words.claims
        self.event_nouns = words.event_nouns
        self.interceptable = words.interceptable

    # -- verbs ---------------------------------------------------------------------------

    def sources(self, verb: Token, crowd: bool | None = None) -> list[Referent]:
        """The actors who do what the verb says; with ``crowd`` only those told as people in
        numbers (True: "thousands of Iraqis protested") or as one body (False: "Iraq protested")."""
        found = [
            a
            for s in subject_tokens(verb)
            for a in self.subject_actors(s, verb)
            if crowd is None or _told_as_crowd(s, a) == crowd
        ]
        return list({a.actor_id: a for a in found}.values())

    def subject_actors(self, subject: Token, verb: Token) -> list[Referent]:
        """A subject's actors; "we" and "our jets" in a statement are the speaker's, and so is
        "it" when a state or organisation speaks ("Russia said it would …")."""
        word = subject.lower_ if subject.pos_ == "PRON" else ""  # "the US" is no "us"
        own = word in FIRST_PERSON or any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in subject.children)
        found = [] if word in FIRST_PERSON else self.actors.actors(subject)
        if found:
            return found
        speech = governing_speech_verb(verb) if own or word in REPORTED_PRONOUNS else None
        if speech is None or (word in REPORTED_PRONOUNS and not _reported_directly(subject.head, speech)):
            return []
        speakers = self.sources(speech)
        if word in REPORTED_PRONOUNS:
            speakers = [s for s in speakers if not self.is_person(s.actor_id)]
        return speakers

    def verb_targets(self, verb: Token, match: Match) -> list[Referent]:
        """The actors in the first of the trigger's slots that names any."""
        for slot in match.slots:
            found = [a for token in self._verb_slot(verb, slot, match) for a in self._target_actors(token, match)]
            if match.direct_only:
                found = [t for t in found if t.via not in ("modifier", "place")]
            if found:
                return found
        return []

    def _target_actors(self, token: Token, match: Match) -> list[Referent]:
        lemma = token.lemma_.lower()
        hostile = self.ontology.quad_class(match.cameo) == MATERIAL_CONFLICT
        if (match.spares_owner or hostile) and lemma in self.interceptable:
            return []  # "shot down Iranian drones": Iran's drones are downed, Iran is not hit (its crewed jets are)
        # Where the object is stands for its state only for types that say so: what is struck,
        # seized or left ("shelled villages in northern Israel", "evacuated settlements in Gaza");
        # not "guarded the plant in Zaporizhzhia", nor an event or topic named as the object
        # ("declared a ceasefire in south Lebanon")
        places = match.spec.located_targets and lemma not in self.event_nouns and not match.names_event_by_object
        return self.actors.actors(token, places=places)

    def _verb_slot(self, verb: Token, slot: str, match: Match) -> list[Token]:
        if slot == "object":
            return object_tokens(verb)
        if slot == "dative":
            return [c for c in verb.children if c.dep_ in ("dative", "iobj")]
        if slot.startswith("prep:"):
            return prep_objects(verb, slot[5:], getattr(match.trigger, "prep", None))
        if slot.startswith("verb:"):  # the verb's own phrase only: "demanded an apology from Warsaw"
            return [p for c in verb.children if c.dep_ == "prep" and c.lower_ == slot[5:] for p in pobjs(c)]
        if slot == "object_owner":  # whose act is asked for or rejected: "demanded Japan's withdrawal"
            return [c for o in object_tokens(verb) for c in o.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
        if slot in ("purpose", "purpose_subject"):
            return purpose_tokens(verb, subject=slot == "purpose_subject")
        if slot == "complement_subject":
            return [s for c in complements(verb) if c.dep_ != "xcomp" for s in subject_tokens(c)]
        if slot == "claimant":
            return self._claimants(verb)
        if slot == "object_with":
            has_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
            return [c for c in verb.children if c.dep_ == "dobj"] if has_with else []
        if slot == "action":
            return self._action_targets(verb, match)
        return []

    def _claimants(self, verb: Token) -> list[Token]:
        """Who made the claims a verb denies: "dismissed Seoul's claims"."""
        found: list[Token] = []
        for claim in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
            if claim.lemma_.lower() not in self.claims:
                continue
            found += [c for c in claim.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            found += [p for c in claim.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of") for p in pobjs(c)]
        return found

    def _action_targets(self, verb: Token, match: Match) -> list[Token]:
        """Whom the act a verb governs is aimed at: "vowed to crush Hamas", "threatened to cut
        ties with Russia", "refused to respond to a demand from Washington"; and who must
        comply for it not to happen: "threatened to strike unless Baghdad accepted"."""
        acts = self.ontology.words(getattr(match.trigger, "acts", None))
        found: list[Token] = []
        for clause in verb.children:
            if clause.dep_ not in ("xcomp", "ccomp") or clause.pos_ not in ("VERB", "AUX"):
                continue
            if acts is not None and clause.lemma_.lower() not in acts:
                found += prep_objects(clause, "against")
                continue
            found += object_tokens(clause)
            found += [p for word in _ACTION_PREPS for p in prep_objects(clause, word)]
        for holder in (verb, *(c for c in verb.children if c.dep_ in ("xcomp", "ccomp"))):
            found += [s for c in holder.children if c.dep_ == "advcl" and _conditional(c) for s in strict_subjects(c)]
        return found

    # -- nouns ---------------------------------------------------------------------------

    def noun_targets(self, noun: Token, match: Match) -> list[Referent]:
        """The actors the noun's target slots name."""
        found = [a for slot in match.slots for t in self._noun_slot(noun, slot) for a in self.actors.actors(t)]
        if match.direct_only:
            found = [t for t in found if t.via not in ("modifier", "place")]
        return found

    def _noun_slot(self, noun: Token, slot: str) -> list[Token]:
        if slot.startswith("prep:"):
            word = slot[5:]
            holders = [noun, *of_objects(noun)]  # "threats of revenge against Israel"
            for event in (noun, _container(noun)):  # "launched two days of exercises around Taiwan"
                if event is not None and event.dep_ in ("dobj", "conj") and governor(event).lemma_.lower() in self.support_verbs:
                    holders.append(governor(event))  # "imposed sanctions on Russia" with "on" on the verb
            return [p for h in holders for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ == word for p in pobjs(c)]
        if slot == "dative":
            verb = governor(noun)
            return [c for c in verb.children if c.dep_ in ("dative", "iobj")] if noun.dep_ == "dobj" else []
        if slot == "complement_subject":
            return [s for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") for s in subject_tokens(c)]
        if slot == "purpose":
            return purpose_tokens(noun, subject=False)
        return []

    def noun_sources(self, noun: Token, theme_source: bool, has_target: bool, circumstance: bool = False) -> list[Referent]:
        """Who does what the noun names: its modifiers, "by"/"from" X, its theme, the support verb's subject."""
        for child in sorted(noun.lefts, key=lambda t: -t.i):
            if child.dep_ == "compound" and not has_target:
                continue  # "Russia sanctions" may be sanctions on Russia: only with an explicit target
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.lower_ not in OWN_POSSESSIVES:
                found = self.actors.actors(child) or self.actors.owner(child)
                if found:
                    return found
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")):
            found = [a for p in pobjs(prep) for a in self.actors.actors(p)]
            if found:
                return found
        themes = of_objects(noun)
        if themes and theme_source:
            found = self.actors.owner(themes[0]) or [a for a in self.actors.actors(themes[0]) if a.via != "pronoun"]
            if found:
                return found
        container = _container(noun)
        if container is not None:  # "China's two days of drills", "a wave of Russian strikes"
            found = self.noun_sources(container, theme_source=False, has_target=has_target)
            if found:
                return found
        verb = governor(noun)
        if noun.dep_ in ("dobj", "conj", "nsubjpass") and verb.lemma_.lower() in self.support_verbs:
            return self.sources(verb)
        if noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.lemma_.lower() in PURSUIT_VERBS:
            return self.sources(noun.head.head)  # "applied for arrest warrants", "travelled for talks"
        if _claimed(noun):  # "the Houthis claimed responsibility for an attack on …"
            return self.sources(governor(noun.head.head))
        if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.lemma_.lower() in PARTICIPATION_VERBS:
            return self.sources(noun.head.head)  # "were engaged in talks with …", "took part in the raid"
        if circumstance and noun.dep_ == "pobj" and noun.head.lower_ in _CIRCUMSTANCE_PREPS and noun.head.head.pos_ == "VERB":
            return self.sources(noun.head.head)  # "threw stones during demonstrations against …": they demonstrated
        return []

    def frame(self, noun: Token) -> tuple[list[Referent], list[Referent]]:
        """(sources, targets) a verb around the noun supplies.

        "China faced criticism from the EU": the receiving verb's subject is the target.
        "Moscow was hit with sanctions by the EU": the "with" frame of the verb.
        """
        verb = governor(noun)
        if noun.dep_ == "dobj" and verb.lemma_.lower() in self.receiving_verbs:
            subjects = subject_tokens(verb)
            return [], [a for s in subjects for a in self.actors.owner(s) or self.actors.actors(s)]
        victims = [a for v in _victims_of(noun) for a in self.actors.actors(v)]
        if victims:
            return [], victims
        holder = noun.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
        container = holder.head if holder.i != noun.i else noun
        if container.dep_ == "pobj" and container.head.lower_ == "with" and container.head.head.pos_ == "VERB":
            verb = container.head.head
            return self.sources(verb), [a for t in object_tokens(verb) for a in self.actors.actors(t)]
        return [], []

    def between(self, noun: Token) -> list[Referent]:
        """ "a pact between Moscow and Pyongyang": the parties, each to each."""
        for holder in (noun, noun.head):
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    parties = [a for p in pobjs(prep) for a in self.actors.actors(p)]
                    if len(parties) > 1:
                        return parties
        return []


def _claimed(noun: Token) -> bool:
    """The event of "claimed responsibility for …", "took credit for …"."""
    holder = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "for" else None
    return holder is not None and holder.lemma_.lower() in RESPONSIBILITY_NOUNS and holder.dep_ in ("dobj", "conj")


def _victims_of(noun: Token) -> list[Token]:
    """Who suffered the event, by a passive around it: "Two Turkish soldiers were killed in a PKK
    attack", "civilians were wounded during Russian shelling"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("in", "during", "by") or prep.dep_ not in ("prep", "agent"):
        return []
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "auxpass" for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ == "nsubjpass"]


def _conditional(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in clause.children)


def _reported_directly(verb: Token, speech: Token) -> bool:
    """Whether the verb's clause is what the speaker says, not a clause inside it: in "warned
    that North Korea would pay if it supplied arms", "it" is North Korea, not the speaker."""
    token = verb
    while token.i != speech.i:
        if token.dep_ not in ("ccomp", "xcomp", "conj", "parataxis") or token.head.i == token.i:
            return token.head.i == speech.i or any(c.i == token.i for c in speech.children)
        token = token.head
    return True


def _container(noun: Token) -> Token | None:
    """The noun an event noun is counted or measured by: "two days of drills" → days."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < noun.i:
        return head.head
    return None


def _told_as_crowd(subject: Token, referent: Referent) -> bool:
    """People in numbers: a plural common noun ("protesters", "thousands of Iraqis") or a
    plural demonym ("Iraqis"), not a state's name ("the United States")."""
    head = subject
    if head.lower_ in ("thousands", "hundreds", "dozens", "scores", "millions", "tens") or head.like_num:
        return True
    return head.tag_ == "NNS" or (head.tag_ == "NNPS" and referent.via == "demonym")
