"""Resolution without storage: actors (and analyst decisions) in, links and subjects out.

Stages, each timed (``Result.timings``) so the benchmark can report them:

1. ``shared``  — identifiers held by clearly different people are marked shared (no hard link);
2. ``identifier`` — every other strong identifier links its holders (plus account → owner);
3. ``model``   — Splink scores name/birth-date/partial-identifier pairs (``clew.resolve.model``);
4. ``cluster`` — links applied strongest first through the constrained union-find
   (``clew.resolve.cluster``); decisions first: "same" merges, "different" forbids.

Subject id = ``subj-`` + first 12 hex of SHA-1 of the cluster's smallest entity id, so ids stay
the same across re-runs while membership (its smallest member) is unchanged.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from clew.resolve import model
from clew.resolve import names as nm
from clew.resolve.cluster import Clusters, dobs_conflict
from clew.resolve.frame import Actor

MAX_HOLDERS = 50  # more distinct records than this on one identifier: a shop's or a hotline's
KIND_ORDER = {"decision": 0, "owner": 1, "identifier": 2, "probabilistic": 3}


@dataclass
class Link:
    left: str
    right: str
    kind: str  # decision | owner | identifier | probabilistic
    score: float | None
    evidence: dict[str, Any]
    accepted: int = 0


@dataclass
class Result:
    subjects: dict[str, list[str]]  # subject id -> member entity ids
    links: list[Link]
    shared: list[dict[str, Any]]  # {key, records, reason}
    timings: dict[str, float] = field(default_factory=dict)

    def subject_of(self) -> dict[str, str]:
        return {e: s for s, members in self.subjects.items() for e in members}


CORROBORATING = {"dob": ("exact", "one edit or day/month swap"), "idpart": ("exact", "<= 2 edits")}
NAMES_ONLY = "names agree but no birth date or partial identifier does: homonyms stay apart"


def corroborated(evidence: dict[str, Any]) -> bool:
    """A model link merges only when something besides the name agrees (birth date or partial
    identifier): same common name with different numbers is two people unless evidence joins them.
    Why by construction: how likely a name is shared depends on the population, which a model
    prior (2/n) only guesses, so a small operation would otherwise merge its homonyms."""
    fields = evidence.get("fields", {})
    return any(fields.get(f, {}).get("level") in levels for f, levels in CORROBORATING.items())


def subject_id(members: Iterable[str]) -> str:
    return "subj-" + hashlib.sha1(min(members).encode("utf-8")).hexdigest()[:12]


def shared_reason(holders: list[Actor]) -> str | None:
    """Why an identifier held by these records is not one person's, or None."""
    if len(holders) > MAX_HOLDERS:
        return f"held by {len(holders)} records (more than {MAX_HOLDERS}): a shared or public number"
    dobs = {a.dob for a in holders if a.dob}
    if len(dobs) > 1:
        for a in dobs:
            for b in dobs:
                if a < b and dobs_conflict({a}, {b}):
                    return f"holders born on different dates ({a}, {b})"
    full = []
    for actor in holders:
        names = [n for n in actor.names if nm.is_full(n)] if actor.strong else []
        if names:
            full.append((actor.id, names))
    for i, (id_a, names_a) in enumerate(full):
        for id_b, names_b in full[i + 1 :]:
            if not any(nm.compatible(x, y) for x in names_a for y in names_b):
                return f"holders with different names ({names_a[0]!r} in {id_a}, {names_b[0]!r} in {id_b})"
    return None


def names_evidence(a: Actor, b: Actor) -> dict[str, Any] | None:
    """The first pair of the two records' names that agree and the rules by which they do
    (``clew.resolve.names.agreement``): what an identifier link says about the names it joins."""
    for x in a.names:
        for y in b.names:
            rules = nm.agreement(x, y)
            if rules is not None:
                return {"names": [x, y], "rules": list(rules)}
    return None


def described(actor: Actor) -> bool:
    """A record that says whose the identifier is: a person with a full name."""
    return actor.strong and any(nm.is_full(x) for x in actor.names)


def identifier_links(actors: list[Actor]) -> tuple[list[Link], list[dict[str, Any]], set[str]]:
    """Hard links on strong identifiers and owners; the shared identifiers and their reasons.

    The holders of one identifier are linked as a star from a described holder (a person with
    a full name; the first in record order among equals), not from whichever record comes
    first: when that hub's own join is refused (an address-book entry that also holds another
    person's number went to that person), the nameless records holding the number still join
    the person the number describes, whatever ids another tool gave the records."""
    holders: dict[str, list[int]] = defaultdict(list)
    for i, actor in enumerate(actors):
        for key in actor.keys:
            holders[key].append(i)
    links: list[Link] = []
    shared: list[dict[str, Any]] = []
    shared_keys: set[str] = set()
    for key in sorted(holders):
        idx = holders[key]
        if len(idx) < 2:
            continue
        members = sorted((actors[i] for i in idx), key=lambda a: not described(a))
        reason = shared_reason(members)
        if reason:
            shared.append({"key": key, "records": len(idx), "reason": reason})
            shared_keys.add(key)
            continue
        head = members[0]
        for other in members[1:]:
            evidence = {
                "identifier": key,
                "kind": key.split(":", 1)[0],
                "props": [head.keys[key], other.keys[key]],
            }
            if names := names_evidence(head, other):
                evidence["names"] = names
            links.append(Link(head.id, other.id, "identifier", 1.0, evidence))
    for actor in actors:
        if actor.owner:
            left, right = sorted((actor.id, actor.owner))
            links.append(Link(left, right, "owner", 1.0, {"owner": actor.owner, "account": actor.id}))
    return links, shared, shared_keys


