"""``clew media hash`` on seized folders that attack the hasher (issue 10 item 1; checklist
H1: one line per oddity, nothing silently dropped; H3: links never lead out of the evidence;
F2: only hashes are stored)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from clew.fswalk import Found, Oddity, readable, walk
from clew.media.hashing import hash_paths, unreadable
from hostile import BAD_NAME, FORMULA_NAME, TAB_NAME, clew, hostile_folder


@pytest.fixture
def folder(tmp_path: Path) -> dict[str, Path]:
    return hostile_folder(tmp_path)


def _notes(store) -> dict[str, str]:
    return {Path(r["path"]).name: r["error"] for r in unreadable(store)}


def test_walk_yields_only_regular_files_and_notes_the_rest(folder):
    """H3: links are recorded with their target, special files are never opened."""
    found = list(walk([folder["evidence"]]))
    files = sorted(Path(f.path).name for f in found if isinstance(f, Found))
    assert files == sorted([FORMULA_NAME, "a.png", "bad\\xffname.jpg", "note.txt", readable(TAB_NAME)])
    notes = {Path(o.path).name: o.note for o in found if isinstance(o, Oddity)}
    assert "outside the evidence folder" in notes["outside.txt"]
    assert str(folder["outside"]) in notes["outside.txt"]
    assert "/dev/zero" in notes["zero.jpg"] and "not hashed" in notes["zero.jpg"]
    assert "a character device, never opened" in notes["zero.jpg"]  # --follow-links would not hash it
    assert "inside the evidence folder" in notes["linkdir"]
    assert "broken" in notes["broken.jpg"]
    assert "FIFO" in notes["pipe.jpg"]
    assert "socket" in notes["sock.jpg"]
    assert "not valid UTF-8" in notes["bad\\xffname.jpg"]
    assert "control characters" in notes["tab\\x09name.txt"]  # valid UTF-8, so not called invalid
    assert "inside the evidence folder" in notes["loop"]


def test_follow_links_hashes_targets_but_never_a_device(folder):
    found = list(walk([folder["evidence"]], follow_links=True))
    files = {Path(f.path).name: f for f in found if isinstance(f, Found)}
    assert files["outside.txt"].fs_path == os.path.realpath(folder["outside"])
    assert "zero.jpg" not in files
    notes = [o.note for o in found if isinstance(o, Oddity) and Path(o.path).name == "zero.jpg"]
    assert any("character device" in n for n in notes)
    assert any("link loop" in o.note for o in found if isinstance(o, Oddity))


def test_readable_names_escape_bytes_and_control_characters():
    assert readable(os.fsdecode(b"a\xffb")) == "a\\xffb"
    assert readable("line\nbreak\ttab") == "line\\x0abreak\\x09tab"
    assert readable("plain é.jpg") == "plain é.jpg"


def test_hash_stores_every_regular_file_and_lists_each_oddity(store, folder):
    counts = hash_paths(store, [folder["evidence"]], source="exhibit-1", workers=1)
    paths = {Path(r["path"]).name for r in store.select("media_files", columns=["path"])}
    assert paths == {FORMULA_NAME, "a.png", "bad\\xffname.jpg", "note.txt", readable(TAB_NAME)}
    assert counts["hashed"] == 5
    notes = _notes(store)
    for name in ("outside.txt", "zero.jpg", "linkdir", "broken.jpg", "pipe.jpg", "sock.jpg", "loop"):
        assert name in notes, name
    assert "not valid UTF-8" in notes["bad\\xffname.jpg"] or "image" in notes["bad\\xffname.jpg"]
    batches = list(store.select("audit", {"action": "media.hash.batch"}, columns=["detail"]))
    assert sum(json.loads(b["detail"])["files"] for b in batches) == 5


def test_new_user_run_finishes_lists_oddities_and_exports_safely(tmp_path, folder):
    """The issue's walk-through: links, a FIFO, odd names and a =HYPERLINK file name."""
    ws = tmp_path / "ws"
    ev = folder["evidence"]
    assert clew("-w", str(ws), "init").returncode == 0
    run = clew("-w", str(ws), "media", "hash", ".", FORMULA_NAME, "--source", "s1", cwd=ev, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    errors = json.loads(clew("-w", str(ws), "media", "errors", "--json").stdout)
    listed = {Path(e["path"]).name for e in errors}
    assert {"outside.txt", "zero.jpg", "pipe.jpg", "sock.jpg", "broken.jpg", "bad\\xffname.jpg"} <= listed
    assert readable(TAB_NAME) in listed
    out = tmp_path / "media.csv"
    assert clew("-w", str(ws), "media", "export", "--out", str(out)).returncode == 0
    with out.open(newline="", encoding="utf-8") as fh:
        cells = [row["path"] for row in csv.DictReader(fh)]
    assert "'" + FORMULA_NAME in cells  # neutralised: a spreadsheet shows text, runs nothing
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert (tmp_path / "outside-secret.txt").read_text() not in out.read_text()


def test_bad_utf8_name_hashed_by_name_directly(tmp_path, store):
    """The name given on the command line is not UTF-8 either: hashed, shown escaped."""
    path = os.path.join(os.fsencode(tmp_path), BAD_NAME)
    with open(path, "wb") as fh:
        fh.write(b"x")
    hash_paths(store, [Path(os.fsdecode(path))], source="s", workers=1)
    [row] = store.select("media_files", columns=["path"])
    assert row["path"].endswith("bad\\xffname.jpg")
