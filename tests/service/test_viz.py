"""The islands' service functions (issue 14 items 5–7) on a tiny hand-built operation.

Three subjects in PH (a, b, c) and two in US (d, e); a called b, b called c, c wrote to d (the
one cross-border tie), d and e are associates (undated); a is in a 30-member chat group (a hub:
its pairs are too faint to store) and a paid d 100 EUR.
"""

from __future__ import annotations

import json

import pytest

from clew.errors import NotFound
from clew.money import pipeline as money
from clew.network import pipeline as network
from clew.service import chart, geo, pathway, timeline
from network.fixtures import add_entities, add_source, group, person

CROWD = [f"h{i:02d}" for i in range(29)]


def _rec(rid: str, schema: str, **props: list[str]) -> dict:
    return {"id": rid, "schema": schema, "properties": props}


@pytest.fixture
def op(store):
    people = [person(p, f"Person {p.upper()}", country=["ph"]) for p in "abc"]
    people += [person(p, f"Person {p.upper()}", country=["us"]) for p in "de"]
    add_entities(store, people + [person(h) for h in CROWD])
    add_entities(store, group("g-big", ["a", *CROWD]))
    src = add_source(store, owner="a")
    add_entities(
        store,
        [
            _rec("call-1", "Call", caller=["a"], receiver=["b"], date=["2025-01-05T10:00"]),
            _rec("call-2", "Call", caller=["b"], receiver=["c"], date=["2025-03-01T10:00"]),
            _rec("msg-1", "Message", sender=["c"], recipients=["d"], date=["2025-06-01T08:30"]),
            _rec("link-1", "Associate", person=["d"], associate=["e"]),
            _rec("bank-a", "BankAccount", holder=["a"], iban=["PH00TEST"], country=["ph"]),
            _rec("bank-d", "BankAccount", holder=["d"], iban=["US00TEST"], country=["us"]),
            _rec(
                "pay-1",
                "Payment",
                payerAccount=["bank-a"],
                beneficiaryAccount=["bank-d"],
                amount=["100"],
                currency=["EUR"],
                date=["2025-04-01T12:00"],
            ),
        ],
        src,
    )
    network.run(store)
    money.run(store)
    return store


def _audit(store, action: str) -> list[dict]:
    return list(store.select("audit", {"action": action}, order_by=["seq"]))


def test_expand_caps_folds_the_hub_and_explains_every_edge(op) -> None:
    got = chart.expand(op, "b", cap=1)
    ids = {n.id: n for n in got.nodes}
    assert {"b", "a"} <= set(ids) and "c" not in ids  # a-b (call + contact) outweighs b-c (call)
    assert got.more == 1 and ids["more:b:1"].kind == "more" and ids["more:b:1"].offset == 1
    page2 = chart.expand(op, "b", cap=1, offset=1)
    assert "c" in {n.id for n in page2.nodes} and page2.more == 0
    hubbed = chart.expand(op, "a")
    hub = next(n for n in hubbed.nodes if n.kind == "collection")
    assert hub.id == "hub:g-big" and hub.size == 30
    assert not any(n.id in CROWD for n in hubbed.nodes)  # folded into the collection node
    call = next(e for e in hubbed.edges if {e.source, e.target} == {"a", "b"})
    piece = next(v for v in call.evidence if v.via == "call-1")
    assert piece.at == "2025-01-05T10:00:00Z" and piece.locator == "line 1" and piece.source
    assert call.first == "2025-01-05T10:00:00Z"
    members = chart.gathering(op, "g-big", cap=10)
    assert len([n for n in members.nodes if n.kind == "subject"]) == 10 and members.more == 20
    actions = _audit(op, "chart.expand")
    assert len(actions) == 4 and actions[0]["target"] == "b"
    assert "Person" not in actions[0]["detail"]  # ids only, never names (A7)