def model_frame(actors: list[Actor], shared_keys: set[str]) -> pd.DataFrame:
    """One row per named actor for the Splink model."""
    rows = []
    shared_tails = {k.rsplit(":", 1)[-1][-8:] for k in shared_keys if k.startswith("phone:")}
    for actor in actors:
        if not actor.names:
            continue
        first, last = nm.split_name(actor.names[0])
        if not first and not last:
            continue
        idpart = actor.idpart if actor.idpart not in shared_tails else None
        rows.append((actor.id, first, last, actor.dob, idpart, actor.country))
    return pd.DataFrame(rows, columns=["unique_id", "first_name", "last_name", "dob", "idpart", "country"])


def model_links(frame: pd.DataFrame) -> list[Link]:
    if len(frame) < 2:
        return []
    scored = model.score([frame])
    levels = scored.attrs.get("levels", {})
    links = []
    for row in scored.itertuples(index=False):
        row_d = row._asdict()
        left, right = sorted((row_d["unique_id_l"], row_d["unique_id_r"]))
        prob = float(row_d["match_probability"])
        links.append(Link(left, right, "probabilistic", prob, model.explain_row(row_d, levels)))
    return links


def resolve(
    actors: list[Actor],
    decisions: Iterable[tuple[str, str, bool, str | None]] = (),
    *,
    threshold: float = model.THRESHOLD,
    use_model: bool = True,
    guards: bool = True,
) -> Result:
    """Resolve ``actors`` into subjects. ``decisions``: (left id, right id, same?, reason).

    ``guards=False`` turns off the name/birth-date checks between clusters (decisions still
    apply): only for measuring what the guards cost in recall (``bench/resolve.py --febrl``).
    """
    was_enabled = gc.isenabled()
    gc.disable()  # millions of small objects: the cyclic GC would make this quadratic
    try:
        return _resolve(actors, list(decisions), threshold=threshold, use_model=use_model, guards=guards)
    finally:
        if was_enabled:
            gc.enable()


def _resolve(
    actors: list[Actor],
    decisions: list[tuple[str, str, bool, str | None]],
    *,
    threshold: float,
    use_model: bool,
    guards: bool,
) -> Result:
    timings: dict[str, float] = {}
    t = time.perf_counter()
    index = {a.id: i for i, a in enumerate(actors)}
    links, shared, shared_keys = identifier_links(actors)
    timings["identifier"] = time.perf_counter() - t

    t = time.perf_counter()
    if use_model:
        links += model_links(model_frame(actors, shared_keys))
    timings["model"] = time.perf_counter() - t

    t = time.perf_counter()
    decided = [(a, b, same, reason) for a, b, same, reason in decisions if a in index and b in index]
    different = [(index[a], index[b]) for a, b, same, _ in decided if not same]
    clusters = Clusters(actors, different)
    for a, b, same, reason in decided:
        left, right = sorted((a, b))
        evidence = {"decision": "same" if same else "different", "reason": reason}
        link = Link(left, right, "decision", 1.0 if same else 0.0, evidence)
        if same:
            merged, refusal = clusters.union(index[a], index[b], analyst=True)
            link.accepted = int(merged)
            if refusal:
                link.evidence["refused"] = refusal
        links.append(link)
    ordered = sorted(
        (lk for lk in links if lk.kind != "decision"),
        key=lambda lk: (KIND_ORDER[lk.kind], -(lk.score or 0), lk.left, lk.right),
    )
    for link in ordered:
        if link.kind == "probabilistic" and (link.score or 0) < threshold:
            link.evidence["below_threshold"] = threshold
            continue
        if link.kind == "probabilistic" and not corroborated(link.evidence):
            link.evidence["names_only"] = NAMES_ONLY
            continue
        merged, refusal = clusters.union(index[link.left], index[link.right], analyst=not guards)
        link.accepted = int(merged)
        if refusal:
            link.evidence["refused"] = refusal
    subjects = {}
    for members in clusters.groups().values():
        ids = sorted(actors[i].id for i in members)
        subjects[subject_id(ids)] = ids
    timings["cluster"] = time.perf_counter() - t
    return Result(subjects=subjects, links=links, shared=shared, timings=timings)
