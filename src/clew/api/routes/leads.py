"""Lead packages, outcomes and the operation's tallies (issue 12 over issue 13's server).

Each route takes ``deps.case_store`` (membership, purpose, audit context) and the permission
its step needs, declared in ``clew.access.roles``: building needs ``leads.build`` (analysts,
supervisors), approving ``release.approve`` (supervisors; never the package's builder — the
approver is the caller, four-eyes), releasing ``release.send`` (liaison officers), recording
feedback ``outcomes.record``. Reading the register, a package or the stats needs ``case.read``.
Every route calls one function of ``clew.service.leads`` / ``clew.service.outcomes``, the
figures ``clew leads``, ``clew outcomes`` and ``clew stats`` give.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi import Path as Segment

from clew.access.auth import Identity
from clew.api import deps
from clew.api.models import (
    DeconflictFinish,
    DeconflictOffer,
    DeconflictRespond,
    LeadsBuild,
    LeadsRelease,
    LeadsVersion,
    OutcomeIn,
)
from clew.api.state import ServerStore
from clew.model.countries import stated_country
from clew.service import deconfliction, leads, outcomes

router = APIRouter(prefix="/operations/{operation}", tags=["leads"])
PackageId = Segment(min_length=1, max_length=128)
Format = Literal["json", "stix", "ftm", "pdf", "preservation-json", "preservation-pdf"]
FEEDBACK_BYTES = 1_000_000  # a feedback document is a few kB; more is not feedback


def _entry(entry: leads.Entry) -> dict[str, Any]:
    return asdict(entry)


@router.get("/leads")
def register(store: ServerStore = Depends(deps.case_store)) -> list[dict[str, Any]]:
    """The dissemination register: every package version, its state and who moved it
    (``clew leads list --json``)."""
    return [_entry(e) for e in leads.entries(store)]


@router.post("/leads/build")
def build(
    body: LeadsBuild,
    request: Request,
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.permitted("leads.build")),
) -> leads.BuildReport:
    """Build (or rebuild the drafts of) packages from the operation's priorities, one per
    receiving country (``clew leads build``; no countries: ``--all``)."""
    return leads.build(
        store,
        deps.state(request).workspace.path,
        countries=set(filter(None, (stated_country(c, "countries") for c in body.countries))) or None,
        min_priority=body.min_priority,
        unit=body.unit,
        contact=body.contact,
        case_refs=tuple(body.case_refs),
    )


@router.get("/leads/{package_id}")
def package(
    package_id: str = PackageId,
    version: int | None = Query(None, ge=1, le=1_000_000),
    store: ServerStore = Depends(deps.case_store),
) -> dict[str, Any]:
    """A package's signed JSON document (the latest version unless ``version``)."""
    return leads.document(store, package_id, version)


@router.get("/leads/{package_id}/download/{fmt}", response_class=Response)
def download(
    fmt: Format,
    package_id: str = PackageId,
    version: int | None = Query(None, ge=1, le=1_000_000),
    store: ServerStore = Depends(deps.case_store),
) -> Response:
    """One format of a package: ``json`` (the signed original), ``stix`` (STIX 2.1 bundle),
    ``ftm`` (FollowTheMoney JSON lines), ``pdf``, ``preservation-json``, ``preservation-pdf``."""
    out = leads.download(store, package_id, fmt, version)
    disposition = f'attachment; filename="{out.filename}"'
    return Response(out.content, media_type=out.media_type, headers={"Content-Disposition": disposition})


@router.post("/leads/{package_id}/approve")
def approve(
    body: LeadsVersion,
    package_id: str = PackageId,
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.permitted("release.approve")),
) -> dict[str, Any]:
    """Approve a draft as the caller (a supervisor who did not build it)."""
    return _entry(leads.approve(store, package_id, body.version))


@router.post("/leads/{package_id}/release")
def release(
    body: LeadsRelease,
    package_id: str = PackageId,
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.permitted("release.send")),
) -> dict[str, Any]:
    """Release an approved package: it becomes immutable and its preservation requests are sent."""
    return _entry(leads.release(store, package_id, body.to, body.version))


@router.get("/preservation")
def preservation(
    within_days: int | None = Query(None, ge=0, le=3650), store: ServerStore = Depends(deps.case_store)
) -> list[dict[str, Any]]:
    """Preservation requests with their expiry (``clew leads preservation --json``)."""
    return leads.preservation(store, within_days)


@router.post("/outcomes")
def record(
    body: OutcomeIn,
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.permitted("outcomes.record")),
) -> outcomes.ImportResult:
    """Record one outcome of a released package (``clew outcomes record``)."""
    return outcomes.record(
        store, body.package_id, body.kind, body.date, body.agency, subject_id=body.subject_id,
        count=body.count, reference=body.reference, version=body.version,
    )  # fmt: skip


async def _raw_body(request: Request) -> bytes:
    """The request's bytes as sent (Starlette caches them: the JSON body parameter reads the
    same), so a refused document's errors name the partner's own lines, not a re-serialisation."""
    return await request.body()


@router.post("/outcomes/import")
def import_feedback(
    feedback: Annotated[dict[str, Any], Body(description="the package's feedback block, filled in")],
    raw: bytes = Depends(_raw_body),
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.permitted("outcomes.record")),
) -> outcomes.ImportResult:
    """Import a partner's feedback document (``clew outcomes import``; schema: ``clew leads
    schema --feedback``). Refused documents are quarantined, nothing is half-imported; errors
    name the line and field of the document as sent."""
    if len(raw) > FEEDBACK_BYTES:
        from clew.errors import UserError

        raise UserError(f"feedback of {len(raw)} bytes: at most {FEEDBACK_BYTES}")
    return outcomes.import_feedback(store, raw, f"api:{store.principal.request_id}")


@router.get("/stats")
def stats(store: ServerStore = Depends(deps.case_store)) -> dict[str, Any]:
    """The operation's tallies (``clew stats --json``)."""
    return outcomes.stats(store).as_dict()


@router.post("/deconflict/offer")
def deconflict_offer(
    body: DeconflictOffer,
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.permitted("release.send")),
) -> dict[str, Any]:
    """Start private set intersection with a partner: the offer document to send them
    (``clew deconflict offer``; ``mode: hmac`` needs ``secret``, and is weaker)."""
    kinds = tuple(body.kinds) or deconfliction.DEFAULT_KINDS
    return deconfliction.offer(store, kinds=kinds, mode=body.mode, secret=body.secret)


@router.post("/deconflict/respond")
def deconflict_respond(
    body: DeconflictRespond,
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.permitted("release.send")),
) -> dict[str, Any]:
    """Answer a partner's offer (``clew deconflict respond``): the response document."""
    kinds = tuple(body.kinds) or deconfliction.DEFAULT_KINDS
    return deconfliction.respond(store, body.offer, kinds=kinds, secret=body.secret)


@router.post("/deconflict/finish")
def deconflict_finish(
    body: DeconflictFinish,
    store: ServerStore = Depends(deps.case_store),
    _: Identity = Depends(deps.permitted("release.send")),
) -> deconfliction.Overlap:
    """The identifiers both sides hold, with the subjects holding them (``clew deconflict finish``)."""
    return deconfliction.finish(store, body.response, secret=body.secret)
