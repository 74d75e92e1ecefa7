"""``clew.leads.priority:run``: one number per subject, higher = act sooner.

``priority = Σ_roles weight(role) × (0.5 + 0.5 × clip(score, 0, 1))`` over the subject's
rows in ``subject_roles`` of every analysis (a role without a score counts fully), plus a
tie-break of at most 0.5 for network position (``0.5 × strength / max strength``). The
weights are the roles' own, declared in ``clew.vocabulary.ROLES`` (children at risk first,
then those who run or feed a network, then collectors and members; an undeclared role
counts ``DEFAULT_ROLE_WEIGHT``). Stored in ``subject_priority`` (replaced on each run) with
the reasons, and exported by ``clew export subjects``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from clew.store.base import Store
from clew.vocabulary import AuditAction, RunKind, role_weight

POSITION_WEIGHT = 0.5


@dataclass(frozen=True)
class Reason:
    """One role's share of a subject's priority: which role, found by which analysis, for how much."""

    role: str
    analysis: str
    weight: float


@dataclass(frozen=True)
class Priority:
    """A subject's priority and the roles it comes from (network position adds the rest)."""

    subject_id: str
    priority: float
    reasons: tuple[Reason, ...]


def compute(store: Store) -> dict[str, Priority]:
    """subject -> its :class:`Priority`, for every subject with a role or in the network."""
    reasons: dict[str, list[Reason]] = defaultdict(list)
    for row in store.select("subject_roles", columns=["subject_id", "role", "analysis", "score"]):
        score = row["score"]
        factor = 1.0 if score is None else 0.5 + 0.5 * min(1.0, max(0.0, float(score)))
        weight = round(role_weight(row["role"]) * factor, 3)
        reasons[row["subject_id"]].append(Reason(row["role"], row["analysis"], weight))
    strength = {
        r["subject_id"]: r["strength"]
        for r in store.select("syndicate_members", columns=["subject_id", "strength"])
    }
    top = max(strength.values(), default=0.0) or 1.0
    out = {}
    for subject in set(reasons) | set(strength):
        position = POSITION_WEIGHT * strength.get(subject, 0.0) / top
        own = tuple(reasons.get(subject, ()))
        total = sum(r.weight for r in own) + position
        out[subject] = Priority(subject, round(total, 4), own)
    return out


def run(store: Store) -> dict[str, Any]:
    """The pipeline step: replace ``subject_priority`` with :func:`compute`'s result, ranked;
    returns ``{subjects, top}`` (the ten highest)."""
    with store.run(RunKind.PRIORITY) as run:
        ranked = sorted(compute(store).values(), key=lambda p: (-p.priority, p.subject_id))
        rows = [
            {
                "subject_id": p.subject_id,
                "priority": p.priority,
                "rank": i + 1,
                "reasons": json.dumps([asdict(r) for r in p.reasons]),
                "run_id": run.id,
            }
            for i, p in enumerate(ranked)
        ]
        with store.transaction():
            store.replace("subject_priority", rows)
            summary = {"subjects": len(rows), "top": [p.subject_id for p in ranked[:10]]}
            store.audit(AuditAction.PRIORITY_RUN, run.id, summary)
    return summary
