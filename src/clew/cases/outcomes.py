"""Outcomes: the feedback partners return for a released package, tied to it and its subjects.

``import_feedback`` reads the feedback block of a package, filled in (docs/formats.md,
``clew leads schema --feedback``); ``record`` is the same for one manual entry. A file is taken
whole or not at all: it must fit the schema, name a package that was released, and name only
that package's subjects; otherwise it is refused with one line naming the file, the line and
the field of the first bad entry (and how many more there are), and each bad entry is kept in
the quarantine table with its own line and field, so nothing is lost and nothing
half-imported (the file itself is not touched). Re-importing the
same file adds nothing (one row per package, subject, kind, date and agency).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clew.errors import Location, UserError
from clew.leads import register
from clew.leads.formats.json_package import FEEDBACK_SCHEMA
from clew.leads.vocabulary import OUTCOME_KINDS
from clew.model.statement import utcnow
from clew.store.base import Store
from clew.vocabulary import AuditAction, RunKind


@dataclass(frozen=True)
class ImportResult:
    package_id: str
    version: int
    outcomes: int
    added: int


class FeedbackError(UserError):
    """Feedback that cannot be tied to a released package and its subjects; ``more`` holds the
    file's other problems (each quarantined with its own line and field)."""

    def __init__(self, message: str, location: Location | None = None, more: tuple = ()) -> None:
        self.more: tuple[FeedbackError, ...] = more
        self.problem = " ".join(message.split())  # one line, without the count of the others
        extra = f" (and {len(more)} more problem{'s' if len(more) > 1 else ''}, quarantined)" if more else ""
        super().__init__(self.problem + extra, location)

    def __reduce__(self) -> tuple:
        return (type(self), (self.problem, self.location, self.more))


def _refuse(where: str, text: str | None, problems: list[tuple[list, str]]) -> FeedbackError:
    """One error for ``problems`` (``(path, message)``, document order), each at its line."""
    from clew.cases.jsonpos import line_of

    def one(path: list, message: str) -> FeedbackError:
        line = line_of(text, path) if text is not None else None
        return FeedbackError(message, Location(where, line, ".".join(map(str, path)) or "(document)"))

    errors = [one(p, m) for p, m in problems]
    first, *rest = sorted(errors, key=lambda e: (e.location.line if e.location else None) or 0)
    return FeedbackError(first.problem, first.location, tuple(rest))


