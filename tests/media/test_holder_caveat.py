"""Files hashed without --holder show their matches; re-hashing corrects a holder; an unknown
--holder is refused; a matching list's caveat is shown; a plain PDQ list (one hash a line) imports."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clew.cli.main import cli, main
from clew.errors import NotFound
from clew.media.hashing import hash_paths
from clew.media.hashlist import import_file
from clew.media.match import match

from .conftest import PDQ_REF
from .test_match import _setup

BRIDGE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
FOLDER = PDQ_REF / "images" / "bridge-mods"


def _bridge_list(store, tmp_path) -> None:
    lst = tmp_path / "bridge.pdq"
    lst.write_text(
        f"# benign test photo, pytx hash\n{BRIDGE}\n{'0' * 63}1 extra fields are ignored\n", "utf-8"
    )
    summary = import_file(store, lst, name="bridge", caveat="benign photo: a test, not evidence")
    assert summary["format"] == "pdq-lines" and summary["entries"] == 2


def test_unattributed_files_show_matches_with_the_caveat(store, tmp_path) -> None:
    _setup(store, tmp_path)
    hash_paths(store, [FOLDER], source="EXHIBIT-7", workers=1)
    _bridge_list(store, tmp_path)
    summary = match(store)
    loose = next(s for s in summary["per_subject"] if s["subject_id"] is None)
    assert loose["source"] == "EXHIBIT-7" and loose["items"] >= 10
    assert {"name": "bridge", "caveat": "benign photo: a test, not evidence", "matches": loose["items"]} in (
        summary["lists"]
    )
    ws = store.engine.url.database.rsplit("/", 1)[0]
    shown = CliRunner().invoke(cli, ["-w", ws, "media", "match"])
    assert "(no holder: exhibit EXHIBIT-7)" in shown.output
    assert "caveat of bridge" in shown.output and "benign photo: a test, not evidence" in shown.output


def test_rehash_corrects_the_holder_and_unknown_holder_is_refused(store, tmp_path, capsys) -> None:
    _setup(store, tmp_path)
    with pytest.raises(NotFound, match="--holder 'p-typo'"):
        hash_paths(store, [FOLDER], source="EXHIBIT-7", holder="p-typo", workers=1)
    assert store.count("media_files") == 0
    hash_paths(store, [FOLDER], source="EXHIBIT-7", workers=1)
    again = hash_paths(store, [FOLDER], source="EXHIBIT-7", holder="p2", workers=1)
    assert again["hashed"] == 0 and again["holder_corrected"] == again["files"] >= 10
    assert {r["holder"] for r in store.select("media_files")} == {"p2"}
    _bridge_list(store, tmp_path)
    assert any(s["subject_id"] == "p2" and s["items"] >= 10 for s in match(store)["per_subject"])
    ws = store.engine.url.database.rsplit("/", 1)[0]
    code = main(["-w", ws, "media", "hash", str(FOLDER), "--source", "X", "--holder", "nobody"])
    err = capsys.readouterr()
    assert code != 0 and "Traceback" not in err.err + err.out
    assert len(err.err.strip().splitlines()) == 1 and "--holder 'nobody'" in err.err
    audit = [json.loads(r["detail"]) for r in store.select("audit", {"action": "media.holder"})]
    assert audit and audit[0]["files"] == again["files"]
