"""Build tiny operations for resolution tests from FtM entities.

Entities are written as an FtM JSONL file (with a ``source.yaml`` giving the country) and loaded
through ``clew.ingest.ingest_paths``. Until ingest exists, the same statements and identifier
mentions are inserted directly (``clew.identifiers.normalise`` gives the keys).
"""

from __future__ import annotations

import json
from pathlib import Path

from clew.store.base import Store


def ingest_entities(store: Store, folder: Path, entities: list[dict], country: str = "PH") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.yaml").write_text(f"label: test source\nkind: device-extraction\ncountry: {country}\n")
    path = folder / "entities.ftm.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    try:
        from clew.ingest import ingest_paths
    except ImportError:
        _insert_directly(store, entities, country)
        return
    ingest_paths(store, [folder])


def _insert_directly(store: Store, entities: list[dict], country: str) -> None:
    from clew.identifiers import identifiers_of, normalise
    from clew.model.statement import Statement

    statements, mentions = [], []
    for line, entity in enumerate(entities, 1):
        props = entity["properties"]
        for prop, values in props.items():
            for raw in values:
                st = Statement(entity["id"], entity["schema"], prop, raw, raw)
                statements.append(
                    {
                        "id": st.id,
                        "entity_id": st.entity_id,
                        "schema": st.schema,
                        "prop": prop,
                        "raw": raw,
                        "value": raw,
                        "source_id": 1,
                        "locator": f"line {line}",
                    }
                )
                kind = identifiers_of(entity["schema"], prop)
                if kind is None:
                    continue
                service = (props.get("service") or [None])[0]
                norm = normalise(kind, raw, country, service=service)
                if norm.key:
                    mentions.append(
                        {
                            "key": norm.key,
                            "entity_id": entity["id"],
                            "prop": prop,
                            "raw": raw,
                            "source_id": 1,
                            "locator": f"line {line}",
                        }
                    )
    store.insert("statements", statements)
    store.insert_ignore("mentions", mentions)


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
