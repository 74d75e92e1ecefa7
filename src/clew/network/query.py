"""Read-side of the network step: the syndicates table, one subject's view, shortest paths.

Reads only the tables ``clew.network.pipeline.run`` published; every read of subject data
is audited (``network.subject``, ``network.path``).
"""

from __future__ import annotations

import json
from typing import Any

import igraph as ig

from clew.errors import NotFound
from clew.resolve import subject_map
from clew.store.base import Store
from clew.vocabulary import ANALYSIS_RUNS, AuditAction, RunKind, RunStatus

_JSON = ("countries", "groups", "admins", "brokers", "key_players", "bridges")


def is_current(store: Store) -> bool:
    """True when a network result is stored and no ingest/resolution finished after it."""
    runs = list(store.select("runs", {"status": RunStatus.DONE}, columns=["kind", "finished_at"]))
    last = max((r["finished_at"] or "" for r in runs if r["kind"] == RunKind.NETWORK), default=None)
    if last is None or not store.count("syndicate_members"):
        return False
    return all((r["finished_at"] or "") <= last for r in runs if r["kind"] not in ANALYSIS_RUNS)


def syndicate_of(store: Store) -> dict[str, str | None]:
    """subject -> its syndicate id (None: in the network but in no syndicate)."""
    rows = store.select("syndicate_members", columns=["subject_id", "syndicate_id"])
    return {r["subject_id"]: r["syndicate_id"] for r in rows}


def country_of(store: Store) -> dict[str, str]:
    """subject -> its chosen country, for subjects with any country evidence."""
    rows = store.select("subject_countries", {"chosen": 1}, columns=["subject_id", "country"])
    return {r["subject_id"]: r["country"] for r in rows}


def syndicates(store: Store) -> list[dict[str, Any]]:
    """Syndicates, largest first, JSON columns decoded."""
    rows = []
    for row in store.select("syndicates", order_by=["syndicate_id"]):
        rows.append({k: (json.loads(v) if k in _JSON else v) for k, v in row.items() if k != "run_id"})
    store.audit(AuditAction.NETWORK_SYNDICATES, None, {"syndicates": len(rows)})
    return rows


def find_subject(store: Store, name: str) -> str:
    """A subject id from a subject id or any of its records' entity ids."""
    if store.count("syndicate_members", {"subject_id": name}):
        return name
    subject = subject_map(store).get(name)
    if subject and store.count("syndicate_members", {"subject_id": subject}):
        return subject
    raise NotFound(
        f"subject {name!r} is not in the network of operation {store.operation!r} "
        "(run `clew network` first, or check the id)"
    )


def subject(store: Store, name: str, neighbours: int = 20) -> dict[str, Any]:
    """A subject's syndicate, measures, roles (all analyses), countries and strongest ties."""
    sid = find_subject(store, name)
    member = next(iter(store.select("syndicate_members", {"subject_id": sid})))
    ties = [*store.select("graph_edges", {"left_id": sid}), *store.select("graph_edges", {"right_id": sid})]
    ties.sort(key=lambda r: -r["weight"])
    roles = [
        {
            "role": r["role"],
            "analysis": r["analysis"],
            "score": r["score"],
            "evidence": json.loads(r["evidence"]) if r["evidence"] else None,
        }
        for r in store.select("subject_roles", {"subject_id": sid}, order_by=["analysis", "role"])
    ]
    countries = [
        {
            "country": r["country"],
            "support": r["support"],
            "confidence": r["confidence"],
            "chosen": bool(r["chosen"]),
            "evidence": json.loads(r["evidence"]),
        }
        for r in store.select("subject_countries", {"subject_id": sid}, order_by=["-chosen", "-support"])
    ]
    priority = next(iter(store.select("subject_priority", {"subject_id": sid})), None)
    syndicate_of = {}
    others = [t["right_id"] if t["left_id"] == sid else t["left_id"] for t in ties[:neighbours]]
    for row in store.select(
        "syndicate_members", {"subject_id": others}, columns=["subject_id", "syndicate_id"]
    ):
        syndicate_of[row["subject_id"]] = row["syndicate_id"]
    view = {
        "subject_id": sid,
        "syndicate_id": member["syndicate_id"],
        "degree": member["degree"],
        "strength": member["strength"],
        "betweenness": member["betweenness"],
        "participation": member["participation"],
        "priority": priority["priority"] if priority else None,
        "roles": roles,
        "countries": countries,
        "neighbours": [
            {
                "subject_id": o,
                "syndicate_id": syndicate_of.get(o),
                "weight": t["weight"],
                "kinds": json.loads(t["kinds"]),
                "evidence": json.loads(t["evidence"]),
            }
            for o, t in zip(others, ties, strict=False)
        ],
    }
    store.audit(AuditAction.NETWORK_SUBJECT, sid, {"neighbours": len(view["neighbours"])})
    return view


def path(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """The strongest shortest path (distance = 1 / weight) from ``a`` to ``b``, one dict per hop
    with the evidence of that edge; empty when they are not connected."""
    left, right = find_subject(store, a), find_subject(store, b)
    names: dict[str, int] = {}
    edges, weights, rows = [], [], []
    for row in store.select("graph_edges"):
        u = names.setdefault(row["left_id"], len(names))
        v = names.setdefault(row["right_id"], len(names))
        edges.append((u, v))
        weights.append(1.0 / row["weight"])
        rows.append(row)
    hops: list[dict[str, Any]] = []
    if left in names and right in names:
        g = ig.Graph(n=len(names), edges=edges)
        found = g.get_shortest_paths(names[left], names[right], weights=weights, output="epath")[0]
        order = {v: k for k, v in names.items()}
        at = names[left]
        for e in found:
            row = rows[e]
            u, v = g.es[e].tuple
            nxt = v if u == at else u
            hops.append(
                {
                    "from": order[at],
                    "to": order[nxt],
                    "weight": row["weight"],
                    "kinds": json.loads(row["kinds"]),
                    "evidence": json.loads(row["evidence"]),
                }
            )
            at = nxt
    store.audit(AuditAction.NETWORK_PATH, f"{left} {right}", {"hops": len(hops)})
    return hops
