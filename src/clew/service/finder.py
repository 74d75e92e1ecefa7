"""Faceted search for the API and the web app: ``clew search``'s hits, with facets and pages.

:func:`faceted` calls :func:`clew.service.search.search` — the same text index (SQLite FTS5;
the portable index on PostgreSQL), the same reading of the text, the same hits in the same
order as ``clew search TEXT --limit 200`` — reading a window of :data:`WINDOW` hits. Each hit
is labelled with its chosen country, roles, syndicate and record schemata; the hits matching
the chosen facet values are kept, the facets are counted over them (so the counts add up to
``total``) and one page is returned. Everything is read inside the operation-scoped store, so
neither hits nor facet counts can reveal another operation. The search itself is audited by
``clew.service.search`` (``search.query``: the number of hits and their subject ids, never the
text searched, checklist A7).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from typing import Any

from clew.service.base import Result
from clew.service.lookup import labels
from clew.service.search import SearchHit, search
from clew.store.base import Store

FACETS = ("country", "role", "syndicate", "schema")
WINDOW = 200
"""Hits read per search (the API's largest page): facets count over them, pages cut them.
A search finding more says so (``more``); narrowing the text or a facet finds the rest."""
NONE = {"country": "??", "syndicate": "none"}  # the facet value of a subject without one


@dataclass(frozen=True)
class FacetedHit(SearchHit):
    """A ``clew search`` hit and the facet values of its subject."""

    country: str | None
    syndicate_id: str | None
    roles: tuple[str, ...]
    schemata: tuple[str, ...]

    def facet_values(self, facet: str) -> tuple[str, ...]:
        if facet == "country":
            return (self.country or NONE["country"],)
        if facet == "syndicate":
            return (self.syndicate_id or NONE["syndicate"],)
        return self.roles if facet == "role" else self.schemata

    def row(self) -> dict[str, Any]:
        """The hit as one flat row of a list (and its CSV/JSON twins): what matched, in words."""
        return {
            "subject_id": self.subject_id, "name": self.display.name, "country": self.country,
            "syndicate_id": self.syndicate_id, "roles": self.roles, "kinds": self.schemata,
            "score": self.score, "matched": tuple(f"{m.kind}: {m.value}" for m in self.matches),
        }  # fmt: skip


@dataclass(frozen=True)
class FacetedSearch(Result):
    read_as: tuple[str, ...]  # how the text was read (``clew search``'s)
    total: int  # hits in the window after the filters
    more: bool  # the window was full: there may be hits beyond it
    hits: tuple[FacetedHit, ...]  # the page asked for
    facets: dict[str, dict[str, int]]  # facet -> value -> hits, over every kept hit
    index_rebuilt: bool


def faceted(
    store: Store,
    text: str,
    *,
    region: str | None = None,
    filters: dict[str, str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> FacetedSearch:
    """``clew search TEXT --country REGION --limit 200`` hits whose facet values include every
    ``filters`` value (facet -> value, e.g. ``{"country": "NL"}``), counted into facets and
    paged by ``limit``/``offset``."""
    unknown = set(filters or {}) - set(FACETS)
    if unknown:
        raise ValueError(f"unknown facets {sorted(unknown)}: use {', '.join(FACETS)}")
    result = search(store, text, country=region, limit=WINDOW)
    labelled = _labelled(store, result.hits)
    kept = [h for h in labelled if all(v in h.facet_values(f) for f, v in (filters or {}).items())]
    facets: dict[str, Counter] = {f: Counter() for f in FACETS}
    for hit in kept:
        for facet in FACETS:
            facets[facet].update(hit.facet_values(facet))
    return FacetedSearch(
        read_as=result.read_as,
        total=len(kept),
        more=len(result.hits) >= WINDOW,
        hits=tuple(kept[offset : offset + limit]),
        facets={f: dict(sorted(c.items(), key=lambda x: (-x[1], x[0]))) for f, c in facets.items()},
        index_rebuilt=result.index_rebuilt,
    )


def _labelled(store: Store, hits: tuple[SearchHit, ...]) -> list[FacetedHit]:
    ids = [h.subject_id for h in hits]
    label = labels(store, ids)
    roles: dict[str, set[str]] = {}
    schemata: dict[str, set[str]] = {}
    if ids:
        for r in store.select("subject_roles", {"subject_id": ids}, ["subject_id", "role"]):
            roles.setdefault(r["subject_id"], set()).add(r["role"])
        for r in store.select("subject_members", {"subject_id": ids}, ["subject_id", "schema"]):
            schemata.setdefault(r["subject_id"], set()).add(r["schema"])
        records = [i for i in ids if i not in schemata]  # a record no resolution grouped: its own
        for r in (
            store.select("fragments", {"entity_id": records}, ["entity_id", "schema"]) if records else ()
        ):
            schemata.setdefault(r["entity_id"], set()).add(r["schema"])
    out = []
    for hit in hits:
        sid = hit.subject_id
        own = {f.name: getattr(hit, f.name) for f in fields(SearchHit)}
        out.append(
            FacetedHit(
                **own,
                country=label[sid].country,
                syndicate_id=label[sid].syndicate_id,
                roles=tuple(sorted(roles.get(sid, ()))),
                schemata=tuple(sorted(schemata.get(sid, ()))),
            )
        )
    return out
