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
from clew.vocabulary import AuditAction, RunKind

_JSON = ("countries", "groups", "admins", "brokers", "key_players", "bridges")


def is_current(store: Store) -> bool:
    """True when a network result is stored and was computed from the sources and resolution
    stored now (its data mark, ``clew.store.marks``): not from finish times, since a network
    run that overlapped an ingest finishes after it without having read its records."""
    return bool(store.count("syndicate_members")) and store.mark_matches(RunKind.NETWORK)


def syndicate_of(store: Store) -> dict[str, str | None]:
    """subject -> its syndicate id (None: in the network but in no syndicate)."""
    rows = store.select("syndicate_members", columns=["subject_id", "syndicate_id"])
    return {r["subject_id"]: r["syndicate_id"] for r in rows}


def highest_syndicate(store: Store) -> int:
    """The highest syndicate id number ever given in the operation (0: none yet): new
    syndicates number on from it, so a retired id is never given to another syndicate."""
    from clew.network.lineage import number

    rows = store.select("syndicate_lineage", columns=["syndicate_id"])
    return max((number(r["syndicate_id"]) for r in rows), default=0)


def changes(store: Store, run_id: str | None = None) -> list[dict[str, Any]]:
    """What happened to syndicate ids in the last network run (or ``run_id``): one row per id,
    event ``first``/``kept``/``merged``/``split``/``new``/``absorbed``/``dissolved``, with the
    members it shares with the other run's syndicates (``clew.network.lineage``)."""
    if run_id is None:  # the published result's run
        last = store.select("syndicate_members", columns=["run_id"], limit=1)
        run_id = next(iter(last), {}).get("run_id")
    rows = [
        {**{k: r[k] for k in ("syndicate_id", "event", "size")}, "previous": json.loads(r["previous"])}
        for r in store.select("syndicate_lineage", {"run_id": run_id or ""})
    ]
    store.audit(AuditAction.NETWORK_CHANGES, run_id, {"rows": len(rows)})
    return rows


def country_of(store: Store) -> dict[str, str]:
    """subject -> its chosen country, for subjects with any country evidence."""
    rows = store.select("subject_countries", {"chosen": 1}, columns=["subject_id", "country"])
    return {r["subject_id"]: r["country"] for r in rows}


def syndicates(store: Store) -> list[dict[str, Any]]:
    """Syndicates, largest first, JSON columns decoded."""
    rows = []
    for row in store.select("syndicates", order_by=["-size", "syndicate_id"]):
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
    neighbours_found = _neighbours(store, sid, ties, neighbours)
    others = [n["subject_id"] for n in neighbours_found]
    syndicate_of = {}
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
        "gatherings": [
            {"id": g["gathering_id"], "kind": g["kind"], "name": g["name"], "size": g["size"]}
            for g in _gatherings_of(store, sid)
        ],
        "neighbours": [{**n, "syndicate_id": syndicate_of.get(n["subject_id"])} for n in neighbours_found],
    }
    store.audit(AuditAction.NETWORK_SUBJECT, sid, {"neighbours": len(view["neighbours"])})
    return view


def _gatherings_of(store: Store, sid: str) -> list[dict[str, Any]]:
    """The gatherings (groups, events, files) ``sid`` is part of, smallest (strongest tie) first."""
    rows = store.select(
        "gathering_members", {"subject_id": sid}, columns=["gathering_id", "kind", "name", "size", "weight"]
    )
    return sorted(rows, key=lambda g: (g["size"], g["gathering_id"]))


def _neighbours(store: Store, sid: str, ties: list[dict], limit: int) -> list[dict[str, Any]]:
    """The strongest stored pair ties, then — when fewer than ``limit`` — co-members of the
    subject's gatherings whose pairs were too faint to store, weighted as the analysis weighed
    them (the sum over shared gatherings of ``base / (size − 1)``)."""
    out = []
    for t in ties[:limit]:
        other = t["right_id"] if t["left_id"] == sid else t["left_id"]
        out.append(
            {
                "subject_id": other,
                "weight": t["weight"],
                "kinds": json.loads(t["kinds"]),
                "evidence": json.loads(t["evidence"]),
            }
        )
    if len(out) >= limit:
        return out
    listed = {sid} | {t["left_id"] for t in ties} | {t["right_id"] for t in ties}
    via: dict[str, list[dict]] = {}
    for g in _gatherings_of(store, sid):
        for row in store.select(
            "gathering_members", {"gathering_id": g["gathering_id"]}, columns=["subject_id"]
        ):
            if row["subject_id"] not in listed:
                via.setdefault(row["subject_id"], []).append(g)
        if len(via) >= limit - len(out):
            break
    ranked = sorted(via.items(), key=lambda kv: (-sum(g["weight"] for g in kv[1]), kv[0]))
    for other, shared in ranked[: limit - len(out)]:
        kinds: dict[str, float] = {}
        for g in shared:
            kinds[g["kind"]] = round(kinds.get(g["kind"], 0.0) + g["weight"], 4)
        out.append(
            {
                "subject_id": other,
                "weight": round(sum(g["weight"] for g in shared), 6),
                "kinds": kinds,
                "evidence": [{"kind": g["kind"], "via": g["gathering_id"]} for g in shared[:5]],
            }
        )
    return out


def path(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """The strongest shortest path (distance = 1 / weight) from ``a`` to ``b``, one dict per hop
    with the evidence of that edge; empty when they are not connected.

    The graph is the stored pair edges plus every gathering as a node joined to its members by
    half the distance of one of its pairs, so a hop through a gathering costs what the analysis
    gave the pair; such a hop is reported as one subject-to-subject hop naming the gathering."""
    left, right = find_subject(store, a), find_subject(store, b)
    names: dict[str, int] = {}
    edges, weights, rows = [], [], []
    for row in store.select("graph_edges"):
        u = names.setdefault(row["left_id"], len(names))
        v = names.setdefault(row["right_id"], len(names))
        edges.append((u, v))
        weights.append(1.0 / row["weight"])
        rows.append(row)
    for row in store.select("gathering_members", columns=["gathering_id", "kind", "subject_id", "weight"]):
        u = names.setdefault(row["subject_id"], len(names))
        key = f"\x00{row['gathering_id']}"  # cannot clash with a subject id
        v = names.setdefault(key, len(names))
        edges.append((u, v))
        weights.append(0.5 / row["weight"])
        rows.append(row)
    hops: list[dict[str, Any]] = []
    if left in names and right in names:
        g = ig.Graph(n=len(names), edges=edges)
        found = g.get_shortest_paths(names[left], names[right], weights=weights, output="epath")[0]
        order = {v: k for k, v in names.items()}
        at, entered = names[left], ""
        for e in found:
            row = rows[e]
            u, v = g.es[e].tuple
            nxt = v if u == at else u
            if "gathering_id" in row:
                if order[nxt].startswith("\x00"):  # into the gathering: the next edge leaves it
                    entered, at = order[at], nxt
                    continue
                start = entered
                pair = {"weight": row["weight"], "kinds": {row["kind"]: row["weight"]}}
                pair["evidence"] = [{"kind": row["kind"], "via": row["gathering_id"]}]
            else:
                start = order[at]
                pair = {
                    "weight": row["weight"],
                    "kinds": json.loads(row["kinds"]),
                    "evidence": json.loads(row["evidence"]),
                }
            hops.append({"from": start, "to": order[nxt], **pair})
            at = nxt
    store.audit(AuditAction.NETWORK_PATH, f"{left} {right}", {"hops": len(hops)})
    return hops
