"""Finding "who did what to whom" in a parsed sentence, from the ontology's triggers.

For each verb or noun whose lemma the ontology lists, the source and the target are read
from the dependency parse: subjects (passives through their "by" agent, conjoined and
controlled verbs through their governor, "X accused Y of doing" through Y), objects,
prepositional targets, purpose clauses ("to assist Russia"), reported content ("warned
that Washington …"), and, for nouns, possessives, demonyms, "by"/"from" phrases, themes
("the arrival of North Korean soldiers"), support verbs ("imposed sanctions on"),
receiving verbs ("faced criticism from") and "with" frames ("hit with sanctions by").
Statements get three more rules: a conditional consequence ("would mean the involvement
of NATO") warns the actors it names, a claim that an actor is escalating, jeopardizing …
accuses it, and "X must …" demands it of X.

>>> finder = RelationFinder(load_ontology())  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from actorgraph.ingest.mentions import GOVERNMENT_HEADS, ROLE_HEADS, Referent
from actorgraph.ingest.ontology import NounTrigger, Ontology, RelationSpec, VerbTrigger

__all__ = ["Candidate", "RelationFinder", "Resolver", "modality_of"]

Resolver = Callable[[Token], "Referent | None"]

SPEECH_VERBS = frozenset(
    "say state assert remark tell add claim note mention declare insist stress argue announce write comment "
    "explain reply respond clarify report indicate suggest warn accuse allege charge confirm acknowledge "
    "emphasize emphasise underline reiterate vow pledge promise threaten predict tweet post".split()
)
OBJECT_CONTROL = frozenset("permit allow authorize authorise urge ask call press force invite encourage enable let".split())
HOPE_VERBS = frozenset("hope wish want".split())
DENIAL_VERBS = frozenset("deny dismiss reject refute rebut".split())
REFUSAL_VERBS = frozenset("decline refuse fail avoid stop cease halt".split())
# "invited Putin to visit", "plans to send": the act has not happened.
INTENT_VERBS = frozenset("invite plan intend aim seek propose consider weigh mull offer prepare expect".split())
ALLEGE_VERBS = frozenset("accuse allege claim charge blame".split())
PURPOSE_VERBS = frozenset("assist help support back aid bolster reinforce defend protect join fight".split())
ADDRESSEE_VERBS = frozenset("understand know realize realise remember recognize recognise".split())
FIRST_PERSON = frozenset("we i us our my".split())
OWN_POSSESSIVES = frozenset("our its their my".split())
FUTURE_MODALS = frozenset({"will", "'ll", "shall", "would", "'d"})
MATERIAL_ADJECTIVES = frozenset(
    "military financial economic technological technical material humanitarian logistical lethal "
    "defence defense budgetary".split()
)
AGENT_HEADS = GOVERNMENT_HEADS | ROLE_HEADS | {"parliament", "state", "country", "nation", "side", "party"}
_MODIFIERS = ("poss", "compound", "amod", "nmod")
_CONSEQUENCE_PREPS = frozenset({"of", "with", "against", "between", "by"})
_LOCATIVE_PREPS = frozenset({"in", "on", "near", "at", "outside", "inside"})


@dataclass
class Candidate:
    """A relation found in one sentence, before codes, dates and evidence are attached."""

    relation: str
    trigger: Token
    source: Referent
    target: Referent
    modality: str
    confidence: float
    rule: str = "verb"


@dataclass
class _Triggers:
    verbs: dict[str, list[tuple[RelationSpec, VerbTrigger]]] = field(default_factory=dict)
    nouns: dict[str, list[tuple[RelationSpec, NounTrigger]]] = field(default_factory=dict)
    phrases: dict[tuple[str, str], list[tuple[RelationSpec, list[str]]]] = field(default_factory=dict)


class RelationFinder:
    """The ontology's triggers, compiled for lookup by lemma."""

    def __init__(self, ontology: Ontology):
        self.ontology = ontology
        self.triggers = _Triggers()
        for spec in ontology.relations.values():
            for verb in spec.verbs:
                self.triggers.verbs.setdefault(verb.lemma, []).append((spec, verb))
            for noun in spec.nouns:
                self.triggers.nouns.setdefault(noun.lemma, []).append((spec, noun))
            for phrase in spec.phrases:
                key = (phrase.lemmas[0], phrase.lemmas[1])
                self.triggers.phrases.setdefault(key, []).append((spec, phrase.target))
        self.support_verbs = frozenset(ontology.support_verbs)
        self.receiving_verbs = frozenset(ontology.receiving_verbs)
        self.instruments = frozenset(w for s in ontology.relations.values() for w in (*s.forces, *s.goods, *s.projectiles))
        warns = ontology.relations.get("WARNS")
        self.consequence = warns.consequence if warns and warns.consequence else None
        accuses = ontology.relations.get("ACCUSES")
        self.blamed_acts = frozenset(accuses.blamed_acts) if accuses else frozenset()

    def find(self, sent: Span, resolve: Resolver) -> list[Candidate]:
        """Every relation the sentence states, with duplicates (same pair and type) folded."""
        reader = _SentenceReader(self, sent, resolve)
        found: dict[tuple[str, str, str], Candidate] = {}
        for candidate in self._one_reading_of_sending(list(reader.candidates())):
            if candidate.source.actor_id == candidate.target.actor_id:
                continue
            key = (candidate.source.actor_id, candidate.relation, candidate.target.actor_id)
            if key not in found or candidate.confidence > found[key].confidence:
                found[key] = candidate
        return list(found.values())

    def _one_reading_of_sending(self, candidates: list[Candidate]) -> list[Candidate]:
        """ "Sent tanks to Ukraine" is aid, "sent troops to Russia" or "warplanes toward Taiwan" a deployment."""
        aid = {(c.trigger.i, c.source.actor_id, c.target.actor_id) for c in candidates if c.relation == "AIDS"}
        both = {
            key
            for c in candidates
            if c.relation == "DEPLOYS" and (key := (c.trigger.i, c.source.actor_id, c.target.actor_id)) in aid
        }
        if not both:
            return candidates
        deploys = self.ontology.relations["DEPLOYS"]
        personnel = frozenset(deploys.forces) - frozenset(self.ontology.relations["AIDS"].goods)
        kept = []
        for candidate in candidates:
            key = (candidate.trigger.i, candidate.source.actor_id, candidate.target.actor_id)
            if key in both and candidate.relation in ("AIDS", "DEPLOYS"):
                deployment = _sends_personnel(candidate.trigger, personnel)
                if (candidate.relation == "DEPLOYS") != deployment:
                    continue
            kept.append(candidate)
        return kept


