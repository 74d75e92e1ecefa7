"""Two people at once: no lost update, no duplicate, no "database is locked" (issue 13 item 5),
on both backends (the PostgreSQL pass of scripts/test.sh runs this file too)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.ingest.helpers import person, write_lines

from clew.ingest import ingest_paths
from clew.resolve.decisions import decide
from clew.store.base import Principal


def _analyst(name: str) -> Principal:
    return Principal(f"user:{name}", None, frozenset({"analyst"}), "case review")


def test_two_analysts_deciding_on_one_pair(workspace, tmp_path):
    path = write_lines(tmp_path / "case" / "a.ftm.jsonl", [person(1), person(2)])
    with workspace.store() as store:
        ingest_paths(store, [path])
        ids = sorted(r.id for r in store.records())

    def work(i: int) -> None:
        with workspace.store(principal=_analyst(f"a{i % 2}")) as store:
            decide(store, ids[0], ids[1], same=bool(i % 2), reason=f"try {i}")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(16)))
    with workspace.store() as store:
        assert store.count("decisions") == 1  # one decision per pair: no duplicate
        decided = store.count("audit", {"action": "resolve.decide"})
        assert decided == 16  # every decision audited: no lost update
        check = store.verify_audit()
    assert check.entries == store_count_all(workspace)


def store_count_all(workspace) -> int:
    with workspace.store() as store:
        return store.count("audit")


def test_audit_appends_from_many_writers_stay_dense(workspace):
    def work(i: int) -> None:
        with workspace.store(principal=_analyst(f"a{i}")) as store:
            for j in range(5):
                store.audit("subject.read", f"subj-{i}-{j}")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(8)))
    with workspace.store() as store:
        positions = sorted(r["position"] for r in store.select("audit", columns=["position"]))
        assert positions == list(range(40))
        assert store.verify_audit().entries == 40
