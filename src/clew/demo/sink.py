"""Where the source writers put files, and where they record the truth of what they wrote.

Every actor record (Person, UserAccount) a writer emits is registered with the true person it
describes and the strong identifiers it carries; ``components`` lets tests check that each
person's records are connected by shared identifiers (the truth is achievable).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml

from clew.demo.model import Person


def entity(entity_id: str, schema: str, **props: object) -> dict:
    """An FtM entity dict; ``None``/empty values dropped, scalars wrapped in lists."""
    properties: dict[str, list[str]] = {}
    for key, value in props.items():
        values = value if isinstance(value, list | tuple) else [value]
        values = [str(v) for v in values if v not in (None, "")]
        if values:
            properties[key.replace("clew_", "clew:")] = values
    return {"id": entity_id, "schema": schema, "properties": properties}


def slug(text: str) -> str:
    """A provider's name as a file name: lower case, spaces as hyphens."""
    return text.lower().replace(" ", "-")


class Sink:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.records: dict[str, str] = {}  # actor entity id -> person id
        self.keys: dict[str, set[str]] = {}  # actor entity id -> strong identifier keys
        self.files: list[Path] = []

    def path(self, relative: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files.append(path)
        return path

    def jsonl(self, relative: str, entities: list[dict]) -> None:
        with self.path(relative).open("w", encoding="utf-8", newline="\n") as fh:
            for e in entities:
                fh.write(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n")

    def json(self, relative: str, obj: object) -> None:
        self.path(relative).write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def csv(self, relative: str, header: list[str], rows: list[list[object]]) -> None:
        with self.path(relative).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)

    def yaml(self, relative: str, obj: object) -> None:
        text = yaml.safe_dump(obj, sort_keys=False, allow_unicode=True)
        self.path(relative).write_text(text, encoding="utf-8")

    def manifest(self, folder: str, **fields: object) -> None:
        self.yaml(f"{folder}/source.yaml", {k: v for k, v in fields.items() if v is not None})

    def actor(self, entity_id: str, person: Person, *keys: str | None) -> None:
        previous = self.records.get(entity_id)
        if previous is not None and previous != person.id:
            raise RuntimeError(f"demo bug: record {entity_id} given to {previous} and {person.id}")
        self.records[entity_id] = person.id
        self.keys.setdefault(entity_id, set()).update(k for k in keys if k)

    def rename(self, old: str, new: str) -> None:
        """The record ``old`` is read as ``new`` (a reader gives its own ids, e.g. UFDR's)."""
        if old == new or old not in self.records:
            return
        person = self.records.pop(old)
        previous = self.records.get(new)
        if previous is not None and previous != person:
            raise RuntimeError(f"demo bug: record {new} given to {previous} and {person}")
        self.records[new] = person
        self.keys.setdefault(new, set()).update(self.keys.pop(old, set()))


def phone_key(e164: str | None) -> str | None:
    return f"phone:{e164}" if e164 else None


def email_key(email: str | None) -> str | None:
    return f"email:{email.lower()}" if email else None


def user_key(service: str, username: str) -> str:
    return f"username:{service.lower()}:{username.lower()}"
