"""Identity resolution: actor records (people, accounts, KYC holders, tip-report accounts) into subjects.

``subject_map(store)`` is what other analyses use; ``clew.resolve.pipeline:run`` is the step.
"""

from __future__ import annotations

from clew.store.base import Store


def subject_map(store: Store) -> dict[str, str]:
    """entity id -> subject id for every resolved actor record (unresolved ids: not in the map;
    callers treat an entity with no entry as its own subject: ``m.get(e, e)``)."""
    rows = store.select("subject_members", columns=["entity_id", "subject_id"])
    return {r["entity_id"]: r["subject_id"] for r in rows}


__all__ = ["subject_map"]
