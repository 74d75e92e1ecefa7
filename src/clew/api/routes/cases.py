"""Case data of one operation: summary, search, subjects, graph, money, media, decisions,
ingest jobs. Each route takes ``deps.case_store`` (membership, purpose, audit context) and
calls one service or query function; the figures are those the CLI prints."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from fastapi import Path as Segment

from clew.access.auth import Identity
from clew.api import deps
from clew.api.models import DecisionIn, Search, Trace
from clew.api.state import ServerStore
from clew.errors import UserError
from clew.model.countries import stated_country
from clew.service import decisions, dossier, finder, graph, media
from clew.service import money as money_service
from clew.service import network as network_service
from clew.service.jobs import Job
from clew.store.summary import summarise
from clew.vocabulary import AuditAction

router = APIRouter(prefix="/operations", tags=["cases"])


@router.get("")
def operations(identity: Identity = Depends(deps.permitted("case.read"))) -> list[str]:
    """The operations the caller is a member of (nothing of any other exists for them)."""
    return sorted(identity.operations)


@router.get("/{operation}")
def operation_summary(store: ServerStore = Depends(deps.case_store)) -> dict[str, Any]:
    """What is stored: the document of ``clew status --json``."""
    summary = summarise(store)
    store.audit(AuditAction.STATUS_VIEW, None, {"records": summary["records"]})
    return summary


@router.post("/{operation}/search")
def search(body: Search, store: ServerStore = Depends(deps.case_store)) -> finder.FacetedSearch:
    """Subjects by name, phone, user name, e-mail, IBAN, wallet… — ``clew search``'s hits, with
    facets by country, role, syndicate and schema (terms in the body, never in the URL)."""
    return finder.faceted(
        store,
        body.query,
        region=stated_country(body.region, "region"),
        filters=body.filters.chosen(),
        limit=body.limit,
        offset=body.offset,
    )


@router.get("/{operation}/subjects/{subject_id}")
def subject(
    request: Request, subject_id: str = Segment(max_length=128), store: ServerStore = Depends(deps.case_store)
) -> dossier.SubjectView:
    """The subject page: identifiers, records and provenance, resolution, network, money, media."""
    identity: Identity = request.state.identity
    return dossier.subject_view(store, subject_id, sensitive="sensitive.read" in identity.permissions)


@router.get("/{operation}/subjects/{subject_id}/neighbourhood")
def neighbourhood(
    subject_id: str, cap: int = Query(25, ge=1, le=500), store: ServerStore = Depends(deps.case_store)
) -> graph.Neighbourhood:
    """The ``cap`` strongest ties and ``more``: how many were left out."""
    return graph.neighbourhood(store, subject_id, cap=cap)


@router.get("/{operation}/paths/{a}/{b}")
def path(a: str, b: str, store: ServerStore = Depends(deps.case_store)) -> list[dict[str, Any]]:
    """The strongest shortest path, each hop with its evidence (``clew network path --json``)."""
    return network_service.path(store, a, b)


@router.get("/{operation}/syndicates")
def syndicates(store: ServerStore = Depends(deps.case_store)) -> list[dict[str, Any]]:
    """Syndicates, as ``clew network --json`` lists them."""
    return network_service.syndicates(store)


@router.post("/{operation}/money/trace")
def money_trace(body: Trace, store: ServerStore = Depends(deps.case_store)) -> dict[str, Any]:
    """Follow the money from an account, holder or subject (``clew money trace --json``)."""
    return money_service.trace(
        store, body.target, direction=body.direction, hops=body.hops, since=body.since, until=body.until,
        min_flow=body.min_flow, currency=body.currency,
    )  # fmt: skip


@router.get("/{operation}/money/flows")
def money_flows(
    currency: str | None = Query(None, min_length=3, max_length=3),
    store: ServerStore = Depends(deps.case_store),
) -> dict[str, Any]:
    """Country-to-country money flows (``clew money flows --json``)."""
    return money_service.flows(store, currency)


@router.get("/{operation}/media/matches")
def media_matches(request: Request, store: ServerStore = Depends(deps.case_store)) -> media.Matches:
    """Hash matches against reference lists: counts for everyone, details with ``sensitive.read``."""
    identity: Identity = request.state.identity
    return media.matches(store, sensitive="sensitive.read" in identity.permissions)


@router.post("/{operation}/decisions")
def decide(
    body: DecisionIn, store: ServerStore = Depends(deps.case_store), _: Identity = Depends(deps.writer)
) -> decisions.Decision:
    """Record that two records are the same person or not; applied by the next resolution."""
    return decisions.decide(store, body.a, body.b, same=body.same, reason=body.reason)


@router.delete("/{operation}/decisions/{a}/{b}")
def undo(
    a: str, b: str, store: ServerStore = Depends(deps.case_store), _: Identity = Depends(deps.writer)
) -> decisions.Decision:
    """Remove the decision on a pair of records."""
    return decisions.undo(store, a, b)


@router.post("/{operation}/ingest", status_code=202)
def ingest(
    files: list[UploadFile],
    request: Request,
    store: ServerStore = Depends(deps.case_store),
    identity: Identity = Depends(deps.writer),
) -> dict[str, Any]:
    """Upload evidence files; they are ingested by a background job (see ``/jobs/{id}``)."""
    app = deps.state(request)
    job_id = uuid.uuid4().hex
    folder = app.workspace.path / "uploads" / store.operation / job_id
    folder.mkdir(parents=True, mode=0o700)
    paths = []
    for upload in files:
        name = Path(upload.filename or "").name
        if not name or name.startswith("."):
            raise UserError(f"upload: file name {upload.filename!r} is not a plain file name")
        with (folder / name).open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        paths.append(folder / name)
    principal = store.principal
    job = app.jobs.start_ingest(
        lambda: app.store(store.operation, principal), store.operation, identity.user, paths, job_id,
        purpose=principal.purpose,
    )  # fmt: skip
    store.audit(AuditAction.INGEST_START, job.id, {"files": len(paths)})
    return _job(job)


@router.get("/{operation}/jobs")
def jobs(request: Request, store: ServerStore = Depends(deps.case_store)) -> list[dict[str, Any]]:
    return [_job(j) for j in deps.state(request).jobs.list(store.operation)]


@router.get("/{operation}/jobs/{job_id}")
def job(job_id: str, request: Request, store: ServerStore = Depends(deps.case_store)) -> dict[str, Any]:
    """A job's status and progress (0..1); its ingest summary once done."""
    return _job(deps.state(request).jobs.get(store.operation, job_id))


