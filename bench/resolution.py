"""Syndicate quality by community engine, objective and resolution γ, on every demo profile.

Each demo (profile × seed; ``no-groups+vpn`` = both profiles) is generated, ingested and
analysed once into ``--cache`` (kept, so a rerun only repeats the network step); then the
network step is re-run with each variant and scored against the demo's truth: ARI over the
assigned members, syndicates found / true, the share of members assigned. Nothing else changes
between variants. Variants (``--variants``): networkit's PLM (Clew's engine) and leidenalg (the
engine before 2026-12-02; extra ``bench``), each at γ = 1 and γ = 1.5 (the default set); and
objectives without modularity's resolution limit: leidenalg's Surprise and Significance
(unweighted by definition), CPM with γ = the graph's own weighted density, igraph's Infomap
(seeded); and modularity at a γ estimated from the graph itself (Newman 2016: the γ at which
modularity is the maximum-likelihood fit of a degree-corrected planted-partition model,
re-estimated from each partition until it settles) with either engine, and with leidenalg a
consensus of 10 seeds at that γ; each such cell also gives the γ it settled at. ``--breakdown``
also splits each variant's loss into merges and splits (docs/benchmarks.md, "Small syndicates").

    python bench/resolution.py [--people 1000] [--seeds 7 11] [--profiles default vpn …]
    python bench/resolution.py --people 5012 --syndicates 50 --countries 100 --profiles default
    python bench/resolution.py --syndicates 50 --countries 100 --profiles default no-groups \\
        wallet-only-buyers no-groups+vpn --variants "PLM γ=1" Surprise Infomap --breakdown
    python bench/resolution.py --variants "PLM γ=1" "PLM γ=Newman" "leidenalg γ=Newman" --breakdown
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import igraph as ig
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from clew import pipeline
from clew.demo.profiles import PROFILES
from clew.demo.run import run_demo
from clew.evaluation import load
from clew.evaluation import network as scores
from clew.network import graph, query
from clew.store import Workspace

PLM = graph.SubjectGraph.communities


def _parts(sg: graph.SubjectGraph, membership: list[int]) -> np.ndarray:
    return graph.connected_parts(np.asarray(membership, dtype=np.int64), sg.src, sg.dst)


def leiden(sg: graph.SubjectGraph, resolution: float, seed: int, kind: str = "RBConfiguration") -> np.ndarray:
    import leidenalg

    cls = getattr(leidenalg, f"{kind}VertexPartition")
    extra = {"resolution_parameter": resolution} if kind in ("RBConfiguration", "CPM") else {}
    weights = None if kind == "Significance" else "weight"  # Significance is defined unweighted
    part = leidenalg.find_partition(sg.graph, cls, weights=weights, seed=seed, n_iterations=2, **extra)
    return _parts(sg, part.membership)


def cpm_density(sg: graph.SubjectGraph, _gamma: float, seed: int) -> np.ndarray:
    n = len(sg.names)
    return leiden(sg, float(sg.weight.sum()) / max(1, n * (n - 1) / 2), seed, "CPM")


def infomap(sg: graph.SubjectGraph, _gamma: float, seed: int) -> np.ndarray:
    random.seed(seed)  # igraph draws from Python's random module
    return _parts(sg, sg.graph.community_infomap(edge_weights="weight").membership)


# Settled when γ moves by less than 0.01 (far below any γ difference that changed a partition
# here; the tolerance of Pamfil et al. 2019's reference implementation), at most 20 partitions
# (PLM settles in 2–6; leidenalg can cycle between two or three γ for ever, see docs).
GAMMA_TOL, GAMMA_ITERATIONS = 0.01, 20
FITTED: dict[str, object] = {}  # the γ of the last partition, partitions made, settled or not


def newman_gamma(sg: graph.SubjectGraph, membership: np.ndarray) -> float | None:
    """Newman (2016), Phys. Rev. E 94, 052315: the γ under which maximising modularity is the
    maximum-likelihood fit of a degree-corrected planted-partition model whose parameters
    (ω_in, ω_out) are estimated from ``membership`` (weights and strengths for the weighted
    graph); None where the model is degenerate (one community, no edge between communities or
    no assortative structure)."""
    m = float(sg.weight.sum())
    m_in = float(sg.weight[membership[sg.src] == membership[sg.dst]].sum())
    kappa = np.bincount(membership, sg.strength())
    k2 = float((kappa**2).sum()) / (2 * m)
    if m <= 0 or m_in >= m or k2 >= 2 * m:
        return None
    w_in, w_out = 2 * m_in / k2, 2 * (m - m_in) / (2 * m - k2)
    if w_in <= w_out or w_out <= 0:
        return None
    return float((w_in - w_out) / (np.log(w_in) - np.log(w_out)))


Engine = Callable[[graph.SubjectGraph, float, int], np.ndarray]


def estimated(engine: Engine) -> Engine:
    """``engine(sg, γ, seed)`` iterated from γ = 1: partition at γ, re-estimate γ from that
    partition (:func:`newman_gamma`), until γ moves less than ``GAMMA_TOL`` or after
    ``GAMMA_ITERATIONS`` partitions; returns the last partition (and records its γ in
    ``FITTED``)."""

    def run(sg: graph.SubjectGraph, _gamma: float, seed: int) -> np.ndarray:
        gamma, trail, settled = 1.0, [], False
        for _ in range(GAMMA_ITERATIONS):
            membership = engine(sg, gamma, seed)
            trail.append(round(gamma, 3))
            new = newman_gamma(sg, membership)
            settled = new is not None and abs(new - gamma) < GAMMA_TOL
            if new is None or settled:
                break
            gamma = new
        FITTED.update(gamma=trail[-1], steps=len(trail), converged=settled, trail=trail)
        return membership

    return run


CONSENSUS_SEEDS = 10


def consensus(sg: graph.SubjectGraph, _gamma: float, seed: int) -> np.ndarray:
    """γ estimated as in :func:`estimated` (leidenalg), then leidenalg at that γ with
    ``CONSENSUS_SEEDS`` seeds: an edge is kept where its ends share a community in a strict
    majority of the runs, and the communities are the connected parts over kept edges
    (Lancichinetti & Fortunato 2012's consensus with τ = 0.5, one round, over the graph's edges
    only). Not with PLM: on one thread its partition does not change with the seed (measured on
    wallet-only-buyers seed 7: seeds 0–4 and 42 give the same partition)."""
    estimated(leiden)(sg, 1.0, seed)
    gamma = float(FITTED["gamma"])
    together = np.zeros(len(sg.src))
    for s in range(CONSENSUS_SEEDS):
        labels = leiden(sg, gamma, seed + s)
        together += labels[sg.src] == labels[sg.dst]
    keep = together * 2 > CONSENSUS_SEEDS
    n = len(sg.names)
    kept = coo_matrix((np.ones(int(keep.sum())), (sg.src[keep], sg.dst[keep])), shape=(n, n))
    _, labels = connected_components(kept, directed=False)
    return graph.connected_parts(labels.astype(np.int64), sg.src, sg.dst)  # numbered by size


VARIANTS = {
    "PLM γ=1": (PLM, 1.0), "PLM γ=1.5": (PLM, 1.5),
    "leidenalg γ=1": (leiden, 1.0), "leidenalg γ=1.5": (leiden, 1.5),
    "Surprise": (lambda sg, _g, seed: leiden(sg, 0, seed, "Surprise"), 0),
    "Significance": (lambda sg, _g, seed: leiden(sg, 0, seed, "Significance"), 0),
    "CPM γ=density": (cpm_density, 0), "Infomap": (infomap, 0),
    "PLM γ=Newman": (estimated(PLM), 0), "leidenalg γ=Newman": (estimated(leiden), 0),
    "leidenalg γ=Newman consensus": (consensus, 0),
}  # fmt: skip


def breakdown(store, truth) -> str:
    """Where the ARI over assigned members is lost: pairs of different true syndicates put
    together (merged) and pairs of one syndicate put apart (split); true syndicates whose
    majority shares a found syndicate with another's majority; the ARI with every merge undone
    (found ∩ true) and with every split undone (each true syndicate all in its majority's)."""
    _sp, person_subject = scores.person_of_subjects(store, scores._table(truth, "records"))
    found_of = query.syndicate_of(store)
    pairs = [(p["syndicate_id"], found_of.get(person_subject.get(p["person_id"], ""))) for p in truth.people
             if p.get("syndicate_id")]  # fmt: skip
    pairs = [(t, f) for t, f in pairs if f]
    by_found: dict[str, Counter] = defaultdict(Counter)
    by_true: dict[str, Counter] = defaultdict(Counter)
    for t, f in pairs:
        by_found[f][t] += 1
        by_true[t][f] += 1
    size = {t: sum(c.values()) for t, c in by_true.items()}
    together = sum(n * (n - 1) // 2 for c in by_found.values() for n in c.values())
    merged = sum(sum(c.values()) * (sum(c.values()) - 1) // 2 for c in by_found.values()) - together
    split = sum(s * (s - 1) // 2 for s in size.values()) - together
    majors = [sum(n >= size[t] / 2 for t, n in c.items()) for c in by_found.values()]
    held = sum(k for k in majors if k >= 2)
    codes: dict[str, int] = {}
    true = [codes.setdefault(f"t{t}", len(codes)) for t, _ in pairs]
    meet = [codes.setdefault(f"m{t}|{f}", len(codes)) for t, f in pairs]
    join = [codes.setdefault(f"j{by_true[t].most_common(1)[0][0]}", len(codes)) for t, _ in pairs]
    ari = lambda found: ig.compare_communities(true, found, method="adjusted_rand")  # noqa: E731
    return (f"merged {merged}, split {split} pairs; {held} true in {sum(k >= 2 for k in majors)} found; "
            f"no merges {ari(meet):.3f}, no splits {ari(join):.3f}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=1000)
    ap.add_argument("--syndicates", type=int, default=10)
    ap.add_argument("--countries", type=int, default=40)
    ap.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    ap.add_argument("--profiles", nargs="+", default=["default", *(p.name for p in PROFILES)])
    ap.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS)[:4])
    ap.add_argument("--breakdown", action="store_true", help="Also print where each variant's ARI is lost.")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/clew-resolution"))
    args = ap.parse_args()
    print("| profile | seed | " + " | ".join(args.variants) + " |")
    print("|" + "---|" * (len(args.variants) + 2))
    for profile in args.profiles:
        for seed in args.seeds:
            folder = args.cache / f"{profile}-{seed}-{args.people}-{args.syndicates}"
            if not (folder / "ws").exists():
                run_demo(
                    folder / "ws", people=args.people, countries=args.countries, syndicates=args.syndicates,
                    seed=seed, profiles=tuple(p for p in profile.split("+") if p != "default"), out=folder,
                )  # fmt: skip
            truth = load(folder / "demo-truth")
            cells, notes = [], []
            for name in args.variants:
                call, gamma = VARIANTS[name]
                graph.SubjectGraph.communities = lambda sg, resolution=None, seed=42, c=call, g=gamma: c(
                    sg, g, seed
                )
                try:
                    t0 = time.perf_counter()
                    with Workspace.open(folder / "ws").store("demo") as store:
                        pipeline.rebuild_network(store)
                        syn = scores.evaluate(store, truth)["syndicates"]
                        took = time.perf_counter() - t0
                        if args.breakdown:
                            notes.append(f"  {name}: {breakdown(store, truth)}")
                    fitted = f"γ={FITTED['gamma']:.3f} in {FITTED['steps']}, " if FITTED else ""
                    if FITTED and not FITTED["converged"]:
                        fitted = f"γ={FITTED['gamma']:.3f} NOT converged {FITTED['trail']}, "
                    cells.append(
                        f"{syn['ari_assigned']:.3f} ({syn['found']}/{syn['true']}, assigned "
                        f"{syn['coverage']:.3f}, {fitted}{took:.0f} s)"
                    )
                    FITTED.clear()
                finally:
                    graph.SubjectGraph.communities = PLM
            print(f"| {profile} | {seed} | " + " | ".join(cells) + " |", flush=True)
            for note in notes:
                print(note, flush=True)


if __name__ == "__main__":
    main()
