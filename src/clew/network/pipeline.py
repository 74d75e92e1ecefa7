"""``clew.network.pipeline:run``: build the subject graph, find syndicates, publish results.

Replaces, in one transaction, this step's tables (``graph_edges``, ``syndicates``,
``syndicate_members``, ``subject_countries``) and its own rows of ``subject_roles``
(analysis = ``network``); other analyses' roles are left alone.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from typing import Any

from clew.network import country, edges, inputs, syndicates
from clew.network.graph import RESOLUTION, SEED, SubjectGraph
from clew.store.base import Store

ANALYSIS = "network"


def analyse(store: Store) -> dict[str, Any]:
    """Compute everything without writing: the in-memory result ``run`` publishes."""
    data = inputs.read(store)
    index = data.index()
    members = index.members(set(data.actors) | set(data.resolved))
    edge_set = edges.build(data, index)
    kept = {k: w for k, w in edge_set.weights().items() if w > 0 and k[0] in members and k[1] in members}
    held: dict[str, set[str]] = defaultdict(set)
    for account, owners in data.holders.items():
        for owner in owners:
            held[index.of(owner)].add(account)
    candidates = country.candidates(store, members, held, data.countries)
    best = {s: c[0]["country"] for s, c in candidates.items() if c}
    names = sorted(members)
    sg = SubjectGraph.from_pairs(names, kept)
    communities = sg.communities()
    groups = {g: {s for s in subs if s in members} for g, subs in edges.group_members(data, index).items()}
    admins: dict[str, set[str]] = defaultdict(set)
    for member, group, role, _id in data.memberships:
        if role in inputs.ADMIN_ROLES:
            admins[group].add(index.of(member))
    result = syndicates.assemble(sg, communities, best, groups, data.groups, admins)
    return {
        "members": members,
        "edges": kept,
        "edge_set": edge_set,
        "countries": candidates,
        "result": result,
    }


def run(store: Store) -> dict[str, Any]:
    started = time.perf_counter()
    run_id = store.start_run(ANALYSIS)
    try:
        found = analyse(store)
        result = found["result"]
        with store.transaction():
            store.replace("graph_edges", _edge_rows(found["edges"], found["edge_set"], run_id))
            store.replace("syndicates", [_syndicate_row(s, run_id) for s in result.syndicates])
            store.replace("syndicate_members", [{**m, "run_id": run_id} for m in result.members])
            store.replace("subject_countries", _country_rows(found["countries"], run_id))
            store.replace(
                "subject_roles",
                [{**r, "evidence": json.dumps(r["evidence"], sort_keys=True)} for r in result.roles],
                {"analysis": ANALYSIS},
            )
            summary = {
                "subjects": len(found["members"]),
                "edges": len(found["edges"]),
                "syndicates": len(result.syndicates),
                "in_syndicates": sum(s["size"] for s in result.syndicates),
                "largest": max((s["size"] for s in result.syndicates), default=0),
                "admins": sum(r["role"] == "admin" for r in result.roles),
                "brokers": sum(r["role"] == "broker" for r in result.roles),
                "key_players": sum(r["role"] == "key-player" for r in result.roles),
                "with_country": sum(1 for c in found["countries"].values() if c),
                "resolution": RESOLUTION,
                "seed": SEED,
                "seconds": round(time.perf_counter() - started, 2),
            }
            store.audit("network.run", run_id, summary)
    except Exception:
        store.finish_run(run_id, "failed")
        raise
    store.finish_run(run_id)
    return summary


STORE_MIN_WEIGHT = 0.05
PERSONAL = frozenset(edges.REPEATED)


def _edge_rows(kept: dict[tuple[str, str], float], edge_set: edges.EdgeSet, run_id: str):
    """Stored edges: every personal tie, and gathering-only pairs of weight ≥ ``STORE_MIN_WEIGHT``
    (co-members of groups up to ~20; bigger groups' faint pairs stay in the in-memory graph only,
    as there can be millions of them)."""
    for (a, b), weight in kept.items():
        kinds = edge_set.kinds[a, b]
        if weight < STORE_MIN_WEIGHT and PERSONAL.isdisjoint(kinds):
            continue
        yield {
            "left_id": a,
            "right_id": b,
            "weight": round(weight, 6),
            "kinds": json.dumps({k: round(w, 4) for k, w in sorted(kinds.items())}),
            "evidence": json.dumps(edge_set.evidence.get((a, b), [])),
            "run_id": run_id,
        }


def _syndicate_row(s: dict, run_id: str) -> dict:
    row = {k: (json.dumps(v) if k not in ("syndicate_id", "size") else v) for k, v in s.items()}
    return {**row, "run_id": run_id}


def _country_rows(candidates: dict[str, list[dict]], run_id: str):
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
