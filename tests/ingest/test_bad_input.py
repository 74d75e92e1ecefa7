"""Bad input: each case names file, line and field, and leaves the store as it was apart from
the quarantine (under --strict the whole file is refused; without it the good records load)."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from clew.errors import MappingError, StrictModeError
from clew.ingest import ingest_paths
from clew.ingest.ftm import FtMReader
from clew.ingest.lines import MAX_LINE
from clew.ingest.records import RAW_LIMIT, SourceContext
from ingest.helpers import person, snapshot, write_lines

GOOD = [person(1, phone=["+63 917 123 4567"]), person(2, email=["two@mail.example"])]


def _good_bytes() -> bytes:
    return b"".join(json.dumps(e).encode() + b"\n" for e in GOOD)


CASES = {
    "unknown-schema": (
        _good_bytes() + b'{"id": "x1", "schema": "Spaceship", "properties": {"name": ["Enterprise"]}}\n',
        3,
        "schema",
        "unknown FtM schema",
    ),
    "malformed-json": (
        _good_bytes() + b'{"id": "x2", "schema": "Person", "properties": {\n',
        3,
        "(record)",
        "malformed",
    ),
    "invalid-utf8": (
        _good_bytes() + b'{"id": "x3", "schema": "Person", "properties": {"name": ["Jos\xe9"]}}\n',
        3,
        "(encoding)",
        "invalid UTF-8",
    ),
    "truncated": (_good_bytes() + b'{"id": "x4", "schema": "Person", "prop', 3, "(record)", "truncated"),
    "unknown-schema-first": (
        b'{"id": "x5", "schema": "Nope", "properties": {}}\n' + _good_bytes(),
        1,
        "schema",
        "unknown FtM schema",
    ),
}


def _baseline(store, tmp_path: Path) -> dict:
    """A store with something in it already, and its snapshot."""
    ingest_paths(
        store,
        [write_lines(tmp_path / "base" / "base.ftm.jsonl", [person(9, phone=["+44 7700 900123"])])],
    )
    return snapshot(store)


def _bad_file(tmp_path: Path, case: str) -> Path:
    """The file of ``CASES[case]`` in its own folder."""
    path = tmp_path / "bad" / f"{case}.ftm.jsonl"
    path.parent.mkdir()
    path.write_bytes(CASES[case][0])
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_strict_refuses_file_and_keeps_only_quarantine(store, tmp_path, case):
    _, line, field, message = CASES[case]
    before = _baseline(store, tmp_path)
    path = _bad_file(tmp_path, case)
    with pytest.raises(StrictModeError) as info:
        ingest_paths(store, [path], strict=True)
    text = str(info.value)
    assert str(path) in text and f"line {line}" in text and repr(field) in text and message in text
    assert snapshot(store) == before
    rows = list(store.select("quarantine"))
    assert [(r["line"], r["field"]) for r in rows] == [(line, field)]
    assert rows[0]["path"] == str(path.resolve()) and message in rows[0]["error"]
    # refusing again adds nothing: the quarantine row is already there
    with pytest.raises(StrictModeError):
        ingest_paths(store, [path], strict=True)
    assert store.count("quarantine") == 1


@pytest.mark.parametrize("case", sorted(CASES))
def test_good_records_of_the_file_still_load(store, tmp_path, case):
    _, line, field, _ = CASES[case]
    before = _baseline(store, tmp_path)
    path = _bad_file(tmp_path, case)
    summary = ingest_paths(store, [path])
    result = summary.files[0]
    assert result.status == "new" and result.records == 2 and result.quarantined == 1
    assert any(f"line {line}" in m and repr(field) in m and str(path) in m for m in result.messages)
    assert {r["entity_id"] for r in store.select("statements", {"prop": "id"})} == {
        "person-1",
        "person-2",
        "person-9",
    }
    assert store.count("statements") > before["counts"]["statements"]
    q = next(store.select("quarantine"))
    assert (q["line"], q["field"]) == (line, field) and q["raw"]


def test_invalid_phone_is_kept_raw_and_reported(store, tmp_path):
    before = _baseline(store, tmp_path)
    path = write_lines(tmp_path / "bad" / "phones.ftm.jsonl", [*GOOD, person(3, phone=["+63 12"])])
    with pytest.raises(StrictModeError) as info:
        ingest_paths(store, [path], strict=True)
    assert "line 3" in str(info.value) and "'phone'" in str(info.value)
    assert snapshot(store) == before
    assert [(r["line"], r["field"]) for r in store.select("quarantine")] == [(3, "phone")]

    summary = ingest_paths(store, [path])
    assert summary.files[0].kept_raw == 1
    assert any("line 3" in m and "'phone'" in m for m in summary.files[0].messages)
    row = next(store.select("statements", {"entity_id": "person-3", "prop": "phone"}))
    assert row["raw"] == "+63 12" and row["value"] is None and row["reason"]


def test_fifty_megabyte_line_is_quarantined_with_bounded_memory(store, tmp_path):
    before = _baseline(store, tmp_path)
    path = tmp_path / "bad" / "huge.ftm.jsonl"
    path.parent.mkdir()
    with path.open("wb") as fh:
        fh.write(json.dumps(GOOD[0]).encode() + b"\n")
        fh.write(b'{"id": "big", "schema": "Person", "properties": {"notes": ["')
        block = b"x" * (1 << 20)
        for _ in range(50):
            fh.write(block)
        fh.write(b'"]}}\n')
        fh.write(json.dumps(GOOD[1]).encode() + b"\n")
    tracemalloc.start()
    results = list(FtMReader().read(path, SourceContext(path, sha256="0" * 64)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 3 * MAX_LINE, peak  # bounded by the record limit, not by the 50 MB line
    assert [r.line for r in results] == [1, 2, 3] and results[1].error and len(results[1].raw) <= RAW_LIMIT

    with pytest.raises(StrictModeError) as info:
        ingest_paths(store, [path], strict=True)
    assert "line 2" in str(info.value) and "exceeds" in str(info.value)
    assert snapshot(store) == before
    q = next(store.select("quarantine"))
    assert q["line"] == 2 and q["field"] == "(record)" and len(q["raw"].encode()) <= RAW_LIMIT

    summary = ingest_paths(store, [path])
    assert summary.files[0].records == 2 and summary.files[0].quarantined == 1


def _bank(tmp_path, csv: str, *columns: str):
    """A folder with ``statement.csv`` and a mapping of its payments' ``columns`` (same names)."""
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "statement.csv").write_text(csv, encoding="utf-8")
    props = "".join(f"      {c}: {{column: {c}}}\n" for c in columns)
    (folder / "statement.mapping.yml").write_text(
        "entities:\n  payment:\n    schema: Payment\n    keys: [txn_id]\n    properties:\n" + props,
        encoding="utf-8",
    )
    return folder


