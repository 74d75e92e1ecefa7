"""Syndicates from communities, and the network roles of their subjects.

- A **syndicate** is a community (``graph.communities``) of at least ``MIN_SIZE`` subjects,
  listed by size (largest first, ties by smallest member id). Its id comes from the previous run's
  syndicates by majority succession (``clew.network.lineage``): an id survives unless its
  syndicate really changed; the first run numbers ``syn-0001``… by size.
- **Key players**: inside each syndicate, rank by the structural leader score of
  ``clew.network.leaders`` (mean percentile of strength, eigenvector centrality, betweenness,
  k-core number and span across the syndicate's own Leiden communities, all within the
  syndicate's subgraph of coordination ties ``leaders.TIES``, so not payments; the ranking
  that puts CAVIAR's organisers first and second); the top
  ``KEY_SHARE`` of members (at least one, at most ``KEY_MAX``) are key players. Declared roles
  (admins) are not an input: the ranking holds where nobody declared any.
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
- **Core and periphery**: a member with personal ties (weight ≥ ``BROKER_TIE``) to at least
  ``CORE_NEIGHBOURS`` members of its syndicate is *core*; one tied more loosely (a single
  contact, only a big group's faint pairs) is *periphery*. A subject in no syndicate (alone or
  in a community too small) but with any tie into syndicates is *periphery* of the syndicate
  holding most of its tie weight. The confidence is the share of the subject's tie weight that
  goes into that syndicate (1.0: all its ties are there). Stored on the ``member`` role (score =
  confidence, evidence ``syndicate_role``) and, for the formerly unassigned, as their
  ``syndicate_members.syndicate_id``: an analyst sees "periphery of syn-0003, 0.4" instead of
  nothing.
- **Cross-border bridges**: edges between subjects whose best countries differ, counted per
  country pair per syndicate; the subjects holding most of them are listed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from clew.network import leaders, lineage
from clew.network.edges import WEIGHTS
from clew.network.graph import SubjectGraph
from clew.vocabulary import ADMIN, BROKER, KEY_PLAYER, MEMBER, RunKind

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

MIN_SIZE = 3
KEY_SHARE = 0.1
KEY_MAX = 5
BROKER_MIN_WEIGHT = 0.5
BROKER_SHARE = 0.15
BROKER_NEIGHBOURS = 2
BROKER_TIE = 0.25
HOME_SHARE = 0.5
ROOM_SHARE = 0.8
CORE_NEIGHBOURS = 2
GROUP_WEIGHT = WEIGHTS["group"]


@dataclass
class Result:
    labels: list[str | None]  # syndicate id per vertex
    communities: np.ndarray
    syndicates: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    changes: list[lineage.Change] = field(default_factory=list)


def assemble(
    sg: SubjectGraph,
    communities: np.ndarray,
    country: Mapping[str, str],
    groups: Mapping[str, set[str]],
    group_names: Mapping[str, str],
    admins: Mapping[str, set[str]],
    previous: Mapping[str, str] | None = None,
    used: int = 0,
    lead_weight: np.ndarray | None = None,
) -> Result:
    """Syndicate rows, member rows and role rows (see the module doc for the definitions);
    ``previous`` (subject -> syndicate id of the last run) and ``used`` (highest id number
    ever given) keep ids stable (``lineage.assign``). ``lead_weight`` is each edge's weight
    from coordination ties (``leaders.TIES``), on which key players are ranked (default: the
    whole weight)."""
    names = sg.names
    n = len(names)
    syn_index, kept = _number(names, communities)
    n_syn = len(kept)
    labels: list[str | None] = [None] * n
    syn_ids, changes = lineage.assign([[names[v] for v in vs.tolist()] for vs in kept], previous or {}, used)
    for v, i in zip(np.flatnonzero(syn_index >= 0).tolist(), syn_index[syn_index >= 0].tolist(), strict=True):
        labels[v] = syn_ids[i]
    res = Result(labels=labels, communities=communities, changes=changes)

    # ties into syndicates: unassigned vertices get their own column so they never count
    col = np.where(syn_index >= 0, syn_index, n_syn + np.arange(n))
    participation = sg.participation(col, n_syn + n)
    strength = sg.strength()
    degree = sg.degree()
    betweenness, inner = sg.within(syn_index)
    src, dst, w = sg.edge_arrays()
    key_score, key_raw = _leader_scores(sg, syn_index, lead_weight, (betweenness, inner))
    key_players = _key_players(syn_index, n_syn, key_score)

    admin_of: dict[str, set[str]] = defaultdict(set)
    for group, subjects in admins.items():
        for s in subjects:
            admin_of[s].add(group)
    same = (syn_index[src] >= 0) & (syn_index[src] == syn_index[dst])
    internal = np.bincount(syn_index[src][same], weights=w[same], minlength=n_syn)
    group_home, group_spans = _group_homes(names, syn_index, internal, groups, group_names)

    strong = sg.weight_by_group(col, n_syn + n, min_weight=BROKER_TIE)
    strong_n = sg.weight_by_group(col, n_syn + n, count=True, min_weight=BROKER_TIE)
    brokers = _brokers(strong, strong_n, strength, participation, syn_ids, group_spans)
    cross, cross_holders = _cross_border(sg, syn_index, country)
    for i, vs in enumerate(kept):
        members = [names[v] for v in vs]
        countries = Counter(country.get(m) or "" for m in members)
        countries.pop("", None)
        bridges = cross.get(i, Counter())
        holders = cross_holders.get(i, Counter())
        ranked = vs[np.argsort(-key_score[vs], kind="stable")]
        res.syndicates.append(
            {
                "syndicate_id": syn_ids[i],
                "size": len(vs),
                "countries": dict(countries.most_common()),
                "groups": sorted(group_home.get(i, []), key=lambda g: (-g["in_syndicate"], g["id"])),
                "admins": sorted(m for m in members if m in admin_of),
                "brokers": sorted(names[v] for v in vs.tolist() if v in brokers),
                "key_players": [names[v] for v in ranked.tolist() if key_players[v]],
                "bridges": {
                    "pairs": dict(bridges.most_common()),
                    "subjects": [s for s, _ in holders.most_common(5)],
                },
            }
        )

    strength_r = np.round(strength, 4).tolist()
    betweenness_r = np.round(betweenness, 4).tolist()
    participation_r = np.round(participation, 4).tolist()
    standing = _standing(sg.weight_by_group(col, n_syn + n), strong_n, strength, syn_index, n_syn)
    for v, (subject, label, comm, deg) in enumerate(
        zip(names, labels, communities.tolist(), degree.tolist(), strict=True)
    ):
        where = standing.get(v)
        if label is None and where is not None:
            label = syn_ids[where[0]]
        res.members.append(
            {
                "subject_id": subject,
                "syndicate_id": label,
                "community": comm,
                "degree": deg,
                "strength": strength_r[v],
                "betweenness": betweenness_r[v],
                "participation": participation_r[v],
            }
        )
        if label is not None and where is not None:
            evidence = {"syndicate": label, "syndicate_role": where[1], "confidence": where[2]}
            res.roles.append(_role(subject, MEMBER, where[2], evidence))
    for v in np.flatnonzero(key_players).tolist():
        evidence = {"syndicate": labels[v], **{m: round(float(key_raw[m][v]), 3) for m in leaders.MEASURES}}
        res.roles.append(_role(names[v], KEY_PLAYER, float(key_score[v]), evidence))
    for v, found in brokers.items():
        res.roles.append(_role(names[v], BROKER, float(participation[v]), {"syndicate": labels[v], **found}))
    position = {name: i for i, name in enumerate(names)} if admin_of else {}
    for subject in sorted(admin_of):
        if subject not in position:
            continue
        label = labels[position[subject]]
        evidence = {"syndicate": label, "groups": sorted(admin_of[subject])}
        res.roles.append(_role(subject, ADMIN, 1.0, evidence))
    return res


def _standing(
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


def _number(names: list[str], communities: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Syndicate number per vertex (−1: none) and the vertices of each syndicate (sorted):
    communities of at least ``MIN_SIZE``, largest first, ties by smallest member name."""
    n = len(names)
    if n == 0:
        return np.full(0, -1, dtype=np.int64), []
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(np.asarray(names, dtype=object), kind="stable")] = np.arange(n)
    n_comm = int(communities.max()) + 1
    sizes = np.bincount(communities, minlength=n_comm)
    first = np.full(n_comm, n, dtype=np.int64)
    np.minimum.at(first, communities, rank)
    big = np.flatnonzero(sizes >= MIN_SIZE)
    order = big[np.lexsort((first[big], -sizes[big]))]
    number = np.full(n_comm, -1, dtype=np.int64)
    number[order] = np.arange(len(order))
    syn_index = number[communities]
    by_syn = np.argsort(syn_index, kind="stable")
    by_syn = by_syn[syn_index[by_syn] >= 0]
    bounds = np.cumsum(sizes[order])
    return syn_index, np.split(by_syn, bounds[:-1]) if len(order) else []


