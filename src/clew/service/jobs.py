"""Background ingest jobs with progress, cancel and resume (issue 13 item 1).

A job runs ``ingest_paths`` in a thread with its own store (the caller's principal and
operation). Progress is the byte count the ingest reports; cancel sets a flag that the next
progress report turns into ``Cancelled`` — the file being loaded rolls back (each file is
one transaction), files already stored stay, and a re-run skips them.

Jobs outlive the process that ran them: each job's record (operation, user, files, status) is
kept as ``<folder>/<job id>.json`` (the server's is ``WORKSPACE/jobs``), rewritten atomically
at every change of status or file. A server killed mid-job (``kill -9``, a power cut) leaves
the record saying ``running``; the next server reads it as ``interrupted`` — with its files
still in ``uploads/`` — and :meth:`Jobs.resume` runs it again (at start-up by itself:
:mod:`clew.service.autoresume`). That is safe because ingest is
idempotent: files already stored are skipped by their SHA-256, the file that was being
loaded was rolled back with its transaction, so a resumed job ends with the store of a run
that was never interrupted (tests/api/test_jobs_resume.py kills a real server to check it).
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clew.errors import ClewError, JobError, UserError
from clew.ingest import ingest_paths
from clew.model.statement import utcnow
from clew.store.base import Store

ACTIVE = ("queued", "running")
RESUMABLE = ("interrupted", "failed", "cancelled")
KEPT = ("id", "operation", "user", "status", "file", "done_bytes", "total_bytes", "summary", "error")


class Cancelled(Exception):
    """Raised inside the ingest when its job was cancelled."""


@dataclass
class Job:
    id: str
    operation: str
    user: str
    status: str = "queued"  # queued, running, done, failed, cancelled, interrupted
    file: str | None = None
    done_bytes: int = 0
    total_bytes: int = 0
    summary: dict[str, Any] | None = None
    error: str | None = None
    paths: tuple[str, ...] = ()
    started_at: str | None = None
    runs: int = 0  # how many times it was started (1 + resumes)
    purpose: str | None = None  # the starting request's, recorded again by a resume
    cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def progress(self) -> float:
        return round(self.done_bytes / self.total_bytes, 4) if self.total_bytes else 0.0

    @property
    def resumable(self) -> bool:
        return self.status in RESUMABLE

    def record(self) -> dict[str, Any]:
        return {
            **{k: getattr(self, k) for k in KEPT},
            "paths": list(self.paths),
            "started_at": self.started_at,
            "runs": self.runs,
            "purpose": self.purpose,
        }


class Jobs:
    """The server's jobs, by id; each visible only inside its operation. With ``folder``, their
    records are kept there and the records of a previous process are read back at start."""

    def __init__(self, folder: Path | None = None) -> None:
        self._jobs: dict[str, Job] = {}
        self.crashed: list[Job] = []
        """The jobs this process found cut off by the end of an earlier one (by record name)."""
        self._lock = threading.Lock()
        self.folder = Path(folder) if folder else None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._recover()

    def _recover(self) -> None:
        """Read the records left by earlier processes; an active one was cut off: interrupted."""
        assert self.folder is not None
        for path in sorted(self.folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                job = Job(**{k: data[k] for k in KEPT}, paths=tuple(data["paths"]),
                          started_at=data.get("started_at"), runs=int(data.get("runs", 1)),
                          purpose=data.get("purpose"))  # fmt: skip
            except (OSError, ValueError, KeyError, TypeError):
                continue  # not a job record (a half-written one is never renamed into place)
            if job.status in ACTIVE:
                job.status, job.error = "interrupted", "the server stopped while this job ran: resume it"
                self._save(job)
                self.crashed.append(job)
            self._jobs[job.id] = job

    def _save(self, job: Job) -> None:
        if self.folder is None:
            return
        tmp = self.folder / f".{job.id}.tmp"
        tmp.write_text(json.dumps(job.record()), encoding="utf-8")
        os.replace(tmp, self.folder / f"{job.id}.json")  # atomic: a reader sees old or new, whole

    def start_ingest(
        self,
        open_store: Callable[[], Store],
        operation: str,
        user: str,
        paths: list[Path],
        job_id: str | None = None,
        purpose: str | None = None,
    ) -> Job:
        files = tuple(str(p) for p in paths)
        job = Job(job_id or uuid.uuid4().hex, operation, user, paths=files, purpose=purpose)
        with self._lock:
            self._jobs[job.id] = job
        self._launch(job, open_store)
        return job

    def resume(self, operation: str, job_id: str, open_store: Callable[[], Store], user: str) -> Job:
        """Run an interrupted, failed or cancelled job again over the same files (ingest skips
        the ones already stored)."""
        job = self.get(operation, job_id)
        with self._lock:
            if not job.resumable:
                raise UserError(
                    f"job {job_id} is {job.status}: only an interrupted, failed or cancelled job resumes"
                )
            job.status, job.error, job.summary, job.user = "queued", None, None, user
            job.cancel = threading.Event()
        self._launch(job, open_store)
        return job

    def _launch(self, job: Job, open_store: Callable[[], Store]) -> None:
        job.runs += 1
        job.started_at = utcnow()
        self._save(job)
        threading.Thread(target=self._run, args=(job, open_store), daemon=True).start()

    def _run(self, job: Job, open_store: Callable[[], Store]) -> None:
        def progress(name: str, done: int, total: int) -> None:
            if job.cancel.is_set():
                raise Cancelled
            moved = name != job.file
            job.file, job.done_bytes, job.total_bytes = name, done, total
            if moved:
                self._save(job)

        job.status = "running"
        self._save(job)
        try:
            store = open_store()
            try:
                summary = ingest_paths(store, [Path(p) for p in job.paths], on_progress=progress)
            finally:
                store.close()
            job.summary = summary.as_dict()
            job.status = "done"
        except Cancelled:
            job.status = "cancelled"
        except ClewError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # the job reports it; the server keeps running
            job.status, job.error = "failed", type(exc).__name__
        self._save(job)

    def get(self, operation: str, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None or job.operation != operation:
            raise JobError(f"no job {job_id!r} in operation {operation!r}")
        return job

    def list(self, operation: str) -> list[Job]:
        return [j for j in self._jobs.values() if j.operation == operation]

    def cancel(self, operation: str, job_id: str) -> Job:
        job = self.get(operation, job_id)
        if job.status in ACTIVE:
            job.cancel.set()
        return job
