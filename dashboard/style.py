"""Colours, sizes and the Cytoscape stylesheet: one visual language for the app and the exports.

Edge colours run from cooperation (greens) to conflict (reds) by GDELT QuadClass; node
colours tell actor kinds apart; relation types get a colour in their QuadClass family so the
timeline and the network agree. An edge's line says how sure the news was: solid when every
relation behind it is asserted, a dash pattern of its own for each other modality
(:data:`MODALITY_STYLES`), the same in the app, its legend and the exported images.

>>> QUAD_COLOURS[4], quad_name(4)
('#c0392b', 'material conflict')
>>> type_colour("ATTACKS") == type_colour("ATTACKS"), type_colour("NEW_TYPE").startswith("#")
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from actorgraph.graph.records import MODALITIES

__all__ = [
    "COMMUNITY_COLOURS",
    "KIND_COLOURS",
    "KIND_LABELS",
    "KIND_SHORT_LABELS",
    "MIXED_MODALITY",
    "MODALITY_STYLES",
    "NODE_SIZE_RANGE",
    "PATH_COLOUR",
    "QUAD_COLOURS",
    "QUAD_NAMES",
    "ModalityStyle",
    "community_colour",
    "dash_css",
    "edge_modality",
    "edge_width",
    "kind_colour",
    "node_sizes",
    "quad_name",
    "stylesheet",
    "type_colour",
]

KIND_COLOURS = {
    "state": "#3867a8",
    "igo": "#2a9d8f",
    "bloc": "#7b5ea7",
    "person": "#e9a23b",
    "org": "#8d6e63",
    "party": "#d16ba5",
    "media": "#5aa9e6",
    "armed_group": "#3d3d3d",
    "other": "#9e9e9e",
}
KIND_LABELS = {
    "state": "State",
    "igo": "Intergovernmental org.",
    "bloc": "Bloc / alliance",
    "person": "Person",
    "org": "Organisation",
    "party": "Party",
    "media": "Media",
    "armed_group": "Armed group",
    "other": "Other",
}
KIND_SHORT_LABELS = {**KIND_LABELS, "igo": "IGO", "bloc": "Bloc", "org": "Organisation"}
QUAD_COLOURS = {1: "#7fbf7b", 2: "#1b7837", 3: "#f1a340", 4: "#c0392b", None: "#a0a4aa"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
_TYPE_COLOURS = {
    "SUPPORTS": "#2166ac", "MEETS": "#4393c3", "APPEALS": "#92c5de", "DENIES": "#8073ac", "AGREES": "#74add1",
    "AIDS": "#1b7837", "COOPERATES": "#5aae61", "AUTHORIZES": "#a6dba0", "RELEASES": "#00441b", "EASES": "#4d9221",
    "WITHDRAWS": "#b8e186",
    "WARNS": "#f1a340", "ACCUSES": "#762a83", "THREATENS": "#e08214", "CRITICIZES": "#de77ae", "DEMANDS": "#c51b7d",
    "REJECTS": "#8e0152", "INVESTIGATES": "#f1b6da",
    "DEPLOYS": "#8c510a", "SANCTIONS": "#d6604d", "ATTACKS": "#b2182b", "MOBILIZES": "#bf812d", "PROTESTS": "#fdae61",
    "EXPELS": "#f4a582", "ARRESTS": "#67001f", "COERCES": "#e34a33", "BLOCKADES": "#993404", "OCCUPIES": "#543005",
    "ABDUCTS": "#7f0000", "ASSAULTS": "#d73027",
}  # fmt: skip
_SPARE_COLOURS = ("#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3")
COMMUNITY_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#1f77b4", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94",
)  # fmt: skip
NODE_SIZE_RANGE = (22.0, 72.0)
PATH_COLOUR = "#0b5cad"  # a shortest path, in the app and in exported images


@dataclass(frozen=True)
class ModalityStyle:
    """How an edge of one modality is drawn: its dash pattern (on, off, … in pixels at zoom 1;
    empty for a solid line), its opacity, and what the legend says it means."""

    dashes: tuple[int, ...]
    opacity: float
    meaning: str


MIXED_MODALITY = "partly asserted"  # an edge folding asserted relations and others
# Solid is for facts; the less sure the claim, the sparser its line. Each pattern differs
# from the others in its rhythm, not only its length, so they stay apart in print and in grey.
MODALITY_STYLES: dict[str, ModalityStyle] = {
    "asserted": ModalityStyle((), 0.85, "stated as fact"),
    MIXED_MODALITY: ModalityStyle((14, 3), 0.8, "some relations asserted, some not"),
    "reported": ModalityStyle((8, 4), 0.75, "someone said it happened"),
    "alleged": ModalityStyle((4, 4), 0.7, "claimed, not established"),
    "conditional": ModalityStyle((10, 3, 2, 3), 0.6, "would happen if…"),
    "hypothetical": ModalityStyle((2, 5), 0.55, "might happen"),
    "denied": ModalityStyle((1, 3, 1, 7), 0.55, "said not to have happened"),
    "hoped": ModalityStyle((6, 3, 2, 3, 2, 3), 0.55, "wished for, called for"),
}
if set(MODALITY_STYLES) != {*MODALITIES, MIXED_MODALITY}:
    raise TypeError("MODALITY_STYLES needs one style per modality (and one for a mixed edge)")


def edge_modality(modalities: Sequence[str]) -> str:
    """How sure a folded edge is, from the modalities of its relations (in MODALITIES order):
    asserted when all are, partly asserted when some are, else the surest of the others.

    >>> edge_modality(("asserted",)), edge_modality(("asserted", "reported")), edge_modality(("alleged", "denied"))
    ('asserted', 'partly asserted', 'alleged')
    >>> edge_modality(())  # a store written before edges carried their modalities
    'asserted'
    """
    if not modalities or tuple(modalities) == ("asserted",):
        return "asserted"
    return MIXED_MODALITY if "asserted" in modalities else modalities[0]


def dash_css(modality: str, colour: str = "#4a5562") -> str:
    """A CSS background that draws a modality's line in a legend swatch.

    >>> dash_css("asserted")
    '#4a5562'
    >>> dash_css("reported")
    'repeating-linear-gradient(90deg, #4a5562 0 8px, transparent 8px 12px)'
    """
    dashes = MODALITY_STYLES[modality].dashes
    if not dashes:
        return colour
    stops, at = [], 0
    for i, length in enumerate(dashes):
        paint = colour if i % 2 == 0 else "transparent"
        stops.append(f"{paint} {at}px {at + length}px" if at else f"{paint} 0 {length}px")
        at += length
    return f"repeating-linear-gradient(90deg, {', '.join(stops)})"


def kind_colour(kind: str | None) -> str:
    """The colour of an actor kind (grey for unknown kinds).

    >>> kind_colour("state"), kind_colour(None) == kind_colour("other")
    ('#3867a8', True)
    """
    return KIND_COLOURS.get(kind or "other", KIND_COLOURS["other"])


def community_colour(community: int | None) -> str:
    """A colour per community index; the small leftovers share grey.

    >>> community_colour(0), community_colour(None)
    ('#4e79a7', '#9e9e9e')
    """
    if community is None or community >= len(COMMUNITY_COLOURS):
        return KIND_COLOURS["other"]
    return COMMUNITY_COLOURS[community]


def quad_name(quad_class: int | None) -> str:
    """GDELT's name for a QuadClass."""
    return QUAD_NAMES.get(quad_class or 0, "no QuadClass")