def _leader_scores(
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


def _key_players(syn_index: np.ndarray, n_syn: int, score: np.ndarray) -> np.ndarray:
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


def _group_homes(
    names: list[str],
    syn_index: np.ndarray,
    internal: np.ndarray,
    groups: Mapping[str, set[str]],
    group_names: Mapping[str, str],
) -> tuple[dict[int, list[dict]], dict[int, dict[int, list[str]]]]:
    """Per syndicate: the groups most of whose members it holds; per vertex: the syndicates
    whose own groups (rooms, see module doc) it belongs to."""
    position = {name: i for i, name in enumerate(names)} if groups else {}
    group_home: dict[int, list[dict]] = defaultdict(list)
    group_spans: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for group, subjects in groups.items():
        votes = Counter(int(syn_index[position[s]]) for s in subjects if s in position)
        votes.pop(-1, None)
        if not votes:
            continue
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
        if count >= HOME_SHARE * size and size >= MIN_SIZE and own <= ROOM_SHARE * internal[home]:
            for s in subjects:
                if s in position:
                    group_spans[position[s]][home].append(group)
    return group_home, group_spans


def _brokers(
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


def _cross_border(
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


def _role(subject: str, role: str, score: float, evidence: dict) -> dict:
    return {
        "subject_id": subject,
        "role": role,
        "analysis": str(RunKind.NETWORK),
        "score": round(score, 4),
        "evidence": evidence,
    }
