"""Reading roles from a dependency parse: subjects, objects, prepositions, complements.

Pure functions of spaCy tokens; they know English grammar, not relation types.

>>> from actorgraph.ingest.nlp import default_pipeline
>>> doc = default_pipeline()("Sanctions were imposed on Iran by the EU.")
>>> [t.text for t in subject_tokens(doc[2])], [t.text for t in prep_objects(doc[2], "on")]
(['EU'], ['Iran'])
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from actorgraph.ingest.relations.lexicon import (
    BACK_REFERENCE_MARKS,
    OBJECT_CONTROL,
    PURPOSE_VERBS,
    SPEECH_VERBS,
)

__all__ = [
    "ancestors_path",
    "auxiliaries",
    "clause_verbs",
    "complements",
    "governing_speech_verb",
    "governor",
    "has_future",
    "in_back_reference",
    "is_infinitive",
    "negated",
    "object_tokens",
    "of_objects",
    "own_clause",
    "pobjs",
    "prep_objects",
    "purpose_tokens",
    "strict_subjects",
    "subject_tokens",
]

_PUNCT_DEPS = ("punct",)


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _finite(verb: Token) -> bool:
    """A verb with a tense of its own ("appealed", "has appealed"), not an infinitive or participle."""
    return verb.tag_ in _FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in verb.children)


def own_clause(verb: Token) -> bool:
    """A finite verb the parse joined to an infinitive or participle: "accused Moscow of trying
    to terrorise civilians and appealed to …" — Zelenskyy appealed, told as a fact, outside
    what he accused Moscow of."""
    head = verb.head
    return verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and _finite(verb) and not _finite(head)


def governor(token: Token) -> Token:
    """The verb a noun is the object of ("imposed … sanctions", also through a conjunction)."""
    head = token.head
    if token.dep_ == "conj" and head.dep_ == "dobj":
        return head.head
    return head


def subject_tokens(verb: Token) -> list[Token]:
    """Who does what ``verb`` says, following passives, conjunctions and control."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return subjects
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return [p for agent in verb.children if agent.dep_ == "agent" for p in pobjs(agent)]
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        if own_clause(verb):
            clause = next((a for a in head.ancestors if _finite(a)), None)
            return subject_tokens(clause) if clause is not None else []
        return subject_tokens(head)
    if verb.dep_ == "xcomp" or (verb.dep_ in ("advcl", "ccomp") and is_infinitive(verb)):
        controller = [c for c in head.children if c.dep_ == "dobj"]
        if head.lemma_.lower() in OBJECT_CONTROL and controller:
            return controller
        if head.pos_ == "ADJ" and head.dep_ == "acomp":  # "X is willing to withdraw"
            return subject_tokens(head.head)
        return subject_tokens(head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        return subject_tokens(head)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        governing = head.head
        objects = [c for c in governing.children if c.dep_ == "dobj"]
        return objects or subject_tokens(governing)
    if verb.dep_ in ("attr", "acomp") and verb.pos_ == "VERB" and head.lemma_ == "be":
        return subject_tokens(head)  # "Qatar is mediating between …" parsed as an attribute of "is"
    if verb.dep_ == "relcl":
        return [head]
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [head]
    return []


def strict_subjects(verb: Token) -> list[Token]:
    """The verb's own subjects, active or passive, and nothing inferred."""
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def auxiliaries(token: Token) -> set[str]:
    """The auxiliary words of a verb, lower-cased."""
    return {c.lower_ for c in token.children if c.dep_ == "aux"}


def has_future(verb: Token, modals: frozenset[str]) -> bool:
    """One of ``modals`` on the verb or on the verb it depends on ("will keep hitting")."""
    for token in (verb, verb.head):
        if auxiliaries(token) & modals:
            return True
        if verb.dep_ not in ("xcomp", "conj"):
            break
    return False


def object_tokens(verb: Token) -> list[Token]:
    """The verb's objects: direct, passive subjects, the noun a participle modifies."""
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return [c for c in verb.children if c.dep_ == "nsubjpass"]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if objects:
        return objects
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [verb.head]
    if verb.lemma_.lower() in OBJECT_CONTROL:
        return [s for c in verb.children if c.dep_ in ("xcomp", "ccomp") for s in strict_subjects(c)]
    return []


def pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition, through nested ones ("deep into Russia")."""
    found = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    for nested in (c for c in prep.children if c.dep_ == "prep"):
        found += pobjs(nested)
    return found


def of_objects(noun: Token) -> list[Token]:
    """ "a wave of drones" → drones."""
    return [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)]


def prep_objects(verb: Token, word: str, phrase: str | None = None) -> list[Token]:
    """Objects of the preposition ``word`` on the verb, its objects or their "of" phrases, or
    the noun of the verb's ``phrase`` ("put troops on alert along the border")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "prt", "advmod", "nsubjpass")]
    if phrase:
        objects += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == phrase for p in pobjs(c)]
    holders = [verb, *objects, *(p for o in objects for p in of_objects(o))]
    found: list[Token] = []
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ in ("prep", "agent", "dative", "prt") and prep.lower_ == word:
                found += pobjs(prep) or ([c for c in verb.children if c.dep_ == "dobj"] if prep.dep_ == "prt" else [])
    return found


