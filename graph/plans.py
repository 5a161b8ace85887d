"""What a user query may do, judged from the engine's own plan of it (``EXPLAIN``).

Each engine plans the query exactly as it will run it, so a query whose plan holds only
reading operators can only read, however its text is spelled (comments, escapes, quoting,
case). The lists below are allow-lists: an operator, table function or procedure that is
not named here is refused, so a new engine release fails closed.

>>> check_ladybug_plan(["RESULT_COLLECTOR", "PROJECTION", "SCAN_NODE_TABLE"], [])
>>> check_ladybug_plan(["COPY_TO", "PROJECTION", "SCAN_NODE_TABLE"], [])
Traceback (most recent call last):
...
actorgraph.graph.errors.ReadOnlyViolation: read-only: the query would write a file (COPY_TO), which is not allowed here
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from actorgraph.graph.errors import ReadOnlyViolation

__all__ = [
    "LADYBUG_READ_OPERATORS",
    "LADYBUG_TABLE_FUNCTIONS",
    "NEO4J_READ_OPERATORS",
    "READ_ONLY_PROCEDURES",
    "check_ladybug_plan",
    "check_neo4j_plan",
    "ladybug_plan_parts",
    "neo4j_plan_parts",
    "strip_plan_prefix",
]

# LadybugDB's physical operators that only read the open database (its PhysicalOperatorType).
LADYBUG_READ_OPERATORS = frozenset(
    """
    AGGREGATE AGGREGATE_FINALIZE AGGREGATE_SCAN COUNT_REL_TABLE CROSS_PRODUCT DUMMY_SINK
    EMPTY_RESULT FILTER FLATTEN HASH_JOIN_BUILD HASH_JOIN_PROBE INDEX_LOOKUP INTERSECT
    INTERSECT_BUILD LIMIT MULTIPLICITY_REDUCER ORDER_BY ORDER_BY_MERGE ORDER_BY_SCAN
    PACKED_EXTEND PACKED_FILTERED_COUNT PATH_PROPERTY_PROBE PRIMARY_KEY_SCAN_NODE_TABLE
    PROJECTION QUERY_PRIMARY_KEY_LOOKUP REACHABLE_COUNT RECURSIVE_EXTEND REL_DEGREE_TABLE
    RESULT_COLLECTOR SCAN_NODE_TABLE SCAN_REL_TABLE SEMI_MASKER SKIP TABLE_FUNCTION_CALL
    TOP_K TOP_K_SCAN UNION_ALL_SCAN UNWIND UNWIND_DEDUP
    """.split()
)
# Table functions a TABLE_FUNCTION_CALL may run: the catalogue, and the engine's own scan of
# an intermediate result. File readers (READ_CSV…, READ_PARQUET…), scans of Python objects,
# current_setting (which tells server paths) and the like are left out.
LADYBUG_TABLE_FUNCTIONS = frozenset(
    {"READ_FTABLE", "SHOW_TABLES", "TABLE_INFO", "SHOW_CONNECTION", "SHOW_FUNCTIONS", "DB_VERSION"}
)
# What the engine names operators that reach outside the store, for a message that says so.
_LADYBUG_FILE_OPERATORS = frozenset({"COPY_TO", "EXPORT_DATABASE", "IMPORT_DATABASE", "ATTACH_DATABASE"})

# Neo4j 5's reading operators (Cypher manual, "Operators"); a name is compared without its
# runtime suffix ("Expand(All)@neo4j").
NEO4J_READ_OPERATORS = frozenset(
    """
    AllNodesScan PartitionedAllNodesScan NodeByLabelScan PartitionedNodeByLabelScan
    IntersectionNodeByLabelsScan UnionNodeByLabelsScan SubtractionNodeByLabelsScan
    NodeByIdSeek NodeByElementIdSeek NodeIndexSeek NodeUniqueIndexSeek MultiNodeIndexSeek
    AssertingMultiNodeIndexSeek NodeIndexSeekByRange NodeUniqueIndexSeekByRange
    NodeIndexContainsScan NodeIndexEndsWithScan NodeIndexScan PartitionedNodeIndexScan
    PartitionedNodeIndexSeek DirectedAllRelationshipsScan UndirectedAllRelationshipsScan
    DirectedRelationshipTypeScan UndirectedRelationshipTypeScan DirectedUnionRelationshipTypesScan
    UndirectedUnionRelationshipTypesScan DirectedRelationshipByIdSeek UndirectedRelationshipByIdSeek
    DirectedRelationshipByElementIdSeek UndirectedRelationshipByElementIdSeek DirectedRelationshipIndexSeek
    UndirectedRelationshipIndexSeek DirectedRelationshipUniqueIndexSeek UndirectedRelationshipUniqueIndexSeek
    DirectedRelationshipIndexSeekByRange UndirectedRelationshipIndexSeekByRange DirectedRelationshipIndexScan
    UndirectedRelationshipIndexScan DirectedRelationshipIndexContainsScan UndirectedRelationshipIndexContainsScan
    DirectedRelationshipIndexEndsWithScan UndirectedRelationshipIndexEndsWithScan
    NodeCountFromCountStore RelationshipCountFromCountStore
    Apply SemiApply AntiSemiApply LetSemiApply LetAntiSemiApply SelectOrSemiApply SelectOrAntiSemiApply
    LetSelectOrSemiApply LetSelectOrAntiSemiApply ConditionalApply AntiConditionalApply RollUpApply
    Argument ArgumentTracker Anti Optional NullifyMetadata AssertSameNode AssertSameRelationship
    Expand(All) Expand(Into) OptionalExpand(All) OptionalExpand(Into) VarLengthExpand(All)
    VarLengthExpand(Into) VarLengthExpand(Pruning) VarLengthExpand(Pruning,BFS) BFSPruningVarLengthExpand
    Repeat(Trail) Repeat(Walk) ShortestPath StatefulShortestPath(All) StatefulShortestPath(Into)
    NodeHashJoin ValueHashJoin NodeLeftOuterHashJoin NodeRightOuterHashJoin CartesianProduct
    TriadicSelection TriadicBuild TriadicFilter Filter Limit ExhaustiveLimit Skip Projection Unwind
    PartitionedUnwind Sort PartialSort Top Top1WithTies PartialTop Distinct OrderedDistinct
    EagerAggregation OrderedAggregation Union Eager CacheProperties ProduceResults EmptyResult
    DropResult ProcedureCall
    """.split()
)

# Procedures known to only read the catalogue (either engine); every other one is refused.
READ_ONLY_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)

_PLAN_PREFIX = re.compile(r"^\s*(?:EXPLAIN|PROFILE)\b", re.IGNORECASE)
_LADYBUG_OPERATOR = re.compile(r"│\s*([A-Z][A-Z_]*)\[\d+\]\s*│")
_LADYBUG_FUNCTION = re.compile(r"Function: ([A-Za-z_][A-Za-z0-9_]*)")
_PROCEDURE_NAME = re.compile(r"^\s*([\w.`]+)\s*\(")


def strip_plan_prefix(cypher: str) -> str:
    """The query without a leading ``EXPLAIN`` or ``PROFILE`` (its plan is asked for again).

    >>> strip_plan_prefix("PROFILE MATCH (a) RETURN a")
    ' MATCH (a) RETURN a'
    """
    return _PLAN_PREFIX.sub("", cypher, count=1)


def ladybug_plan_parts(plan_text: str) -> tuple[list[str], list[str]]:
    r"""The operators and table functions of LadybugDB's printed plan (``EXPLAIN``'s one cell).

    >>> ladybug_plan_parts("│ TABLE_FUNCTION_CALL[0] │\n│ Function: SHOW_TABLES │")
    (['TABLE_FUNCTION_CALL'], ['SHOW_TABLES'])
    """
    return _LADYBUG_OPERATOR.findall(plan_text), _LADYBUG_FUNCTION.findall(plan_text)


def check_ladybug_plan(operators: Iterable[str], functions: Iterable[str]) -> None:
    """Refuse a plan with any operator or table function outside the allow-lists."""
    operators = list(operators)
    if not operators:
        raise ReadOnlyViolation("read-only: the engine gave no plan for this query, so it is not run")
    for operator in operators:
        if operator in _LADYBUG_FILE_OPERATORS:
            raise ReadOnlyViolation(f"read-only: the query would write a file ({operator}), which is not allowed here")
        if operator not in LADYBUG_READ_OPERATORS:
            raise ReadOnlyViolation(
                f"read-only: the query would run {operator}, which is not allowed here (queries may only read the store)"
            )
    for function in functions:
        if function.upper() not in LADYBUG_TABLE_FUNCTIONS:
            raise ReadOnlyViolation(
                f"read-only: the table function {function.lower()} is not allowed here (only the catalogue may be called)"
            )


def neo4j_plan_parts(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(operator, details) for every operator of Neo4j's plan tree, runtime suffix removed.

    >>> list(neo4j_plan_parts({"operatorType": "Filter@neo4j", "children": [{"operatorType": "AllNodesScan@neo4j"}]}))
    [('Filter', ''), ('AllNodesScan', '')]
    """
    details = plan.get("args", {}).get("Details", "") if isinstance(plan.get("args"), Mapping) else ""
    yield str(plan.get("operatorType", "")).split("@", 1)[0], str(details or "")
    for child in plan.get("children", []) or []:
        yield from neo4j_plan_parts(child)


