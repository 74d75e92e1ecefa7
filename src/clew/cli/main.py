"""``clew``: the command line. Commands hold no business logic; they call the packages.

Each capability's commands live in their own module and are listed in ``COMMANDS``, loaded
only when run.
User errors end with one line on stderr naming the file (and line and field) and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from pathlib import Path

import click

from clew import __version__
from clew.cli.context import Context
from clew.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OS_ERROR, ClewError, StoreFull

COMMANDS = {  # each top-level command and the module that defines it (tests/test_startup.py checks)
    "init": "clew.cli.workspace",
    "status": "clew.cli.workspace",
    "audit": "clew.cli.workspace",
    "operations": "clew.cli.operations",
    "ingest": "clew.cli.ingest",
    "sources": "clew.cli.sources",
    "demo": "clew.cli.demo",
    "analyse": "clew.cli.analyse",
    "resolve": "clew.cli.resolve",
    "network": "clew.cli.network",
    "subject": "clew.cli.subject",
    "search": "clew.cli.search",
    "money": "clew.cli.money",
    "media": "clew.cli.media",
    "hashlist": "clew.cli.media",
    "export": "clew.cli.export",
    "evaluate": "clew.cli.evaluate",
    "serve": "clew.cli.server",
    "users": "clew.cli.server",
    "leads": "clew.cli.leads",
    "deconflict": "clew.cli.deconflict",
    "outcomes": "clew.cli.outcomes",
    "stats": "clew.cli.stats",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


class LazyGroup(click.Group):
    """Click's lazily loading group: a command's module is imported when the command runs (or
    ``--help`` lists them all), so ``clew status`` does not import eighteen modules' worth of
    commands and what they import (issue 9 item 18; the pattern of click's documentation)."""

    def list_commands(self, ctx: click.Context | None) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        return next(c for c in importlib.import_module(module).COMMANDS if c.name == cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clew")
@click.option(
    "--workspace",
    "-w",
    type=click.Path(path_type=Path),
    default=None,
    help="Workspace folder (env CLEW_WORKSPACE; default ./clew-workspace).",
)
@click.option(
    "--operation",
    "-o",
    default=None,
    envvar="CLEW_OPERATION",
    help="Operation to work in (default: the workspace's).",
)
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None, operation: str | None) -> None:
    """Clew: evidence, identities, networks, money and hash-only media matching for
    investigations of online child-sexual-exploitation networks."""
    from clew.store.workspace import default_path

    ctx.obj = Context(workspace_path=workspace or default_path(), operation=operation)


def main(argv: list[str] | None = None) -> int:
    """Run ``clew`` with ``argv``; returns the exit code (errors end as one line on stderr)."""
    try:
        cli.main(args=argv, prog_name="clew", standalone_mode=False)
    except ClewError as exc:
        click.echo(f"clew: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:  # click's form of Ctrl-C (and of EOF at a prompt)
        click.echo("clew: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except OSError as exc:  # a path the user gave: missing, a folder, no permission; a full disk
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            where = exc.filename or "writing"
            click.echo(f"clew: error: {where}: disk full ({exc.strerror}); free space", err=True)
            return StoreFull.exit_code
        message = f"{exc.filename}: {exc.strerror or exc}" if exc.filename else str(exc)
        click.echo(f"clew: error: {message}", err=True)
        return EXIT_OS_ERROR
    except KeyboardInterrupt:
        click.echo("clew: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a database failure met outside the engine, or a bug: one line
        from clew.store.failures import translate

        error = translate(exc, "the store")
        if error is not None:
            click.echo(f"clew: error: {error}", err=True)
            return error.exit_code
        if os.environ.get("CLEW_DEBUG"):
            raise
        click.echo(
            f"clew: internal error: {type(exc).__name__}: {exc} (a bug: please report it; "
            "CLEW_DEBUG=1 shows the details)",
            err=True,
        )
        return EXIT_INTERNAL
    return 0


if __name__ == "__main__":
    sys.exit(main())
