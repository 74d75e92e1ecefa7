"""The run lifecycle, once in the Store contract: every run ends ``done`` or ``failed``.

Before ``Store.run``, eight steps wrote start/finish by hand and three of them (priority, media
hashing, hash-list import) left a failed run ``running`` for ever.
"""

from __future__ import annotations

import sqlite3

import pytest
from PIL import Image
from sqlalchemy.exc import DBAPIError

from clew.errors import FormatError
from clew.leads import priority
from clew.media.hashing import hash_paths
from clew.media.hashlist import import_file
from clew.vocabulary import RunKind, RunStatus


def _runs(store, kind):
    return [r["status"] for r in store.select("runs", {"kind": kind}, columns=["status"])]


def test_a_block_that_ends_normally_is_done(store) -> None:
    with store.run(RunKind.RESOLVE, "argv") as run:
        assert _runs(store, "resolve") == ["running"]
    assert _runs(store, "resolve") == ["done"] and run.status == RunStatus.DONE
    row = next(store.select("runs", {"id": run.id}))
    assert row["argv"] == "argv" and row["finished_at"] and row["actor"] == store.principal.name


def test_an_error_marks_the_run_failed_and_is_raised_unchanged(store) -> None:
    with pytest.raises(ZeroDivisionError), store.run(RunKind.NETWORK):
        1 / 0  # noqa: B018
    assert _runs(store, "network") == ["failed"]


def test_ctrl_c_marks_the_run_failed(store) -> None:
    with pytest.raises(KeyboardInterrupt), store.run(RunKind.MONEY):
        raise KeyboardInterrupt
    assert _runs(store, "money") == ["failed"]


def test_a_run_may_end_failed_without_an_error(store) -> None:
    with store.run(RunKind.INGEST) as run:
        run.fail()
    assert _runs(store, "ingest") == ["failed"]


@pytest.mark.sqlite_only  # the refusing trigger is written in SQLite's dialect
def test_a_failing_priority_step_leaves_its_run_failed(workspace) -> None:
    """The database refuses the step's write (as a full disk would): the run is marked failed."""
    with sqlite3.connect(workspace.path / "clew.db") as conn:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON subject_priority "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with workspace.store() as store:
        store.insert("subject_roles", [{"subject_id": "s1", "role": "admin", "analysis": "network"}])
        with pytest.raises(DBAPIError, match="refused"):
            priority.run(store)
        assert _runs(store, "priority") == ["failed"]
        assert store.count("subject_priority") == 0


def test_an_interrupted_media_hash_leaves_its_run_failed(store, tmp_path) -> None:
    for i in range(2):
        Image.new("RGB", (64, 64), (40 * i, 90, 200)).save(tmp_path / f"{i}.png")

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        hash_paths(store, [tmp_path], source="handset", workers=1, on_progress=interrupt)
    assert _runs(store, "media-hash") == ["failed"]


def test_a_refused_hash_list_leaves_its_run_failed(store, tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("md5\nnot-a-hash\n", encoding="utf-8")
    with pytest.raises(FormatError):
        import_file(store, path, name="bad")
    assert _runs(store, "hashlist-import") == ["failed"]
    assert store.count("hashlists") == 0
