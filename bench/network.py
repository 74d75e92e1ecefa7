"""Community detection at 1M and 10M edges: Clew's network step against the fastest bare calls.

The graph is a planted partition (communities of 50 subjects, 90 % of each subject's edges
inside its community, some repeated pairs and several kinds per pair, as real evidence gives).
Clew's path: subject-id (string) evidence rows → ``Evidence.aggregate`` (ids → ints, per-kind
weights, pairs) → ``SubjectGraph`` → communities → ``syndicates.assemble`` (syndicates,
participation, brokers, per-syndicate betweenness and key players).

Bare calls, each from the same aggregated integer pairs (numpy arrays, the fastest input each
library takes), with the same resolution γ and seed:

- ``igraph-leiden``: ``igraph.Graph`` + ``community_leiden(objective_function="modularity")``;
- ``networkit-plm-2t`` / ``networkit-plm-1t``: ``networkit.GraphFromCoo`` +
  ``community.PLM(refine=True)`` (Louvain with refinement) on both threads and on one — Clew's
  step makes the one-thread call, the only one that repeats run to run;
- ``leidenalg``: ``find_partition`` with ``RBConfigurationVertexPartition``, the call Clew's
  step made until 2026-12-02 (skipped at 10M edges: ~15 min a round here).

For each: seconds, modularity (γ = 1, Newman–Girvan, weighted) and agreement with the planted
communities (ARI, NMI). Ratios: Clew's community detection (graph + communities, what the engine
choice decides) and Clew's whole step, each against the fastest bare call of the round. The
machine is shared, so the calls run interleaved per round and medians are reported.

    python bench/network.py                    # 1,000,000 then 10,000,000 edges, 3 rounds
    python bench/network.py --quick            # 100,000 edges, 3 rounds
    python bench/network.py --edges 1000000 --rounds 5
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import igraph as ig
import numpy as np

from clew.network import graph as graph_mod
from clew.network.edges import KIND_CODE, Evidence
from clew.network.graph import SubjectGraph
from clew.network.pipeline import gc_paused
from clew.network.syndicates import assemble

SIZE = 50
BETA = 0.01  # igraph's default refinement randomness, the Leiden paper's value
ITERATIONS = 2  # leidenalg's and igraph's default number of passes


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph draws from a ``random.Random(seed)`` of its own inside the block."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def planted(n_edges: int, size: int = SIZE, p_in: float = 0.9, seed: int = 1):
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
    times["communities"] = time.perf_counter() - t0 - sum(times.values())
    result = assemble(sg, comm, {}, {}, {}, {})
    times["syndicates"] = time.perf_counter() - t0 - sum(times.values())
    return time.perf_counter() - t0, times, pairs, comm, result


def bare_igraph(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray) -> np.ndarray:
    g = ig.Graph(n=n, directed=False)
    g.add_edges(np.column_stack([src, dst]))
    g.es["weight"] = weight
    with seeded(graph_mod.SEED):
        found = g.community_leiden(
            objective_function="modularity", weights="weight", resolution=graph_mod.RESOLUTION,
            beta=BETA, n_iterations=ITERATIONS,
        )  # fmt: skip
    return np.asarray(found.membership)


def bare_networkit(
    n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray, threads: int = 2
) -> np.ndarray:
    import networkit as nk

    nk.engineering.setNumberOfThreads(threads)
    nk.engineering.setSeed(graph_mod.SEED, False)
    g = nk.GraphFromCoo((weight, (src.astype(np.uint64), dst.astype(np.uint64))), n=n, weighted=True,
                        directed=False)  # fmt: skip
    plm = nk.community.PLM(g, refine=True, gamma=graph_mod.RESOLUTION)
    plm.run()
    return np.asarray(plm.getPartition().getVector())


def bare_leidenalg(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray) -> np.ndarray:
    import leidenalg

    g = ig.Graph(n=n, directed=False)
    g.add_edges(np.column_stack([src, dst]))
    g.es["weight"] = weight
    part = leidenalg.find_partition(
        g, leidenalg.RBConfigurationVertexPartition, weights="weight",
        resolution_parameter=graph_mod.RESOLUTION, seed=graph_mod.SEED, n_iterations=ITERATIONS,
    )  # fmt: skip
    return np.asarray(part.membership)


def bare_networkit_1t(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray) -> np.ndarray:
    return bare_networkit(n, src, dst, weight, threads=1)


def available(leiden: bool) -> dict[str, Callable]:
    calls: dict[str, Callable] = {
        "igraph-leiden": bare_igraph,
        "networkit-plm-2t": bare_networkit,
        "networkit-plm-1t": bare_networkit_1t,
    }
    try:
        if leiden:
            __import__("leidenalg")
            calls["leidenalg"] = bare_leidenalg
    except ImportError:
        print("leidenalg: not installed (extra `bench`), not compared")
    return calls


def quality(g: ig.Graph, membership: np.ndarray, truth: list[int]) -> tuple[float, float, float]:
    """(modularity at γ = 1, ARI, NMI against the planted communities)."""
    members = membership.tolist()
    q = g.modularity(members, weights="weight")
    return q, ig.compare_communities(truth, members, "ari"), ig.compare_communities(truth, members, "nmi")


def run(n_edges: int, rounds: int, leiden: bool = True) -> None:
    n, src, dst, kinds, weights = planted(n_edges)
    names = [f"subject-{i:07d}" for i in range(n)]
    as_obj = np.array(names, dtype=object)
    a, b = as_obj[src], as_obj[dst]
    print(f"\n== {n_edges:,} edges: {n:,} subjects, {len(src):,} evidence edges")
    calls = available(leiden)
    with gc_paused():
        _t, _times, pairs, _c, _res = clew_run(names, a, b, kinds, weights)
    g = ig.Graph(n=n, directed=False)
    g.add_edges(np.column_stack([pairs.src, pairs.dst]))
    g.es["weight"] = pairs.weight
    truth = (np.arange(n) // SIZE).tolist()
    seconds: dict[str, list[float]] = {name: [] for name in [*calls, "clew communities", "clew step"]}
    scores: dict[str, tuple[float, float, float]] = {}
    step_ratio, comm_ratio = [], []
    for r in range(rounds):
        fastest = float("inf")
        for name, call in calls.items():
            with gc_paused():
                t0 = time.perf_counter()
                membership = call(n, pairs.src, pairs.dst, pairs.weight)
                took = time.perf_counter() - t0
            seconds[name].append(took)
            fastest = min(fastest, took)
            scores.setdefault(name, quality(g, membership, truth))
        with gc_paused():
            clew, times, pairs, comm, result = clew_run(names, a, b, kinds, weights)
        own = times["graph"] + times["communities"]
        seconds["clew communities"].append(own)
        seconds["clew step"].append(clew)
        scores.setdefault("clew communities", quality(g, comm, truth))
        comm_ratio.append(own / fastest)
        step_ratio.append(clew / fastest)
        parts = ", ".join(f"{k} {v:.2f}" for k, v in times.items())
        bare = ", ".join(f"{k} {v[-1]:.2f}" for k, v in seconds.items() if k in calls)
        print(f"round {r + 1}: bare: {bare}; clew {clew:.2f} s ({parts})")
    print(f"{len(pairs):,} pairs, {len(result.syndicates):,} syndicates, {len(result.roles):,} roles")
    print(f"{'call':<18} {'median s':>9} {'modularity':>11} {'ARI':>7} {'NMI':>7}")
    for name, values in seconds.items():
        q, ari, nmi = scores.get(name, scores["clew communities"])
        median = statistics.median(values)
        print(f"{name:<18} {median:>9.2f} {q:>11.4f} {ari:>7.4f} {nmi:>7.4f}")
    own, whole = statistics.median(comm_ratio), statistics.median(step_ratio)
    print(f"median ratio, Clew's graph + communities / fastest bare call: {own:.2f} (target <= 1.5); "
          f"Clew's whole step / fastest bare call: {whole:.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--edges", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-leidenalg", action="store_true", help="Skip the slow leidenalg call.")
    args = parser.parse_args()
    sizes = [args.edges] if args.edges else [100_000] if args.quick else [1_000_000, 10_000_000]
    for n_edges in sizes:
        big = n_edges >= 10_000_000
        run(n_edges, 1 if big else args.rounds, leiden=not big and not args.no_leidenalg)


if __name__ == "__main__":
    main()
