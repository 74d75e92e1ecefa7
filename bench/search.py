"""Benchmark: ``clew search`` latency against a bare FTS5 query on the same index.

Builds (or opens) a demo workspace, rebuilds the operation's text index (timed), then runs the
same queries two ways: through the service (``clew.service.search.search``: parse, FTS5 match,
scoring, subjects, display names, sources, the audit write) and as the bare ``MATCH`` of the
same terms on the FTS5 tables with sqlite3 — the strongest comparable call, the floor any
search on this index pays. Queries are drawn from the operation itself: partial phone numbers
written internationally, national forms, names with their accents stripped, e-mail parts.
Prints medians and the ratio. Run: ``python bench/search.py [--quick] [--workspace DIR]``.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from clew.service.search import ensure_index, parse, search
from clew.store import Workspace
from clew.store.textindex import MIN_FRAGMENT, _quote


def _arg(name: str, default: str | None = None) -> str | None:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def queries(store, n: int, rng: random.Random) -> list[str]:
    phones = [r["value"] for r in store.select("identifiers", {"kind": "phone"}, ["value"])]
    emails = [r["value"] for r in store.select("identifiers", {"kind": "email"}, ["value"])]
    names = [r["name"] for r in store.select("subjects", columns=["name"]) if r["name"] and " " in r["name"]]
    out = []
    for i in range(n):
        kind = i % 4
        if kind == 0 and phones:
            p = rng.choice(phones)
            out.append(f"{p[:4]} {p[4:8]}")  # "+639 1712": partial, international
        elif kind == 1 and phones:
            out.append(rng.choice(phones)[-7:])  # partial digits
        elif kind == 2 and names:
            out.append(rng.choice(names).lower())
        elif emails:
            out.append(rng.choice(emails).split("@")[0])
    return out


def bare(db: sqlite3.Connection, operation: str, text: str, limit: int) -> int:
    """The same MATCH the service sends, straight to sqlite3: the floor."""
    query, _, _ = parse(text)
    n = 0
    if query.names:
        expr = " AND ".join(
            "(" + " OR ".join(_quote(t.token) + ("*" if t.prefix else "") for t in g) + ")"
            for g in query.names
        )
        sql = "SELECT entity_id, value FROM fts_names WHERE fts_names MATCH ? AND operation = ? LIMIT ?"
        n += len(db.execute(sql, (expr, operation, limit)).fetchall())
    fragments = [f for f in query.fragments if len(f) >= MIN_FRAGMENT]
    if fragments:
        sql = (
            "SELECT entity_id, kind, key, value FROM fts_idents "
            "WHERE fts_idents MATCH ? AND operation = ? LIMIT ?"
        )
        n += len(db.execute(sql, (" OR ".join(_quote(f) for f in fragments), operation, limit)).fetchall())
    return n


def main() -> None:
    quick = "--quick" in sys.argv
    path = _arg("--workspace")
    if path is None:
        from clew.demo.run import run_demo

        path = str(Path(tempfile.mkdtemp()) / "ws")
        run_demo(Path(path), people=1000 if quick else 5000)
    ws = Workspace.open(Path(path))
    n = 50 if quick else 200
    with ws.store(_arg("--operation", "demo")) as store:
        store.replace_text_index([], [], "stale")
        t0 = time.perf_counter()
        ensure_index(store)
        build = time.perf_counter() - t0
        texts = queries(store, n, random.Random(7))
        service_ms, hits = [], 0
        for text in texts:
            t0 = time.perf_counter()
            hits += len(search(store, text).hits)
            service_ms.append((time.perf_counter() - t0) * 1000)
        db = sqlite3.connect(Path(path) / "clew.db")
        bare_ms = []
        for text in texts:
            t0 = time.perf_counter()
            bare(db, store.operation, text, 400)
            bare_ms.append((time.perf_counter() - t0) * 1000)
        names = store.count("text_names") or len(db.execute("SELECT 1 FROM fts_names").fetchall())
        idents = len(db.execute("SELECT 1 FROM fts_idents").fetchall())
    s, b = statistics.median(service_ms), statistics.median(bare_ms)
    print(f"index: {names} names, {idents} identifiers, rebuilt in {build:.2f} s")
    print(f"{len(texts)} queries, {hits} subjects found")
    print(
        f"clew search (service): median {s:.2f} ms, p90 {statistics.quantiles(service_ms, n=10)[-1]:.2f} ms"
    )
    print(f"bare FTS5 MATCH:       median {b:.3f} ms")
    print(f"ratio service / bare:  {s / b:.1f}x")


if __name__ == "__main__":
    main()
