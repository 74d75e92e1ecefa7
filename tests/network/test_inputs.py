"""Calls known only by phone number join through the identifier index; rebuild re-ranks priority."""

from __future__ import annotations

import json

from clew.network import pipeline
from network.fixtures import add_entities, person


def _mention(store, entity: str, key: str, prop: str) -> None:
    store.insert(
        "mentions",
        [{"key": key, "entity_id": entity, "prop": prop, "raw": key, "source_id": 1, "locator": "line 1"}],
    )


def _call(cid: str, caller: str | None = None, **numbers: str) -> dict:
    props = {k: [v] for k, v in numbers.items()}
    if caller:
        props["caller"] = [caller]
    return {"id": cid, "schema": "Call", "properties": props}


def _edges(store) -> dict[tuple[str, str], dict]:
    return {(r["left_id"], r["right_id"]): json.loads(r["kinds"]) for r in store.select("graph_edges")}


def test_call_by_numbers_joins_the_number_holders(store) -> None:
    add_entities(store, [person("p1"), person("p2"), person("p3")])
    add_entities(store, [_call("c1", callerNumber="+41 79 000 00 01", receiverNumber="+41 79 000 00 02")])
    add_entities(store, [_call("c2", caller="p3", receiverNumber="+41 79 000 00 02")])
    _mention(store, "p1", "phone:+41790000001", "phone")
    _mention(store, "p2", "phone:+41790000002", "phone")
    _mention(store, "c1", "phone:+41790000001", "callerNumber")
    _mention(store, "c1", "phone:+41790000002", "receiverNumber")
    _mention(store, "c2", "phone:+41790000002", "receiverNumber")
    pipeline.run(store)
    edges = _edges(store)
    assert "call" in edges["p1", "p2"]
    assert "call" in edges["p2", "p3"]


def test_shared_number_joins_nobody(store) -> None:
    add_entities(store, [person("p1"), person("p2"), person("p3")])
    add_entities(store, [_call("c1", caller="p3", receiverNumber="+41 79 000 00 09")])
    for p in ("p1", "p2"):  # a family phone: two different subjects
        _mention(store, p, "phone:+41790000009", "phone")
    _mention(store, "c1", "phone:+41790000009", "receiverNumber")
    pipeline.run(store)
    assert not any("call" in kinds for kinds in _edges(store).values())


def test_rebuild_reruns_priority(store) -> None:
    add_entities(store, [person("p1"), person("p2"), person("p3")])
    add_entities(store, [_call(f"c{i}", caller="p1", receiverNumber="+41 79 000 00 02") for i in range(2)])
    _mention(store, "p2", "phone:+41790000002", "phone")
    for i in range(2):
        _mention(store, f"c{i}", "phone:+41790000002", "receiverNumber")
    store.insert(
        "subject_priority", [{"subject_id": "old", "priority": 9, "rank": 1, "reasons": "[]", "run_id": "x"}]
    )
    from clew.pipeline import rebuild_network

    summary = rebuild_network(store)
    ranked = {r["subject_id"]: r["priority"] for r in store.select("subject_priority")}
    assert "old" not in ranked and summary["priority"] == len(ranked)
    assert {"p1", "p2", "p3"} <= set(ranked)
    assert ranked["p1"] > ranked["p3"]  # p1 has a tie, p3 none


def test_file_held_through_documentation_joins_its_holders(store) -> None:
    """Another tool's form of a copy of one file on two people: each copy's checksums in
    ``contentHash`` (any order), tied to its holder by an FtM ``Documentation``."""
    add_entities(store, [person("p1"), person("p2")])
    copies = [
        {"id": "f1", "schema": "Image", "properties": {"contentHash": ["a" * 40, "b" * 64]}},
        {"id": "f2", "schema": "Image", "properties": {"contentHash": ["b" * 64, "a" * 40]}},
        {"id": "d1", "schema": "Documentation", "properties": {"document": ["f1"], "entity": ["p1"]}},
        {"id": "d2", "schema": "Documentation", "properties": {"document": ["f2"], "entity": ["p2"]}},
    ]
    add_entities(store, copies)
    pipeline.run(store)
    assert "file" in _edges(store)["p1", "p2"]