def check_neo4j_plan(query_type: str | None, plan: Mapping[str, Any] | None) -> None:
    """Refuse unless each operator is a reading one and Neo4j calls the query read-only.

    >>> check_neo4j_plan("s", {"operatorType": "AdministrationCommand@system"})
    Traceback (most recent call last):
    ...
    actorgraph.graph.errors.ReadOnlyViolation: read-only: administration commands (users, roles, databases, settings) are not ...
    """
    parts = list(neo4j_plan_parts(plan or {}))
    if not parts or parts == [("", "")]:
        raise ReadOnlyViolation("read-only: the server gave no plan for this query, so it is not run")
    for operator, details in parts:
        _check_neo4j_operator(operator, details)
    if query_type != "r":
        raise ReadOnlyViolation("read-only: the query would change the store, which is not allowed here")


def _check_neo4j_operator(operator: str, details: str) -> None:
    if operator.startswith("Show") or operator == "AdministrationCommand":
        raise ReadOnlyViolation(
            "read-only: administration commands (users, roles, databases, settings) are not available here;"
            " the console only reads the store"
        )
    if operator.startswith("LoadCSV"):
        raise ReadOnlyViolation(
            "read-only: LOAD CSV reads files and URLs, which is not allowed here (queries may only read the store)"
        )
    if operator not in NEO4J_READ_OPERATORS:
        raise ReadOnlyViolation(
            f"read-only: the query would run {operator}, which is not allowed here (queries may only read the store)"
        )
    if operator == "ProcedureCall":
        _check_procedure(details)


def _check_procedure(details: str) -> None:
    found = _PROCEDURE_NAME.match(details)
    name = found.group(1).replace("`", "").lower() if found else ""
    if name not in READ_ONLY_PROCEDURES:
        shown = name or details.strip() or "(unknown)"
        raise ReadOnlyViolation(f"read-only: CALL {shown} is not allowed here (only catalogue procedures may be called)")
