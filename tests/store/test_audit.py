"""The audit log: an RFC 9162 Merkle log per operation with checkpoints signed outside the
database (security checklist D1–D4: append-only, tamper-evident, signed checkpoints, verify)."""

from __future__ import annotations

import hashlib
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from clew.errors import AuditError
from clew.store.auditlog import (
    Frontier,
    LeafTree,
    check_consistency,
    check_inclusion,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
)
from clew.store.auditstore import _legacy_hash
from clew.store.base import Principal


def mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1, written from the text: the reference the library is checked against."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=70))
def test_roots_and_frontier_are_rfc9162_mth(n):
    leaves = [hashlib.sha256(b"\x00" + str(i).encode()).digest() for i in range(n)]
    frontier = Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    assert frontier.root() == mth(leaves) == LeafTree(leaves).root()


def test_proofs_verify_and_fail_on_wrong_roots():
    leaves = [hashlib.sha256(b"\x00" + bytes([i])).digest() for i in range(13)]
    tree = LeafTree(leaves)
    proof = inclusion_proof(leaves, 5, 13)
    assert check_inclusion(leaves[5], tree.root(13), proof)
    assert not check_inclusion(leaves[6], tree.root(13), proof)
    proof = consistency_proof(leaves, 7, 13)
    assert check_consistency(tree.root(7), tree.root(13), proof)
    assert not check_consistency(tree.root(6), tree.root(13), proof)


class Raw:
    """Direct SQL on the workspace's database, as someone with write access to it (the triggers
    dropped first, as such a person could): the attacker the checkpoints are there for."""

    def __init__(self, workspace) -> None:
        self.engine = create_engine(workspace.url)
        self.conn = self.engine.connect()
        self.tx = self.conn.begin()
        if self.engine.dialect.name == "sqlite":
            self.execute("DROP TRIGGER IF EXISTS audit_no_update")
            self.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        else:
            self.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit")

    def execute(self, sql: str, params: tuple = ()):
        names = {f"p{i}": v for i, v in enumerate(params)}
        for i in range(len(params)):
            sql = sql.replace("?", f":p{i}", 1)
        return self.conn.execute(text(sql), names)

    def commit(self) -> None:
        self.tx.commit()

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()


def _db(workspace) -> Raw:
    return Raw(workspace)


def _fill(workspace, n: int = 6, operation: str | None = None) -> None:
    if operation:  # operations are created explicitly; unaudited here to keep the counts simple
        workspace.create_operation(operation, audit=False)
    with workspace.store(operation) as store:
        for i in range(n):
            store.audit("subject.read", f"subj-{i}", {"i": i})


def _rehash(db: Raw, operation: str = "test-op") -> None:
    """Recompute every leaf hash and the chain, as an attacker covering their tracks would."""
    prev = ""
    rows = db.execute("SELECT * FROM audit WHERE operation = ? ORDER BY position", (operation,)).mappings()
    for position, row in enumerate(list(rows)):
        entry = dict(row) | {"position": position}
        digest = leaf_hash(entry).hex()
        db.execute(
            "UPDATE audit SET position = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (-1 - position, prev, digest, entry["seq"]),
        )
        prev = digest
    db.execute("UPDATE audit SET position = -1 - position WHERE operation = ?", (operation,))


TAMPERING = {
    "edited": lambda db: db.execute("UPDATE audit SET target = 'subj-x' WHERE position = 2"),
    "edited and rehashed": lambda db: (
        db.execute("UPDATE audit SET target = 'subj-x' WHERE position = 2"),
        _rehash(db),
    ),
    "deleted": lambda db: db.execute("DELETE FROM audit WHERE position = 3"),
    "deleted and rehashed": lambda db: (db.execute("DELETE FROM audit WHERE position = 3"), _rehash(db)),
    "inserted and rehashed": lambda db: (
        db.execute(
            "INSERT INTO audit (operation, at, actor, action, target, prev_hash, hash, position) "
            "VALUES ('test-op', '2026-01-01T00:00:00Z', 'x', 'subject.read', 'subj-9', '', '', -1)"
        ),
        _rehash(db),
    ),
    "reordered and rehashed": lambda db: (
        db.execute("UPDATE audit SET position = -100 WHERE position = 1"),
        db.execute("UPDATE audit SET position = 1 WHERE position = 2"),
        db.execute("UPDATE audit SET position = 2 WHERE position = -100"),
        _rehash(db),
    ),
    "tail truncated": lambda db: db.execute("DELETE FROM audit WHERE position >= 4"),
    "table wiped": lambda db: db.execute("DELETE FROM audit"),
}


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_verify_detects_tampering(workspace, how):
    _fill(workspace)
    with workspace.store() as store:
        assert store.verify_audit().entries == 6
    db = _db(workspace)
    TAMPERING[how](db)
    db.commit()
    db.close()
    with workspace.store() as store, pytest.raises(AuditError):
        store.verify_audit()


@pytest.mark.parametrize("sql", ["UPDATE audit SET target = 'x'", "DELETE FROM audit"])
def test_database_refuses_to_change_the_log(workspace, sql):
    _fill(workspace, 2)
    engine = create_engine(workspace.url)
    with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
        conn.execute(text(sql))
    engine.dispose()


def test_every_command_leaves_a_signed_checkpoint_outside_the_database(workspace):
    _fill(workspace, 3)
    _fill(workspace, 2)
    log = workspace.checkpoints()
    found = log.read("test-op")
    assert [c.size for c in found] == [3, 5]
    assert log.path("test-op").parent.parent == workspace.path / "audit"
    assert found[-1].note.startswith(f"clew-audit/{workspace.log_id}/test-op\n5\n")
    with workspace.store() as store:
        check = store.verify_audit()
    assert (check.entries, check.checkpointed, check.unsigned) == (5, 5, 0)
    assert os.stat(workspace.audit_dir / "checkpoint.key").st_mode & 0o777 == 0o600


