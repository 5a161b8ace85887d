"""The subcommands of ``actorgraph``, one module per group; :data:`COMMANDS` lists them all."""

from __future__ import annotations

import click

from actorgraph.commands.app import export, serve
from actorgraph.commands.corrections import corrections_group
from actorgraph.commands.imports import import_group
from actorgraph.commands.ingest import extract, ingest
from actorgraph.commands.store import query, stats

__all__ = ["COMMANDS"]

COMMANDS: list[click.Command] = [ingest, import_group, extract, stats, query, serve, export, corrections_group]
