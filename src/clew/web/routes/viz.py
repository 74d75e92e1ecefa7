"""The pages of the three islands (issue 14 items 5–7): the link chart with its timeline, and
the country map. The pages are shells: the islands fetch their data from the audited API
(``clew.api.routes.viz``) with the session's operation and purpose. Ids in the URL are opaque
subject and syndicate ids, never names or identifiers (E6)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from clew.errors import NotFound
from clew.service import chart, network
from clew.web.page import Page, page

router = APIRouter(include_in_schema=False)

# a fresh Query() per parameter: FastAPI binds each one to its parameter's name


@router.get("/chart")
def chart_page(
    subject: str | None = Query(None, max_length=200),
    syndicate: str | None = Query(None, max_length=200),
    cap: int | None = Query(None, ge=1, le=chart.MAX_SYNDICATE),
    view: Page = Depends(page),
) -> Response:
    """The chart and timeline of a subject or syndicate; without one, the syndicates to start from."""
    if subject:
        found = network.find_subject(view.store, subject)  # NotFound: the error page says so
        return view.render("chart.html", subject=found, syndicate=None, kinds=chart.KINDS, cap=None)
    if syndicate:
        if not view.store.count("syndicate_members", {"syndicate_id": syndicate}):
            raise NotFound(f"no syndicate {syndicate!r} in this operation")
        return view.render("chart.html", subject=None, syndicate=syndicate, kinds=chart.KINDS, cap=cap)
    return view.render("chart_start.html", syndicates=network.syndicates(view.store))


@router.get("/map")
def map_page(view: Page = Depends(page)) -> Response:
    """The country map (its figures are fetched by the island); without any subject placed in a
    country yet, it says what to do first."""
    return view.render("map.html", empty=not view.store.count("subject_countries"))
