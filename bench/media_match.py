"""Benchmark of the exact PDQ index (``clew.media.index.PdqIndex``), issue 5.

10,000,000 random reference PDQ hashes (1% of them planted near-duplicates of others at
distance 0-31), 100,000 queries (half near-duplicates of references at distance 0-31, half
random), threshold 31. Prints queries/s, recall against a numpy brute-force scan of the
same data on a sample of 1,000 queries (must be 1.0, and no extra pairs), the speed-up over
that brute force and over the strongest comparable faiss calls on a query sample: faiss
``IndexBinaryFlat`` (exact brute force in C, its OpenMP threads), ``IndexBinaryMultiHash`` with
the same chunking as Clew's index (``m`` tables of ``256 // m`` bits, ``nflip = 31 // m``) and
with 16 tables of 16 bits (the Hasher-Matcher-Actioner configuration, nflip=1); each with its
recall. Index build times and memory per million hashes.

    python bench/media_match.py            # full run, ~6 min on 2 cores
    python bench/media_match.py --quick    # 1M references, 10,000 queries
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time

import numpy as np

from clew.media.index import PdqIndex

THRESHOLD = 31
_INDEX: PdqIndex | None = None


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def flip(rng: np.random.Generator, rows: np.ndarray, distances: np.ndarray) -> np.ndarray:
    """Copies of ``rows`` with exactly ``distances[i]`` random bits flipped."""
    ranks = rng.random((len(rows), 256)).argsort(axis=1).argsort(axis=1)
    mask = np.packbits(ranks < distances[:, None], axis=1)
    return rows ^ mask.view(">u8").astype(np.uint64)


def make_data(rng: np.random.Generator, n_refs: int, n_queries: int) -> tuple[np.ndarray, np.ndarray]:
    refs = rng.integers(0, 2**64, size=(n_refs, 4), dtype=np.uint64, endpoint=False)
    planted = rng.choice(n_refs, n_refs // 100, replace=False)
    sources = rng.integers(0, n_refs, len(planted))
    refs[planted] = flip(rng, refs[sources], rng.integers(0, THRESHOLD + 1, len(planted)))
    queries = rng.integers(0, 2**64, size=(n_queries, 4), dtype=np.uint64, endpoint=False)
    near = rng.choice(n_queries, n_queries // 2, replace=False)
    queries[near] = flip(
        rng, refs[rng.integers(0, n_refs, len(near))], rng.integers(0, THRESHOLD + 1, len(near))
    )
    return refs, queries


def brute_force(refs: np.ndarray, queries: np.ndarray, tile: int = 1 << 18) -> set[tuple[int, int]]:
    """Every pair within the threshold by scanning all references (cache-sized tiles, numpy)."""
    cols = [np.ascontiguousarray(refs[:, i]) for i in range(4)]
    out: set[tuple[int, int]] = set()
    for start in range(0, len(refs), tile):
        part = [c[start : start + tile] for c in cols]
        for qi, q in enumerate(queries):
            d = np.bitwise_count(part[0] ^ q[0]).astype(np.uint16)
            for i in (1, 2, 3):
                d += np.bitwise_count(part[i] ^ q[i])
            out.update((qi, start + int(r)) for r in np.flatnonzero(d <= THRESHOLD))
    return out


def _search_part(bounds: tuple[int, int, np.ndarray]) -> int:
    assert _INDEX is not None
    return len(_INDEX.search(bounds[2], THRESHOLD)[0])


def search_parallel(index: PdqIndex, queries: np.ndarray, workers: int) -> int:
    """Queries split across forked processes sharing the index (copy-on-write)."""
    global _INDEX
    _INDEX = index
    parts = np.array_split(queries, workers * 8)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return sum(pool.map(_search_part, [(0, 0, p) for p in parts]))


def run_faiss(
    refs: np.ndarray, queries: np.ndarray, tables: int = 16, bits: int = 16
) -> tuple[float, float, set[tuple[int, int]]]:
    """faiss ``IndexBinaryMultiHash`` with ``tables`` hash tables of ``bits`` bits (``tables = 0``:
    ``IndexBinaryFlat``, exact brute force): build seconds, queries/s, pairs found."""
    import faiss

    if tables:
        index = faiss.IndexBinaryMultiHash(256, tables, bits)
        index.nflip = THRESHOLD // tables
    else:
        index = faiss.IndexBinaryFlat(256)
    before = rss_mb()
    t = time.perf_counter()
    index.add(np.ascontiguousarray(refs.astype(">u8")).view(np.uint8).reshape(len(refs), 32))
    build = time.perf_counter() - t
    print(f"faiss index memory: RSS +{rss_mb() - before:.0f} MiB")
    codes = np.ascontiguousarray(queries.astype(">u8")).view(np.uint8).reshape(len(queries), 32)
    t = time.perf_counter()
    lims, _dist, ids = index.range_search(codes, THRESHOLD + 1)  # faiss keeps distance < radius
    elapsed = time.perf_counter() - t
    pairs = {(qi, int(ids[j])) for qi in range(len(queries)) for j in range(lims[qi], lims[qi + 1])}
    return build, len(queries) / elapsed, pairs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1M references, 10,000 queries")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--no-faiss", action="store_true")
    args = parser.parse_args()
    n_refs, n_queries, sample, faiss_sample = (
        (1_000_000, 10_000, 1_000, 1_000) if args.quick else (10_000_000, 100_000, 1_000, 1_000)
    )
    rng = np.random.default_rng(args.seed)
    t = time.perf_counter()
    refs, queries = make_data(rng, n_refs, n_queries)
    print(f"data: {n_refs:,} references, {n_queries:,} queries, threshold {THRESHOLD} "
          f"({time.perf_counter() - t:.1f} s to generate); {os.cpu_count()} cores")  # fmt: skip

    before = rss_mb()
    t = time.perf_counter()
    index = PdqIndex(refs, THRESHOLD)
    build = time.perf_counter() - t
    grown = rss_mb() - before
    per_million = index.nbytes / n_refs * 1e6 / 2**20
    print(f"clew index: m={index.m} chunks, build {build:.1f} s, {index.nbytes / 2**30:.2f} GiB "
          f"({per_million:.0f} MiB per million hashes incl. the hashes; RSS +{grown:.0f} MiB); "
          f"10M would need {per_million * 10 / 1024:.2f} GiB")  # fmt: skip

    t = time.perf_counter()
    qi, _ri, _ = index.search(queries, THRESHOLD)
    one = time.perf_counter() - t
    print(f"clew search, 1 process : {n_queries / one:,.0f} queries/s ({len(qi):,} pairs in {one:.1f} s)")
    t = time.perf_counter()
    pairs2 = search_parallel(index, queries, 2)
    two = time.perf_counter() - t
    assert pairs2 == len(qi)
    print(f"clew search, 2 processes: {n_queries / two:,.0f} queries/s")

    pick = np.sort(rng.choice(n_queries, sample, replace=False))
    t = time.perf_counter()
    truth = brute_force(refs, queries[pick])
    bf = sample / (time.perf_counter() - t)
    sub_q, sub_r, _ = index.search(queries[pick], THRESHOLD)
    found = set(zip(sub_q.tolist(), sub_r.tolist(), strict=True))
    recall = len(found & truth) / max(len(truth), 1)
    print(f"brute force (numpy, 1 process, {sample} queries): {bf:,.1f} queries/s; "
          f"{len(truth)} true pairs; recall {recall:.4f}, extra pairs {len(found - truth)}")  # fmt: skip
    print(f"speed-up over brute force (1 process each): {n_queries / one / bf:,.0f}x  (target >= 50x)")
    assert recall == 1.0 and not found - truth, "index is not exact"

    if not args.no_faiss:
        fpick = pick[:faiss_sample]
        wanted = {p for p in truth if p[0] < len(fpick)}
        configs = (
            ("IndexBinaryFlat (exact)", 0, 0),
            (f"IndexBinaryMultiHash {index.m}x{256 // index.m} (Clew's chunking)", index.m, 256 // index.m),
            ("IndexBinaryMultiHash 16x16 (HMA)", 16, 16),
        )
        for name, tables, bits in configs:
            fbuild, fqps, fpairs = run_faiss(refs, queries[fpick], tables, bits)
            frecall = len(fpairs & wanted) / max(1, len(wanted))
            ratio = n_queries / two / fqps
            print(f"faiss {name}, {fpick.size} queries, its OpenMP threads: build {fbuild:.1f} s, "
                  f"{fqps:,.1f} queries/s, recall {frecall:.4f}; "
                  f"Clew (2 processes) is {ratio:,.1f}x faster  (target >= 1.0x)")  # fmt: skip


if __name__ == "__main__":
    main()
