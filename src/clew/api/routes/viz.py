"""What the web app's islands fetch (issue 14 items 5–7): the link chart's expansions and
explained paths, the country map and the timeline. Each route takes ``deps.case_store``
(session cookie or token, membership, purpose, audit context) and calls one service function,
which writes one audit record with ids only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi import Path as Segment

from clew.api import deps
from clew.api.state import ServerStore
from clew.model.countries import stated_country
from clew.service import chart, geo, pathway, timeline

router = APIRouter(prefix="/operations", tags=["charts"])

# a fresh Path()/Query() per parameter: FastAPI binds each one to its parameter's name


def filters(
    kinds: str | None = Query(None, max_length=200, description="tie kinds, comma-separated"),
    countries: str | None = Query(None, max_length=400, description="ISO alpha-2 codes, comma-separated"),
    min_weight: float = Query(0.0, ge=0.0, le=1e6),
    since: str | None = Query(None, max_length=32, pattern=r"^\d{4}-\d{2}-\d{2}"),
    until: str | None = Query(None, max_length=32, pattern=r"^\d{4}-\d{2}-\d{2}"),
) -> chart.Filters:
    def split(text: str | None, upper: bool = False) -> frozenset[str] | None:
        if not text:
            return None
        return frozenset(p.strip().upper() if upper else p.strip() for p in text.split(",") if p.strip())

    return chart.Filters(split(kinds), split(countries, upper=True), min_weight, since, until)


@router.get("/{operation}/chart/subjects/{subject_id}")
def chart_subject(
    subject_id: str = Segment(max_length=200),
    cap: int = Query(chart.CAP, ge=1, le=chart.MAX_CAP),
    offset: int = Query(0, ge=0, le=1_000_000),
    chosen: chart.Filters = Depends(filters),
    store: ServerStore = Depends(deps.case_store),
) -> chart.Chart:
    """A subject and one page of its neighbours, hubs folded, every edge explained."""
    return chart.expand(store, subject_id, cap=cap, offset=offset, filters=chosen)


@router.get("/{operation}/chart/syndicates/{syndicate_id}")
def chart_syndicate(
    syndicate_id: str = Segment(max_length=200),
    cap: int = Query(chart.CAP, ge=1, le=chart.MAX_SYNDICATE),
    offset: int = Query(0, ge=0, le=1_000_000),
    chosen: chart.Filters = Depends(filters),
    store: ServerStore = Depends(deps.case_store),
) -> chart.Chart:
    """One page of a syndicate's strongest members and their ties to the members shown."""
    return chart.syndicate(store, syndicate_id, cap=cap, offset=offset, filters=chosen)


@router.get("/{operation}/chart/gatherings/{gathering_id}")
def chart_gathering(
    gathering_id: str = Segment(max_length=200),
    cap: int = Query(chart.CAP, ge=1, le=chart.MAX_CAP),
    offset: int = Query(0, ge=0, le=1_000_000),
    store: ServerStore = Depends(deps.case_store),
) -> chart.Chart:
    """A collection node opened: one page of the gathering's subjects."""
    return chart.gathering(store, gathering_id, cap=cap, offset=offset)


@router.get("/{operation}/chart/paths/{a}/{b}")
def chart_path(
    a: str = Segment(max_length=200),
    b: str = Segment(max_length=200),
    store: ServerStore = Depends(deps.case_store),
) -> pathway.Path:
    """The strongest shortest path between two subjects, every hop's evidence named."""
    return pathway.explained_path(store, a, b)


@router.get("/{operation}/map")
def country_map(store: ServerStore = Depends(deps.case_store)) -> geo.CountryMap:
    """Subjects, phone numbers and money per country; money flows and cross-border ties."""
    return geo.country_map(store)


@router.get("/{operation}/map/countries/{country}")
def country_subjects(
    country: str = Segment(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$"),
    store: ServerStore = Depends(deps.case_store),
) -> geo.CountrySubjects:
    """One country's subjects with the evidence that placed them there."""
    return geo.country_subjects(store, stated_country(country, "country") or "")


@router.get("/{operation}/timeline/subjects/{subject_id}")
def timeline_subject(
    subject_id: str = Segment(max_length=200), store: ServerStore = Depends(deps.case_store)
) -> timeline.Timeline:
    """A subject's payments, calls, messages, memberships, events and tip reports, dated."""
    return timeline.timeline(store, subject=subject_id)


@router.get("/{operation}/timeline/syndicates/{syndicate_id}")
def timeline_syndicate(
    syndicate_id: str = Segment(max_length=200), store: ServerStore = Depends(deps.case_store)
) -> timeline.Timeline:
    """The same for every member of a syndicate."""
    return timeline.timeline(store, syndicate=syndicate_id)
