"""What a tie's evidence was, in the analyst's terms: which record, from which source file and
line, of what kind, when (issue 14: every edge of the chart and of a path explained).

The network stores each tie's evidence as ``{kind, via}`` items, ``via`` being the record that
said so (a Call, Message, Payment, Associate… entity id), a gathering (a group id, an Event id,
``file:<sha256>``) or ``source:<id>`` (the contact is in that source's address book).
:func:`explain` turns them into :class:`Via` objects with one query per table for all items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from clew.model.fragment import values
from clew.service.base import Result
from clew.service.display import chunks
from clew.store.base import Store

DATE_PROPS = ("date", "startDate", "endDate", "authoredAt", "publishedAt")
"""FtM properties that date a record, first found wins (Interval's date first)."""


def utc(value: str | None) -> str | None:
    """A stored date as ISO-8601 UTC with ``Z`` (FtM keeps ``2025-11-10T13:11``, already UTC);
    a bare date stays a date. Browsers read a time without a zone as local time: never send one."""
    if not value or len(value) <= 10 or value.endswith("Z") or "+" in value[10:]:
        return value
    return value + (":00Z" if len(value) == 16 else "Z")


@dataclass(frozen=True)
class Via(Result):
    kind: str  # tie kind: call, message, payment, group, event, file, contact, link
    via: str  # record id, gathering id or source:<id>
    what: str  # in words: "Call record", "group 'Cloud 9' (14 subjects)", "address book"
    at: str | None  # ISO date-time of the record, when it has one
    source: str | None  # source file name
    locator: str | None  # line, row or JSON pointer inside it


@dataclass(frozen=True)
class RecordFacts:
    schema: str
    at: str | None
    source_id: int
    locator: str


def records(store: Store, ids: Iterable[str]) -> dict[str, RecordFacts]:
    """entity id -> schema, first date, and the first source/locator that holds it."""
    out: dict[str, RecordFacts] = {}
    for batch in chunks(sorted(set(ids))):
        rows = store.select(
            "fragments", {"entity_id": batch}, ["entity_id", "schema", "props", "source_id", "locator"]
        )
        for row in rows:
            props = values(row["props"])
            at = utc(next((props[p][0] for p in DATE_PROPS if props.get(p)), None))
            have = out.get(row["entity_id"])
            if have is None or (have.at is None and at is not None):
                out[row["entity_id"]] = RecordFacts(row["schema"], at, row["source_id"], row["locator"])
    return out


def source_names(store: Store) -> dict[int, str]:
    """source id -> file name (not the full server path: the name is what analysts recognise)."""
    return {r["id"]: PurePath(r["path"]).name for r in store.select("sources", columns=["id", "path"])}


def explain(store: Store, items: Iterable[dict]) -> list[Via]:
    """Each ``{kind, via}`` item as a :class:`Via`, in the order given."""
    items = list(items)
    vias = {i["via"] for i in items}
    facts = records(store, (v for v in vias if not v.startswith(("source:", "file:"))))
    gatherings: dict[str, dict] = {}
    wanted = [v for v in vias if v not in facts or v.startswith("file:")]
    for batch in chunks(wanted):
        for row in store.select(
            "gathering_members", {"gathering_id": batch}, ["gathering_id", "name", "size"]
        ):
            gatherings.setdefault(row["gathering_id"], row)
    names = source_names(store)
    out = []
    for item in items:
        kind, via = item["kind"], item["via"]
        fact, gathering = facts.get(via), gatherings.get(via)
        if via.startswith("source:"):
            sid = int(via.split(":", 1)[1]) if via.split(":", 1)[1].isdigit() else None
            out.append(Via(kind, via, "in the address book of this extraction", None, names.get(sid), None))
        elif gathering is not None and (fact is None or kind in ("group", "file")):
            label = f"'{gathering['name']}' " if gathering.get("name") else ""
            what = f"{kind} {label}({gathering['size']} subjects)"
            out.append(
                Via(kind, via, what, fact.at if fact else None,
                    names.get(fact.source_id) if fact else None, fact.locator if fact else None)
            )  # fmt: skip
        elif fact is not None:
            out.append(
                Via(kind, via, f"{fact.schema} record", fact.at, names.get(fact.source_id), fact.locator)
            )
        else:
            out.append(Via(kind, via, f"{kind} evidence", None, None, None))
    return out
