"""What the analyses concluded about a subject: roles, priority, countries, hash-match counts.

Read as each step stored them (``subject_roles``, ``subject_priority``, ``subject_countries``,
``media_matches``) and put in words for people (``clew.service.base.words``); nothing is
recomputed here, so the subject page and the exports show one answer. A step that has not run
yet gives nothing (an empty tuple, or no priority). Hash matches are counts per list, kind of
match and series — never content, never a description (checklist C3).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from clew.service.base import Result, rounded, words
from clew.store.base import Store


@dataclass(frozen=True)
class RoleView(Result):
    role: str
    analysis: str
    score: float | None
    evidence: str  # in words


@dataclass(frozen=True)
class Reason(Result):
    role: str
    analysis: str
    weight: float


@dataclass(frozen=True)
class PriorityView(Result):
    priority: float
    rank: int
    reasons: tuple[Reason, ...]  # heaviest first


@dataclass(frozen=True)
class CountryView(Result):
    country: str
    chosen: bool
    support: float
    confidence: float
    evidence: str


@dataclass(frozen=True)
class HashMatches(Result):
    list_name: str | None
    match: str  # md5 | sha1 | sha256 | pdq | possibly-new
    series: str | None
    items: int


def roles(store: Store, sid: str) -> tuple[RoleView, ...]:
    """The subject's roles, by analysis then role, each with its evidence in words."""
    return tuple(
        RoleView(r["role"], r["analysis"], rounded(r["score"]), words(r["evidence"]))
        for r in store.select("subject_roles", {"subject_id": sid}, order_by=["analysis", "role"])
    )


def priority(store: Store, sid: str) -> PriorityView | None:
    """The subject's priority and rank with its reasons, heaviest first; None before that step."""
    row = next(iter(store.select("subject_priority", {"subject_id": sid})), None)
    if row is None:
        return None
    reasons = sorted(json.loads(row["reasons"]), key=lambda r: -r["weight"])
    return PriorityView(
        rounded(row["priority"]),
        row["rank"],
        tuple(Reason(r["role"], r["analysis"], rounded(r["weight"])) for r in reasons),
    )


def countries(store: Store, sid: str) -> tuple[CountryView, ...]:
    """The countries considered for the subject, the chosen one first, then by support."""
    return tuple(
        CountryView(
            r["country"],
            bool(r["chosen"]),
            rounded(r["support"]),
            rounded(r["confidence"]),
            "; ".join(f"{e.get('rule')}: {e.get('evidence')}" for e in json.loads(r["evidence"])),
        )
        for r in store.select("subject_countries", {"subject_id": sid}, order_by=["-chosen", "-support"])
    )


def hash_matches(store: Store, sid: str) -> tuple[HashMatches, ...]:
    """How many of the subject's items matched, per list, kind of match and series."""
    return tuple(
        HashMatches(r["list_name"], r["match"], r["series"], r["n"])
        for r in store.count_by(
            "media_matches", ["list_name", "match", "series"], {"subject_id": sid}, "item"
        )
    )
