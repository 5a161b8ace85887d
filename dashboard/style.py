"""Colours, sizes and the Cytoscape stylesheet: one visual language for the app and the exports.

Edge colours run from cooperation (greens) to conflict (reds) by GDELT QuadClass; node
colours tell actor kinds apart; relation types get a colour in their QuadClass family so the
timeline and the network agree.

>>> QUAD_COLOURS[4], quad_name(4)
('#c0392b', 'material conflict')
>>> type_colour("ATTACKS") == type_colour("ATTACKS"), type_colour("NEW_TYPE").startswith("#")
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = [
    "COMMUNITY_COLOURS",
    "KIND_COLOURS",
    "KIND_LABELS",
    "KIND_SHORT_LABELS",
    "NODE_SIZE_RANGE",
    "QUAD_COLOURS",
    "QUAD_NAMES",
    "community_colour",
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
    "WARNS": "#f1a340", "ACCUSES": "#fdb863", "THREATENS": "#e08214", "CRITICIZES": "#de77ae", "DEMANDS": "#c51b7d",
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

    >>> len(stylesheet(edge_labels=True)) - len(stylesheet(edge_labels=False))
    1
    """
    sheet: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            "width": "data(size)", "height": "data(size)", "background-color": "data(colour)",
            "label": "data(label)", "font-size": 12, "font-family": "Inter, system-ui, sans-serif", "color": "#1d2530",
            "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#ffffff", "text-outline-width": 2,
            "text-max-width": 130, "text-wrap": "ellipsis", "min-zoomed-font-size": 6,
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
                    "min-zoomed-font-size": 8,
                },
            }
        )
    return sheet
