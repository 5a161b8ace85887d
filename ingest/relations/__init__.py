"""Relations between actors in parsed sentences: who did what to whom.

The rules read roles from the dependency parse; which words trigger which relation type,
with which CAMEO code, and what statements and frames mean, is data in the ontology.

* ``finder``      — RelationFinder: triggers, readings, frames, one relation per pair and type
* ``triggers``    — the ontology's triggers by lemma, and how well a token matches one
* ``roles``       — sources and targets of verbs and nouns
* ``actors``      — the actors a phrase stands for
* ``statements``  — what a reported statement means beyond its verb
* ``frames``      — promised and refused acts
* ``modality``    — asserted, reported, alleged, conditional, hypothetical, denied, hoped
* ``syntax``      — dependency helpers; ``lexicon`` — English grammar words

>>> from actorgraph.ingest.ontology import load_ontology
>>> index = RelationFinder(load_ontology()).index
>>> sorted({spec.name for spec, trigger in index.verbs["expel"] if not trigger.derived})
['EXPELS']
"""

from actorgraph.ingest.relations.actors import Resolver
from actorgraph.ingest.relations.finder import Candidate, RelationFinder
from actorgraph.ingest.relations.modality import modality_of

__all__ = ["Candidate", "RelationFinder", "Resolver", "modality_of"]
