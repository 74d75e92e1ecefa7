"""Search over one operation: subjects by name, identifier value or record name, with facets.

Matching runs inside the operation-scoped store (SQL ``LIKE`` over subjects' display names,
identifiers' normalised values and the records' names in ``fragments``), so neither hits nor
facet counts can reveal another operation. Facets (country, role, syndicate, schema) are
counted over every hit, not only the returned page. The search terms are never audited —
only how many hits and which subjects were returned (ids, checklist A7).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from clew.resolve import subject_map
from clew.service.lookup import labels
from clew.store.base import Store
from clew.vocabulary import AuditAction

FACETS = ("country", "role", "syndicate", "schema")


@dataclass(frozen=True)
class Hit:
    subject_id: str
    name: str | None
    matched: tuple[str, ...]  # what matched: name, identifier kinds, record schema
    country: str | None
    syndicate_id: str | None
    roles: tuple[str, ...]
    schemata: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matches(store: Store, text: str) -> dict[str, set[str]]:
    """subject id -> what matched it."""
    pattern = _like(text.strip().lower())
    members = subject_map(store)
    found: dict[str, set[str]] = {}
    for row in store.execute_sql(  # type: ignore[attr-defined]
        "SELECT subject_id FROM subjects WHERE operation = :op AND lower(name) LIKE :p ESCAPE '\\'",
        op=store.operation,
        p=pattern,
    ):
        found.setdefault(row["subject_id"], set()).add("name")
    squeezed = re.sub(r"[\s().\-/]", "", text.strip().lower())  # "+62 812-415" finds +62812415…
    compact = _like(squeezed) if squeezed else pattern
    for row in store.execute_sql(  # type: ignore[attr-defined]
        "SELECT m.entity_id, i.kind FROM identifiers i JOIN mentions m "
        "ON m.operation = i.operation AND m.key = i.key "
        "WHERE i.operation = :op "
        "AND (lower(i.value) LIKE :p ESCAPE '\\' OR lower(i.value) LIKE :c ESCAPE '\\')",
        op=store.operation,
        p=pattern,
        c=compact,
    ):
        found.setdefault(members.get(row["entity_id"], row["entity_id"]), set()).add(row["kind"])
    return found


def search(store: Store, text: str, limit: int = 20, offset: int = 0) -> SearchResult:
    """Subjects of the store's operation matching ``text``; best (most kinds matched) first."""
    found = _matches(store, text) if text.strip() else {}
    ids = sorted(found)
    label = labels(store, ids)
    roles: dict[str, set[str]] = {}
    for r in store.select("subject_roles", {"subject_id": ids}, ["subject_id", "role"]):
        roles.setdefault(r["subject_id"], set()).add(r["role"])
    schemata: dict[str, set[str]] = {}
    for r in store.select("subject_members", {"subject_id": ids}, ["subject_id", "schema"]):
        schemata.setdefault(r["subject_id"], set()).add(r["schema"])
    hits = [
        Hit(
            subject_id=s,
            name=label[s].name,
            matched=tuple(sorted(found[s])),
            country=label[s].country,
            syndicate_id=label[s].syndicate_id,
            roles=tuple(sorted(roles.get(s, ()))),
            schemata=tuple(sorted(schemata.get(s, ()))),
        )
        for s in ids
    ]
    hits.sort(key=lambda h: (-len(h.matched), h.name or "", h.subject_id))
    facets: dict[str, Counter] = {f: Counter() for f in FACETS}
    for h in hits:
        facets["country"][h.country or "??"] += 1
        facets["syndicate"][h.syndicate_id or "none"] += 1
        facets["role"].update(h.roles)
        facets["schema"].update(h.schemata)
    page = hits[offset : offset + limit]
    store.audit(AuditAction.SEARCH_QUERY, None, {"hits": len(hits), "returned": [h.subject_id for h in page]})
    return SearchResult(
        query=text,
        total=len(hits),
        hits=page,
        facets={f: dict(c.most_common()) for f, c in facets.items()},
    )
