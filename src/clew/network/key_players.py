"""Key players: the top of each syndicate by the structural leader score.

Inside each syndicate, members are ranked by ``clew.network.leaders`` (mean percentile of
strength, eigenvector centrality, betweenness, k-core number and span across the syndicate's own
Leiden communities, all within the syndicate's subgraph of coordination ties ``leaders.TIES``,
so not payments; the ranking that puts CAVIAR's organisers first and second); the top
``KEY_SHARE`` of members (at least one, at most ``KEY_MAX``) are key players. Declared roles
(admins) are not an input: the ranking holds where nobody declared any.
"""

from __future__ import annotations

import numpy as np

from clew.network import leaders
from clew.network.graph import SubjectGraph

KEY_SHARE = 0.1
KEY_MAX = 5


def leader_scores(
    sg: SubjectGraph,
    syn_index: np.ndarray,
    lead_weight: np.ndarray | None,
    within: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``leaders.within_groups`` on the edges that carry coordination weight (``lead_weight``;
    ``None``: the whole graph, whose ``within`` = (betweenness, strength) the caller has)."""
    if lead_weight is not None:
        keep = np.asarray(lead_weight) > 0
        sg = SubjectGraph.from_arrays(sg.names, sg.src[keep], sg.dst[keep], np.asarray(lead_weight)[keep])
        within = sg.within(syn_index)
    betweenness, strength = within
    return leaders.within_groups(*sg.edge_arrays(), syn_index, strength, betweenness)


def top_of_syndicates(syn_index: np.ndarray, n_syn: int, score: np.ndarray) -> np.ndarray:
    """Whether each vertex is among its syndicate's top ``KEY_SHARE`` by ``score``."""
    n = len(syn_index)
    inside = syn_index >= 0
    syn = np.where(inside, syn_index, n_syn)
    sizes = np.bincount(syn_index[inside], minlength=n_syn)
    quota = np.clip(np.round(KEY_SHARE * sizes), 1, KEY_MAX).astype(np.int64)
    order = np.lexsort((np.arange(n), -score, syn))
    sorted_syn = syn[order]
    starts = np.searchsorted(sorted_syn, np.arange(n_syn + 1))
    rank = np.arange(n) - starts[sorted_syn]
    chosen = np.zeros(n, dtype=bool)
    chosen[order] = (sorted_syn < n_syn) & (rank < np.r_[quota, 0][sorted_syn])
    return chosen
