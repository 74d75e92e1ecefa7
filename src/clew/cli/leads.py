"""`clew leads`: build lead packages per receiving country, list, show, verify, approve, release,
and track preservation requests. Logic lives in ``clew.leads``; this module only parses and prints."""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import note_stale, print_json, print_table
from clew.leads.vocabulary import DEFAULT_TLP, TLP_MARKINGS


@click.group()
def leads() -> None:
    """Lead packages to partner countries: build, approve, release, preservation."""


@leads.command("build")
@click.option("--country", "countries", multiple=True, help="ISO country code (repeatable).")
@click.option("--all", "all_", is_flag=True, help="Every country with at least one subject.")
@click.option(
    "--min-priority", type=float, default=0.0, show_default=True, help="Leave out lower priorities."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write every format to OUT/<COUNTRY>/ (JSON, STIX, FtM, PDF, preservation).",
)
@click.option("--unit", default=None, help="Sending unit named in the envelope.")
@click.option("--contact", default=None, help="Sending unit's point of contact.")
@click.option("--case-ref", "case_refs", multiple=True, help="Sender case reference (repeatable).")
@click.option(
    "--tlp",
    type=click.Choice(list(TLP_MARKINGS)),
    default=DEFAULT_TLP,
    show_default=True,
    help="TLP 2.0 label (subject data: AMBER+STRICT unless the unit decides otherwise).",
)
@click.option("--restriction", "restrictions", multiple=True, help="Other restriction, as handling code H3.")
@click.option(
    "--directory",
    "directory_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Partner directory YAML (default: the operation's, else the shipped one).",
)
@click.option(
    "--evaluation",
    "evaluations",
    multiple=True,
    metavar="SOURCE=CODE",
    help="Grade a source (label or kind) A/B/C/X + 1-4, e.g. tip-report=B3 (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def build(
    ctx: Context,
    countries: tuple[str, ...],
    all_: bool,
    min_priority: float,
    out: Path | None,
    unit: str | None,
    contact: str | None,
    case_refs: tuple[str, ...],
    tlp: str,
    restrictions: tuple[str, ...],
    directory_file: Path | None,
    evaluations: tuple[str, ...],
    as_json: bool,
) -> None:
    """Build (or rebuild the drafts of) lead packages, one per receiving country."""
    from clew.errors import UserError
    from clew.leads import directory, evaluation
    from clew.leads.build import build as run
    from clew.leads.package import Sender

    if not countries and not all_:
        raise UserError("say which packages: --country XX (repeatable) or --all")
    grades = evaluation.parse(evaluations)
    with ctx.store() as store:
        note_stale(store, enabled=not as_json)
        found = (
            directory.load(directory_file)
            if directory_file
            else directory.for_operation(ctx.workspace_path, store.operation)
        )
        sender = Sender(
            **{k: v for k, v in {"unit": unit, "contact": contact}.items() if v},
            case_refs=case_refs,
            tlp=tlp,
            restrictions=restrictions,
        )
        result = run(
            store,
            ctx.workspace_path,
            found,
            countries={c.upper() for c in countries} or None,
            min_priority=min_priority,
            sender=sender,
            out=out,
            grades=grades,
        )
    rows = [
        {
            "package_id": p.package_id,
            "version": p.version,
            "country": p.country,
            "agency": p.agency,
            "subjects": len(p.subjects),
            "sha256": p.sha256,
        }
        for p in result.packages
    ]
    warnings = sorted({w for p in result.packages for w in p.document["envelope"]["warnings"]})
    if as_json:
        kept = [
            {"package_id": e.package_id, "version": e.version, "state": e.state} for e in result.unchanged
        ]
        print_json(
            {
                "packages": rows,
                "unchanged": kept,
                "files": [str(f) for f in result.files],
                "no_subjects": result.skipped,
                "warnings": warnings,
            }
        )
        return
    print_table(
        "Lead packages (draft)",
        ["package", "v", "country", "agency", "subjects"],
        [(r["package_id"], r["version"], r["country"], r["agency"], r["subjects"]) for r in rows],
    )
    for e in result.unchanged:
        click.echo(f"{e.package_id} v{e.version} is {e.state} and unchanged: kept, no new version")
    for cc in result.skipped:
        click.echo(f"no subject for {cc} at this priority: no package")
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if out:
        click.echo(f"wrote {len(result.files)} files under {out}")


@leads.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def list_(ctx: Context, as_json: bool) -> None:
    """Every package version with its country, state and subject count."""
    from dataclasses import asdict

    from clew.leads import register

    with ctx.store() as store:
        entries = register.entries(store)
    if as_json:
        print_json([asdict(e) for e in entries])
        return
    print_table(
        "Dissemination register",
        ["package", "v", "country", "state", "subjects", "built by", "approved by", "released to", "since"],
        [
            (
                e.package_id,
                e.version,
                e.country,
                e.state,
                e.subjects,
                e.built_by,
                e.approved_by,
                e.released_to,
                "; ".join(e.changed) or "results unchanged",
            )
            for e in entries
        ],
    )


