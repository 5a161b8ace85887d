"""The relation ontology: relation types, their CAMEO codes and their trigger words.

Read from ``ingest/data/ontology.yaml`` (types, hand-written triggers, word lists, what
statements and frames mean), ``ingest/data/cameo.yaml`` (every CAMEO code's PLOVER type,
QuadClass and Goldstein weight) and ``ingest/data/cameo_verbs.yaml`` (verb triggers derived
from PETRARCH-2's dictionary, each given to the type that claims its code). A user's file is
merged over the shipped ontology by relation name, so an analyst can add a type or extend a
type's triggers without touching code.

>>> onto = load_ontology()
>>> onto.relations["ACCUSES"].cameo, onto.code("112").plover, onto.quad_class("112")
('112', 'ACCUSE', 3)
>>> onto.relation_for_code("1663"), onto.relation_for_code("163"), onto.relation_for_code("138")
('EXPELS', 'SANCTIONS', 'THREATENS')
>>> "WARNS" in onto.types()
True
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from actorgraph.graph.records import is_relation_type
from actorgraph.ingest.datafiles import first_validation_error, read_yaml
from actorgraph.ingest.errors import ConfigError

__all__ = [
    "CameoCode",
    "EventCoding",
    "Frame",
    "NounTrigger",
    "Ontology",
    "RelationSpec",
    "StatementRule",
    "VerbTrigger",
    "load_ontology",
]

_TARGET_SLOTS = (
    "object", "object_owner", "dative", "purpose", "purpose_subject", "complement_subject", "claimant", "object_with",
    "action",
)  # fmt: skip
_TARGET_PREFIXES = ("prep:", "verb:")
_MERGED_LISTS = ("support_verbs", "receiving_verbs", "instrument_lists")
_MERGED_MAPPINGS = ("word_lists", "statements", "frames")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_targets(targets: list[str] | None) -> list[str] | None:
    for slot in targets or []:
        if slot not in _TARGET_SLOTS and not slot.startswith(_TARGET_PREFIXES):
            raise ValueError(f"unknown target slot {slot!r}")
    return targets


def _check_code(code: str | None) -> str | None:
    if code is not None and not (code.isdigit() and 2 <= len(code) <= 4):
        raise ValueError(f"{code!r} is not a CAMEO code (2 to 4 digits, as a quoted string)")
    return code


class CameoCode(_Spec):
    """One CAMEO event code: its name, PLOVER type and mode, Goldstein weight."""

    name: str
    plover: str | None
    mode: str = ""
    goldstein: float = Field(ge=-10, le=10)


class EventCoding(_Spec):
    """What a CAMEO code means on an edge: the type that claims it and the code's PLOVER type,
    QuadClass and Goldstein weight."""

    relation: str
    cameo: str
    plover: str
    quad_class: int
    goldstein: float


class _CameoTable(_Spec):
    quad_class: dict[str, int]
    roots: dict[str, str]
    codes: dict[str, CameoCode]


class VerbTrigger(_Spec):
    """A verb lemma that expresses a relation, optionally only with certain objects or words after it."""

    lemma: str
    cameo: str | None = None
    objects: list[str] | str | None = None
    excludes: list[str] | str | None = None
    acts: list[str] | str | None = None
    particle: str | None = None
    prep: str | None = None
    prep_objects: list[str] | None = None
    target: list[str] | None = None
    requires_modal: bool = False
    direct_only: bool = False
    spares_owner: bool = False
    symmetric: bool | None = None
    crowd: bool | None = None
    derived: bool = False

    _targets = field_validator("target")(_check_targets)
    _code = field_validator("cameo")(_check_code)

    @property
    def narrowed(self) -> bool:
        """Whether it counts only with certain words (objects, a particle, a phrase)."""
        return bool(self.objects is not None or self.particle or self.prep)


class NounTrigger(_Spec):
    """A noun lemma that expresses a relation ("warning", "deployment")."""

    lemma: str
    cameo: str | None = None
    themes: list[str] | str | None = None
    modifiers: list[str] | None = None
    target: list[str] | None = None
    political_only: bool = False
    material_only: bool = False
    direct_only: bool = False

    _targets = field_validator("target")(_check_targets)
    _code = field_validator("cameo")(_check_code)


class RelationSpec(_Spec):
    """One relation type: what it means, the CAMEO codes it claims, its triggers."""

    name: str = ""
    description: str
    cameo: str
    codes: list[str] = Field(default_factory=list)
    symmetric: bool = False
    theme_source: bool = False
    circumstance_source: bool = False
    located_targets: bool = False
    target: list[str] = Field(default_factory=lambda: ["object"])
    verbs: list[VerbTrigger] = Field(default_factory=list)
    nouns: list[NounTrigger] = Field(default_factory=list)
    derived: list[VerbTrigger] = Field(default_factory=list, exclude=True)
    # Given by the CAMEO code: a file that sets them is told so, rather than silently overruled.
    plover: Any = None
    quad_class: Any = None
    goldstein: Any = None

    _targets = field_validator("target")(_check_targets)
    _code = field_validator("cameo")(_check_code)

    @field_validator("plover", "quad_class", "goldstein")
    @classmethod
    def _derived_from_code(cls, value: Any) -> None:
        if value is not None:
            raise ValueError("comes from the type's CAMEO code (see cameo.yaml): leave it out")
        return None

    @field_validator("codes")
    @classmethod
    def _claims(cls, codes: list[str]) -> list[str]:
        for code in codes:
            _check_code(code)
        return codes


class StatementRule(_Spec):
    """What a reported statement means beyond its verb, and the relation it makes."""

    relation: str
    verbs: list[str] = Field(default_factory=list)
    nouns: list[str] = Field(default_factory=list)
    acts: list[str] = Field(default_factory=list)
    modals: list[str] = Field(default_factory=list)


class _Statements(_Spec):
    consequence: StatementRule | None = None
    blame: StatementRule | None = None
    obligation: StatementRule | None = None


class Frame(_Spec):
    """Words that put an act in a frame (promised, refused …) and the CAMEO code the act then has."""

    governors: list[str] = Field(default_factory=list)
    with_governors: list[str] = Field(default_factory=list)
    adjectives: list[str] = Field(default_factory=list)
    future: list[str] = Field(default_factory=list)
    negated_future: list[str] = Field(default_factory=list)
    codes: dict[str, str] = Field(default_factory=dict)

    def code_for(self, code: str) -> str | None:
        """The frame's code for an act's code, by its longest listed prefix.

        >>> Frame(codes={"04": "036", "046": "036", "19": "138"}).code_for("042")
        '036'
        """
        for length in range(len(code), 1, -1):
            if code[:length] in self.codes:
                return self.codes[code[:length]]
        return None


class Ontology(_Spec):
    """All relation types by name, the CAMEO code table and the word lists the rules read."""

    version: int = 2
    support_verbs: list[str] = Field(default_factory=list)
    receiving_verbs: list[str] = Field(default_factory=list)
    word_lists: dict[str, list[str]] = Field(default_factory=dict)
    instrument_lists: list[str] = Field(default_factory=list)
    statements: _Statements = Field(default_factory=_Statements)
    frames: dict[str, Frame] = Field(default_factory=dict)
    relations: dict[str, RelationSpec]
    cameo: _CameoTable | None = Field(default=None, exclude=True)
    _claims: dict[str, str] = PrivateAttr(default_factory=dict)

    def types(self) -> list[str]:
        """Relation type names, sorted."""
        return sorted(self.relations)

    def spec(self, name: str) -> RelationSpec:
        """One relation type's spec."""
        return self.relations[name]

    def words(self, name_or_words: list[str] | str | None) -> frozenset[str] | None:
        """A trigger's ``objects``/``themes``/``excludes``: a list, or the name of a word list."""
        if name_or_words is None:
            return None
        if isinstance(name_or_words, str):
            return frozenset(self.word_lists.get(name_or_words, ()))
        return frozenset(name_or_words)

    def code(self, code: str) -> CameoCode:
        """The CAMEO code's entry."""
        assert self.cameo is not None
        return self.cameo.codes[code]

    def quad_class(self, code: str) -> int:
        """GDELT QuadClass of a CAMEO code (by its root)."""
        assert self.cameo is not None
        return self.cameo.quad_class[code[:2]]

    def relation_for_code(self, code: str) -> str | None:
        """The type that claims a CAMEO code (its longest claimed prefix), if any."""
        if not self._claims:
            self._claims = {claim: name for name, spec in self.relations.items() for claim in spec.codes}
        claims = self._claims
        for length in range(len(code), 1, -1):
            if code[:length] in claims:
                return claims[code[:length]]
        return None

    def coding(self, code: str) -> EventCoding | None:
        """The type and coding of a CAMEO code, from its most specific entry in the table
        (``1384``, else ``138``, else ``130``); None when no type claims it or it is no event
        (``010``, a mere statement).

        >>> load_ontology().coding("1663")
        EventCoding(relation='EXPELS', cameo='1663', plover='SANCTION', quad_class=4, goldstein=-7.0)
        """
        assert self.cameo is not None
        relation = self.relation_for_code(code)
        known = [self.cameo.codes[c] for c in _code_and_bases(code) if c in self.cameo.codes]
        plover = known[0].plover if known else None
        if relation is None or plover is None:
            return None
        return EventCoding(
            relation=relation, cameo=code, plover=plover, quad_class=self.quad_class(code), goldstein=known[0].goldstein
        )

    def instruments(self) -> frozenset[str]:
        """Words for weapons, forces and goods: a phrase they head stands for whoever uses them."""
        return frozenset(w for name in self.instrument_lists for w in self.word_lists.get(name, ()))


