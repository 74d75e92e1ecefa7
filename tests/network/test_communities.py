"""Communities: repeatable, always connected, not dependent on a lucky vertex order."""

from __future__ import annotations

import numpy as np
import pytest

from clew.network.graph import SubjectGraph, connected_parts


def _planted(seed: int, groups: int = 6, size: int = 12) -> SubjectGraph:
    rng = np.random.default_rng(seed)
    n = groups * size
    src = rng.integers(0, n, 600)
    inside = rng.random(600) < 0.85
    dst = np.where(inside, (src // size) * size + rng.integers(0, size, 600), rng.integers(0, n, 600))
    keep = src != dst
    pairs = {(min(a, b), max(a, b)) for a, b in zip(src[keep].tolist(), dst[keep].tolist(), strict=True)}
    a, b = map(np.array, zip(*sorted(pairs), strict=True))
    return SubjectGraph.from_arrays([f"s{i}" for i in range(n)], a, b, np.ones(len(a)))


def test_same_graph_same_communities() -> None:
    sg = _planted(3)
    first = sg.communities()
    assert all((sg.communities() == first).all() for _ in range(3))
    assert len(set(first.tolist())) == 6  # the planted groups, numbered 0 = largest


def test_two_rings_and_a_bridge_found_whatever_the_vertex_order() -> None:
    """Two rings of six, ``x`` tied to two members of each: both rings whole and apart however the
    vertices are numbered and the edges ordered (40 orders), ``x`` joining either ring.

    The vertex order is the one arbitrary choice PLM's answer depends on (it draws no random
    numbers on one thread: ``SubjectGraph.communities``), as a seed would be for a randomised
    engine. Measured 2026-12-03: at γ = 1 all 40 orders give the rings; at γ = 1.5 none does (a
    ring split in two), at γ = 0.5 14 of 40 merge the rings."""
    ring = [(i, j, 0.7 if j < 3 else 0.2) for i in range(6) for j in range(i + 1, 6)]
    edges = [(a, b, w) for a, b, w in ring] + [(a + 6, b + 6, w) for a, b, w in ring]
    edges += [(1, 12, 1.0), (2, 12, 1.0), (7, 12, 1.0), (8, 12, 1.0)]
    src, dst, w = (np.array(c) for c in zip(*edges, strict=True))
    for k in range(40):
        rng = np.random.default_rng(k)
        number, order = rng.permutation(13), rng.permutation(len(src))  # vertex v is number[v]
        names = [f"v{v}" for v in np.argsort(number)]
        sg = SubjectGraph.from_arrays(names, number[src][order], number[dst][order], w[order])
        labels = sg.communities()[number]  # back in the original numbering
        assert len(set(labels[:6].tolist())) == 1 and len(set(labels[6:12].tolist())) == 1, k
        assert labels[0] != labels[6], k


@pytest.mark.parametrize("labels", [[0, 0, 0, 0], [0, 1, 0, 1], [2, 2, 2, 2]])
def test_connected_parts_split_disconnected_labels(labels: list[int]) -> None:
    # path 0-1, 2-3: a label spanning both pieces becomes two parts
    src, dst = np.array([0, 2]), np.array([1, 3])
    parts = connected_parts(np.array(labels), src, dst)
    inside = [labels[0] == labels[1], labels[2] == labels[3]]
    assert (parts[0] == parts[1]) == inside[0] and (parts[2] == parts[3]) == inside[1]
    assert parts[0] != parts[2]
    assert sorted(set(parts.tolist())) == list(range(len(set(parts.tolist()))))
