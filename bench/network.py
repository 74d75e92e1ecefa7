"""Community detection on a 1M-edge graph: Clew's network step vs a bare igraph+leidenalg call.

The graph is a planted partition (communities of 50 subjects, 90 % of each subject's edges
inside its community, some repeated pairs and several kinds per pair, as real evidence gives).
Clew's path: subject-id edges → ``EdgeSet`` aggregation → ``SubjectGraph`` → Leiden →
``syndicates.assemble`` (syndicates, participation, brokers, per-syndicate betweenness and
key players). Baseline: ``igraph.Graph`` from the same aggregated integer edge list plus the
same ``leidenalg.find_partition`` call. Prints both times and the ratio (target ≤ 1.5).

    python bench/network.py            # 1,000,000 edges
    python bench/network.py --quick    # 100,000 edges
"""

from __future__ import annotations

import argparse
import time

import igraph as ig
import leidenalg
import numpy as np

from clew.network import graph as graph_mod
from clew.network.edges import EdgeSet
from clew.network.graph import SubjectGraph
from clew.network.syndicates import assemble


def planted(n_edges: int, size: int = 50, p_in: float = 0.9, seed: int = 1):
    rng = np.random.default_rng(seed)
    n = max(size * 4, n_edges // 10)
    src = rng.integers(0, n, n_edges)
    inside = rng.random(n_edges) < p_in
    dst = np.where(inside, (src // size) * size + rng.integers(0, size, n_edges), rng.integers(0, n, n_edges))
    keep = src != dst
    kinds = np.array(["contact", "call", "message", "group"])[rng.integers(0, 4, n_edges)]
    return n, src[keep], dst[keep], kinds[keep], rng.random(keep.sum()) + 0.1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--edges", type=int, default=None)
    args = parser.parse_args()
    n_edges = args.edges or (100_000 if args.quick else 1_000_000)
    n, src, dst, kinds, weights = planted(n_edges)
    names = [f"subject-{i:07d}" for i in range(n)]
    print(f"graph: {n:,} subjects, {len(src):,} evidence edges")

    # Clew: from subject-id evidence through the step's own code
    t0 = time.perf_counter()
    es = EdgeSet()
    for a, b, k, w in zip(src.tolist(), dst.tolist(), kinds.tolist(), weights.tolist(), strict=True):
        es.add(names[a], names[b], k, w)
    t_edges = time.perf_counter() - t0
    sg = SubjectGraph.from_pairs(names, es.weights())
    t_graph = time.perf_counter() - t0
    comm = sg.communities()
    t_comm = time.perf_counter() - t0
    result = assemble(sg, comm, {}, {}, {}, {})
    clew = time.perf_counter() - t0
    print(
        f"clew: {clew:.2f} s (edges {t_edges:.2f}, graph {t_graph - t_edges:.2f}, "
        f"leiden {t_comm - t_graph:.2f}, syndicates/roles {clew - t_comm:.2f}); "
        f"{len(es.kinds):,} pairs, {len(result.syndicates):,} syndicates"
    )

    # Baseline: the same aggregated pairs as integers, bare igraph + leidenalg
    s_arr, d_arr, w_arr = sg.edge_arrays()
    edges = np.column_stack([s_arr, d_arr]).tolist()
    w_list = w_arr.tolist()
    t0 = time.perf_counter()
    g = ig.Graph(n=n, edges=edges, directed=False)
    g.es["weight"] = w_list
    part = leidenalg.find_partition(
        g, leidenalg.RBConfigurationVertexPartition, weights="weight",
        resolution_parameter=graph_mod.RESOLUTION, seed=graph_mod.SEED, n_iterations=graph_mod.ITERATIONS,
    )  # fmt: skip
    bare = time.perf_counter() - t0
    same = np.array_equal(np.asarray(part.membership), comm)
    print(f"bare igraph+leidenalg: {bare:.2f} s; same partition: {same}")
    print(f"ratio clew/bare: {clew / bare:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
