"""The vectorised edge aggregation and per-syndicate measures against plain-Python references."""

from __future__ import annotations

import math
import random
from collections import defaultdict

import igraph as ig
import numpy as np
import pytest

from clew.network import edges
from clew.network.edges import EVIDENCE_CAP, WEIGHTS, Evidence
from clew.network.graph import SubjectGraph


def _reference(rows, gatherings, names):
    """The documented weights computed the slow, obvious way."""
    known = set(names)
    counts: dict = defaultdict(int)
    kinds: dict = defaultdict(lambda: defaultdict(float))
    for a, b, kind, _via in rows:
        if a != b and a in known and b in known:
            counts[tuple(sorted((a, b))), kind] += 1
    for (pair, kind), n in counts.items():
        kinds[pair][kind] += WEIGHTS[kind] * (1 + math.log(n))
    for kind, members, _via in gatherings:
        members = sorted(set(members) & known)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                kinds[a, b][kind] += WEIGHTS[kind] / (len(set(members)) - 1)
    return kinds


def test_aggregate_matches_reference_weights() -> None:
    rng = random.Random(7)
    people = [f"p{i:02d}" for i in range(30)]
    rows = [
        (
            rng.choice(people),
            rng.choice(people),
            rng.choice(["call", "message", "contact", "payment"]),
            f"r{i}",
        )
        for i in range(400)
    ]
    gatherings = [("group", rng.sample(people, rng.randint(2, 8)), f"g{i}") for i in range(15)]
    ev = Evidence()
    for a, b, kind, via in rows:
        ev.add(a, b, kind, via)
    for kind, members, via in gatherings:
        ev.gathering(kind, members, via)
    pairs = ev.aggregate(people)
    expected = _reference(rows, gatherings, people)
    got = pairs.edges()
    assert set(got) == set(expected)
    for pair, edge in got.items():
        assert pair[0] < pair[1]
        assert edge.kinds == pytest.approx(dict(expected[pair]))
        assert edge.weight == pytest.approx(sum(expected[pair].values()))


def test_evidence_is_capped_in_arrival_order_and_strangers_dropped() -> None:
    ev = Evidence()
    for i in range(8):
        ev.add("b", "a", "call", f"call-{i}")
    ev.add("a", "a", "call", "self")
    ev.add("a", "stranger", "call", "nobody")
    ev.gathering("group", ["a", "b", "c"], "g1")
    pairs = ev.aggregate(["a", "b", "c"])
    got = pairs.edges()
    assert set(got) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert [e["via"] for e in got["a", "b"].evidence] == [f"call-{i}" for i in range(EVIDENCE_CAP)]
    assert got["a", "b"].kinds == pytest.approx({"call": 1 + math.log(8), "group": 0.5})
    assert got["b", "c"].evidence == [{"kind": "group", "via": "g1"}]
    assert pairs.has_kinds(["call"]).tolist() == [
        pairs.names[s] == "a" and pairs.names[d] == "b" for s, d in zip(pairs.src, pairs.dst, strict=True)
    ]


def test_empty_evidence_gives_no_pairs() -> None:
    pairs = Evidence().aggregate(["a", "b"])
    assert len(pairs) == 0 and pairs.edges() == {}
    sg = SubjectGraph.from_pairs(pairs)
    assert sg.graph.vcount() == 2 and sg.graph.ecount() == 0


def test_big_gathering_is_a_ring_not_all_pairs() -> None:
    members = [f"m{i:03d}" for i in range(edges.GATHERING_CAP + 50)]
    ev = Evidence()
    ev.gathering("group", members, "channel")
    pairs = ev.aggregate(members)
    assert len(pairs) == len(members) * edges.RING // 2
    assert np.allclose(pairs.weight, WEIGHTS["group"] / (len(members) - 1))


def test_within_equals_betweenness_of_each_syndicate_subgraph() -> None:
    rng = np.random.default_rng(3)
    n = 60
    labels = np.repeat(np.arange(4), 15)
    labels[-3:] = -1
    src, dst = rng.integers(0, n, 400), rng.integers(0, n, 400)
    keep = src < dst
    src, dst = src[keep], dst[keep]
    key = np.unique(src * n + dst)
    src, dst = key // n, key % n
    weight = rng.random(len(src)) + 0.1
    sg = SubjectGraph.from_arrays([f"s{i:02d}" for i in range(n)], src, dst, weight)
    btw, strength = sg.within(labels)
    for c in range(4):
        vs = np.flatnonzero(labels == c).tolist()
        sub = sg.graph.induced_subgraph(vs)
        expected = sub.betweenness(weights=[1.0 / w for w in sub.es["weight"]])
        assert btw[vs] == pytest.approx(expected)
        assert strength[vs] == pytest.approx(sub.strength(weights="weight"))
    assert not btw[labels == -1].any() and not strength[labels == -1].any()
    # the big-syndicate path (cutoff) gives the igraph cutoff result
    btw_cut, _ = sg.within(labels, exact_max=10)
    vs = np.flatnonzero(labels == 0).tolist()
    sub = sg.graph.induced_subgraph(vs)
    dist = [1.0 / w for w in sub.es["weight"]]
    assert btw_cut[vs] == pytest.approx(sub.betweenness(weights=dist, cutoff=6.0))


def test_strength_and_degree_match_igraph() -> None:
    g = ig.Graph.Erdos_Renyi(n=40, m=120, loops=False)
    el = np.array(g.get_edgelist())
    w = np.linspace(0.1, 2.0, len(el))
    sg = SubjectGraph.from_arrays([str(i) for i in range(40)], el[:, 0], el[:, 1], w)
    assert sg.strength() == pytest.approx(sg.graph.strength(weights="weight"))
    assert sg.degree().tolist() == sg.graph.degree()


def test_sampled_betweenness_on_big_inputs(monkeypatch) -> None:
    from clew.network import graph as graph_mod

    rng = np.random.default_rng(5)
    n = 80
    labels = np.repeat(np.arange(2), 40)
    src, dst = [], []
    for c in range(2):  # a hub per group, plus random ties
        base = 40 * c
        src += [base] * 39 + (base + rng.integers(1, 40, 60)).tolist()
        dst += list(range(base + 1, base + 40)) + (base + rng.integers(1, 40, 60)).tolist()
    src, dst = np.array(src), np.array(dst)
    keep = src != dst
    sg = SubjectGraph.from_arrays([f"s{i:02d}" for i in range(n)], src[keep], dst[keep], np.ones(keep.sum()))
    exact, _ = sg.within(labels)
    monkeypatch.setattr(graph_mod, "BETWEENNESS_EXACT_EDGES", 0)
    monkeypatch.setattr(graph_mod, "BETWEENNESS_SOURCES", 1000)
    assert sg.within(labels)[0] == pytest.approx(exact)  # every member a source: exact
    monkeypatch.setattr(graph_mod, "BETWEENNESS_SOURCES", 10)
    sampled, _ = sg.within(labels)
    assert sampled[0] == sampled[:40].max() and sampled[40] == sampled[40:].max()
    assert sampled[[0, 40]] == pytest.approx(exact[[0, 40]], rel=0.3)
