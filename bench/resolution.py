"""Syndicate quality by community engine and resolution γ, on every demo profile.

Each demo (profile × seed) is generated, ingested and analysed once into ``--cache`` (kept, so
a rerun only repeats the network step); then the network step is re-run with each variant —
networkit's PLM (Clew's engine) and leidenalg (the engine before 2026-12-02; extra ``bench``),
each at γ = 1 and γ = 1.5 — and scored against the demo's truth: ARI over the assigned
members, syndicates found / true. Nothing else changes between variants.

    python bench/resolution.py [--people 1000] [--seeds 7 11] [--profiles default vpn …]
    python bench/resolution.py --people 5012 --syndicates 50 --countries 100 --profiles default
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from clew import pipeline
from clew.demo.profiles import PROFILES
from clew.demo.run import run_demo
from clew.evaluation import load
from clew.evaluation import network as scores
from clew.network import graph
from clew.store import Workspace

PLM = graph.SubjectGraph.communities


def leiden(sg: graph.SubjectGraph, resolution: float, seed: int) -> np.ndarray:
    import leidenalg

    part = leidenalg.find_partition(
        sg.graph, leidenalg.RBConfigurationVertexPartition, weights="weight",
        resolution_parameter=resolution, seed=seed, n_iterations=2,
    )  # fmt: skip
    return np.asarray(part.membership, dtype=np.int64)


VARIANTS = {"PLM γ=1": (PLM, 1.0), "PLM γ=1.5": (PLM, 1.5), "leidenalg γ=1": (leiden, 1.0),
            "leidenalg γ=1.5": (leiden, 1.5)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=1000)
    ap.add_argument("--syndicates", type=int, default=10)
    ap.add_argument("--countries", type=int, default=40)
    ap.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    ap.add_argument("--profiles", nargs="+", default=["default", *(p.name for p in PROFILES)])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/clew-resolution"))
    args = ap.parse_args()
    print("| profile | seed | " + " | ".join(VARIANTS) + " |")
    print("|" + "---|" * (len(VARIANTS) + 2))
    for profile in args.profiles:
        for seed in args.seeds:
            folder = args.cache / f"{profile}-{seed}-{args.people}"
            if not (folder / "ws").exists():
                run_demo(
                    folder / "ws", people=args.people, countries=args.countries, syndicates=args.syndicates,
                    seed=seed, profiles=() if profile == "default" else (profile,), out=folder,
                )  # fmt: skip
            truth = load(folder / "demo-truth")
            cells = []
            for call, gamma in VARIANTS.values():
                graph.SubjectGraph.communities = lambda sg, resolution=None, seed=42, c=call, g=gamma: c(
                    sg, g, seed
                )
                try:
                    t0 = time.perf_counter()
                    with Workspace.open(folder / "ws").store("demo") as store:
                        pipeline.rebuild_network(store)
                        syn = scores.evaluate(store, truth)["syndicates"]
                    took = time.perf_counter() - t0
                    cells.append(f"{syn['ari_assigned']:.3f} ({syn['found']}/{syn['true']}, {took:.0f} s)")
                finally:
                    graph.SubjectGraph.communities = PLM
            print(f"| {profile} | {seed} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
