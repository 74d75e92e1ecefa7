"""Key players by structure: on the real CAVIAR wiretaps the organiser (1) and his second (3) lead."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from clew.network import leaders

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
