"""``actorgraph corrections``: the store's corrections log — list, undo, export, import — and
the corrections themselves from the command line (merge, review, rename).

Each correction is recorded with the user running the command; ingest and import apply the
log to what they write, so a merged-away actor does not come back.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from actorgraph.options import fail, settings_from, store_options
from actorgraph.settings import Settings

__all__ = ["corrections_group"]


@click.group(name="corrections")
def corrections_group() -> None:
    """The store's corrections log: merges, reviews and renames, who made them and when.

    \b
    Examples:
      actorgraph corrections merge IRN shahed-aviation-industries
      actorgraph corrections rename kim-jong-un "Kim Jong Un"
      actorgraph corrections list
      actorgraph corrections undo
      actorgraph corrections export -o corrections.jsonl --store data/graph
      actorgraph corrections import corrections.jsonl --store bolt://127.0.0.1:7687

    Ingest and import apply the log to what they write: a merged-away actor found in a new
    article is the actor it was merged into, a renamed actor keeps its name, a review stays.
    """


def _open(settings: Settings, read_only: bool = False, create: bool = False) -> Any:
    """The store; an embedded one must exist already unless ``create`` (a typo is not a new store)."""
    from actorgraph.graph import is_neo4j_uri
    from actorgraph.graph.ladybug_store import DATABASE_FILE

    embedded = not is_neo4j_uri(settings.store)
    if embedded and not create and not (Path(settings.store) / DATABASE_FILE).exists():
        fail(f"no store in {settings.store} (ingest or import something first, or give --store)")
    return settings.open_store(read_only=read_only and embedded)


def _line(correction: Any) -> str:
    undone = f"  (undone by {correction.undone_by}, {correction.undone_at:%Y-%m-%d %H:%M})" if correction.undone else ""
    return f"#{correction.seq:<4} {correction.made_at:%Y-%m-%d %H:%M}  {correction.made_by:<12} {correction.summary()}{undone}"


@corrections_group.command(name="list")
@store_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_command(fmt: str, **flags: Any) -> None:
    """Show the corrections log, oldest first (times in UTC)."""
    with _open(settings_from(**flags), read_only=True) as store:
        log = store.corrections()
    if fmt == "json":
        click.echo(json.dumps([c.model_dump(mode="json", exclude={"before"}) for c in log], indent=2))
    elif not log:
        click.echo("no corrections yet")
    else:
        for correction in log:
            click.echo(_line(correction))


@corrections_group.command()
@store_options
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def undo(yes: bool, **flags: Any) -> None:
    """Undo the newest correction not undone yet, exactly (a merged actor comes back with its
    relations, mentions and affiliations). Run it again to undo the one before."""
    with _open(settings_from(**flags)) as store:
        pending = store.last_correction()
        if pending is None:
            fail("there is no correction to undo")
        if not yes:
            click.confirm(f"Undo {_line(pending).strip()}?", abort=True, err=True)
        done = store.undo_last_correction()
    click.echo(f"undone: {done.summary()} (made by {done.made_by} on {done.made_at:%Y-%m-%d %H:%M})")


@corrections_group.command()
@store_options
@click.argument("keep")
@click.argument("drop")
def merge(keep: str, drop: str, **flags: Any) -> None:
    """Fold actor DROP into actor KEEP (ids): its relations, mentions, affiliations and names move."""
    with _open(settings_from(**flags)) as store:
        kept = store.merge_actors(keep, drop)
    click.echo(f"merged {drop} into {kept.id} ({kept.name})")


@corrections_group.command()
@store_options
@click.argument("actor")
@click.option("--not-reviewed", is_flag=True, help="Mark it not reviewed instead.")
def review(actor: str, not_reviewed: bool, **flags: Any) -> None:
    """Mark ACTOR (an id) as checked by an analyst: ingestion no longer changes its name, kind or code."""
    with _open(settings_from(**flags)) as store:
        marked = store.set_reviewed(actor, not not_reviewed)
    click.echo(f"{marked.id} ({marked.name}) is {'reviewed' if marked.reviewed else 'not reviewed'}")


@corrections_group.command()
@store_options
@click.argument("actor")
@click.argument("name")
def rename(actor: str, name: str, **flags: Any) -> None:
    """Give ACTOR (an id) the name NAME: its id stays, the old name becomes an alias, and new
    articles naming either find it."""
    with _open(settings_from(**flags)) as store:
        renamed = store.rename_actor(actor, name)
    click.echo(f"{renamed.id} is now {renamed.name!r}")


@corrections_group.command()
@store_options
@click.option("-o", "--output", default="-", show_default=True, help="JSON Lines file to write ('-': standard output).")
def export(output: str, **flags: Any) -> None:
    """Write the corrections log as JSON Lines (one correction a line), for `corrections import`."""
    from actorgraph.graph.corrections import to_jsonl

    with _open(settings_from(**flags), read_only=True) as store:
        text = to_jsonl(*store.corrections())
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    click.echo(f"{text.count(chr(10))} corrections written to {output}", err=True)


@corrections_group.command(name="import")
@store_options
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
def import_command(file: str, **flags: Any) -> None:
    """Apply the corrections of a JSON Lines FILE (from `corrections export`) in order.

    A correction already in this store's log (by id) is skipped, so importing twice changes
    nothing. One whose actors are not in this store yet is recorded, and applied to what is
    ingested or imported later; one undone where it was made is recorded as undone.
    """
    from actorgraph.graph.corrections import read_jsonl

    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror}")
    except UnicodeDecodeError:
        fail(f"cannot read {file}: not UTF-8 text")
    records = list(read_jsonl(text.splitlines()))  # every line checked before anything is applied
    with _open(settings_from(**flags), create=True) as store:
        applied = sum(store.apply_correction(c) for c in records)
    click.echo(f"{len(records)} corrections read: {applied} applied, {len(records) - applied} already in the log")
