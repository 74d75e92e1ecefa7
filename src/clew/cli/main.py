"""``clew``: the command line. Commands hold no business logic; they call the packages.

Each capability's commands live in their own module and are listed in ``COMMAND_MODULES``.
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

COMMAND_MODULES = (
    "clew.cli.workspace",
    "clew.cli.operations",
    "clew.cli.ingest",
    "clew.cli.sources",
    "clew.cli.demo",
    "clew.cli.analyse",
    "clew.cli.resolve",
    "clew.cli.network",
    "clew.cli.subject",
    "clew.cli.search",
    "clew.cli.money",
    "clew.cli.media",
    "clew.cli.export",
    "clew.cli.evaluate",
    "clew.cli.server",
    "clew.cli.leads",
    "clew.cli.outcomes",
    "clew.cli.stats",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).COMMANDS:
        cli.add_command(_command)


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
