"""From the paths a user gives to the files to load, each with its source context.

Folders are walked recursively (sorted, hidden files left out); each folder's
``source.yaml`` applies to its own files, also to a file named directly. The country for
national-format numbers is, first that applies: the manifest's ``country``; the ``country``
of the manifest's ``owner`` entity (looked up in the FtM files of the same folder, then in
the store); the numbering plan of the owner's own numbers written with their international
prefix, when they all agree (see :func:`owner_country`); the ``--country`` option. One rule for
every source, a UFDR's device country included: what the source states of itself comes first,
then what its own evidence shows of its device, and only then ``--country``, a default for a
whole batch of files that may hold a handset with a foreign SIM (an analyst who knows better
states it per source in the manifest). The choice and its reason are the file's
:class:`clew.ingest.region.Region`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import orjson

from clew.errors import FormatError, Location, UserError
from clew.fswalk import Found, Oddity, walk
from clew.identifiers import REGISTRY
from clew.ingest.ftm import FtMReader
from clew.ingest.lines import read_lines
from clew.ingest.manifest import Manifest, load_manifest
from clew.ingest.records import SourceContext
from clew.ingest.region import NO_REGION, Clue, Region, infer
from clew.ingest.registry import detect, is_data_file
from clew.model.countries import stated_country
from clew.store.base import Store


@dataclass
class Planned:
    ctx: SourceContext
    fmt: str | None  # None: no format fits (ignored in a folder, an error for a named file)
    named: bool  # given by name on the command line (not found in a folder walk)
    note: str | None = None  # why it is not read (a link, a FIFO, ...): never opened


def expand(paths: list[Path], oddities: list[Oddity] | None = None) -> list[tuple[Path, bool]]:
    """Files under ``paths`` with whether each was named directly; a missing path is a UserError.

    Folders are walked by :func:`clew.fswalk.walk` (regular files only; links, FIFOs, devices
    and sockets are never opened and are appended to ``oddities``, with the data files'
    names). A Clew workspace inside a folder (``workspace.json`` beside ``clew.db``) is not
    evidence.
    """
    out: list[tuple[Path, bool]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found: list[Path] = []
            for entry in walk([path], hidden=False):
                if isinstance(entry, Found):
                    found.append(Path(entry.fs_path))
                elif oddities is not None and not entry.read and is_data_file(Path(entry.path)):
                    oddities.append(entry)
            workspaces = [
                p.parent for p in found if p.name == "workspace.json" and (p.parent / "clew.db").is_file()
            ]
            found = [p for p in found if not any(p.is_relative_to(w) for w in workspaces)]
            out.extend((p, False) for p in found if is_data_file(p))
        elif path.is_file():
            out.append((path, True))
        else:
            raise UserError("no such file or folder", Location(file=str(path)))
    seen: set[Path] = set()
    unique = []
    for path, named in out:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((path, named))
    return unique


def plan(
    store: Store,
    paths: list[Path],
    *,
    country: str | None,
    source_label: str | None,
    mapping: Path | None,
) -> list[Planned]:
    """Every file under ``paths`` with its context and format (see the module doc for the
    country); a file named directly that no format fits is a FormatError."""
    country = stated_country(country, "--country")
    manifests: dict[Path, Manifest] = {}
    owner_regions: dict[Path, Region] = {}
    oddities: list[Oddity] = []
    files = expand(paths, oddities)
    planned = [Planned(SourceContext(path=Path(o.path)), None, False, o.note) for o in oddities]
    for path, named in files:
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
        manifest = manifests[folder]
        ctx = SourceContext(
            path=path,
            label=manifest.label or source_label,
            kind=manifest.kind,
            owner=manifest.owner,
            mapping=mapping
            if mapping is not None
            and path.suffix.lower() in (".csv", ".xlsx")
            and not path.name.lower().endswith(".p2p.csv")
            else None,
        )
        fmt = detect(path, ctx)
        planned.append(Planned(ctx, fmt, named))
        if named and fmt is None:
            raise FormatError(
                "not a known input format (see docs/formats.md; CSV/Excel need a mapping)",
                Location(file=str(path)),
            )
    planned = _without_extracted_files(planned)
    for item in planned:
        if item.note:
            continue
        folder = item.ctx.path.parent
        manifest = manifests[folder]
        if manifest.owner and not manifest.country and folder not in owner_regions:
            folder_files = [
                p.ctx.path for p in planned if p.ctx.path.parent == folder and p.fmt == FtMReader.name
            ]
            owner_regions[folder] = owner_country(store, manifest.owner, folder_files)
        item.ctx.extra.update(exporter=manifest.exporter, date_order=manifest.date_order)
        owned = owner_regions.get(folder, NO_REGION)
        if manifest.country:
            item.ctx.region = Region(manifest.country, None, own_first=False)
        elif owned.country:  # the device's own evidence beats the batch default, as in a UFDR
            item.ctx.region = owned
        elif country:
            item.ctx.region = Region(country)
        else:
            item.ctx.region = owned  # none, or why none (owner numbers of several plans)
    return planned


def _without_extracted_files(planned: list[Planned]) -> list[Planned]:
    """Leave out the files of a folder holding a UFDR ``report.xml`` that no format reads: they
    are the extraction's files, which the report lists and its reader hashes."""
    reports = [p.ctx.path.parent for p in planned if p.fmt == "ufdr" and p.ctx.path.suffix.lower() == ".xml"]
    if not reports:
        return planned
    return [
        p
        for p in planned
        if p.fmt is not None or p.named or not any(p.ctx.path.is_relative_to(r) for r in reports)
    ]


