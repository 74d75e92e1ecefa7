"""Pages of case data. Each route takes ``page`` (session, context, audited store) and calls
one service function; the template only lays out what comes back."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from clew.store.summary import summarise
from clew.vocabulary import AuditAction
from clew.web.page import Page, page

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(view: Page = Depends(page)) -> Response:
    summary = summarise(view.store)
    view.store.audit(AuditAction.STATUS_VIEW, None, {"records": summary["records"]})
    return view.render("dashboard.html", summary=summary)
