"""The subject page's payments and what each role rests on, each one click from its record's
provenance (issue 14 item 4), in-process over the demo operation."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import PurePath

from fastapi.testclient import TestClient

from clew.service import payments
from clew.service.payments import SHOWN
from clew.store.base import Principal
from web.conftest import PURPOSE
from web.test_accessibility import _check as accessible


def _store(web):
    return web.state.store("demo", Principal("test"))


def _payments_of(store, sid: str) -> list[dict]:
    """The subject's payments straight from the money tables, one per (payment, direction)."""
    accounts = [r["account_id"] for r in store.select("money_accounts", {"subject_id": sid})]
    out = list(store.select("money_payments", {"payer_account": accounts}))
    return out + list(store.select("money_payments", {"beneficiary_account": accounts}))


def _busiest(store) -> str:
    subjects = {r["subject_id"] for r in store.select("money_accounts") if r["subject_id"]}
    return max(sorted(subjects), key=lambda s: len(_payments_of(store, s)))


def _provenance(client: TestClient, html: str, record: str) -> str:
    """Follow a ``#rec-`` jump: the record's row names a file and links to the acquisition
    record, which must answer 200 and name the same file. Returns the file name."""
    row = html.split(f'<tr id="rec-{record}">', 1)[1].split("</tr>", 1)[0]
    file_name = unescape(re.search(r"<summary>([^,<]+),", row).group(1))
    source = re.search(r'href="(/sources/\d+)"', row).group(1)
    page = client.get(source)
    assert page.status_code == 200 and file_name in unescape(page.text), (record, source)
    return file_name


