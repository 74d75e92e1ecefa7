"""Leaders where nobody declared roles: key players ranked by structure alone.

On networks of meetings and calls (court records, wiretaps) no source says who the boss is. A
boss is not always the most connected person: organisers keep few direct ties, sit in the dense
core, bridge clans and are close to the other important people. So each subject gets five
structural measures on the weighted, undirected graph:

- **strength**: sum of tie weights (calls, meetings);
- **eigenvector** centrality (weighted): ties to well-tied people count more;
- **betweenness** (weighted, distance = 1 / weight): brokerage between parts of the network;
- **core**: k-core number (how deep in the dense core);
- **span**: how many communities (Leiden, modularity) the subject's neighbours belong to —
  attendance across clans.

Each measure is turned into a percentile rank (0–1, ties share their mean rank), and the
combined score is their mean. Why percentiles and a plain mean: the measures have different
scales and heavy tails; ranks make them comparable without a weight fitted to one network, and
no single measure (each fooled by a different shape: hubs of gossip, bridges of errand-runners)
decides alone. Evaluated on CAVIAR and Montagna (docs/benchmarks.md), not tuned to them.

Which ties count (``TIES``): those that carry coordination between people — a contact, a
declared link, a call, a message, a shared chat group, a meeting attended together: the kinds
of tie wiretaps and court records of meetings hold, on which the ranking is evaluated. Not a
payment (a buyer paying a seller is a customer, not a subordinate: money roles are found from
the money itself by ``clew.money``) nor holding the same file. Counted in, a seller's fan-in of
buyers made the demo's sellers and collectors the "key players" of their syndicates, ahead of
the bosses who attend the meetings (docs/benchmarks.md, "Key players on the demo").
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import igraph as ig
import numpy as np

MEASURES = ("strength", "eigenvector", "betweenness", "core", "span")
TIES = frozenset({"contact", "link", "call", "message", "group", "event"})


@dataclass(frozen=True)
class Ranked:
    """One subject's structural measures, percentile ranks and combined score (rank 1 = top)."""

    name: str
    rank: int
    score: float
    measures: dict[str, float]


def graph(edges: list[tuple[str, str, float]]) -> ig.Graph:
    """An undirected weighted graph; repeated and opposite pairs add up; self-ties dropped."""
    total: dict[tuple[str, str], float] = {}
    for a, b, w in edges:
        if a != b and w > 0:
            key = (a, b) if a < b else (b, a)
            total[key] = total.get(key, 0.0) + float(w)
    return ig.Graph.TupleList(((a, b, w) for (a, b), w in sorted(total.items())), weights=True)


def percentile(values: np.ndarray) -> np.ndarray:
    """Rank of each value in [0, 1] (1 = highest); equal values share their mean rank."""
    n = len(values)
    if n < 2:
        return np.ones(n)
    order = np.argsort(values, kind="stable")
    ranks = np.empty(n)
    ranks[order] = np.arange(n, dtype=float)
    for v in np.unique(values):
        same = values == v
        ranks[same] = ranks[same].mean()
    return ranks / (n - 1)


def measures(g: ig.Graph, communities: list[int] | None = None, seed: int = 42) -> dict[str, np.ndarray]:
    """The five raw measures per vertex (module doc); communities by Leiden unless given."""
    w = np.asarray(g.es["weight"], dtype=float) if g.ecount() else np.zeros(0)
    if communities is None:
        communities = communities_of(g, seed)
    membership = np.asarray(communities)
    span = np.array([len({membership[u] for u in g.neighbors(v)}) for v in range(g.vcount())], dtype=float)
    with warnings.catch_warnings():  # igraph warns on disconnected graphs: components' scores still order
        warnings.simplefilter("ignore", RuntimeWarning)
        eigen = g.eigenvector_centrality(weights="weight", scale=True) if g.ecount() else [0.0] * g.vcount()
    return {
        "strength": np.asarray(g.strength(weights="weight"), dtype=float),
        "eigenvector": np.asarray(eigen, dtype=float),
        "betweenness": np.asarray(g.betweenness(weights=list(1.0 / w)), dtype=float)
        if g.ecount()
        else np.zeros(g.vcount()),
        "core": np.asarray(g.coreness(), dtype=float),
        "span": span,
    }


