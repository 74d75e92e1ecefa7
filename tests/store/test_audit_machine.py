"""A hypothesis state machine over the server's audit path (checklist D1–D4, B2): entries are
appended as requests append them (``ServerStore`` + ``BatchSigner``), checkpoints signed at
random moments as the batch signer does, then the log is tampered with in one of the ways
``clew audit verify`` must catch, at a random position. Verify must fail exactly when the
tampering touched what a signed checkpoint covers, or left a broken hash or chain behind; an
entry after the last checkpoint, rewritten with its chain recomputed, is the documented window
(store/signer.py) — verify passes and says how many entries are not yet covered."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from clew.api.state import ServerStore
from clew.errors import AuditError
from clew.store import Workspace
from clew.store.base import Principal
from clew.store.signer import BatchSigner
from clew.store.sql import SQLStore, make_engine
from store.test_audit import Raw, _rehash

OP = "test-op"


def _edit(db: Raw, p: int, n: int) -> None:
    db.execute("UPDATE audit SET target = 'someone-else' WHERE operation = ? AND position = ?", (OP, p))


def _delete(db: Raw, p: int, n: int) -> None:
    db.execute("DELETE FROM audit WHERE operation = ? AND position = ?", (OP, p))


def _swap(db: Raw, p: int, n: int) -> None:
    q = p + 1 if p + 1 < n else p - 1
    db.execute("UPDATE audit SET position = -100 WHERE operation = ? AND position = ?", (OP, p))
    db.execute("UPDATE audit SET position = ? WHERE operation = ? AND position = ?", (p, OP, q))
    db.execute("UPDATE audit SET position = ? WHERE operation = ? AND position = -100", (q, OP))


def _insert_before(db: Raw, p: int, n: int) -> None:
    db.execute("UPDATE audit SET position = position + 1000 WHERE operation = ? AND position >= ?", (OP, p))
    db.execute(
        "INSERT INTO audit (operation, at, actor, action, target, prev_hash, hash, position) "
        "VALUES (?, '2026-01-01T00:00:00Z', 'x', 'subject.read', 'planted', '', '', ?)",
        (OP, p),
    )
    db.execute("UPDATE audit SET position = position - 999 WHERE operation = ? AND position >= 1000", (OP,))


def _truncate(db: Raw, p: int, n: int) -> None:
    db.execute("DELETE FROM audit WHERE operation = ? AND position >= ?", (OP, p))


def _wipe(db: Raw, p: int, n: int) -> None:
    db.execute("DELETE FROM audit WHERE operation = ?", (OP,))


# name -> (tamper at a position p of n entries, whether the chain is recomputed after it)
TAMPER = {
    "edited": (_edit, False),
    "edited and rehashed": (_edit, True),
    "deleted": (_delete, False),
    "deleted and rehashed": (_delete, True),
    "inserted and rehashed": (_insert_before, True),
    "reordered and rehashed": (_swap, True),
    "tail truncated": (_truncate, False),
    "table wiped": (_wipe, False),
}


def detectable(how: str, p: int, n: int, covered: int) -> bool:
    """Whether verify must catch ``how`` at position ``p`` of ``n`` entries, ``covered`` signed."""
    if how == "edited":
        return True  # the entry no longer matches its own hash
    if how == "deleted" and p < n - 1:
        return True  # a gap in the positions (deleting the last entry is a truncation)
    first = {"table wiped": 0, "reordered and rehashed": min(p, p + 1 if p + 1 < n else p - 1)}.get(how, p)
    return first < covered  # the first entry changed is under the signed checkpoint


class AuditMachine(RuleBasedStateMachine):
    @initialize()
    def open(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="clew-audit-machine-"))
        self.ws = Workspace.init(self.folder / "ws", operation=OP)
        self.engine = make_engine(self.ws.url)
        self.checkpoints = self.ws.checkpoints()
        self.signer = BatchSigner(self._sign, interval=3600.0, batch=10**6)
        self.entries = self._count()
        self.covered = self._covered()

    def _sign(self, operation: str) -> None:
        SQLStore(self.engine, operation, Principal("clew:server"), self.checkpoints, opened=True).checkpoint()

    def _count(self) -> int:
        with self.ws.store(OP) as store:
            return store.count("audit")

    def _covered(self) -> int:
        latest = self.checkpoints.latest(OP)
        return latest.size if latest else 0

    @rule(k=st.integers(1, 4))
    def request(self, k: int) -> None:
        store = ServerStore(
            self.engine, OP, Principal("user:ana", frozenset({OP})), self.checkpoints, self.signer
        )
        for i in range(k):
            store.audit("subject.read", f"subj-{self.entries + i}", {"i": i})
        store.close()
        self.entries += k

    @rule()
    def tick(self) -> None:
        self.signer.flush()
        self.covered = self.entries

    @precondition(lambda self: self.entries >= 2)
    @rule(how=st.sampled_from(sorted(TAMPER)), where=st.floats(0, 1, exclude_max=True))
    def tamper_and_verify(self, how: str, where: float) -> None:
        p = int(where * self.entries)
        tamper, rehash = TAMPER[how]
        db = Raw(self.ws)
        tamper(db, p, self.entries)
        if rehash:
            _rehash(db, OP)
        db.commit()
        db.close()
        store = self.ws.store(OP)
        try:
            check = store.verify_audit()
        except AuditError:
            check = None
        finally:
            store.engine.dispose()  # not close(): nothing is signed over the tampered log
        expected = detectable(how, p, self.entries, self.covered)
        assert (check is None) == expected, (how, p, self.entries, self.covered, check)
        if check is not None:
            assert check.checkpointed == self.covered and check.unsigned == check.entries - self.covered
        self.teardown()
        self.open()  # the next steps start on a fresh log

    @invariant()
    def intact_until_tampered(self) -> None:
        store = self.ws.store(OP)
        try:
            check = store.verify_audit()
        finally:
            store.engine.dispose()
        assert (check.entries, check.checkpointed) == (self.entries, self.covered)

    def teardown(self) -> None:
        if hasattr(self, "engine"):
            self.engine.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)


AuditMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=8, deadline=None)
test_audit_state_machine = AuditMachine.TestCase