@router.post("/{operation}/jobs/{job_id}/cancel")
def cancel(
    job_id: str,
    request: Request,
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.writer),
) -> dict[str, Any]:
    job = deps.state(request).jobs.cancel(store.operation, job_id)
    store.audit(AuditAction.INGEST_CANCEL, job.id, None)
    return _job(job)


@router.post("/{operation}/jobs/{job_id}/resume", status_code=202)
def resume(
    job_id: str,
    request: Request,
    store: ServerStore = Depends(deps.case_store),
    identity: Identity = Depends(deps.writer),
) -> dict[str, Any]:
    """Run an interrupted (the server stopped under it), failed or cancelled job again: files
    already stored are skipped, so it ends as an uninterrupted run would have."""
    app, principal = deps.state(request), store.principal
    job = app.jobs.resume(
        store.operation, job_id, lambda: app.store(store.operation, principal), identity.user
    )
    store.audit(AuditAction.INGEST_RESUME, job.id, {"files": len(job.paths), "runs": job.runs})
    return _job(job)


def _job(job: Job) -> dict[str, Any]:
    fields = ("id", "operation", "user", "status", "file", "done_bytes", "total_bytes", "summary", "error")
    extra = {
        "progress": job.progress,
        "resumable": job.resumable,
        "runs": job.runs,
        "started_at": job.started_at,
    }
    return {**{f: getattr(job, f) for f in fields}, **extra}
