"""Ties only through big groups are kept as memberships: every member has neighbours and paths."""

from __future__ import annotations

from clew.network import pipeline, query
from network.fixtures import add_entities, group, person


def _two_big_groups(store) -> None:
    left = [f"l{i:02d}" for i in range(40)]
    right = [f"r{i:02d}" for i in range(40)]
    add_entities(store, [person(p) for p in [*left, *right, "hub"]])
    add_entities(store, group("g-left", [*left, "hub"], admins=["l00"]) + group("g-right", [*right, "hub"]))


def test_big_group_members_have_neighbours_and_paths(store) -> None:
    _two_big_groups(store)
    summary = pipeline.run(store)
    assert store.count("graph_edges") == 0  # 1/40 per pair: below the stored-pair floor
    assert summary["gathering_ties"] == store.count("gathering_members") == 82
    view = query.subject(store, "l00", neighbours=5)
    assert len(view["neighbours"]) == 5
    assert all(n["evidence"] == [{"kind": "group", "via": "g-left"}] for n in view["neighbours"])
    assert all(abs(n["weight"] - 1 / 40) < 1e-6 for n in view["neighbours"])
    assert [g["id"] for g in view["gatherings"]] == ["g-left"]
    hops = query.path(store, "l05", "r07")
    assert [(h["from"], h["to"]) for h in hops] == [("l05", "hub"), ("hub", "r07")]
    assert hops[0]["evidence"] == [{"kind": "group", "via": "g-left"}]
    assert query.path(store, "l05", "l06")[0]["to"] == "l06"


def test_stored_pair_beats_a_faint_group_hop(store) -> None:
    _two_big_groups(store)
    add_entities(store, group("g-small", ["l05", "r07"]))
    pipeline.run(store)
    hops = query.path(store, "l05", "r07")
    assert len(hops) == 1 and hops[0]["kinds"] == {"group": 1.0}
