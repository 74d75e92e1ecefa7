"""Resuming, when the server starts, the ingest jobs that a crash cut off (issue 13: "a job
that crashed resumes").

Safe for the data because ingest is idempotent (:mod:`clew.service.jobs`: stored files are
skipped, the file being loaded was rolled back). Only jobs that a new process found
``queued`` or ``running`` are resumed: a failed or cancelled job was stopped for a reason and
waits for a person (``POST …/jobs/{id}/resume``). A job is resumed on behalf of the user who
started it **as that user stands now**, with the purpose they gave: an account that was
disabled or locked, left the operation or lost the right to ingest leaves the job
``interrupted``, and that refusal is audited (``ingest.resume``, outcome ``denied``) and
returned for the server to print with the route that resumes it. Every automatic resume is
audited in the job's operation (``ingest.resume``, ``automatic``) *before* it starts: if the
audit cannot be written, the job is not resumed (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from clew.access.auth import Auth
from clew.errors import ClewError
from clew.service.jobs import Job, Jobs
from clew.store.base import Principal, Store
from clew.vocabulary import AuditAction

SERVER = Principal("clew:server", None, frozenset({"system"}), "automatic resume after a restart")
INGEST = "case.write"


@dataclass(frozen=True)
class Resumption:
    """What start-up did with one crashed job: ``resumed``, or why not."""

    job: Job
    resumed: bool
    reason: str | None = None

    @property
    def route(self) -> str:
        """The request that resumes the job by hand."""
        return f"POST /api/v1/operations/{self.job.operation}/jobs/{self.job.id}/resume"


def _as_starter(auth: Auth, job: Job) -> Principal:
    """The job's user as they stand now (ClewError naming why they may not resume it)."""
    identity = auth.acting_as(job.user)
    if job.operation not in identity.operations or INGEST not in identity.permissions:
        raise ClewError(f"{job.user} may no longer ingest into {job.operation}")
    purpose = job.purpose or f"resume of ingest job {job.id}"
    return Principal(f"user:{job.user}", identity.operations, frozenset({identity.role}), purpose)


def resume_crashed(jobs: Jobs, auth: Auth, open_store: Callable[[str, Principal], Store]) -> list[Resumption]:
    """Resume every job in ``jobs.crashed`` that its user may still run; the others stay
    interrupted. Returns what was done with each."""
    out = []
    for job in jobs.crashed:
        detail = {"automatic": True, "files": len(job.paths), "runs": job.runs + 1}
        try:
            principal = _as_starter(auth, job)
        except ClewError as exc:
            reason = str(exc)
            _audit(open_store, job, {**detail, "refused": reason}, "denied")
            out.append(Resumption(job, False, reason))
            continue
        try:
            _audit(open_store, job, detail, "ok")
            jobs.resume(job.operation, job.id, partial(open_store, job.operation, principal), job.user)
        except ClewError as exc:
            out.append(Resumption(job, False, str(exc)))
            continue
        out.append(Resumption(job, True))
    jobs.crashed = []
    return out


def _audit(open_store: Callable[[str, Principal], Store], job: Job, detail: dict, outcome: str) -> None:
    store = open_store(job.operation, SERVER)
    try:
        store.audit(AuditAction.INGEST_RESUME, job.id, detail, outcome)
    finally:
        store.close()
