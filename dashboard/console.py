"""The Cypher console: example queries, and a query's rows as a table and, when it returns
nodes, relationships or paths, as a graph.

The store returns plain values: nodes are dicts with ``_label`` and ``_key``, relationships
dicts with ``_label``, ``_src`` and ``_dst``, paths ``{"_nodes": [...], "_rels": [...]}``.

>>> from dash import html

from actorgraph.graph import QueryResult
>>> node = {"_label": "Actor", "_key": "0:1", "id": "RUS", "name": "Russia", "kind": "state"}
>>> other = {"_label": "Actor", "_key": "0:2", "id": "UKR", "name": "Ukraine", "kind": "state"}
>>> edge = {"_label": "ATTACKS", "_src": "0:1", "_dst": "0:2", "id": "r4", "quad_class": 4}
>>> result = QueryResult(columns=["a", "e", "b"], rows=[[node, edge, other]])
>>> [el["data"]["label"] for el in result_elements(result)]
['Russia', 'Ukraine', 'ATTACKS']
>>> table_rows(result)[0]["c0"]
'(:Actor Russia)'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from dash import html

from actorgraph.dashboard.style import QUAD_COLOURS, edge_width, kind_colour
from actorgraph.graph import QueryResult

__all__ = ["EXAMPLE_QUERIES", "cell_text", "result_elements", "result_table", "table_columns", "table_rows"]

# Each runs on both engines (LadybugDB's and Neo4j's Cypher) against any actorgraph store.
EXAMPLE_QUERIES: dict[str, str] = {
    "Most active actors": (
        "MATCH (a:Actor)-[e]->(:Actor)\nRETURN a.name AS actor, a.kind AS kind, count(e) AS relations\n"
        "ORDER BY relations DESC\nLIMIT 20"
    ),
    "Who attacks whom (graph)": "MATCH (a:Actor)-[e:ATTACKS]->(b:Actor)\nRETURN a, e, b\nLIMIT 100",
    "Latest warnings with evidence": (
        "MATCH (a:Actor)-[e:WARNS]->(b:Actor)\n"
        "RETURN e.date AS date, a.name AS source, b.name AS target, e.sentence AS evidence\n"
        "ORDER BY date DESC\nLIMIT 25"
    ),
    "Relations by QuadClass": (
        "MATCH (:Actor)-[e]->(:Actor)\nWHERE e.quad_class IS NOT NULL\nRETURN e.quad_class AS quad_class, count(*) AS relations\n"
        "ORDER BY quad_class"
    ),
    "Two-step chains (paths)": "MATCH p = (a:Actor)-[:AIDS]->(:Actor)-[:ATTACKS]->(:Actor)\nRETURN p\nLIMIT 25",
    "Who acts for whom": "MATCH (p:Actor)-[f:AFFILIATED_WITH]->(o:Actor)\nRETURN p, f, o\nLIMIT 100",
    "Most mentioned actors": (
        "MATCH (:Article)-[m:MENTIONS]->(a:Actor)\nRETURN a.name AS actor, sum(m.count) AS mentions, count(*) AS articles\n"
        "ORDER BY mentions DESC\nLIMIT 20"
    ),
    "Actors waiting for review": (
        "MATCH (a:Actor)\nWHERE a.reviewed = false\nRETURN a.id AS id, a.name AS name, a.kind AS kind\nORDER BY a.name\nLIMIT 50"
    ),
}

CELL_CHARS = 300


def _is_node(value: Any) -> bool:
    return isinstance(value, dict) and "_key" in value and "_label" in value


def _is_edge(value: Any) -> bool:
    return isinstance(value, dict) and "_src" in value and "_dst" in value


def _is_path(value: Any) -> bool:
    return isinstance(value, dict) and "_nodes" in value and "_rels" in value


def cell_text(value: Any) -> str:
    """A value as table text: nodes ``(:Label name)``, relationships ``[:TYPE]``, others as JSON.

    >>> cell_text({"_label": "WARNS", "_src": "1", "_dst": "2"}), cell_text([1, "a"]), cell_text(None)
    ('[:WARNS]', '[1, "a"]', '')
    """
    if value is None:
        return ""
    if _is_node(value):
        return f"(:{value['_label']} {_display_name(value)})"
    if _is_edge(value):
        return f"[:{value['_label']}]"
    if _is_path(value):
        names = [_display_name(n) for n in value["_nodes"]]
        return " → ".join(names)
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def _display_name(node: dict[str, Any]) -> str:
    return str(node.get("name") or node.get("title") or node.get("id") or node.get("_key"))


def table_columns(result: QueryResult) -> list[dict[str, str]]:
    """Column definitions (ids made unique: a query may repeat a column name).

    >>> table_columns(QueryResult(columns=["n", "n"], rows=[]))
    [{'name': 'n', 'id': 'c0'}, {'name': 'n', 'id': 'c1'}]
    """
    return [{"name": name, "id": f"c{i}"} for i, name in enumerate(result.columns)]


def table_rows(result: QueryResult) -> list[dict[str, str]]:
    """DataTable rows keyed like :func:`table_columns`, every cell as text."""
    return [{f"c{i}": cell_text(v) for i, v in enumerate(row)} for row in result.rows]


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if _is_path(value):
        yield from value["_nodes"]
        yield from value["_rels"]
    elif _is_node(value) or _is_edge(value):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def result_elements(result: QueryResult, limit: int = 2000) -> list[dict[str, Any]]:
    """Cytoscape elements for every node, relationship and path in the rows (empty if none).

    Relationships of one type between the same two nodes are drawn as one edge labelled ×N.
    """
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    folded: dict[tuple[str, str, str], set[str]] = {}
    for row in result.rows:
        for value in row:
            for item in _walk(value):
                if _is_node(item):
                    nodes.setdefault(str(item["_key"]), item)
                else:
                    pair = (str(item["_src"]), str(item["_dst"]), str(item.get("_label") or ""))
                    edges.setdefault("|".join(pair), item)
                    folded.setdefault(pair, set()).add(_edge_key(item))
        if len(nodes) + len(edges) >= limit:
            break
    for item in edges.values():  # an edge whose ends were not returned still needs them drawn
        for end in (item["_src"], item["_dst"]):
            nodes.setdefault(str(end), {"_label": "?", "_key": end})
    counts = {"|".join(pair): len(keys) for pair, keys in folded.items()}
    return [_node_element(n) for n in nodes.values()] + [_edge_element(k, e, counts[k]) for k, e in edges.items()]


def _edge_key(edge: dict[str, Any]) -> str:
    return str(edge.get("id") or f"{edge['_src']}-{edge['_label']}-{edge['_dst']}")


def _node_element(node: dict[str, Any]) -> dict[str, Any]:
    label = node.get("_label")
    colour = kind_colour(node.get("kind")) if label == "Actor" else "#c8ced6" if label == "Article" else "#9e9e9e"
    return {
        "data": {
            "id": f"n:{node['_key']}",
            "label": _display_name(node)[:40],
            "colour": colour,
            "size": 26,
            "kind": node.get("kind", label),
        }
    }


def _edge_element(key: str, edge: dict[str, Any], count: int) -> dict[str, Any]:
    quad = edge.get("quad_class")
    colour = QUAD_COLOURS.get(quad if isinstance(quad, int) else None, QUAD_COLOURS[None])
    label = str(edge.get("_label") or "") + (f" ×{count}" if count > 1 else "")
    return {
        "data": {
            "id": f"r:{key}",
            "source": f"n:{edge['_src']}",
            "target": f"n:{edge['_dst']}",
            "label": label,
            "colour": colour,
            "width": edge_width(count),
            "count": count,
        }
    }


def result_table(result: QueryResult) -> html.Table:
    """The rows as an HTML table (every cell as text).

    >>> result_table(QueryResult(columns=["n"], rows=[[3]])).children[1].children[0].children[0].children
    '3'
    """
    columns = table_columns(result)
    header = html.Thead(html.Tr([html.Th(c["name"]) for c in columns]))
    body = html.Tbody([html.Tr([html.Td(row[c["id"]]) for c in columns]) for row in table_rows(result)])
    return html.Table([header, body], className="ag-table ag-result-table")