def type_colour(relation_type: str) -> str:
    """A stable colour per relation type; types outside the shipped ontology share spare colours."""
    if relation_type in _TYPE_COLOURS:
        return _TYPE_COLOURS[relation_type]
    return _SPARE_COLOURS[sum(map(ord, relation_type)) % len(_SPARE_COLOURS)]


def node_sizes(weights: Mapping[str, float]) -> dict[str, float]:
    """Diameters in pixels, by square root so that area follows the weight.

    >>> sizes = node_sizes({"a": 0.0, "b": 4.0, "c": 16.0})
    >>> sizes["a"], sizes["c"]
    (22.0, 72.0)
    """
    if not weights:
        return {}
    low, high = NODE_SIZE_RANGE
    roots = {k: math.sqrt(max(0.0, v)) for k, v in weights.items()}
    top = max(roots.values())
    if top <= 0:
        return {k: low for k in roots}
    return {k: round(low + (high - low) * r / top, 1) for k, r in roots.items()}


def edge_width(count: int) -> float:
    """Edge width in pixels for how many relations it folds.

    >>> edge_width(1), edge_width(100)
    (1.5, 9.0)
    """
    return round(min(9.0, 1.5 + 1.6 * math.log2(max(1, count))), 1)


def stylesheet(edge_labels: bool = True) -> list[dict[str, Any]]:
    """The Cytoscape stylesheet; colours and sizes come with each element's data.

    Labels are kept a readable size on screen whatever the zoom, and thinned out by weight, by
    ``assets/network.js``; the sizes here are what exports and other clients draw.

    >>> len(stylesheet(edge_labels=True)) - len(stylesheet(edge_labels=False))
    1
    >>> [rule["style"]["line-dash-pattern"] for rule in stylesheet() if rule["selector"] == 'edge[modality = "reported"]']
    [[8, 4]]
    """
    sheet: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            "width": "data(size)", "height": "data(size)", "background-color": "data(colour)",
            "label": "data(label)", "font-size": 12, "font-family": "Inter, system-ui, sans-serif", "color": "#1d2530",
            "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#ffffff", "text-outline-width": 2,
            "text-max-width": 150, "text-wrap": "wrap", "line-height": 1.1,
            "border-width": 1, "border-color": "#ffffff", "overlay-opacity": 0,
        }},
        {"selector": "node[?reviewed]", "style": {"border-width": 2, "border-color": "#1d2530"}},
        {"selector": "edge", "style": {
            "width": "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
            "target-arrow-shape": "triangle", "arrow-scale": 0.9, "curve-style": "bezier", "opacity": 0.8,
            "overlay-opacity": 0,
        }},
        {"selector": "node:selected", "style": {"border-width": 4, "border-color": "#0b5cad", "underlay-color": "#0b5cad",
                                                "underlay-shape": "ellipse", "underlay-opacity": 0.15, "underlay-padding": 6}},
        {"selector": "edge:selected", "style": {"opacity": 1, "underlay-color": "#0b5cad", "underlay-opacity": 0.2,
                                                "underlay-padding": 4}},
        {"selector": ".pinned", "style": {"border-width": 3, "border-style": "double", "border-color": "#0b5cad"}},
        {"selector": ".focus", "style": {"border-width": 4, "border-color": "#0b5cad"}},
        {"selector": "edge.path", "style": {"line-color": "#0b5cad", "target-arrow-color": "#0b5cad", "opacity": 1,
                                            "width": 6, "z-index": 10}},
        {"selector": "node.path", "style": {"border-width": 4, "border-color": "#0b5cad", "background-blacken": -0.1}},
        {"selector": ".faded", "style": {"opacity": 0.25}},
        *_modality_rules(),
        # an actor clicked: it, its edges and neighbours stand out, the rest recedes (assets/network.js)
        {"selector": ".ag-dim", "style": {"opacity": 0.12}},
        {"selector": "node.ag-lit", "style": {"opacity": 1, "z-index": 20}},
        {"selector": "edge.ag-lit", "style": {"opacity": 1, "z-index": 19, "width": "mapData(width, 1, 9, 2.5, 10)"}},
    ]  # fmt: skip
    if edge_labels:
        sheet.append(
            {
                "selector": "edge",
                "style": {
                    "label": "data(label)",
                    "font-size": 8,
                    "color": "#4a5562",
                    "text-rotation": "autorotate",
                    "text-background-color": "#ffffff",
                    "text-background-opacity": 0.85,
                    "text-background-padding": 1,
                },
            }
        )
    # labels whose turn has not come at this zoom (assets/network.js): last, so it wins
    sheet.append({"selector": ".ag-nolabel", "style": {"label": ""}})
    return sheet


def _modality_rules() -> list[dict[str, Any]]:
    rules = []
    for modality, style in MODALITY_STYLES.items():
        line: dict[str, Any] = {"opacity": style.opacity}
        if style.dashes:
            line.update({"line-style": "dashed", "line-dash-pattern": list(style.dashes)})
        rules.append({"selector": f'edge[modality = "{modality}"]', "style": line})
    return rules
