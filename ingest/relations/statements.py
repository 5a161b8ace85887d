"""What a reported statement means beyond its own verb, as the ontology's ``statements`` say:

* consequence — a conditional consequence ("would mean the involvement of NATO") warns the
  actors it names;
* blame — a claim that an actor is escalating, jeopardizing … accuses it;
* obligation — "X must …" is a demand made of X.

>>> reader = StatementReader(roles)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from actorgraph.ingest.mentions import Referent
from actorgraph.ingest.ontology import StatementRule
from actorgraph.ingest.relations.lexicon import ADDRESSEE_VERBS
from actorgraph.ingest.relations.roles import Roles
from actorgraph.ingest.relations.syntax import auxiliaries, clause_verbs, complements, pobjs, subject_tokens

__all__ = ["Statement", "StatementReader"]

_CONSEQUENCE_PREPS = frozenset({"of", "with", "against", "between", "by"})
_CONDITIONAL_MODALS = frozenset({"would", "could", "'d", "might", "will", "'ll"})


@dataclass(frozen=True)
class Statement:
    """A relation a statement makes: which rule, on which token, between whom."""

    rule: StatementRule
    trigger: Token
    source: Referent
    target: Referent
    conditional: bool


class StatementReader:
    """The statement rules of one ontology."""

    def __init__(self, roles: Roles):
        self.roles = roles
        self.rules = roles.ontology.statements

    def read(self, verb: Token) -> Iterator[Statement]:
        """The relations a statement verb makes through what it reports."""
        speakers = self.roles.sources(verb)
        if not speakers:
            return
        for clause in complements(verb):
            yield from self._consequences(clause, speakers)
            yield from self._blame(verb, clause, speakers)
            yield from self._obligation(verb, clause, speakers)

    def _consequences(self, clause: Token, speakers: list[Referent]) -> Iterator[Statement]:
        rule = self.rules.consequence
        if rule is None:
            return
        for verb in clause_verbs(clause):
            if verb.lemma_.lower() not in rule.verbs or not auxiliaries(verb) & _CONDITIONAL_MODALS:
                continue
            for speaker in speakers:
                for target in self._warned(verb, frozenset(rule.nouns)):
                    yield Statement(rule, verb, speaker, target, conditional=True)

    def _warned(self, verb: Token, nouns: frozenset[str]) -> list[Referent]:
        actors = self.roles.actors
        found: list[Referent] = []
        for subject in subject_tokens(verb):
            found += actors.owner(subject) or actors.actors(subject)
        for clause in verb.children:
            if clause.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in clause.children):
                found += [a for s in subject_tokens(clause) for a in actors.actors(s)]
        for addressed in verb.ancestors:  # "Pyongyang must understand that …"
            if addressed.lemma_.lower() in ADDRESSEE_VERBS:
                found += [a for s in subject_tokens(addressed) for a in actors.actors(s)]
        for token in verb.subtree:
            if token.lemma_.lower() in nouns and token.pos_ in ("NOUN", "PROPN"):
                found += actors.owner(token)
                found += [a for c in token.children if c.dep_ == "prep" and c.lower_ in _CONSEQUENCE_PREPS
                          for p in pobjs(c) for a in actors.actors(p)]  # fmt: skip
        return list({a.actor_id: a for a in found if a.via != "pronoun"}.values())

    def _blame(self, verb: Token, clause: Token, speakers: list[Referent]) -> Iterator[Statement]:
        rule = self.rules.blame
        if rule is None or verb.lemma_.lower() in ("accuse", "warn"):
            return
        acts = [clause, *(c for c in clause.children if c.dep_ in ("xcomp", "conj"))]
        if not any(a.lemma_.lower() in rule.acts for a in acts):
            return
        for target in [a for s in subject_tokens(clause) for a in self.roles.actors.actors(s)]:
            for speaker in speakers:
                yield Statement(rule, verb, speaker, target, conditional=False)

    def _obligation(self, verb: Token, clause: Token, speakers: list[Referent]) -> Iterator[Statement]:
        """ "…said Washington must stop arming Taiwan": a demand made of Washington."""
        rule = self.rules.obligation
        if rule is None or verb.lemma_.lower() in ("warn", "threaten"):
            return
        modals = auxiliaries(clause) & set(rule.modals)
        # "should be able to" grants rather than demands
        if not modals or (modals == {"should"} and clause.lemma_.lower() in ("be", "have")):
            return
        for target in [a for s in subject_tokens(clause) for a in self.roles.actors.actors(s)]:
            for speaker in speakers:
                yield Statement(rule, verb, speaker, target, conditional=False)
