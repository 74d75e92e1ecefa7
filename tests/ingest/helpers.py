"""Helpers for ingest tests: snapshots of the store, tiny synthetic files."""

from __future__ import annotations

import json
from pathlib import Path

DATA_TABLES = ("sources", "fragments", "statements", "identifiers", "mentions", "attributions")


def snapshot(store) -> dict:
    """Counts of every data table and a dump of the statements: what 'store unchanged' compares."""
    counts = {t: store.count(t) for t in DATA_TABLES}
    dump = sorted(
        (r["entity_id"], r["prop"], r["raw"], str(r["value"]), r["locator"])
        for r in store.select("statements")
    )
    return {"counts": counts, "statements": dump}


def write_lines(path: Path, entities: list) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


def person(i: int, **props) -> dict:
    base: dict = {"name": [f"Test Person {i}"]}
    base.update(props)
    return {"id": f"person-{i}", "schema": "Person", "properties": base}
