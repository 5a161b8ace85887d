"""The relation ontology: relation types, their event codes and their trigger words.

Read from ``ingest/data/ontology.yaml``; a user's file is merged over it by relation
name, so an analyst can add a type or extend a type's triggers without touching code.

>>> onto = load_ontology()
>>> onto.relations["ACCUSES"].cameo, onto.relations["ACCUSES"].quad_class
('112', 3)
>>> "WARNS" in onto.types()
True
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from actorgraph.graph.records import is_relation_type
from actorgraph.ingest.datafiles import first_validation_error, read_yaml
from actorgraph.ingest.errors import ConfigError

__all__ = ["NounTrigger", "Ontology", "RelationSpec", "VerbTrigger", "load_ontology"]

_TARGET_SLOTS = (
    "object", "dative", "purpose", "purpose_subject", "complement_subject", "claimant", "object_with", "action",
)  # fmt: skip


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_targets(targets: list[str]) -> list[str]:
    for slot in targets:
        if slot not in _TARGET_SLOTS and not slot.startswith("prep:"):
            raise ValueError(f"unknown target slot {slot!r}")
    return targets


class VerbTrigger(_Spec):
    """A verb lemma that expresses a relation, optionally only with certain objects."""

    lemma: str
    objects: list[str] | str | None = None
    target: list[str] = Field(default_factory=lambda: ["object"])
    requires_modal: bool = False
    direct_only: bool = False

    _targets = field_validator("target")(_check_targets)


class NounTrigger(_Spec):
    """A noun lemma that expresses a relation ("warning", "deployment")."""

    lemma: str
    themes: list[str] | str | None = None
    modifiers: list[str] | None = None
    target: list[str] = Field(default_factory=lambda: ["prep:to"])
    political_only: bool = False
    material_only: bool = False

    _targets = field_validator("target")(_check_targets)


class PhraseTrigger(_Spec):
    """A verb with a particle or preposition ("call on")."""

    lemmas: list[str]
    target: list[str]

    _targets = field_validator("target")(_check_targets)


class Consequence(_Spec):
    """Words that make a conditional statement a warning ("would mean the involvement of X")."""

    verbs: list[str] = Field(default_factory=list)
    nouns: list[str] = Field(default_factory=list)


class RelationSpec(_Spec):
    """One relation type: what it means, its event codes and its triggers."""

    name: str = ""
    description: str
    cameo: str
    plover: str
    quad_class: int = Field(ge=1, le=4)
    goldstein: float = Field(ge=-10, le=10)
    verbs: list[VerbTrigger] = Field(default_factory=list)
    nouns: list[NounTrigger] = Field(default_factory=list)
    phrases: list[PhraseTrigger] = Field(default_factory=list)
    consequence: Consequence | None = None
    claim_nouns: list[str] = Field(default_factory=list)
    blamed_acts: list[str] = Field(default_factory=list)
    forces: list[str] = Field(default_factory=list)
    goods: list[str] = Field(default_factory=list)
    projectiles: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)

    def word_list(self, name_or_words: list[str] | str | None) -> frozenset[str] | None:
        """Resolve an ``objects``/``themes`` value: a list, or the name of one of this spec's lists."""
        if name_or_words is None:
            return None
        if isinstance(name_or_words, str):
            return frozenset(getattr(self, name_or_words))
        return frozenset(name_or_words)


class Ontology(_Spec):
    """All relation types, by name."""

    version: int = 1
    support_verbs: list[str] = Field(default_factory=list)
    receiving_verbs: list[str] = Field(default_factory=list)
    relations: dict[str, RelationSpec]

    def types(self) -> list[str]:
        """Relation type names, sorted."""
        return sorted(self.relations)

    def spec(self, name: str) -> RelationSpec:
        """One relation type's spec."""
        return self.relations[name]


def load_ontology(extra: Iterable[str | Path] = ()) -> Ontology:
    """The shipped ontology, with each file in ``extra`` merged over it by relation name."""
    merged = _read_relations_file(resources.files("actorgraph.ingest") / "data" / "ontology.yaml", "the shipped ontology")
    for path in extra:
        user = _read_relations_file(Path(path), str(path))
        for word_list in ("support_verbs", "receiving_verbs"):
            merged[word_list] = sorted(set(merged.get(word_list, [])) | set(user.get(word_list, [])))
        for name, spec in (user.get("relations") or {}).items():
            merged["relations"][name] = {**merged["relations"].get(name, {}), **(spec or {})}
    try:
        ontology = Ontology.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(f"ontology: {first_validation_error(exc)}") from None
    for name, spec in ontology.relations.items():
        if not is_relation_type(name):
            raise ConfigError(f"ontology: {name!r} is not a usable relation name (upper-case letters, digits, _)")
        spec.name = name
    return ontology


def _read_relations_file(path: Any, label: str) -> dict[str, Any]:
    data = read_yaml(path, label)
    if not isinstance(data, dict) or not isinstance(data.get("relations", {}), dict):
        raise ConfigError(f"{label}: expected a mapping with a 'relations' mapping")
    return data
