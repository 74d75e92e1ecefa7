"""The operation dashboard and the lists behind its figures (issue 14 item 2), in-process: each
figure is the service's value and links to a list whose rows add up to it."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from clew.service import media, outcomes, roster
from clew.store.base import Principal
from web.conftest import PURPOSE

FIGURE = re.compile(r'data-testid="figure-([a-z]+)"><dt>[^<]*</dt>\s*<dd><a href="([^"]*)">([^<]*)</a>')


def _figures(html: str) -> dict[str, tuple[str, str]]:
    """figure -> (link, value as shown)."""
    return {key: (link, value) for key, link, value in FIGURE.findall(html)}


def _store(web, operation: str = "demo"):
    return web.state.store(operation, Principal("test"))


def test_each_figure_is_the_services_and_links_to_its_list(client: TestClient, web) -> None:
    html = client.get("/").text
    store = _store(web)
    t = outcomes.stats(store)
    found = media.matches(store)
    figures = _figures(html)
    assert t.people > 0 and t.syndicates > 0 and found.total > 0  # the demo has every kind of figure
    expected = {
        "people": ("/subjects", t.people),
        "syndicates": ("/syndicates", t.syndicates),
        "countries": ("/map", t.countries),
        "phones": ("/map", sum(t.phone_numbers_by_country.values())),
        "money": ("/money", f"{t.cross_border_money:,.2f} {t.currency}"),
        "matches": ("/media", found.total),
        "leads": ("/leads", t.leads),
        "arrests": ("/outcomes?kind=arrest", t.arrests),
        "indictments": ("/outcomes?kind=charged", t.indictments),
        "convictions": ("/outcomes?kind=convicted", t.convictions),
        "children": ("/outcomes?kind=children-safeguarded", t.children_safeguarded),
        "investigations": ("/outcomes?kind=investigation-opened", t.investigations_opened),
    }
    for key, (link, value) in expected.items():
        assert figures[key] == (link, str(value)), key
    for link in {link for link, _ in figures.values()} - {"/leads"}:  # /leads: the leads pages'
        assert client.get(link).status_code == 200, link
    assert t.arrests and t.children_safeguarded is not None  # the demo's partners reported arrests
    for key in ("arrests", "indictments", "convictions", "children", "investigations"):
        link = figures[key][0]
        behind = client.get(link.replace("?", ".json?")).json()  # the list behind the figure
        counted = sum(r["count"] for r in behind) if key == "children" else len(behind)
        assert counted == int(figures[key][1]), key
    assert client.get("/outcomes?kind=nonsense").status_code == 404


def test_the_phone_chart_draws_each_country_as_a_link_to_its_subjects(client: TestClient, web) -> None:
    html = client.get("/").text
    t = outcomes.stats(_store(web))
    bars = re.findall(r'<a href="([^"]+)" aria-label="([A-Z?]{2}): (\d+) phone numbers', html)
    assert [(c, int(n)) for _, c, n in bars] == list(t.phone_numbers_by_country.items())[:15]
    assert all(link == (f"/subjects?country={c}" if c != "??" else "/map") for link, c, _ in bars)
    country = next(c for _, c, _ in bars if c != "??")
    listed = client.get(f"/subjects.json?country={country}").json()
    chosen = _store(web).count("subject_countries", {"country": country, "chosen": 1})
    assert len(listed) == chosen > 0 and {r["country"] for r in listed} == {country}
    assert "<script" not in html.split("<main", 1)[1]  # the chart is drawn by the server (CSP)


def test_the_lists_add_up_to_the_figures_and_have_twins(client: TestClient, web, monkeypatch) -> None:
    t = outcomes.stats(_store(web))
    people = client.get("/subjects.json").json()
    assert len(people) == t.people and len({p["subject_id"] for p in people}) == t.people
    monkeypatch.setattr(roster, "PAGE", 30)  # the small demo fits one page of 100
    pages = [client.get(f"/subjects?page={n}").text for n in (1, 2, 3)]
    assert f"{t.people} subjects, most urgent first" in pages[0] and 'href="/subjects?page=2"' in pages[0]
    shown = [re.findall(r'<a href="/subjects/([^"]+)"', p) for p in pages]
    assert [s for page in shown for s in page] == [p["subject_id"] for p in people]  # same order, no gaps
    assert "No subjects on this page" in client.get("/subjects?page=9").text
    assert len(client.get("/syndicates.json").json()) == t.syndicates
    money = client.get("/money.json").json()
    assert round(sum(r["amount"] for r in money if r["currency"] == t.currency), 2) == t.cross_border_money
    other = {
        u: round(sum(r["amount"] for r in money if r["currency"] == u), 8) for u in t.cross_border_other_units
    }
    assert other == t.cross_border_other_units
    assert all(r["payer_country"] != r["beneficiary_country"] for r in money)
    matches = client.get("/media.json").json()
    assert sum(r["items"] for r in matches) == media.matches(_store(web)).total
    rows = list(csv.reader(io.StringIO(client.get("/syndicates.csv").text)))
    assert rows[0] == ["syndicate_id", "size", "countries", "admins", "brokers"]
    assert len(rows) == t.syndicates + 1
    members = client.get(f"/subjects.json?syndicate={rows[1][0]}").json()
    assert len(members) == int(rows[1][1]) and {m["syndicate_id"] for m in members} == {rows[1][0]}


def test_lists_are_audited_with_the_purpose_and_without_names(client: TestClient, web) -> None:
    store = _store(web)
    before = store.count("audit")
    client.get("/subjects?country=PH")
    new = list(store.select("audit", order_by=["seq"]))[before:]
    assert [r["action"] for r in new] == ["subjects.list"] and new[0]["purpose"] == PURPOSE
    names = {r["name"] for r in store.select("subjects", columns=["name"]) if r["name"]}
    assert not any(name in new[0]["detail"] for name in names)


def test_a_stale_analysis_is_noted_next_to_its_figures(client: TestClient, web) -> None:
    store = _store(web)
    link = next(iter(store.select("links", {"accepted": 1}, limit=1)))
    sid = next(iter(store.select("subject_members", {"entity_id": link["left_id"]}, limit=1)))["subject_id"]
    assert 'data-testid="stale-notes"' not in client.get("/").text  # the demo is fully analysed
    form = {"a": link["left_id"], "b": link["right_id"], "same": "false", "reason": "two people"}
    decided = client.post(f"/subjects/{sid}/decisions", data=form, headers={"HX-Request": "true"})
    assert decided.status_code == 200
    html = client.get("/").text
    notes = html.split('data-testid="stale-notes"', 1)[1].split("</ul>", 1)[0]
    assert "resolve result is stale" in notes and "clew resolve" in notes
    people = html.split('data-testid="figure-people"', 1)[1].split("</div>", 1)[0]
    assert 'class="stale"' in people


def test_an_empty_operation_says_what_to_do_next(web, client: TestClient) -> None:
    c = web.client()
    olga = web.person("olga", operations=("demo", "other"))
    assert web.login(c, olga, operation="other").status_code == 204
    html = c.get("/").text
    assert 'data-testid="empty"' in html and "clew ingest PATH --operation other" in html
    assert "No subjects yet" in c.get("/subjects").text and c.get("/subjects.json").json() == []
    for path in ("/subjects", "/syndicates", "/money", "/media", "/sources", "/leads", "/outcomes", "/chart",
                 "/map", "/ingest"):  # fmt: skip
        empty = re.search(r'<p class="empty"[^>]*>(.*?)</p>', c.get(path).text, re.S)
        assert empty, f"{path}: no empty state"
        assert "<a href=" in empty[1] or "<code>clew " in empty[1], f"{path}: {empty[1]!r} says no next step"
    assert 'class="empty"' not in client.get("/map").text  # the demo operation's map has figures


def test_money_across_borders_adds_up_the_reporting_currency_only(client: TestClient, web) -> None:
    """Flows kept in a unit without a rate (crypto) are listed in their unit, never added to the
    figure in the reporting currency (the dashboard once showed EUR amounts plus BTC as BTC)."""
    store = _store(web)
    before = outcomes.stats(store)
    assert before.currency == "EUR" and before.cross_border_money > 0
    store.insert("money_flows", [{"payer_country": "PH", "beneficiary_country": "US", "amount": 0.5,
                                  "payments": 2, "currency": "BTC", "run_id": "test"}])  # fmt: skip
    assert outcomes.stats(store).cross_border_money == before.cross_border_money
    assert _figures(client.get("/").text)["money"][1] == f"{before.cross_border_money:,.2f} EUR"
    listed = client.get("/money.json").json()
    assert {"payer_country": "PH", "beneficiary_country": "US", "amount": 0.5, "currency": "BTC",
            "payments": 2} in listed  # fmt: skip
