"""Background ingest jobs with progress and cancel (issue 13 item 1).

A job runs ``ingest_paths`` in a thread with its own store (the caller's principal and
operation). Progress is the byte count the ingest reports; cancel sets a flag that the next
progress report turns into ``Cancelled`` — the file being loaded rolls back (each file is
one transaction), files already stored stay, and a re-run skips them. Jobs live in the
server process; a finished job's summary is kept for the process's lifetime.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clew.errors import ClewError, JobError
from clew.ingest import ingest_paths
from clew.store.base import Store


class Cancelled(Exception):
    """Raised inside the ingest when its job was cancelled."""


@dataclass
class Job:
    id: str
    operation: str
    user: str
    status: str = "queued"  # queued, running, done, failed, cancelled
    file: str | None = None
    done_bytes: int = 0
    total_bytes: int = 0
    summary: dict[str, Any] | None = None
    error: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def progress(self) -> float:
        return round(self.done_bytes / self.total_bytes, 4) if self.total_bytes else 0.0


class Jobs:
    """The server's jobs, by id; each visible only inside its operation."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start_ingest(
        self, open_store: Callable[[], Store], operation: str, user: str, paths: list[Path]
    ) -> Job:
        job = Job(uuid.uuid4().hex, operation, user)
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, open_store, paths), daemon=True).start()
        return job

    def _run(self, job: Job, open_store: Callable[[], Store], paths: list[Path]) -> None:
        def progress(name: str, done: int, total: int) -> None:
            if job.cancel.is_set():
                raise Cancelled
            job.file, job.done_bytes, job.total_bytes = name, done, total

        job.status = "running"
        try:
            store = open_store()
            summary = ingest_paths(store, paths, on_progress=progress)
            job.summary = summary.as_dict()
            job.status = "done"
        except Cancelled:
            job.status = "cancelled"
        except ClewError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # the job reports it; the server keeps running
            job.status, job.error = "failed", type(exc).__name__

    def get(self, operation: str, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None or job.operation != operation:
            raise JobError(f"no job {job_id!r} in operation {operation!r}")
        return job

    def list(self, operation: str) -> list[Job]:
        return [j for j in self._jobs.values() if j.operation == operation]

    def cancel(self, operation: str, job_id: str) -> Job:
        job = self.get(operation, job_id)
        if job.status in ("queued", "running"):
            job.cancel.set()
        return job
