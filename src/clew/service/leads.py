"""Lead packages for every interface: build, list, read, approve, release, download.

Thin typed functions over ``clew.leads`` that the CLI's figures come from too, so the REST API
and the web app show what ``clew leads …`` prints. Who may call which one is the interface's
business (the server checks the caller's permissions, ``clew.access.roles``); what holds for
every caller is here and below: a package is approved by someone other than its builder
(four-eyes, ``clew.leads.register``), a released package never changes, every read, change and
download is audited with the package id and its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clew.errors import Forbidden, NotFound, UserError
from clew.leads import directory as directory_mod
from clew.leads import preservation as preservation_mod
from clew.leads import register
from clew.leads.build import build as run_build
from clew.leads.package import Sender
from clew.leads.vocabulary import DEFAULT_TLP
from clew.service.base import Result
from clew.store.base import Store
from clew.vocabulary import AuditAction

Entry = register.Entry


@dataclass(frozen=True)
class Built(Result):
    """One package a build wrote (or rebuilt as a draft)."""

    package_id: str
    version: int
    country: str
    agency: str
    subjects: int
    sha256: str


@dataclass(frozen=True)
class BuildReport(Result):
    packages: tuple[Built, ...]
    no_subjects: tuple[str, ...]  # countries asked for that have no subject at this priority
    unchanged: tuple[Built, ...] = ()  # approved or released packages a rebuild would not change


@dataclass(frozen=True)
class Download:
    """One format of one package: its bytes, a file name and the media type to serve it as."""

    filename: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _writers() -> dict[str, tuple[str, str, Callable[[dict[str, Any], Path], Path]]]:
    from clew.leads.formats import ftm, json_package, pdf, stix

    return {
        "json": (".json", "application/json", json_package.write),
        "stix": (".stix.json", "application/stix+json;version=2.1", stix.write),
        "ftm": (".ftm.jsonl", "application/x-ndjson", ftm.write),
        "pdf": (".pdf", "application/pdf", pdf.write),
        "preservation-json": (".preservation.json", "application/json", json_package.write_preservation),
        "preservation-pdf": (".preservation.pdf", "application/pdf", pdf.write_preservation),
    }


FORMATS: tuple[str, ...] = ("json", "stix", "ftm", "pdf", "preservation-json", "preservation-pdf")
"""What a package downloads as (``clew leads build --out`` writes them all)."""


def sender(
    unit: str | None = None,
    contact: str | None = None,
    case_refs: Iterable[str] = (),
    *,
    tlp: str = DEFAULT_TLP,
    restrictions: tuple[str, ...] = (),
) -> Sender:
    """Who sends the packages, as every interface takes it: an empty ``unit`` or ``contact``
    keeps ``Sender``'s placeholder, so a package never names a blank sending unit."""
    given = {k: v for k, v in {"unit": unit, "contact": contact}.items() if v}
    return Sender(**given, case_refs=tuple(case_refs), tlp=tlp, restrictions=restrictions)


def build(
    store: Store,
    workspace: Path,
    *,
    countries: set[str] | None = None,
    min_priority: float = 0.0,
    unit: str | None = None,
    contact: str | None = None,
    case_refs: tuple[str, ...] = (),
) -> BuildReport:
    """Build (or rebuild the drafts of) the packages of ``countries`` (every country when
    None) from the operation's priorities, with its partner directory, sent by ``sender(unit,
    contact, case_refs)``; as ``clew leads build``."""
    found = directory_mod.for_operation(workspace, store.operation)
    result = run_build(
        store,
        workspace,
        found,
        countries={c.upper() for c in countries} if countries else None,
        min_priority=min_priority,
        sender=sender(unit, contact, case_refs),
    )
    packages = tuple(
        Built(p.package_id, p.version, p.country, p.agency, len(p.subjects), p.sha256)
        for p in result.packages
    )
    kept = tuple(
        Built(e.package_id, e.version, e.country, e.agency, e.subjects, e.sha256) for e in result.unchanged
    )
    return BuildReport(packages, tuple(result.skipped), kept)


def _known(store: Store, package_id: str, version: int | None = None) -> dict[str, Any]:
    """The package's row (latest version by default); NotFound when this operation has none
    (a package of another operation is not there, as far as the caller can tell)."""
    where: dict[str, Any] = {"package_id": package_id}
    if version is not None:
        where["version"] = version
    rows = list(
        store.select("lead_packages", where, ["package_id", "version", "built_by"], order_by=["version"])
    )
    if not rows:
        raise NotFound(f"no lead package {package_id}" + (f" version {version}" if version else ""))
    return rows[-1]


def entries(store: Store) -> list[Entry]:
    """The dissemination register (``clew leads list --json``). Audited ``leads.read``."""
    return register.entries(store)


def document(store: Store, package_id: str, version: int | None = None) -> dict[str, Any]:
    """A package's signed JSON document (the latest version by default). Audited ``leads.read``."""
    _known(store, package_id, version)
    return register.document(store, package_id, version)


def person(principal_name: str) -> str:
    """The person a principal names: ``user:ana`` -> ``ana`` (a local principal is itself)."""
    return principal_name.split(":", 1)[-1]


def approve(store: Store, package_id: str, version: int | None = None) -> Entry:
    """Approve a draft as the store's principal: refused (``Forbidden``, the refusal audited)
    when they built it — four-eyes, the approver is who calls, never a name they type.
    Audited ``leads.approve``."""
    row = _known(store, package_id, version)
    approver = person(store.principal.name)
    if approver.casefold() == person(row["built_by"]).casefold():
        store.audit(
            AuditAction.LEADS_APPROVE,
            f"{package_id} v{row['version']}",
            {"reason": "the builder may not approve"},
            "denied",
        )
        raise Forbidden(f"you built {package_id} v{row['version']}: someone else must approve it")
    return register.approve(store, package_id, approver, row["version"])


def release(store: Store, package_id: str, to: str | None = None, version: int | None = None) -> Entry:
    """Release an approved package (to the directory's agency unless ``to``); it becomes
    immutable and its preservation requests are sent. Audited ``leads.release``."""
    _known(store, package_id, version)
    return register.release(store, package_id, to, version)


def download(store: Store, package_id: str, fmt: str, version: int | None = None) -> Download:
    """One format of a stored package, made from its signed document. Audited ``leads.export``
    with the format and the SHA-256 of what was handed out."""
    if fmt not in FORMATS:
        raise UserError(f"unknown package format {fmt!r} (one of {', '.join(FORMATS)})")
    suffix, media_type, write = _writers()[fmt]
    row = _known(store, package_id, version)
    stored = store.select(
        "lead_packages", {"package_id": package_id, "version": row["version"]}, ["document"]
    )
    doc = json.loads(next(iter(stored))["document"])  # audited once, below, as the export it is
    env = doc["envelope"]
    with tempfile.TemporaryDirectory(prefix="clew-lead-") as tmp:
        path = write(doc, Path(tmp) / f"package{suffix}")
        out = Download(f"{env['package_id']}-v{env['version']}{suffix}", media_type, path.read_bytes())
    store.audit(
        AuditAction.LEADS_EXPORT,
        f"{env['package_id']} v{env['version']}",
        {"format": fmt, "sha256": out.sha256, "package_sha256": doc.get("integrity", {}).get("sha256")},
    )
    return out


def preservation(store: Store, within_days: int | None = None) -> list[dict[str, Any]]:
    """Preservation requests with their expiry, soonest first (``clew leads preservation --json``)."""
    from datetime import timedelta

    within = timedelta(days=within_days) if within_days is not None else None
    return [r.as_dict() for r in preservation_mod.listing(store, within)]
