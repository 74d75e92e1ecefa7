"""Syndicates from communities, and the network roles of their subjects.

- A **syndicate** is a Leiden community of at least ``MIN_SIZE`` subjects; numbered
  ``syn-0001``… by size (largest first), ties by smallest member id, so ids are stable on a
  re-run over the same data.
- **Key players**: inside each syndicate, rank by ``0.5·strength/max + 0.5·betweenness/max``
  (weighted, within the syndicate's subgraph); the top ``KEY_SHARE`` of members (at least
  one, at most ``KEY_MAX``) are key players.
- **Admins**: subjects holding an admin/owner/creator Membership role in any chat group.
- **Brokers**: subjects with substantial ties into at least two syndicates. Only personal
  ties count (edges of weight ≥ ``BROKER_TIE``: a contact, a call, a small shared group — not
  the faint pairs of a big channel); a syndicate counts when the subject's such weight into
  it is at least ``max(BROKER_MIN_WEIGHT, BROKER_SHARE × strength)`` and spread over at
  least ``BROKER_NEIGHBOURS`` of its members
  (one tie to a broker does not make the broker's contact a broker too); the participation
  coefficient is stored with it. Membership of a chat group also counts for the syndicate
  that holds at least ``HOME_SHARE`` of the group's members (a syndicate's own group, not a
  channel shared by many), unless that group alone makes up more than ``ROOM_SHARE`` of the
  syndicate's internal weight (then the "syndicate" is just the group's audience, as when a
  channel's otherwise unknown members form a community of their own): a subject in the
  groups of two syndicates bridges them.
- **Cross-border bridges**: edges between subjects whose best countries differ, counted per
  country pair per syndicate; the subjects holding most of them are listed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from clew.network.edges import WEIGHTS
from clew.network.graph import SubjectGraph

MIN_SIZE = 3
KEY_SHARE = 0.1
KEY_MAX = 5
BROKER_MIN_WEIGHT = 0.5
BROKER_SHARE = 0.15
BROKER_NEIGHBOURS = 2
BROKER_TIE = 0.25
HOME_SHARE = 0.5
ROOM_SHARE = 0.8
GROUP_WEIGHT = WEIGHTS["group"]


@dataclass
class Result:
    labels: list[str | None]  # syndicate id per vertex
    communities: np.ndarray
    syndicates: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)


def assemble(
    sg: SubjectGraph,
    communities: np.ndarray,
    country: Mapping[str, str],
    groups: Mapping[str, set[str]],
    group_names: Mapping[str, str],
    admins: Mapping[str, set[str]],
) -> Result:
    """Syndicate rows, member rows and role rows (see the module doc for the definitions)."""
    names = sg.names
    n = len(names)
    by_comm: dict[int, list[int]] = defaultdict(list)
    for v, c in enumerate(communities.tolist()):
        by_comm[c].append(v)
    kept = [vs for vs in by_comm.values() if len(vs) >= MIN_SIZE]
    kept.sort(key=lambda vs: (-len(vs), min(names[v] for v in vs)))
    labels: list[str | None] = [None] * n
    syn_index = np.full(n, -1, dtype=np.int64)
    for i, vs in enumerate(kept):
        for v in vs:
            labels[v] = f"syn-{i + 1:04d}"
            syn_index[v] = i
    res = Result(labels=labels, communities=communities)

    # ties into syndicates: unassigned vertices get their own column so they never count
    n_syn = len(kept)
    col = np.where(syn_index >= 0, syn_index, n_syn + np.arange(n))
    participation = sg.participation(col, n_syn + n)
    strength = sg.strength()
    degree = sg.degree()
    betweenness = np.zeros(n)
    key_score = np.zeros(n)
    key_players: set[int] = set()
    for vs in kept:
        vs = sorted(vs)
        btw, inner = sg.within(vs)
        score = 0.5 * inner / (inner.max() or 1.0) + 0.5 * btw / (btw.max() or 1.0)
        k = max(1, min(KEY_MAX, round(KEY_SHARE * len(vs))))
        for j in np.argsort(-score, kind="stable")[:k]:
            key_players.add(vs[int(j)])
        betweenness[vs] = btw
        key_score[vs] = score

    admin_of: dict[str, set[str]] = defaultdict(set)
    for group, subjects in admins.items():
        for s in subjects:
            admin_of[s].add(group)
    position = {name: i for i, name in enumerate(names)}
    src, dst, w = sg.edge_arrays()
    same = (syn_index[src] >= 0) & (syn_index[src] == syn_index[dst])
    internal = np.bincount(syn_index[src][same], weights=w[same], minlength=n_syn)
    group_home: dict[int, list[dict]] = defaultdict(list)
    group_spans: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for group, subjects in groups.items():
        votes = Counter(int(syn_index[position[s]]) for s in subjects if s in position)
        votes.pop(-1, None)
        if votes:
            home, count = votes.most_common(1)[0]
            group_home[home].append(
                {
                    "id": group,
                    "name": group_names.get(group, group),
                    "members": len(subjects),
                    "in_syndicate": count,
                }
            )
            size = len(subjects)
            own = GROUP_WEIGHT * count * (count - 1) / 2 / max(1, size - 1)
            room = count >= HOME_SHARE * size and size >= MIN_SIZE and own <= ROOM_SHARE * internal[home]
            if room:
                for s in subjects:
                    if s in position:
                        group_spans[position[s]][home].append(group)

    strong = sg.weight_by_group(col, n_syn + n, min_weight=BROKER_TIE)
    strong_n = sg.weight_by_group(col, n_syn + n, count=True, min_weight=BROKER_TIE)
    brokers = _brokers(strong, strong_n, strength, participation, n_syn, group_spans)
    cross, cross_holders = _cross_border(sg, syn_index, country)
    for i, vs in enumerate(kept):
        sid = f"syn-{i + 1:04d}"
        members = [names[v] for v in vs]
        countries = Counter(country.get(m) or "" for m in members)
        countries.pop("", None)
        bridges = cross.get(i, Counter())
        holders = cross_holders.get(i, Counter())
        ranked = sorted(vs, key=lambda v: -key_score[v])
        res.syndicates.append(
            {
                "syndicate_id": sid,
                "size": len(vs),
                "countries": dict(countries.most_common()),
                "groups": sorted(group_home.get(i, []), key=lambda g: (-g["in_syndicate"], g["id"])),
                "admins": sorted(m for m in members if m in admin_of),
                "brokers": sorted(names[v] for v in vs if v in brokers),
                "key_players": [names[v] for v in ranked if v in key_players],
                "bridges": {
                    "pairs": dict(bridges.most_common()),
                    "subjects": [s for s, _ in holders.most_common(5)],
                },
            }
        )

    for v in range(n):
        subject = names[v]
        res.members.append(
            {
                "subject_id": subject,
                "syndicate_id": labels[v],
                "community": int(communities[v]),
                "degree": int(degree[v]),
                "strength": round(float(strength[v]), 4),
                "betweenness": round(float(betweenness[v]), 4),
                "participation": round(float(participation[v]), 4),
            }
        )
        base = {"syndicate": labels[v]}
        if labels[v] is not None:
            res.roles.append(_role(subject, "member", 1.0, base))
        if v in key_players:
            res.roles.append(
                _role(
                    subject,
                    "key-player",
                    float(key_score[v]),
                    {
                        **base,
                        "strength": round(float(strength[v]), 3),
                        "betweenness": round(float(betweenness[v]), 3),
                    },
                )
            )
        if v in brokers:
            res.roles.append(_role(subject, "broker", float(participation[v]), {**base, **brokers[v]}))
        if subject in admin_of:
            res.roles.append(_role(subject, "admin", 1.0, {**base, "groups": sorted(admin_of[subject])}))
    return res


def _brokers(
    by,
    neighbours,
    strength: np.ndarray,
    participation: np.ndarray,
    n_syn: int,
    group_spans: dict[int, dict[int, list[str]]],
) -> dict[int, dict]:
    """Vertices with substantial ties or group memberships (see module doc) in two syndicates or more."""
    rows = np.repeat(np.arange(by.shape[0]), np.diff(by.indptr))
    limit = np.maximum(BROKER_MIN_WEIGHT, BROKER_SHARE * strength)
    mask = (by.indices < n_syn) & (by.data >= limit[rows]) & (neighbours.data >= BROKER_NEIGHBOURS)
    counts = np.bincount(rows[mask], minlength=by.shape[0])
    out: dict[int, dict] = {}
    candidates = set(np.flatnonzero(counts >= 1).tolist()) | set(group_spans)
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
                "syndicates": sorted(f"syn-{c + 1:04d}" for c in spans),
                "ties": {f"syn-{c + 1:04d}": w for c, w in sorted(ties.items())},
                "groups": {f"syn-{c + 1:04d}": sorted(g)[:5] for c, g in sorted(via_groups.items())},
                "participation": round(float(participation[v]), 3),
            }
    return out


def _cross_border(sg: SubjectGraph, syn_index: np.ndarray, country: Mapping[str, str]):
    """Per syndicate: cross-border edge counts by country pair, and which members hold them."""
    codes = sorted({c for c in country.values() if c})
    code_of = {c: i for i, c in enumerate(codes)}
    cc = np.array([code_of.get(country.get(name) or "", -1) for name in sg.names], dtype=np.int64)
    src, dst, _w = sg.edge_arrays()
    mask = (cc[src] >= 0) & (cc[dst] >= 0) & (cc[src] != cc[dst])
    pairs: dict[int, Counter] = defaultdict(Counter)
    holders: dict[int, Counter] = defaultdict(Counter)
    for a, b in zip(src[mask].tolist(), dst[mask].tolist(), strict=True):
        pair = "-".join(sorted((codes[cc[a]], codes[cc[b]])))
        for v in (a, b):
            syn = int(syn_index[v])
            if syn >= 0:
                pairs[syn][pair] += 1
                holders[syn][sg.names[v]] += 1
    return pairs, holders


def _role(subject: str, role: str, score: float, evidence: dict) -> dict:
    return {
        "subject_id": subject,
        "role": role,
        "analysis": "network",
        "score": round(score, 4),
        "evidence": evidence,
    }
