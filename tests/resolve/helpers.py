"""Build tiny operations for resolution tests from FtM entities.

Entities are written as an FtM JSONL file (with a ``source.yaml`` giving the country) and loaded
through ``clew.ingest.ingest_paths``.
"""

from __future__ import annotations

import json
from pathlib import Path

from clew.ingest import ingest_paths
from clew.store.base import Store


def ingest_entities(store: Store, folder: Path, entities: list[dict], country: str = "PH") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.yaml").write_text(f"label: test source\nkind: device-extraction\ncountry: {country}\n")
    path = folder / "entities.ftm.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    ingest_paths(store, [folder])


def person(id_: str, name: str, **props: str | list[str]) -> dict:
    properties = {"name": [name]}
    for key, value in props.items():
        properties[key] = value if isinstance(value, list) else [value]
    return {"id": id_, "schema": "Person", "properties": properties}


def account(id_: str, service: str, username: str, **props: str | list[str]) -> dict:
    properties = {"service": [service], "username": [username]}
    for key, value in props.items():
        properties[key] = value if isinstance(value, list) else [value]
    return {"id": id_, "schema": "UserAccount", "properties": properties}
