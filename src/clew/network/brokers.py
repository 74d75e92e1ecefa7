"""Brokers: subjects with substantial ties into at least two syndicates.

Only personal ties count (edges of weight ≥ ``BROKER_TIE``: a contact, a call, a small shared
group — not the faint pairs of a big channel); a syndicate counts when the subject's such weight
into it is at least ``max(BROKER_MIN_WEIGHT, BROKER_SHARE × strength)`` and spread over at least
``BROKER_NEIGHBOURS`` of its members (one tie to a broker does not make the broker's contact a
broker too). Membership of a syndicate's own room (``clew.network.rooms``) also counts for that
syndicate: a subject in the rooms of two syndicates bridges them. The participation coefficient
is stored with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

BROKER_MIN_WEIGHT = 0.5
BROKER_SHARE = 0.15
BROKER_NEIGHBOURS = 2
BROKER_TIE = 0.25


def find_brokers(
    by: csr_matrix,
    neighbours: csr_matrix,
    strength: np.ndarray,
    participation: np.ndarray,
    syn_ids: list[str],
    group_spans: dict[int, dict[int, list[str]]],
) -> dict[int, dict]:
    """Vertices with substantial ties or group memberships (see module doc) in two syndicates or more."""
    n_syn = len(syn_ids)
    rows = np.repeat(np.arange(by.shape[0]), np.diff(by.indptr))
    limit = np.maximum(BROKER_MIN_WEIGHT, BROKER_SHARE * strength)
    mask = (by.indices < n_syn) & (by.data >= limit[rows]) & (neighbours.data >= BROKER_NEIGHBOURS)
    counts = np.bincount(rows[mask], minlength=by.shape[0])
    out: dict[int, dict] = {}
    candidates = set(np.flatnonzero(counts >= 2).tolist()) | set(group_spans)  # else one syndicate at most
    for v in sorted(candidates):
        lo, hi = by.indptr[v], by.indptr[v + 1]
        ties = {
            int(c): round(float(w), 3)
            for c, w, k in zip(by.indices[lo:hi], by.data[lo:hi], neighbours.data[lo:hi], strict=True)
            if c < n_syn and w >= limit[v] and k >= BROKER_NEIGHBOURS
        }
        via_groups = group_spans.get(v, {})
        spans = set(ties) | set(via_groups)
        if len(spans) >= 2:
            out[v] = {
                "syndicates": sorted(syn_ids[c] for c in spans),
                "ties": {syn_ids[c]: w for c, w in sorted(ties.items())},
                "groups": {syn_ids[c]: sorted(g)[:5] for c, g in sorted(via_groups.items())},
                "participation": round(float(participation[v]), 3),
            }
    return out
