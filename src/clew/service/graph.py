"""A subject's graph neighbourhood, capped, with "+N more" (issue 13 item 1).

The cap keeps a hub from flooding a chart; ``more`` says how many ties were left out, counted
in the same operation-scoped query, so it never counts another operation's ties.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from clew.network.query import find_subject
from clew.service.lookup import labels
from clew.store.base import Store
from clew.vocabulary import AuditAction


@dataclass(frozen=True)
class Node:
    subject_id: str
    name: str | None
    syndicate_id: str | None
    country: str | None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    weight: float
    kinds: dict[str, float]
    evidence: list


@dataclass(frozen=True)
class Neighbourhood:
    subject_id: str
    nodes: list[Node]
    edges: list[Edge]
    more: int  # ties beyond the cap


def neighbourhood(store: Store, subject: str, cap: int = 25) -> Neighbourhood:
    """The ``cap`` strongest ties of ``subject`` and the subjects at their other end."""
    sid = find_subject(store, subject)
    ties = [*store.select("graph_edges", {"left_id": sid}), *store.select("graph_edges", {"right_id": sid})]
    ties.sort(key=lambda r: (-r["weight"], r["left_id"], r["right_id"]))
    kept = ties[:cap]
    ids = sorted({sid} | {t["left_id"] for t in kept} | {t["right_id"] for t in kept})
    label = labels(store, ids)
    out = Neighbourhood(
        subject_id=sid,
        nodes=[Node(i, label[i].name, label[i].syndicate_id, label[i].country) for i in ids],
        edges=[
            Edge(t["left_id"], t["right_id"], t["weight"], json.loads(t["kinds"]), json.loads(t["evidence"]))
            for t in kept
        ],
        more=len(ties) - len(kept),
    )
    store.audit(AuditAction.NETWORK_NEIGHBOURHOOD, sid, {"nodes": ids, "more": out.more})
    return out
