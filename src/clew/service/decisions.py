"""Analyst decisions (same / different person) and their undo, for every interface.

Recording goes through ``clew.resolve.decisions.decide`` (audited there as
``resolve.decide``); undo removes the pair's decision and is audited as ``resolve.undo``.
Either applies at the next resolution run, as on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from clew.errors import NotFound
from clew.resolve.decisions import decide as store_decision
from clew.store.base import Store
from clew.vocabulary import AuditAction


@dataclass(frozen=True)
class Decision:
    left_id: str
    right_id: str
    same: bool
    actor: str
    reason: str | None
    at: str


def decide(store: Store, a: str, b: str, *, same: bool, reason: str | None = None) -> Decision:
    row = store_decision(store, a, b, same=same, reason=reason)
    return Decision(
        row["left_id"], row["right_id"], bool(row["same"]), row["actor"], row["reason"], row["at"]
    )


def undo(store: Store, a: str, b: str) -> Decision:
    """Remove the decision on the pair (a, b); ``NotFound`` when there is none."""
    left, right = sorted((a, b))
    row = next(iter(store.select("decisions", {"left_id": left, "right_id": right})), None)
    if row is None:
        raise NotFound(f"no decision on {left} and {right} in operation {store.operation!r}")
    with store.transaction():
        store.delete("decisions", {"left_id": left, "right_id": right})
        store.audit(AuditAction.RESOLVE_UNDO, f"{left} {right}", {"same": bool(row["same"])})
    return Decision(left, right, bool(row["same"]), row["actor"], row["reason"], row["at"])
