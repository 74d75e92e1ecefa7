"""Why records are (or are not) one subject: the links, shared identifiers and decisions behind it.

``explain(store, a)`` lists a record's subject (or, given a subject id, that subject), its
members, the accepted links that hold them together and the analysts' decisions inside it;
``explain(store, a, b)`` adds the chain of accepted links from a to b (breadth-first over the
subject's links), every direct link between them (accepted or refused, with the reason) and
the identifiers they share that were set aside as shared. Scores are rounded to
:data:`SCORE_DIGITS` and each link carries its evidence in words (``words``) beside the
structure. Reading it is audited (subject-facing read).
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from clew.errors import NotFound
from clew.store.base import Store
from clew.vocabulary import AuditAction

SCORE_DIGITS = 3  # a model probability is an estimate: more digits than this mislead


def link_words(kind: str, evidence: dict[str, Any]) -> str:
    """A link's evidence in words, for people (``evidence`` keeps the structure for machines)."""
    if kind == "identifier" and "identifier" in evidence:
        value = str(evidence["identifier"]).split(":", 1)[-1]
        text = f"both hold the {evidence.get('kind', 'identifier')} {value}"
        if names := evidence.get("names"):
            rules = ", ".join(names.get("rules") or ()) or "the same name"
            text += f"; names {names['names'][0]!r} and {names['names'][1]!r} agree: {rules}"
        return text
    if kind == "owner" and "account" in evidence:
        return f"{evidence['account']} is an account of {evidence.get('owner')}"
    if "match_probability" in evidence:
        fields = evidence.get("fields") or {}
        said = ", ".join(
            f"{name.replace('_', ' ')} {f.get('level')}"
            for name, f in fields.items()
            if f.get("level") != "missing"
        )
        probability = f"{evidence['match_probability']:.{SCORE_DIGITS}f}"
        text = f"{evidence.get('model', 'model')}: match probability {probability}"
        text += f" ({said})" if said else ""
        if "below_threshold" in evidence:
            text += f"; below the threshold {evidence['below_threshold']}, not used"
        return text
    if kind == "decision":
        return "analyst decision" + (f": {evidence['reason']}" if evidence.get("reason") else "")
    return "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in evidence.items())


def _link(row: dict) -> dict[str, Any]:
    evidence = json.loads(row["evidence"])
    return {
        "left": row["left_id"],
        "right": row["right_id"],
        "kind": row["kind"],
        "score": None if row["score"] is None else round(row["score"], SCORE_DIGITS),
        "accepted": bool(row["accepted"]),
        "evidence": evidence,
        "words": link_words(row["kind"], evidence) if isinstance(evidence, dict) else str(evidence),
    }


def _subject(store: Store, entity_id: str) -> str:
    """The subject of a record id; a subject id is its own."""
    if store.count("subject_members", {"subject_id": entity_id}):
        return entity_id
    row = next(iter(store.select("subject_members", {"entity_id": entity_id}, ["subject_id"])), None)
    if row is None:
        raise NotFound(
            f"{entity_id!r} is neither a subject nor a resolved actor record (run `clew resolve` first?)"
        )
    return row["subject_id"]


def _path(links: list[dict], a: str, b: str) -> list[dict]:
    graph: dict[str, list[dict]] = {}
    for link in links:
        graph.setdefault(link["left"], []).append(link)
        graph.setdefault(link["right"], []).append(link)
    came: dict[str, dict | None] = {a: None}
    queue = deque([a])
    while queue:
        node = queue.popleft()
        if node == b:
            break
        for link in graph.get(node, ()):
            nxt = link["right"] if link["left"] == node else link["left"]
            if nxt not in came:
                came[nxt] = link
                queue.append(nxt)
    if b not in came:
        return []
    path, node = [], b
    while came[node] is not None:
        link = came[node]
        path.append(link)
        node = link["left"] if link["right"] == node else link["right"]
    return path[::-1]


def explain(store: Store, a: str, b: str | None = None) -> dict[str, Any]:
    """The explanation of ``a`` (and ``b``) as a JSON-ready dict (docs/formats.md); audited.
    Raises ``NotFound`` naming a record that is not a resolved actor record."""
    subject = _subject(store, a)
    members = [
        r["entity_id"] for r in store.select("subject_members", {"subject_id": subject}, ["entity_id"])
    ]
    rows = [*store.select("links", {"left_id": members}), *store.select("links", {"right_id": members})]
    unique = {(r["left_id"], r["right_id"], r["kind"], r["evidence"]): r for r in rows}
    links = [_link(r) for r in unique.values()]
    inside = [lk for lk in links if lk["accepted"] and lk["left"] in members and lk["right"] in members]
    out: dict[str, Any] = {"record": a, "subject": subject, "members": sorted(members), "links": inside}
    touching = [
        *store.select("decisions", {"left_id": members}),
        *store.select("decisions", {"right_id": members}),
    ]
    out["decisions"] = [d for d in touching if d["left_id"] in members and d["right_id"] in members]
    if b is not None:
        subject_b = _subject(store, b)
        left, right = sorted((a, b))
        direct = [_link(r) for r in store.select("links", {"left_id": left, "right_id": right})]
        decision = next(iter(store.select("decisions", {"left_id": left, "right_id": right})), None)
        keys: dict[str, set[str]] = {a: set(), b: set()}
        for r in store.select("mentions", {"entity_id": [a, b]}, ["entity_id", "key"]):
            keys[r["entity_id"]].add(r["key"])
        common = sorted(keys[a] & keys[b])
        shared = list(store.select("shared_identifiers", {"key": common}, ["key", "records", "reason"]))
        out.update(
            {
                "other": b,
                "other_subject": subject_b,
                "same_subject": subject == subject_b,
                "path": _path(inside, a, b) if subject == subject_b else [],
                "direct_links": direct,
                "common_identifiers": common,
                "shared_identifiers": shared,
                "decision": decision,
            }
        )
        del out["links"], out["decisions"]
    store.audit(AuditAction.RESOLVE_EXPLAIN, " ".join(x for x in (a, b) if x), {"subject": subject})
    return out
