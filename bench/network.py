"""Community detection on a 1M-edge graph: Clew's network step vs a bare igraph+leidenalg call.

The graph is a planted partition (communities of 50 subjects, 90 % of each subject's edges
inside its community, some repeated pairs and several kinds per pair, as real evidence gives).
Clew's path: subject-id (string) evidence rows → ``Evidence.aggregate`` (ids → ints, per-kind
weights, pairs) → ``SubjectGraph`` → Leiden → ``syndicates.assemble`` (syndicates,
participation, brokers, per-syndicate betweenness and key players). Baseline: ``igraph.Graph``
built from the same aggregated integer pairs (numpy, the fastest way igraph offers) plus the
very same ``leidenalg.find_partition`` call (same partition type, weights, resolution, seed,
iterations). The machine is shared, so the two run interleaved (bare, clew, bare, clew, …)
and the median of the per-round ratios is reported (target ≤ 1.5).

    python bench/network.py                 # 1,000,000 edges, 3 rounds
    python bench/network.py --quick         # 100,000 edges
    python bench/network.py --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import time

import igraph as ig
import leidenalg
import numpy as np

from clew.network import graph as graph_mod
from clew.network.edges import KIND_CODE, Evidence
from clew.network.graph import SubjectGraph
from clew.network.pipeline import gc_paused
from clew.network.syndicates import assemble


def planted(n_edges: int, size: int = 50, p_in: float = 0.9, seed: int = 1):
    rng = np.random.default_rng(seed)
    n = max(size * 4, n_edges // 10)
    src = rng.integers(0, n, n_edges)
    inside = rng.random(n_edges) < p_in
    dst = np.where(inside, (src // size) * size + rng.integers(0, size, n_edges), rng.integers(0, n, n_edges))
    keep = src != dst
    codes = np.array([KIND_CODE[k] for k in ("contact", "call", "message", "group")])
    kinds = codes[rng.integers(0, 4, n_edges)]
    return n, src[keep], dst[keep], kinds[keep], rng.random(keep.sum()) + 0.1


def clew_run(names: list[str], a: np.ndarray, b: np.ndarray, kinds: np.ndarray, weights: np.ndarray):
    """The network step's own code from string-id evidence to syndicates and roles."""
    times = {}
    t0 = time.perf_counter()
    ev = Evidence()
    ev.add_arrays(a, b, kinds, weights, via="bench")
    pairs = ev.aggregate(names)
    times["edges"] = time.perf_counter() - t0
    sg = SubjectGraph.from_pairs(pairs)
    times["graph"] = time.perf_counter() - t0 - sum(times.values())
    comm = sg.communities()
    times["leiden"] = time.perf_counter() - t0 - sum(times.values())
    result = assemble(sg, comm, {}, {}, {}, {})
    times["syndicates"] = time.perf_counter() - t0 - sum(times.values())
    return time.perf_counter() - t0, times, pairs, comm, result


def bare_run(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray):
    t0 = time.perf_counter()
    g = ig.Graph(n=n, directed=False)
    g.add_edges(np.column_stack([src, dst]))
    g.es["weight"] = weight
    part = leidenalg.find_partition(
        g, leidenalg.RBConfigurationVertexPartition, weights="weight",
        resolution_parameter=graph_mod.RESOLUTION, seed=graph_mod.SEED, n_iterations=graph_mod.ITERATIONS,
    )  # fmt: skip
    return time.perf_counter() - t0, np.asarray(part.membership)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--edges", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    n_edges = args.edges or (100_000 if args.quick else 1_000_000)
    n, src, dst, kinds, weights = planted(n_edges)
    names = [f"subject-{i:07d}" for i in range(n)]
    as_obj = np.array(names, dtype=object)
    a, b = as_obj[src], as_obj[dst]
    print(f"graph: {n:,} subjects, {len(src):,} evidence edges")

    ratios, clews, bares, overheads = [], [], [], []
    pairs = None
    for r in range(args.rounds):
        with gc_paused():
            if pairs is None:  # the baseline starts from Clew's aggregated pairs
                _t, _times, pairs, _c, _res = clew_run(names, a, b, kinds, weights)
            bare, membership = bare_run(n, pairs.src, pairs.dst, pairs.weight)
            clew, times, pairs, comm, result = clew_run(names, a, b, kinds, weights)
        ratios.append(clew / bare)
        clews.append(clew)
        bares.append(bare)
        overheads.append(clew - times["leiden"])
        parts = ", ".join(f"{k} {v:.2f}" for k, v in times.items())
        print(
            f"round {r + 1}: bare igraph+leidenalg {bare:.2f} s; clew {clew:.2f} s ({parts}); "
            f"ratio {clew / bare:.2f}; same partition: {np.array_equal(membership, comm)}"
        )
    print(f"{len(pairs):,} pairs, {len(result.syndicates):,} syndicates, {len(result.roles):,} roles")
    print(
        f"median: clew {statistics.median(clews):.2f} s, bare {statistics.median(bares):.2f} s; "
        f"median ratio clew/bare: {statistics.median(ratios):.2f} (target <= 1.5); "
        f"Clew's own work besides Leiden: median {statistics.median(overheads):.2f} s"
    )


if __name__ == "__main__":
    main()
