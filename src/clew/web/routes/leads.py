"""Lead packages in the browser (issue 14 item 9): the register, build, a package, downloads.

Each route calls the function the API's lead routes call (``clew.service.leads``,
``clew.service.followup``), which audits: the register ``leads.read``, a build
``leads.build``, a package page ``leads.read`` (once), a download ``leads.export`` with the
SHA-256 of what was handed out. Building needs ``leads.build`` (analysts, supervisors), as
``POST …/leads/build``. Approving, releasing and outcomes are in ``routes.dissemination``.
A package of another operation is not found (the service's ``NotFound``, audited C2).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Literal

from fastapi import APIRouter, Depends, Form, Query
from fastapi import Path as Segment
from fastapi.responses import Response

from clew.access.auth import Identity
from clew.api import deps
from clew.leads.vocabulary import HANDLING_CODES, OUTCOME_KINDS
from clew.service import followup, leads
from clew.web.lists import Column, twin
from clew.web.page import Page, page

router = APIRouter(include_in_schema=False)
PackageId = Segment(min_length=1, max_length=128)
Version = Query(None, ge=1, le=1_000_000)
Format = Literal["json", "stix", "ftm", "pdf", "preservation-json", "preservation-pdf"]
FORMAT_NAMES = {"pdf": "PDF", "json": "JSON (signed)", "stix": "STIX 2.1", "ftm": "FtM (Aleph)"}

REGISTER_COLUMNS = (
    Column("package_id", "Package"),
    Column("version", "Version", numeric=True),
    Column("country", "Country"),
    Column("agency", "Receiving agency"),
    Column("state", "State"),
    Column("subjects", "Subjects", numeric=True),
    Column("tlp", "TLP"),
    Column("built_by", "Built by"),
    Column("approved_by", "Approved by"),
    Column("released_to", "Released to"),
    Column("changed", "Changed since built"),
)


def acting(permission: str) -> Callable[..., Page]:
    """A page whose action needs ``permission`` too (403, audited ``access.forbidden``)."""

    def dependency(view: Page = Depends(page), _: Identity = Depends(deps.permitted(permission))) -> Page:
        return view

    return dependency


builder = acting("leads.build")


@router.get("/leads")
def register(view: Page = Depends(page)) -> Response:
    rows = [asdict(e) for e in leads.entries(view.store)]
    return view.render("leads.html", rows=rows, columns=REGISTER_COLUMNS)


@router.get("/leads.{fmt}")
def register_twin(fmt: str, view: Page = Depends(page)) -> Response:
    return twin(fmt, "leads", REGISTER_COLUMNS, [asdict(e) for e in leads.entries(view.store)])


@router.post("/leads/build")
def build(
    countries: str = Form("", max_length=1000),
    min_priority: float = Form(0.0, ge=0, le=1_000_000),
    view: Page = Depends(builder),
) -> Response:
    """Build the drafts of ``countries`` (ISO codes separated by spaces or commas; none: every
    country) at ``min_priority`` or more, as ``clew leads build``; answers the built list."""
    chosen = {c for c in re.split(r"[\s,;]+", countries.strip()) if c}
    report = leads.build(
        view.store,
        deps.state(view.request).workspace.path,
        countries=chosen or None,
        min_priority=min_priority,
    )
    return view.render("_lead_built.html", report=report)


@router.get("/leads/{package_id}")
def package(
    package_id: str = PackageId, version: int | None = Version, view: Page = Depends(page)
) -> Response:
    found = followup.package_view(view.store, package_id, version)
    return view.render(
        "lead.html", p=found, doc=found.document, formats=FORMAT_NAMES, kinds=OUTCOME_KINDS,
        handling=HANDLING_CODES,
    )  # fmt: skip


@router.get("/leads/{package_id}/download/{fmt}")
def download(
    fmt: Format, package_id: str = PackageId, version: int | None = Version, view: Page = Depends(page)
) -> Response:
    """One format of a package, as ``GET …/leads/{id}/download/{fmt}`` (audited ``leads.export``)."""
    out = leads.download(view.store, package_id, fmt, version)
    disposition = f'attachment; filename="{out.filename}"'
    return Response(out.content, media_type=out.media_type, headers={"Content-Disposition": disposition})
