"""The ``actorgraph`` command: thin wrappers that parse, validate, build objects and call library code.

Every user mistake (bad store address, wrong password, a Cypher syntax error, an
unreadable file) ends as one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from actorgraph import __version__
from actorgraph.commands import COMMANDS
from actorgraph.graph import GraphStoreError
from actorgraph.options import fail
from actorgraph.settings import SettingsError

__all__ = ["main"]

EXIT_INTERRUPTED = 130


class _Group(click.Group):
    """Turns the project's own errors, and click's usage errors, into one line on stderr."""

    # click types main by standalone_mode; this one always runs click non-standalone and exits itself
    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            click.echo(f"actorgraph: error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"actorgraph: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("actorgraph: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (GraphStoreError, SettingsError) as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("actorgraph: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            from actorgraph.ingest.errors import IngestError

            if isinstance(exc, IngestError):
                fail(str(exc))
            raise


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="actorgraph")
def main() -> None:
    """actorgraph: who did what to whom in the news, as a graph you can explore.

    \b
    Typical session:
      actorgraph ingest examples/demo          # read articles into the store
      actorgraph stats                         # what is in it
      actorgraph query "MATCH (a:Actor) RETURN a.name LIMIT 5"
      actorgraph serve                         # explore it in the browser

    The store is a folder (embedded LadybugDB, the default: data/graph) or a Neo4j server
    (--store bolt://127.0.0.1:7687 with NEO4J_USER / NEO4J_PASSWORD).
    """


for _command in COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":
    main()
