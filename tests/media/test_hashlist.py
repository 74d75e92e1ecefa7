"""Hash-list import: CSV, VICS 1.x/2.0 (hash set and case export), NSRL RDS2, ICSE."""

from __future__ import annotations

import pytest

from clew.errors import FormatError, UserError
from clew.media.hashlist import import_file, lists
from clew.media.listformats import detect

from .conftest import VICS_REF

SYNTH = VICS_REF / "synthetic"
EXPECTED = {  # file: (format, kind after import, entries)
    "icse_style_SYNTHETIC.csv": ("icse", "known", 2),
    "nsrl_rds2_NSRLFile_SYNTHETIC.txt": ("nsrl", "known-good", 5),
    "vics12_caid_style_SYNTHETIC.json": ("vics", "known", 5),
    "vics2_case_SYNTHETIC.json": ("vics", "known", 3),
    "vics2_hashset_SYNTHETIC.json": ("vics", "known", 5),
}


def test_every_synthetic_file_is_covered():
    assert sorted(p.name for p in SYNTH.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_synthetic_files_import(store, name):
    fmt, kind, n = EXPECTED[name]
    summary = import_file(
        store, SYNTH / name, name=name, caveat="synthetic test list", version="1", source="test"
    )
    assert (summary["format"], summary["kind"], summary["entries"], summary["rejected"]) == (fmt, kind, n, 0)
    rows = list(store.select("hashlist_entries", {"list_name": name}, order_by=["line"]))
    assert len(rows) == n
    assert all(r["md5"] is None or (len(r["md5"]) == 32 and r["md5"] == r["md5"].lower()) for r in rows)
    assert rows[0]["md5"] == "d35c785545392755e7e4164457657269"  # the bridge image, in every file
    (listed,) = lists(store)
    assert (listed["caveat"], listed["version"], listed["source"]) == ("synthetic test list", "1", "test")


def test_vics_details(store):
    import_file(store, SYNTH / "vics2_hashset_SYNTHETIC.json", name="h", caveat="t")
    rows = list(store.select("hashlist_entries", {"list_name": "h"}, order_by=["line"]))
    assert rows[0]["pdq"] == "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
    assert rows[0]["category"] == "VICS 2.0 Default category 0" and rows[1]["category"] is None
    import_file(store, SYNTH / "icse_style_SYNTHETIC.csv", name="i", caveat="t")
    assert {r["series"] for r in store.select("hashlist_entries", {"list_name": "i"})} == {
        "SYNTHETIC-TEST-SERIES-A"
    }


def test_csv_list_and_errors(store, tmp_path):
    good = tmp_path / "list.csv"
    good.write_text(
        "md5,sha256,pdq,category,series\n"
        f"{'A' * 32},,,cat-1,S-1\n"
        f",{'b' * 64},{'c' * 64},cat-2,S-2\n"
        "xyz,,,cat-3,S-3\n",
        encoding="utf-8",
    )
    summary = import_file(store, good, name="csv", caveat="test")
    assert summary["entries"] == 2 and summary["rejected"] == 1
    assert "line 4" in summary["rejections"][0] and "'md5'" in summary["rejections"][0]
    again = import_file(store, good, name="csv", caveat="test")  # re-import replaces
    assert again["entries"] == 2 and store.count("hashlist_entries") == 2
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\nworld\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"notes\.txt"):
        import_file(store, bad, name="x", caveat="t")
    with pytest.raises(UserError):
        import_file(store, good, name="x", kind="bad", caveat="t")


def test_detect_order():
    assert detect(SYNTH / "nsrl_rds2_NSRLFile_SYNTHETIC.txt").name == "nsrl"
    assert detect(SYNTH / "icse_style_SYNTHETIC.csv").name == "icse"


@pytest.mark.parametrize("fmt", [None, "csv"])
def test_empty_file_is_named_empty_not_an_unknown_format(store, tmp_path, fmt):
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(FormatError) as refused:
        import_file(store, empty, name="x", caveat="t", fmt=fmt)
    assert str(refused.value) == f"{empty}: empty file (0 bytes): nothing to import"
    assert store.count("hashlists") == 0
