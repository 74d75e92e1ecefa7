"""Audit proofs for people outside Clew: an entry's inclusion under a signed checkpoint."""

from __future__ import annotations

from sqlalchemy import select, union

from clew.errors import AuditError
from clew.store.auditlog import check_inclusion, inclusion_proof
from clew.store.checkpoint import CheckpointLog
from clew.store.sql import SQLStore
from clew.store.tables.core import audit, operations
from clew.vocabulary import AuditAction


def prove_inclusion(store: SQLStore, log: CheckpointLog, position: int) -> dict:
    """The entry at ``position``, the latest signed checkpoint (its note) and the RFC 9162
    inclusion proof tying them, checked before it is returned."""
    signed = log.latest(store.operation)
    if signed is None:
        raise AuditError(f"audit log of {store.operation!r} has no signed checkpoint yet")
    leaves = store.audit_leaves()
    proof = inclusion_proof(leaves, position, signed.size)
    if not check_inclusion(leaves[position], signed.root, proof):
        raise AuditError(f"entry {position} is not under the signed checkpoint: the log was altered")
    store.audit(AuditAction.AUDIT_PROVE, str(position))
    return {
        "position": position,
        "leaf_hash": leaves[position].hex(),
        "checkpoint": signed.note,
        "proof": proof,
    }


def operation_names(workspace) -> list[str]:  # type: ignore[no-untyped-def]
    """Every operation of a workspace with an audit log or a registration."""
    with workspace.store() as store, store.engine.connect() as conn:
        query = union(select(operations.c.name), select(audit.c.operation.label("name")))
        return sorted(r[0] for r in conn.execute(query))
