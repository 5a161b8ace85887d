"""Agent phrases: the nouns for a state's people and bodies, found in a parsed sentence.

"U.S. border patrol agents" holds the agent noun "border patrol agents" (sector COP); the
nationality in front of it, or a phrase after it ("the government of Japan", "rebels in
Darfur"), says whose agents they are. This module finds the nouns and the phrase around
them; :mod:`actorgraph.ingest.mentions` decides whose they are, from the names it linked.

>>> from actorgraph.ingest.gazetteer import load_gazetteer
>>> import spacy
>>> doc = spacy.blank("en")("U.S. border patrol agents detained them")
>>> [(p.text, p.noun.sector) for p in agent_phrases(doc[:], load_gazetteer())]
[('border patrol agents', 'COP')]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from actorgraph.ingest.gazetteer import AgentNoun, Gazetteer

__all__ = ["AgentPhrase", "agent_phrases", "doer_position", "noun_phrase_root", "target_position"]

# "military support", "police custody": an agent noun used as an adjective names no one.
_NOT_NOUNS = frozenset({"VERB", "AUX", "ADJ", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


@dataclass(frozen=True)
class AgentPhrase:
    """Tokens ``start``..``end`` (exclusive, doc indices) of ``sent`` spell ``noun``."""

    sent: Span
    start: int
    end: int
    noun: AgentNoun

    @property
    def tokens(self) -> Span:
        return self.sent.doc[self.start : self.end]

    @property
    def text(self) -> str:
        return self.tokens.text

    @property
    def head(self) -> Token:
        """The phrase's syntactic head: the token whose head lies outside it ("minister" of
        "minister of defence"), else its last token."""
        for token in self.tokens:
            if not self.start <= token.head.i < self.end or token.head.i == token.i:
                return token
        return self.tokens[-1]


def agent_phrases(sent: Span, gazetteer: Gazetteer) -> list[AgentPhrase]:
    """The longest agent nouns of a sentence, none overlapping, in text order."""
    found = sorted(_candidates(sent, gazetteer), key=lambda p: (-(p.end - p.start), p.start))
    kept: list[AgentPhrase] = []
    for phrase in found:
        if all(phrase.end <= k.start or phrase.start >= k.end for k in kept):
            kept.append(phrase)
    return sorted(kept, key=lambda p: p.start)


def _candidates(sent: Span, gazetteer: Gazetteer) -> Iterator[AgentPhrase]:
    for token in sent:
        if token.pos_ in _NOT_NOUNS or token.dep_ == "amod" or not token.is_alpha:
            continue
        for key in dict.fromkeys((token.lower_, token.lemma_.lower())):
            for noun in gazetteer.agent_nouns(key):
                start = _start_of(sent, token, noun.words)
                if start is not None:
                    yield AgentPhrase(sent, start, token.i + 1, noun)
                    break


def _start_of(sent: Span, last: Token, words: tuple[str, ...]) -> int | None:
    """Where ``words`` begin if they end at ``last`` (hyphens in the text are skipped)."""
    index = last.i
    for word in reversed(words[:-1]):
        index -= 1
        while index >= sent.start and sent.doc[index].text == "-":
            index -= 1
        if index < sent.start or sent.doc[index].lower_ != word:
            return None
    return index


def noun_phrase_root(token: Token) -> Token:
    """The head of the noun phrase a modifier belongs to ("army" in "Israeli army bulldozers" → bulldozers)."""
    while token.dep_ in _MODIFIER_DEPS and token.head.i > token.i and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    return token


def _position(token: Token) -> Token:
    """The token whose relation to the clause stands for a coordinated phrase's ("A and B")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def doer_position(token: Token) -> bool:
    """A subject, or the "by" phrase of a passive: where a weapon stands for who used it."""
    token = _position(token)
    return token.dep_ == "nsubj" or (token.dep_ == "pobj" and token.head.lower_ == "by")


def target_position(token: Token) -> bool:
    """An object, a passive subject, or a prepositional object other than "by"."""
    token = _position(token)
    return token.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd") or (token.dep_ == "pobj" and token.head.lower_ != "by")