def load_ontology(extra: Iterable[str | Path] = ()) -> Ontology:
    """The shipped ontology, with each file in ``extra`` merged over it by relation name."""
    data = resources.files("actorgraph.ingest") / "data"
    merged = _read_relations_file(data / "ontology.yaml", "the shipped ontology")
    for path in extra:
        _merge(merged, _read_relations_file(Path(path), str(path)))
    try:
        ontology = Ontology.model_validate(merged)
        ontology.cameo = _CameoTable.model_validate(read_yaml(data / "cameo.yaml", "the shipped CAMEO table"))
        derived = [VerbTrigger.model_validate({**t, "derived": True}) for t in _derived_verbs(data / "cameo_verbs.yaml")]
    except ValidationError as exc:
        raise ConfigError(f"ontology: {first_validation_error(exc)}") from None
    for name, spec in ontology.relations.items():
        if not is_relation_type(name):
            raise ConfigError(f"ontology: {name!r} is not a usable relation name (upper-case letters, digits, _)")
        spec.name = name
    _check_codes(ontology)
    _give_derived_triggers(ontology, derived)
    return ontology


def _merge(merged: dict[str, Any], user: dict[str, Any]) -> None:
    for key in _MERGED_LISTS:
        merged[key] = sorted(set(merged.get(key, [])) | set(user.get(key, [])))
    for key in _MERGED_MAPPINGS:
        merged[key] = {**merged.get(key, {}), **(user.get(key) or {})}
    for name, spec in (user.get("relations") or {}).items():
        merged["relations"][name] = {**merged["relations"].get(name, {}), **(spec or {})}


