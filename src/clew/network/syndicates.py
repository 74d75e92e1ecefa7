"""Syndicates from communities, and the network roles of their subjects.

``assemble`` turns the communities into syndicate, member and role rows; each definition lives
with the code that applies it:

- a **syndicate** is a community of at least ``MIN_SIZE`` subjects, numbered by size
  (``clew.network.numbering``); its id comes from the previous run's syndicates by majority
  succession (``clew.network.lineage``): an id survives unless its syndicate really changed;
- **key players** are the top of each syndicate by the structural leader score
  (``clew.network.key_players``); declared roles are not an input;
- **admins** hold an admin/owner/creator Membership role in any chat group;
- **brokers** have substantial personal ties, or rooms (``clew.network.rooms``), in two
  syndicates or more (``clew.network.brokers``);
- **core and periphery** (``clew.network.standing``): stored on the ``member`` role (score =
  confidence, evidence ``syndicate_role``) and, for subjects in no syndicate, as their
  ``syndicate_members.syndicate_id``;
- **cross-border bridges** (``clew.network.bridges``): ties across countries per syndicate;
- the role rows themselves: ``clew.network.roles``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from clew.network import lineage
from clew.network.bridges import cross_border
from clew.network.brokers import BROKER_TIE, find_brokers
from clew.network.graph import SubjectGraph
from clew.network.key_players import leader_scores, top_of_syndicates
from clew.network.numbering import number
from clew.network.roles import admins_by_subject, ranked_roles, role
from clew.network.rooms import group_homes
from clew.network.standing import core_or_periphery
from clew.vocabulary import MEMBER


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
    syn_index, kept = number(communities)
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
    key_score, key_raw = leader_scores(sg, syn_index, lead_weight, (betweenness, inner))
    key_players = top_of_syndicates(syn_index, n_syn, key_score)

    admin_of = admins_by_subject(admins)
    same = (syn_index[src] >= 0) & (syn_index[src] == syn_index[dst])
    internal = np.bincount(syn_index[src][same], weights=w[same], minlength=n_syn)
    group_home, group_spans = group_homes(names, syn_index, internal, groups, group_names)

    strong = sg.weight_by_group(col, n_syn + n, min_weight=BROKER_TIE)
    strong_n = sg.weight_by_group(col, n_syn + n, count=True, min_weight=BROKER_TIE)
    brokers = find_brokers(strong, strong_n, strength, participation, syn_ids, group_spans)
    cross, cross_holders = cross_border(sg, syn_index, country)
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
    standing = core_or_periphery(sg.weight_by_group(col, n_syn + n), strong_n, strength, syn_index, n_syn)
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
            res.roles.append(role(subject, MEMBER, where[2], evidence))
    res.roles += ranked_roles(
        names, labels, (key_players, key_score, key_raw), brokers, participation, admin_of
    )
    return res
