"""Moving a lead package on, in the browser (issue 14 item 9): approve, release, outcomes.

The same service calls and permissions as the API's ``POST …/leads/{id}/approve``
(``release.approve``: supervisors — never the package's builder, four-eyes is enforced by
``clew.service.leads.approve``, which audits the refusal), ``…/release`` (``release.send``:
liaison officers; the package becomes immutable) and ``POST …/outcomes``
(``outcomes.record``; only a released package takes feedback). Each form names the version
on screen, so what is approved or released is what was read. Done, the browser goes back to
the package page (``HX-Redirect``); refused, the reason shows in the page's message area.
``/outcomes`` lists every outcome (``.csv``/``.json`` twins; ``leads.read``) and imports a
partner's feedback file (``outcomes.import``, as ``POST …/outcomes/import``; a refused file is
quarantined whole).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import Response

from clew.api.routes.leads import FEEDBACK_BYTES
from clew.errors import NotFound, UserError
from clew.leads.vocabulary import OUTCOME_KINDS
from clew.service import followup, leads, outcomes
from clew.web.lists import Column, twin
from clew.web.page import Page, page
from clew.web.routes.leads import PackageId, acting
from clew.web.routes.session import redirect

router = APIRouter(include_in_schema=False)
VERSION = Form(ge=1, le=1_000_000)
FEEDBACK = File()
approver, sender, recorder = acting("release.approve"), acting("release.send"), acting("outcomes.record")
OUTCOME_COLUMNS = (
    Column("date", "Date"),
    Column("kind", "Outcome"),
    Column("count", "Count", numeric=True),
    Column("subject_id", "Subject"),
    Column("country", "Country"),
    Column("agency", "Reported by"),
    Column("reference", "Reference"),
    Column("package_id", "Package"),
    Column("version", "Version", numeric=True),
)


def _back(view: Page, package_id: str, version: int, anchor: str = "") -> Response:
    return redirect(view.request, f"/leads/{quote(package_id, safe='')}?version={version}{anchor}")


@router.post("/leads/{package_id}/approve")
def approve(package_id: str = PackageId, version: int = VERSION, view: Page = Depends(approver)) -> Response:
    """Approve the version shown as the caller (audited ``leads.approve``)."""
    done = leads.approve(view.store, package_id, version)
    return _back(view, done.package_id, done.version)


@router.post("/leads/{package_id}/release")
def release(
    package_id: str = PackageId,
    version: int = VERSION,
    to: str = Form("", max_length=500),
    view: Page = Depends(sender),
) -> Response:
    """Release the approved version shown to ``to`` (the package's agency when empty), through
    the package's channel under its markings (audited ``leads.release``)."""
    done = leads.release(view.store, package_id, to.strip() or None, version)
    return _back(view, done.package_id, done.version)


@router.post("/leads/{package_id}/outcomes")
def record(
    package_id: str = PackageId,
    version: int = VERSION,
    kind: str = Form(max_length=32),
    date: str = Form(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$"),
    agency: str = Form(min_length=1, max_length=500),
    subject_id: str = Form("", max_length=128),
    count: int = Form(1, ge=1, le=100_000),
    reference: str = Form("", max_length=200),
    view: Page = Depends(recorder),
) -> Response:
    """Record one outcome of a released version (audited ``outcomes.record``)."""
    outcomes.record(
        view.store, package_id, kind, date, agency.strip(), subject_id=subject_id or None,
        count=count, reference=reference.strip() or None, version=version,
    )  # fmt: skip
    return _back(view, package_id, version, "#outcomes")


def _kind(kind: str | None = Query(None, max_length=40)) -> str | None:
    """``?kind=arrest``: the list behind one of the dashboard's outcome figures."""
    if kind is not None and kind not in OUTCOME_KINDS:
        raise NotFound(f"no outcome kind {kind!r}: one of {', '.join(OUTCOME_KINDS)}")
    return kind


@router.get("/outcomes")
def outcome_list(kind: str | None = Depends(_kind), view: Page = Depends(page)) -> Response:
    rows = followup.outcomes(view.store, kind)
    return view.render("outcomes.html", rows=rows, columns=OUTCOME_COLUMNS, kinds=OUTCOME_KINDS, kind=kind)


@router.get("/outcomes.{fmt}")
def outcome_twin(fmt: str, kind: str | None = Depends(_kind), view: Page = Depends(page)) -> Response:
    return twin(fmt, "outcomes", OUTCOME_COLUMNS, followup.outcomes(view.store, kind))


@router.post("/outcomes/import")
def import_feedback(feedback: UploadFile = FEEDBACK, view: Page = Depends(recorder)) -> Response:
    """A partner's feedback file, as ``clew outcomes import`` (audited ``outcomes.import``)."""
    raw = feedback.file.read(FEEDBACK_BYTES + 1)
    if len(raw) > FEEDBACK_BYTES:
        raise UserError(f"feedback file over {FEEDBACK_BYTES} bytes: this is not a feedback document")
    done = outcomes.import_feedback(view.store, raw, f"web:{feedback.filename or 'upload'}")
    return _back(view, done.package_id, done.version, "#outcomes")
