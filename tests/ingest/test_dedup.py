"""Repeats are dropped by the ingest itself (the tables have no unique constraint to do it)."""

from __future__ import annotations

from collections import Counter

from clew.ingest import ingest_paths
from ingest.helpers import person, write_lines


def _statement_keys(store) -> Counter:
    return Counter(
        (r["entity_id"], r["prop"], r["raw"], r["source_id"], r["locator"])
        for r in store.select("statements")
    )


def test_repeated_values_and_spellings_of_one_record(store, tmp_path):
    phones = ["+63 917 123 4567", "+63 917 123 4567", "0917 123 4567"]
    write_lines(tmp_path / "a.ftm.jsonl", [person(1, phone=phones, country=["ph"])])
    ingest_paths(store, [tmp_path / "a.ftm.jsonl"])
    raws = sorted(r["raw"] for r in store.select("statements", {"prop": "phone"}))
    assert raws == ["+63 917 123 4567", "0917 123 4567"]  # each raw value once, both kept
    mentions = list(store.select("mentions"))
    assert [(m["key"], m["entity_id"], m["raw"]) for m in mentions] == [
        ("phone:+639171234567", "person-1", "+63 917 123 4567")  # one mention per record and property
    ]
    assert store.count("identifiers") == 1
    assert max(_statement_keys(store).values()) == 1


def test_same_entity_twice_in_one_spreadsheet_row(store, tmp_path):
    (tmp_path / "subs.csv").write_text("msisdn,name,sub_id\n0917 123 4567,Ana Reyes,S1\n", encoding="utf-8")
    entity = """\
        subscriber:
          schema: Person
          id_column: sub_id
          properties:
            name: {column: name}
            phone: {column: msisdn}
"""
    (tmp_path / "subs.mapping.yml").write_text(
        f"example:\n  queries:\n    - entities:\n{entity}    - entities:\n{entity}", encoding="utf-8"
    )
    summary = ingest_paths(store, [tmp_path / "subs.csv"], country="PH")
    assert summary.files[0].records == 2  # both queries yield the subscriber ...
    keys = _statement_keys(store)
    assert len(keys) == 3 and max(keys.values()) == 1  # ... whose statements are stored once
    assert store.count("mentions") == 1
    assert store.record("S1").get("phone") == ["+639171234567"]


def test_identifier_shared_by_two_files(store, tmp_path):
    write_lines(tmp_path / "a" / "a.ftm.jsonl", [person(1, phone=["+63 917 123 4567"])])
    write_lines(tmp_path / "b" / "b.ftm.jsonl", [person(2, phone=["+639171234567"])])
    ingest_paths(store, [tmp_path / "a", tmp_path / "b"])
    assert store.count("identifiers") == 1  # one node ...
    assert sorted(m["entity_id"] for m in store.select("mentions")) == ["person-1", "person-2"]
    attributions = list(store.select("attributions"))
    assert {a["source_id"] for a in attributions} == {1, 2}  # ... with each source's evidence
    assert len(attributions) == 2
