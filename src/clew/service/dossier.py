"""Everything about one subject, as one typed document (issue 13 item 1; C3 redaction).

The network part is exactly what ``clew network subject --json`` prints (the same function),
so the API and the CLI show the same figures. Around it: the member records with their
provenance (source file and line), identifiers with country and the evidence for it, the
resolution explanation and analyst decisions, the money summary, hash-match counts, and the
lead packages the subject is in with the outcomes partners reported for it.

Hash-match details (lists, categories, series, hashes) and the evidence of victim-related
roles need the ``sensitive.read`` permission; without it they are replaced by counts and
``redacted`` says what was withheld (checklist C3).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from clew.network import query as network_query
from clew.resolve.explain import explain
from clew.service import followup
from clew.service.compose import Composed
from clew.service.display import name_counts
from clew.service.grounds import Grounds, grounds
from clew.service.matched import per_series
from clew.service.payments import SHOWN, Payments, of_subject
from clew.service.ties import Tie, of_neighbours
from clew.store.base import Store
from clew.store.freshness import Freshness
from clew.vocabulary import AuditAction

SENSITIVE_ROLES = frozenset({"children-at-risk", "victim", "hands-on"})
"""Roles whose evidence describes children or abuse: shown only with ``sensitive.read``."""
SENSITIVE_ANALYSES = frozenset({"media"})
"""Analyses whose role evidence is hash-match detail (lists, series, categories)."""


@dataclass(frozen=True)
class RecordRef:
    entity_id: str
    schema: str
    sources: list[dict[str, Any]]  # {source_id, path, locator}


@dataclass(frozen=True)
class IdentifierView:
    key: str
    kind: str
    value: str
    country: str | None
    attributions: list[dict[str, Any]]
    records: list[str] = field(default_factory=list)
    """The subject's records that mention it (each listed with its source file and line)."""


@dataclass
class SubjectView:
    subject_id: str
    name: str | None
    network: dict[str, Any]
    records: list[RecordRef]
    identifiers: list[IdentifierView]
    resolution: dict[str, Any]
    decisions: list[dict[str, Any]]
    priority_reasons: list[dict[str, Any]]
    money: dict[str, Any]
    hash_matches: dict[str, Any]
    redacted: list[str] = field(default_factory=list)
    stale: list[Freshness] = field(default_factory=list)
    """Stored results shown here that are stale (``clew.store.freshness``): reasons, refresh."""
    leads: followup.SubjectLeads = field(default_factory=lambda: followup.SubjectLeads((), ()))
    """The package versions holding the subject (state, recipient) and its outcomes."""
    names: list[dict[str, Any]] = field(default_factory=list)
    """The names its records give (``{"name", "records"}``), most used first."""
    payments: Payments | None = None
    """Its newest payments in and out (``payments.SHOWN``), each with its record's provenance."""
    grounds: list[Grounds] = field(default_factory=list)
    """What each role of ``network["roles"]`` rests on, item by item (same order)."""
    ties: list[Tie] = field(default_factory=list)
    """What makes each tie of ``network["neighbours"]`` (same order), as the chart explains it."""
    evidence_records: list[RecordRef] = field(default_factory=list)
    """The records those payments, role items, ties and (with ``sensitive.read``) matched media
    items are, with their provenance (the subject's own records are in ``records``)."""


def _records(store: Store, members: list[str]) -> list[RecordRef]:
    sources = {r["id"]: r["path"] for r in store.select("sources", columns=["id", "path"])}
    by_entity: dict[str, RecordRef] = {}
    for row in store.select(
        "fragments", {"entity_id": members}, ["entity_id", "schema", "source_id", "locator"]
    ):
        ref = by_entity.setdefault(row["entity_id"], RecordRef(row["entity_id"], row["schema"], []))
        ref.sources.append(
            {"source_id": row["source_id"], "path": sources.get(row["source_id"]), "locator": row["locator"]}
        )
    return [by_entity[e] for e in sorted(by_entity)]


