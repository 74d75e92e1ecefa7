"""The search page (issue 14 item 3), in-process: terms only in request bodies, results and facet
counts as the service's, scoped to the session and its operation, CSV/JSON twins, audited once
per search without the terms."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from clew.service import finder
from clew.store.base import Principal

HTMX = {"HX-Request": "true"}


def _store(web, operation: str = "demo"):
    return web.state.store(operation, Principal("test"))


def held_phone(store) -> str:
    """A valid phone number (E.164) held by a resolved subject of the operation."""
    members = set(store.select_columns("subject_members", ["entity_id"])["entity_id"])
    mentions = store.select("mentions", columns=["key", "entity_id"])
    held = {m["key"] for m in mentions if m["entity_id"] in members}
    for row in store.select("identifiers", {"kind": "phone", "valid": True}, order_by=["key"]):
        if row["key"] in held:
            return row["value"]
    raise AssertionError("no held phone number in the demo")


def _search(client: TestClient, text: str) -> str:
    """POST the terms; the opaque results path the server sends the browser to."""
    response = client.post("/search", data={"q": text}, headers=HTMX)
    assert response.status_code == 204
    return response.headers["hx-redirect"]


def test_terms_stay_in_the_body_and_results_are_the_services(client: TestClient, web) -> None:
    phone = held_phone(_store(web))
    path = _search(client, phone)
    assert re.fullmatch(r"/search/[A-Za-z0-9_-]{16}", path)
    assert phone.lstrip("+") not in path and phone[-6:] not in path
    expected = finder.faceted(_store(web), phone, limit=25)
    assert expected.total >= 1
    html = client.get(path).text
    hits = re.findall(r'<li data-testid="hit">\s*<a href="/subjects/([^"]+)"', html)
    assert hits == [h.subject_id for h in expected.hits]
    assert f'value="{phone}"' in html  # shown on the page, kept out of the address
    for facet, param in (("country", "country"), ("schema", "kind")):
        shown = html.split(f'data-testid="facet-{param}"', 1)[1].split("</ul>", 1)[0]
        pairs = re.findall(r'>([^<>]+)</a> <span class="num">(\d+)</span>', shown)
        assert dict((v, int(n)) for v, n in pairs) == expected.facets[facet]


def test_a_facet_narrows_the_hits_and_lives_in_the_url(client: TestClient, web) -> None:
    path = _search(client, "a")  # every name with a token starting with "a": subjects of several countries
    everything = finder.faceted(_store(web), "a", limit=200)
    country, n = next((c, n) for c, n in everything.facets["country"].items() if n < everything.total)
    html = client.get(f"{path}?country={country}").text
    narrowed = finder.faceted(_store(web), "a", filters={"country": country}, limit=200)
    assert narrowed.total == n and f'data-testid="total">{n} subject' in html
    listed = client.get(f"{path}.json?country={country}").json()
    assert [r["subject_id"] for r in listed] == [h.subject_id for h in narrowed.hits]
    assert {r["country"] for r in listed} == {country}
    rows = list(csv.reader(io.StringIO(client.get(f"{path}.csv?country={country}").text)))
    assert rows[0] == ["subject_id", "name", "country", "syndicate_id", "roles", "kinds", "score", "matched"]
    assert [r[0] for r in rows[1:]] == [r["subject_id"] for r in listed]


def test_each_search_is_audited_once_without_its_terms(client: TestClient, web) -> None:
    phone = held_phone(_store(web))
    store = _store(web)
    before = store.count("audit")
    path = _search(client, phone)
    assert store.count("audit") == before  # keeping the terms reads nothing
    client.get(path)
    new = list(store.select("audit", order_by=["seq"]))[before:]
    assert [r["action"] for r in new] == ["search.query"]
    assert phone[-6:] not in new[0]["detail"] and phone[-6:] not in (new[0]["target"] or "")


def test_a_search_belongs_to_its_session_and_operation(web) -> None:
    phone = held_phone(_store(web))
    ana, lena, person = web.client(), web.client(), web.person("ana", operations=("demo", "other"))
    assert web.login(ana, person).status_code == 204
    assert web.login(lena, web.person("lena")).status_code == 204
    path = _search(ana, phone)
    assert ana.get(path).status_code == 200
    assert lena.get(path).status_code == 404 and lena.get(f"{path}.json").status_code == 404
    ana.headers["HX-Request"] = "true"
    ana.post("/context", data={"operation": "other", "purpose": "a case of the other operation"})
    del ana.headers["HX-Request"]
    assert ana.get(path).status_code == 404  # made under demo: not readable under other
    other = ana.get(_search(ana, phone)).text
    assert 'data-testid="total">0 subjects' in other and "/subjects/" not in other.split("<main", 1)[1]
    ana.post("/logout", headers=HTMX)
    assert web.login(ana, person, offset_steps=1).status_code == 204  # a new session, same user
    assert ana.get(path).status_code == 404  # log-out forgot the searches


def test_the_terms_are_never_read_from_a_url(client: TestClient, web) -> None:
    phone = held_phone(_store(web))
    assert client.get(f"/search?q={phone}").text.count(phone) == 0  # a query string is ignored
    assert client.post("/search", data={"q": "  "}, headers=HTMX).status_code == 400


def test_saved_searches_stay_bounded() -> None:
    """Sessions that expire without a log-out do not pile up: the oldest searcher is dropped."""
    from clew.web.searches import KEEP, SESSIONS, Saved, Searches

    kept = Searches()
    ids = [kept.save(f"session-{n}", Saved("op", f"term {n}")) for n in range(SESSIONS + 1)]
    assert kept.get("session-0", "op", ids[0]) is None and kept.get("session-1", "op", ids[1]) is not None
    many = [kept.save("busy", Saved("op", f"t{n}")) for n in range(KEEP + 1)]
    assert kept.get("busy", "op", many[0]) is None and kept.get("busy", "op", many[-1]).text == f"t{KEEP}"
