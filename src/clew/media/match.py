"""``clew media match``: known-material matches, possibly-new material, subject roles.

1. Items matching a **known-good** list (MD5/SHA-1/SHA-256, e.g. NSRL) are set aside.
2. **Exact** matches on MD5, SHA-1, SHA-256 against **known** lists.
3. **PDQ** matches within ``distance`` for item hashes of quality >= ``quality`` (items
   without a stated quality are matched; list hashes carry none) through the exact
   :class:`~clew.media.index.PdqIndex`; with ``dihedral`` the 8 rotations/mirrors of hashed
   files are queried too; a hashed video matches through any frame of quality >= ``quality``.
4. Unknown items (no known match) whose SHA-256 or PDQ near-duplicate group is seen with
   two or more subjects, or in a chat group, are **possibly new material**
   (``clew.media.possibly_new``).
Every match keeps the list's series and category; items link to holders and through
``clew.resolve.subject_map`` to subjects (an entity with no subject stands for itself).
Roles holder-/sharer-known-material and possibly-new-material replace the media rows of
``subject_roles`` (roles and the summary: ``clew.media.match_report``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from clew.media import match_report
from clew.media.index import PdqIndex, from_hex
from clew.media.items import MediaItem, load_items
from clew.media.possibly_new import possibly_new
from clew.resolve import subject_map
from clew.store.base import Store
from clew.vocabulary import AuditAction, RunKind

CRYPTO = ("md5", "sha1", "sha256")
LOOKUP_BATCH = 500


def _lists(store: Store) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in store.select("hashlists")}


def _exact_tables(
    store: Store, names: list[str], items: list[MediaItem], pdq: bool = False
) -> dict[str, dict[str, list[dict]]]:
    """Entries of the lists ``names`` whose digests occur among ``items`` (and every PDQ entry
    when ``pdq``): a list of 100M NSRL hashes is probed by the items, never loaded whole."""
    tables: dict[str, dict[str, list[dict]]] = {k: defaultdict(list) for k in (*CRYPTO, "pdq")}
    if not names:
        return tables
    for key in CRYPTO:
        wanted = sorted({getattr(i, key) for i in items if getattr(i, key)})
        for start in range(0, len(wanted), LOOKUP_BATCH):
            where = {"list_name": names, key: wanted[start : start + LOOKUP_BATCH]}
            for row in store.select("hashlist_entries", where):
                tables[key][row[key]].append(row)
    if pdq:
        for row in store.select("hashlist_entries", {"list_name": names}):
            if row["pdq"]:
                tables["pdq"][row["pdq"]].append(row)
    return tables


def match(store: Store, *, distance: int = 31, quality: int = 50, dihedral: bool = False) -> dict[str, Any]:
    """Run the matching; store ``media_matches`` and the media subject roles; return a summary.

    The summary names subjects (known material per subject, possibly-new groups), so the audit
    entry lists them: it is a subject-facing read as well as an analysis. A failure marks the
    run failed and re-raises.
    """
    with store.run(RunKind.MEDIA, f"distance={distance} quality={quality} dihedral={dihedral}") as run:
        summary = _match(store, run.id, distance, quality, dihedral)
    subjects = {s["subject_id"] for s in summary["per_subject"] if s["subject_id"]}
    subjects.update(s for g in summary["possibly_new"] for s in g["subjects"])
    detail = {k: v for k, v in summary.items() if not isinstance(v, list)}
    store.audit(AuditAction.MEDIA_MATCH, None, {**detail, "subjects": sorted(subjects)})
    return summary


def _match(store: Store, run_id: str, distance: int, quality: int, dihedral: bool) -> dict[str, Any]:
    lists = _lists(store)
    known = [n for n, r in lists.items() if r["kind"] == "known"]
    good = [n for n, r in lists.items() if r["kind"] == "known-good"]
    subjects = subject_map(store)
    items = load_items(store)

    good_tables = _exact_tables(store, good, items)
    excluded = [i for i in items if any(getattr(i, k) and getattr(i, k) in good_tables[k] for k in CRYPTO)]
    excluded_ids = {id(i) for i in excluded}
    items = [i for i in items if id(i) not in excluded_ids]

    tables = _exact_tables(store, known, items, pdq=True)
    matches: list[dict[str, Any]] = []
    matched: set[int] = set()

    def add(n: int, item: MediaItem, how: str, entry: dict | None, dist: int | None) -> None:
        holder = item.holder
        matches.append(
            {
                "item": item.item,
                "item_kind": item.kind,
                "holder": holder,
                "subject_id": subjects.get(holder, holder) if holder else None,
                "match": how,
                "list_name": entry["list_name"] if entry else None,
                "distance": dist,
                "category": entry["category"] if entry else None,
                "series": entry["series"] if entry else None,
                "sha256": item.sha256,
                "pdq": item.pdq,
                "run_id": run_id,
                "_shared": item.shared,
                "_source": item.source,
            }
        )
        if entry is not None:
            matched.add(n)

    for n, item in enumerate(items):
        seen: set[tuple[str, int]] = set()
        for key in CRYPTO:
            for entry in tables[key].get(getattr(item, key) or "", []):
                if (entry["list_name"], entry["line"]) not in seen:
                    seen.add((entry["list_name"], entry["line"]))
                    add(n, item, key, entry, 0)

    list_pdqs = sorted(tables["pdq"])
    if list_pdqs:
        index = PdqIndex(from_hex(list_pdqs), distance)
        queries: list[str] = []
        owners: list[int] = []
        for n, item in enumerate(items):
            if n in matched:
                continue
            variants = [h for h, q in item.frames if q >= quality]
            if item.pdq and (item.quality is None or item.quality >= quality):
                variants += item.dihedral if dihedral and item.dihedral else (item.pdq,)
            queries.extend(variants)
            owners.extend([n] * len(variants))
        if queries:
            qi, ri, dist = index.search(from_hex(queries), distance)
            best: dict[tuple[int, str], int] = {}
            for q, r, d in zip(qi.tolist(), ri.tolist(), dist.tolist(), strict=True):
                key = (owners[q], list_pdqs[r])
                best[key] = min(best.get(key, 999), d)
            for (n, pdq), d in sorted(best.items()):
                for entry in tables["pdq"][pdq]:
                    add(n, items[n], "pdq", entry, d)

    new = possibly_new(items, matched, subjects, distance, quality)
    for n, group in new.items():
        add(n, items[n], "possibly-new", None, None)
        matches[-1]["category"] = group

    roles = match_report.roles(matches)
    with store.transaction():
        store.replace(
            "media_matches", [{k: v for k, v in m.items() if not k.startswith("_")} for m in matches]
        )
        store.replace("subject_roles", roles, {"analysis": "media"})
    return match_report.summary(items, excluded, matches, roles, lists)
