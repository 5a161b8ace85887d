"""The store's corrections as one more source the resolver consults: what an analyst fixed stays fixed.

Loaded once per ingest or import run (:meth:`StoreCorrections.from_store`), from the
corrections log in the store, and applied where an actor's id is settled:

- a merged-away actor resolves to the actor it was merged into (through later merges too),
  and the name it was found by becomes one more alias there;
- a renamed actor keeps its id and its new name, and a new actor found under the new name
  (the id extraction gives that name) is the renamed one;
- a reviewed actor stays reviewed, and one an analyst marked not reviewed stays so.

An extracted document's relations keep the ids they were given, so ingesting an article after
a merge leaves the store as ingesting it before the merge would have.

>>> from actorgraph.graph.corrections import new_correction
>>> fixes = StoreCorrections.from_log([
...     new_correction("merge", "IRN", made_by="ana", merged_id="shahed-aviation-industries"),
...     new_correction("rename", "IRN", made_by="ana", name="Islamic Republic of Iran"),
... ])
>>> actor = fixes.actor(Actor(id="shahed-aviation-industries", name="Shahed Aviation Industries", kind="org"))
>>> actor.id, actor.name, actor.aliases
('IRN', 'Islamic Republic of Iran', ['Shahed Aviation Industries'])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from actorgraph.graph import Actor, Affiliation, DocumentGraph, GraphStore, Mention
from actorgraph.graph.ids import slugify
from actorgraph.graph.records import Correction
from actorgraph.graph.store import pool_aliases

__all__ = ["StoreCorrections"]

# how many merges a chain may pass through (a → b → c …); a cycle stops there
_MAX_CHAIN = 64


@dataclass(frozen=True)
class StoreCorrections:
    """The corrections in force: merges as id → kept id, renames as id → name, reviews as id → state.

    ``records`` are the stored records of actors merged into, so that a document naming only
    the merged-away actor brings the kept one's record, not a copy of the dropped one's.
    """

    merged_into: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    reviewed: dict[str, bool] = field(default_factory=dict)
    records: dict[str, Actor] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: GraphStore) -> StoreCorrections:
        """The corrections of a store's log (one read, plus the records of the actors merged into).

        A new name that is already another stored actor's id (renamed to the name of an actor
        that exists) does not take that actor's mentions.
        """
        log = store.corrections()
        fixes = cls.from_log(log)
        taken = {a.id for a in store.get_actors(sorted(_name_ids(log)))}
        merged_into = {k: v for k, v in fixes.merged_into.items() if k not in taken or k in _merged_ids(log)}
        kept = sorted(set(merged_into.values()))
        return cls(merged_into, fixes.names, fixes.reviewed, {a.id: a for a in store.get_actors(kept)})

    @classmethod
    def from_log(cls, log: Iterable[Correction]) -> StoreCorrections:
        """The corrections in force after a log, oldest first (undone ones have no effect)."""
        merged_into: dict[str, str] = {}
        names: dict[str, str] = {}
        reviewed: dict[str, bool] = {}
        for c in log:
            if c.undone:
                continue
            if c.kind == "merge" and c.merged_id:
                merged_into[c.merged_id] = c.actor_id
                reviewed[c.actor_id] = True
            elif c.kind == "rename" and c.name:
                names[c.actor_id] = c.name
                reviewed[c.actor_id] = True
                if slugify(c.name) != c.actor_id:  # what extraction calls a new actor found by that name
                    merged_into.setdefault(slugify(c.name), c.actor_id)
            elif c.kind == "review" and c.reviewed is not None:
                reviewed[c.actor_id] = c.reviewed
        merged_into.pop("", None)
        return cls(merged_into, names, reviewed)

    def __bool__(self) -> bool:
        return bool(self.merged_into or self.names or self.reviewed)

    def resolve(self, actor_id: str) -> str:
        """The id an actor has now: the end of its chain of merges.

        >>> StoreCorrections(merged_into={"a": "b", "b": "c"}).resolve("a")
        'c'
        """
        for _ in range(_MAX_CHAIN):
            kept = self.merged_into.get(actor_id)
            if kept is None or kept == actor_id:
                break
            actor_id = kept
        return actor_id

    def actor(self, actor: Actor) -> Actor:
        """An extracted actor's record with the corrections applied."""
        kept = self.resolve(actor.id)
        if kept != actor.id:
            base = self.records.get(kept) or actor.model_copy(update={"id": kept})
            actor = base.model_copy(update={"aliases": pool_aliases(base, actor)})
        name = self.names.get(actor.id)
        if name is not None and name != actor.name:
            actor = actor.model_copy(
                update={"name": name, "aliases": pool_aliases(actor.model_copy(update={"name": name}), actor)}
            )
        state = self.reviewed.get(actor.id)
        return actor if state is None or state == actor.reviewed else actor.model_copy(update={"reviewed": state})

    def document(self, graph: DocumentGraph) -> DocumentGraph:
        """A document's records with the corrections applied: actors, relation ends, mentions, affiliations.

        Relations keep their ids; mentions of two actors now one add up; an affiliation of an
        actor with the one it was merged into goes, as a merge removes it.
        """
        if not self:
            return graph
        resolve = self.resolve
        counts: Counter[tuple[str, str]] = Counter()
        for m in graph.mentions:
            counts[(m.article_id, resolve(m.actor_id))] += m.count
        affiliations: dict[tuple[str, str], Affiliation] = {}
        for a in graph.affiliations:
            ends = (resolve(a.actor_id), resolve(a.organisation_id))
            if ends[0] != ends[1]:
                affiliations.setdefault(ends, Affiliation(actor_id=ends[0], organisation_id=ends[1], role=a.role))
        return graph.model_copy(
            update={
                "actors": [self.actor(a) for a in graph.actors],
                "relations": [
                    r.model_copy(update={"source_id": resolve(r.source_id), "target_id": resolve(r.target_id)})
                    for r in graph.relations
                ],
                "mentions": [Mention(article_id=x, actor_id=a, count=n) for (x, a), n in counts.items()],
                "affiliations": list(affiliations.values()),
            }
        )


def _name_ids(log: Iterable[Correction]) -> set[str]:
    """The ids extraction gives new actors found by the names actors were renamed to."""
    return {slugify(c.name) for c in log if c.kind == "rename" and c.name and not c.undone}


def _merged_ids(log: Iterable[Correction]) -> set[str]:
    return {c.merged_id for c in log if c.kind == "merge" and c.merged_id and not c.undone}
