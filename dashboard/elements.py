"""A :class:`~actorgraph.dashboard.view_model.NetworkView` as Cytoscape elements, a layout and a legend.

The same elements are what ``actorgraph export --format json`` writes, so a view opens in
Cytoscape (desktop or cytoscape.js) as it looks in the app.

>>> from actorgraph.graph import Actor, EdgeSummary
>>> from actorgraph.dashboard.view_model import NetworkView
>>> view = NetworkView(actors=[Actor(id="RUS", name="Russia", kind="state"), Actor(id="USA", name="United States", kind="state")],
...     edges=[EdgeSummary(source_id="RUS", target_id="USA", type="WARNS", count=2, quad_class=3)],
...     weights={"RUS": 2.0, "USA": 2.0}, metric="degree", metric_is_estimate=False, layout="fcose", positions=None,
...     communities=None, total_actors=2, total_relations=2, shown_relations=2, truncated=False)
>>> edge = network_elements(view)[-1]["data"]
>>> edge["source"], edge["target"], edge["label"], edge["colour"]
('RUS', 'USA', 'WARNS ×2', '#f1a340')
"""

from __future__ import annotations

from typing import Any

from actorgraph.dashboard.style import (
    KIND_LABELS,
    MODALITY_STYLES,
    QUAD_COLOURS,
    QUAD_NAMES,
    community_colour,
    dash_css,
    edge_modality,
    edge_width,
    kind_colour,
    node_sizes,
)
from actorgraph.dashboard.view_model import NetworkView
from actorgraph.graph import Actor, EdgeSummary

__all__ = ["LABEL_CHARS", "cytoscape_layout", "edge_id", "legend_entries", "network_elements", "parse_edge_id"]

LABEL_CHARS = 40  # labels wrap onto two lines; the full name is on hover
_EDGE_ID_SEPARATOR = "\u241f"  # a character no actor id or relation type contains in practice


def edge_id(source_id: str, target_id: str, relation_type: str) -> str:
    """The element id of a folded edge; :func:`parse_edge_id` reads it back.

    >>> parse_edge_id(edge_id("a", "b", "WARNS"))
    ('a', 'b', 'WARNS')
    """
    return _EDGE_ID_SEPARATOR.join(("e", source_id, target_id, relation_type))


def parse_edge_id(element_id: str) -> tuple[str, str, str]:
    """(source, target, type) of an edge element id; ValueError for anything else.

    >>> parse_edge_id("RUS")
    Traceback (most recent call last):
    ...
    ValueError: not an edge id: 'RUS'
    """
    parts = element_id.split(_EDGE_ID_SEPARATOR)
    if len(parts) != 4 or parts[0] != "e":
        raise ValueError(f"not an edge id: {element_id!r}")
    return parts[1], parts[2], parts[3]


def network_elements(view: NetworkView) -> list[dict[str, Any]]:
    """Nodes then edges, with colours, sizes and classes already decided."""
    sizes = node_sizes(view.weights)
    path_actors = set(view.path_actors)
    # actors come heaviest first: a node's rank decides from which zoom on its label is drawn
    nodes = [_node(a, view, sizes.get(a.id, 24.0), a.id in path_actors, rank) for rank, a in enumerate(view.actors)]
    edges = [_edge(e, (e.source_id, e.target_id, e.type) in view.path_edges) for e in view.edges]
    return nodes + edges


def _node(actor: Actor, view: NetworkView, size: float, on_path: bool, rank: int) -> dict[str, Any]:
    community = view.communities.get(actor.id) if view.communities is not None else None
    colour = community_colour(community) if view.communities is not None else kind_colour(actor.kind)
    classes = [actor.kind]
    if actor.id in view.pinned:
        classes.append("pinned")
    if actor.id == view.focus:
        classes.append("focus")
    if on_path:
        classes.append("path")
    data = {
        "id": actor.id,
        "label": _clip(actor.name),
        "name": actor.name,
        "kind": actor.kind,
        "code": actor.code or "",
        "reviewed": actor.reviewed,
        "weight": round(view.weights.get(actor.id, 0.0), 6),
        "size": size,
        "colour": colour,
        "rank": rank,
        "hint": _actor_hint(actor, view.folded.get(actor.id, [])),
    }
    if community is not None:
        data["community"] = community
    element: dict[str, Any] = {"data": data, "classes": " ".join(classes)}
    if view.positions and actor.id in view.positions:
        x, y = view.positions[actor.id]
        element["position"] = {"x": x, "y": y}
    return element