def _derived_verbs(path: Any) -> list[dict[str, Any]]:
    data = read_yaml(path, "the shipped CAMEO verb triggers")
    return list(data.get("verbs") or []) if isinstance(data, dict) else []


def _check_codes(ontology: Ontology) -> None:
    """Every code a type or trigger names is an event code; every claim and rule names real types."""
    claimed: dict[str, str] = {}
    for name, spec in ontology.relations.items():
        named: list[tuple[str, str | None]] = [(name, spec.cameo)]
        named += [(f"{name} trigger {v.lemma!r}", v.cameo) for v in spec.verbs]
        named += [(f"{name} trigger {n.lemma!r}", n.cameo) for n in spec.nouns]
        for what, own in named:
            code = own or spec.cameo
            known = ontology.cameo.codes.get(code) if ontology.cameo else None
            if known is None or known.plover is None:
                raise ConfigError(f"ontology: {what}: {code!r} is not a CAMEO event code (see cameo.yaml)")
        for claim in spec.codes:
            if claimed.get(claim, name) != name:
                raise ConfigError(f"ontology: CAMEO {claim} is claimed by both {claimed[claim]} and {name}")
            claimed[claim] = name
    for rule_name, rule in ontology.statements:
        if rule is not None and rule.relation not in ontology.relations:
            raise ConfigError(f"ontology: statements.{rule_name} names {rule.relation!r}, which is no relation type")


def _give_derived_triggers(ontology: Ontology, derived: list[VerbTrigger]) -> None:
    """Each derived trigger to the type claiming its code; a lemma written by hand keeps only narrowed ones."""
    written = {verb.lemma for spec in ontology.relations.values() for verb in spec.verbs}
    for trigger in derived:
        if trigger.lemma in written and not trigger.narrowed:
            continue
        name = ontology.relation_for_code(trigger.cameo or "")
        known = ontology.cameo.codes.get(trigger.cameo or "") if ontology.cameo else None
        if name is not None and known is not None and known.plover is not None:
            ontology.relations[name].derived.append(trigger)


def _code_and_bases(code: str) -> list[str]:
    """``1384`` → ``1384, 138, 130``; ``0231`` → ``0231, 023, 020``."""
    code = code.strip()
    return list(dict.fromkeys([code, code[:3], code[:2] + "0"])) if len(code) >= 2 and code.isdigit() else []


def _read_relations_file(path: Any, label: str) -> dict[str, Any]:
    data = read_yaml(path, label)
    if not isinstance(data, dict) or not isinstance(data.get("relations", {}), dict):
        raise ConfigError(f"{label}: expected a mapping with a 'relations' mapping")
    return data
