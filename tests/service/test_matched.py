"""The items a hash-match count is made of (``service.matched``): records flagged when the
operation holds them (their provenance row), hashed files with their exhibit and hashes."""

from __future__ import annotations

from clew.service.matched import ITEMS, per_series

H = {n: c * n for n, c in ((32, "a"), (40, "b"), (64, "c"))}


def _match(item: str, kind: str, series: str | None, list_name: str | None = "known-x") -> dict:
    match = "sha256" if list_name else "possibly-new"
    return {"item": item, "item_kind": kind, "holder": None, "subject_id": "s1", "match": match,
            "list_name": list_name, "distance": 0, "category": None, "series": series, "sha256": None,
            "pdq": None, "run_id": "r"}  # fmt: skip


def test_records_and_hashed_files_per_list_and_series(people) -> None:
    when = "2026-01-01T00:00:00Z"
    people.insert("media_files", [{
        "source": "EXH-7", "holder": None, "path": "phone.zip!DCIM/0001.jpg", "size": 10, "mtime": when,
        "kind": "image", "md5": H[32], "sha1": H[40], "sha256": H[64], "pdq": None, "run_id": "r",
        "hashed_at": when,
    }])  # fmt: skip
    rows = [
        _match("phone.zip!DCIM/0001.jpg", "file", "S-1"),
        _match("p-maria", "record", "S-1"),
        _match("gone-record", "record", None, None),
    ]
    known, new = per_series(people, rows)
    assert (known.list, known.series, known.matches, known.more) == ("known-x", "S-1", 2, 0)
    afile, record = sorted(known.items, key=lambda i: i.item_kind)
    assert (afile.item_kind, afile.record, afile.exhibit) == ("file", False, "EXH-7")
    assert (afile.md5, afile.sha1, afile.sha256) == (H[32], H[40], H[64])
    assert (record.item, record.record, record.exhibit) == ("p-maria", True, None)
    assert (new.list, new.series, new.items[0].record) == ("possibly-new", None, False)  # not held: no row


def test_long_series_are_counted_beyond_items(people) -> None:
    (found,) = per_series(people, [_match(f"r{n:03}", "record", "S-2") for n in range(ITEMS + 3)])
    assert found.matches == ITEMS + 3 and len(found.items) == ITEMS and found.more == 3
