"""The timeline's data (issue 14 item 7): payments, messages, calls, memberships, events and tip
reports of a subject or a syndicate, dated, each with its source file and line.

Records are matched to subjects as the network matches them (``subject_members``: an entity
without a row is its own subject). Payments come from the money step's normalised table
(amounts in the reporting currency where a rate exists); the others from the records' own
properties. A record without a date cannot be placed: it is counted in ``undated`` per kind,
not dropped silently. An Event read from a tip report is a ``tip-report`` event.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from clew.errors import NotFound
from clew.model.fragment import values
from clew.network.query import find_subject
from clew.service.base import Result
from clew.service.display import chunks
from clew.service.lookup import labels
from clew.service.provenance import DATE_PROPS, records, source_names, utc
from clew.store.base import Store
from clew.vocabulary import AuditAction

MAX_EVENTS = 2000  # vis-timeline stays fluid up to a few thousand items; the rest is counted

SIDES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Call": (("caller",), ("receiver",)),
    "Message": (("sender", "senderAccount"), ("recipients", "recipientAccount")),
    "Email": (("emitters",), ("recipients",)),
    "Membership": (("member",), ()),
    "Event": (("organizer", "involved"), ()),
}
"""Per schema: the properties naming the one side and the other side of the record."""
KIND = {
    "Call": "call",
    "Message": "message",
    "Email": "message",
    "Membership": "membership",
    "Event": "event",
}


@dataclass(frozen=True)
class TimelineEvent(Result):
    id: str  # the record's entity id
    kind: str  # payment | call | message | membership | event | tip-report
    start: str  # ISO date-time
    end: str | None
    subjects: tuple[str, ...]  # subjects of the timeline taking part
    others: tuple[str, ...]  # other subjects taking part
    title: str  # in words
    source: str | None
    locator: str | None


@dataclass(frozen=True)
class Timeline(Result):
    focus: str
    subjects: tuple[str, ...]
    events: tuple[TimelineEvent, ...]
    undated: dict[str, int]
    more: int  # events beyond MAX_EVENTS (the latest are dropped)


def _focus(store: Store, subject: str | None, syndicate: str | None) -> tuple[str, list[str]]:
    if syndicate:
        ids = sorted(
            r["subject_id"]
            for r in store.select("syndicate_members", {"syndicate_id": syndicate}, ["subject_id"])
        )
        if not ids:
            raise NotFound(f"no syndicate {syndicate!r} in operation {store.operation!r}")
        return syndicate, ids
    sid = find_subject(store, subject or "")
    return sid, [sid]


def _entities(store: Store, subjects: list[str]) -> dict[str, str]:
    """entity id -> subject, for every subject's records (a subject id is its own record too)."""
    out = {s: s for s in subjects}
    for batch in chunks(subjects):
        for r in store.select("subject_members", {"subject_id": batch}, ["subject_id", "entity_id"]):
            out[r["entity_id"]] = r["subject_id"]
    return out


def _names(store: Store, ids: set[str]) -> dict[str, str]:
    found = labels(store, sorted(ids))
    return {i: found[i].name or i for i in ids}


def timeline(store: Store, subject: str | None = None, syndicate: str | None = None) -> Timeline:
    """The dated events of ``subject`` (or of every member of ``syndicate``), oldest first."""
    focus, subjects = _focus(store, subject, syndicate)
    mine = _entities(store, subjects)
    owner = {
        r["entity_id"]: r["subject_id"]
        for r in store.select("subject_members", columns=["entity_id", "subject_id"])
    }
    kinds = {r["id"]: r["kind"] for r in store.select("sources", columns=["id", "kind"])}
    names = source_names(store)
    raw: list[tuple[str, str, str | None, str, list[str], str | None, str | None]] = []
    undated: Counter = Counter()
    seen: set[str] = set()
    cols = store.select_columns(
        "fragments", ["entity_id", "schema", "props", "source_id", "locator"], {"schema": list(SIDES)}
    )
    for eid, schema, props, source_id, locator in zip(*cols.values(), strict=True):
        if eid in seen:
            continue
        p = values(props)
        one, other = SIDES[schema]
        left = [v for prop in one for v in p.get(prop, [])]
        right = [v for prop in other for v in p.get(prop, [])]
        if not any(e in mine for e in left + right):
            continue
        seen.add(eid)
        kind = "tip-report" if schema == "Event" and kinds.get(source_id) == "tip-report" else KIND[schema]
        at = utc(next((p[d][0] for d in DATE_PROPS if p.get(d)), None))
        if at is None:
            undated[kind] += 1
            continue
        end = utc(p["endDate"][0]) if p.get("endDate") and utc(p["endDate"][0]) != at else None
        title = (p.get("name") or p.get("subject") or p.get("role") or [""])[0]
        parties = [owner.get(e, e) for e in left + right]
        raw.append((eid, kind, end, at, parties, title, f"{names.get(source_id)}|{locator}"))
    raw += _payments(store, subjects)
    raw.sort(key=lambda r: (r[3], r[0]))
    shown, more = raw[:MAX_EVENTS], max(0, len(raw) - MAX_EVENTS)
    focal = set(subjects)
    people = _names(store, {s for r in shown for s in r[4]})
    events = []
    for eid, kind, end, at, parties, title, where in shown:
        inside = tuple(dict.fromkeys(s for s in parties if s in focal))
        outside = tuple(dict.fromkeys(s for s in parties if s not in focal))
        who = " → ".join(people.get(s, s) for s in dict.fromkeys(parties))
        source, _, locator = (where or "|").partition("|")
        label = f"{kind}: {who}" + (f" ({title})" if title else "")
        events.append(
            TimelineEvent(eid, kind, at, end, inside, outside, label, source or None, locator or None)
        )
    store.audit(AuditAction.TIMELINE_EVENTS, focus, {"events": len(events), "more": more})
    return Timeline(focus, tuple(subjects), tuple(events), dict(undated), more)


def _payments(store: Store, subjects: list[str]) -> list[tuple]:
    """Payments from or to any account of ``subjects``, as raw timeline rows."""
    accounts: dict[str, str | None] = {}
    for batch in chunks(subjects):
        for r in store.select("money_accounts", {"subject_id": batch}, ["account_id", "subject_id"]):
            accounts[r["account_id"]] = r["subject_id"]
    rows: dict[str, dict] = {}
    for side in ("payer_account", "beneficiary_account"):
        for batch in chunks(sorted(accounts)):
            for r in store.select("money_payments", {side: batch}):
                rows[r["payment_id"]] = r
    others = {r[s] for r in rows.values() for s in ("payer_account", "beneficiary_account")} - set(accounts)
    for batch in chunks(sorted(others)):
        for r in store.select("money_accounts", {"account_id": batch}, ["account_id", "subject_id"]):
            accounts[r["account_id"]] = r["subject_id"]
    facts = records(store, rows)
    names = source_names(store)
    out = []
    for pid, r in rows.items():
        if r["amount_reporting"] is not None:
            amount = f"{r['amount_reporting']:.2f} {r['reporting_currency']}"
        else:
            amount = f"{r['amount']} {r['currency']}"
        parties = [accounts.get(r["payer_account"]) or r["payer_account"],
                   accounts.get(r["beneficiary_account"]) or r["beneficiary_account"]]  # fmt: skip
        fact = facts.get(pid)
        where = f"{names.get(fact.source_id)}|{fact.locator}" if fact else None
        out.append((pid, "payment", None, utc(r["at"]), parties, amount, where))
    return out
