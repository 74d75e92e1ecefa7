"""Analyst decisions: two records are (or are not) the same person. They always win on re-runs.

A decision is stored once per pair (the newest replaces an older one), audited with the actor
and the reason, and applied by the next resolution run: "same" merges the two subjects even
against the model and the guards, "different" keeps them apart whatever links them.
"""

from __future__ import annotations

from clew.errors import NotFound, UserError
from clew.model.statement import utcnow
from clew.resolve.frame import ACTOR_SCHEMATA
from clew.store.base import Store
from clew.vocabulary import AuditAction


def check_actor(store: Store, entity_id: str) -> None:
    """Raise ``NotFound`` naming ``entity_id`` unless it is an actor record of the operation (a
    subject id, what `clew search` shows first, is named as one)."""
    record = store.record(entity_id)
    if record is None and store.count("subjects", {"subject_id": entity_id}):
        raise NotFound(
            f"{entity_id!r} is a subject: a decision names two records "
            f"(`clew resolve explain {entity_id}` lists its records)"
        )
    if record is None:
        raise NotFound(f"no record {entity_id!r} in operation {store.operation!r}")
    if record.schema not in ACTOR_SCHEMATA:
        raise NotFound(f"{entity_id!r} is a {record.schema}, not a person or account record")


def decide(store: Store, a: str, b: str, *, same: bool, reason: str | None = None) -> dict:
    """Store the analyst's decision on the pair (a, b); returns the stored row."""
    if a == b:
        raise UserError(f"a decision needs two different records, got {a!r} twice")
    for entity_id in (a, b):
        check_actor(store, entity_id)
    left, right = sorted((a, b))
    row = {
        "left_id": left,
        "right_id": right,
        "same": int(same),
        "actor": store.principal.name,
        "reason": reason,
        "at": utcnow(),
    }

    def write(store: Store) -> None:  # two analysts may decide on one pair at once
        store.delete("decisions", {"left_id": left, "right_id": right})
        store.insert("decisions", [row])
        store.audit(AuditAction.RESOLVE_DECIDE, f"{left} {right}", {"same": same, "reason": reason})

    store.atomically(write)
    return row
