"""Score syndicates and countries against a demo's ground truth (``<demo>/truth/``).

Subjects are mapped to people through ``records.csv``: a subject is the person most of its
records belong to; a person is represented by the subject holding most of their records.
Syndicates: ARI and NMI (igraph's ``compare_communities``) between true ``syndicate_id`` and
found syndicate, over people that have a true syndicate; a person whose subject is in no
syndicate is a singleton cluster (so missing them costs). Countries: share of people with a
true country whose subject's chosen country matches (and the share that has one at all).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import igraph as ig

from clew.network import query
from clew.network.subjects import SubjectIndex
from clew.resolve import subject_map
from clew.store.base import Store
from clew.vocabulary import ADMIN, KEY_PLAYER, AuditAction, RunKind


def _table(truth: Any, name: str) -> list[dict]:
    """Rows of a truth table from a ``clew.evaluation.truth.Truth``, a dict of tables or a folder."""
    if isinstance(truth, (str, Path)):
        from clew.evaluation.truth import load

        truth = load(Path(truth))
    value = truth.get(name) if isinstance(truth, dict) else getattr(truth, name)
    if isinstance(value, dict):  # records: entity_id -> person_id
        return [{"entity_id": k, "person_id": v} for k, v in value.items()]
    return list(value)


def person_of_subjects(store: Store, records: list[dict]) -> tuple[dict[str, str], dict[str, str]]:
    """(subject -> majority person, person -> subject with most of their records)."""
    owners = {}
    for row in store.select(
        "statements", {"schema": "UserAccount", "prop": "owner"}, columns=["entity_id", "value"]
    ):
        if row["value"]:
            owners[row["entity_id"]] = row["value"]
    index = SubjectIndex(subject_map(store), owners)
    votes: dict[str, Counter] = defaultdict(Counter)
    for row in records:
        votes[index.of(row["entity_id"])][row["person_id"]] += 1
    subject_person = {s: c.most_common(1)[0][0] for s, c in votes.items()}
    per_person: dict[str, Counter] = defaultdict(Counter)
    for s, c in votes.items():
        for p, n in c.items():
            per_person[p][s] += n
    person_subject = {p: c.most_common(1)[0][0] for p, c in per_person.items()}
    return subject_person, person_subject


def evaluate(store: Store, truth: Any) -> dict[str, Any]:
    """``{"syndicates": {ari, nmi, people, found, true, coverage, tied, ari_assigned}, "countries":
    {accuracy, coverage, people}}``; ``coverage`` is the share of true members assigned a syndicate,
    ``tied`` the share with any tie in the graph (the ceiling of ``coverage``), and
    ``coverage_of_tied`` the share of those tied members assigned (coverage against its ceiling,
    as resolution recall is read against the evidence ceiling)."""
    people = _table(truth, "people")
    records = _table(truth, "records")
    _subject_person, person_subject = person_of_subjects(store, records)
    syndicate = query.syndicate_of(store)
    country = query.country_of(store)
    true_labels, found_labels = [], []
    codes: dict[str, int] = {}
    for p in people:
        if not p.get("syndicate_id"):
            continue
        subject = person_subject.get(p["person_id"])
        found = syndicate.get(subject) if subject else None
        true_labels.append(codes.setdefault("t:" + p["syndicate_id"], len(codes)))
        found_labels.append(
            codes.setdefault(f"f:{found}" if found else f"single:{p['person_id']}", len(codes))
        )
    result: dict[str, Any] = {"syndicates": {"people": len(true_labels)}}
    if true_labels:
        members = _with_syndicate(people)
        assigned = [(t, f) for t, f, p in zip(true_labels, found_labels, members, strict=True)
                    if syndicate.get(person_subject.get(p, ""))]  # fmt: skip
        tied = _tied(store)
        tied_members = [p for p in members if person_subject.get(p) in tied]
        n_tied = len(tied_members)
        tied_assigned = sum(bool(syndicate.get(person_subject[p])) for p in tied_members)
        result["syndicates"].update(
            ari=round(adjusted_rand(true_labels, found_labels), 4),
            nmi=round(ig.compare_communities(true_labels, found_labels, method="nmi"), 4),
            true=len(set(true_labels)),
            found=len({f for f in found_labels}),
            coverage=round(len(assigned) / len(true_labels), 4),
            tied=round(n_tied / len(true_labels), 4),
            coverage_of_tied=round(tied_assigned / n_tied, 4) if n_tied else None,
            ari_assigned=_ari([t for t, _ in assigned], [f for _, f in assigned]),
        )  # fmt: skip
    result["roles"] = _roles(store, people, person_subject)
    right = have = total = 0
    for p in people:
        cc = (p.get("country") or "").upper()
        if not cc:
            continue
        total += 1
        got = country.get(person_subject.get(p["person_id"], ""))
        if got:
            have += 1
            right += got == cc
    result["countries"] = {
        "people": total,
        "accuracy": round(right / total, 4) if total else None,
        "accuracy_where_known": round(right / have, 4) if have else None,
        "coverage": round(have / total, 4) if total else None,
    }
    store.audit(AuditAction.EVALUATE_NETWORK, None, result)
    return result


def _tied(store: Store) -> set[str]:
    """Subjects with at least one tie in the network step's graph — a stored pair, or a gathering
    (group, event, file) of two or more whose pairs were too faint to store: the only ones any
    syndicate (core or periphery) can hold, so the share of members among them is the ceiling
    of the coverage."""
    tied: set[str] = set()
    for row in store.select("graph_edges", columns=["left_id", "right_id"]):
        tied.update((row["left_id"], row["right_id"]))
    for row in store.select("gathering_members", columns=["subject_id", "size"]):
        if row["size"] > 1:
            tied.add(row["subject_id"])
    return tied


def _with_syndicate(people: list[dict]) -> list[str]:
    return [p["person_id"] for p in people if p.get("syndicate_id")]


def _roles(store: Store, people: list[dict], person_subject: dict[str, str]) -> dict[str, Any]:
    """Admins found (network role ``admin``) against the truth's admins, and the share of true
    admins ranked among their syndicate's key players (key-player recall at the key-player quota)."""
    from clew.evaluation import precision_recall_f1

    found: dict[str, set[str]] = defaultdict(set)
    for row in store.select("subject_roles", {"analysis": RunKind.NETWORK, "role": [ADMIN, KEY_PLAYER]}):
        found[row["role"]].add(row["subject_id"])
    admins = {person_subject.get(p["person_id"]) for p in people if ADMIN in p.get("roles", "").split(";")}
    admins.discard(None)
    p, r, _ = precision_recall_f1(len(found[ADMIN] & admins), len(found[ADMIN]), len(admins), 0.0)
    return {
        "admin": {"precision": round(p, 4), "recall": round(r, 4), "true": len(admins)},
        "key_player_recall_of_admins": round(len(found[KEY_PLAYER] & admins) / len(admins), 4)
        if admins
        else None,
    }


def adjusted_rand(true: list[int], found: list[int]) -> float:
    """igraph's adjusted Rand index, and 1.0 where it is 0 / 0: both partitions one cluster
    (an operation of one syndicate, all found together) or both all singletons. The index is
    (index − expected) / (max − expected), and max = expected only when the two partitions are
    the same trivial one — perfect agreement, which scikit-learn's ``adjusted_rand_score``
    also scores 1.0. igraph returns NaN there, which read as a failure and is not JSON."""
    ari = ig.compare_communities(true, found, method="adjusted_rand")
    return 1.0 if math.isnan(ari) else ari


def _ari(true: list[int], found: list[int]) -> float | None:
    return round(adjusted_rand(true, found), 4) if len(true) > 1 else None
