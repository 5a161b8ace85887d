"""The spaCy pipeline: an English model with the gazetteer's names ruled in before NER.

Known names go through an EntityRuler placed before the statistical NER, so the model's
mistakes on them (it tags "Kyiv" as a person) are overridden, and NER only labels what
the gazetteer does not know. The ruler is the pipeline's first component: its phrase
patterns are then made by the tokenizer alone (tens of thousands of names in a second),
and nothing between it and NER touches entities. A form several actors share ("President
Bush") gets one pattern naming them all; the article's date chooses among them. Headlines
in Title Case are parsed in sentence case (same length, so offsets hold), because the
small model reads "Accuses" as a proper noun.

>>> nlp = build_pipeline(load_gazetteer())  # doctest: +SKIP
>>> [(e.text, e.label_, e.ent_id_) for e in nlp("Kyiv protested.").ents]  # doctest: +SKIP
[('Kyiv', 'ACTOR', 'UKR|metonym')]
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from actorgraph.ingest.defaults import SPACY_MODEL
from actorgraph.ingest.errors import ConfigError
from actorgraph.ingest.gazetteer import Gazetteer, Surface, load_gazetteer

__all__ = [
    "ACTOR_LABEL",
    "EXCLUDED_LABEL",
    "build_pipeline",
    "default_pipeline",
    "is_headline",
    "known_name_spans",
    "sentence_case",
]

ACTOR_LABEL = "ACTOR"
EXCLUDED_LABEL = "NOT_ACTOR"
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# Lemmas en_core_web_sm gets wrong on words the rules depend on ("hopes" → "hop").
_LEMMA_FIXES = {"hopes": "hope", "hoped": "hope", "hoping": "hope", "staged": "stage", "staging": "stage", "stages": "stage"}
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "from", "over"}


def build_pipeline(gazetteer: Gazetteer, model: str = SPACY_MODEL) -> Language:
    """Load ``model`` and put the gazetteer's surfaces in an EntityRuler ahead of NER."""
    nlp = _load_model(model)
    if "attribute_ruler" in nlp.pipe_names:
        fixes = nlp.get_pipe("attribute_ruler")
        for word, lemma in _LEMMA_FIXES.items():
            fixes.add([[{"LOWER": word}]], {"LEMMA": lemma})
    ruler = nlp.add_pipe("entity_ruler", first=True)
    ruler.add_patterns(_ruler_patterns(gazetteer.surfaces))
    return nlp


def _load_model(model: str) -> Language:
    try:
        module = importlib.import_module(model)
    except ImportError:
        try:
            return spacy.load(model)
        except OSError:
            raise ConfigError(
                f"spaCy pipeline {model!r} is not installed (make venv installs {SPACY_MODEL}; "
                "--spacy-model names another installed pipeline)"
            ) from None
    if not hasattr(module, "load"):
        raise ConfigError(f"{model!r} is not a spaCy pipeline package")
    return module.load()


def _ruler_patterns(surfaces: Iterable[Surface]) -> list[dict[str, str]]:
    """One pattern per form and label; the id is ``actor|via``, or ``actor;actor|via`` for a shared form."""
    actors: dict[tuple[str, str], dict[str, str]] = {}  # (label, form) → {actor id: via}
    for surface in surfaces:
        if surface.ambiguous:
            continue  # linked after NER, only where NER agrees
        label = EXCLUDED_LABEL if surface.via == "exclusion" else ACTOR_LABEL
        for variant in _variants(surface):
            actors.setdefault((label, variant), {}).setdefault(surface.actor_id, surface.via)
    return [
        {"label": label, "pattern": form, "id": ";".join(ids) + "|" + next(iter(ids.values()))}
        for (label, form), ids in actors.items()
    ]


def _variants(surface: Surface) -> list[str]:
    """The form as written, its headline form, its plural for demonyms ("Russians") and, for
    exclusions, the form after "the" (so "the West Bank" outranks "the West")."""
    text = surface.text
    forms = [text, " ".join(w[:1].upper() + w[1:] for w in text.split(" "))]
    if surface.via == "demonym" and not text.endswith(("s", "ese")):
        forms.append(text + "s")
    if surface.via == "exclusion" and not text.lower().startswith("the "):
        forms += ["the " + text, "The " + text]
    if text.startswith("the "):
        forms.append("The " + text[4:])
    return list(dict.fromkeys(forms))


def is_headline(paragraph: str) -> bool:
    """A single short line whose words are mostly capitalised, like a Title Case headline.

    >>> is_headline("Kremlin Accuses Biden Administration of Intensifying Conflict in Ukraine")
    True
    >>> is_headline("Russia has warned the West.")
    False
    """
    text = paragraph.strip()
    if "\n" in text or not text or len(text) > 200 or text.endswith((".", "?", "!", ":")):
        return False
    words = [w for w in _WORD.findall(text) if w.lower() not in _SMALL_WORDS]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.75


def sentence_case(headline: str, keep: Iterable[tuple[int, int]], proper: set[str]) -> str:
    """Lower-case a Title Case headline's words except names; the length never changes.

    ``keep`` are character spans of known names; ``proper`` are words the body writes with a
    capital in mid-sentence (so are names).

    >>> sentence_case("Kremlin Accuses Biden Administration", [(0, 7), (16, 21)], set())
    'Kremlin accuses Biden administration'
    """
    spans = list(keep)
    chars = list(headline)
    for match in _WORD.finditer(headline):
        start, end = match.span()
        word = match.group()
        if start == 0 or word.isupper() or word in proper or any(s <= start < e for s, e in spans):
            continue
        chars[start:end] = list(word.lower())
    return "".join(chars)


@functools.lru_cache(maxsize=4)
def default_pipeline(model: str = SPACY_MODEL) -> Language:
    """The pipeline with the shipped gazetteer, built once per process."""
    return build_pipeline(load_gazetteer(), model)


def known_name_spans(nlp: Language, text: str) -> list[tuple[int, int]]:
    """Character spans of gazetteer names in ``text``, by the ruler's matcher alone (no parse)."""
    ruler = nlp.get_pipe("entity_ruler")
    doc: Doc = nlp.make_doc(text)
    return [(doc[start:end].start_char, doc[start:end].end_char) for _, start, end in ruler.match(doc)]
