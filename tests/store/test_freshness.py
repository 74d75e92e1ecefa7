"""Stale results (issue 10 item 6): each result records a mark of the data it read; a read
compares it with the data now. Includes a real overlap: a network run in one thread, an ingest
in another process committing while the network reads, the network committing last."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.ingest.helpers import person, write_lines

from clew.cli.main import cli
from clew.ingest import ingest_paths
from clew.ingest.sources import restore, retract
from clew.pipeline import refresh_network, run_all
from clew.resolve.decisions import decide
from clew.store.freshness import ResultState

ROOT = Path(__file__).resolve().parents[2]


def _membership(pid: int, group: str) -> dict:
    return {
        "id": f"mem-{group}-{pid}",
        "schema": "Membership",
        "properties": {"member": [f"person-{pid}"], "organization": [group]},
    }


def _file(tmp_path: Path, name: str, people: range) -> Path:
    group = {"id": f"grp-{name}", "schema": "Organization", "properties": {"name": [f"group {name}"]}}
    group["properties"]["topics"] = ["clew.chatgroup"]
    rows = [person(i) for i in people] + [group] + [_membership(i, group["id"]) for i in people]
    return write_lines(tmp_path / "case" / f"{name}.ftm.jsonl", rows)


def _states(store) -> dict[str, str]:
    return {f.result: str(f.state) for f in store.freshness()}


def _reasons(store, kind: str) -> tuple[str, ...]:
    return next(f for f in store.freshness([kind])).reasons


def test_results_go_stale_on_ingest_retract_restore_and_decisions(workspace, tmp_path) -> None:
    first, second = _file(tmp_path, "a", range(1, 4)), _file(tmp_path, "b", range(4, 6))
    with workspace.store() as store:
        assert set(_states(store).values()) == {"missing"}
        ingest_paths(store, [first])
        run_all(store)
        assert set(_states(store).values()) == {"current"}

        ingest_paths(store, [second])
        states = _states(store)
        assert states["resolve"] == states["network"] == states["evidence"] == "stale"
        assert "1 source ingested since" in _reasons(store, "network")
        assert any("built on the network result, which is stale" in r for r in _reasons(store, "priority"))
        run_all(store)
        assert set(_states(store).values()) == {"current"}

        source = next(iter(store.select("sources", {"path": str(second)}, ["id"])))["id"]
        retract(store, str(source), "wrong exhibit")
        assert "1 source retracted since" in _reasons(store, "resolve")
        run_all(store)
        assert _states(store)["network"] == "current"
        restore(store, str(source))
        assert "1 source restored since" in _reasons(store, "network")
        fresh = next(iter(store.freshness(["network"])))
        assert fresh.stale and "run `clew network`" in fresh.sentence()

        run_all(store)
        decide(store, "person-1", "person-2", same=True, reason="same phone")
        assert "analysts' decisions changed since (0 then, 1 now)" in _reasons(store, "resolve")
        assert _states(store)["network"] == "stale"  # built on a stale resolution


def test_a_result_from_before_marks_is_stale_not_current(workspace, tmp_path) -> None:
    with workspace.store() as store:
        ingest_paths(store, [_file(tmp_path, "a", range(1, 3))])
        run_all(store, only=["resolve"])
        store.update("runs", {"kind": "resolve"}, {"data_mark": None})  # as an older Clew left it
        (resolve,) = store.freshness(["resolve"])
    assert resolve.state == ResultState.STALE and "older Clew" in resolve.reasons[0]


def test_ingest_overlapping_network_leaves_the_network_stale(workspace, tmp_path, monkeypatch) -> None:
    """The network reads its inputs, an ingest in another process commits, the network commits
    after it: the stored network must not be taken as current, and `clew network` rebuilds it."""
    import clew.network.inputs as inputs

    first, second = _file(tmp_path, "a", range(1, 4)), _file(tmp_path, "b", range(4, 6))
    with workspace.store() as store:
        ingest_paths(store, [first])
        run_all(store)
    read, has_read, go_on = inputs.read, threading.Event(), threading.Event()

    def slow_read(store):
        data = read(store)  # the network has read its inputs ...
        has_read.set()
        assert go_on.wait(120)  # ... and is still computing when the ingest commits
        return data

    monkeypatch.setattr(inputs, "read", slow_read)
    outcome: dict = {}

    def network() -> None:
        with workspace.store() as store:
            outcome["summary"] = refresh_network(store, force=True)

    thread = threading.Thread(target=network)
    thread.start()
    try:
        assert has_read.wait(120)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        ingest = subprocess.run(
            [sys.executable, "-m", "clew", "-w", str(workspace.path), "ingest", str(second)],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
        assert ingest.returncode == 0, ingest.stderr
    finally:
        go_on.set()
        thread.join(300)
    monkeypatch.setattr(inputs, "read", read)
    with workspace.store() as store:
        runs = {r["kind"]: r for r in store.select("runs", {"status": "done"}, order_by=["finished_at"])}
        assert runs["network"]["finished_at"] >= runs["ingest"]["finished_at"]  # the network ended last
        assert "summary" in outcome and not store.count("syndicate_members", {"subject_id": "person-4"})
        (network,) = store.freshness(["network"])
        assert network.stale and "1 source ingested since" in network.reasons
    shown = CliRunner().invoke(cli, ["-w", str(workspace.path), "status"])
    assert "network result is stale (1 source ingested since" in shown.output
    rebuilt = CliRunner().invoke(cli, ["-w", str(workspace.path), "network"])
    assert rebuilt.exit_code == 0 and " edges, " in rebuilt.output  # rebuilt, not printed as current
    with workspace.store() as store:
        (network,) = store.freshness(["network"])  # its own inputs are current, its resolution is not
        assert store.mark_matches("network")
        assert network.reasons == ("built on the resolve result, which is stale",)
        members = {r["subject_id"] for r in store.select("syndicate_members", columns=["subject_id"])}
    assert {"person-4", "person-5"} <= members  # the records the overlapping ingest added
    for command in (["resolve"], ["network"]):
        assert CliRunner().invoke(cli, ["-w", str(workspace.path), *command]).exit_code == 0
    with workspace.store() as store:
        assert [f.state for f in store.freshness(["resolve", "network"])] == [ResultState.CURRENT] * 2


def test_runs_ending_in_one_second_keep_their_order(workspace, tmp_path, monkeypatch) -> None:
    """Times have whole seconds: two runs of a kind ending in the same second, the later one
    given the smaller random id, must still leave the later one as the kind's result."""
    import itertools

    import clew.store.marks as marks
    import clew.store.sql as sql

    ids = (f"{n:032x}" for n in itertools.count(999, -1))  # each run's id sorts before the last one's
    monkeypatch.setattr(sql.uuid, "uuid4", lambda: type("U", (), {"hex": next(ids)})())
    for module in (marks, sql):  # every run starts and ends in the same second
        monkeypatch.setattr(module, "utcnow", lambda: "2026-01-01T00:00:00Z")
    with workspace.store() as store:
        ingest_paths(store, [_file(tmp_path, "a", range(1, 4))])
        for _ in range(3):
            run_all(store, only=["resolve"])
            run_all(store, only=["network"])
        order = [r["id"] for r in store.select("runs", {"kind": "network"}, order_by=["finished_seq"])]
        assert order == sorted(order, reverse=True)  # the ids fall as the runs go on
        (network,) = store.freshness(["network"])
    assert network.state == ResultState.CURRENT and network.run_id == order[-1]