def test_filters_by_kind_country_weight_and_time(op) -> None:
    calls = chart.expand(op, "c", filters=chart.Filters(kinds=frozenset({"call"})))
    assert {n.id for n in calls.nodes} == {"c", "b"}
    abroad = chart.expand(op, "c", filters=chart.Filters(countries=frozenset({"US"})))
    assert {n.id for n in abroad.nodes} == {"c", "d"}
    spring = chart.expand(op, "c", filters=chart.Filters(since="2025-02-01", until="2025-03-31"))
    assert {n.id for n in spring.nodes} == {"c", "b"}
    assert chart.expand(op, "c", filters=chart.Filters(min_weight=99)).nodes[0].id == "c"
    syn = chart.syndicate(op, chart.expand(op, "d").nodes[0].syndicate_id or "", cap=50)
    assert "d" in {n.id for n in syn.nodes}
    with pytest.raises(NotFound):
        chart.syndicate(op, "syn-9999")


def test_path_between_countries_is_explained(op) -> None:
    found = pathway.explained_path(op, "a", "e")
    assert found.found and found.stops[0].subject_id == "a"
    assert found.stops[0].country == "PH" and found.stops[-1].country == "US"
    assert all(h.evidence for h in found.hops)
    assert [(h.source, h.target) for h in found.hops] == [("a", "d"), ("d", "e")]  # paid, associates
    paid = found.hops[0].evidence[0]
    assert (paid.via, paid.kind, paid.at) == ("pay-1", "payment", "2025-04-01T12:00:00Z")
    assert "payment" in found.hops[0].summary and "2025-04-01" in found.hops[0].summary
    assert found.hops[1].evidence[0].what == "Associate record" and found.hops[1].evidence[0].at is None
    assert len(_audit(op, "network.path")) == 1
    lonely = pathway.explained_path(op, "a", "h00")
    assert lonely.found and lonely.hops[0].evidence[0].kind == "group"


def test_country_map_and_one_country(op) -> None:
    m = geo.country_map(op)
    by = {c.country: c for c in m.countries}
    assert by["PH"].subjects == 3 and by["US"].subjects == 2 and by["US"].numeric == "840"
    ties = [a for a in m.arcs if a.kind == "ties"]
    assert [(a.source, a.target, a.count) for a in ties] == [("PH", "US", 2)]  # c-d, a-d
    money_arcs = [a for a in m.arcs if a.kind == "money"]
    assert [(a.source, a.target, a.value) for a in money_arcs] == [("PH", "US", 100.0)]
    assert by["PH"].sent == 100.0 and by["US"].received == 100.0
    ph = geo.country_subjects(op, "ph")
    assert {s.subject_id for s in ph.subjects} == {"a", "b", "c"} and ph.more == 0
    assert all(any("country" in e for e in s.evidence) for s in ph.subjects)
    assert _audit(op, "map.country")[0]["target"] == "PH"
    assert json.loads(_audit(op, "map.countries")[0]["detail"])["countries"] == len(m.countries)


def test_timeline_of_a_subject_and_of_a_syndicate(op) -> None:
    t = timeline.timeline(op, subject="a")
    kinds = [(e.kind, e.start) for e in t.events]
    assert ("call", "2025-01-05T10:00:00Z") in kinds
    assert [e.start for e in t.events] == sorted(e.start for e in t.events)
    pay = [e for e in t.events if e.kind == "payment"]
    assert len(pay) == 1 and pay[0].subjects == ("a",) and pay[0].others == ("d",)
    assert "100.00 EUR" in pay[0].title
    assert t.undated == {"membership": 1}  # the group membership carries no date: counted, not dropped
    call = next(e for e in t.events if e.id == "call-1")
    assert call.locator == "line 1" and call.others == ("b",)
    syn = op.select("syndicate_members", {"subject_id": "c"}).__next__()["syndicate_id"]
    whole = timeline.timeline(op, syndicate=syn)
    assert {e.id for e in whole.events} >= {"call-2"}
    assert [r["target"] for r in _audit(op, "timeline.events")] == ["a", syn]