def test_a_forged_checkpoint_is_refused(workspace):
    _fill(workspace, 3)
    path = workspace.checkpoints().path("test-op")
    line = json.loads(path.read_text())
    line["note"] = line["note"].replace("\n3\n", "\n2\n", 1)
    path.write_text(json.dumps(line) + "\n")
    with workspace.store() as store, pytest.raises(AuditError, match="signature"):
        store.verify_audit()


def test_proofs_against_the_signed_root(workspace):
    _fill(workspace, 9)
    with workspace.store() as store:
        leaves = store.audit_leaves()
    signed = workspace.checkpoints().latest("test-op")
    assert signed is not None and signed.size == 9
    assert check_inclusion(leaves[4], signed.root, inclusion_proof(leaves, 4, 9))
    assert check_consistency(LeafTree(leaves).root(4), signed.root, consistency_proof(leaves, 4, 9))


def test_operations_are_verified_apart(workspace):
    """Tampering in one operation fails its own verification, not another's (issue 10 item 9)."""
    _fill(workspace, 3, "other-op")
    _fill(workspace, 3)
    db = _db(workspace)
    db.execute("UPDATE audit SET target = 'x' WHERE operation = 'other-op' AND position = 1")
    db.commit()
    db.close()
    with workspace.store() as store:
        assert store.verify_audit().entries == 3
    with workspace.store("other-op") as store, pytest.raises(AuditError, match="other-op"):
        store.verify_audit()


def test_entry_records_roles_purpose_outcome_and_request(workspace):
    who = Principal("user:ana", frozenset({"test-op"}), frozenset({"analyst"}), "case review", "req-1")
    with workspace.store(principal=who) as store:
        store.audit("subject.read", "subj-1", outcome="denied")
        row = next(store.select("audit"))
    assert (row["actor"], row["roles"], row["purpose"], row["outcome"], row["request_id"]) == (
        "user:ana",
        "analyst",
        "case review",
        "denied",
        "req-1",
    )


def test_actor_is_the_real_user_not_the_environment(monkeypatch):
    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.setenv("LOGNAME", "someone-else")
    assert "someone-else" not in Principal.local().name


def test_legacy_chain_migrates_with_its_verdict(workspace):
    """A version-6 log (one chain across operations) becomes per-operation Merkle logs."""
    db = _db(workspace)
    db.execute("DELETE FROM audit")
    prev = "0" * 64
    for seq, op in enumerate(["test-op", "b-op", "test-op"], 1):
        fields = (op, "2026-01-01T00:00:00Z", "local:x", "ingest", f"f{seq}", None)
        digest = _legacy_hash(prev, *fields)
        db.execute(
            "INSERT INTO audit (seq, operation, at, actor, action, target, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, *fields, prev, digest),
        )
        prev = digest
    db.execute("DELETE FROM schema_version WHERE version >= 7")
    if db.engine.dialect.name == "postgresql":  # keep the sequence ahead of the seqs written by hand
        db.execute("SELECT setval(pg_get_serial_sequence('audit', 'seq'), 100)")
    db.execute("INSERT INTO operations (name, created_at) VALUES ('b-op', '2026-01-01T00:00:00Z')")
    db.commit()
    db.close()
    with workspace.store() as store:
        assert store.verify_audit().entries == 3  # two legacy entries and audit.migrated
        migrated = next(store.select("audit", {"action": "audit.migrated"}))
    assert json.loads(migrated["detail"])["legacy_chain"] == "intact"
    with workspace.store("b-op") as store:
        assert store.verify_audit().entries == 2


def _first_signer(folder: str, start) -> tuple[str, str]:  # a child process of the race test
    from cryptography.hazmat.primitives import serialization

    from clew.store.checkpoint import CheckpointLog

    start.wait()
    log = CheckpointLog(folder, "race")
    key = log._private_key()
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    return key.public_key().public_bytes(*raw).hex(), log.public_key().public_bytes(*raw).hex()


def test_first_writers_of_a_new_workspace_share_one_key(tmp_path):
    """Writers racing to sign a new workspace's first checkpoint make one key between them,
    and none sees the private key before the public key it signs for."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    for attempt in range(3):
        folder = str(tmp_path / f"audit{attempt}")
        with ctx.Manager() as manager:
            start = manager.Barrier(6)
            with ctx.Pool(6) as pool:
                pairs = pool.starmap(_first_signer, [(folder, start)] * 6)
        assert {private for private, _ in pairs} == {public for _, public in pairs}
        assert len({private for private, _ in pairs}) == 1


def test_verify_all_checks_every_operation_and_names_each_that_fails(workspace, capsys):
    """Issue 10 item 9: `clew audit verify --all` verifies each operation on its own, goes on
    past one that fails, names it, and exits with the audit-failure code."""
    from clew.cli.main import main

    _fill(workspace, 3, "a-op")  # sorted before test-op: a stop at the first failure would skip it
    _fill(workspace, 3)
    db = _db(workspace)
    db.execute("UPDATE audit SET target = 'x' WHERE operation = 'a-op' AND position = 1")
    db.commit()
    db.close()
    capsys.readouterr()
    assert main(["-w", str(workspace.path), "audit", "verify"]) == 0  # test-op, the default
    assert main(["-w", str(workspace.path), "audit", "verify", "--all"]) == AuditError.exit_code
    out, err = capsys.readouterr()
    assert "audit log of test-op intact" in out and "a-op" not in out
    lines = [line for line in err.splitlines() if line.startswith("clew:")]
    assert len(lines) == 2 and "a-op" in lines[0] and "1 of 2 operations" in lines[1], err
