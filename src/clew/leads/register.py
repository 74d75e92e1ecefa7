"""The dissemination register: every package version, its state and who moved it.

``draft`` → ``approved`` (by a named person other than its builder) → ``released`` (to whom,
through which channel, under which markings). A released package is immutable: rebuilding a
country whose package is approved or released writes a new version that supersedes it when what
it says changed (an unchanged one is left as it is); only a draft is rebuilt in place. Every
change and every read of a package is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from clew.errors import UserError
from clew.leads.package import Package, substance
from clew.leads.vocabulary import PACKAGE_STATES
from clew.model.statement import utcnow
from clew.store.base import Store
from clew.store.freshness import Freshness
from clew.vocabulary import AuditAction


@dataclass(frozen=True)
class Entry:
    """One row of the register (a package version), without its document."""

    package_id: str
    version: int
    country: str
    agency: str
    channel: str
    state: str
    subjects: int
    tlp: str
    built_by: str
    built_at: str
    approved_by: str | None
    released_at: str | None
    released_to: str | None
    supersedes: int | None
    sha256: str
    changed: tuple[str, ...] = ()
    """Analysis results recomputed or gone stale since the package was built, in words (empty:
    it shows what the stored results say now); a released package is not changed, but a
    correction may be due (``clew leads build`` writes a new version)."""


FIELDS = [f.name for f in Entry.__dataclass_fields__.values() if f.name != "changed"]


class ReleasedImmutable(UserError):
    """A released (or superseded) package cannot change."""


def latest(store: Store, package_id: str) -> dict[str, Any] | None:
    rows = list(store.select("lead_packages", {"package_id": package_id}, order_by=["version"]))
    return rows[-1] if rows else None


def next_version(store: Store, package_id: str) -> tuple[int, int | None]:
    """(version to write, version it supersedes): a draft is rebuilt in place."""
    last = latest(store, package_id)
    if last is None:
        return 1, None
    if last["state"] == "draft":
        return last["version"], last["supersedes"]
    return last["version"] + 1, last["version"]


def unchanged(store: Store, package_id: str, document: dict[str, Any]) -> Entry | None:
    """The latest version when it is approved or released and ``document`` says the same as it:
    rebuilding it would only make a correction that corrects nothing."""
    row = latest(store, package_id)
    if row is None or row["state"] not in ("approved", "released"):
        return None
    return entry(row) if substance(json.loads(row["document"])) == substance(document) else None


def save(store: Store, package: Package, built_by: str, results: dict[str, str | None] | None = None) -> None:
    """Write (or rebuild the draft of) ``package``; marks the version it supersedes. ``results``:
    the run of each analysis result it was built from (what :func:`entries` compares)."""
    row = {
        "results": json.dumps(results, sort_keys=True) if results is not None else None,
        "package_id": package.package_id,
        "version": package.version,
        "country": package.country,
        "agency": package.agency,
        "channel": package.channel,
        "state": "draft",
        "subjects": len(package.subjects),
        "tlp": package.tlp,
        "built_by": built_by,
        "built_at": utcnow(),
        "supersedes": package.supersedes,
        "sha256": package.sha256,
        "document": json.dumps(package.document, ensure_ascii=False),
    }
    key = {"package_id": package.package_id, "version": package.version}
    with store.transaction():
        existing = next(iter(store.select("lead_packages", key, columns=["state"])), None)
        if existing and existing["state"] != "draft":
            raise ReleasedImmutable(f"package {package.package_id} v{package.version} is {existing['state']}")
        store.delete("lead_packages", key)
        store.delete("lead_package_subjects", key)
        store.insert("lead_packages", [row])
        store.insert("lead_package_subjects", [{**key, "subject_id": s} for s in package.subjects])
        if (
            package.supersedes
            and _get(store, package.package_id, package.supersedes)["state"] != "superseded"
        ):
            _move(store, package.package_id, package.supersedes, "superseded", {})  # once: a draft is rebuilt


def _get(store: Store, package_id: str, version: int | None = None) -> dict[str, Any]:
    if version is None:
        row = latest(store, package_id)
    else:
        row = next(iter(store.select("lead_packages", {"package_id": package_id, "version": version})), None)
    if row is None:
        raise UserError(
            f"no lead package {package_id}"
            + (f" version {version}" if version else "")
            + " (see `clew leads list`)"
        )
    return row


def _move(store: Store, package_id: str, version: int, state: str, values: dict[str, Any]) -> None:
    row = _get(store, package_id, version)
    if state not in PACKAGE_STATES[row["state"]].next:
        raise ReleasedImmutable(
            f"package {package_id} v{version} is {row['state']}: it cannot become {state}"
            + (" (a correction is a new version: rebuild it)" if row["state"] == "released" else "")
        )
    store.update("lead_packages", {"package_id": package_id, "version": version}, {"state": state, **values})


def approve(store: Store, package_id: str, approved_by: str, version: int | None = None) -> Entry:
    """Approve a draft; refused when ``approved_by`` is its builder. Audited ``leads.approve``."""
    row = _get(store, package_id, version)
    if not approved_by.strip():
        raise UserError("--approved-by needs the approving person's name")
    builder = row["built_by"].casefold()
    if approved_by.strip().casefold() in {builder, builder.split(":", 1)[-1]}:
        raise UserError(f"package {package_id} was built by {row['built_by']}: someone else must approve it")
    with store.transaction():
        _move(
            store,
            package_id,
            row["version"],
            "approved",
            {"approved_by": approved_by, "approved_at": utcnow()},
        )
        store.audit(
            AuditAction.LEADS_APPROVE,
            f"{package_id} v{row['version']}",
            {"approved_by": approved_by, "sha256": row["sha256"]},
        )
    return entry(_get(store, package_id, row["version"]))


def release(store: Store, package_id: str, to: str | None = None, version: int | None = None) -> Entry:
    """Release an approved package (to the directory's agency unless ``to``); sends its
    preservation requests. Audited ``leads.release`` with recipient, channel and markings."""
    from clew.leads import preservation

    row = _get(store, package_id, version)
    when = utcnow()
    recipient = to or row["agency"]
    with store.transaction():
        _move(
            store,
            package_id,
            row["version"],
            "released",
            {"released_by": store.principal.name, "released_at": when, "released_to": recipient},
        )
        sent = preservation.mark_sent(store, package_id, row["version"], when)
        store.audit(
            AuditAction.LEADS_RELEASE,
            f"{package_id} v{row['version']}",
            {
                "to": recipient,
                "channel": row["channel"],
                "tlp": row["tlp"],
                "country": row["country"],
                "subjects": row["subjects"],
                "sha256": row["sha256"],
                "preservation_requests": sent,
            },
        )
    return entry(_get(store, package_id, row["version"]))


def entry(row: dict[str, Any]) -> Entry:
    return Entry(**{k: row[k] for k in FIELDS})


def entries(store: Store) -> list[Entry]:
    """Every package version, by country then version, each with the analysis results changed
    since it was built. Audited ``leads.read``."""
    now = {f.result: f for f in store.freshness()}
    rows = [
        replace(entry(r), changed=changed_since(r["results"], now))
        for r in store.select("lead_packages", columns=[*FIELDS, "results"], order_by=["country", "version"])
    ]
    store.audit(AuditAction.LEADS_READ, "register", {"packages": len(rows)})
    return rows


def changed_since(results: str | None, now: dict[str, Freshness]) -> tuple[str, ...]:
    """What changed in the results a package was built from (``results``: its stored runs)."""
    if results is None:
        return ("built by an older Clew that did not record its results",)
    used: dict[str, str | None] = json.loads(results)
    out = []
    for kind, run_id in used.items():
        fresh = now.get(kind)
        if fresh is None or fresh.run_id != run_id:
            out.append(f"{kind} recomputed since")
        elif fresh.stale:
            out.append(f"{kind} stale")
    return tuple(out)


def document(store: Store, package_id: str, version: int | None = None) -> dict[str, Any]:
    """A package's signed document. Audited ``leads.read``."""
    row = _get(store, package_id, version)
    store.audit(AuditAction.LEADS_READ, f"{package_id} v{row['version']}", {"sha256": row["sha256"]})
    return json.loads(row["document"])


def released(store: Store, package_id: str, version: int | None = None) -> dict[str, Any] | None:
    """The released (or since superseded) version matching, or None."""
    where: dict[str, Any] = {"package_id": package_id, "state": ["released", "superseded"]}
    if version is not None:
        where["version"] = version
    rows = [r for r in store.select("lead_packages", where, order_by=["version"]) if r["released_at"]]
    return rows[-1] if rows else None