def test_migration_numbers_the_runs_already_finished(workspace, tmp_path) -> None:
    import sqlite3

    if workspace.database is None:
        pytest.skip("edits the SQLite file directly")
    with workspace.store() as store:
        ingest_paths(store, [_file(tmp_path, "a", range(1, 3))])
        run_all(store, only=["resolve"])
    db = sqlite3.connect(workspace.database)
    db.execute("UPDATE runs SET finished_seq = NULL")
    db.execute("DELETE FROM schema_version WHERE version >= 14")
    db.commit()
    db.close()
    with workspace.store() as store:
        seqs = [r["finished_seq"] for r in store.select("runs", order_by=["finished_at"])]
        (resolve,) = store.freshness(["resolve"])
    assert sorted(seqs) == [1, 2] and resolve.state == ResultState.CURRENT


def _ecb_rates(path: Path) -> Path:
    """A tiny ECB reference-rates file (the format of ``clew money rates install``)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("eurofxref-hist.csv", "Date,USD,JPY,\n2030-01-02,2.0,150.0,\n2030-01-01,2.0,151.0,\n")
    path.write_bytes(buffer.getvalue())
    return path


def _images(folder: Path, n: int, shade: int) -> Path:
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        Image.new("RGB", (32, 32), (shade, 20 * i, 90)).save(folder / f"{shade}-{i}.png")
    return folder


def test_media_and_money_go_stale_on_their_own_data(workspace, tmp_path) -> None:
    """Media reads hashed files and hash lists, money the exchange-rate files: a change to
    either leaves that result (and what is built on it) stale, the others current."""
    from clew.media.hashing import hash_paths
    from clew.media.hashlist import import_file
    from clew.money import rates

    with workspace.store() as store:
        ingest_paths(store, [_file(tmp_path, "a", range(1, 4))])
        run_all(store)
        hash_paths(store, [_images(tmp_path / "dev1", 2, 10)], source="dev1", workers=1)
        media = "files hashed or hash lists imported since (0 files and 0 lists then, 2 and 0 now)"
        assert media in _reasons(store, "media")
        states = _states(store)
        assert states["media"] == states["evidence"] == states["priority"] == "stale"
        assert states["resolve"] == states["network"] == states["money"] == "current"
        run_all(store)
        hashes = tmp_path / "list.csv"
        hashes.write_text("md5,series\n" + "1" * 32 + ",s1\n")
        import_file(store, hashes, name="list", caveat="synthetic test list")
        assert "then, 2 and 1 now" in _reasons(store, "media")[0]
        run_all(store)
        rates.install(store, _ecb_rates(tmp_path / "eurofxref-hist.zip"))
        assert _reasons(store, "money") == ("exchange-rate files changed since (0 then, 1 now)",)
        assert _states(store)["media"] == "current" and _states(store)["priority"] == "stale"
        run_all(store)
        assert set(_states(store).values()) == {"current"}


def _overlap_media(workspace, tmp_path) -> None:
    from clew.media.hashing import hash_paths

    with workspace.store() as other:
        hash_paths(other, [_images(tmp_path / "dev2", 2, 200)], source="dev2", workers=1)


def _overlap_money(workspace, tmp_path) -> None:
    with workspace.store() as other:
        ingest_paths(other, [_file(tmp_path, "b", range(4, 6))])


def _overlap_priority(workspace, tmp_path) -> None:
    from clew.network import pipeline

    with workspace.store() as other:
        pipeline.run(other)  # the network step alone (``clew network`` re-runs priority after it)


OVERLAPS = {  # result -> (function whose reads are followed by a commit elsewhere, that commit, reason)
    "media": ("clew.media.match:load_items", _overlap_media, "files hashed or hash lists imported since"),
    "money": ("clew.money.pipeline:analyse", _overlap_money, "1 source ingested since"),
    "priority": ("clew.leads.priority:compute", _overlap_priority, "the network result was recomputed since"),
}


@pytest.mark.parametrize("kind", sorted(OVERLAPS))
def test_a_commit_while_money_media_or_priority_reads_leaves_it_stale(workspace, tmp_path, monkeypatch, kind):
    """Issue 10 item 6 for money, media and priority: the step reads its inputs, another store
    commits new data (or a new upstream result), then the step publishes — last. Its result
    must be stale, by what it read, not current by when it finished."""
    import importlib

    target, commit, reason = OVERLAPS[kind]
    with workspace.store() as store:
        ingest_paths(store, [_file(tmp_path, "a", range(1, 4))])
        _overlap_media(workspace, tmp_path / "first")  # media has files to read
        run_all(store)
        assert set(_states(store).values()) == {"current"}
    module_name, name = target.split(":")
    module = importlib.import_module(module_name)
    real = getattr(module, name)

    def read_then_commit_elsewhere(*args, **kwargs):
        data = real(*args, **kwargs)
        commit(workspace, tmp_path / "late")
        return data

    monkeypatch.setattr(module, name, read_then_commit_elsewhere)
    with workspace.store() as store:
        run_all(store, only=[kind])
        monkeypatch.setattr(module, name, real)
        latest = {r["kind"]: r for r in store.select("runs", {"status": "done"}, order_by=["finished_seq"])}
        assert max(latest.values(), key=lambda r: r["finished_seq"])["kind"] == kind  # it ended last
        (fresh,) = store.freshness([kind])
        assert fresh.stale and reason in "; ".join(fresh.reasons), fresh.reasons
        run_all(store)
        assert set(_states(store).values()) == {"current"}
