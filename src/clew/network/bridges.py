"""Cross-border bridges of each syndicate: ties between subjects whose best countries differ.

Counted per country pair (``PH-US``, the codes in alphabetical order) for each syndicate either
end belongs to, with the members holding them, so a syndicate's report says which borders it
crosses and through whom. Subjects without a country are left out: no pair can be named.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

import numpy as np

from clew.network.graph import SubjectGraph


def cross_border(
    sg: SubjectGraph, syn_index: np.ndarray, country: Mapping[str, str]
) -> tuple[dict[int, Counter], dict[int, Counter]]:
    """Per syndicate: cross-border edge counts by country pair, and which members hold them."""
    codes = sorted({c for c in country.values() if c})
    code_of = {c: i for i, c in enumerate(codes)}
    cc = np.array([code_of.get(country.get(name) or "", -1) for name in sg.names], dtype=np.int64)
    src, dst, _w = sg.edge_arrays()
    mask = (cc[src] >= 0) & (cc[dst] >= 0) & (cc[src] != cc[dst])
    src, dst = src[mask], dst[mask]
    n_cc = max(1, len(codes))
    pair = np.minimum(cc[src], cc[dst]) * n_cc + np.maximum(cc[src], cc[dst])
    ends = np.concatenate([src, dst])
    pair = np.concatenate([pair, pair])
    syn = syn_index[ends]
    ends, pair, syn = ends[syn >= 0], pair[syn >= 0], syn[syn >= 0]
    pairs: dict[int, Counter] = defaultdict(Counter)
    holders: dict[int, Counter] = defaultdict(Counter)
    width = n_cc * n_cc
    found, n = np.unique(syn * width + pair, return_counts=True)
    for key, k in zip(found.tolist(), n.tolist(), strict=True):
        i, p = divmod(key, width)
        pairs[i][f"{codes[p // n_cc]}-{codes[p % n_cc]}"] = k
    n_v = len(sg.names)
    found, n = np.unique(syn * n_v + ends, return_counts=True)
    for key, k in zip(found.tolist(), n.tolist(), strict=True):
        i, v = divmod(key, n_v)
        holders[i][sg.names[v]] = k
    return pairs, holders
