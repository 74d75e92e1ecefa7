"""Ingest from the browser (issue 14 item 8): upload files or a zipped folder, follow each job's
progress, counts and quarantined records, cancel it, resume it when it crashed.

Uploads are stored by ``clew.service.uploads`` (zip-slip and bomb checks) and ingested by the
server's background jobs (``clew.service.jobs``), the ones the API's ``POST …/ingest`` starts;
the job list re-renders itself every second while a job runs (htmx polling). A job the server
stopped under (``interrupted``), or that failed or was cancelled, shows *Resume*: the same
``Jobs.resume`` as the API's ``POST …/jobs/{id}/resume`` (files already stored are skipped).
Starting, cancelling and resuming are audited (``ingest.start``, ``ingest.cancel``,
``ingest.resume``); the quarantine listing is audited by ``errors_listing`` (``ingest.errors``).
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response

from clew.api import deps
from clew.service import uploads
from clew.service.evidence import errors as errors_listing
from clew.vocabulary import AuditAction
from clew.web.lists import Column, twin
from clew.web.page import Page, page, writer_page

router = APIRouter(include_in_schema=False)
FILES = File()
QUARANTINE_SHOWN = 200  # rows of the quarantine listed on a page; its twins and the CLI list them all
QUARANTINE = (
    Column("path", "File"), Column("line", "Line", numeric=True), Column("field", "Field"),
    Column("error", "Error"),
)  # fmt: skip


def _jobs(view: Page) -> list:
    jobs = deps.state(view.request).jobs.list(view.context.operation)
    return sorted(jobs, key=lambda j: getattr(j, "started_at", None) or "", reverse=True)


@router.get("/ingest")
def ingest_page(view: Page = Depends(page)) -> Response:
    return view.render("ingest.html", jobs=_jobs(view))


@router.get("/ingest/jobs")
def jobs_fragment(view: Page = Depends(page)) -> Response:
    return view.render("_jobs.html", jobs=_jobs(view))


@router.post("/ingest")
def upload(files: list[UploadFile] = FILES, view: Page = Depends(writer_page)) -> Response:
    app, store = deps.state(view.request), view.store
    folder = app.workspace.path / "uploads" / store.operation / uuid.uuid4().hex
    paths = uploads.receive(folder, [(f.filename or "", f.file) for f in files])
    principal = store.principal
    job = app.jobs.start_ingest(
        lambda: app.store(store.operation, principal), store.operation, view.identity.user, paths
    )
    store.audit(AuditAction.INGEST_START, job.id, {"files": len(paths)})
    return view.render("_jobs.html", jobs=_jobs(view))


@router.post("/ingest/jobs/{job_id}/cancel")
def cancel(job_id: str, view: Page = Depends(writer_page)) -> Response:
    job = deps.state(view.request).jobs.cancel(view.context.operation, job_id)
    view.store.audit(AuditAction.INGEST_CANCEL, job.id, None)
    return view.render("_jobs.html", jobs=_jobs(view))


@router.post("/ingest/jobs/{job_id}/resume")
def resume(job_id: str, view: Page = Depends(writer_page)) -> Response:
    app, store = deps.state(view.request), view.store
    principal = store.principal
    job = app.jobs.resume(
        store.operation, job_id, lambda: app.store(store.operation, principal), view.identity.user
    )
    store.audit(AuditAction.INGEST_RESUME, job.id, {"files": len(job.paths), "runs": job.runs})
    return view.render("_jobs.html", jobs=_jobs(view))


def _job_paths(view: Page, job: str | None) -> tuple[str, ...] | None:
    """The files (or folder) of ``job`` in this operation (``JobError`` for another's)."""
    if not job:
        return None
    return deps.state(view.request).jobs.get(view.context.operation, job).paths


@router.get("/quarantine")
def quarantine(job: str | None = Query(None, max_length=64), view: Page = Depends(page)) -> Response:
    """Records that did not load, with file, line, field and the error (oldest first); with
    ``?job=ID``, those of one ingest job (the job list links its quarantined count here)."""
    rows = errors_listing(view.store, limit=QUARANTINE_SHOWN, under=_job_paths(view, job))
    return view.render("quarantine.html", rows=rows, limit=QUARANTINE_SHOWN, job=job)


@router.get("/quarantine.{fmt}")
def quarantine_twin(
    fmt: str, job: str | None = Query(None, max_length=64), view: Page = Depends(page)
) -> Response:
    """Every quarantined record (not only the page's first ones) as CSV or JSON."""
    return twin(fmt, "quarantine", QUARANTINE, errors_listing(view.store, under=_job_paths(view, job)))