def test_payments_table_newest_first_each_row_to_its_records_provenance(client: TestClient, web) -> None:
    store = _store(web)
    sid = _busiest(store)
    stored = _payments_of(store, sid)
    assert len(stored) > SHOWN  # the demo's busiest subject shows the cap and the "+N more" link
    before = store.count("audit")
    html = client.get(f"/subjects/{sid}").text
    assert [r["action"] for r in list(_store(web).select("audit", order_by=["seq"]))[before:]] == [
        "subject.view"
    ]  # the payments are read inside the page's one audit record
    accessible(f"/subjects/{sid}", html)  # ids unique (each record's row once), headers scoped
    table = html.split('data-testid="payments"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    assert len(rows) == SHOWN
    by_id = {r["payment_id"]: r for r in stored}
    newest = sorted((r["at"] for r in stored), reverse=True)[:SHOWN]
    dates = [re.search(r'<td class="when">([^<]+)</td>', r).group(1) for r in rows]
    assert dates == [d[:16].replace("T", " ") for d in newest]
    for row in rows:
        record = re.search(r'href="#rec-([^"]+)">([^<]+)</a>', row)
        assert record, row
        paid = by_id[unescape(record.group(1))]
        assert f"{paid['amount']:,.2f} {paid['currency']}" in row
        mine = {r["account_id"] for r in store.select("money_accounts", {"subject_id": sid})}
        ways = {"out"} if paid["payer_account"] in mine else set()
        ways |= {"in"} if paid["beneficiary_account"] in mine else set()
        assert re.search(r"<td>(in|out)</td>", row).group(1) in ways
        assert _provenance(client, html, record.group(1)) in unescape(record.group(2))
    more = f"+{len(stored) - SHOWN} more — "
    assert more in html and f'<a href="/money?subject={sid}">all payments</a>' in html


def test_all_payments_page_by_page_with_twins_audited(client: TestClient, web, monkeypatch) -> None:
    store = _store(web)
    sid = _busiest(store)
    stored = _payments_of(store, sid)
    monkeypatch.setattr(payments, "PAGE", 40)
    pages = -(-len(stored) // 40)
    assert pages >= 3
    links, dates = [], []
    for number in range(1, pages + 1):
        page = client.get(f"/money?subject={sid}&page={number}")
        assert page.status_code == 200
        accessible(f"/money?subject={sid}", page.text)
        last = list(_store(web).select("audit", order_by=["seq"]))[-1]
        assert last["action"] == "money.payments" and last["target"] == sid and last["purpose"] == PURPOSE
        table = page.text.split('data-testid="payments"', 1)[1].split("</table>", 1)[0]
        links += re.findall(r'<a href="(/sources/\d+)">([^<]+), (line \d+)</a>', table)
        dates += re.findall(r'<td class="when">([^<]+)</td>', table)
        assert (f"Page {number} of {pages}" in page.text) and ('rel="next"' in page.text) == (number < pages)
    assert len(links) == len(dates) == len(stored)
    assert dates == sorted((r["at"][:16].replace("T", " ") for r in stored), reverse=True)
    for href, name, _ in set(links):
        assert unescape(name) in unescape(client.get(href).text)
    as_json = client.get(f"/money.json?subject={sid}").json()
    as_csv = list(csv.DictReader(io.StringIO(client.get(f"/money.csv?subject={sid}").text)))
    assert len(as_json) == len(as_csv) == len(stored)  # the twins hold every payment, not a page
    assert sorted(r["payment_id"] for r in as_json) == sorted(r["payment_id"] for r in stored)
    assert {r["source"] for r in as_json} == {unescape(n) for _, n, _ in links}
    assert client.get("/money?subject=subj-000000000000").status_code == 404


def _named(evidence, keys: tuple[str, ...]) -> set[str]:
    """The strings stored under ``keys`` anywhere in a role's evidence (accounts, groups)."""
    found: set[str] = set()
    if isinstance(evidence, dict):
        for k, v in evidence.items():
            if k in keys:
                found |= set(_strings(v))
            found |= _named(v, keys)
    elif isinstance(evidence, list):
        for v in evidence:
            found |= _named(v, keys)
    return found


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


def test_each_role_links_to_what_it_rests_on(client: TestClient, web) -> None:
    """Every account, record, subject and syndicate a role's stored evidence names is a link
    that resolves; what the analysis computed is said to have no record behind it."""
    store = _store(web)
    wanted = ("collector", "seller", "admin", "broker")
    roles = [r for r in store.select("subject_roles") if r["role"] in wanted]
    checked = 0
    for sid in sorted({r["subject_id"] for r in roles})[:4]:
        html = client.get(f"/subjects/{sid}").text
        cells = re.findall(r'<details class="grounds">(.*?)</details>', html, re.S)
        assert cells, sid
        for role in (r for r in roles if r["subject_id"] == sid):
            for value in _named(json.loads(role["evidence"]), ("account", "seller_accounts", "groups")):
                assert f'href="#rec-{value}"' in html, (role["role"], value)
        for cell in cells:
            for record in re.findall(r'href="#rec-([^"]+)"', cell):
                _provenance(client, html, record)
                checked += 1
            for link in re.findall(r'href="(/subjects[^"]*)"', cell):
                assert client.get(unescape(link)).status_code == 200
        assert "no record behind" in html
    assert checked >= 4


def test_withheld_role_evidence_has_nothing_to_expand_c3(web) -> None:
    store = _store(web)
    sid = next(r["subject_id"] for r in store.select("subject_roles", {"analysis": "media"}))
    reader = web.client()
    web.login(reader, web.person("paul"))
    html = reader.get(f"/subjects/{sid}").text
    media = re.findall(r"<tr><td>[^<]*material</td><td>media</td>.*?</tr>", html, re.S)
    assert media and all("withheld" in row and "grounds" not in row for row in media)


def _file_of(store, record: str) -> set[str]:
    """The names of the source files a record was read from (straight from the store)."""
    paths = {r["id"]: r["path"] for r in store.select("sources", columns=["id", "path"])}
    return {PurePath(paths[r["source_id"]]).name for r in store.select("fragments", {"entity_id": record})}


def _cells(html: str, testid: str, details: str) -> dict[str, str]:
    """First cell's text or link text -> the row's ``<details class=details>`` of a table."""
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S):
        key = unescape(re.sub(r"<[^>]+>", "", row.split("</td>", 1)[0]))
        found = re.search(rf'<details class="{details}">(.*?)</details>', row, re.S)
        out[key] = found.group(1) if found else ""
    return out


def test_each_tie_expands_to_the_records_that_make_it(client: TestClient, web) -> None:
    """Every piece of evidence the network stored for a shown tie is in its expansion: a record
    is a jump to its provenance row (its file, as the store holds it, and an acquisition record
    that answers 200), an address book links its extraction's acquisition record, the rest says
    it has no record behind it."""
    store = _store(web)
    edges = list(store.select("graph_edges"))
    degree: dict[str, int] = {}
    for e in edges:
        for s in (e["left_id"], e["right_id"]):
            degree[s] = degree.get(s, 0) + 1
    stored = {(e["left_id"], e["right_id"]): json.loads(e["evidence"]) for e in edges}
    kinds: dict[str, int] = {}
    for sid in sorted(degree, key=lambda s: (-degree[s], s))[:3]:
        before = store.count("audit")
        html = client.get(f"/subjects/{sid}").text
        assert [r["action"] for r in list(_store(web).select("audit", order_by=["seq"]))[before:]] == [
            "subject.view"
        ]  # the ties are explained inside the page's one audit record
        accessible(f"/subjects/{sid}", html)
        ties = _cells(html, "ties", "tie")
        assert len(ties) >= 5, sid
        for other, cell in ties.items():
            evidence = stored.get(tuple(sorted((sid, other))))
            if evidence is None:  # a co-member of a faint gathering: its gatherings are the evidence
                assert cell, other
                continue
            assert cell.count("<li>") >= len(evidence), (other, cell)
            for item in evidence:
                via, kinds[item["kind"]] = item["via"], kinds.get(item["kind"], 0) + 1
                if via.startswith("source:"):
                    href = f"/sources/{via.split(':', 1)[1]}"
                    assert f'href="{href}"' in cell, (via, cell)
                    name = re.search(rf'href="{href}">acquisition record of ([^<]+)</a>', cell).group(1)
                    assert unescape(name) in unescape(client.get(href).text)
                elif _file_of(store, via):
                    assert f'href="#rec-{via}"' in cell, (via, cell)
                    assert _provenance(client, html, via) in _file_of(store, via)
                else:
                    assert "no record behind it" in cell, (via, cell)
    assert {"call", "message", "payment", "contact", "group"} <= set(kinds), kinds


def test_hash_match_counts_expand_to_the_matched_items_provenance_c3(web) -> None:
    """With ``sensitive.read`` each list and series count expands to its matched items, each a
    jump to its record's provenance (file and acquisition record resolve) with the hash that
    matched — no property of the record (no name, no description) is shown; without it no item
    is named at all."""
    store = _store(web)
    matches = [r for r in store.select("media_matches") if r["subject_id"]]
    sid = max(
        sorted({r["subject_id"] for r in matches}), key=lambda s: sum(r["subject_id"] == s for r in matches)
    )
    mine = [r for r in matches if r["subject_id"] == sid]
    vida = web.person("vida")
    web.auth.permit("vida", "sensitive.read")
    reader = web.client()
    web.login(reader, vida)
    before = store.count("audit")
    html = reader.get(f"/subjects/{sid}").text
    assert [r["action"] for r in list(_store(web).select("audit", order_by=["seq"]))[before:]] == [
        "subject.view"
    ]
    accessible(f"/subjects/{sid}", html)
    table = html.split('data-testid="hash-series"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r"<tr><td>([^<]*)</td><td>([^<]*)</td><td class=\"num\">(\d+)</td>\s*<td>(.*?)</td></tr>", table, re.S
    )
    assert sum(int(n) for *_, n, _ in rows) == len(mine)
    for name, series, n, cell in rows:
        want = [
            r
            for r in mine
            if (r["list_name"] or "possibly-new", r["series"] or "—") == (unescape(name), unescape(series))
        ]
        assert len(want) == int(n)
        for r in want:
            assert f'href="#rec-{r["item"]}"' in cell, (r["item"], cell)
            assert _provenance(reader, html, r["item"]) in _file_of(store, r["item"])
            assert f"matched by {r['match']}" in cell
            for h in ("sha256", "pdq"):
                assert r[h] is None or r[h] in cell
    props = {
        v
        for rec in store.records(ids=sorted({r["item"] for r in mine}))
        for p in ("fileName", "title", "description", "name", "summary")
        for v in rec.get(p)
    }
    assert props and not [v for v in props if unescape(v) in unescape(html)], (
        "a matched record's content shown"
    )
    plain = web.client()
    web.login(plain, web.person("paul"))
    html = plain.get(f"/subjects/{sid}").text
    assert not [r["item"] for r in mine if r["item"] in html]


def test_a_hashed_file_match_shows_its_path_exhibit_and_hashes_and_says_it_has_no_line(web) -> None:
    """A file hashed by ``clew media hash`` is tied to no record with a line: its count expands to
    what exists — the path as stored, the exhibit label, its hashes — and says so."""
    store = _store(web)
    sid = next(iter(store.select("subject_members")))["subject_id"]
    path, sha = "phone-7.zip!DCIM/IMG_0001.jpg", "e" * 64
    store.insert("media_files", [{
        "source": "EXH-7", "holder": None, "path": path, "size": 10, "mtime": "2026-01-01T00:00:00Z",
        "kind": "image", "md5": "d" * 32, "sha1": "f" * 40, "sha256": sha, "pdq": None, "run_id": "r",
        "hashed_at": "2026-01-01T00:00:00Z",
    }])  # fmt: skip
    store.insert("media_matches", [{
        "item": path, "item_kind": "file", "holder": None, "subject_id": sid, "match": "sha256",
        "list_name": "known-test", "distance": 0, "category": None, "series": "SERIES-T", "sha256": sha,
        "pdq": None, "run_id": "r",
    }])  # fmt: skip
    vida = web.person("vida")
    web.auth.permit("vida", "sensitive.read")
    reader = web.client()
    web.login(reader, vida)
    html = reader.get(f"/subjects/{sid}").text
    accessible(f"/subjects/{sid}", html)
    cell = _cells(html, "hash-series", "matched")["known-test"]
    assert f"file <code>{path}</code> of exhibit EXH-7" in unescape(cell)
    assert all(h in cell for h in (sha, "d" * 32, "f" * 40)) and "no source record with a line" in cell
    assert "#rec-" not in cell
