"""The actors a phrase stands for: its name, a modifier ("North Korean soldiers"), the user
of a weapon ("rockets that Hezbollah fired"), a prepositional phrase ("the government of
Japan", "attacks by Hamas"), an apposition, a relative pronoun's antecedent.

>>> reader = ActorReader(lambda token: None, frozenset())  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from actorgraph.ingest.mentions import GOVERNMENT_HEADS, Referent
from actorgraph.ingest.relations.lexicon import AGENT_HEADS, BOUNDARY_NOUNS, OWNERSHIP_VERBS
from actorgraph.ingest.relations.syntax import pobjs

__all__ = ["ActorReader", "Resolver"]

Resolver = Callable[[Token], "Referent | None"]

_MODIFIERS = ("poss", "compound", "amod", "nmod")
_LOCATIVE_PREPS = frozenset({"in", "on", "near", "at", "outside", "inside"})
_MAX_DEPTH = 4


class ActorReader:
    """Reads actors from tokens through a resolver of names (token → actor)."""

    def __init__(self, resolve: Resolver, instruments: frozenset[str]):
        self.resolve = resolve
        self.instruments = instruments

    def actors(self, token: Token | None, depth: int = 0, places: bool = True) -> list[Referent]:
        """The actors a phrase headed by ``token`` stands for, conjuncts included; with
        ``places=False`` not where it is ("a ceasefire in Lebanon" is no act on Lebanon)."""
        if token is None or depth > _MAX_DEPTH:
            return []
        found: list[Referent] = []
        for head in [token, *token.conjuncts]:
            for referent in self._actors_of_head(head, depth, places):
                if referent.actor_id not in {f.actor_id for f in found}:
                    found.append(referent)
        return found

    def owner(self, head: Token) -> list[Referent]:
        """The actor a modifier names: "North Korean soldiers", "Russia's Kursk region"."""
        for child in sorted(head.lefts, key=lambda t: -t.i):
            if child.dep_ not in _MODIFIERS:
                continue
            for token in [child, *[t for t in child.lefts if t.dep_ in ("compound", "poss", "amod")]]:
                referent = self.resolve(token)
                if referent is None or (referent.via == "pronoun" and head.lemma_.lower() not in GOVERNMENT_HEADS):
                    continue  # "his host" is not him; "his government" is his state
                # "the Israeli prime minister" is someone acting for Israel; "Iranian drones" are Iran's things
                via = "agent" if head.lemma_.lower() in AGENT_HEADS else "modifier"
                return [Referent(referent.actor_id, via, referent.span)]
        return []

    def _actors_of_head(self, head: Token, depth: int, places: bool) -> list[Referent]:
        referent = self.resolve(head)
        if referent is not None:
            return [referent]
        if head.lemma_.lower() in BOUNDARY_NOUNS:
            # "the border with Guyana" is Guyana; "troops near the Thai border" face Thailand, but
            # "a stronghold on the Thai border" is not in Thailand
            across = [
                a for c in head.children if c.dep_ == "prep" and c.lower_ == "with" for p in pobjs(c) for a in self.actors(p)
            ]
            if across or depth > 0:
                return across
        if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
            return self.actors(head.head.head, depth + 1)
        # "Russia's defence minister Andrei Belousov" is Belousov, not Russia through a modifier
        named = [r for c in head.children if c.dep_ == "appos" and (r := self.resolve(c)) is not None]
        if named:
            return named[:1]
        found = (
            self.owner(head)
            or self._instrument_user(head, depth)
            or self._owned_by(head, depth)
            or self._prepositional(head, depth, places)
        )
        if found:
            return found
        for appos in (c for c in head.children if c.dep_ == "appos"):
            found = self.actors(appos, depth + 1)
            if found:
                return found
        return []

    def _instrument_user(self, head: Token, depth: int) -> list[Referent]:
        """ "rockets that Hezbollah fired": the one who uses the weapon."""
        if head.lemma_.lower() not in self.instruments:
            return []
        for clause in (c for c in head.children if c.dep_ == "relcl"):
            subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who")]
            found = [a for s in subjects for a in self.actors(s, depth + 1)]
            if found:
                return found
        return []

    def _owned_by(self, head: Token, depth: int) -> list[Referent]:
        """ "a ship owned by an Israeli businessman": whose it is."""
        for clause in (c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in OWNERSHIP_VERBS):
            found = [
                a for agent in clause.children if agent.dep_ == "agent" for p in pobjs(agent) for a in self.actors(p, depth + 1)
            ]
            if found:
                return found
        return []

    def _prepositional(self, head: Token, depth: int, places: bool) -> list[Referent]:
        """ "the government of Japan", "attacks by Hamas", "towns in northern Israel"."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return []
        located = places and head.lemma_.lower() not in self.instruments
        allowed = {"of", "from", "by"} | (_LOCATIVE_PREPS if located else set())
        if head.lemma_.lower() in AGENT_HEADS:
            allowed |= {"in", "at"}
        for prep in head.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in allowed:
                for pobj in pobjs(prep):
                    found = self.actors(pobj, depth + 1)
                    if found:
                        return found
        return []