LEIDEN_ITERATIONS = 100
"""Leiden is iterated until an iteration moves no vertex, at most this many times. igraph's own
"until stable" (``n_iterations=-1``) never returned on a 39-subject syndicate with two hubs
(vertices flip between partitions of equal modularity; docs/benchmarks.md, "Chat groups written
as plain organisations"): the network step hung. Traag et al. (2019) find the partition stable
within a few iterations; on that graph modularity is the same after 2, 10 and 100."""


def communities_of(g: ig.Graph, seed: int = 42) -> list[int]:
    """Leiden communities maximising modularity (weighted), deterministic for a seed: one
    iteration at a time from the last partition until one changes nothing (``LEIDEN_ITERATIONS``)."""
    import random

    random.seed(seed)
    ig.set_random_number_generator(random)
    part = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=1)
    for _ in range(LEIDEN_ITERATIONS - 1):
        before = part.membership
        part = g.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=1, initial_membership=before
        )
        if part.membership == before:
            break
    return list(part.membership)


def rank(g: ig.Graph, communities: list[int] | None = None) -> list[Ranked]:
    """Every vertex ranked by the combined score (best first; ties by name)."""
    raw = measures(g, communities)
    pct = {m: percentile(raw[m]) for m in MEASURES}
    score = np.mean([pct[m] for m in MEASURES], axis=0) if g.vcount() else np.zeros(0)
    names = g.vs["name"] if g.vcount() else []
    order = sorted(range(g.vcount()), key=lambda v: (-score[v], str(names[v])))
    return [
        Ranked(
            str(names[v]), i + 1, round(float(score[v]), 4), {m: round(float(raw[m][v]), 4) for m in MEASURES}
        )
        for i, v in enumerate(order)
    ]


def within_groups(
    src: np.ndarray,
    dst: np.ndarray,
    w: np.ndarray,
    labels: np.ndarray,
    strength: np.ndarray,
    betweenness: np.ndarray,
    seed: int = 42,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The combined structural score of every vertex inside its own group (``labels[v]`` ≥ 0;
    −1 scores 0), with the five raw measures: the same ranking as :func:`rank`, one group at a
    time, so a syndicate's key players are its structurally central members (issue 11 item 6).

    ``strength`` and ``betweenness`` are the within-group ones the caller already has
    (``SubjectGraph.within``, which approximates betweenness on big groups); eigenvector
    centrality and span (Leiden communities inside the group) need each group's own subgraph,
    the k-core number does not (cores never cross a group without edges between groups).
    """
    n = len(labels)
    inside = (labels[src] >= 0) & (labels[src] == labels[dst])
    src, dst, w = src[inside], dst[inside], w[inside]
    raw = {m: np.zeros(n) for m in MEASURES}
    raw["strength"], raw["betweenness"] = np.asarray(strength, float), np.asarray(betweenness, float)
    whole = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=False)
    raw["core"] = np.asarray(whole.coreness(), dtype=float)
    score = np.zeros(n)
    by_label = np.argsort(labels[src], kind="stable")
    starts = np.searchsorted(labels[src][by_label], np.arange(int(labels.max(initial=-1)) + 2))
    for label in range(int(labels.max(initial=-1)) + 1):
        vs = np.flatnonzero(labels == label)
        if len(vs) == 0:
            continue
        local = np.full(n, -1, dtype=np.int64)
        local[vs] = np.arange(len(vs))
        es = by_label[starts[label] : starts[label + 1]]
        pairs = np.column_stack([local[src[es]], local[dst[es]]]).tolist()
        g = ig.Graph(n=len(vs), edges=pairs, directed=False)
        g.es["weight"] = w[es].tolist()
        if g.ecount():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                raw["eigenvector"][vs] = g.eigenvector_centrality(weights="weight", scale=True)
            membership = np.asarray(communities_of(g, seed))
            raw["span"][vs] = [len({membership[u] for u in g.neighbors(v)}) for v in range(len(vs))]
        score[vs] = np.mean([percentile(raw[m][vs]) for m in MEASURES], axis=0)
    return score, raw
