"""Key players and communities on two real covert networks (``../shared/reference/networks``).

- CAVIAR (Montreal drug importers, 11 phases of wiretaps): the published account names
  participant 1 the organiser and participant 3 his principal associate. Reported: their rank by
  the combined structural score (``clew.network.leaders``) and by each measure, on all phases
  aggregated and per phase (median rank), and the Leiden communities.
- Montagna (Sicilian Mafia meetings and calls, no role labels): communities and the top of the
  ranking on meetings, calls and both layers fused.

    python bench/covert.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import statistics
from pathlib import Path

from clew.network import leaders

ROOT = Path(__file__).resolve().parents[1]


def caviar_phase(path: Path) -> list[tuple[str, str, float]]:
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0][1:]
    return [
        (row[0], header[j], float(v))
        for row in rows[1:]
        for j, v in enumerate(row[1:])
        if v not in ("", "0") and float(v) > 0
    ]


def edgelist(path: Path) -> list[tuple[str, str, float]]:
    out = []
    for line in path.read_text().split("\n"):
        parts = line.split()
        if len(parts) >= 2:
            out.append((parts[0], parts[1], float(parts[2]) if len(parts) > 2 else 1.0))
    return out


def where(ranked: list[leaders.Ranked], name: str) -> int | None:
    return next((r.rank for r in ranked if r.name == name), None)


def by_measure(ranked: list[leaders.Ranked], name: str) -> dict[str, int]:
    out = {}
    for m in leaders.MEASURES:
        order = sorted(ranked, key=lambda r: (-r.measures[m], r.name))
        out[m] = next(i + 1 for i, r in enumerate(order) if r.name == name)
    return out


def modularity(g, membership) -> float:
    return round(g.modularity(membership, weights="weight"), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    base = args.shared / "reference" / "networks"
    phases = [caviar_phase(base / "caviar" / f"phase{i}.csv") for i in range(1, 12)]
    g = leaders.graph([e for p in phases for e in p])
    comm = leaders.communities_of(g)
    ranked = leaders.rank(g, comm)
    print(f"CAVIAR all phases: {g.vcount()} participants, {g.ecount()} tied pairs, "
          f"{len(set(comm))} communities, modularity {modularity(g, comm)}")  # fmt: skip
    for actor in ("1", "3"):
        found = by_measure(ranked, actor)
        print(f"  participant {actor}: combined rank {where(ranked, actor)}; by measure {found}")
    print("  top 5:", [(r.name, r.score) for r in ranked[:5]])
    per_phase = {"1": [], "3": []}
    for p in phases:
        rp = leaders.rank(leaders.graph(p))
        for actor in per_phase:
            r = where(rp, actor)
            if r is not None:
                per_phase[actor].append(r)
    for actor, ranks in per_phase.items():
        print(f"  participant {actor} per phase: ranks {ranks}, median {statistics.median(ranks)}")
    layers = {
        "meetings": edgelist(base / "montagna" / "Montagna_meetings_edgelist.csv"),
        "calls": edgelist(base / "montagna" / "Montagna_phonecalls_edgelist.csv"),
    }
    layers["both"] = layers["meetings"] + layers["calls"]
    tops = {}
    for name, edges in layers.items():
        g = leaders.graph(edges)
        comm = leaders.communities_of(g)
        ranked = leaders.rank(g, comm)
        tops[name] = [r.name for r in ranked[:10]]
        sizes = sorted((comm.count(c) for c in set(comm)), reverse=True)
        print(f"Montagna {name}: {g.vcount()} nodes, {g.ecount()} pairs, {len(sizes)} communities "
              f"(sizes {sizes[:8]}…), modularity {modularity(g, comm)}; top 10 {tops[name]}")  # fmt: skip
    print(
        "  top 10 of meetings also in the top 10 of calls:",
        sorted(set(tops["meetings"]) & set(tops["calls"])),
    )


if __name__ == "__main__":
    main()
