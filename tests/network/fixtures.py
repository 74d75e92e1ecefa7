"""Tiny hand-built operations written straight into the store (no ingest needed)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from clew.model.fragment import encode, encode_statement
from clew.store.base import Store

_counter = iter(range(1, 1_000_000))


def add_source(store: Store, owner: str | None = None, kind: str = "device-extraction") -> int:
    n = next(_counter)
    store.insert(
        "sources",
        [
            {
                "sha256": hashlib.sha256(f"src{n}".encode()).hexdigest(),
                "path": f"/tmp/src{n}.ftm.json",
                "format": "ftm",
                "kind": kind,
                "owner_entity": owner,
                "size": 1,
                "records": 1,
                "status": "done",
                "run_id": "test",
                "ingested_at": "2026-01-01T00:00:00Z",
            }
        ],
    )
    return max(r["id"] for r in store.select("sources", columns=["id"]))


def add_entities(store: Store, entities: Iterable[dict], source_id: int | None = None) -> None:
    """FtM-shaped dicts ``{"id", "schema", "properties"}`` as fragments of one source (values clean)."""
    if source_id is None:
        source_id = add_source(store, kind="other")
    rows = [
        {
            "entity_id": ent["id"],
            "schema": ent["schema"],
            "source_id": source_id,
            "locator": f"line {line}",
            "props": encode(
                {p: [encode_statement(v, v) for v in vs] for p, vs in ent.get("properties", {}).items()}
            ),
        }
        for line, ent in enumerate(entities, 1)
    ]
    store.insert("fragments", rows)


def person(pid: str, name: str | None = None, **props: list[str]) -> dict:
    return {"id": pid, "schema": "Person", "properties": {"name": [name or pid], **props}}


def group(gid: str, members: Iterable[str], admins: Iterable[str] = ()) -> list[dict]:
    props = {"name": [f"group {gid}"], "topics": ["clew.chatgroup"]}
    out = [{"id": gid, "schema": "Organization", "properties": props}]
    admins = set(admins)
    for m in members:
        role = "admin" if m in admins else "member"
        out.append(
            {
                "id": f"mem-{gid}-{m}",
                "schema": "Membership",
                "properties": {"member": [m], "organization": [gid], "role": [role]},
            }
        )
    return out


def identifier(store: Store, entity: str, key: str, country: str, rule: str, confidence: float) -> None:
    store.insert_ignore(
        "mentions",
        [{"key": key, "entity_id": entity, "prop": "phone", "raw": key, "source_id": 1, "locator": "line 1"}],
    )
    store.insert_ignore(
        "attributions",
        [
            {
                "key": key,
                "country": country,
                "rule": rule,
                "evidence": f"{key} decides {country}",
                "confidence": confidence,
                "source_id": None,
            }
        ],
    )
