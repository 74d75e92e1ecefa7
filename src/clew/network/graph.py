"""The subject graph in igraph, its communities (Leiden) and per-subject measures.

Communities: ``leidenalg`` with ``RBConfigurationVertexPartition`` (modularity with a
resolution parameter; at 1.0 it is exactly Newman–Girvan modularity), weighted, seeded
(``SEED``) so that the same graph always gives the same syndicates. ``RESOLUTION`` above 1
splits more, below 1 merges more; see docs/architecture.md for the value chosen on the demo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import igraph as ig
import leidenalg
import numpy as np

SEED = 42
RESOLUTION = 1.5  # demo: ARI 0.937 at 1.0 (merges some pairs of syndicates), 0.973 at 1.5
ITERATIONS = 2  # leidenalg's default; more passes changed nothing measurable on the demo


@dataclass
class SubjectGraph:
    """Vertices are subjects (``names[i]``), weighted undirected edges."""

    names: list[str]
    graph: ig.Graph

    @classmethod
    def from_arrays(cls, names: Sequence[str], src: np.ndarray, dst: np.ndarray, weight: np.ndarray):
        g = ig.Graph(n=len(names), edges=np.column_stack([src, dst]).tolist(), directed=False)
        g.es["weight"] = weight.tolist()
        return cls(list(names), g)

    @classmethod
    def from_pairs(cls, names: Sequence[str], pairs: dict[tuple[str, str], float]):
        """``names`` must include every subject of ``pairs`` (isolated subjects are fine)."""
        index = {n: i for i, n in enumerate(names)}
        m = len(pairs)
        src = np.fromiter((index[a] for a, _ in pairs), dtype=np.int64, count=m)
        dst = np.fromiter((index[b] for _, b in pairs), dtype=np.int64, count=m)
        weight = np.fromiter(pairs.values(), dtype=np.float64, count=m)
        return cls.from_arrays(names, src, dst, weight)

    def communities(
        self, resolution: float = RESOLUTION, seed: int = SEED, iterations: int = ITERATIONS
    ) -> np.ndarray:
        """Community number of each vertex (0 = largest)."""
        part = leidenalg.find_partition(
            self.graph,
            leidenalg.RBConfigurationVertexPartition,
            weights="weight",
            resolution_parameter=resolution,
            seed=seed,
            n_iterations=iterations,
        )
        return np.asarray(part.membership, dtype=np.int64)

    def edge_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        el = np.asarray(self.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        return el[:, 0], el[:, 1], np.asarray(self.graph.es["weight"], dtype=np.float64)

    def strength(self) -> np.ndarray:
        return np.asarray(self.graph.strength(weights="weight"), dtype=np.float64)

    def degree(self) -> np.ndarray:
        return np.asarray(self.graph.degree(), dtype=np.int64)

    def weight_by_group(self, labels: np.ndarray, n_labels: int, count: bool = False, min_weight: float = 0):
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

    def within(self, vertices: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Betweenness (distance = 1 / weight) and strength inside the subgraph of ``vertices``
        (sorted ids; results in the same order).

        Computed per syndicate: key players are judged inside their syndicate, and the sum over
        small subgraphs is cheap where exact betweenness of the whole graph is not; subgraphs
        above 2,000 subjects use paths of length ≤ 6 (in 1/weight units) only.
        """
        sub = self.graph.induced_subgraph(vertices)
        strength = np.asarray(sub.strength(weights="weight"), dtype=np.float64)
        if sub.ecount() == 0:
            return np.zeros(len(vertices)), strength
        dist = [1.0 / w for w in sub.es["weight"]]
        cutoff = None if sub.vcount() <= 2000 else 6.0
        return np.asarray(sub.betweenness(weights=dist, cutoff=cutoff), dtype=np.float64), strength
