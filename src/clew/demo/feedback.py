"""Synthetic partner feedback for the demo, so ``clew stats`` shows figures after ``clew demo``.

After the pipeline the demo builds every country's lead package, has a (synthetic) second
officer approve the packages of the ``RELEASED`` countries with the most subjects, releases
them, and writes one feedback file per package into ``<out>/demo-feedback/<package-id>.json``
— for every package, so a user can release another one and import its file. Only the released
packages' files are imported. Outcomes follow the ground truth: a subject whose person the
truth marks ``arrested`` in the package's country is investigated, searched, arrested and
charged (convicted and sentenced for a deterministic share); an admin or seller not arrested
has an investigation opened; children are safeguarded where a hands-on abuser is arrested.
Dates are offsets from a fixed day, the share decided by a hash of the subject id: same demo,
same feedback.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from clew.cases.outcomes import import_feedback
from clew.evaluation import truth as truth_io
from clew.leads import build as build_mod
from clew.leads import directory, register
from clew.store.base import Store

RELEASED = 5  # countries whose packages the demo releases: enough for figures, most left to try
APPROVER = "Demo Reviewer (synthetic second officer)"
DAY0 = date(2026, 3, 1)
INVESTIGATE = frozenset({"admin", "seller"})


def _h(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def person_of_subjects(store: Store, truth: truth_io.Truth) -> dict[str, dict]:
    """subject -> the truth person most of its records belong to."""
    people = {p["person_id"]: p for p in truth.people}
    votes: dict[str, Counter] = {}
    for r in store.select("subject_members", columns=["subject_id", "entity_id"]):
        person = truth.records.get(r["entity_id"])
        if person:
            votes.setdefault(r["subject_id"], Counter())[person] += 1
    return {s: people[c.most_common(1)[0][0]] for s, c in votes.items() if c.most_common(1)[0][0] in people}


def outcomes_for(package: dict[str, Any], persons: dict[str, dict]) -> dict[str, Any]:
    """The feedback file of one package (its feedback block, filled in from the truth)."""
    env, block = package["envelope"], dict(package["feedback"])
    country = env["receiving_country"]
    out: list[dict[str, Any]] = [
        {
            "kind": "acknowledged",
            "date": str(DAY0 + timedelta(days=2)),
            "subject_id": None,
            "count": 1,
            "reference": None,
        }
    ]
    for n, subject in enumerate(s["subject_id"] for s in package["subjects"]):
        person = persons.get(subject)
        if person is None or person.get("country") != country:
            continue
        h, ref = _h(subject), f"{country}-2026-{n + 1:04d}"
        roles = set((person.get("roles") or "").split(";"))
        steps: list[tuple[str, int]] = []
        if str(person.get("arrested")).lower() in ("true", "1"):
            steps = [("investigation-opened", 10), ("search-warrant", 40), ("arrest", 41), ("charged", 60)]
            if h % 3:
                steps.append(("convicted", 200))
                if h % 2:
                    steps.append(("sentenced", 230))
            if "hands-on" in roles:
                out.append(
                    {
                        "kind": "children-safeguarded",
                        "date": str(DAY0 + timedelta(days=41)),
                        "subject_id": subject,
                        "count": 1 + h % 3,
                        "reference": ref,
                    }
                )
        elif roles & INVESTIGATE:
            steps = [("investigation-opened", 20)]
        out += [
            {
                "kind": k,
                "date": str(DAY0 + timedelta(days=d + h % 7)),
                "subject_id": subject,
                "count": 1,
                "reference": ref,
            }
            for k, d in steps
        ]
    block["outcomes"] = out
    return block


def run(store: Store, workspace: Path, truth_folder: Path, out: Path) -> dict[str, Any]:
    """Build, approve and release, write and import feedback; returns a summary. A workspace whose
    register already holds packages is left as it is (re-running the demo changes nothing)."""
    if store.count("lead_packages"):
        return {"skipped": "lead packages already built"}
    result = build_mod.build(store, workspace, directory.load())
    persons = person_of_subjects(store, truth_io.load(truth_folder))
    folder = Path(out) / "demo-feedback"
    folder.mkdir(parents=True, exist_ok=True)
    ranked = sorted(result.packages, key=lambda p: (-len(p.subjects), p.country))
    released = {p.package_id for p in ranked[:RELEASED]}
    imported = 0
    for pkg in result.packages:
        path = folder / f"{pkg.package_id}.json"
        path.write_text(json.dumps(outcomes_for(pkg.document, persons), indent=2) + "\n", encoding="utf-8")
        if pkg.package_id in released:
            register.approve(store, pkg.package_id, APPROVER)
            register.release(store, pkg.package_id)
            imported += import_feedback(store, path).added
    return {
        "packages": len(result.packages),
        "released": len(released),
        "outcomes": imported,
        "feedback": str(folder),
    }
