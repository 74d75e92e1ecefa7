"""Analyst decisions (same / different person) and their undo, for every interface.

Recording goes through ``clew.resolve.decisions.decide`` (audited there as
``resolve.decide``); undo removes the pair's decision and is audited as ``resolve.undo``.
Either applies at the next resolution run, as on the command line.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

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
    """Record that records ``a`` and ``b`` are the same person or not (the newest decision on a
    pair replaces an older one); applied by the next resolution. Audited ``resolve.decide``."""
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


@dataclass(frozen=True)
class ListedDecision:
    """A decision as ``clew resolve decisions`` lists it, with the id ``clew resolve undo`` takes:
    ``dec-`` and 12 hex digits of SHA-256 over the sorted pair (stable, names nobody)."""

    decision_id: str
    left_id: str
    right_id: str
    same: bool
    actor: str
    reason: str | None
    at: str

    def as_dict(self) -> dict:
        return asdict(self)


def decision_id(left: str, right: str) -> str:
    left, right = sorted((left, right))
    return "dec-" + hashlib.sha256(f"{left}\n{right}".encode()).hexdigest()[:12]


def decisions(store: Store) -> tuple[ListedDecision, ...]:
    """Every decision of the operation, oldest first; audited (``resolve.decisions``)."""
    rows = tuple(
        ListedDecision(
            decision_id(r["left_id"], r["right_id"]), r["left_id"], r["right_id"], bool(r["same"]),
            r["actor"], r["reason"], r["at"],
        )
        for r in store.select("decisions", order_by=["at", "left_id", "right_id"])
    )  # fmt: skip
    store.audit(AuditAction.RESOLVE_DECISIONS, None, {"decisions": len(rows)})
    return rows


def undo_id(store: Store, wanted: str) -> ListedDecision:
    """Undo the decision with id ``wanted`` (:func:`undo`, audited); ``NotFound`` names the id."""
    found = next((d for d in decisions(store) if d.decision_id == wanted), None)
    if found is None:
        raise NotFound(
            f"no decision {wanted!r} in operation {store.operation!r} (`clew resolve decisions` lists them)"
        )
    undo(store, found.left_id, found.right_id)
    return found