@leads.command("export")
@click.argument("package_id")
@click.option("--version", type=int, default=None, help="Default: the latest.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
@pass_context
def export(ctx: Context, package_id: str, version: int | None, out: Path) -> None:
    """Write a stored package in every format to OUT/<COUNTRY>/."""
    from clew.leads import register
    from clew.leads.build import write

    with ctx.store() as store:
        files = write(store, register.document(store, package_id, version), out)
    click.echo("\n".join(str(f) for f in files))


@leads.command("verify")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--public-key", default=None, help="The sender's Ed25519 public key (hex) to check against.")
def verify(file: Path, public_key: str | None) -> None:
    """Check a JSON package's SHA-256 and Ed25519 signature."""
    from clew.leads.signing import verify_file

    click.echo(f"{file}: signature valid, sha256 {verify_file(file, public_key)}")


@leads.command("approve")
@click.argument("package_id")
@click.option("--approved-by", required=True, help="Name of the approving person (not the builder).")
@click.option("--version", type=int, default=None)
@pass_context
def approve(ctx: Context, package_id: str, approved_by: str, version: int | None) -> None:
    """Approve a draft package (someone other than its builder)."""
    from clew.leads import register

    with ctx.store() as store:
        e = register.approve(store, package_id, approved_by, version)
    click.echo(f"{e.package_id} v{e.version}: approved by {e.approved_by}")


@leads.command("release")
@click.argument("package_id")
@click.option("--to", "to", default=None, help="Recipient (default: the directory's agency).")
@click.option("--version", type=int, default=None)
@pass_context
def release(ctx: Context, package_id: str, to: str | None, version: int | None) -> None:
    """Release an approved package; it becomes immutable and its preservation requests are sent."""
    from clew.leads import register

    with ctx.store() as store:
        e = register.release(store, package_id, to, version)
    click.echo(f"{e.package_id} v{e.version}: released to {e.released_to} via {e.channel} ({e.tlp})")


@leads.command("preservation")
@click.option("--expiring-within", "within", default=None, help="Only those expiring within e.g. 30d, 2w.")
@click.option("--renew", "renew_id", default=None, help="Renew this request by its term.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def preservation_(ctx: Context, within: str | None, renew_id: str | None, as_json: bool) -> None:
    """Preservation requests with their expiry, soonest first."""
    from clew.leads import preservation

    with ctx.store() as store:
        if renew_id:
            r = preservation.renew(store, renew_id)
            click.echo(f"{r.request_id}: renewed until {r.expires_at}")
            return
        found = preservation.listing(store, preservation.parse_within(within) if within else None)
    if as_json:
        print_json([r.as_dict() for r in found])
        return
    print_table(
        "Preservation requests",
        ["request", "provider", "account", "sent", "expires", "renewals"],
        [
            (r.request_id, r.provider, r.account, r.sent_at or "not sent", r.expires_at or "", r.renewals)
            for r in found
        ],
    )


@leads.command("schema")
@click.option("--feedback", is_flag=True, help="The feedback file's schema instead.")
def schema(feedback: bool) -> None:
    """Print the published JSON Schema of lead packages (or of partner feedback)."""
    import json

    from clew.leads.formats.json_package import FEEDBACK_SCHEMA, SCHEMA

    click.echo(json.dumps(FEEDBACK_SCHEMA if feedback else SCHEMA, indent=2))


@leads.command("directory")
@click.option("--init", "init", is_flag=True, help="Copy the shipped directory for this operation to edit.")
@pass_context
def directory_(ctx: Context, init: bool) -> None:
    """Show the operation's partner directory (with --init, create it from the shipped one)."""
    from clew.leads import directory

    with ctx.store() as store:
        found = (
            directory.init_for_operation(store, ctx.workspace_path)
            if init
            else directory.for_operation(ctx.workspace_path, store.operation)
        )
    click.echo(f"{found.path}: {len(found.countries)} countries")


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
    from clew.leads import deconflict as dc

    with ctx.store() as store:
        session = dc.offer(
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
    from clew.leads import deconflict as dc

    with ctx.store() as store:
        n = dc.respond(store, offer_file, out, kinds=kinds or dc.DEFAULT_KINDS, secret=_secret(secret_file))
    click.echo(f"answered an offer of {n} identifiers: {out}")


@deconflict.command("finish")
@click.argument("response_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--secret-file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def finish(ctx: Context, response_file: Path, secret_file: Path | None, as_json: bool) -> None:
    """The identifiers both sides hold, with your subjects that hold them."""
    from dataclasses import asdict

    from clew.leads import deconflict as dc

    with ctx.store() as store:
        found = dc.finish(store, response_file, secret=_secret(secret_file))
    if as_json:
        print_json(asdict(found))
        return
    print_table(
        f"Overlap ({len(found.matches)} of {found.offered} offered; partner holds {found.partner_items})",
        ["identifier", "local subjects"],
        [(k, ", ".join(v)) for k, v in found.matches.items()],
    )


COMMANDS: list[click.Command] = [leads, deconflict]
