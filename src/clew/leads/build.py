"""``clew leads build``: packages for the chosen countries, versioned in the register, signed,
their preservation requests recorded, and (with ``out``) written in every format as
``DIR/<COUNTRY>/<package-id>.json``, ``.stix.json``, ``.ftm.jsonl``, ``.pdf`` and the
preservation requests as ``.preservation.json`` / ``.preservation.pdf``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from clew.errors import UserError
from clew.leads import content as content_mod
from clew.leads import jurisdiction as jurisdiction_mod
from clew.leads import preservation, register, signing
from clew.leads import priority as priority_mod
from clew.leads.directory import Directory
from clew.leads.package import Package, Sender, assemble, by_country, now, package_id
from clew.store.base import Store
from clew.vocabulary import AuditAction


@dataclass
class BuildResult:
    packages: list[Package] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # countries with no subject at this priority
    unchanged: list[register.Entry] = field(default_factory=list)  # approved/released, kept as they are


def priorities(store: Store) -> dict[str, dict]:
    found = {
        r["subject_id"]: {"priority": r["priority"], "reasons": json.loads(r["reasons"])}
        for r in store.select("subject_priority", columns=["subject_id", "priority", "reasons"])
    }
    return found or priority_mod.compute(store)


def build(
    store: Store,
    workspace: Path,
    directory: Directory,
    *,
    countries: set[str] | None = None,
    min_priority: float = 0.0,
    sender: Sender | None = None,
    out: Path | None = None,
    grades: dict[str, tuple[str, str]] | None = None,
) -> BuildResult:
    """Build (or rebuild the drafts of) the packages of ``countries`` (all when None). An approved
    or released package whose content would not change is kept (``unchanged``), not superseded;
    with ``out`` its stored version is written. ``grades``: the analyst's evaluation of sources
    (:mod:`clew.leads.evaluation`)."""
    sender = sender or Sender()
    used = {f.result: f.run_id for f in store.freshness()}  # taken before reading them
    prio = priorities(store)
    juris = jurisdiction_mod.compute(store)
    if not juris:
        raise UserError("no subjects: run `clew analyse` (or `clew demo`) before building leads")
    juris = {s: j for s, j in juris.items() if prio.get(s, {}).get("priority", 0.0) >= min_priority}
    groups = by_country(juris, countries)
    result = BuildResult(skipped=sorted((countries or set()) - set(groups)))
    wanted = {s for subjects in groups.values() for s in subjects}
    attributed = {s: j.attributed for s, j in juris.items()}
    material = content_mod.gather(store, wanted, attributed, grades)
    key = signing.signing_key(workspace)
    created = now()
    for country in sorted(groups):
        subjects = sorted(groups[country], key=lambda s: (-prio.get(s, {}).get("priority", 0.0), s))
        partner = directory.partner(country)
        pid = package_id(store.operation, country)
        version, supersedes = register.next_version(store, pid)
        doc = assemble(
            operation=store.operation,
            country=country,
            version=version,
            supersedes=supersedes,
            partner=partner,
            sender=sender,
            subjects=subjects,
            jurisdiction=juris,
            content=material,
            priority=prio,
            created_at=created,
        )
        kept = register.unchanged(store, pid, doc) if supersedes is not None else None
        if kept is not None:
            result.unchanged.append(kept)
            if out is not None:
                result.files.extend(write(store, register.document(store, pid, kept.version), out))
            continue
        pkg = Package(
            pid,
            version,
            country,
            partner.agency,
            partner.channel,
            tuple(subjects),
            doc["handling"]["tlp"],
            signing.sign(doc, key),
            supersedes,
        )
        with store.transaction():
            register.save(store, pkg, store.principal.name, used)
            preservation.save(store, pid, version, doc["evidence"]["preservation_requests"])
            store.audit(
                AuditAction.LEADS_BUILD,
                f"{pid} v{version}",
                {"country": country, "subjects": len(subjects), "sha256": pkg.sha256},
            )
        result.packages.append(pkg)
        if out is not None:
            result.files.extend(write(store, pkg.document, out))
    return result


def write(store: Store, document: dict, out: Path) -> list[Path]:
    """Every format of one package into ``out/<COUNTRY>/``. Audited ``leads.export``."""
    from clew.leads.formats import ftm, json_package, pdf, stix

    env = document["envelope"]
    folder = Path(out) / env["receiving_country"]
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / env["package_id"]
    files = [
        json_package.write(document, Path(f"{stem}.json")),
        stix.write(document, Path(f"{stem}.stix.json")),
        ftm.write(document, Path(f"{stem}.ftm.jsonl")),
        pdf.write(document, Path(f"{stem}.pdf")),
        json_package.write_preservation(document, Path(f"{stem}.preservation.json")),
        pdf.write_preservation(document, Path(f"{stem}.preservation.pdf")),
    ]
    store.audit(
        AuditAction.LEADS_EXPORT,
        f"{env['package_id']} v{env['version']}",
        {"folder": str(folder), "files": [p.name for p in files]},
    )
    return files
