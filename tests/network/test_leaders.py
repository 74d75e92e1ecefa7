"""Key players by structure: on the real CAVIAR wiretaps the organiser (1) and his second (3) lead;
inside a syndicate they are ranked on coordination ties, not on a seller's payments."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from clew.network import edges, leaders, syndicates
from clew.network.graph import SubjectGraph

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("covert", ROOT / "bench" / "covert.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_caviar_organiser_and_his_second_rank_first_and_second(shared):
    covert = _bench()
    base = shared / "reference" / "networks" / "caviar"
    g = leaders.graph([e for i in range(1, 12) for e in covert.caviar_phase(base / f"phase{i}.csv")])
    top = [r.name for r in leaders.rank(g)[:3]]
    assert top[0] == "1" and "3" in top[:2]


def test_a_quiet_boss_across_clans_outranks_a_chatty_member():
    """Two clans of chatty members; the boss calls two members of each, rarely."""
    edges = [(f"a{i}", f"a{j}", 5.0) for i in range(5) for j in range(i + 1, 5)]
    edges += [(f"b{i}", f"b{j}", 5.0) for i in range(5) for j in range(i + 1, 5)]
    edges += [("boss", "a0", 1.0), ("boss", "b0", 1.0), ("boss", "a1", 1.0), ("boss", "b1", 1.0)]
    ranked = leaders.rank(leaders.graph(edges))
    boss = next(r for r in ranked if r.name == "boss")
    assert boss.measures["span"] == 2 and max(r.measures["betweenness"] for r in ranked) == 25.0
    assert all(boss.rank < r.rank for r in ranked if r.name[1] in "234")  # members without his calls
    assert leaders.percentile(leaders.np.array([1.0, 1.0, 3.0])).tolist() == [0.25, 0.25, 1.0]


def _boss_and_seller() -> edges.Pairs:
    """Two clans that meet in threes among themselves (the seller is one of clan a); a boss who
    meets a member of each clan together, every member once; eight buyers who only pay the seller."""
    ev = edges.Evidence()
    clans = {"a": [*(f"a{i}" for i in range(6)), "seller"], "b": [f"b{i}" for i in range(6)]}
    for clan, people in clans.items():
        n = len(people)
        for k in range(n):
            ev.gathering("event", [people[k], people[(k + 1) % n], people[(k + 2) % n]], f"{clan}-m{k}")
    for i in range(6):
        ev.gathering("event", ["boss", f"a{i}", f"b{i}"], f"summit-{i}")
    for i in range(8):
        for k in range(3):
            ev.add(f"buyer{i}", "seller", "payment", f"pay-{i}-{k}")
    return ev.aggregate(sorted(["boss", *clans["a"], *clans["b"], *(f"buyer{i}" for i in range(8))]))


def test_key_players_rank_on_coordination_ties_not_a_sellers_payments():
    pairs = _boss_and_seller()
    sg = SubjectGraph.from_pairs(pairs)
    one = np.zeros(len(pairs.names), dtype=np.int64)  # all 22 in one syndicate: quota 2

    def key_players(lead_weight):
        result = syndicates.assemble(sg, one, {}, {}, {}, {}, lead_weight=lead_weight)
        return result.syndicates[0]["key_players"]

    assert key_players(None)[0] == "seller"  # payments counted: the buyers' fan-in leads
    coordination = pairs.weight_of(leaders.TIES)
    assert coordination.sum() == pytest.approx(pairs.weight.sum() - pairs.weight_of({"payment"}).sum())
    found = key_players(coordination)
    assert found[0] == "boss" and "seller" not in found


HUBS = {  # a syndicate of 39 subjects in which two organisations were hubs (vpn seed 7, issue 11)
    0: [3, 10, 11, 12, *range(14, 21), 22, *range(23, 30), *range(31, 39)],
    1: [2, *range(4, 15), *range(16, 20), *range(21, 28), *range(30, 37)],
}
OTHERS = [(3, 22), (10, 11), (10, 22), (12, 18), (14, 20), (16, 27), (16, 31), (18, 20), (19, 22),
          (19, 27), (22, 25), (22, 31), (22, 37), (25, 32)]  # fmt: skip
TWICE = {(0, n) for n in HUBS[0]} | {(3, 22)}  # two records each: 1 + ln 2


def _communities_of_hubs() -> None:
    import igraph as ig

    pairs = [(h, n) for h, ns in HUBS.items() for n in ns] + OTHERS
    g = ig.Graph(n=39, edges=pairs)
    g.es["weight"] = [1 + np.log(2) if p in TWICE else 1.0 for p in pairs]
    assert len(set(leaders.communities_of(g))) == 4


def test_leiden_returns_where_equal_partitions_keep_flipping() -> None:
    """igraph's ``n_iterations=-1`` never returned on this graph (the network step hung): run in a
    child process with a time limit, so the old behaviour fails rather than hangs the suite."""
    import subprocess
    import sys

    code = "import tests.network.test_leaders as t; t._communities_of_hubs()"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
