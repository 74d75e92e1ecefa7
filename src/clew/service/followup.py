"""Following a lead package: its versions and their moves, its outcomes, and a subject's leads.

What the web app's package page and subject page show beside the signed document (issue 14
items 4 and 9): the register rows of every version of a package (built, approved, released,
superseded — by whom and when), the outcomes partners reported for it, and, for one subject,
the packages it is in and the outcomes tied to it.

Audit: :func:`package_view` is one read of the package, audited ``leads.read`` by the
register (as ``GET …/leads/{id}``); :func:`outcomes` (every outcome) ``leads.read`` too;
:func:`of_subject` is part of the subject page and writes
no record of its own — the subject page's one ``subject.view`` record covers it (A1).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from clew.leads import register
from clew.service import leads
from clew.service.base import Result
from clew.store.base import Store
from clew.vocabulary import AuditAction

EXTRA_FIELDS = ("approved_at", "released_by")
OUTCOME_FIELDS = ("package_id", "version", "subject_id", "kind", "count", "date", "agency",
                  "country", "reference", "recorded_by", "recorded_at")  # fmt: skip


@dataclass(frozen=True)
class Version(Result):
    """One version of a package: its register entry, and when it was approved and by whom
    released (the register's other moves are in the entry)."""

    entry: register.Entry
    approved_at: str | None
    released_by: str | None


@dataclass(frozen=True)
class PackageView(Result):
    """The package page: the signed document of the version shown, every version, outcomes."""

    document: dict[str, Any]
    shown: Version
    versions: tuple[Version, ...]
    outcomes: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class SubjectLeads(Result):
    """The packages a subject is in (every version) and the outcomes tied to it."""

    packages: tuple[Version, ...]
    outcomes: tuple[dict[str, Any], ...]


def _versions(store: Store, where: dict[str, Any]) -> list[Version]:
    """The versions ``where`` selects, each entry saying what changed since it was built."""
    now = {f.result: f for f in store.freshness()}
    columns = [*register.FIELDS, *EXTRA_FIELDS, "results"]
    rows = store.select("lead_packages", where, columns, order_by=["package_id", "version"])
    return [
        Version(
            replace(register.entry(r), changed=register.changed_since(r["results"], now)),
            r["approved_at"],
            r["released_by"],
        )
        for r in rows
    ]


def _outcomes(store: Store, where: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    rows = store.select("lead_outcomes", where, list(OUTCOME_FIELDS), order_by=["date", "package_id"])
    return tuple(rows)


def package_view(store: Store, package_id: str, version: int | None = None) -> PackageView:
    """The package ``package_id`` (its latest version unless ``version``); ``NotFound`` when this
    operation has none. Audited ``leads.read`` once, by the register's document read."""
    document = leads.document(store, package_id, version)
    versions = _versions(store, {"package_id": package_id})
    shown = next(v for v in versions if v.entry.version == document["envelope"]["version"])
    return PackageView(document, shown, tuple(versions), _outcomes(store, {"package_id": package_id}))


def outcomes(store: Store, kind: str | None = None) -> list[dict[str, Any]]:
    """Every outcome partners reported (of one ``kind`` if given), by date: the rows ``clew
    stats`` counts. Audited ``leads.read`` (target ``outcomes``)."""
    rows = [r for r in _outcomes(store, {}) if kind is None or r["kind"] == kind]
    store.audit(AuditAction.LEADS_READ, "outcomes", {"outcomes": len(rows), "kind": kind})
    return rows


def of_subject(store: Store, subject_id: str) -> SubjectLeads:
    """Every package version that holds ``subject_id`` and the outcomes reported for it. Not
    audited here: called inside a consultation that audits itself (the subject view)."""
    keys = store.select("lead_package_subjects", {"subject_id": subject_id}, ["package_id", "version"])
    held = {(r["package_id"], r["version"]) for r in keys}
    if not held:
        return SubjectLeads((), ())
    versions = _versions(store, {"package_id": sorted({p for p, _ in held})})
    packages = tuple(v for v in versions if (v.entry.package_id, v.entry.version) in held)
    return SubjectLeads(packages, _outcomes(store, {"subject_id": subject_id}))
