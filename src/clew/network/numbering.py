"""Which communities are syndicates, and in what order: the numbering every later step uses.

A syndicate is a community (``graph.communities``) of at least ``MIN_SIZE`` subjects; smaller
ones are pairs and loners, not an organisation. Syndicates are numbered by size, largest
first, ties by the member first in the graph's vertex order (canonical in the pipeline:
``clew.network.canonical``, from the subjects' content, not their ids), so the numbering (and
the first run's ``syn-0001``…, see ``clew.network.lineage``) depends neither on the community
detector's own labels nor on the ids a tool gave the records.
"""

from __future__ import annotations

import numpy as np

MIN_SIZE = 3


def number(communities: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Syndicate number per vertex (−1: none) and the vertices of each syndicate (sorted):
    communities of at least ``MIN_SIZE``, largest first, ties by lowest first vertex."""
    n = len(communities)
    if n == 0:
        return np.full(0, -1, dtype=np.int64), []
    n_comm = int(communities.max()) + 1
    sizes = np.bincount(communities, minlength=n_comm)
    first = np.full(n_comm, n, dtype=np.int64)
    np.minimum.at(first, communities, np.arange(n))
    big = np.flatnonzero(sizes >= MIN_SIZE)
    order = big[np.lexsort((first[big], -sizes[big]))]
    number = np.full(n_comm, -1, dtype=np.int64)
    number[order] = np.arange(len(order))
    syn_index = number[communities]
    by_syn = np.argsort(syn_index, kind="stable")
    by_syn = by_syn[syn_index[by_syn] >= 0]
    bounds = np.cumsum(sizes[order])
    return syn_index, np.split(by_syn, bounds[:-1]) if len(order) else []