def test_csv_mapping_naming_a_missing_column(store, tmp_path):
    before = _baseline(store, tmp_path)
    folder = _bank(tmp_path, "txn_id,amount\nT1,10\n", "amount", "currency")
    with pytest.raises(MappingError) as info:
        ingest_paths(store, [folder])
    text = str(info.value)
    assert "statement.csv" in text and "statement.mapping.yml" in text and "'currency'" in text
    assert snapshot(store) == before
    q = next(store.select("quarantine"))
    assert q["field"] == "currency" and q["line"] == 1
    mapping = folder / "statement.mapping.yml"  # the row's file, line and field are not repeated
    assert q["error"] == f"mapping {mapping} names column 'currency', which statement.csv does not have"
    assert info.value.summary.files[0].status == "rejected"


def test_many_bad_lines_are_all_quarantined(store, tmp_path):
    path = tmp_path / "many.ftm.jsonl"
    path.write_bytes(b"".join(b'{"id": "q%d", "schema": "Nope"}\n' % i for i in range(2500)) + _good_bytes())
    summary = ingest_paths(store, [path])
    assert summary.files[0].quarantined == 2500 and summary.files[0].records == 2
    assert store.count("quarantine") == 2500 and len(summary.files[0].messages) == 20
    assert next(store.select("sources"))["quarantined"] == 2500


def test_an_amount_that_is_no_number_is_kept_raw_and_reported(store, tmp_path):
    folder = _bank(tmp_path, "txn_id,amount\nT1,10\nT2,abc\n", "amount")
    summary = ingest_paths(store, [folder])
    assert summary.files[0].records == 2 and summary.files[0].kept_raw == 1  # the row is kept
    assert any(
        "line 3" in m and "'amount'" in m and "not a valid number" in m for m in summary.files[0].messages
    )
    rows = list(store.select("statements", {"prop": "amount"}, columns=["raw", "value", "reason", "locator"]))
    assert sorted((r["raw"], r["value"], r["reason"], r["locator"]) for r in rows) == [
        ("10", "10", None, "line 2"),
        ("abc", None, "not a valid number", "line 3"),
    ]
