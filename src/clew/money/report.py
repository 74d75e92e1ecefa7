"""A trace as an analyst reads it: rows for a table, a JSON document, FtM entities.

JSON shape (``clew money trace --json``, documented in docs/formats.md): the query, then one
object per step with its parent step, so the tree of paths can be rebuilt, and the accounts
reached with the amount that arrived there.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from clew.money.graph import PaymentGraph, to_iso
from clew.money.load import Account
from clew.money.trace import FORWARD, Trace


def as_dict(
    trace: Trace,
    graph: PaymentGraph,
    accounts: dict[str, Account],
    query: dict[str, Any],
) -> dict[str, Any]:
    onward = trace.onward()
    steps = []
    reached: dict[str, dict[str, Any]] = {}
    countries: dict[tuple[str, str], float] = defaultdict(float)
    for i in range(trace.size):
        p = int(trace.payment[i])
        payer, bene = graph.accounts[int(graph.src[p])], graph.accounts[int(graph.dst[p])]
        pa, ba = accounts.get(payer, Account(payer)), accounts.get(bene, Account(bene))
        flow = float(trace.flow[i])
        last = int(trace.hop[i]) == query.get("hops")
        steps.append(
            {
                "step": i,
                "parent": None if trace.parent[i] < 0 else int(trace.parent[i]),
                "hop": int(trace.hop[i]),
                "payment": graph.payment_id(p),
                "date": to_iso(int(graph.time[p])),
                "payer_account": payer,
                "payer_subject": pa.subject_id,
                "payer_country": pa.country,
                "beneficiary_account": bene,
                "beneficiary_subject": ba.subject_id,
                "beneficiary_country": ba.country,
                "amount": float(graph.original[p]) if graph.original is not None else float(graph.amount[p]),
                "currency": graph.currencies[p] if graph.currencies else graph.currency,
                "amount_reporting": round(float(graph.amount[p]), 2),
                "flow": round(flow, 2),
                "onward": None if last else round(float(onward[i]), 2),
            }
        )
        far = ba if trace.direction == FORWARD else pa
        entry = reached.setdefault(
            far.account_id,
            {
                "account": far.account_id,
                "kind": far.kind,
                "holder": far.holder_id,
                "subject": far.subject_id,
                "country": far.country,
                "first_hop": int(trace.hop[i]),
                "flow": 0.0,
            },
        )
        entry["flow"] = round(entry["flow"] + flow, 2)
        countries[(pa.country or "", ba.country or "")] += flow
    return {
        **query,
        "direction": trace.direction,
        "currency": graph.currency,
        "rule": "FIFO",
        "truncated": trace.truncated,
        "steps": steps,
        "accounts": sorted(reached.values(), key=lambda r: (r["first_hop"], -r["flow"])),
        "countries": [
            {"from": a, "to": b, "flow": round(v, 2)}
            for (a, b), v in sorted(countries.items(), key=lambda kv: -kv[1])
        ],
    }


def as_ftm(doc: dict[str, Any], records: dict[str, EntityProxy]) -> list[EntityProxy]:
    """The Payment entities of the trace (as stored, else rebuilt) and the accounts they touch.

    Each Payment carries the traced flow in its ``summary``; with EUR reporting also ``amountEur``.
    """
    out: dict[str, EntityProxy] = {}
    for step in doc["steps"]:
        proxy = records.get(step["payment"])
        if proxy is None:
            proxy = model.make_entity("Payment")
            proxy.id = step["payment"]
            proxy.add("payerAccount", step["payer_account"])
            proxy.add("beneficiaryAccount", step["beneficiary_account"])
            proxy.add("amount", str(step["amount"]))
            proxy.add("currency", step["currency"])
            proxy.add("date", step["date"])
        if doc["currency"] == "EUR":
            proxy.add("amountEur", str(step["amount_reporting"]), quiet=True)
        proxy.add(
            "summary",
            f"clew trace hop {step['hop']}: {step['flow']} {doc['currency']} followed (FIFO)",
            quiet=True,
        )
        out[proxy.id] = proxy
        for account in (step["payer_account"], step["beneficiary_account"]):
            if account in records and account not in out:
                out[account] = records[account]
    return list(out.values())
