"""The ``money`` analysis step: payment graph, patterns, flows, money roles of subjects.

Publishes (replacing its last result): ``money_payments``, ``money_accounts``,
``money_patterns``, ``money_flows`` and the rows of ``subject_roles`` with
``analysis="money"`` (seller, collector, pass-through, structuring, foreign-funds, buyer).
The reporting currency is EUR unless ``currency`` (or env ``CLEW_MONEY_CURRENCY``) says otherwise.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from clew.money import flows, patterns, rates
from clew.money.graph import Payment, build, to_iso
from clew.money.index import FlowIndex
from clew.money.load import ACCOUNT_COLUMNS, Account, MoneyData, account_rows, evidence_json, load
from clew.money.rules import Flag, Parties, Rules
from clew.store.base import Store
from clew.vocabulary import AuditAction, RunKind, roles_of

ROLES = frozenset(roles_of(RunKind.MONEY))


@dataclass
class Analysis:
    data: MoneyData
    index: FlowIndex
    rates: rates.Rates

    def parties(self) -> Parties:
        accounts = [self.data.accounts.get(a, Account(a)) for a in self.data.graph.accounts]
        return Parties(
            [a.subject_id for a in accounts], [a.country for a in accounts], self.data.groups,
            self.data.neighbours,
        )  # fmt: skip


def reporting_currency(currency: str | None = None) -> str:
    return (currency or os.environ.get("CLEW_MONEY_CURRENCY") or "EUR").upper()


def stored_currency(store: Store) -> str:
    """The reporting currency the stored money results are in (the last money step's), else the
    configured one. ``money_flows`` also holds flows in units without a rate (crypto kept in its
    own unit): a total over flows is only meaningful in this one currency."""
    row = next(iter(store.select("money_payments", columns=["reporting_currency"], limit=1)), None)
    return row["reporting_currency"] if row else reporting_currency()


def analyse(store: Store, currency: str | None = None) -> Analysis:
    """Load the payment graph from the records and index it."""
    rate_set = rates.load(store, reporting_currency(currency))
    data = load(store, rate_set)
    return Analysis(data, FlowIndex.build(data.graph), rate_set)


def published(store: Store, currency: str | None = None) -> Analysis:
    """The graph the last run published (fast), else one loaded from the records."""
    rows = list(store.select("money_payments", order_by=["payment_id"]))
    if not rows:
        return analyse(store, currency)
    rate_set = rates.load(store, reporting_currency(currency))
    accounts = {
        r["account_id"]: Account(**{k: r[k] for k in ACCOUNT_COLUMNS}) for r in store.select("money_accounts")
    }
    payments = [
        Payment(
            r["payment_id"], r["payer_account"], r["beneficiary_account"], r["at"], r["amount"], r["currency"]
        )
        for r in rows
    ]
    graph = build(payments, rate_set, accounts)
    data = MoneyData(graph, accounts, {}, Counter(), Counter())
    return Analysis(data, FlowIndex.build(graph), rate_set)


def run(store: Store, currency: str | None = None, rules: Rules | None = None) -> dict[str, Any]:
    """Analyse the operation's payments and publish the result (module docstring) in one
    transaction, audited; returns the summary. A failure marks the run failed and re-raises."""
    with store.run(RunKind.MONEY) as run:
        run_id = run.id
        analysis = analyse(store, currency)
        data, graph, parties = analysis.data, analysis.data.graph, analysis.parties()
        flags = patterns.find(analysis.index, parties, rules or Rules())
        matrix = flows.matrix(graph, parties.country)
        with store.transaction():
            store.replace("money_payments", _payment_rows(analysis, run_id))
            store.replace("money_accounts", account_rows(data, run_id))
            store.replace("money_patterns", _pattern_rows(analysis, flags, run_id))
            store.replace("money_flows", ({**_flow_row(r), "run_id": run_id} for r in matrix))
            roles = _role_rows(analysis, flags)
            store.replace("subject_roles", roles, {"analysis": RunKind.MONEY})
            summary = {
                "payments": graph.size,
                "accounts": len(graph.accounts),
                "skipped": dict(data.skipped),
                "unconverted": dict(data.unconverted),
                "currency": graph.currency,
                "rates": analysis.rates.source,
                "patterns": dict(Counter(f.pattern for f in flags)),
                "roles": dict(Counter(r["role"] for r in roles)),
                "cross_border_amount": flows.totals(matrix, graph.currency)["cross_border_amount"],
                "cross_border_own_units": {
                    unit: v["cross_border"]
                    for unit, v in flows.totals(matrix, graph.currency)["own_units"].items()
                },
            }
            store.audit(AuditAction.MONEY_RUN, run_id, summary)
    return summary


def _payment_rows(analysis: Analysis, run_id: str) -> Iterator[dict[str, Any]]:
    g = analysis.data.graph
    for p in range(g.size):
        amount = float(g.amount[p])
        yield {
            "payment_id": g.payment_id(p),
            "payer_account": g.accounts[int(g.src[p])],
            "beneficiary_account": g.accounts[int(g.dst[p])],
            "at": to_iso(int(g.time[p])),
            "amount": float(g.original[p]) if g.original is not None else amount,
            "currency": g.currencies[p] if g.currencies else g.currency,
            "amount_reporting": amount if amount == amount else None,
            "reporting_currency": g.currency,
            "run_id": run_id,
        }


def _pattern_rows(analysis: Analysis, flags: list[Flag], run_id: str) -> Iterator[dict[str, Any]]:
    g = analysis.data.graph
    for f in flags:
        account = analysis.data.accounts.get(g.accounts[f.account], Account(g.accounts[f.account]))
        yield {
            "pattern": f.pattern,
            "account_id": account.account_id,
            "subject_id": account.subject_id,
            "score": f.score,
            "evidence": evidence_json(f.evidence),
            "run_id": run_id,
        }


def _flow_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "payer_country": row["from"],
        "beneficiary_country": row["to"],
        "amount": row["amount"],
        "payments": row["payments"],
        "currency": row["currency"],
    }


def _role_rows(analysis: Analysis, flags: list[Flag]) -> list[dict[str, Any]]:
    """One row per (subject, money role): best score, evidence of up to five accounts."""
    g = analysis.data.graph
    grouped: dict[tuple[str, str], list[tuple[float, dict]]] = defaultdict(list)
    for f in flags:
        if f.pattern not in ROLES:
            continue
        account = analysis.data.accounts.get(g.accounts[f.account])
        if account is None or not account.subject_id:
            continue
        grouped[(account.subject_id, f.pattern)].append(
            (f.score, {"account": account.account_id, "score": f.score, **f.evidence})
        )
    rows = []
    for (subject, role), items in sorted(grouped.items()):
        items.sort(key=lambda x: -x[0])
        rows.append(
            {
                "subject_id": subject,
                "role": role,
                "analysis": "money",
                "score": items[0][0],
                "evidence": evidence_json({"accounts": [e for _, e in items[:5]], "n_accounts": len(items)}),
            }
        )
    return rows