def _check(
    store: Store, body: Any, where: str, text: str | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(FEEDBACK_SCHEMA)
    invalid = [(list(e.absolute_path), e.message) for e in validator.iter_errors(body)]
    invalid += [
        (["outcomes", i, "date"], f"{o['date']!r} is not a calendar date")
        for i, o in enumerate(body["outcomes"]) if not invalid and not _is_day(o["date"])
    ]  # fmt: skip
    if invalid:
        raise _refuse(where, text, invalid)
    package = register.released(store, body["package_id"], body.get("version"))
    if package is None:
        version = f" version {body['version']}" if body.get("version") else ""
        message = (
            f"no released lead package {body['package_id']}{version}: feedback must answer a "
            "package that was released (see `clew leads list`)"
        )
        raise _refuse(where, text, [(["package_id"], message)])
    subjects = {
        r["subject_id"]
        for r in store.select(
            "lead_package_subjects", {"package_id": package["package_id"], "version": package["version"]}
        )
    }
    strangers = [
        (["outcomes", i, "subject_id"], f"subject {o['subject_id']} is not in {package['package_id']} "
         f"v{package['version']}")
        for i, o in enumerate(body["outcomes"]) if o.get("subject_id") and o["subject_id"] not in subjects
    ]  # fmt: skip
    if strangers:
        raise _refuse(where, text, strangers)
    rows = []
    for o in body["outcomes"]:
        rows.append(
            {
                "package_id": package["package_id"],
                "version": package["version"],
                "subject_id": o.get("subject_id"),
                "kind": o["kind"],
                "count": int(o.get("count", 1)),
                "date": o["date"][:10],
                "agency": body["reporting_agency"],
                "country": body.get("country") or package["country"],
                "reference": o.get("reference"),
            }
        )
    return package, rows


def _is_day(text: str) -> bool:
    """Whether the schema's ``YYYY-MM-DD…`` is a real day: the pattern lets ``2026-02-30`` by."""
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def import_feedback(store: Store, path: Path) -> ImportResult:
    """Import a partner's feedback file. Audited ``outcomes.import``; refused files quarantined."""
    return import_bytes(store, Path(path).read_bytes(), str(path))


def import_bytes(store: Store, raw: bytes, where: str) -> ImportResult:
    """Import feedback received as bytes (a file, an upload) named ``where`` in errors, the
    quarantine and the audit record; as :func:`import_feedback`."""
    try:
        text = raw.decode("utf-8")
        body = json.loads(text)
        package, rows = _check(store, body, where, text)
    except (ValueError, UserError) as exc:
        error = exc if isinstance(exc, UserError) else _unreadable(exc, where)
        _quarantine(store, where, raw, error)
        raise error from exc
    return _store(store, package, rows, where)


def record(
    store: Store,
    package_id: str,
    kind: str,
    date: str,
    agency: str,
    *,
    subject_id: str | None = None,
    count: int = 1,
    reference: str | None = None,
    version: int | None = None,
) -> ImportResult:
    """One outcome entered by hand. Audited ``outcomes.record``."""
    if kind not in OUTCOME_KINDS:
        raise FeedbackError(
            f"unknown outcome {kind!r} (one of {', '.join(OUTCOME_KINDS)})", Location(field="kind")
        )
    if not _is_day(date):
        raise FeedbackError(f"{date!r} is not a calendar date (YYYY-MM-DD)", Location(field="date"))
    body = {
        "package_id": package_id,
        "reporting_agency": agency,
        "outcomes": [
            {"kind": kind, "date": date, "subject_id": subject_id, "count": count, "reference": reference}
        ],
    }
    if version is not None:
        body["version"] = version
    package, rows = _check(store, body, "clew outcomes record")
    return _store(store, package, rows, "manual")


KEY = ("subject_id", "kind", "date", "agency")
"""What makes an outcome the same one again (with its package). Compared here rather than left to
the unique constraint: SQL counts NULLs as distinct, so a package-wide outcome (no subject)
would be added again at each re-import."""


def _store(store: Store, package: dict, rows: list[dict], source: str) -> ImportResult:
    stamp = {"source": source, "recorded_by": store.principal.name, "recorded_at": utcnow()}
    with store.transaction():
        seen = {
            tuple(r[k] for k in KEY)
            for r in store.select("lead_outcomes", {"package_id": package["package_id"]}, columns=KEY)
        }
        new = []
        for r in rows:
            if (key := tuple(r[k] for k in KEY)) not in seen:
                seen.add(key)
                new.append(r | stamp)
        store.insert_ignore("lead_outcomes", new)
        added = len(new)
        target = f"{package['package_id']} v{package['version']}"
        detail = {"outcomes": len(rows), "added": added}
        if source == "manual":
            store.audit(AuditAction.OUTCOMES_RECORD, target, detail)
        else:
            store.audit(AuditAction.OUTCOMES_IMPORT, target, detail | {"source": source})
    return ImportResult(package["package_id"], package["version"], len(rows), added)


def _unreadable(exc: ValueError, where: str) -> FeedbackError:
    """Not UTF-8 JSON: the line the parser stopped at, when it says."""
    line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
    return FeedbackError(f"not JSON: {exc}", Location(where, line))


def _quarantine(store: Store, path: Path | str, raw: bytes, error: UserError) -> None:
    """One quarantine row per problem (line, field, message), the file's bytes with each."""
    problems = [error, *getattr(error, "more", ())]
    sha256, kept = hashlib.sha256(raw).hexdigest(), raw[:4096].decode("utf-8", "replace")
    with store.run(RunKind.OUTCOMES_IMPORT) as run:
        store.insert_ignore(
            "quarantine",
            [
                {
                    "source_sha256": sha256,
                    "path": str(path),
                    "line": p.location.line if p.location else None,
                    "field": p.location.field if p.location else None,
                    "error": getattr(p, "problem", p.message),
                    "raw": kept,
                    "run_id": run.id,
                    "at": utcnow(),
                }
                for p in problems
            ],
        )
