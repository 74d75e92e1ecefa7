"""The network step on hand-built operations: syndicates, brokers, group-size weighting, seeding."""

from __future__ import annotations

import json

from clew.network import pipeline
from network.fixtures import add_entities, add_source, group, person

A = [f"a{i}" for i in range(6)]
B = [f"b{i}" for i in range(6)]


def _two_rings(store, channel: int = 0) -> None:
    """Two tight groups of six; ``x`` is in the address books of both; optional big channel."""
    people = [person(p) for p in [*A, *B, "x"]]
    others = [f"o{i:03d}" for i in range(channel)]
    people += [person(o) for o in others]
    add_entities(store, people)
    add_entities(store, group("ga", A, admins=["a0"]) + group("gb", B, admins=["b0"]))
    add_entities(store, group("ga2", A[:3]) + group("gb2", B[:3]))
    if channel:
        add_entities(store, group("channel", [*A, *B, *others]))
    src = add_source(store, owner="x")
    add_entities(store, [person("x"), person("a1"), person("a2"), person("b1"), person("b2")], src)


def _members(store) -> dict[str, str | None]:
    return {r["subject_id"]: r["syndicate_id"] for r in store.select("syndicate_members")}


def _roles(store, role: str) -> set[str]:
    return {r["subject_id"] for r in store.select("subject_roles", {"role": role, "analysis": "network"})}


def test_bridge_between_two_groups_is_broker(store) -> None:
    _two_rings(store)
    summary = pipeline.run(store)
    members = _members(store)
    assert summary["syndicates"] == 2
    assert len({members[p] for p in A}) == 1 and len({members[p] for p in B}) == 1
    assert members["a0"] != members["b0"]
    assert _roles(store, "broker") == {"x"}
    assert {"a0", "b0"} <= _roles(store, "admin")
    broker = next(iter(store.select("subject_roles", {"role": "broker"})))
    assert len(json.loads(broker["evidence"])["syndicates"]) == 2


def test_big_channel_does_not_merge_syndicates(store) -> None:
    _two_rings(store, channel=488)
    pipeline.run(store)
    members = _members(store)
    assert members["a0"] is not None and members["b0"] is not None
    assert members["a0"] != members["b0"]
    assert len({members[p] for p in A}) == 1 and len({members[p] for p in B}) == 1
    # the channel's pairs are capped, not materialised (500 members -> ~2,500 ring pairs, not 124,750)
    assert store.count("graph_edges") < 5_000


def test_small_group_weighs_more_than_big_channel(store) -> None:
    _two_rings(store, channel=488)
    pipeline.run(store)
    edge = {(r["left_id"], r["right_id"]): json.loads(r["kinds"]) for r in store.select("graph_edges")}
    assert edge[("a3", "a4")]["group"] > 50 * edge.get(("a0", "b0"), {}).get("group", 1 / 499)


def test_seeded_runs_repeat(store) -> None:
    _two_rings(store, channel=488)
    pipeline.run(store)
    first = sorted(
        store.select("syndicate_members", columns=["subject_id", "syndicate_id", "community"]),
        key=lambda r: r["subject_id"],
    )
    pipeline.run(store)
    second = sorted(
        store.select("syndicate_members", columns=["subject_id", "syndicate_id", "community"]),
        key=lambda r: r["subject_id"],
    )
    assert first == second
    assert store.count("subject_roles", {"analysis": "network", "role": "broker"}) == 1


def test_rerun_replaces_only_own_roles(store) -> None:
    _two_rings(store)
    store.insert("subject_roles", [{"subject_id": "a3", "role": "seller", "analysis": "money", "score": 1.0}])
    pipeline.run(store)
    pipeline.run(store)
    assert store.count("subject_roles", {"analysis": "money"}) == 1
    assert store.count("subject_roles", {"analysis": "network", "role": "admin"}) == 2
