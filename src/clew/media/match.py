"""``clew media match``: known-material matches, possibly-new material, subject roles.

1. Items matching a **known-good** list (MD5/SHA-1/SHA-256, e.g. NSRL) are set aside.
2. **Exact** matches on MD5, SHA-1, SHA-256 against **known** lists.
3. **PDQ** matches within ``distance`` for item hashes of quality >= ``quality`` (items
   without a stated quality are matched; list hashes carry none) through the exact
   :class:`~clew.media.index.PdqIndex`; with ``dihedral`` the 8 rotations/mirrors of hashed
   files are queried too; a hashed video matches through any frame of quality >= ``quality``.
4. Unknown items (no known match) whose SHA-256 or PDQ near-duplicate group is seen with
   two or more subjects, or in a chat group, are **possibly new material**.
Every match keeps the list's series and category; items link to holders and through
``clew.resolve.subject_map`` to subjects (an entity with no subject stands for itself).
Roles holder-/sharer-known-material and possibly-new-material replace the media rows of
``subject_roles``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from clew.media.index import PdqIndex, from_hex
from clew.media.items import MediaItem, load_items
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


def _union(pairs: list[tuple[int, int]], n: int) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


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

    new = _possibly_new(items, matched, subjects, distance, quality)
    for n, group in new.items():
        add(n, items[n], "possibly-new", None, None)
        matches[-1]["category"] = group

    roles = _roles(matches)
    with store.transaction():
        store.replace(
            "media_matches", [{k: v for k, v in m.items() if not k.startswith("_")} for m in matches]
        )
        store.replace("subject_roles", roles, {"analysis": "media"})
    return _summary(items, excluded, matches, roles, lists)


def _possibly_new(
    items: list[MediaItem], matched: set[int], subjects: dict[str, str], distance: int, quality: int
) -> dict[int, str]:
    """Unknown items whose exact or near-duplicate group spans 2+ subjects or a chat group,
    labelled ``new-`` + the first 12 hex digits of the group's smallest digest (stable)."""
    unknown = [n for n in range(len(items)) if n not in matched]
    pairs: list[tuple[int, int]] = []
    by_sha: dict[str, int] = {}
    for pos, n in enumerate(unknown):
        sha = items[n].sha256 or items[n].sha1 or items[n].md5
        if sha in by_sha:
            pairs.append((by_sha[sha], pos))
        elif sha:
            by_sha[sha] = pos
    with_pdq = [
        p
        for p, n in enumerate(unknown)
        if items[n].pdq and (100 if items[n].quality is None else items[n].quality) >= quality
    ]
    if len(with_pdq) > 1:
        codes = from_hex([items[unknown[p]].pdq for p in with_pdq])
        qi, ri, _ = PdqIndex(codes, distance).search(codes, distance)
        pairs.extend(
            (with_pdq[a], with_pdq[b]) for a, b in zip(qi.tolist(), ri.tolist(), strict=True) if a < b
        )
    roots = _union(pairs, len(unknown))
    members: dict[int, list[int]] = defaultdict(list)
    for pos, root in enumerate(roots):
        members[root].append(unknown[pos])
    out: dict[int, str] = {}
    for group in members.values():
        holders = {subjects.get(items[n].holder, items[n].holder) for n in group if items[n].holder}
        in_group = any(items[n].groups for n in group)
        if len(holders) >= 2 or in_group:
            label = (
                "new-"
                + min(items[n].sha256 or items[n].sha1 or items[n].md5 or items[n].pdq for n in group)[:12]
            )
            for n in group:
                out[n] = label
    return out


def _roles(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for m in matches:
        if not m["subject_id"]:
            continue
        if m["match"] == "possibly-new":
            role = "possibly-new-material"
        else:
            role = "sharer-known-material" if m["_shared"] else "holder-known-material"
        slot = acc.setdefault((m["subject_id"], role), {"items": set(), "series": set(), "lists": set()})
        slot["items"].add(m["item"])
        if m["series"]:
            slot["series"].add(m["series"])
        if m["list_name"]:
            slot["lists"].add(m["list_name"])
    return [
        {
            "subject_id": subject,
            "role": role,
            "analysis": "media",
            "score": float(len(v["items"])),
            "evidence": json.dumps(
                {"items": len(v["items"]), "series": sorted(v["series"]), "lists": sorted(v["lists"])},
                sort_keys=True,
            ),
        }
        for (subject, role), v in sorted(acc.items())
    ]


def _summary(
    items: list[MediaItem],
    excluded: list[MediaItem],
    matches: list[dict[str, Any]],
    roles: list[dict[str, Any]],
    lists: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Counts, known material per subject (files hashed without ``--holder`` grouped per exhibit
    under ``subject_id`` None), possibly-new groups, and the caveat of every list that matched."""
    known = [m for m in matches if m["match"] != "possibly-new"]
    new = [m for m in matches if m["match"] == "possibly-new"]
    per_subject: dict[tuple[str, str], dict[str, Any]] = {}
    for m in known:
        key = (m["subject_id"] or "", "" if m["subject_id"] else m.get("_source") or "")
        s = per_subject.setdefault(
            key, {"subject_id": m["subject_id"], "source": key[1] or None, "items": set(), "series": set()}
        )
        s["items"].add(m["item"])
        if m["series"]:
            s["series"].add(m["series"])
    matched_lists = sorted({m["list_name"] for m in known if m["list_name"]})
    new_groups: dict[str, dict[str, Any]] = {}
    for m in new:
        g = new_groups.setdefault(m["category"], {"group": m["category"], "items": [], "subjects": set()})
        g["items"].append(m["item"])
        if m["subject_id"]:
            g["subjects"].add(m["subject_id"])
    return {
        "items": len(items) + len(excluded),
        "known_good_excluded": len(excluded),
        "matched_items": len({m["item"] for m in known}),
        "matches_exact": sum(m["match"] != "pdq" for m in known),
        "matches_pdq": sum(m["match"] == "pdq" for m in known),
        "possibly_new_items": len(new),
        "subjects_with_known_material": sum(1 for s in per_subject.values() if s["subject_id"]),
        "lists": [
            {
                "name": n,
                "caveat": (lists or {}).get(n, {}).get("caveat"),
                "matches": sum(m["list_name"] == n for m in known),
            }
            for n in matched_lists
        ],
        "roles": len(roles),
        "per_subject": [
            {
                "subject_id": s["subject_id"],
                "source": s["source"],
                "items": len(s["items"]),
                "series": sorted(s["series"]),
            }
            for s in sorted(
                per_subject.values(),
                key=lambda s: (-len(s["items"]), s["subject_id"] or "", s["source"] or ""),
            )
        ],
        "possibly_new": [
            {"group": g["group"], "items": len(g["items"]), "subjects": sorted(g["subjects"])}
            for g in sorted(new_groups.values(), key=lambda g: (-len(g["subjects"]), g["group"]))
        ],
    }
