"""Who each name, title, agent phrase and pronoun in a document refers to.

One :class:`DocumentActors` per document walks its paragraphs in order and links:
gazetteer names (ruled in before NER; a name of several office-holders goes to the one in
office on the article's date), people and organisations NER finds that the gazetteer lacks
(new, unreviewed actors, with role and affiliation read from the phrase around them),
surnames and "Mr. Kim" to the full name seen earlier, agent phrases to the agents of the
state or organisation named with them ("Israeli soldiers" → ISR-MIL, "the government of
Japan" → JPN-GOV, "168 Liberians" → LBR-CVL), and he/she to the one person they can mean.
Every link keeps the stretch of text it came from, so a relation can say where its actors
are named.

>>> from actorgraph.ingest.nlp import default_pipeline  # doctest: +SKIP
>>> actors = DocumentActors(load_gazetteer())  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from actorgraph.graph.ids import slugify
from actorgraph.ingest.agents import AgentPhrase, agent_phrases, doer_position, noun_phrase_root, target_position
from actorgraph.ingest.gazetteer import ActorEntry, Gazetteer, Role, sector_actor_id
from actorgraph.ingest.nlp import ACTOR_LABEL
from actorgraph.ingest.places import place_country
from actorgraph.ingest.records import ActorSpan, ExtractedActor

__all__ = ["NOT_AN_ACTOR", "DocumentActors", "Referent"]

_HONORIFICS = {"mr": "m", "mr.": "m", "ms": "f", "ms.": "f", "mrs": "f", "mrs.": "f", "miss": "f", "dr": "", "dr.": ""}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_MEDIA_WORDS = re.compile(
    r"\b(Times|Post|News|Agency|Television|TV|Radio|Journal|Herald|Gazette|Tribune|Telegraph|Guardian|Press|"
    r"Broadcasting|Daily|Wire|Reuters|Bloomberg|Politico|Axios)\b"
)
_PARTY_WORDS = re.compile(r"\b(Party|Partei|Front|Union)\b")
_SPEECH_LEMMAS = {"say", "state", "tell", "add", "write", "note", "argue", "explain", "remark", "assert"}
_NOT_NAMES = {"manage preferences", "accept", "read more", "cookie", "cookies", "privacy policy"}
# Nouns that, with a person in front ("the Biden administration"), mean that person's state.
GOVERNMENT_HEADS = frozenset(
    "administration government cabinet regime leadership ministry military army navy forces force troops "
    "officials authorities delegation camp team office".split()
)
# Role nouns found before or after a name ("Kremlin spokesperson", "a senior analyst at …").
ROLE_HEADS = frozenset(
    "spokesperson spokesman spokeswoman president minister chief leader head secretary analyst member "
    "ambassador envoy commander general official adviser advisor director chairman chairwoman chair premier "
    "chancellor governor mayor lawmaker senator representative deputy aide negotiator researcher expert "
    "prosecutor judge founder candidate speaker diplomat correspondent".split()
)


# Kinds whose agents are a sector actor of their own ("Israeli soldiers" → ISR-MIL); the
# agents of a group, a party or a medium are the group itself ("Hamas fighters" → Hamas).
_SECTOR_OWNERS = frozenset({"state", "igo", "bloc"})
_GROUP_OWNERS = frozenset({"armed_group", "party", "org", "media"})
# Quantities in front of a people ("hundreds of Palestinians"): people, not their state.
_QUANTITY_NOUNS = frozenset("dozens hundreds thousands tens scores millions dozen hundred thousand million".split())
# "rebels in Darfur", "demonstrators in Baghdad": where people who do not act for a state come
# from. A state's troops or diplomats in a place are as often someone else's: only "of" names
# whose they are.
_PLACE_PREPS = frozenset({"in", "from"})
# "Vietnamese-led forces" are Vietnam's; "US-made", "Iranian-backed" ones are not.
_OWNING_PARTICIPLES = frozenset({"led", "controlled", "run", "commanded", "dominated", "flagged"})


@dataclass(frozen=True)
class Referent:
    """An actor a token refers to, how the link was made (for confidence), and the
    stretch of the cleaned text that names it (character offsets, when known)."""

    actor_id: str
    via: str
    span: tuple[int, int] | None = None


# What a weapon that carries no one is as a target ("shot down Iranian drones"): no actor.
NOT_AN_ACTOR = ""


@dataclass
class _Person:
    actor_id: str
    name_tokens: tuple[str, ...]
    gender: str = ""
    sentences: set[int] = field(default_factory=set)


@dataclass
class DocumentActors:
    """The actors of one document and the token → actor links that point to them."""

    gazetteer: Gazetteer
    published: dt.date | None = None  # the article's date: it picks office-holders' roles
    actors: dict[str, ExtractedActor] = field(default_factory=dict)
    spans: list[ActorSpan] = field(default_factory=list)
    links: dict[tuple[int, int], Referent] = field(default_factory=dict)  # (paragraph, token index)
    persons: list[_Person] = field(default_factory=list)

    # -- building ------------------------------------------------------------------------

    def read_paragraph(self, para: int, doc: Doc, base: int, sentence_base: int, skip_chars: int = 0) -> None:
        """Link the names of one paragraph (``base``: its offset in the cleaned text).

        Names in its first ``skip_chars`` characters (a dateline) are not read.
        """
        for number, sent in enumerate(doc.sents):
            # Names first, people last, so a new person's affiliation ("… at the Korea
            # Institute") is already linked when the person is read; agent phrases after
            # the names that say whose agents they are.
            for ent in sorted(sent.ents, key=_reading_order):
                if ent.start_char >= skip_chars:
                    self._read_entity(para, ent, base, sentence_base + number)
            phrases = [p for p in agent_phrases(sent, self.gazetteer) if p.tokens.start_char >= skip_chars]
            # right to left, so that "troops of the Syrian government" finds the government read;
            # then left to right, so that "Israeli soldiers and police" finds the soldiers read
            for phrase in [*reversed(phrases), *phrases]:
                self._read_agent(para, phrase, base, sentence_base + number)
            self._read_peoples(para, sent, base, sentence_base + number)
            self._read_pronouns(para, sent, base, sentence_base + number)

    def _read_pronouns(self, para: int, sent: Span, base: int, sentence: int) -> None:
        """Link he/she/his/her to the one person they can mean, and count it as a sighting."""
        for token in sent:
            gender = _PRONOUN_GENDER.get(token.lower_)
            if not gender or token.pos_ != "PRON":
                continue
            referent = self._pronoun(para, gender, sentence, token)
            if referent is not None:
                self.links[(para, token.i)] = Referent(referent.actor_id, referent.via, _char_span(token, base))
                self._person(referent.actor_id).sentences.add(sentence)

    def _read_entity(self, para: int, ent: Span, base: int, sentence: int) -> None:
        if ent.label_ == ACTOR_LABEL:
            actor_ids, _, via = ent.ent_id_.partition("|")
            entry = self._known_on_date(actor_ids.split(";"))
            if entry is not None:
                self._link_known(para, ent, base, sentence, entry.id, via if entry.id in actor_ids.split(";") else "office")
        elif ent.label_ == "PERSON":
            self._read_person(para, ent, base, sentence)
        elif ent.label_ == "ORG":
            self._read_organisation(para, ent, base, sentence)
        elif ent.label_ in ("GPE", "NORP", "LOC", "FAC"):
            self._read_place(para, ent, base, sentence)

    def _known_on_date(self, actor_ids: list[str]) -> ActorEntry | None:
        """The one actor a form names on the article's date ("President Bush" in 2003: George W.).

        When the date cannot tell, the form names nobody, unless all it may name acted for one
        state then: the mention stands for that state ("President Bush" in 2000: the US).
        """
        entries = [e for i in actor_ids if (e := self.gazetteer.entries.get(i)) is not None]
        if len(entries) <= 1:
            return entries[0] if entries else None
        serving = [e for e in entries if e.in_office(self.published)]
        if len(serving) == 1:
            return serving[0]
        codes = {(r.code if (r := e.role_at(self.published)) else e.code) for e in entries}
        state = self.gazetteer.entries.get(codes.pop()) if len(codes) == 1 else None
        return state if state is not None and state.kind in _SECTOR_OWNERS else None

    def _link_known(self, para: int, ent: Span, base: int, sentence: int, actor_id: str, via: str) -> None:
        entry = self.gazetteer.entries.get(actor_id)
        if entry is None:
            return
        self._register_known(entry)
        if entry.kind == "person":
            self._saw_person(actor_id, entry.name, ent, sentence)
        self._link(para, ent, base, sentence, actor_id, via)

    def _register_known(self, entry: ActorEntry) -> None:
        if entry.id in self.actors:
            return
        role = entry.role_at(self.published)
        code, sector, affiliation = entry.code, entry.sector, entry.affiliation
        if role is not None:
            code, sector = role.code, role.sector or entry.sector
            affiliation = affiliation or (role.code if self._acts_for(role) else None)
        self.actors[entry.id] = ExtractedActor(
            id=entry.id,
            name=entry.name,
            kind=entry.kind,
            code=code,
            country=self._state_code(code),
            sector=sector,
            role=entry.role or self._role_text(role),
            aliases=list(entry.aliases),
            affiliation=affiliation,
            reviewed=True,
        )
        if affiliation and affiliation in self.gazetteer.entries:
            self._register_known(self.gazetteer.entries[affiliation])

    def _acts_for(self, role: Role) -> bool:
        """Whether someone in this role acts for the state or organisation of its code."""
        holder = self.gazetteer.entries.get(role.code)
        if holder is None:
            return False
        if holder.kind != "state":
            return True
        sector = self.gazetteer.sectors.get(role.sector or "")
        return sector is not None and sector.acts_for_state

    def _role_text(self, role: Role | None) -> str | None:
        """ "government, 1993-2001" for a dated role (its sector's name and years)."""
        sector = self.gazetteer.sectors.get(role.sector or "") if role else None
        if role is None or sector is None:
            return None
        years = "-".join(str(d.year) if d else "" for d in (role.start, role.end)) if role.start or role.end else ""
        return f"{sector.name}, {years}" if years else sector.name

    def _state_code(self, code: str | None) -> str | None:
        entry = self.gazetteer.entries.get(code or "")
        return entry.id if entry is not None and entry.kind == "state" else None

    def _link(self, para: int, ent: Span, base: int, sentence: int, actor_id: str, via: str) -> None:
        span = _char_span(ent, base)
        actor = self.actors.get(actor_id)
        # A relation names a person with the titles written before the name ("Israeli Prime
        # Minister Ehud Barak"); the name alone is what the actor is called.
        named = _char_span(_titled(ent), base) if actor is not None and actor.kind == "person" and via != "pronoun" else span
        for token in ent:
            self.links[(para, token.i)] = Referent(actor_id, via, named)
        self.spans.append(
            ActorSpan(actor_id=actor_id, text=ent.text, char_start=span[0], char_end=span[1], sentence_index=sentence, via=via)
        )

    # -- agent phrases -----------------------------------------------------------------

    def _read_agent(self, para: int, phrase: AgentPhrase, base: int, sentence: int) -> None:
        """ "Israeli soldiers", "U.S. border patrol agents", "the government of Japan", "Hamas fighters"."""
        if any((para, t.i) in self.links for t in phrase.tokens):
            return  # part of a name ("the Supreme Court of Ukraine" as an actor of its own)
        root = noun_phrase_root(phrase.head)
        if root.i >= phrase.end and (para, root.i) in self.links:
            return  # a title before a name: "Prime Minister Ehud Barak" is the person
        if phrase.noun.munition and not doer_position(root):
            if root.i == phrase.head.i and target_position(root):  # "shot down Iranian drones": no actor at all
                for token in phrase.tokens:
                    self.links[(para, token.i)] = Referent(NOT_AN_ACTOR, "munition", None)
            return
        owner = self._owner_before(para, phrase, root) or self._owner_after(para, phrase)
        if owner is None:
            return
        owner_token, owner_entry, last = owner
        if self._another_people_between(para, owner_token, phrase):
            return  # "Syrian Kurdish forces" are not Syria's military: whose they are is not guessed
        first = min(owner_token.i, phrase.start)
        tokens = phrase.sent.doc[first : max(phrase.end, last + 1)]
        actor_id = self._agent_actor(owner_entry, phrase.noun.sector)
        if actor_id is None:
            return
        self._forget_spans_within(tokens, base)  # "Israeli" in "Israeli soldiers" names no one by itself
        self._link(para, tokens, base, sentence, actor_id, "agent")

    def _owner_before(self, para: int, phrase: AgentPhrase, root: Token) -> tuple[Token, ActorEntry, int] | None:
        """The state, organisation or person named in front of the agent noun, nearest first."""
        doc = phrase.sent.doc
        for index in range(phrase.start - 1, max(root.left_edge.i, phrase.sent.start) - 1, -1):
            found = None if _maker(doc[index]) else self._owner_at(para, doc[index])
            if found is not None:
                return self._owner_start(para, doc[index]), found, phrase.end - 1
        before = doc[phrase.start - 1] if phrase.start > phrase.sent.start else None
        # A nationality right in front always modifies the noun, whatever the parse says
        # ("accused Azerbaijani troops" parsed as two objects); a state's name may not ("gave Ukraine tanks").
        if before is not None and getattr(self.links.get((para, before.i)), "via", None) == "demonym":
            found = self._owner_at(para, before)
            if found is not None:
                return self._owner_start(para, before), found, phrase.end - 1
        return self._owner_of_conjunct(para, phrase)

    def _another_people_between(self, para: int, owner: Token, phrase: AgentPhrase) -> bool:
        """A people or faction NER sees between the state and its would-be agents."""
        sector = self.gazetteer.sectors.get(phrase.noun.sector)
        if sector is None or not sector.acts_for_state or owner.i >= phrase.start:
            return False
        between = phrase.sent.doc[owner.i + 1 : phrase.start]
        return any(t.ent_type_ == "NORP" and (para, t.i) not in self.links for t in between)

    def _owner_of_conjunct(self, para: int, phrase: AgentPhrase) -> tuple[Token, ActorEntry, int] | None:
        """ "Israeli soldiers and police": the police are Israel's too."""
        head = phrase.head
        if head.dep_ != "conj" or head.head.i >= head.i:
            return None
        referent = self.links.get((para, head.head.i))
        actor = self.actors.get(referent.actor_id) if referent is not None and referent.via == "agent" else None
        state = self.gazetteer.entries.get(actor.code or "") if actor is not None and actor.sector else None
        return (phrase.sent.doc[phrase.start], state, phrase.end - 1) if state is not None else None

    def _owner_after(self, para: int, phrase: AgentPhrase) -> tuple[Token, ActorEntry, int] | None:
        """ "the government of Japan", "rebels in Darfur" (not "troops in Ukraine" or "diplomats in
        Moscow": a state's agents are often somewhere else)."""
        sector = self.gazetteer.sectors.get(phrase.noun.sector)
        allowed = {"of"} | (_PLACE_PREPS if sector is not None and not sector.acts_for_state else set())
        for prep in (c for c in phrase.head.children if c.dep_ == "prep" and c.lower_ in allowed):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                found = self._owner_at(para, pobj)
                if found is not None:
                    return phrase.sent.doc[phrase.start], found, pobj.right_edge.i
        return None

    def _owner_at(self, para: int, token: Token) -> ActorEntry | None:
        referent = self.links.get((para, token.i))
        if referent is None or referent.via in ("pronoun", "munition"):
            return None
        actor = self.actors.get(referent.actor_id)
        if actor is None:
            return None
        if actor.sector and referent.via == "agent":  # "troops of the Syrian government": the state's
            state = self.gazetteer.entries.get(actor.code or "")
            return state if state is not None and state.kind in _SECTOR_OWNERS else None
        if actor.kind in _SECTOR_OWNERS | _GROUP_OWNERS:
            return self.gazetteer.entries.get(actor.id) or _entry_of(actor)
        state = self.gazetteer.entries.get(actor.code or "")  # "the Biden administration", "Putin's troops"
        return state if actor.kind == "person" and state is not None and state.kind in _SECTOR_OWNERS else None

    def _owner_start(self, para: int, token: Token) -> Token:
        """The first token of the name ``token`` is part of ("United" of "United States")."""
        referent = self.links[(para, token.i)]
        while token.i > 0 and self.links.get((para, token.i - 1)) == referent:
            token = token.nbor(-1)
        return token

    def _agent_actor(self, owner: ActorEntry, sector_code: str) -> str | None:
        """The actor of ``owner``'s agents of one sector (made on first use): Israel · military."""
        self._register_known(owner)
        if owner.kind in _GROUP_OWNERS:
            return owner.id  # a group's fighters are the group
        sector = self.gazetteer.sectors.get(sector_code)
        code = self.actors[owner.id].code if owner.id in self.actors else owner.code
        if sector is None or not code:
            return None
        actor_id = sector_actor_id(code, sector.code)
        if actor_id not in self.actors:
            self.actors[actor_id] = ExtractedActor(
                id=actor_id,
                name=f"{owner.name} · {sector.name}",
                kind=owner.kind if owner.kind in ("igo", "bloc") and sector.acts_for_state else sector.kind,
                code=code,
                country=self._state_code(code),
                sector=sector.code,
                role=sector.name,
                affiliation=owner.id if sector.acts_for_state else None,
                reviewed=True,
            )
        return actor_id

    def _read_peoples(self, para: int, sent: Span, base: int, sentence: int) -> None:
        """A people named with a number ("arrested 100 Palestinians", "hundreds of Iraqis") is
        its civilians, not its state; one named with another state ("Bosnian Serbs") is that
        state's. A people alone ("the Palestinians rejected …") stays its state, as in CAMEO."""
        for token in sent:
            referent = self.links.get((para, token.i))
            if referent is None or referent.via != "demonym" or token.tag_ not in ("NNS", "NNPS"):
                continue
            home = [
                (c, r)
                for c in token.lefts
                if c.dep_ in ("amod", "compound")
                and (r := self.links.get((para, c.i)))
                and r.via == "demonym"
                and r.actor_id != referent.actor_id
            ]
            if not home and not _counted(token):
                continue
            first, state_id = (home[0][0], home[0][1].actor_id) if home else (token, referent.actor_id)
            state = self.gazetteer.entries.get(state_id)
            actor_id = self._agent_actor(state, "CVL") if state is not None and state.kind == "state" else None
            if actor_id is not None:
                tokens = sent.doc[first.i : token.i + 1]
                self._forget_spans_within(tokens, base)
                self._link(para, tokens, base, sentence, actor_id, "agent")

    def _forget_spans_within(self, tokens: Span, base: int) -> None:
        start, end = _char_span(tokens, base)
        self.spans = [m for m in self.spans if not (start <= m.char_start and m.char_end <= end)]

    def _read_person(self, para: int, ent: Span, base: int, sentence: int) -> None:
        tokens = [t for t in ent if t.lower_ not in _HONORIFICS and t.text not in ("'s", "’s")]
        if not tokens or not all(t.text[:1].isupper() for t in tokens if t.is_alpha):
            return
        name = " ".join(t.text for t in tokens)
        if name.lower() in _NOT_NAMES or any(ch.isdigit() for ch in name):
            return
        known = self._person_by_name(name, sentence)
        if known is not None:
            self._saw_person(known, name, ent, sentence)
            self._link(para, ent, base, sentence, known, "surname")
            return
        ambiguous = self._ambiguous_known(name, "person")
        if ambiguous is not None:
            self._link_known(para, ent, base, sentence, ambiguous.id, "alias")
            return
        if len(tokens) < 2 and _honorific(ent) is None:
            return  # a lone unknown word tagged PERSON is more often a mistake than a person
        actor_id = slugify(name)
        if actor_id not in self.actors:
            role, affiliation = _role_and_affiliation(ent, self, para)
            code = self.actors[affiliation].code if affiliation in self.actors else None
            self.actors[actor_id] = ExtractedActor(
                id=actor_id, name=name, kind="person", code=code, role=role, affiliation=affiliation
            )
        self._saw_person(actor_id, name, ent, sentence)
        self._link(para, ent, base, sentence, actor_id, "new")

    def _read_organisation(self, para: int, ent: Span, base: int, sentence: int) -> None:
        ambiguous = self._ambiguous_known(ent.text, None)
        if ambiguous is not None:
            self._link_known(para, ent, base, sentence, ambiguous.id, "alias")
            return
        name = _organisation_name(ent)
        if name is None:
            return
        actor_id = slugify(name)
        if actor_id not in self.actors:
            self.actors[actor_id] = ExtractedActor(id=actor_id, name=name, kind=_organisation_kind(name))
        self._link(para, ent, base, sentence, actor_id, "new")

    def _read_place(self, para: int, ent: Span, base: int, sentence: int) -> None:
        ambiguous = self._ambiguous_known(ent.text, "state")
        if ambiguous is not None:
            self._link_known(para, ent, base, sentence, ambiguous.id, "alias")
            return
        if ent.label_ == "NORP":
            return
        if _acts_like_a_person(ent) and place_country(ent.text) is None:
            self._read_person(para, ent, base, sentence)  # the small model calls "Hong Min" a place
            return
        state = self.gazetteer.entries.get(place_country(ent.text) or "")
        if state is not None:
            # A city or region stands for its state only as where something happens: no mention.
            self._register_known(state)
            span = _char_span(ent, base)
            for token in ent:
                self.links[(para, token.i)] = Referent(state.id, "place", span)

    def _ambiguous_known(self, text: str, kind: str | None) -> ActorEntry | None:
        """An ambiguous gazetteer form, now that NER agrees it is a name of the right sort."""
        stripped = re.sub(r"^(the|The)\s+", "", text.strip())
        fitting = {
            entry.id: entry
            for surface in self.gazetteer.ambiguous(stripped)
            if (entry := self.gazetteer.entries.get(surface.actor_id))
            and (kind is None or entry.kind == kind or (kind == "state" and entry.kind != "person"))
        }
        return next(iter(fitting.values())) if len(fitting) == 1 else None  # "The Hague": the ICC or the Netherlands

    def _person_by_name(self, name: str, sentence: int) -> str | None:
        """An earlier person whose name contains this one ("Peskov", "Kim" for "Kim Jong-un")."""
        words = tuple(name.split())
        matches = {p.actor_id for p in self.persons if _is_part_of(words, p.name_tokens) and min(p.sentences) <= sentence}
        return matches.pop() if len(matches) == 1 else None

    def _saw_person(self, actor_id: str, name: str, ent: Span, sentence: int) -> None:
        gender = _HONORIFICS.get(_honorific(ent) or "", "")
        for person in self.persons:
            if person.actor_id == actor_id:
                person.sentences.add(sentence)
                person.gender = person.gender or gender
                return
        full = self.actors[actor_id].name if actor_id in self.actors else name
        words = tuple(re.split(r"[\s-]+", full)) + tuple(full.split())
        self.persons.append(_Person(actor_id, words, gender, {sentence}))

    def _person(self, actor_id: str) -> _Person:
        return next(p for p in self.persons if p.actor_id == actor_id)

    # -- reading -----------------------------------------------------------------------

    def referent(self, para: int, token: Token) -> Referent | None:
        """The actor a token names (pronouns included, once resolved)."""
        return self.links.get((para, token.i))

    def names_two(self, para: int, sent: Span) -> bool:
        """Whether the sentence's tokens name at least two actors (a relation needs both ends named there)."""
        links = self.links
        first = None
        for token in sent:
            referent = links.get((para, token.i))
            if referent is None or referent.actor_id == NOT_AN_ACTOR:
                continue
            if first is None:
                first = referent.actor_id
            elif referent.actor_id != first:
                return True
        return False

    def _pronoun(self, para: int, gender: str, sentence: int, token: Token) -> Referent | None:
        """The nearest sentence with people of that gender decides; two candidates there, none.

        In the pronoun's own sentence only people named before it count.
        """
        named_before = {self.links[(para, t.i)].actor_id for t in token.sent if t.i < token.i and (para, t.i) in self.links}
        named_before.discard(NOT_AN_ACTOR)
        for back in range(0, 3):
            candidates = {p.actor_id for p in self.persons if sentence - back in p.sentences and p.gender in ("", gender)}
            if back == 0:
                candidates &= named_before
            if len(candidates) == 1:
                return Referent(candidates.pop(), "pronoun")
            if candidates:
                return None  # two people it could mean: leave it
        return None

    def extracted(self) -> list[ExtractedActor]:
        """The document's actors, in order of id."""
        return [self.actors[k] for k in sorted(self.actors)]


def _char_span(tokens: Span | Token, base: int) -> tuple[int, int]:
    """Character offsets of a span or token in the cleaned text (``base``: its paragraph's offset)."""
    if isinstance(tokens, Token):
        return base + tokens.idx, base + tokens.idx + len(tokens.text)
    return base + tokens.start_char, base + tokens.end_char


def _titled(ent: Span) -> Span:
    """A person's name with the titles and nationality written before it, from the first
    capitalised word on ("his Russian counterpart Sergei Lavrov" → "Russian counterpart
    Sergei Lavrov", "Lebanon's new President Elias Hrawi" as it stands).

    >>> import spacy
    >>> doc = spacy.blank("en")("He met Kremlin spokesperson Dmitry Peskov.")
    >>> for token, head in zip(doc, [1, 1, 5, 5, 5, 1, 1]):
    ...     token.head = doc[head]
    >>> _titled(doc[4:6]).text
    'Kremlin spokesperson Dmitry Peskov'
    """
    doc = ent.doc
    first = ent.root.left_edge.i
    while first < ent.start and not (doc[first].text[:1].isupper() and doc[first].is_alpha):
        first += 1
    return doc[first : ent.end] if first < ent.start else ent


def _maker(token: Token) -> bool:
    """ "US-made tanks", "Iranian-backed militias": a state that made, armed or backs them, not theirs
    ("Vietnamese-led forces" are Vietnam's)."""
    doc = token.doc
    if token.i + 2 >= len(doc) or doc[token.i + 1].text != "-":
        return False
    return doc[token.i + 2].lower_ not in _OWNING_PARTICIPLES


def _counted(token: Token) -> bool:
    """ "100 Palestinians", "more than 100 Palestinians", "hundreds of Palestinians"."""
    if any(c.dep_ == "nummod" or c.lower_ in ("many", "several", "some") for c in token.children):
        return True
    holder = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
    return holder is not None and (holder.lower_ in _QUANTITY_NOUNS or holder.like_num)


def _entry_of(actor: ExtractedActor) -> ActorEntry:
    """A gazetteer-style entry for an actor found in the text (a new organisation)."""
    return ActorEntry(id=actor.id, name=actor.name, kind=actor.kind, code=actor.code)


def _reading_order(ent: Span) -> int:
    """Known names and organisations first, places next, people last."""
    return {ACTOR_LABEL: 0, "ORG": 0, "PERSON": 2}.get(ent.label_, 1)


def _acts_like_a_person(ent: Span) -> bool:
    """A name that speaks ("stated Hong Min") or holds a role ("Hong Min, a senior analyst")."""
    root = ent.root
    if any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_HEADS for c in root.children):
        return True
    speaking = root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _SPEECH_LEMMAS
    return speaking and len(ent) >= 2 and all(t.text[:1].isupper() for t in ent)


