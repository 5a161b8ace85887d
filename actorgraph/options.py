"""What every command shares: the store options, resolving settings, and the one-line failure.

A module of its own so that command modules and :mod:`actorgraph.cli` (which lists the
commands) import it without importing each other.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from actorgraph.settings import Settings, load_settings

__all__ = ["EXIT_ERROR", "fail", "settings_from", "store_options"]

EXIT_ERROR = 1


def fail(message: str) -> None:
    """Print one error line and exit with status 1."""
    click.echo(f"actorgraph: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--store and the Neo4j credentials, shared by every command that opens the store."""
    options = [
        click.option(
            "--store",
            metavar="FOLDER|URI",
            help="Embedded store folder, or a neo4j:// / bolt:// URI. [env ACTORGRAPH_STORE; default data/graph]",
        ),
        click.option("--neo4j-user", help="Neo4j user. [env NEO4J_USER; default neo4j]"),
        click.option("--neo4j-password", help="Neo4j password. [env NEO4J_PASSWORD]"),
        click.option("--neo4j-database", help="Neo4j database (default: the server's home database)."),
        click.option(
            "--ontology",
            "ontology_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False),
            help="Extra relation ontology YAML merged over the shipped one (repeatable). [env ACTORGRAPH_ONTOLOGY]",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def settings_from(**flags: Any) -> Settings:
    """Resolve the command's flags against the environment."""
    return load_settings(flags)
