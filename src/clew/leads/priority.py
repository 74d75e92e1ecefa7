"""``clew.leads.priority:run``: one number per subject, higher = act sooner.

``priority = Σ_roles ROLE_WEIGHTS[role] × (0.5 + 0.5 × clip(score, 0, 1))`` over the subject's
rows in ``subject_roles`` of every analysis (a role without a score counts fully), plus a
tie-break of at most 0.5 for network position (``0.5 × strength / max strength``). The
weights put children at risk first (hands-on abuse, possibly new material), then those who
run or feed a network (admins, sellers, brokers, key players), then collectors and
members. Roles not in the table count ``DEFAULT_WEIGHT``. Stored in ``subject_priority``
(replaced on each run) with the reasons, and exported by ``clew export subjects``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from clew.store.base import Store

ROLE_WEIGHTS: dict[str, float] = {
    "hands-on": 10.0,
    "hands_on": 10.0,
    "children-at-risk": 10.0,
    "possibly-new-material": 8.0,
    "admin": 5.0,
    "seller": 5.0,
    "broker": 4.0,
    "key-player": 4.0,
    "sharer-known-material": 3.0,
    "collector": 3.0,
    "structuring": 2.0,
    "pass-through": 2.0,
    "holder-known-material": 2.0,
    "foreign-funds": 1.5,
    "buyer": 1.5,
    "member": 0.5,
}
DEFAULT_WEIGHT = 1.0
POSITION_WEIGHT = 0.5


def compute(store: Store) -> dict[str, dict[str, Any]]:
    """subject -> {priority, reasons}, for every subject with a role or in the network."""
    reasons: dict[str, list[dict]] = defaultdict(list)
    for row in store.select("subject_roles", columns=["subject_id", "role", "analysis", "score"]):
        base = ROLE_WEIGHTS.get(row["role"], DEFAULT_WEIGHT)
        score = row["score"]
        factor = 1.0 if score is None else 0.5 + 0.5 * min(1.0, max(0.0, float(score)))
        reasons[row["subject_id"]].append(
            {"role": row["role"], "analysis": row["analysis"], "weight": round(base * factor, 3)}
        )
    strength = {
        r["subject_id"]: r["strength"]
        for r in store.select("syndicate_members", columns=["subject_id", "strength"])
    }
    top = max(strength.values(), default=0.0) or 1.0
    out = {}
    for subject in set(reasons) | set(strength):
        position = POSITION_WEIGHT * strength.get(subject, 0.0) / top
        total = sum(r["weight"] for r in reasons.get(subject, ())) + position
        out[subject] = {"priority": round(total, 4), "reasons": reasons.get(subject, [])}
    return out


def run(store: Store) -> dict[str, Any]:
    """The pipeline step: replace ``subject_priority`` with :func:`compute`'s result, ranked;
    returns ``{subjects, top}`` (the ten highest)."""
    run_id = store.start_run("priority")
    found = compute(store)
    ranked = sorted(found.items(), key=lambda kv: (-kv[1]["priority"], kv[0]))
    rows = [
        {
            "subject_id": s,
            "priority": v["priority"],
            "rank": i + 1,
            "reasons": json.dumps(v["reasons"]),
            "run_id": run_id,
        }
        for i, (s, v) in enumerate(ranked)
    ]
    with store.transaction():
        store.replace("subject_priority", rows)
        summary = {"subjects": len(rows), "top": [s for s, _ in ranked[:10]]}
        store.audit("priority.run", run_id, summary)
    store.finish_run(run_id)
    return summary
