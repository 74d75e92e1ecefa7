"""``clew media`` (hash, export, match, errors) and ``clew hashlist`` (import, list)."""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table, progress, who
from clew.media import HASHLIST_KINDS, MODES


@click.group()
def media() -> None:
    """Hash-only media: hash seized files, export hashes, match against hash lists."""


@media.command("hash")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", "source", required=True, help="Label of the exhibit (device image, return).")
@click.option("--holder", default=None, help="Entity id of the device owner / holder.")
@click.option("--mode", type=click.Choice(MODES), default="reference", show_default=True,
              help="PDQ: 'reference' = C++ CLI 512 px pre-resize; 'fullres' = pytx/HMA.")  # fmt: skip
@click.option("--workers", default=2, show_default=True, help="Processes hashing in parallel.")
@click.option("--follow-links", is_flag=True,
              help="Hash what symbolic links in folders point to (default: list them only).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
@pass_context
def hash_(ctx: Context, paths, source, holder, mode, workers, follow_links, as_json) -> None:
    """Hash every regular file of folders and zips (MD5, SHA-1, SHA-256; PDQ for images).

    Resumable. Links, device files, FIFOs, sockets and odd names are listed by
    `clew media errors`, never opened."""
    from clew.service import hashes

    with ctx.store() as store:
        if holder is not None:
            hashes.check_holder(store, holder)  # before the bar: the refusal is one line
    with ctx.store() as store, progress() as bar:
        task = bar.add_task("hashing", total=None)
        counts = hashes.hash_paths(
            store, list(paths), source=source, holder=holder, mode=mode, workers=workers,
            follow_links=follow_links,
            on_progress=lambda done, total: bar.update(task, completed=done, total=total),
        )  # fmt: skip
    if as_json:
        print_json(counts)
    else:
        click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
        if counts["errors"]:
            click.echo("skipped, unreadable or odd files: `clew media errors`")


@media.command("export")
@click.option("--out", required=True, type=click.Path(path_type=Path))
@pass_context
def export(ctx: Context, out: Path) -> None:
    """Write path,size,md5,sha1,sha256,pdq,quality of every hashed file as CSV."""
    from clew.service import hashes

    with ctx.store() as store:
        n = hashes.export_csv(store, out)
    click.echo(f"{n} files -> {out}")


@media.command("errors")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def errors(ctx: Context, as_json: bool) -> None:
    """Files skipped, unreadable or odd while hashing: links, special files, names, decode limits."""
    from clew.service import hashes

    with ctx.store() as store:
        rows = hashes.unreadable(store)
    if as_json:
        print_json(rows)
    else:
        print_table(
            "Media errors", ["source", "path", "error"], [(r["source"], r["path"], r["error"]) for r in rows]
        )


@media.command("match")
@click.option("--distance", default=31, show_default=True, help="Maximum PDQ Hamming distance (0-255).")
@click.option("--quality", default=50, show_default=True, help="Minimum PDQ quality of an item's hash.")
@click.option("--dihedral", is_flag=True, help="Also match rotated/mirrored copies (hashed files).")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def match(ctx: Context, distance: int, quality: int, dihedral: bool, as_json: bool) -> None:
    """Match files against known lists (exact + PDQ); flag possibly new material."""
    if not 0 <= distance <= 255:
        raise click.BadParameter("must be 0..255", param_hint="--distance")
    from clew.service import hashes

    with ctx.store() as store:
        summary = hashes.match(store, distance=distance, quality=quality, dihedral=dihedral)
        labels = {} if as_json else who(store, [s["subject_id"] for s in summary["per_subject"]])
    if as_json:
        print_json(summary)
        return
    click.echo(
        f"{summary['items']} items, {summary['known_good_excluded']} known-good excluded, "
        f"{summary['matched_items']} matched "
        f"({summary['matches_exact']} exact, {summary['matches_pdq']} PDQ), "
        f"{summary['possibly_new_items']} possibly new"
    )
    print_table(
        "Known material per subject",
        ["subject", "who", "items", "series"],
        [
            (
                s["subject_id"] or f"(no holder: exhibit {s['source']})",
                labels.get(s["subject_id"], ""),
                s["items"],
                ", ".join(s["series"]),
            )
            for s in summary["per_subject"]
        ],
    )
    for found in summary["lists"]:
        click.echo(f"caveat of {found['name']} ({found['matches']} matches): {found['caveat']}")
    print_table(
        "Possibly new material (victim-identification priority)",
        ["group", "items", "subjects"],
        [(g["group"], g["items"], ", ".join(g["subjects"])) for g in summary["possibly_new"]],
    )


@click.group()
def hashlist() -> None:
    """Hash lists of known material (and known-good lists to exclude)."""


@hashlist.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="Name of the list (re-importing a name replaces it).")
@click.option("--kind", type=click.Choice(HASHLIST_KINDS), required=True)
@click.option("--caveat", required=True, help="What the list is and is not (shown with every match).")
@click.option("--version", "version", default=None)
@click.option("--source", "source", default=None, help="Who issued the list.")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def import_(ctx: Context, file: Path, name, kind, caveat, version, source, as_json) -> None:
    """Import a CSV, Project VIC VICS JSON, NSRL NSRLFile.txt or ICSE CSV hash list."""
    from clew.service import hashes

    with ctx.store() as store:
        summary = hashes.import_list(
            store, file, name=name, kind=kind, caveat=caveat, version=version, source=source
        )
    if as_json:
        print_json(summary)
        return
    click.echo(
        f"{summary['name']} ({summary['kind']}, {summary['format']}): {summary['entries']} entries, "
        f"{summary['rejected']} rejected"
    )
    for line in summary["notes"] + summary["rejections"]:
        click.echo(f"  {line}")


@hashlist.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def list_(ctx: Context, as_json: bool) -> None:
    """The imported lists with kind, version, source and caveat."""
    from clew.service import hashes

    with ctx.store() as store:
        rows = hashes.lists(store)
    if as_json:
        print_json(rows)
        return
    cols = ["name", "kind", "format", "entries", "version", "source", "caveat", "imported_at"]
    print_table("Hash lists", cols, [[r[c] for c in cols] for r in rows])


COMMANDS: list[click.Command] = [media, hashlist]
