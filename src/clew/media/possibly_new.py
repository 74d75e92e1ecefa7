"""Possibly new material: unknown items seen with two or more subjects, or in a chat group.

Items no known list matched are grouped by their cryptographic digest and by PDQ
near-duplicates (within the match's ``distance``, for hashes of quality >= ``quality``); a
group that spans two subjects or was shared in a chat group is flagged for review, under a
label derived from its smallest digest so that the same material keeps the same label.
"""

from __future__ import annotations

from collections import defaultdict

from clew.media.index import PdqIndex, from_hex
from clew.media.items import MediaItem


def _union(pairs: list[tuple[int, int]], n: int) -> list[int]:
    """Each of ``n`` positions' group root after joining ``pairs`` (the smallest position wins)."""
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


def possibly_new(
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
