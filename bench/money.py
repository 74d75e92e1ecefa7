"""Benchmark: FIFO tracing, 3 hops from 1,000 accounts over 10M synthetic payments.

Payments are generated as numpy arrays straight into the core's ``PaymentGraph`` (no store).
Baseline, in the same process over the same edges: a plain breadth-first search of 3 hops
(vectorised per level, visited set, no time or amount constraints). Prints traces/s and the
ratio trace time / BFS time (target <= 3).

    python bench/money.py            # 10M payments, 1M accounts, 1,000 start accounts
    python bench/money.py --quick    # 1M payments, 100k accounts, 200 start accounts
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from clew.money.graph import PaymentGraph
from clew.money.index import FlowIndex
from clew.money.trace import trace


def synthetic(payments: int, accounts: int, seed: int = 7) -> PaymentGraph:
    rng = np.random.default_rng(seed)
    src = rng.integers(0, accounts, payments, dtype=np.int32)
    dst = rng.integers(0, accounts - 1, payments, dtype=np.int32)
    dst = (dst + (dst >= src)).astype(np.int32)  # no self-payments
    t0 = 1_700_000_000
    when = t0 + rng.integers(0, 2 * 365 * 86400, payments, dtype=np.int64)
    amount = np.round(rng.lognormal(4.0, 1.2, payments), 2)
    return PaymentGraph(accounts=[], src=src, dst=dst, time=when, amount=amount, account_index={"": 0})


def bfs(index: FlowIndex, start: int, hops: int) -> int:
    """Plain BFS over payer->beneficiary edges; returns accounts reached."""
    dst = index.graph.dst
    visited = np.array([start])
    frontier = visited
    for _ in range(hops):
        lo, hi = index.out_ptr[frontier], index.out_ptr[frontier + 1]
        counts = hi - lo
        rows = np.repeat(np.arange(len(lo)), counts)
        offsets = np.cumsum(counts) - counts
        edges = index.out_order[lo[rows] + (np.arange(int(counts.sum())) - offsets[rows])]
        nxt = np.unique(dst[edges])
        frontier = nxt[~np.isin(nxt, visited, assume_unique=True)]
        if not len(frontier):
            break
        visited = np.union1d(visited, frontier)
    return len(visited)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--hops", type=int, default=3)
    args = parser.parse_args()
    n_pay, n_acc, n_start = (1_000_000, 100_000, 200) if args.quick else (10_000_000, 1_000_000, 1000)

    t = time.perf_counter()
    graph = synthetic(n_pay, n_acc)
    graph.accounts = [""] * n_acc
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    index = FlowIndex.build(graph)
    t_index = time.perf_counter() - t
    starts = np.random.default_rng(1).choice(n_acc, n_start, replace=False)

    t = time.perf_counter()
    steps = sum(trace(index, [int(a)], hops=args.hops).size for a in starts)
    t_trace = time.perf_counter() - t
    t = time.perf_counter()
    reached = sum(bfs(index, int(a), args.hops) for a in starts)
    t_bfs = time.perf_counter() - t

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"payments {n_pay:,}  accounts {n_acc:,}  start accounts {n_start:,}  hops {args.hops}")
    print(
        f"generate {t_gen:.1f} s   index (sort + FIFO coordinates) {t_index:.1f} s   peak RSS {rss:,.0f} MiB"
    )
    print(f"FIFO trace: {n_start / t_trace:,.0f} traces/s ({steps / n_start:,.1f} steps per trace)")
    print(f"plain BFS:  {n_start / t_bfs:,.0f} traces/s ({reached / n_start:,.1f} accounts per search)")
    print(f"ratio trace/BFS time: {t_trace / t_bfs:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
