"""The subject page (issue 14 item 4) and the evidence behind it.

- ``/subjects/{id}``: ``dossier.subject_view`` (one ``subject.view`` audit record; hash-match
  details and victim-related evidence only with ``sensitive.read``, C3);
- confirm / reject a resolution link: ``decisions.decide`` (audited ``resolve.decide``), undo:
  ``decisions.undo`` (``resolve.undo``); htmx fragments replacing the link's decision cell;
- ``/sources`` (with ``.csv``/``.json`` twins) and ``/sources/{id}``: the acquisition record of a
  source file (SHA-256, size, label, kind, when ingested) — provenance one click away.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form
from fastapi import Path as Segment
from fastapi.responses import Response

from clew.errors import NotFound
from clew.service import decisions, dossier, evidence
from clew.web.lists import Column, twin
from clew.web.page import Page, page, writer_page

router = APIRouter(include_in_schema=False)
ID = Segment(max_length=128)

SOURCE_COLUMNS = (
    Column("id", "Source", numeric=True),
    Column("path", "File"),
    Column("label", "Label"),
    Column("format", "Format"),
    Column("kind", "Kind"),
    Column("records", "Records", numeric=True),
    Column("quarantined", "Quarantined", numeric=True),
    Column("status", "Status"),
    Column("sha256", "SHA-256"),
)


@router.get("/subjects/{subject_id}")
def subject(subject_id: str = ID, view: Page = Depends(page)) -> Response:
    found = dossier.subject_view(view.store, subject_id, sensitive=view.permits("sensitive.read"))
    decided = {(d["left_id"], d["right_id"]): d for d in found.decisions}
    return view.render("subject.html", s=found, decided=decided)


@router.post("/subjects/{subject_id}/decisions")
def decide(
    subject_id: str = ID,
    a: str = Form(max_length=128),
    b: str = Form(max_length=128),
    same: bool = Form(),
    reason: str = Form("", max_length=2000),
    view: Page = Depends(writer_page),
) -> Response:
    """Confirm (same person) or reject (different people) the link between records a and b."""
    made = decisions.decide(view.store, a, b, same=same, reason=reason.strip() or None)
    return view.render("_decision.html", subject_id=subject_id, a=a, b=b, decision=made)


@router.post("/subjects/{subject_id}/decisions/undo")
def undo(
    subject_id: str = ID,
    a: str = Form(max_length=128),
    b: str = Form(max_length=128),
    view: Page = Depends(writer_page),
) -> Response:
    decisions.undo(view.store, a, b)
    return view.render("_decision.html", subject_id=subject_id, a=a, b=b, decision=None)


@router.get("/sources")
def sources(view: Page = Depends(page)) -> Response:
    rows = evidence.source_listing(view.store)
    return view.render("sources.html", rows=rows, columns=SOURCE_COLUMNS)


@router.get("/sources.{fmt}")
def sources_twin(fmt: str, view: Page = Depends(page)) -> Response:
    return twin(fmt, "sources", SOURCE_COLUMNS, evidence.source_listing(view.store))


@router.get("/sources/{source_id}")
def source(source_id: int, view: Page = Depends(page)) -> Response:
    """The acquisition record of one source (read through the audited listing)."""
    found = next((r for r in evidence.source_listing(view.store) if r["id"] == source_id), None)
    if found is None:
        raise NotFound(f"no source {source_id}")
    return view.render("source.html", source=found)
