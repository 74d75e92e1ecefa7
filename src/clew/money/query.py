"""What the ``clew money`` commands ask: traces, flows, patterns (no printing here).

A trace target is an account id, an account label (IBAN, account number, wallet address),
a subject id or an entity id of a holder (a Person); a subject or holder stands for all its
accounts. Every query is a subject-facing read and is audited.
"""

from __future__ import annotations

import json
from typing import Any

from followthemoney.proxy import EntityProxy

from clew.errors import NotFound, UserError
from clew.money import flows, pipeline, report
from clew.money.graph import parse_time
from clew.money.load import subject_map
from clew.money.trace import trace
from clew.store.base import Store
from clew.vocabulary import AuditAction


def _accounts_of(store: Store, analysis: pipeline.Analysis, target: str) -> list[int]:
    graph, accounts = analysis.data.graph, analysis.data.accounts
    if target in graph.account_index:
        return [graph.account_index[target]]
    matches = [
        a.account_id
        for a in accounts.values()
        if target in (a.subject_id, a.holder_id)
        or (a.label and a.label.replace(" ", "") == target.replace(" ", ""))
    ]
    if not matches:
        subject = subject_map(store).get(target)
        matches = [a.account_id for a in accounts.values() if subject and a.subject_id == subject]
    found = [graph.account_index[m] for m in matches if m in graph.account_index]
    if not found:
        raise NotFound(f"no account, subject or holder {target!r} with payments in this operation")
    return found


def _time(value: str | None, name: str) -> int | None:
    if not value:
        return None
    try:
        return parse_time(value)
    except ValueError as exc:
        raise UserError(f"--{name}: not an ISO date {value!r}") from exc


def run_trace(
    store: Store,
    target: str,
    *,
    direction: str = "forward",
    hops: int = 3,
    since: str | None = None,
    until: str | None = None,
    min_flow: float = 0.01,
    currency: str | None = None,
) -> dict[str, Any]:
    """The trace document of ``target`` (docs/formats.md), audited with the query. Raises
    ``NotFound`` naming a target with no payments, ``UserError`` naming a bad option."""
    if hops < 1:
        raise UserError("--hops must be at least 1")
    analysis = pipeline.published(store, currency)
    start = _accounts_of(store, analysis, target)
    t = trace(analysis.index, start, direction, hops, _time(since, "from"), _time(until, "to"), min_flow)
    query = {
        "target": target,
        "start_accounts": [analysis.data.graph.accounts[a] for a in start],
        "hops": hops,
        "from": since,
        "to": until,
        "min_flow": min_flow,
        "rates": analysis.rates.source,
    }
    doc = report.as_dict(t, analysis.data.graph, analysis.data.accounts, query)
    store.audit(
        AuditAction.MONEY_TRACE,
        target,
        {k: v for k, v in query.items() if k != "start_accounts"} | {"steps": t.size},
    )
    return doc


def trace_ftm(store: Store, doc: dict[str, Any]) -> list[EntityProxy]:
    """The Payment and account entities of a trace document (``--ftm``), read in batches."""
    ids = {s["payment"] for s in doc["steps"]}
    ids |= {s["payer_account"] for s in doc["steps"]} | {s["beneficiary_account"] for s in doc["steps"]}
    records = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        for record in store.records(ids=ordered[i : i + 500]):
            records[record.id] = record.to_proxy()
    return report.as_ftm(doc, records)


def _ensure_run(store: Store) -> None:
    if not store.count("runs", {"kind": "money", "status": "done"}):
        pipeline.run(store)


def flow_matrix(store: Store, currency: str | None = None) -> dict[str, Any]:
    """The country matrix in ``currency``: the published one when it is in that currency, else
    recomputed from the published graph (the money step runs first if it never has). Audited."""
    wanted = pipeline.reporting_currency(currency)
    _ensure_run(store)
    rows = list(store.select("money_flows"))
    if rows and wanted in {r["currency"] for r in rows}:
        cells = [
            {
                "from": r["payer_country"],
                "to": r["beneficiary_country"],
                "amount": r["amount"],
                "payments": r["payments"],
                "currency": r["currency"],
                "converted": r["currency"] == wanted,
                "cross_border": bool(
                    r["payer_country"]
                    and r["beneficiary_country"]
                    and r["payer_country"] != r["beneficiary_country"]
                ),
            }
            for r in rows
        ]
        cells.sort(key=lambda r: (not r["converted"], r["currency"], -r["amount"], r["from"], r["to"]))
    else:
        analysis = pipeline.published(store, wanted)
        cells = flows.matrix(analysis.data.graph, analysis.parties().country)
    store.audit(AuditAction.MONEY_FLOWS, None, {"cells": len(cells), "currency": wanted})
    return {"currency": wanted, "flows": cells, **flows.totals(cells, wanted)}


def pattern_list(store: Store, pattern: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Flagged accounts (of one ``pattern`` or all), highest score first (then pattern, account),
    at most ``limit``, evidence parsed. Audited."""
    _ensure_run(store)
    where = {"pattern": pattern} if pattern else None
    columns = ["pattern", "account_id", "subject_id", "score", "evidence"]
    order = ["-score", "pattern", "account_id"]
    rows = list(store.select("money_patterns", where, columns, order_by=order, limit=limit))
    store.audit(AuditAction.MONEY_PATTERNS, pattern, {"rows": len(rows)})
    return [{**r, "evidence": json.loads(r["evidence"])} for r in rows]
