"""The network step's role rows: ``member``, ``key-player``, ``broker`` and ``admin``.

Each row names the subject, the role, a score and the evidence the analyst reads (the syndicate,
and what made the role: the leader measures, the syndicates a broker spans, the groups a subject
administers), with ``analysis = "network"`` so ``subject_roles`` tells the step's roles from the
money step's. Scores are rounded to 4 decimals: estimates, not measurements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import numpy as np

from clew.network import leaders
from clew.vocabulary import ADMIN, BROKER, KEY_PLAYER, RunKind


def role(subject: str, name: str, score: float, evidence: dict) -> dict:
    """One ``subject_roles`` row of the network step."""
    return {
        "subject_id": subject,
        "role": name,
        "analysis": str(RunKind.NETWORK),
        "score": round(score, 4),
        "evidence": evidence,
    }


def admins_by_subject(admins: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Group -> its admins, turned into subject -> the groups it administers."""
    out: dict[str, set[str]] = defaultdict(set)
    for group, subjects in admins.items():
        for s in subjects:
            out[s].add(group)
    return out


def ranked_roles(
    names: list[str],
    labels: list[str | None],
    key: tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]],
    brokers: dict[int, dict],
    participation: np.ndarray,
    admin_of: Mapping[str, set[str]],
) -> list[dict]:
    """Key players (``key`` = chosen, score, raw measures), then brokers, then admins (by id)."""
    chosen, score, raw = key
    out = []
    for v in np.flatnonzero(chosen).tolist():
        evidence = {"syndicate": labels[v], **{m: round(float(raw[m][v]), 3) for m in leaders.MEASURES}}
        out.append(role(names[v], KEY_PLAYER, float(score[v]), evidence))
    for v, found in brokers.items():
        out.append(role(names[v], BROKER, float(participation[v]), {"syndicate": labels[v], **found}))
    position = {name: i for i, name in enumerate(names)} if admin_of else {}
    for subject in sorted(admin_of):
        if subject not in position:
            continue
        evidence = {"syndicate": labels[position[subject]], "groups": sorted(admin_of[subject])}
        out.append(role(subject, ADMIN, 1.0, evidence))
    return out
