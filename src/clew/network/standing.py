"""Core and periphery: where each subject with ties into syndicates stands in one.

A member with personal ties (weight ≥ ``clew.network.brokers.BROKER_TIE``) to at least
``CORE_NEIGHBOURS`` members of its syndicate is *core*; one tied more loosely (a single contact,
only a big group's faint pairs) is *periphery*. A subject in no syndicate (alone or in a
community too small) but with any tie into syndicates is *periphery* of the syndicate holding
most of its tie weight. The confidence is the share of the subject's tie weight that goes into
that syndicate (1.0: all its ties are there), so an analyst sees "periphery of syn-0003, 0.4"
instead of nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

CORE_NEIGHBOURS = 2


def core_or_periphery(
    ties: csr_matrix, strong_n: csr_matrix, strength: np.ndarray, syn_index: np.ndarray, n_syn: int
) -> dict[int, tuple[int, str, float]]:
    """Vertex -> (syndicate number, core | periphery, confidence) for every vertex with a tie
    into a syndicate (module doc)."""
    out: dict[int, tuple[int, str, float]] = {}
    for v in range(ties.shape[0]):
        lo, hi = ties.indptr[v], ties.indptr[v + 1]
        cols, weights = ties.indices[lo:hi], ties.data[lo:hi]
        inside = cols < n_syn
        if not inside.any() or strength[v] <= 0:
            continue
        own = int(syn_index[v])
        if own < 0:
            c, role = int(cols[inside][np.argmax(weights[inside])]), "periphery"
        else:
            s_lo, s_hi = strong_n.indptr[v], strong_n.indptr[v + 1]
            k = strong_n.data[s_lo:s_hi][strong_n.indices[s_lo:s_hi] == own].sum()
            c, role = own, "core" if k >= CORE_NEIGHBOURS else "periphery"
        out[v] = (c, role, round(min(1.0, float(weights[cols == c].sum() / strength[v])), 4))
    return out
