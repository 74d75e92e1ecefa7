"""Constrained clustering: union-find that refuses merges between clearly different people.

Links are applied strongest first (analyst "same", account owner, identifiers, then model scores
in descending order). Before two clusters join, their summaries are compared; the merge is
refused — and the refusal is recorded on the link — when the clusters hold

- an analyst "different" decision between any of their members;
- birth dates that are all far apart (more than one typo and not a day/month swap);
- real-person full names none of which is compatible with any on the other side.

So a single weak link (a contact saved under two people's numbers, a borderline score) can never
chain two well-described people into one subject. Analyst "same" decisions bypass the name and
birth-date checks (the analyst knows better), but not an analyst "different".
"""

from __future__ import annotations

from clew.resolve import names as nm
from clew.resolve.frame import Actor

MAX_NAMES = 12  # distinct full names kept per cluster summary


def dob_close(a: str, b: str) -> bool:
    """Same date, one digit's typo, or day and month swapped."""
    if a == b:
        return True
    da, db = a.replace("-", ""), b.replace("-", "")
    if len(da) == len(db) and sum(x != y for x, y in zip(da, db, strict=True)) <= 1:
        return True
    return da[:4] == db[:4] and da[4:6] == db[6:8] and da[6:8] == db[4:6]


def names_conflict(left: list[str], right: list[str]) -> bool:
    """Both sides have full names and no name on one side is compatible with one on the other."""
    if not left or not right:
        return False
    return not any(nm.compatible(a, b) for a in left for b in right)


def dobs_conflict(left: set[str], right: set[str]) -> bool:
    if not left or not right:
        return False
    return not any(dob_close(a, b) for a in left for b in right)


class Clusters:
    """Union-find over actor indices with per-cluster evidence summaries."""

    def __init__(self, actors: list[Actor], different: list[tuple[int, int]] = ()) -> None:
        n = len(actors)
        self.parent = list(range(n))
        self.size = [1] * n
        self.dobs: list[set[str] | None] = [{a.dob} if a.dob else None for a in actors]
        self.names: list[list[str] | None] = [
            [x for x in a.names if nm.is_full(x)][:MAX_NAMES] or None if a.strong else None for a in actors
        ]
        self.cannot: dict[int, set[int]] = {}
        for i, j in different:
            self.cannot.setdefault(i, set()).add(j)
            self.cannot.setdefault(j, set()).add(i)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def conflict(self, ra: int, rb: int, *, analyst: bool = False) -> str | None:
        """Why clusters ``ra`` and ``rb`` (roots) must not merge, or None."""
        small, big = (ra, rb) if len(self.cannot.get(ra, ())) <= len(self.cannot.get(rb, ())) else (rb, ra)
        if any(self.find(x) == big for x in self.cannot.get(small, ())):
            return "analyst decided: different people"
        if analyst:
            return None
        if dobs_conflict(self.dobs[ra] or set(), self.dobs[rb] or set()):
            return f"different birth dates: {sorted(self.dobs[ra])} / {sorted(self.dobs[rb])}"
        if names_conflict(self.names[ra] or [], self.names[rb] or []):
            return f"different names: {self.names[ra][:3]} / {self.names[rb][:3]}"
        return None

    def union(self, i: int, j: int, *, analyst: bool = False) -> tuple[bool, str | None]:
        """Merge the clusters of ``i`` and ``j``; returns (merged-or-already-one, refusal reason)."""
        ra, rb = self.find(i), self.find(j)
        if ra == rb:
            return True, None
        reason = self.conflict(ra, rb, analyst=analyst)
        if reason:
            return False, reason
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        if self.dobs[rb]:
            self.dobs[ra] = (self.dobs[ra] or set()) | self.dobs[rb]
        if self.names[rb]:
            merged = list(self.names[ra] or [])
            merged += [x for x in self.names[rb] if x not in merged]
            self.names[ra] = merged[:MAX_NAMES]
        if rb in self.cannot:
            self.cannot.setdefault(ra, set()).update(self.cannot.pop(rb))
        return True, None

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out
