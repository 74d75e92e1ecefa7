"""One search box for names, numbers, user names, e-mails, accounts and wallets (issue 14 item 3).

``POST /search`` (htmx, CSRF) keeps the text under an opaque id (``clew.web.searches``) and sends
the browser to ``/search/<id>``: the terms are in request bodies only, never in a URL (E6). The
results page calls ``finder.faceted`` — the API's search, audited ``search.query`` with the hit
count and subject ids, never the text — and shows the facets (country, role, syndicate, kind of
record) with their counts; the chosen facet values are the URL's query (codes and ids only).
``/search/<id>.csv`` and ``.json`` are the twins: every kept hit, not just the page.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi import Path as Segment
from fastapi.responses import Response

from clew.errors import NotFound, UserError
from clew.service import finder
from clew.web.lists import Column, twin
from clew.web.page import Page, page
from clew.web.routes.session import redirect
from clew.web.searches import Saved, Searches

router = APIRouter(include_in_schema=False)
ID = Segment(max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
SHOWN = 25  # hits per page
FACETS = {"country": "country", "role": "role", "syndicate": "syndicate", "kind": "schema"}
"""URL parameter -> ``finder`` facet (``kind``: the kinds of record the subject is made of)."""
HITS = (
    Column("subject_id", "Subject"), Column("name", "Name"), Column("country", "Country"),
    Column("syndicate_id", "Syndicate"), Column("roles", "Roles"), Column("kinds", "Kinds"),
    Column("score", "Score", numeric=True), Column("matched", "Matched"),
)  # fmt: skip


def searches(request: Request) -> Searches:
    return request.app.state.web_searches


@router.get("/search")
def search_form(view: Page = Depends(page)) -> Response:
    return view.render("search.html", saved=None, found=None)


@router.post("/search")
def search(
    request: Request,
    q: str = Form(max_length=200),
    region: str = Form("", max_length=2),
    view: Page = Depends(page),
) -> Response:
    """Keep the terms server-side; the results page's URL holds only their opaque id."""
    if not q.strip():
        raise UserError("search: type a name, number, user name, e-mail, account or wallet")
    saved = Saved(view.context.operation, q.strip(), region.strip().upper() or None)
    return redirect(request, f"/search/{searches(request).save(view.identity.credential, saved)}")


def _facets(
    country: str | None = Query(None, max_length=8),
    role: str | None = Query(None, max_length=64),
    syndicate: str | None = Query(None, max_length=128),
    kind: str | None = Query(None, max_length=64),
) -> dict[str, str]:
    values = {"country": country, "role": role, "syndicate": syndicate, "kind": kind}
    return {k: v for k, v in values.items() if v}


def _run(view: Page, search_id: str, chosen: dict[str, str], limit: int, offset: int = 0):
    saved = searches(view.request).get(view.identity.credential, view.context.operation, search_id)
    if saved is None:
        raise NotFound("this search is not kept any more (or is another session's): search again")
    filters = {FACETS[k]: v for k, v in chosen.items()}
    return saved, finder.faceted(view.store, saved.text, region=saved.region, filters=filters,
                                 limit=limit, offset=offset)  # fmt: skip


@router.get("/search/{search_id}.{fmt}")
def results_twin(
    fmt: str, search_id: str = ID, chosen: dict = Depends(_facets), view: Page = Depends(page)
) -> Response:
    _, found = _run(view, search_id, chosen, limit=finder.WINDOW)
    return twin(fmt, "search", HITS, [h.row() for h in found.hits])


@router.get("/search/{search_id}")
def results(
    search_id: str = ID, chosen: dict = Depends(_facets),
    number: int = Query(1, alias="page", ge=1, le=finder.WINDOW // SHOWN), view: Page = Depends(page),
) -> Response:  # fmt: skip
    saved, found = _run(view, search_id, chosen, limit=SHOWN, offset=(number - 1) * SHOWN)
    return view.render("search.html", saved=saved, found=found, search_id=search_id, chosen=chosen,
                       facets=FACETS, number=number, size=SHOWN)  # fmt: skip
