"""The islands' API routes (issue 14 items 5–7): filters reach the service, bad input is a 4xx,
and another operation's data never shows — not in nodes, figures, arcs or "+N more" (C1)."""

from __future__ import annotations

import pytest

BASE = "/api/v1/operations"


@pytest.fixture
def ana(server):
    return server.person("ana")


def _syndicate(client, ana, operation: str = "demo") -> dict:
    return client.get(f"{BASE}/{operation}/syndicates", headers=ana.headers()).json()[0]


def test_chart_expands_with_filters_and_pages(server, ana) -> None:
    client = server.client()
    syn = _syndicate(client, ana)
    url = f"{BASE}/demo/chart/syndicates/{syn['syndicate_id']}?cap=5"
    start = client.get(url, headers=ana.headers()).json()
    assert len([n for n in start["nodes"] if n["kind"] == "subject"]) == 5
    assert start["more"] == syn["size"] - 5
    sid = start["nodes"][0]["id"]
    page1 = client.get(f"{BASE}/demo/chart/subjects/{sid}?cap=2", headers=ana.headers()).json()
    page2 = client.get(f"{BASE}/demo/chart/subjects/{sid}?cap=2&offset=2", headers=ana.headers()).json()
    first = {n["id"] for n in page1["nodes"] if n["kind"] == "subject"} - {sid}
    second = {n["id"] for n in page2["nodes"] if n["kind"] == "subject"} - {sid}
    assert first and not first & second
    calls = client.get(f"{BASE}/demo/chart/subjects/{sid}?kinds=call", headers=ana.headers()).json()
    assert all("call" in e["kinds"] for e in calls["edges"] if not e["target"].startswith("hub:"))
    for bad in ("cap=0", "cap=9999", "since=yesterday", "min_weight=-1"):
        assert client.get(f"{BASE}/demo/chart/subjects/{sid}?{bad}", headers=ana.headers()).status_code == 422
    assert client.get(f"{BASE}/demo/chart/syndicates/syn-9999", headers=ana.headers()).status_code == 404
    assert client.get(f"{BASE}/demo/map/countries/1X", headers=ana.headers()).status_code == 422


def test_a_syndicates_more_node_pages_its_members_with_their_ties(server, ana) -> None:
    """The syndicate overview's "+N more" node asks for the next page of members: new ones only,
    each tie to the members already drawn, the count going down to none."""
    client = server.client()
    syn = _syndicate(client, ana)
    url = f"{BASE}/demo/chart/syndicates/{syn['syndicate_id']}"
    first = client.get(f"{url}?cap=4", headers=ana.headers()).json()
    more = next(n for n in first["nodes"] if n["kind"] == "more")
    assert (more["of"], more["offset"], more["size"]) == (f"syn:{syn['syndicate_id']}", 4, syn["size"] - 4)
    nxt = client.get(f"{url}?cap=4&offset={more['offset']}", headers=ana.headers()).json()
    shown = {n["id"] for n in first["nodes"] if n["kind"] == "subject"}
    fresh = {n["id"] for n in nxt["nodes"] if n["kind"] == "subject"}
    assert len(fresh) == min(4, syn["size"] - 4) and not shown & fresh
    ends = [{e["source"], e["target"]} for e in nxt["edges"]]
    assert ends and all(pair & fresh and pair <= shown | fresh for pair in ends)
    whole = client.get(f"{url}?cap={syn['size']}", headers=ana.headers()).json()
    among = [e for e in whole["edges"] if {e["source"], e["target"]} <= shown | fresh]
    assert {e["id"] for e in first["edges"]} | {e["id"] for e in nxt["edges"]} == {e["id"] for e in among}
    last = client.get(f"{url}?cap=4&offset={syn['size'] - 1}", headers=ana.headers()).json()
    assert last["more"] == 0 and not [n for n in last["nodes"] if n["kind"] == "more"]


def test_another_operations_data_never_shows_c1(server, ana) -> None:
    client = server.client()
    bea = server.person("bea", operations=("other",))
    theirs = _syndicate(client, bea, "other")
    ours = client.get(f"{BASE}/demo/map", headers=ana.headers()).json()
    mine = {c["country"]: c["subjects"] for c in ours["countries"]}
    other = client.get(f"{BASE}/other/map", headers=bea.headers()).json()
    assert mine and sum(mine.values()) < 1000 and other["countries"] != ours["countries"]
    for path in (f"/chart/syndicates/{theirs['syndicate_id']}", "/map"):
        assert client.get(f"{BASE}/other{path}", headers=ana.headers()).status_code == 404
    theirs_subject = client.get(
        f"{BASE}/other/chart/syndicates/{theirs['syndicate_id']}", headers=bea.headers()
    ).json()["nodes"][0]["id"]
    for path in (f"/chart/subjects/{theirs_subject}", f"/timeline/subjects/{theirs_subject}"):
        assert client.get(f"{BASE}/demo{path}", headers=ana.headers()).status_code == 404
