"""What the application holds for its lifetime: one engine, the directory, auth, jobs, and the
checkpoint signer (:mod:`clew.store.signer`: one signature per operation per second, not per
request)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from sqlalchemy import Engine

from clew.access.auth import Auth
from clew.errors import AuditUnavailable
from clew.service.autoresume import Resumption, resume_crashed
from clew.service.jobs import Jobs
from clew.store import auditstore
from clew.store.base import Principal
from clew.store.checkpoint import CheckpointLog
from clew.store.directory import Directory
from clew.store.signer import BatchSigner
from clew.store.sql import SQLStore, make_engine
from clew.store.workspace import Workspace
from clew.vocabulary import SYSTEM_OPERATION, AuditAction

LOGIN_RATE = (10, 60.0)
"""At most 10 log-in attempts per client address per minute: slows password guessing across
accounts, which the per-account lock-out (5 in 15 min) does not (ASVS 6.3.1)."""


class ServerStore(SQLStore):
    """A request's store on the application's shared engine.

    The schema was migrated when the app started and membership checked by the caller, so
    opening costs nothing; ``close`` keeps the shared engine and hands what the request
    appended to the batch signer; a failing audit write, or a log whose last checkpoint could
    not be signed, becomes ``AuditUnavailable`` so the request returns no data (fail closed,
    checklist A9).
    """

    def __init__(
        self,
        engine: Engine,
        operation: str,
        principal: Principal,
        checkpoints: CheckpointLog,
        signer: BatchSigner,
    ) -> None:
        super().__init__(engine, operation, principal, checkpoints, opened=True)
        self._signer = signer
        self._entries = 0

    def audit(self, action: str, target: str | None = None, detail: Any = None, outcome: str = "ok") -> None:
        if self._signer.failed(self.operation):
            raise AuditUnavailable("the audit log cannot be signed: no data is returned")
        try:
            with self._write_conn() as conn:
                auditstore.append(conn, self.operation, self.principal, action, target, detail, outcome)
            self._entries += 1
        except Exception as exc:
            raise AuditUnavailable("the audit log cannot be written: no data is returned") from exc

    def close(self) -> None:
        """Leave what this request appended to the batch signer; the shared engine stays open."""
        if self._entries:
            self._signer.appended(self.operation, self._entries)
            self._entries = 0


@dataclass
class RateLimit:
    limit: int
    window: float
    clock: Callable[[], float]
    hits: dict[str, deque] = field(default_factory=dict)

    def allow(self, key: str) -> bool:
        now = self.clock()
        recent = self.hits.setdefault(key, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) >= self.limit:
            return False
        recent.append(now)
        return True


class AppState:
    def __init__(self, workspace: Workspace, clock: Callable[[], float] = time.time, secure: bool = True):
        self.workspace = workspace
        self.engine = make_engine(workspace.url)
        self.directory = Directory(self.engine)
        self.clock = clock
        self.secure = secure
        self.auth = Auth(self.directory, clock=clock, on_event=self.audit_event)
        self.jobs = Jobs(workspace.path / "jobs")  # records outlive the process: resumable
        self.login_rate = RateLimit(*LOGIN_RATE, clock=clock)
        self.checkpoints = workspace.checkpoints()
        self.signing = Lock()
        self.signer = BatchSigner(self.sign)
        SQLStore(self.engine, SYSTEM_OPERATION, Principal("clew:server"), create=True).close()  # registers it

    def store(self, operation: str, principal: Principal) -> ServerStore:
        return ServerStore(self.engine, operation, principal, self.checkpoints, self.signer)

    def sign(self, operation: str) -> None:
        """Sign a checkpoint over ``operation``'s whole log (one signer at a time per process)."""
        with self.signing:
            server = Principal("clew:server")
            SQLStore(self.engine, operation, server, self.checkpoints, opened=True).checkpoint()

    def resume_crashed(self) -> list[Resumption]:
        """At start-up: resume the ingest jobs an earlier process left running."""
        return resume_crashed(self.jobs, self.auth, self.store)

    def close(self) -> None:
        """At shutdown: sign what is left unsigned."""
        self.signer.close()

    def audit_event(
        self, action: AuditAction, user: str, outcome: str, detail: dict, request_id: str | None = None
    ) -> None:
        """An authentication, admin or access event, in the system operation (``action`` is one of
        ``clew.vocabulary.AuditAction``, passed through: hence the keyword call)."""
        store = self.store(SYSTEM_OPERATION, Principal(f"user:{user}", request_id=request_id))
        store.audit(action=action, target=user, detail={**detail, "component": "api"}, outcome=outcome)
        store.close()
