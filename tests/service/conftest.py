"""A tiny synthetic operation, ingested for real: three people, one of them in two records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clew.ingest import ingest_paths
from clew.resolve.pipeline import run as resolve

PEOPLE = [
    {"id": "p-maria", "schema": "Person",
     "properties": {"name": ["María Sántos"], "phone": ["+63 917 123 4567"],
                    "email": ["maria.s@mail.example"]}},
    {"id": "p-maria-2", "schema": "Person",
     "properties": {"name": ["MARIA SANTOS", "M. Santos"], "phone": ["+639171234567"]}},
    {"id": "acct-maria", "schema": "UserAccount",
     "properties": {"username": ["mariasun77"], "owner": ["p-maria"], "phone": ["+639171234567"]}},
    {"id": "p-muhammad", "schema": "Person",
     "properties": {"name": ["Muhammad Karim"], "phone": ["+8801812187720"]}},
    {"id": "p-jose", "schema": "Person", "properties": {"name": ["José Pérez"]}},
    {"id": "bank-jose", "schema": "BankAccount", "properties": {"iban": ["DE89 3704 0044 0532 0130 00"]}},
]  # fmt: skip


def write(path: Path, entities: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


@pytest.fixture
def people(store, tmp_path):
    ingest_paths(store, [write(tmp_path / "people.ftm.jsonl", PEOPLE)])
    resolve(store)
    return store
