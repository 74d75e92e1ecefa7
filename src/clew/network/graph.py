"""The subject graph in igraph, its communities and per-subject measures.

Communities maximise weighted modularity (``RESOLUTION`` γ = 1: Newman–Girvan's own definition,
not a value fitted to a demo; above 1 splits more, below 1 merges more) with networkit's PLM
on one thread, so that the same graph always gives the same syndicates, then split into
connected parts. docs/architecture.md, "Syndicates", says why this engine and γ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import igraph as ig
import numpy as np

from clew.network.pairs import Pairs

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

SEED = 42
RESOLUTION = 1.0  # modularity itself; 1.5 (fitted to the demo) split real groups elsewhere
BETWEENNESS_EXACT_MAX = 2000
BETWEENNESS_CUTOFF = 6.0
BETWEENNESS_EXACT_EDGES = 400_000  # the default demo has ~270k pairs in all: exact there
BETWEENNESS_SOURCES = 32


@dataclass
class SubjectGraph:
    """Vertices are subjects (``names[i]``), weighted undirected edges ``src[e]–dst[e]``.

    The step works on the edge arrays (numpy, scipy sparse, networkit); an igraph graph of the
    whole network is built only if asked for (``graph``), since no measure of the step needs one
    (betweenness builds its own graph of within-syndicate edges)."""

    names: list[str]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray

    @classmethod
    def from_arrays(cls, names: Sequence[str], src: np.ndarray, dst: np.ndarray, weight: np.ndarray):
        src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
        return cls(list(names), src, dst, np.asarray(weight, dtype=np.float64))

    @classmethod
    def from_pairs(cls, pairs: Pairs) -> SubjectGraph:
        return cls.from_arrays(pairs.names, pairs.src, pairs.dst, pairs.weight)

    def reordered(self, rank: np.ndarray) -> tuple[SubjectGraph, np.ndarray]:
        """The same graph with vertex ``v`` numbered ``rank[v]`` and the edges sorted by their
        new ends (lower, higher), and the edge permutation ``by`` (new edge ``e`` is old edge
        ``by[e]``) for the caller's per-edge arrays. Given a canonical ``rank``
        (``clew.network.canonical``) the result no longer depends on the order of ``names`` or
        of the edges: communities, key players and their tie-breaks all follow it."""
        a, b = rank[self.src], rank[self.dst]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        by = np.argsort(lo.astype(np.int64) * len(self.names) + hi, kind="stable")  # (lo, hi) order
        names = np.empty(len(self.names), dtype=object)
        names[rank] = self.names
        return SubjectGraph.from_arrays(names.tolist(), lo[by], hi[by], self.weight[by]), by

    @cached_property
    def graph(self) -> ig.Graph:
        """The whole network as a weighted igraph graph (same edge order as the arrays)."""
        g = ig.Graph(n=len(self.names), directed=False)
        g.add_edges(np.column_stack([self.src, self.dst]))  # a numpy array is read in C
        g.es["weight"] = self.weight
        return g

    def communities(self, resolution: float = RESOLUTION) -> np.ndarray:
        """Community number of each vertex (0 = largest; ties: lowest first vertex).

        networkit's PLM with refinement on one thread (so the same graph gives the same
        syndicates), then every community split into its connected parts: Louvain-type moves can
        leave a community disconnected, and a syndicate must be one connected group (what Leiden
        guarantees by construction, obtained here by construction too).

        No seed parameter: PLM on one thread draws no random numbers — measured 2026-12-03
        (networkit 11.2.2), seeds 1–29 gave seed 0's partition on 10 random graphs of 400
        vertices, 290 of 290 — so its answer depends on the graph and its vertex order only (the
        order is what tests/network/test_communities.py varies, and what the pipeline makes
        canonical: ``reordered``). ``SEED`` is still set, fixed, so that a networkit release whose
        PLM does draw stays repeatable."""
        import networkit as nk

        n = len(self.names)
        nk.engineering.setNumberOfThreads(1)
        nk.engineering.setSeed(SEED, False)
        g = nk.GraphFromCoo(
            (self.weight, (self.src.astype(np.uint64), self.dst.astype(np.uint64))),
            n=n, weighted=True, directed=False,
        )  # fmt: skip
        plm = nk.community.PLM(g, refine=True, gamma=resolution)
        plm.run()
        return connected_parts(np.asarray(plm.getPartition().getVector(), dtype=np.int64), self.src, self.dst)

    def edge_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.src, self.dst, self.weight

    def strength(self) -> np.ndarray:
        n = len(self.names)
        return np.bincount(self.src, self.weight, n) + np.bincount(self.dst, self.weight, n)

    def degree(self) -> np.ndarray:
        n = len(self.names)
        return np.bincount(self.src, minlength=n) + np.bincount(self.dst, minlength=n)

    def weight_by_group(
        self, labels: np.ndarray, n_labels: int, count: bool = False, min_weight: float = 0
    ) -> csr_matrix:
        """``W[i, c]``: the edge weight (or, with ``count``, the number of neighbours) vertex ``i``
        has into vertices labelled ``c`` over edges of at least ``min_weight``, as a canonical
        scipy CSR matrix (same sparsity either way)."""
        from scipy.sparse import coo_matrix

        src, dst, w = self.edge_arrays()
        if min_weight > 0:
            keep = w >= min_weight
            src, dst, w = src[keep], dst[keep], w[keep]
        rows = np.concatenate([src, dst])
        cols = np.concatenate([labels[dst], labels[src]])
        data = np.ones(2 * len(w)) if count else np.concatenate([w, w])
        out = coo_matrix((data, (rows, cols)), shape=(len(self.names), n_labels)).tocsr()
        out.sum_duplicates()
        return out

    def participation(self, labels: np.ndarray, n_labels: int) -> np.ndarray:
        """Guimerà–Amaral participation coefficient ``1 − Σ_c (k_ic / k_i)²`` (0 = all ties in one
        community, towards 1 = ties spread evenly over many)."""
        by = self.weight_by_group(labels, n_labels)
        k = np.asarray(by.sum(axis=1)).ravel()
        sq = np.asarray(by.multiply(by).sum(axis=1)).ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            p = 1.0 - np.where(k > 0, sq / (k * k), 1.0)
        return p

    def within(
        self, labels: np.ndarray, exact_max: int = BETWEENNESS_EXACT_MAX
    ) -> tuple[np.ndarray, np.ndarray]:
        """Betweenness (distance = 1 / weight) and strength of every vertex inside its own group
        (``labels[v]`` ≥ 0; −1 = in no group, gets 0).

        Key players are judged inside their syndicate. One igraph call over the graph of
        within-group edges gives each group's betweenness at once (paths never leave a group
        there, and betweenness sums over connected components). Approximations on big inputs:
        groups above ``exact_max`` subjects use paths of length ≤ ``BETWEENNESS_CUTOFF`` (in
        1/weight units) only; when the within-group edges number more than
        ``BETWEENNESS_EXACT_EDGES``, paths start from ``BETWEENNESS_SOURCES`` seeded random
        members of each group, scaled by size / sources (Brandes–Pich source sampling).
        """
        n = len(self.names)
        inside = (labels[self.src] >= 0) & (labels[self.src] == labels[self.dst])
        src, dst, w = self.src[inside], self.dst[inside], self.weight[inside]
        strength = np.bincount(src, w, n) + np.bincount(dst, w, n)
        sizes = np.bincount(labels[labels >= 0], minlength=1)
        big = np.r_[sizes > exact_max, False][labels]  # label −1 reads the appended False
        btw = np.zeros(n)
        for cutoff, part in ((None, ~big), (BETWEENNESS_CUTOFF, big)):
            keep = part[src]
            if not keep.any():
                continue
            sub = ig.Graph(n=n, directed=False)
            sub.add_edges(np.column_stack([src[keep], dst[keep]]))
            sources, scale = None, np.ones(n)
            if keep.sum() > BETWEENNESS_EXACT_EDGES:
                sources, scale = _sample_sources(np.where(part, labels, -1), sizes)
            found = sub.betweenness(weights=1.0 / w[keep], cutoff=cutoff, sources=sources)
            btw[part] = (np.asarray(found, dtype=np.float64) * scale)[part]
        return btw, strength


def _sample_sources(labels: np.ndarray, sizes: np.ndarray) -> tuple[list[int], np.ndarray]:
    """Up to ``BETWEENNESS_SOURCES`` seeded random vertices per label (≥ 0), and per vertex the
    factor (label size / sources drawn) that scales sampled betweenness to the full count."""
    perm = np.random.default_rng(SEED).permutation(len(labels))
    perm = perm[labels[perm] >= 0]
    perm = perm[np.argsort(labels[perm], kind="stable")]
    lab = labels[perm]
    rank = np.arange(len(perm)) - np.searchsorted(lab, lab)
    factor = sizes / np.maximum(np.minimum(sizes, BETWEENNESS_SOURCES), 1)
    scale = np.where(labels >= 0, factor[np.maximum(labels, 0)], 0.0)
    return perm[rank < BETWEENNESS_SOURCES].tolist(), scale


def connected_parts(labels: np.ndarray, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """``labels`` refined so that each label is one connected part of the graph restricted to
    edges inside a label, renumbered by size (0 = largest; ties: the part whose lowest vertex
    comes first)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(labels)
    inside = labels[src] == labels[dst]
    adj = coo_matrix((np.ones(int(inside.sum())), (src[inside], dst[inside])), shape=(n, n))
    _, parts = connected_components(adj, directed=False)
    sizes = np.bincount(parts)
    first = np.full(len(sizes), n, dtype=np.int64)
    np.minimum.at(first, parts, np.arange(n))
    order = np.lexsort((first, -sizes))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[parts]
