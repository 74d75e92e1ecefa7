"""Benchmark: the text index on PostgreSQL — its own full text against the portable LIKE scan.

Writes ``--rows`` synthetic names (syllable words, with phonetic-looking codes) and as many
phone identifiers into an operation of a workspace on PostgreSQL, through
:class:`clew.store.pgtext.PgIndex` (the same rows serve :class:`~clew.store.textindex.LikeIndex`),
then times ``Store.text_search`` — the index match ``clew search`` makes — for name words, name
prefixes and partial phone digits through each, alternating twice. The LIKE scan is what
PostgreSQL did before migration 15; the ratio is LIKE / full text.

Run: ``python bench/search_pg.py --database-url URL [--rows 300000] [--workspace DIR]`` with an
empty database (e.g. on ``scripts/postgres.sh``'s server).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from clew.service.search import parse
from clew.store import Workspace
from clew.store.pgtext import PgIndex
from clew.store.textindex import LikeIndex

SYLLABLES = ("ma", "ri", "a", "jo", "se", "ka", "rim", "san", "tos", "li", "el", "ro", "an", "mu", "ham")
QUERIES = ("maria", "jose", "karim", "santos", "mu", "917123", "6391", "12345", "rimtos", "hamed")


def rows(n: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    rnd = random.Random(seed)

    def word() -> str:
        return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4)))

    names, idents = [], []
    for i in range(n):
        terms = f" {word()} {word()} p{word()[:4]} "
        names.append({"entity_id": f"e{i}", "value": terms.strip(), "terms": terms})
        number = f"63{rnd.randint(10**9, 10**10 - 1)}"
        key = f"phone:+{number}"
        idents.append(
            {"entity_id": f"e{i}", "kind": "phone", "key": key, "value": f"+{number}", "terms": number}
        )
    return names, idents


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--workspace", type=Path, default=None)
    args = parser.parse_args()
    path = args.workspace or Path(tempfile.mkdtemp(prefix="clew-bench-pgsearch-")) / "ws"
    if not (path / "workspace.json").exists():
        Workspace.init(path, operation="big", url=args.database_url)
    store = Workspace.open(path).store("big", create=True)
    store.text_index = PgIndex()
    t0 = time.perf_counter()
    store.replace_text_index(*rows(args.rows), "bench")
    print(f"{args.rows:,} names + {args.rows:,} identifiers written in {time.perf_counter() - t0:.1f} s")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE text_names")
        conn.exec_driver_sql("ANALYZE text_idents")
    timings: dict[str, list[float]] = {"PgIndex": [], "LikeIndex": []}
    for index in (PgIndex, LikeIndex, PgIndex, LikeIndex):
        store.text_index = index()
        for q in QUERIES:
            query = parse(q, None)[0]
            t0 = time.perf_counter()
            store.text_search(query, 400)
            timings[index.__name__].append(time.perf_counter() - t0)
    pg, like = (statistics.median(timings[k]) * 1e3 for k in ("PgIndex", "LikeIndex"))
    print(
        f"index match p50: full text {pg:.1f} ms, LIKE scan {like:.1f} ms, LIKE / full text {like / pg:.2f}"
    )
    store.close()


if __name__ == "__main__":
    main()