def _names(store: Store, members: list[str]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for record in store.records(ids=members):
        for name in name_counts([record])[0]:
            counts[name] = counts.get(name, 0) + 1
    return [{"name": n, "records": c} for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _identifiers(store: Store, members: list[str]) -> list[IdentifierView]:
    written: dict[str, set[str]] = {}
    for r in store.select("mentions", {"entity_id": members}, ["key", "entity_id"]):
        written.setdefault(r["key"], set()).add(r["entity_id"])
    keys = sorted(written)
    evidence: dict[str, list[dict[str, Any]]] = {}
    for r in store.select(
        "attributions", {"key": keys}, ["key", "country", "rule", "evidence", "confidence"]
    ):
        evidence.setdefault(r.pop("key"), []).append(r)
    return [
        IdentifierView(
            r["key"],
            r["kind"],
            r["value"],
            r["country"],
            evidence.get(r["key"], []),
            sorted(written[r["key"]]),
        )
        for r in store.select("identifiers", {"key": keys}, ["key", "kind", "value", "country"], ["key"])
    ]


def _money(store: Store, subject_id: str) -> dict[str, Any]:
    accounts = [
        r["account_id"] for r in store.select("money_accounts", {"subject_id": subject_id}, ["account_id"])
    ]
    out_rows = list(store.select("money_payments", {"payer_account": accounts}, ["amount_reporting"]))
    in_rows = list(store.select("money_payments", {"beneficiary_account": accounts}, ["amount_reporting"]))
    patterns = store.count_by("money_patterns", ["pattern"], {"subject_id": subject_id})
    return {
        "accounts": len(accounts),
        "payments_out": len(out_rows),
        "payments_in": len(in_rows),
        "amount_out": round(sum(r["amount_reporting"] or 0 for r in out_rows), 2),
        "amount_in": round(sum(r["amount_reporting"] or 0 for r in in_rows), 2),
        "patterns": {r["pattern"]: r["n"] for r in patterns},
    }


def _hash_matches(store: Store, subject_id: str, sensitive: bool) -> dict[str, Any]:
    rows = list(store.select("media_matches", {"subject_id": subject_id}))
    out: dict[str, Any] = {"count": len(rows)}
    if sensitive:
        out["by_list"] = dict(sorted(_count(r["list_name"] or "possibly-new" for r in rows).items()))
        out["by_series"] = per_series(store, rows)
        out["matches"] = [{k: v for k, v in r.items() if k != "run_id"} for r in rows]
    return out


def _count(values) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def subject_view(store: Store, subject: str, *, sensitive: bool = False, neighbours: int = 20) -> SubjectView:
    """The subject document; raises ``NotFound`` for a subject not in this operation."""
    inner: Any = Composed(store)  # one audit record for the whole page, written below
    network = network_query.subject(inner, subject, neighbours=neighbours)
    sid = network["subject_id"]
    members = sorted(
        r["entity_id"] for r in store.select("subject_members", {"subject_id": sid}, ["entity_id"])
    )
    members = members or [sid]
    redacted: list[str] = []
    if not sensitive:
        for role in network["roles"]:
            sensitive_role = role["role"] in SENSITIVE_ROLES or role["analysis"] in SENSITIVE_ANALYSES
            if sensitive_role and role["evidence"] is not None:
                role["evidence"] = None
                redacted.append(f"roles.{role['role']}.evidence")
        redacted.append("hash_matches.details")
    resolution = explain(inner, members[0]) if store.count("subject_members", {"subject_id": sid}) else {}
    columns = ["left_id", "right_id", "same", "actor", "reason", "at"]
    decisions = list(store.select("decisions", {"left_id": members}, columns))
    decisions += [
        d for d in store.select("decisions", {"right_id": members}, columns) if d["left_id"] not in members
    ]
    priority = next(iter(store.select("subject_priority", {"subject_id": sid}, ["reasons"])), None)
    name = next(iter(store.select("subjects", {"subject_id": sid}, ["name"])), {"name": None})["name"]
    paid = of_subject(inner, sid, limit=SHOWN)
    rests_on = grounds(store, [role["evidence"] for role in network["roles"]])
    behind = {p.payment_id for p in paid.payments}
    behind |= {g.value for found in rests_on for g in found.items if g.kind == "record"}
    ties = of_neighbours(store, network["neighbours"])
    behind |= {r for tie in ties for r in tie.records}
    hashes = _hash_matches(store, sid, sensitive)
    behind |= {i.item for m in hashes.get("by_series", []) for i in m.items if i.record}
    view = SubjectView(
        subject_id=sid,
        name=name,
        network=network,
        records=_records(store, members),
        identifiers=_identifiers(store, members),
        resolution=resolution,
        decisions=decisions,
        priority_reasons=json.loads(priority["reasons"]) if priority else [],
        money=_money(store, sid),
        hash_matches=hashes,
        redacted=redacted,
        stale=[f for f in store.freshness() if f.stale],
        leads=followup.of_subject(store, sid),
        names=_names(store, members),
        payments=paid,
        grounds=rests_on,
        ties=ties,
        evidence_records=_records(store, sorted(behind - set(members))),
    )
    store.audit(AuditAction.SUBJECT_VIEW, sid, {"records": len(view.records), "sensitive": sensitive})
    return view