def owner_country(store: Store, owner: str, files: list[Path]) -> Region:
    """The region of the device owned by entity ``owner``.

    The owner's ``country`` (from the folder's FtM files, else from the store; no basis: the
    source's country is a stated fact). Without one, :func:`clew.ingest.region.infer` on the
    owner's own numbers written with their international prefix: a national-format number
    saved on a handset is dialled through its SIM, i.e. read against the SIM's home plan, and
    the owner's own numbers are the SIM's. The basis names them and is the evidence of every
    attribution read against it. Owner numbers of several plans (a foreign second SIM) decide
    nothing: the national numbers stay unnormalised, the conflict their reason.
    """
    country, phones = _owner_record(owner, files)
    if country:
        return Region(country)
    for row in store.select("statements", {"entity_id": owner, "prop": "country"}, columns=["value", "raw"]):
        value = (row["value"] or row["raw"] or "").strip()
        if len(value) == 2:
            return Region(value.upper())
    if not phones:
        rows = store.select("statements", {"entity_id": owner, "prop": "phone"}, columns=["raw"])
        phones = [r["raw"] for r in rows]
    clues = []
    for raw in phones:
        norm = REGISTRY["phone"].normalise(raw, None) if isinstance(raw, str) else None
        if norm is not None and norm.valid and norm.country:
            says = f"the owner {owner}'s own number {raw.strip()}, written with the international prefix"
            clues.append(Clue("own-number", norm.country, says))
    return infer(clues)


def _owner_record(owner: str, files: list[Path]) -> tuple[str | None, list]:
    """The owner entity's first two-letter ``country`` and its ``phone`` values, from ``files``."""
    needle = orjson.dumps(owner)
    for path in files:
        with path.open("rb") as fh:
            for line in read_lines(fh):
                if line.oversized or needle not in line.data:
                    continue
                try:
                    obj = orjson.loads(line.data.removeprefix(codecs.BOM_UTF8))
                except orjson.JSONDecodeError:
                    continue
                if isinstance(obj, dict) and obj.get("id") == owner:
                    props = obj.get("properties") or {}
                    countries, phones = props.get("country") or [], props.get("phone") or []
                    for value in countries if isinstance(countries, list) else [countries]:
                        if isinstance(value, str) and len(value.strip()) == 2:
                            return value.strip().upper(), []
                    return None, phones if isinstance(phones, list) else [phones]
    return None, []