def _honorific(ent: Span) -> str | None:
    first = ent[0]
    before = first.nbor(-1) if first.i > 0 else None
    for token in (first, before):
        if token is not None and token.lower_ in _HONORIFICS:
            return token.lower_
    return None


def _is_part_of(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    if not words or len(words) >= len(set(full)):
        return words == full[: len(words)]
    return all(w in full for w in words)


def _organisation_name(ent: Span) -> str | None:
    tokens = list(ent)
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ("'s", "’s"):
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 8:
        return None
    name = ent.doc[tokens[0].i : tokens[-1].i + 1].text
    words = [t for t in tokens if t.is_alpha]
    if not words or name.lower() in _NOT_NAMES or not any(t.text[:1].isupper() for t in words):
        return None
    if sum(1 for t in words if t.text[:1].islower() and t.lower_ not in ("of", "for", "and", "the", "on", "de")):
        return None  # "Biden Administration of intensifying conflict": a headline fragment
    if len(words) == 1 and not (words[0].text.isupper() and len(words[0].text) > 1):
        return None  # a lone capitalised word tagged ORG is as often a weapon or a unit ("Patriots", "Navy")
    if place_country(name) is not None:
        return None
    return name


def _organisation_kind(name: str) -> str:
    if _MEDIA_WORDS.search(name):
        return "media"
    if _PARTY_WORDS.search(name):
        return "party"
    return "org"


def _role_and_affiliation(ent: Span, actors: DocumentActors, para: int) -> tuple[str | None, str | None]:
    """Role and affiliation of a new person from the phrase around the name.

    "Kremlin spokesperson Dmitry Peskov" (modifiers before the name), "A member of the
    Russian parliament, Maria Butina" and "Hong Min, a senior analyst at the Korea
    Institute for National Unification" (apposition either way).
    """
    root = ent.root
    for phrase in _role_phrases(root, ent):
        affiliation = _first_actor(phrase, actors, para)
        words = [t for t in phrase if not t.is_punct]
        while words and words[0].dep_ == "det":
            words = words[1:]
        if words:
            role = ent.doc[words[0].i : words[-1].i + 1].text
            return role[:120], affiliation
    return None, None


def _role_phrases(root: Token, ent: Span) -> Iterable[list[Token]]:
    before = [t for t in root.lefts if t.dep_ in ("compound", "amod", "nmod") and t.i < ent.start]
    if before:
        yield sorted({w for t in before for w in t.subtree}, key=lambda t: t.i)
    for appos in (c for c in root.children if c.dep_ == "appos"):
        if appos.lemma_.lower() in ROLE_HEADS:
            yield sorted(appos.subtree, key=lambda t: t.i)
    if root.dep_ == "appos" and root.head.lemma_.lower() in ROLE_HEADS:
        head = root.head
        yield sorted((t for t in head.subtree if t.i < ent.start or t.i >= ent.end), key=lambda t: t.i)[:20]


def _first_actor(tokens: Iterable[Token], actors: DocumentActors, para: int) -> str | None:
    found = [actors.links[(para, t.i)].actor_id for t in tokens if (para, t.i) in actors.links]
    found = [a for a in found if a != NOT_AN_ACTOR]
    ranked = sorted(found, key=lambda a: 0 if actors.actors.get(a) and actors.actors[a].kind in ("state", "igo", "bloc") else 1)
    return ranked[0] if ranked else None
