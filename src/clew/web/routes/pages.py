"""The operation dashboard and the lists behind its figures (issue 14 item 2). Each route takes
``page`` (session, context, audited store) and calls one service function; the template only
lays out what comes back. Every list has ``.csv`` and ``.json`` twins (``clew.web.lists``).

- ``/``: ``overview.overview`` (one ``status.view`` record); each figure links to its list;
- ``/subjects?country=&syndicate=&role=&page=``: ``roster.people`` (``subjects.list``);
- ``/syndicates``: ``service.network.syndicates`` (audited ``network.syndicates``);
- ``/money``: ``roster.crossings``, the money across borders (``money.flows``);
  ``/money?subject=ID``: ``payments.listing``, that subject's payments (``money.payments``);
- ``/media``: ``media.matches`` counts, never details (``media.matches``).
Leads and their outcomes are the leads pages' (``/leads``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from clew.service import media, network, overview, payments, roster
from clew.web.lists import Column, twin
from clew.web.page import Page, page

router = APIRouter(include_in_schema=False)

PEOPLE = (
    Column("subject_id", "Subject"), Column("name", "Name"), Column("country", "Country"),
    Column("syndicate_id", "Syndicate"), Column("roles", "Roles"),
    Column("priority", "Priority", numeric=True), Column("records", "Records", numeric=True),
)  # fmt: skip
SYNDICATES = (
    Column("syndicate_id", "Syndicate"), Column("size", "Subjects", numeric=True),
    Column("countries", "Countries (subjects)"), Column("admins", "Admins"), Column("brokers", "Brokers"),
)  # fmt: skip
MONEY = (
    Column("payer_country", "From"), Column("beneficiary_country", "To"),
    Column("amount", "Amount", numeric=True), Column("currency", "Currency"),
    Column("payments", "Payments", numeric=True),
)  # fmt: skip
PAYMENTS = (
    Column("at", "Date"), Column("direction", "Direction"), Column("amount", "Amount", numeric=True),
    Column("currency", "Currency"), Column("amount_reporting", "Reporting amount", numeric=True),
    Column("reporting_currency", "Reporting currency"), Column("account", "Its account"),
    Column("counterpart", "Other account"), Column("counterpart_subject", "Held by"),
    Column("counterpart_name", "Name"), Column("counterpart_country", "Country"),
    Column("foreign", "Across a border"), Column("payment_id", "Payment record"),
    Column("source", "File"), Column("locator", "Locator"), Column("source_id", "Source", numeric=True),
)  # fmt: skip
MATCHES = (Column("match", "Kind of match"), Column("items", "Items", numeric=True))


@router.get("/")
def dashboard(view: Page = Depends(page)) -> Response:
    return view.render("dashboard.html", o=overview.overview(view.store))


def _filters(
    country: str | None = Query(None, max_length=8),
    syndicate: str | None = Query(None, max_length=128),
    role: str | None = Query(None, max_length=64),
) -> dict[str, str]:
    return {k: v for k, v in {"country": country, "syndicate": syndicate, "role": role}.items() if v}


@router.get("/subjects.{fmt}")
def subjects_twin(fmt: str, filters: dict = Depends(_filters), view: Page = Depends(page)) -> Response:
    found = roster.people(view.store, filters, limit=10**9)
    return twin(fmt, "subjects", PEOPLE, [p.as_dict() for p in found.people])


@router.get("/subjects")
def subjects(
    filters: dict = Depends(_filters), number: int = Query(1, alias="page", ge=1, le=10**6),
    view: Page = Depends(page),
) -> Response:  # fmt: skip
    found = roster.people(view.store, filters, limit=roster.PAGE, offset=(number - 1) * roster.PAGE)
    rows = [p.as_dict() for p in found.people]
    return view.render(
        "subjects.html", found=found, rows=rows, columns=PEOPLE, number=number, size=roster.PAGE
    )


@router.get("/syndicates")
def syndicates(view: Page = Depends(page)) -> Response:
    return view.render("syndicates.html", rows=network.syndicates(view.store), columns=SYNDICATES)


@router.get("/syndicates.{fmt}")
def syndicates_twin(fmt: str, view: Page = Depends(page)) -> Response:
    return twin(fmt, "syndicates", SYNDICATES, network.syndicates(view.store))


SUBJECT = Query(None, max_length=128)


@router.get("/money")
def money(
    subject: str | None = SUBJECT, number: int = Query(1, alias="page", ge=1, le=10**6),
    view: Page = Depends(page),
) -> Response:  # fmt: skip
    """The money that crossed a border, country to country (the dashboard's figure is its sum);
    with ``subject``, the payments in and out of that subject's accounts, a page at a time."""
    if subject:
        size = payments.PAGE
        paid = payments.listing(view.store, subject, limit=size, offset=(number - 1) * size)
        return view.render("payments.html", paid=paid, number=number, size=size)
    return view.render("money.html", rows=_money(view), columns=MONEY)


@router.get("/money.{fmt}")
def money_twin(fmt: str, subject: str | None = SUBJECT, view: Page = Depends(page)) -> Response:
    if subject:
        found = payments.listing(view.store, subject)
        return twin(fmt, "payments", PAYMENTS, [p.as_dict() for p in found.payments])
    return twin(fmt, "money", MONEY, _money(view))


def _money(view: Page) -> list[dict]:
    return [c.as_dict() for c in roster.crossings(view.store)]


@router.get("/media")
def matches(view: Page = Depends(page)) -> Response:
    """Known-material matches by kind of match: counts only, whatever the role (hash-only, C3)."""
    found = media.matches(view.store, sensitive=False)
    return view.render("media.html", rows=_by_match(found), columns=MATCHES, found=found)


@router.get("/media.{fmt}")
def matches_twin(fmt: str, view: Page = Depends(page)) -> Response:
    return twin(fmt, "media-matches", MATCHES, _by_match(media.matches(view.store, sensitive=False)))


def _by_match(found: media.Matches) -> list[dict]:
    return [{"match": k, "items": n} for k, n in found.by_match.items()]