def _sends_personnel(verb: Token, personnel: frozenset[str]) -> bool:
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [p for o in objects for p in _of_objects(o)]
    if {t.lemma_.lower() for o in objects for t in [o, *o.conjuncts]} & personnel:
        return True
    return any(c.dep_ == "prep" and c.lower_ in ("toward", "towards", "near", "along") for c in verb.children)


class _SentenceReader:
    """The rules applied to one sentence."""

    def __init__(self, finder: RelationFinder, sent: Span, resolve: Resolver):
        self.finder = finder
        self.sent = sent
        self.resolve = resolve

    def candidates(self) -> Iterator[Candidate]:
        for token in self.sent:
            lemma = token.lemma_.lower()
            if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.tag_ in ("VBZ", "VBD")):
                for spec, trigger in self.finder.triggers.verbs.get(lemma, []):
                    yield from self._verb_relations(token, spec, trigger)
                yield from self._phrase_relations(token, lemma)
                if lemma in SPEECH_VERBS:
                    yield from self._statement_relations(token)
            if token.pos_ in ("NOUN", "PROPN"):
                for spec, noun in self.finder.triggers.nouns.get(lemma, []):
                    yield from self._noun_relations(token, spec, noun)

    # -- actors of a token --------------------------------------------------------------

    def actors(self, token: Token | None, depth: int = 0) -> list[Referent]:
        """The actors a phrase headed by ``token`` stands for, conjuncts included."""
        if token is None or depth > 4:
            return []
        found: list[Referent] = []
        for head in [token, *token.conjuncts]:
            for referent in self._actors_of_head(head, depth):
                if referent.actor_id not in {f.actor_id for f in found}:
                    found.append(referent)
        return found

    def _actors_of_head(self, head: Token, depth: int) -> list[Referent]:
        referent = self.resolve(head)
        if referent is not None:
            return [referent]
        if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
            return self.actors(head.head.head, depth + 1)
        # "Russia's defence minister Andrei Belousov" is Belousov, not Russia through a modifier
        named = [r for c in head.children if c.dep_ == "appos" and (r := self.resolve(c)) is not None]
        if named:
            return named[:1]
        found = self._modifier_actor(head) or self._instrument_user(head, depth) or self._prepositional_actor(head, depth)
        if found:
            return found
        for appos in (c for c in head.children if c.dep_ == "appos"):
            found = self.actors(appos, depth + 1)
            if found:
                return found
        return []

    def _modifier_actor(self, head: Token) -> list[Referent]:
        """ "North Korean soldiers", "Russia's Kursk region", "the Biden administration"."""
        for child in sorted(head.lefts, key=lambda t: -t.i):
            if child.dep_ not in _MODIFIERS:
                continue
            for token in [child, *[t for t in child.lefts if t.dep_ in ("compound", "poss", "amod")]]:
                referent = self.resolve(token)
                if referent is None or (referent.via == "pronoun" and head.lemma_.lower() not in GOVERNMENT_HEADS):
                    continue  # "his host" is not him; "his government" is his state
                return [Referent(referent.actor_id, "modifier", referent.span)]
        return []

    def _instrument_user(self, head: Token, depth: int) -> list[Referent]:
        """ "rockets that Hezbollah fired": the one who uses the weapon."""
        if head.lemma_.lower() not in self.finder.instruments:
            return []
        for clause in (c for c in head.children if c.dep_ == "relcl"):
            subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who")]
            found = [a for s in subjects for a in self.actors(s, depth + 1)]
            if found:
                return found
        return []

    def _prepositional_actor(self, head: Token, depth: int) -> list[Referent]:
        """ "the government of Japan", "the centre of Belgorod", "towns in northern Israel"."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return []
        allowed = {"of", "from"} | (_LOCATIVE_PREPS if head.lemma_.lower() not in self.finder.instruments else set())
        if head.lemma_.lower() in AGENT_HEADS:
            allowed |= {"in", "at"}
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in allowed:
                for pobj in _pobjs(prep):
                    found = self.actors(pobj, depth + 1)
                    if found:
                        return found
        return []

    # -- verbs ---------------------------------------------------------------------------

    def _verb_relations(self, verb: Token, spec: RelationSpec, trigger: VerbTrigger) -> Iterator[Candidate]:
        if not self._objects_allowed(verb, spec, trigger):
            return
        if trigger.requires_modal and not _has_future(verb):
            return
        sources = self._sources(verb)
        if not sources:
            return
        targets = self._targets(verb, trigger.target, spec)
        if trigger.direct_only:
            targets = [t for t in targets if t.via not in ("modifier", "place")]
        if not targets and spec.name in ("COOPERATES", "MEETS") and len(sources) > 1:
            yield from self._mutual(verb, spec, sources, "verb")
            return
        for source in sources:
            for target in targets:
                yield self._candidate(spec, verb, source, target, "verb")
                if spec.name == "ATTACKS" and _has_future(verb):
                    yield from self._as_threat(verb, source, target)

    def _as_threat(self, verb: Token, source: Referent, target: Referent) -> Iterator[Candidate]:
        """Saying one will attack someone is a threat, whatever happens next."""
        spec = self.finder.ontology.relations.get("THREATENS")
        if spec is not None and modality_of(verb) not in ("conditional", "denied"):
            yield Candidate("THREATENS", verb, source, target, "asserted", _confidence(0.75, source, target), "verb")

    def _objects_allowed(self, verb: Token, spec: RelationSpec, trigger: VerbTrigger) -> bool:
        allowed = spec.word_list(trigger.objects)
        if allowed is None:
            return True
        objects = [c for c in verb.children if c.dep_ in ("dobj", "prt", "nsubjpass")]
        objects += [p for o in objects for p in _of_objects(o)]  # "a batch of warheads"
        words = {w for o in objects for t in [o, *o.conjuncts] for w in (t.lemma_.lower(), t.lower_)}
        return bool(words & allowed)

    def _sources(self, verb: Token) -> list[Referent]:
        subjects = _subject_tokens(verb)
        found = [a for s in subjects for a in self._subject_actors(s, verb)]
        return list({a.actor_id: a for a in found}.values())

    def _subject_actors(self, subject: Token, verb: Token) -> list[Referent]:
        """A subject's actors; "we" and "our jets" in a statement are the speaker's."""
        own = subject.lower_ in FIRST_PERSON or any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in subject.children)
        found = [] if subject.lower_ in FIRST_PERSON else self.actors(subject)
        if not found and own:
            speech = _governing_speech_verb(verb)
            return self._sources(speech) if speech is not None else []
        return found

    def _targets(self, verb: Token, slots: list[str], spec: RelationSpec) -> list[Referent]:
        for slot in slots:
            found = [a for token in self._slot_tokens(verb, slot, spec) for a in self.actors(token)]
            if found:
                return found
        return []

    def _slot_tokens(self, verb: Token, slot: str, spec: RelationSpec) -> list[Token]:
        if slot == "object":
            return _object_tokens(verb)
        if slot == "dative":
            return [c for c in verb.children if c.dep_ in ("dative", "iobj")]
        if slot.startswith("prep:"):
            return _prep_objects(verb, slot[5:])
        if slot in ("purpose", "purpose_subject"):
            return _purpose_tokens(verb, subject=slot == "purpose_subject")
        if slot == "complement_subject":
            return [s for c in _complements(verb) if c.dep_ != "xcomp" for s in _subject_tokens(c)]
        if slot == "claimant":
            return _claimants(verb, spec)
        if slot == "object_with":
            has_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
            return [c for c in verb.children if c.dep_ == "dobj"] if has_with else []
        if slot == "action":
            return _action_objects(verb, frozenset(spec.actions))
        return []

    def _phrase_relations(self, verb: Token, lemma: str) -> Iterator[Candidate]:
        for particle in verb.children:
            for spec, slots in self.finder.triggers.phrases.get((lemma, particle.lower_), []):
                sources = self._sources(verb)
                for slot in slots:
                    targets = [a for t in _prep_objects(verb, slot[5:]) for a in self.actors(t)]
                    for source in sources:
                        for target in targets:
                            yield self._candidate(spec, verb, source, target, "phrase")
                    if targets:
                        break

    def _mutual(self, trigger: Token, spec: RelationSpec, parties: list[Referent], rule: str) -> Iterator[Candidate]:
        for source in parties:
            for target in parties:
                if source.actor_id != target.actor_id:
                    yield self._candidate(spec, trigger, source, target, rule)

    # -- nouns ---------------------------------------------------------------------------

    def _noun_relations(self, noun: Token, spec: RelationSpec, trigger: NounTrigger) -> Iterator[Candidate]:
        if not self._noun_fits(noun, spec, trigger):
            return
        between = self._between(noun)
        if between and spec.name in ("COOPERATES", "MEETS"):
            yield from self._mutual(noun, spec, between, "noun")
            return
        frame = self._frame(noun)
        targets = [a for slot in trigger.target for t in self._noun_slot(noun, slot) for a in self.actors(t)]
        targets = targets or frame[1]
        sources = self._noun_sources(noun, spec, has_target=bool(targets)) or frame[0]
        targets = [t for t in targets if t.actor_id not in {s.actor_id for s in sources}] or targets
        if not targets and spec.name in ("COOPERATES", "MEETS") and len(sources) > 1:
            yield from self._mutual(noun, spec, sources, "noun")
            return
        for source in sources:
            for target in targets:
                yield self._candidate(spec, noun, source, target, "noun")

    def _noun_fits(self, noun: Token, spec: RelationSpec, trigger: NounTrigger) -> bool:
        themes = spec.word_list(trigger.themes)
        if themes is not None:
            theme = _theme(noun)
            if theme is None or not ({t.lemma_.lower() for t in [theme, *theme.conjuncts]} & themes):
                return False
        modifiers = {c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound")}
        if trigger.modifiers and not modifiers & set(trigger.modifiers):
            return False
        material = bool(modifiers & MATERIAL_ADJECTIVES)
        if trigger.material_only and not material:
            return False
        return not (trigger.political_only and material)

    def _noun_slot(self, noun: Token, slot: str) -> list[Token]:
        if slot.startswith("prep:"):
            word = slot[5:]
            holders = [noun, *_of_objects(noun)]  # "threats of revenge against Israel"
            if noun.dep_ in ("dobj", "conj") and _governor(noun).lemma_.lower() in self.finder.support_verbs:
                holders.append(_governor(noun))  # "imposed sanctions on Russia" with "on" on the verb
            return [
                p for h in holders for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ == word for p in _pobjs(c)
            ]
        if slot == "dative":
            governor = _governor(noun)
            return [c for c in governor.children if c.dep_ in ("dative", "iobj")] if noun.dep_ == "dobj" else []
        if slot == "complement_subject":
            return [s for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") for s in _subject_tokens(c)]
        if slot == "purpose":
            return _purpose_tokens(noun, subject=False)
        return []

    def _noun_sources(self, noun: Token, spec: RelationSpec, has_target: bool) -> list[Referent]:
        for child in sorted(noun.lefts, key=lambda t: -t.i):
            if child.dep_ == "compound" and not has_target:
                continue  # "Russia sanctions" may be sanctions on Russia: only with an explicit target
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                found = [a for a in self.actors(child) or self._modifier_actor(child) if child.lower_ not in OWN_POSSESSIVES]
                if found:
                    return found
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")):
            found = [a for p in _pobjs(prep) for a in self.actors(p)]
            if found:
                return found
        theme = _theme(noun)
        if theme is not None and spec.name in ("DEPLOYS", "AIDS"):
            found = self._modifier_actor(theme) or [a for a in self.actors(theme) if a.via != "pronoun"]
            if found:
                return found
        governor = _governor(noun)
        if noun.dep_ in ("dobj", "conj", "nsubjpass") and governor.lemma_.lower() in self.finder.support_verbs:
            return self._sources(governor)
        if noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.pos_ == "VERB":
            return self._sources(noun.head.head)  # "applied for arrest warrants", "travelled for talks"
        return []

    def _frame(self, noun: Token) -> tuple[list[Referent], list[Referent]]:
        """(sources, targets) a verb around the noun supplies.

        "China faced criticism from the EU": the receiving verb's subject is the target.
        "Moscow was hit with sanctions by the EU": the "with" frame of the verb.
        """
        governor = _governor(noun)
        if noun.dep_ == "dobj" and governor.lemma_.lower() in self.finder.receiving_verbs:
            subjects = _subject_tokens(governor)
            return [], [a for s in subjects for a in self._modifier_actor(s) or self.actors(s)]
        holder = noun.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
        container = holder.head if holder.i != noun.i else noun
        if container.dep_ == "pobj" and container.head.lower_ == "with" and container.head.head.pos_ == "VERB":
            verb = container.head.head
            return self._sources(verb), [a for t in _object_tokens(verb) for a in self.actors(t)]
        return [], []

    def _between(self, noun: Token) -> list[Referent]:
        """ "a pact between Moscow and Pyongyang": the parties, each to each."""
        for holder in (noun, noun.head):
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    parties = [a for p in _pobjs(prep) for a in self.actors(p)]
                    if len(parties) > 1:
                        return parties
        return []

    # -- statements ------------------------------------------------------------------------

    def _statement_relations(self, verb: Token) -> Iterator[Candidate]:
        speakers = self._sources(verb)
        if not speakers:
            return
        for clause in _complements(verb):
            yield from self._conditional_warnings(clause, speakers)
            yield from self._blamed(verb, clause, speakers)
            yield from self._demanded(verb, clause, speakers)

    def _conditional_warnings(self, clause: Token, speakers: list[Referent]) -> Iterator[Candidate]:
        consequence = self.finder.consequence
        if consequence is None:
            return
        for consequence_verb in _clause_verbs(clause):
            if consequence_verb.lemma_.lower() not in consequence.verbs or not _is_conditional_outcome(consequence_verb):
                continue
            warned = self._warned_actors(consequence_verb, frozenset(consequence.nouns))
            for speaker in speakers:
                for target in warned:
                    yield Candidate("WARNS", consequence_verb, speaker, target, "conditional",
                                    _confidence(0.62, speaker, target), "consequence")  # fmt: skip

    def _warned_actors(self, consequence_verb: Token, nouns: frozenset[str]) -> list[Referent]:
        found: list[Referent] = []
        for subject in _subject_tokens(consequence_verb):
            found += self._modifier_actor(subject) or self.actors(subject)
        for clause in consequence_verb.children:
            if clause.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in clause.children):
                found += [a for s in _subject_tokens(clause) for a in self.actors(s)]
        for addressed in consequence_verb.ancestors:  # "Pyongyang must understand that …"
            if addressed.lemma_.lower() in ADDRESSEE_VERBS:
                found += [a for s in _subject_tokens(addressed) for a in self.actors(s)]
        for token in consequence_verb.subtree:
            if token.lemma_.lower() in nouns and token.pos_ in ("NOUN", "PROPN"):
                found += self._modifier_actor(token)
                found += [a for c in token.children if c.dep_ == "prep" and c.lower_ in _CONSEQUENCE_PREPS
                          for p in _pobjs(c) for a in self.actors(p)]  # fmt: skip
        return list({a.actor_id: a for a in found if a.via != "pronoun"}.values())

    def _blamed(self, verb: Token, clause: Token, speakers: list[Referent]) -> Iterator[Candidate]:
        spec = self.finder.ontology.relations.get("ACCUSES")
        if spec is None or verb.lemma_.lower() in ("accuse", "warn"):
            return
        acts = [clause, *(c for c in clause.children if c.dep_ in ("xcomp", "conj"))]
        if not any(a.lemma_.lower() in self.finder.blamed_acts for a in acts):
            return
        for target in [a for s in _subject_tokens(clause) for a in self.actors(s)]:
            for speaker in speakers:
                yield self._candidate(spec, verb, speaker, target, "blame")

    def _demanded(self, verb: Token, clause: Token, speakers: list[Referent]) -> Iterator[Candidate]:
        """ "…said Washington must stop arming Taiwan": a demand made of Washington."""
        spec = self.finder.ontology.relations.get("DEMANDS")
        modals = {c.lower_ for c in clause.children if c.dep_ == "aux"}
        # "should be able to" grants rather than demands
        demanding = "must" in modals or ("should" in modals and clause.lemma_.lower() not in ("be", "have"))
        if spec is None or not demanding or verb.lemma_.lower() in ("warn", "threaten"):
            return
        for target in [a for s in _subject_tokens(clause) for a in self.actors(s)]:
            for speaker in speakers:
                yield self._candidate(spec, verb, speaker, target, "blame")

    # -- building candidates ---------------------------------------------------------------

    def _candidate(self, spec: RelationSpec, trigger: Token, source: Referent, target: Referent, rule: str) -> Candidate:
        modality = modality_of(trigger, self.finder.support_verbs)
        base = {"verb": 0.85, "phrase": 0.8, "noun": 0.72, "blame": 0.66}.get(rule, 0.7)
        return Candidate(spec.name, trigger, source, target, modality, _confidence(base, source, target, modality), rule)


# -- syntax helpers --------------------------------------------------------------------------


def _governor(token: Token) -> Token:
    """The verb a noun is the object of ("imposed … sanctions", also through a conjunction)."""
    head = token.head
    if token.dep_ == "conj" and head.dep_ == "dobj":
        return head.head
    return head


def _subject_tokens(verb: Token) -> list[Token]:
    """Who does what ``verb`` says, following passives, conjunctions and control."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return subjects
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return [p for agent in verb.children if agent.dep_ == "agent" for p in _pobjs(agent)]
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return _subject_tokens(head)
    if verb.dep_ == "xcomp" or (verb.dep_ in ("advcl", "ccomp") and _is_infinitive(verb)):
        controller = [c for c in head.children if c.dep_ == "dobj"]
        if head.lemma_.lower() in OBJECT_CONTROL and controller:
            return controller
        return _subject_tokens(head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        return _subject_tokens(head)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        governor = head.head
        objects = [c for c in governor.children if c.dep_ == "dobj"]
        return objects or _subject_tokens(governor)
    if verb.dep_ == "relcl":
        return [head]
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [head]
    return []


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _has_future(verb: Token) -> bool:
    """Will/would on the verb or on the verb it depends on ("will keep hitting")."""
    for token in (verb, verb.head):
        if {c.lower_ for c in token.children if c.dep_ == "aux"} & FUTURE_MODALS:
            return True
        if verb.dep_ not in ("xcomp", "conj"):
            break
    return False


def _object_tokens(verb: Token) -> list[Token]:
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return [c for c in verb.children if c.dep_ == "nsubjpass"]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if objects:
        return objects
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [verb.head]
    if verb.lemma_.lower() in OBJECT_CONTROL:
        return [s for c in verb.children if c.dep_ in ("xcomp", "ccomp") for s in _subject_tokens_strict(c)]
    return []


def _subject_tokens_strict(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _pobjs(prep: Token) -> list[Token]:
    found = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    for nested in (c for c in prep.children if c.dep_ == "prep"):  # "deep into Russia"
        found += _pobjs(nested)
    return found


def _of_objects(noun: Token) -> list[Token]:
    """ "a wave of drones" → drones."""
    return [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c)]


def _prep_objects(verb: Token, word: str) -> list[Token]:
    objects = [c for c in verb.children if c.dep_ in ("dobj", "prt", "advmod", "nsubjpass")]
    holders = [verb, *objects, *(p for o in objects for p in _of_objects(o))]
    found: list[Token] = []
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ in ("prep", "agent", "dative", "prt") and prep.lower_ == word:
                found += _pobjs(prep) or ([c for c in verb.children if c.dep_ == "dobj"] if prep.dep_ == "prt" else [])
    return found


def _purpose_tokens(head: Token, subject: bool) -> list[Token]:
    found: list[Token] = []
    for clause in head.children:
        if clause.dep_ not in ("xcomp", "advcl", "acl", "relcl") or clause.pos_ not in ("VERB", "AUX"):
            continue
        if subject:
            found += _subject_tokens_strict(clause)
        elif clause.lemma_.lower() in PURPOSE_VERBS:
            found += [c for c in clause.children if c.dep_ in ("dobj", "obj")]
            found += [p for c in clause.children if c.dep_ == "prep" and c.lower_ in ("for", "alongside") for p in _pobjs(c)]
    return found


def _action_objects(verb: Token, actions: frozenset[str]) -> list[Token]:
    """ "vowed to crush Hamas", "threatened to take countermeasures against Finland"."""
    found: list[Token] = []
    for clause in verb.children:
        if clause.dep_ not in ("xcomp", "ccomp") or clause.pos_ not in ("VERB", "AUX"):
            continue
        if clause.lemma_.lower() in actions:
            found += _object_tokens(clause)
        found += _prep_objects(clause, "against")
    return found


def _claimants(verb: Token, spec: RelationSpec) -> list[Token]:
    nouns = frozenset(spec.claim_nouns)
    found: list[Token] = []
    for claim in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
        if claim.lemma_.lower() not in nouns:
            continue
        found += [c for c in claim.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        found += [p for c in claim.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of") for p in _pobjs(c)]
    return found


def _theme(noun: Token) -> Token | None:
    objects = _of_objects(noun)
    return objects[0] if objects else None


def _complements(verb: Token) -> list[Token]:
    """The clauses a statement verb reports ("…, it would …," he said / said that …)."""
    found = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
    found += [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"]  # "…, asserting that …"
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.i != verb.i and verb.i > verb.head.i:
        found.append(verb.head)  # "“It would …,” Mr. Peskov remarked" parsed with the quote on top
    return found


def _clause_verbs(clause: Token) -> Iterator[Token]:
    """Verbs of a clause and its nested complements, not crossing into new statements."""
    stack = [clause]
    while stack:
        token = stack.pop()
        if token.pos_ in ("VERB", "AUX"):
            yield token
        stack.extend(c for c in token.children if c.dep_ in ("ccomp", "xcomp", "conj", "advcl") and c.pos_ in ("VERB", "AUX"))


def _is_conditional_outcome(verb: Token) -> bool:
    modals = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return bool(modals & {"would", "could", "'d", "might", "will", "'ll"})


def _governing_speech_verb(verb: Token) -> Token | None:
    token = verb
    for _ in range(6):
        if token.head.i == token.i:
            return None
        if token.dep_ in ("ccomp", "xcomp", "advcl", "conj", "relcl", "parataxis") and token.head.lemma_.lower() in SPEECH_VERBS:
            return token.head
        token = token.head
    if token.lemma_.lower() in SPEECH_VERBS:
        return None
    for child in token.children:  # "“We will …,” the minister said" parsed with the quote on top
        if child.dep_ in ("ccomp", "parataxis") and child.i > token.i and child.lemma_.lower() in SPEECH_VERBS:
            return child
    return None


def _ancestors_path(token: Token) -> Iterator[tuple[Token, Token]]:
    """(child, head) pairs from the token up to its sentence's root."""
    child = token
    while child.head.i != child.i:
        yield child, child.head
        child = child.head


def modality_of(trigger: Token, support_verbs: frozenset[str] = frozenset()) -> str:
    """asserted, reported, alleged, conditional, hypothetical, denied or hoped.

    Denial wins over everything, then conditions, hopes, allegations, modal verbs and
    attribution to a speaker.
    """
    if _negated(trigger):
        return "denied"
    found: set[str] = set()
    for child, head in _ancestors_path(trigger):
        lemma = head.lemma_.lower()
        if lemma in DENIAL_VERBS and child.dep_ in ("ccomp", "xcomp", "pcomp", "dobj", "prep"):
            return "denied"
        if (_negated(head) or lemma in REFUSAL_VERBS) and child.dep_ in ("xcomp", "ccomp"):
            return "denied"
        if _negated(head) and child.dep_ == "dobj" and lemma in support_verbs:
            return "denied"  # "would not hold talks with Russia"
        if child.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in child.children):
            found.add("conditional")
        if lemma in HOPE_VERBS:
            found.add("hoped")
        if child.dep_ in ("xcomp", "ccomp") and (
            lemma in INTENT_VERBS or {c.lower_ for c in head.children if c.dep_ == "aux"} & {"could", "might", "may"}
        ):
            found.add("hypothetical")
        if lemma in ALLEGE_VERBS and child.dep_ in ("ccomp", "pcomp", "prep", "xcomp"):
            found.add("alleged")
        if lemma in SPEECH_VERBS and child.dep_ in ("ccomp", "xcomp", "advcl", "parataxis"):
            found.add("reported")
    if any(m.lower_ in ("if", "unless") for m in trigger.children if m.dep_ == "mark"):
        found.add("conditional")
    modals = {c.lower_ for c in trigger.children if c.dep_ == "aux"}
    if modals & {"could", "might", "may"}:
        found.add("hypothetical")
    if any(c.lower_ in ("reportedly", "allegedly", "purportedly") for c in trigger.children):
        found.add("alleged")
    for modality in ("conditional", "hoped", "alleged", "hypothetical", "reported"):
        if modality in found:
            return modality
    return "asserted"


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det")) for c in token.children):
        return True
    return token.pos_ == "NOUN" and any(c.lower_ in ("no", "without") for c in token.lefts)


def _confidence(base: float, source: Referent, target: Referent, modality: str = "asserted") -> float:
    value = base
    for referent in (source, target):
        value *= {"pronoun": 0.85, "surname": 0.95, "modifier": 0.92, "demonym": 0.9, "new": 0.9, "place": 0.85}.get(
            referent.via, 1.0
        )
    value *= {"conditional": 0.9, "hypothetical": 0.8, "alleged": 0.9, "hoped": 0.85, "reported": 0.95}.get(modality, 1.0)
    return round(min(0.99, max(0.05, value)), 3)