def _actor_hint(actor: Actor, folded: list[str]) -> str:
    """What the hover adds to the full name: kind, code and sector, and who a state-level view folded into it."""
    parts = [KIND_LABELS.get(actor.kind, actor.kind)]
    parts += [p for p in (actor.code, actor.sector) if p]
    hint = " · ".join(parts)
    if folded:
        shown = ", ".join(folded[:8]) + (f" and {len(folded) - 8} more" if len(folded) > 8 else "")
        hint += f"\nwith {shown}"
    return hint


def _edge(e: EdgeSummary, on_path: bool) -> dict[str, Any]:
    modality = edge_modality(e.modalities)
    label = e.type if e.count == 1 else f"{e.type} ×{e.count}"
    data = {
        "id": edge_id(e.source_id, e.target_id, e.type),
        "source": e.source_id,
        "target": e.target_id,
        "type": e.type,
        "count": e.count,
        # a claim says so on the canvas too, not only by its dashes
        "label": label if modality == "asserted" else f"{label} ({modality})",
        "modality": modality,
        "hint": f"{modality}: {MODALITY_STYLES[modality].meaning}",
        "quad_class": e.quad_class or 0,
        "colour": QUAD_COLOURS.get(e.quad_class, QUAD_COLOURS[None]),
        "width": edge_width(e.count),
        "goldstein": None if e.goldstein is None else round(e.goldstein, 2),
        "confidence": e.confidence,
        "first_date": _iso(e.first_date),
        "last_date": _iso(e.last_date),
    }
    return {"data": data, "classes": f"q{e.quad_class or 0}" + (" path" if on_path else "")}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _clip(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def cytoscape_layout(view: NetworkView) -> dict[str, Any]:
    """The Cytoscape layout options for a view's layout name.

    >>> empty = NetworkView([], [], {}, "degree", False, "circle", None, None, 0, 0, 0, False)
    >>> cytoscape_layout(empty)["name"]
    'circle'
    """
    name = view.layout
    if name == "preset":
        return {"name": "preset", "fit": True, "padding": 30, "animate": False}
    if name in ("fcose", "cose"):
        return {
            "name": name,
            "animate": False,
            "randomize": True,
            "fit": True,
            "padding": 30,
            "nodeRepulsion": 25000,
            "idealEdgeLength": 150,
            "nodeSeparation": 120,
            "edgeElasticity": 0.3,
            "gravity": 0.2,
            "quality": "proof",
            "numIter": 2500,
        }
    if name == "concentric":
        return {"name": name, "animate": False, "fit": True, "padding": 30, "minNodeSpacing": 18}
    return {"name": name, "animate": False, "fit": True, "padding": 30, "spacingFactor": 1.1}


def legend_entries(view: NetworkView) -> dict[str, list[tuple[str, str]]]:
    """Legend rows as (colour, label): node colours actually drawn, the QuadClass scale, and
    the modalities drawn as (CSS background of a dashed swatch, label).

    >>> from actorgraph.dashboard.view_model import NetworkView
    >>> empty = NetworkView([], [], {}, "degree", False, "fcose", None, None, 0, 0, 0, False)
    >>> legend_entries(empty)["edges"][0]
    ('#7fbf7b', '1 · verbal cooperation')
    """
    if view.communities is not None:
        counts: dict[int, int] = {}
        for actor in view.actors:
            community = view.communities.get(actor.id, -1)
            counts[community] = counts.get(community, 0) + 1
        ordered = sorted(c for c in counts if c >= 0)[:10]
        nodes = [(community_colour(c), f"Community {c + 1} ({counts[c]})") for c in ordered]
    else:
        kinds = sorted({a.kind for a in view.actors}, key=list(KIND_LABELS).index)
        nodes = [(kind_colour(k), KIND_LABELS[k]) for k in kinds]
    edges = [(QUAD_COLOURS[q], f"{q} · {name}") for q, name in QUAD_NAMES.items()]
    drawn = {edge_modality(e.modalities) for e in view.edges} | {"asserted"}
    modalities = [(dash_css(m), m) for m in MODALITY_STYLES if m in drawn]
    return {"nodes": nodes, "edges": edges, "modalities": modalities}