def purpose_tokens(head: Token, subject: bool) -> list[Token]:
    """Whom a purpose clause helps ("sent troops to assist Russia"), or its subject."""
    found: list[Token] = []
    for clause in head.children:
        if clause.dep_ not in ("xcomp", "advcl", "acl", "relcl") or clause.pos_ not in ("VERB", "AUX"):
            continue
        if subject:
            found += strict_subjects(clause)
        elif clause.lemma_.lower() in PURPOSE_VERBS:
            found += [c for c in clause.children if c.dep_ in ("dobj", "obj")]
            found += [p for c in clause.children if c.dep_ == "prep" and c.lower_ in ("for", "alongside") for p in pobjs(c)]
            if any(inner.dep_ == "xcomp" for inner in clause.children):  # "to help defend Saudi Arabia"
                found += purpose_tokens(clause, False)
    return found


def complements(verb: Token) -> list[Token]:
    """The clauses a statement verb reports ("…, it would …," he said / said that …)."""
    found = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
    found += [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"]  # "…, asserting that …"
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.i != verb.i and verb.i > verb.head.i:
        found.append(verb.head)  # "“It would …,” Mr. Peskov remarked" parsed with the quote on top
    return found


def clause_verbs(clause: Token) -> Iterator[Token]:
    """Verbs of a clause and its nested complements, not crossing into new statements."""
    stack = [clause]
    while stack:
        token = stack.pop()
        if token.pos_ in ("VERB", "AUX"):
            yield token
        stack.extend(c for c in token.children if c.dep_ in ("ccomp", "xcomp", "conj", "advcl") and c.pos_ in ("VERB", "AUX"))


def governing_speech_verb(verb: Token) -> Token | None:
    """The statement verb whose content ``verb`` is, if any."""
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


def ancestors_path(token: Token) -> Iterator[tuple[Token, Token]]:
    """(child, head) pairs from the token up to its sentence's root; a verb in a clause of its
    own (:func:`own_clause`) goes on from the finite verb above the one it was joined to."""
    child = token
    while child.head.i != child.i:
        head = child.head
        if own_clause(child):
            head = next((a for a in head.ancestors if _finite(a)), head)
        yield child, head
        child = head


def negated(token: Token) -> bool:
    """ "did not", "never", "no talks", "without aid"."""
    if any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det")) for c in token.children):
        return True
    return token.pos_ == "NOUN" and any(c.lower_ in ("no", "without") for c in token.lefts)


def in_back_reference(token: Token) -> Token | None:
    """The clause or phrase that tells the token's event as background, if any.

    "since Russia invaded Ukraine", "four months after Russia invaded Ukraine", "since
    Russia's invasion": an earlier event recalled to date the news, not news itself. A plain
    "after talks with Putin, …" is a sequence of recent events and is not one.
    """
    for child, head in ancestors_path(token):
        clause = child if child.dep_ in ("advcl", "pcomp") else None
        if clause is not None:
            marks = [m for m in clause.children if m.dep_ in ("mark", "prep") and m.lower_ in BACK_REFERENCE_MARKS]
            if any(_is_back_reference(m) for m in marks):
                return clause
        if child.dep_ == "prep" and child.lower_ in BACK_REFERENCE_MARKS and _is_back_reference(child):
            return child
        if child.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in BACK_REFERENCE_MARKS and _is_back_reference(head):
            return head
    return None


def _is_back_reference(mark: Token) -> bool:
    if mark.lower_ == "since":
        return True
    return any(c.dep_ == "npadvmod" for c in mark.children) or any(
        c.dep_ == "npadvmod" and c.i < mark.i for c in mark.head.children
    )
