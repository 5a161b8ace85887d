"""The ontology: the whole PLOVER event space through named types, codes from CAMEO, data that users extend."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from actorgraph.ingest.errors import ConfigError
from actorgraph.ingest.extractor import Extractor
from actorgraph.ingest.ontology import load_ontology
from actorgraph.ingest.records import Document

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
CARD_TYPES = {"WARNS", "AUTHORIZES", "DEPLOYS", "ACCUSES"}
FORMER_TYPES = {"THREATENS", "CRITICIZES", "DENIES", "SUPPORTS", "AIDS", "COOPERATES", "MEETS", "SANCTIONS", "ATTACKS",
                "DEMANDS", "APPEALS"}  # fmt: skip
RELATIONS_PACKAGE = Path(__file__).resolve().parents[2] / "ingest" / "relations"


@pytest.fixture(scope="module")
def ontology():
    return load_ontology()


def test_every_plover_type_is_reached_through_a_named_type(ontology) -> None:
    reached = {
        ontology.code(code).plover
        for code, entry in ontology.cameo.codes.items()
        if entry.plover and ontology.relation_for_code(code) is not None
    }
    assert reached == PLOVER_TYPES
    assert CARD_TYPES | FORMER_TYPES <= set(ontology.types())


def test_every_event_code_has_a_type(ontology) -> None:
    unclaimed = [code for code, entry in ontology.cameo.codes.items() if entry.plover and not ontology.relation_for_code(code)]
    assert unclaimed == []


@pytest.mark.parametrize(
    ("code", "relation", "plover", "quad", "goldstein"),
    [
        ("166", "EXPELS", "SANCTION", 4, -7.0),  # expel diplomats
        ("174", "EXPELS", "COERCE", 4, -5.0),  # deport
        ("173", "ARRESTS", "COERCE", 4, -5.0),
        ("191", "BLOCKADES", "COERCE", 4, -9.5),
        ("0874", "WITHDRAWS", "RETREAT", 2, 10.0),
        ("125", "REJECTS", "REJECT", 3, -5.0),
        ("036", "MEETS", "AGREE", 1, 4.0),  # the intent to meet is coded AGREE, told as a meeting
        ("130", "WARNS", "THREATEN", 3, -4.4),
        ("138", "THREATENS", "THREATEN", 3, -7.0),
    ],
)
def test_a_code_gives_type_plover_quadclass_and_goldstein(ontology, code, relation, plover, quad, goldstein) -> None:
    assert ontology.relation_for_code(code) == relation
    assert (ontology.code(code).plover, ontology.quad_class(code), ontology.code(code).goldstein) == (plover, quad, goldstein)


def test_triggers_carry_their_own_codes(ontology) -> None:
    by_lemma = {(v.lemma, v.cameo) for spec in ontology.relations.values() for v in [*spec.verbs, *spec.derived]}
    assert {("expel", "166"), ("deport", None), ("besiege", None), ("torture", "1822")} <= by_lemma
    assert len([v for spec in ontology.relations.values() for v in spec.derived]) > 1000  # CAMEO breadth


def test_a_lemma_written_by_hand_keeps_only_narrowed_derived_triggers(ontology) -> None:
    derived = [v for spec in ontology.relations.values() for v in spec.derived if v.lemma == "attack"]
    assert derived and all(v.narrowed for v in derived)


def test_rule_code_names_no_relation_type(ontology) -> None:
    named = set()
    for path in RELATIONS_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in ontology.relations:
                named.add((path.name, node.value))
    assert named == set()


def test_a_new_relation_type_is_a_data_change(tmp_path: Path, extractor: Extractor) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "relations:\n"
        "  EVACUATES_NATIONALS:\n"
        "    description: Flies its nationals out of another state.\n"
        '    cameo: "073"\n'
        "    verbs:\n"
        "      - {lemma: airlift, target: [prep:from]}\n",
        encoding="utf-8",
    )
    custom = Extractor(ontology=load_ontology([mine]), gazetteer=extractor.gazetteer)
    text = "Germany airlifted its citizens from Sudan on Sunday."
    (relation,) = next(custom.extract([Document(name="n", text=text, published=dt.date(2023, 4, 24))])).relations
    assert (relation.source_id, relation.type, relation.target_id, relation.cameo) == (
        "DEU",
        "EVACUATES_NATIONALS",
        "SDN",
        "073",
    )
    assert (relation.plover, relation.quad_class) == ("AID", 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('relations:\n  X:\n    description: d\n    cameo: "999"\n', "not a CAMEO event code"),
        ('relations:\n  X:\n    description: d\n    cameo: "010"\n', "not a CAMEO event code"),  # a statement: no event
        ('relations:\n  X:\n    description: d\n    cameo: "173"\n    codes: ["173"]\n', "claimed by both"),
        ("relations:\n  X:\n    description: d\n    cameo: 173\n", "cameo"),
        ("statements:\n  blame: {relation: NOPE}\nrelations: {}\n", "no relation type"),
        ('relations:\n  X:\n    description: d\n    cameo: "051"\n    plover: SUPPORT\n', "comes from the type's CAMEO code"),
    ],
)
def test_a_bad_ontology_file_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_ontology([path])
