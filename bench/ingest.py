"""Ingest throughput against the bare JSON parse of the same lines.

    python bench/ingest.py [--n 1000000] [--quick] [--unique]

Writes N synthetic FtM entities (Person with phone/e-mail, BankAccount with account number,
Membership, Payment) as JSON lines under /tmp, then in this process: (1) the baselines, a bare
parse of every line with the stdlib ``json.loads`` (Python's bare parse: the target's
yardstick) and with ``orjson.loads`` (the faster parser the ingest itself uses), best of two
passes each; (2) ``ingest_paths`` into a fresh workspace — a file of 32 MiB or more
(N >= ~220,000) is built by the loader and one worker process per other CPU, as any big FtM
file is; (3) the SQLite floor: the very rows the ingest left in the workspace (every table,
read back), bulk-inserted with ``executemany`` in one transaction into a fresh SQLite file with
the same schema, indexes, page size and durability (WAL, ``synchronous=FULL``) — what writing
the final result costs with no parsing, cleaning or resolving at all. Prints entities/s of each
and the three ratios (target: ingest within 8x of the bare parse; docs/benchmarks.md says why
the orjson ratio cannot be). Phones and e-mails are drawn
from a pool of N/5 distinct values, as in address books where many records mention the same
numbers; ``--unique`` makes every one distinct (worst case).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import orjson

from clew.ingest import ingest_paths, parallel
from clew.ingest.ftm import PARSER, loads
from clew.store import Workspace


def generate(path: Path, n: int, unique: bool, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = max(n // 5, 1)
    with path.open("wb") as fh:
        for i in range(n):
            kind = i % 4
            k = i if unique else rng.randrange(pool)
            if kind == 0:
                entity = {
                    "id": f"person-{i}",
                    "schema": "Person",
                    "properties": {
                        "name": [f"Synthetic Person {i}"],
                        "phone": [f"+63 917 {k // 10000 % 1000:03d} {k % 10000:04d}"],
                        "email": [f"user{k}@mail.example"],
                        "country": ["ph"],
                    },
                }
            elif kind == 1:
                entity = {
                    "id": f"acct-{i}",
                    "schema": "BankAccount",
                    "properties": {
                        "accountNumber": [f"{k:010d}"],
                        "bankName": ["Synthetic Bank"],
                        "currency": ["PHP"],
                    },
                }
            elif kind == 2:
                entity = {
                    "id": f"mem-{i}",
                    "schema": "Membership",
                    "properties": {
                        "member": [f"person-{i - 2}"],
                        "organization": [f"grp-{i % 97}"],
                        "role": ["member"],
                    },
                }
            else:
                entity = {
                    "id": f"pay-{i}",
                    "schema": "Payment",
                    "properties": {
                        "payerAccount": [f"acct-{i - 2}"],
                        "beneficiaryAccount": [f"acct-{(i * 7) % n // 4 * 4 + 1}"],
                        "amount": [str(rng.randrange(100, 100000) / 100)],
                        "currency": ["PHP"],
                        "date": [f"2026-0{1 + i % 9}-{1 + i % 28:02d}"],
                    },
                }
            fh.write(orjson.dumps(entity) + b"\n")


def baseline(path: Path, parse) -> float:
    """Seconds to read and parse every line, nothing else (best of two, warm file cache)."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        with path.open("rb") as fh:
            for line in fh:
                parse(line)
        best = min(best, time.perf_counter() - start)
    return best


def sqlite_floor(db: Path, target: Path) -> tuple[float, int]:
    """Seconds to bulk-insert every row of ``db``'s tables into a fresh database at ``target`` with
    the same tables and indexes (no triggers or views: they are not rows), and the row count."""
    src = sqlite3.connect(db)
    page = src.execute("PRAGMA page_size").fetchone()[0]
    schema = src.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "AND type IN ('table', 'index') ORDER BY type DESC"
    ).fetchall()
    tables = [n for t, n, sql in schema if t == "table" and not sql.upper().startswith("CREATE VIRTUAL")]
    rows = {n: src.execute(f'SELECT * FROM "{n}"').fetchall() for n in tables}  # noqa: S608 (own schema)
    src.close()
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute(f"PRAGMA page_size = {page}")
    dst.execute("PRAGMA journal_mode = WAL")
    dst.execute("PRAGMA synchronous = FULL")
    for _t, name, sql in schema:
        if _t == "index" or name in rows:
            dst.execute(sql)
    start = time.perf_counter()
    dst.execute("BEGIN IMMEDIATE")
    for name, values in rows.items():
        if values:
            marks = ", ".join("?" * len(values[0]))
            dst.executemany(f'INSERT INTO "{name}" VALUES ({marks})', values)  # noqa: S608 (own schema)
    dst.execute("COMMIT")
    took = time.perf_counter() - start
    dst.close()
    return took, sum(len(v) for v in rows.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 entities")
    parser.add_argument("--unique", action="store_true", help="every phone/e-mail distinct")
    args = parser.parse_args()
    n = 20_000 if args.quick else args.n
    tmp = Path(tempfile.mkdtemp(prefix="clew-bench-ingest-", dir="/tmp"))
    try:
        data = tmp / "entities.ftm.jsonl"
        generate(data, n, args.unique)
        bases = {"json": baseline(data, json.loads), PARSER: baseline(data, loads)}
        workspace = Workspace.init(tmp / "ws")
        with workspace.store() as store:
            start = time.perf_counter()
            summary = ingest_paths(store, [data])
            full = time.perf_counter() - start
        t = summary.totals
        assert t["records"] == n, t
        floor, floor_rows = sqlite_floor(workspace.path / "clew.db", tmp / "floor.db")
        size = data.stat().st_size
        workers = parallel.workers() + 1 if size >= parallel.PARALLEL_MIN_BYTES else 1
        print(
            f"entities: {n:,} ({size / 2**20:.0f} MiB), statements: {t['statements']:,}, "
            f"build processes: {workers}"
        )
        for name, base in bases.items():
            note = "the ingest's own parser" if name == PARSER else "Python's bare parse"
            print(f"baseline {name + '.loads:':13} {base:6.2f} s = {n / base:>10,.0f} entities/s ({note})")
        print(f"SQLite floor:         {floor:6.2f} s = {n / floor:>10,.0f} entities/s "
              f"({floor_rows:,} final rows bulk-inserted, same schema and durability)")  # fmt: skip
        print(f"ingest:               {full:6.2f} s = {n / full:>10,.0f} entities/s")
        for name, base in bases.items():
            target = " (target <= 8x)" if name == "json" else " (for comparison)"
            print(f"ratio ingest/{name}.loads: {full / base:.1f}x{target}")
        print(f"ratio ingest/SQLite floor of the same rows: {full / floor:.1f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
