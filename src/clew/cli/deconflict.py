"""`clew deconflict`: private set intersection with a partner agency — offer, respond, finish.

The exchange is ``clew.service.deconfliction``'s file forms (files in, files out); this module
reads the secret file, makes the call and prints. Each side learns only the identifiers both hold.
"""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table


@click.group()
def deconflict() -> None:
    """Private set intersection with a partner agency: offer, respond, finish."""


KINDS_HELP = "Identifier kind to offer (repeatable; default: phone, email, username, bank, crypto, device)."


def _secret(path: Path | None) -> bytes | None:
    return path.read_bytes().strip() if path else None


@deconflict.command("offer")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--kind", "kinds", multiple=True, help=KINDS_HELP)
@click.option("--mode", type=click.Choice(["psi", "hmac"]), default="psi", show_default=True)
@click.option(
    "--secret-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="hmac mode: the secret shared with the partner.",
)
@pass_context
def offer(ctx: Context, out: Path, kinds: tuple[str, ...], mode: str, secret_file: Path | None) -> None:
    """Write an offer file for the partner (your identifiers, blinded)."""
    from clew.service import deconfliction as dc

    with ctx.store() as store:
        session = dc.offer_file(
            store, out, kinds=kinds or dc.DEFAULT_KINDS, mode=mode, secret=_secret(secret_file)
        )
    click.echo(
        f"offer {session} written to {out}: send it to the partner, then `clew deconflict finish` the answer"
    )


@deconflict.command("respond")
@click.argument("offer_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--kind", "kinds", multiple=True, help=KINDS_HELP)
@click.option("--secret-file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None)
@pass_context
def respond(
    ctx: Context, offer_file: Path, out: Path, kinds: tuple[str, ...], secret_file: Path | None
) -> None:
    """Answer a partner's offer with your identifiers (blinded); you learn only its size."""
    from clew.service import deconfliction as dc

    with ctx.store() as store:
        n = dc.respond_file(
            store, offer_file, out, kinds=kinds or dc.DEFAULT_KINDS, secret=_secret(secret_file)
        )
    click.echo(f"answered an offer of {n} identifiers: {out}")


@deconflict.command("finish")
@click.argument("response_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--secret-file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def finish(ctx: Context, response_file: Path, secret_file: Path | None, as_json: bool) -> None:
    """The identifiers both sides hold, with your subjects that hold them."""
    from dataclasses import asdict

    from clew.service import deconfliction as dc

    with ctx.store() as store:
        found = dc.finish_file(store, response_file, secret=_secret(secret_file))
    if as_json:
        print_json(asdict(found))
        return
    print_table(
        f"Overlap ({len(found.matches)} of {found.offered} offered; partner holds {found.partner_items})",
        ["identifier", "local subjects"],
        [(k, ", ".join(v)) for k, v in found.matches.items()],
    )


COMMANDS: list[click.Command] = [deconflict]
