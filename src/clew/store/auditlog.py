"""The audit log as an RFC 9162 Merkle tree per operation: leaves, roots, proofs, verification.

Every audit entry is a leaf of its operation's log. The leaf is the entry's canonical JSON
(:data:`LEAF_FIELDS` in that order) and its hash ``SHA-256(0x00 || leaf)`` is stored with the
entry (``audit.hash``), as is the previous entry's (``audit.prev_hash``) and the entry's
position in its operation's log (``audit.position``, from 0). Interior nodes are
``SHA-256(0x01 || left || right)`` and the tree shape is RFC 9162's, so a root can be checked
by any Certificate-Transparency tool. Trees, roots and proofs come from ``pymerkle`` (its
storage-agnostic ``BaseMerkleTree`` over the leaf hashes read from the store; tested to give
RFC 9162's MTH); :class:`Frontier` extends a signed root by new leaves in O(log n) so that
checkpointing after each command costs only what was appended.

Nothing here trusts the database: :func:`verify` recomputes every leaf from the entry's
content and compares the roots with the checkpoints signed outside the database
(:mod:`clew.store.checkpoint`), which is what catches an edited, deleted, inserted or
reordered entry, a truncated tail, a wiped table, or a chain recomputed by someone who can
write to the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pymerkle import verify_consistency, verify_inclusion
from pymerkle.core import BaseMerkleTree
from pymerkle.proof import InvalidProof, MerkleProof

from clew.errors import AuditError

LEAF_FIELDS = (
    "operation",
    "position",
    "at",
    "actor",
    "roles",
    "action",
    "target",
    "detail",
    "purpose",
    "outcome",
    "request_id",
)
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_bytes(entry: Mapping[str, Any]) -> bytes:
    """The entry's canonical form: a JSON array of :data:`LEAF_FIELDS`, compact, UTF-8."""
    values = [entry.get(name) for name in LEAF_FIELDS]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def leaf_hash(entry: Mapping[str, Any]) -> bytes:
    """RFC 9162 leaf hash of an entry: ``SHA-256(0x00 || leaf)``."""
    return hashlib.sha256(b"\x00" + leaf_bytes(entry)).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class LeafTree(BaseMerkleTree):
    """A pymerkle tree over leaf hashes already computed (read from the store)."""

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self.leaves: list[bytes] = list(leaves)
        super().__init__("sha256")

    def _encode_entry(self, data: bytes) -> bytes:
        return data

    def _store_leaf(self, data: bytes, digest: bytes) -> int:
        self.leaves.append(digest)
        return len(self.leaves)

    def _get_leaf(self, index: int) -> bytes:
        return self.leaves[index - 1]

    def _get_leaves(self, offset: int, width: int) -> list[bytes]:
        return self.leaves[offset : offset + width]

    def _get_size(self) -> int:
        return len(self.leaves)

    def root(self, size: int | None = None) -> bytes:
        """RFC 9162 MTH of the first ``size`` leaves (all by default)."""
        size = len(self.leaves) if size is None else size
        return EMPTY_ROOT if size == 0 else self.get_root(size)


@dataclass
class Frontier:
    """The roots of the perfect subtrees of a log (its "compact range"): enough to extend a
    root by new leaves without reading the old ones."""

    size: int = 0
    nodes: list[bytes] | None = None

    def append(self, leaf: bytes) -> None:
        nodes = self.nodes = self.nodes or []
        nodes.append(leaf)
        size = self.size
        while size & 1:  # merge equal-sized subtrees, as a binary counter carries
            right = nodes.pop()
            nodes[-1] = _node(nodes[-1], right)
            size >>= 1
        self.size += 1

    def root(self) -> bytes:
        if not self.nodes:
            return EMPTY_ROOT
        root = self.nodes[-1]
        for node in reversed(self.nodes[:-1]):
            root = _node(node, root)
        return root

    def to_json(self) -> dict:
        return {"size": self.size, "nodes": [n.hex() for n in self.nodes or []]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Frontier:
        return cls(int(data["size"]), [bytes.fromhex(n) for n in data["nodes"]])


@dataclass(frozen=True)
class Verified:
    """What :func:`verify` found intact for one operation."""

    operation: str
    entries: int
    checkpointed: int
    """How many entries the latest signed checkpoint covers."""
    checkpoints: int
    root: str

    @property
    def unsigned(self) -> int:
        """Entries after the latest checkpoint: protected by their hashes only until the next."""
        return self.entries - self.checkpointed


def verify(
    operation: str, entries: Sequence[Mapping[str, Any]], signed: Sequence[tuple[int, bytes]]
) -> Verified:
    """Check one operation's ``entries`` (ordered by position) against its signed checkpoints
    (``(size, root)``, oldest first, signatures already checked); raise AuditError naming the
    first problem."""
    leaves: list[bytes] = []
    prev = ""
    for expected, entry in enumerate(entries):
        position = entry["position"]
        if position != expected:
            what = "missing" if position > expected else "duplicated or reordered"
            raise AuditError(
                f"audit log of {operation!r}: entry {expected} {what} (found position {position})"
            )
        digest = leaf_hash(entry)
        if entry["hash"] != digest.hex():
            raise AuditError(f"audit log of {operation!r}: entry {position} (seq {entry['seq']}) was edited")
        if entry["prev_hash"] != prev:
            raise AuditError(
                f"audit log of {operation!r}: chain broken at entry {position} (seq {entry['seq']})"
            )
        leaves.append(digest)
        prev = entry["hash"]
    tree = LeafTree(leaves)
    for size, root in signed:
        if size > len(leaves):
            raise AuditError(
                f"audit log of {operation!r}: {len(leaves)} entries but a signed checkpoint covers "
                f"{size}: the tail was truncated or the table wiped"
            )
        if tree.root(size) != root:
            raise AuditError(
                f"audit log of {operation!r}: the first {size} entries do not match their signed "
                "checkpoint: entries were edited, inserted, deleted or reordered and the hashes recomputed"
            )
    last = signed[-1][0] if signed else 0
    return Verified(operation, len(leaves), last, len(signed), tree.root().hex())


def inclusion_proof(leaves: Sequence[bytes], position: int, size: int) -> dict:
    """RFC 9162 inclusion proof of the entry at ``position`` (from 0) in the tree of ``size``."""
    if not 0 <= position < size <= len(leaves):
        raise AuditError(f"no entry {position} in a log of {size} entries")
    return LeafTree(leaves).prove_inclusion(position + 1, size).serialize()


def consistency_proof(leaves: Sequence[bytes], old: int, new: int) -> dict:
    """RFC 9162 consistency proof that the tree of ``old`` entries is a prefix of that of ``new``."""
    if not 0 < old <= new <= len(leaves):
        raise AuditError(f"no consistency proof from {old} to {new} entries in a log of {len(leaves)}")
    return LeafTree(leaves).prove_consistency(old, new).serialize()


def check_inclusion(leaf: bytes, root: bytes, proof: dict) -> bool:
    """Whether ``proof`` shows ``leaf`` under ``root``."""
    try:
        verify_inclusion(leaf, root, MerkleProof.deserialize(proof))
    except InvalidProof:
        return False
    return True


def check_consistency(old_root: bytes, new_root: bytes, proof: dict) -> bool:
    """Whether ``proof`` shows the tree of ``old_root`` is a prefix of that of ``new_root``."""
    try:
        verify_consistency(old_root, new_root, MerkleProof.deserialize(proof))
    except InvalidProof:
        return False
    return True
