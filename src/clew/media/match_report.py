"""What a match run yields: the media subject roles and the summary the command prints.

Roles count the items per subject: ``holder-known-material`` or ``sharer-known-material``
(shared in a chat) for matches on a known list, ``possibly-new-material`` for possibly new
items. The summary counts matches, groups known material per subject (per exhibit where no
holder was given) and carries the caveat of every list that matched.
"""

from __future__ import annotations

import json
from typing import Any

from clew.media.items import MediaItem


def roles(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``subject_roles`` rows of the media analysis: items, series and lists per subject and role."""
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


def summary(
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
