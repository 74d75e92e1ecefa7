"""The ``resolve`` pipeline step: read actors from the store, resolve, publish the result.

Publishing replaces this operation's ``subjects``, ``subject_members``, ``links`` and
``shared_identifiers`` in one transaction (decisions are kept: they are the analyst's) and is
audited with the summary. Re-running with unchanged input gives the same subject ids.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

from clew.resolve import names as nm
from clew.resolve.core import Result, resolve
from clew.resolve.frame import Actor, load_actors
from clew.store.base import Store
from clew.vocabulary import AuditAction, RunKind


def load_decisions(store: Store) -> list[tuple[str, str, bool, str | None]]:
    rows = store.select("decisions", columns=["left_id", "right_id", "same", "reason"], order_by=["at"])
    return [(r["left_id"], r["right_id"], bool(r["same"]), r["reason"]) for r in rows]


def display_name(members: list[Actor]) -> str | None:
    """The most frequent full name of the subject's person records, else any name, else a
    nickname (``weakAlias``: never matched, but better shown than no name)."""
    counts = Counter(n for a in members if a.strong for n in a.names if nm.is_full(n))
    if counts:
        return max(counts.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    names = [n for a in members for n in a.names] or [n for a in members for n in a.nicknames]
    return names[0] if names else None


def publish(store: Store, actors: list[Actor], result: Result, run_id: str) -> None:
    by_id = {a.id: a for a in actors}
    subjects, members = [], []
    for sid, ids in result.subjects.items():
        group = [by_id[i] for i in ids]
        subjects.append(
            {"subject_id": sid, "name": display_name(group), "members": len(ids), "run_id": run_id}
        )
        members += [
            {"subject_id": sid, "entity_id": a.id, "schema": a.schema, "run_id": run_id} for a in group
        ]
    links = [
        {
            "left_id": lk.left,
            "right_id": lk.right,
            "kind": lk.kind,
            "score": lk.score,
            "evidence": json.dumps(lk.evidence, sort_keys=True, default=str),
            "accepted": lk.accepted,
            "run_id": run_id,
        }
        for lk in result.links
    ]
    shared = [{**s, "run_id": run_id} for s in result.shared]
    with store.transaction():
        store.replace("subjects", subjects)
        store.replace("subject_members", members)
        store.replace("links", links)
        store.replace("shared_identifiers", shared)


def run(store: Store) -> dict[str, Any]:
    """Resolve the operation's actor records into subjects; returns a summary."""
    started = time.perf_counter()
    with store.run(RunKind.RESOLVE) as run:
        actors = load_actors(store)
        load_time = time.perf_counter() - started
        result = resolve(actors, load_decisions(store))
        publish(store, actors, result, run.id)
        summary = _summary(actors, result, load_time)
        store.audit(AuditAction.RESOLVE_RUN, run.id, summary)
    return summary


def _summary(actors: list[Actor], result: Result, load_time: float) -> dict[str, Any]:
    """The figures the step prints and audits."""
    kinds = Counter(lk.kind for lk in result.links if lk.accepted)
    refused = sum(1 for lk in result.links if "refused" in lk.evidence)
    return {
        "records": len(actors),
        "subjects": len(result.subjects),
        "multi_record_subjects": sum(1 for m in result.subjects.values() if len(m) > 1),
        "links_accepted": dict(sorted(kinds.items())),
        "links_refused": refused,
        "shared_identifiers": len(result.shared),
        "seconds": {"load": round(load_time, 3), **{k: round(v, 3) for k, v in result.timings.items()}},
    }
