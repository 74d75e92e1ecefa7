"""``clew.network.pipeline:run``: build the subject graph, find syndicates, publish results.

Replaces, in one transaction, this step's tables (``graph_edges``, ``syndicates``,
``syndicate_members``, ``subject_countries``) and its own rows of ``subject_roles``
(analysis = ``network``); other analyses' roles are left alone.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from clew.model.statement import utcnow
from clew.network import canonical, country, edges, inputs, leaders, query, syndicates
from clew.network.graph import RESOLUTION, SEED, SubjectGraph
from clew.runtime import gc_paused
from clew.store.base import Store
from clew.vocabulary import ADMIN, BROKER, KEY_PLAYER, AuditAction, RunKind


@dataclass(frozen=True)
class NetworkAnalysis:
    """What :func:`analyse` found, before anything is written: the subjects in the network, the
    weighted pairs between them, each subject's country candidates (best first) and the
    syndicates with their members and roles."""

    members: set[str]
    pairs: edges.Pairs
    countries: dict[str, list[dict[str, Any]]]
    result: syndicates.Result
    gatherings: list[edges.Gathering]
    group_names: dict[str, str]


def analyse(store: Store) -> NetworkAnalysis:
    """Compute everything without writing: the in-memory result ``run`` publishes."""
    data = inputs.read(store)
    index = data.index()
    members = index.members(set(data.actors) | set(data.resolved))
    names = sorted(members)
    keys = canonical.content_keys(names, members, data.actors, data.names, _mentioned(data))
    evidence = edges.build(data, index, dict(zip(names, keys, strict=True)))
    pairs = evidence.aggregate(names)
    held: dict[str, set[str]] = defaultdict(set)
    for account, owners in data.holders.items():
        for owner in owners:
            held[index.of(owner)].add(account)
    candidates = country.candidates(store, members, held, data.countries, data.mentions)
    best = {s: c[0]["country"] for s, c in candidates.items() if c}
    rank, _ties = canonical.rank(names, keys, pairs.src, pairs.dst, pairs.weight)
    sg, by = SubjectGraph.from_pairs(pairs).reordered(rank)  # communities in content order, not id order
    communities = sg.communities()
    groups = {g: {s for s in subs if s in members} for g, subs in edges.group_members(data, index).items()}
    admins: dict[str, set[str]] = defaultdict(set)
    for member, group, role, _id in data.memberships:
        if role in inputs.ADMIN_ROLES:
            admins[group].add(index.of(member))
    previous = {s: syn for s, syn in query.syndicate_of(store).items() if syn}
    result = syndicates.assemble(
        sg, communities, best, groups, data.groups, admins, previous, query.highest_syndicate(store),
        pairs.weight_of(leaders.TIES)[by],
    )  # fmt: skip
    return NetworkAnalysis(members, pairs, candidates, result, evidence.gatherings, data.groups)


def _mentioned(data: inputs.Inputs) -> dict[str, list[str]]:
    """entity -> the normalised identifier keys its records hold (content for ``canonical``)."""
    out: dict[str, list[str]] = defaultdict(list)
    for key, entity in zip(data.mentions["key"], data.mentions["entity_id"], strict=True):
        out[entity].append(key)
    return out


def run(store: Store) -> dict[str, Any]:
    """The pipeline step: :func:`analyse` and publish (see the module doc); returns the summary
    ``clew network`` prints (subjects, edges, syndicates, roles, seconds). It leaves priority
    stale: ``clew.pipeline`` runs priority after it."""
    with gc_paused():
        return _run(store)


def _run(store: Store) -> dict[str, Any]:
    started = time.perf_counter()
    with store.run(RunKind.NETWORK) as run:
        found = analyse(store)
        result = found.result
        with store.transaction():
            store.replace("graph_edges", _edge_rows(found.pairs, run.id))
            ties = store.replace(
                "gathering_members",
                _gathering_rows(found.gatherings, found.members, found.group_names, run.id),
            )
            store.replace("syndicates", [_syndicate_row(s, run.id) for s in result.syndicates])
            store.replace("syndicate_members", [{**m, "run_id": run.id} for m in result.members])
            store.insert("syndicate_lineage", _lineage_rows(result.changes, run.id))
            store.replace("subject_countries", _country_rows(found.countries, run.id))
            store.replace(
                "subject_roles",
                [{**r, "evidence": json.dumps(r["evidence"], sort_keys=True)} for r in result.roles],
                {"analysis": RunKind.NETWORK},
            )
            held = Counter(r["role"] for r in result.roles)
            summary = {
                "subjects": len(found.members),
                "edges": len(found.pairs),
                "gathering_ties": ties,
                "syndicates": len(result.syndicates),
                "in_syndicates": sum(s["size"] for s in result.syndicates),
                "largest": max((s["size"] for s in result.syndicates), default=0),
                "ids": dict(Counter(c.event for c in result.changes)),
                "admins": held[ADMIN],
                "brokers": held[BROKER],
                "key_players": held[KEY_PLAYER],
                "with_country": sum(1 for c in found.countries.values() if c),
                "resolution": RESOLUTION,
                "seed": SEED,
                "seconds": round(time.perf_counter() - started, 2),
            }
            store.audit(AuditAction.NETWORK_RUN, run.id, summary)
    return summary


STORE_MIN_WEIGHT = 0.05
PERSONAL = frozenset(edges.REPEATED)


def _edge_rows(pairs: edges.Pairs, run_id: str) -> Iterator[dict[str, Any]]:
    """Stored edges: every personal tie, and gathering-only pairs of weight ≥ ``STORE_MIN_WEIGHT``
    (co-members of groups up to ~20; bigger groups' faint pairs stay in the in-memory graph only,
    as there can be millions of them)."""
    chosen = np.flatnonzero((pairs.weight >= STORE_MIN_WEIGHT) | pairs.has_kinds(PERSONAL))
    kinds, evidence = pairs.kinds(chosen), pairs.evidence(chosen)
    names = pairs.names
    for p, k, e in zip(chosen.tolist(), kinds, evidence, strict=True):
        yield {
            "left_id": names[pairs.src[p]],
            "right_id": names[pairs.dst[p]],
            "weight": round(float(pairs.weight[p]), 6),
            "kinds": json.dumps({kind: round(w, 4) for kind, w in sorted(k.items())}),
            "evidence": json.dumps(e),
            "run_id": run_id,
        }


def _gathering_rows(
    gatherings: list[edges.Gathering], members: dict, group_names: dict[str, str], run_id: str
) -> Iterator[dict[str, Any]]:
    """Every gathering's subjects as membership rows, weighted as their pairs were: the ties of
    a big group whose pairs fall below ``STORE_MIN_WEIGHT`` stay reachable (``network subject``,
    ``network path``) at one row per member instead of ``s²/2`` pairs."""
    for g in gatherings:
        weight = round(g.pair_weight, 6)
        name = group_names.get(g.via) if g.kind == "group" else None
        for subject in g.subjects:
            if subject in members:
                yield {
                    "gathering_id": g.via,
                    "kind": g.kind,
                    "name": name,
                    "subject_id": subject,
                    "size": len(g.subjects),
                    "weight": weight,
                    "run_id": run_id,
                }


def _lineage_rows(changes: list, run_id: str) -> list[dict[str, Any]]:
    at = utcnow()
    return [
        {
            "run_id": run_id,
            "syndicate_id": c.syndicate_id,
            "event": c.event,
            "size": c.size,
            "previous": json.dumps(c.previous),
            "at": at,
        }
        for c in changes
    ]


def _syndicate_row(s: dict, run_id: str) -> dict:
    row = {k: (json.dumps(v) if k not in ("syndicate_id", "size") else v) for k, v in s.items()}
    return {**row, "run_id": run_id}


def _country_rows(candidates: dict[str, list[dict]], run_id: str) -> Iterator[dict[str, Any]]:
    for subject, found in candidates.items():
        for c in found:
            yield {
                "subject_id": subject,
                "country": c["country"],
                "support": c["support"],
                "confidence": c["confidence"],
                "chosen": c["chosen"],
                "evidence": json.dumps(c["evidence"]),
                "run_id": run_id,
            }
