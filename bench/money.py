"""Benchmark: FIFO tracing, 3 hops from 1,000 accounts over 10M synthetic payments.

Payments are generated as numpy arrays straight into the core's ``PaymentGraph`` (no store).
Baselines, in the same process over the same edges, plain breadth-first searches of 3 hops (no
time or amount constraints, which a FIFO trace must also check): numpy per level on Clew's own
flow index, igraph's C BFS (``Graph.neighborhood(order=3, mode="out")``) and scipy.sparse (CSR
row slicing per level, a visited mask). Prints traces/s of each and the ratio trace time / the
fastest BFS (target <= 3).

    python bench/money.py            # 10M payments, 1M accounts, 1,000 start accounts
    python bench/money.py --quick    # 1M payments, 100k accounts, 200 start accounts
"""

from __future__ import annotations

import argparse
import resource
import time

import igraph as ig
import numpy as np
from scipy.sparse import csr_matrix

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


def igraph_bfs(g: ig.Graph, start: int, hops: int) -> int:
    return len(g.neighborhood(start, order=hops, mode="out"))


def scipy_bfs(adj: csr_matrix, start: int, hops: int) -> int:
    seen = np.zeros(adj.shape[0], dtype=bool)
    seen[start] = True
    frontier = np.array([start])
    reached = 1
    for _ in range(hops):
        nxt = np.unique(adj[frontier].indices)
        nxt = nxt[~seen[nxt]]
        if not len(nxt):
            break
        seen[nxt] = True
        reached += len(nxt)
        frontier = nxt
    return reached


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
    g = ig.Graph(n=n_acc, edges=np.column_stack([graph.src, graph.dst]), directed=True)
    adj = csr_matrix((np.ones(n_pay, dtype=np.int8), (graph.src, graph.dst)), shape=(n_acc, n_acc))
    t = time.perf_counter()
    reached_ig = sum(igraph_bfs(g, int(a), args.hops) for a in starts)
    t_ig = time.perf_counter() - t
    t = time.perf_counter()
    reached_sp = sum(scipy_bfs(adj, int(a), args.hops) for a in starts)
    t_sp = time.perf_counter() - t
    assert reached == reached_ig == reached_sp, (reached, reached_ig, reached_sp)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"payments {n_pay:,}  accounts {n_acc:,}  start accounts {n_start:,}  hops {args.hops}")
    print(
        f"generate {t_gen:.1f} s   index (sort + FIFO coordinates) {t_index:.1f} s   peak RSS {rss:,.0f} MiB"
    )
    print(f"FIFO trace: {n_start / t_trace:,.0f} traces/s ({steps / n_start:,.1f} steps per trace)")
    print(f"plain BFS, numpy on the flow index: {n_start / t_bfs:,.0f} searches/s "
          f"({reached / n_start:,.1f} accounts per search)")  # fmt: skip
    print(f"plain BFS, igraph neighborhood:     {n_start / t_ig:,.0f} searches/s")
    print(f"plain BFS, scipy.sparse CSR:        {n_start / t_sp:,.0f} searches/s")
    fastest = min(t_bfs, t_ig, t_sp)
    print(
        f"ratio trace / fastest BFS time: {t_trace / fastest:.2f} (target <= 3); "
        f"vs numpy {t_trace / t_bfs:.2f}, igraph {t_trace / t_ig:.2f}, scipy {t_trace / t_sp:.2f}"
    )


if __name__ == "__main__":
    main()
