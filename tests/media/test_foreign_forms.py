"""Media written by another tool: every checksum in ``contentHash``, the holder as a ``Documentation``.

One FtM file without ``source.yaml`` and without any ``clew:*`` property (bench/foreign.py
measures the whole demo so written).
"""

from __future__ import annotations

import json

from clew.ingest import ingest_paths
from clew.media.hashlist import import_file
from clew.media.pipeline import run


def _write(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def test_contenthash_by_length_and_documentation_holder(store, tmp_path):
    person = {"id": "a7", "schema": "Person", "properties": {"name": ["Test Person"]}}
    other = {"id": "b9", "schema": "Person", "properties": {"name": ["Other Person"]}}
    images = [
        {"id": "f1", "schema": "Image", "properties": {"contentHash": ["1" * 32]}},  # an MD5
        {
            "id": "f2",
            "schema": "Image",
            "properties": {"contentHash": ["2" * 40, "3" * 64]},
        },  # SHA-1, SHA-256
        {"id": "f3", "schema": "Image", "properties": {"contentHash": ["4" * 40]}},  # unknown, on two people
        {"id": "f4", "schema": "Image", "properties": {"contentHash": ["4" * 40]}},
    ]
    docs = [
        {"id": f"d{n}", "schema": "Documentation", "properties": {"document": [f], "entity": [e]}}
        for n, (f, e) in enumerate([("f1", "a7"), ("f2", "a7"), ("f3", "a7"), ("f4", "b9")])
    ]
    evidence = tmp_path / "export.ftm.jsonl"
    _write(evidence, [person, other, *images, *docs])
    ingest_paths(store, [evidence])
    known = tmp_path / "known.csv"
    known.write_text(f"md5,sha256,series\n{'1' * 32},,S-1\n,{'3' * 64},S-2\n", encoding="utf-8")
    import_file(store, known, name="known-test", caveat="synthetic")
    run(store)
    matches = {(m["item"], m["match"]): m for m in store.select("media_matches")}
    assert matches[("f1", "md5")]["series"] == "S-1"
    assert matches[("f2", "sha256")]["series"] == "S-2"
    assert matches[("f1", "md5")]["holder"] == "a7"
    assert {i for i, how in matches if how == "possibly-new"} == {"f3", "f4"}  # two holders
    roles = {(r["subject_id"], r["role"]) for r in store.select("subject_roles", {"analysis": "media"})}
    assert ("a7", "holder-known-material") in roles
    assert ("b9", "possibly-new-material") in roles
