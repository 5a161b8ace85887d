"""An evidence sentence cut into plain text and the words naming a relation's source and target.

Dash-free: the side panel (``panels.py``) and the briefing (``report.py``) both draw from it.

>>> from actorgraph.graph import Relation
>>> r = Relation(id="r", type="ATTACKS", source_id="ISR-MIL", target_id="PSE", sentence="Israeli soldiers raided Gaza.",
...              char_start=100, char_end=129, source_start=100, source_end=116, target_start=124, target_end=128)
>>> marked_sentence(r)
[('', None), ('Israeli soldiers', 'source'), (' raided ', None), ('Gaza', 'target'), ('.', None)]
"""

from __future__ import annotations

from actorgraph.graph import Relation

__all__ = ["marked_sentence"]


def marked_sentence(r: Relation) -> list[tuple[str, str | None]]:
    """(text, role) pieces of ``r``'s sentence in order; role is ``source``, ``target`` or None.

    Offsets outside the sentence are ignored; where one end is named inside the other's words,
    the first is marked only.

    >>> marked_sentence(Relation(id="r", type="WARNS", source_id="a", target_id="b", sentence="A warned B."))
    [('A warned B.', None)]
    """
    sentence = r.sentence or ""
    marks = []
    for role, start, end in (("source", r.source_start, r.source_end), ("target", r.target_start, r.target_end)):
        if start is not None and end is not None and r.char_start is not None:
            first, last = start - r.char_start, end - r.char_start
            if 0 <= first < last <= len(sentence):
                marks.append((first, last, role))
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for first, last, role in sorted(marks):
        if first < position:
            continue
        pieces += [(sentence[position:first], None), (sentence[first:last], role)]
        position = last
    return [*pieces, (sentence[position:], None)] if pieces else [(sentence, None)]
