"""``actorgraph stats`` and ``actorgraph query``: reading the store."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

import click

from actorgraph.options import query_limit_options, settings_from, store_options
from actorgraph.settings import Settings
from actorgraph.writing import write_csv

__all__ = ["query", "stats"]


@click.command()
@store_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(fmt: str, **flags: Any) -> None:
    """Count nodes by label and relationships by type."""
    settings = settings_from(**flags)
    with settings.open_store(read_only=_can_read_only(settings), create=False) as store:
        counts = store.stats()
    if fmt == "json":
        click.echo(json.dumps(counts.model_dump(), indent=2))
        return
    click.echo(f"store: {settings.store}")
    _echo_counts("nodes", counts.nodes)
    _echo_counts("relationships", counts.relationships)


def _echo_counts(title: str, counts: dict[str, int]) -> None:
    click.echo(f"{title}: {sum(counts.values())}")
    width = max((len(k) for k in counts), default=0)
    for key, value in counts.items():
        click.echo(f"  {key:<{width}}  {value:>9,}")


def _can_read_only(settings: Settings) -> bool:
    """Reading commands open an embedded store without its writer's lock (and never create one)."""
    from actorgraph.graph import is_neo4j_uri

    return not is_neo4j_uri(settings.store)


@click.command()
@store_options
@click.argument("cypher")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help='Query parameter; VALUE is read as JSON when it parses (3, true, [1,2], "3"), else as text.',
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@query_limit_options("", "the query")
def query(cypher: str, params: Sequence[str], fmt: str, **flags: Any) -> None:
    """Run a read-only Cypher query and print its rows.

    \b
    Examples:
      actorgraph query "MATCH (a:Actor {kind: 'state'}) RETURN a.name ORDER BY a.name"
      actorgraph query "MATCH (a:Actor)-[e]->(b) WHERE a.id = \\$id RETURN type(e), b.name" -p id=RUS
    The query runs in a confined worker process: it can only read the store (writes, files,
    other databases and administration commands are refused by the engine's own plan of it, a
    read-only handle and the kernel), within its row, time and memory limits.
    In --format csv, text that a spreadsheet would run as a formula (=, +, -, @ first)
    starts with an apostrophe.
    """
    settings = settings_from(**flags)
    parameters = dict(_parse_param(p) for p in params)
    with settings.open_store(read_only=_can_read_only(settings), create=False) as store:
        result = store.query(
            cypher,
            parameters,
            row_limit=settings.query_row_limit,
            timeout_s=settings.query_timeout_s,
            memory_mb=settings.query_memory_mb,
        )
    click.echo(_format_rows(result.columns, result.rows, fmt), nl=False)
    if result.cut_by == "rows":
        click.echo(f"actorgraph: only the first {settings.query_row_limit} rows are shown (--limit)", err=True)
    elif result.cut_by == "bytes":
        click.echo(
            f"actorgraph: the result is too large to show whole; only the first {len(result.rows):,} rows are shown", err=True
        )


def _parse_param(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise click.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return name.strip(), value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _format_rows(columns: list[str], rows: list[list[Any]], fmt: str) -> str:
    if fmt == "json":
        return (
            json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, indent=2, default=str) + "\n"
        )
    if fmt == "csv":
        buffer = io.StringIO()
        write_csv(buffer, columns, ([_cell(v) for v in row] for row in rows), lineterminator="\n")
        return buffer.getvalue()
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_clip(v, w).ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
