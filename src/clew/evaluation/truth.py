"""The demo's ground truth: what really is behind the source files (format in docs/formats.md).

``write`` puts the tables into a folder; ``load`` reads them back for ``clew evaluate`` and
tests. ``records.csv`` lists every actor record of the sources with its true person, so
resolution can be scored pairwise; ``people.csv`` gives syndicates and roles.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from clew.errors import NotFound
from clew.vocabulary import CHILDREN_AT_RISK, HANDS_ON

FILES = ("people.csv", "records.csv", "accounts.csv", "groups.csv", "media.csv", "manifest.json")


@dataclass
class Truth:
    people: list[dict] = field(default_factory=list)
    records: dict[str, str] = field(default_factory=dict)  # entity_id -> person_id
    accounts: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    media: list[dict] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)  # entity_id -> evidence group (may be empty)


def _folder(path: Path) -> Path:
    path = Path(path)
    for candidate in (path, path / "demo-truth", path / "truth"):
        if (candidate / "records.csv").exists():
            return candidate
    raise NotFound(f"{path}: no demo ground truth here (records.csv missing)")


def _existing(path: Path) -> Path:
    if not path.exists():
        raise NotFound(f"{path}: ground-truth file missing")
    return path


def _rows(path: Path) -> list[dict]:
    with _existing(path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


LEGACY_ROLES = {"hands_on": HANDS_ON, "children_at_risk": CHILDREN_AT_RISK}
"""Role names the demo's truth writes, and their names in ``clew.vocabulary``: a loaded truth
speaks the vocabulary only, so an evaluator compares like with like."""


def _current_roles(person: dict) -> dict:
    roles = person.get("roles") or ""
    if any(old in roles for old in LEGACY_ROLES):
        person["roles"] = ";".join(LEGACY_ROLES.get(r, r) for r in roles.split(";"))
    return person


def load(path: Path) -> Truth:
    """Read a truth folder (or a folder holding ``demo-truth/`` or ``truth/``); raises ``NotFound``
    naming the folder or the file that is missing."""
    folder = _folder(path)
    records = _rows(folder / "records.csv")
    return Truth(
        people=[_current_roles(p) for p in _rows(folder / "people.csv")],
        records={r["entity_id"]: r["person_id"] for r in records},
        accounts=_rows(folder / "accounts.csv"),
        groups=_rows(folder / "groups.csv"),
        media=_rows(folder / "media.csv"),
        manifest=json.loads(_existing(folder / "manifest.json").read_text(encoding="utf-8")),
        evidence={r["entity_id"]: r["evidence_group"] for r in records if r.get("evidence_group")},
    )


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write(folder: Path, truth: Truth) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    people_cols = ["person_id", "name", "country", "syndicate_id", "roles", "arrested"]
    _write(folder / "people.csv", people_cols, [[p[c] for c in people_cols] for p in truth.people])
    _write(
        folder / "records.csv",
        ["entity_id", "person_id", "evidence_group"],
        [[e, p, truth.evidence.get(e, "")] for e, p in sorted(truth.records.items())],
    )
    acols = ["account_id", "person_id", "kind", "money_role"]
    _write(folder / "accounts.csv", acols, [[a[c] for c in acols] for a in truth.accounts])
    gcols = ["group_id", "syndicate_id", "size", "kind"]
    _write(folder / "groups.csv", gcols, [[g[c] for c in gcols] for g in truth.groups])
    mcols = ["sha256", "pdq", "series", "known", "possibly_new", "sha1", "md5", "match", "distance"]
    _write(folder / "media.csv", mcols, [[m[c] for c in mcols] for m in truth.media])
    (folder / "manifest.json").write_text(json.dumps(truth.manifest, indent=2, sort_keys=True) + "\n")
