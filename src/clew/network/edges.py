"""Weighted subject–subject edges from the network's inputs (weights documented in
docs/architecture.md, ``## Network``).

``WEIGHTS`` is the registry: one base weight per kind of evidence. How a kind adds up:
- one-to-one interactions (``contact``, ``call``, ``message``, ``payment``, ``link``):
  ``base × (1 + ln n)`` for ``n`` of them between the same pair — repetition counts, with
  diminishing returns;
- gatherings (chat-group co-membership ``group``, co-attendance ``event``, holding the same
  file ``file``): each pair of the ``s`` subjects present gets ``base / (s − 1)``, so every
  subject receives at most ``base`` from one gathering however large it is: a 500-member
  channel spreads the same weight as a 3-person chat over 166 times as many pairs.
  Gatherings above ``GATHERING_CAP`` subjects are not expanded into all pairs: each subject is
  linked to its ``RING`` next neighbours in a seeded random order (same per-pair weight), which
  keeps them connected for paths without materialising ``s²/2`` pairs.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from clew.network.inputs import Inputs
from clew.network.subjects import SubjectIndex

WEIGHTS: dict[str, float] = {
    "contact": 1.0,  # the contact is in the device owner's address book
    "link": 1.0,  # an explicit Associate / Family / UnknownLink record
    "call": 1.0,
    "message": 1.0,
    "payment": 0.8,  # money moved between the two (directly or via accounts they hold)
    "group": 1.0,  # co-membership of a chat group / board, per group, / (size - 1)
    "event": 1.0,  # co-attendance of an Event (involved/organizer), / (attendees - 1)
    "file": 0.5,  # the same file hash held by both, per file, / (holders - 1)
}
REPEATED = frozenset({"contact", "link", "call", "message", "payment"})
GATHERING_CAP = 300
RING = 10
EVIDENCE_CAP = 5
SEED = 20260301


@dataclass
class Edge:
    weight: float = 0.0
    kinds: dict[str, float] = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)


class EdgeSet:
    """Undirected subject pairs with per-kind weights and capped evidence.

    Kept as flat dicts (pair -> {kind: weight}, pair -> evidence) because hundreds of
    thousands of pairs pass through ``add``; :meth:`weights` sums the kinds.
    """

    def __init__(self) -> None:
        self.kinds: dict[tuple[str, str], dict[str, float]] = {}
        self.evidence: dict[tuple[str, str], list[dict]] = {}
        self._counts: dict[tuple[tuple[str, str], str], int] = defaultdict(int)

    def add(self, a: str, b: str, kind: str, weight: float, via: str | None = None) -> None:
        if a == b:
            return
        key = (a, b) if a < b else (b, a)
        kinds = self.kinds.get(key)
        if kinds is None:
            self.kinds[key] = {kind: weight}
            if via is not None:
                self.evidence[key] = [{"kind": kind, "via": via}]
            return
        kinds[kind] = kinds.get(kind, 0.0) + weight
        if via is not None:
            found = self.evidence.setdefault(key, [])
            if len(found) < EVIDENCE_CAP:
                found.append({"kind": kind, "via": via})

    def count(self, a: str, b: str, kind: str, via: str) -> None:
        """One more one-to-one interaction; weights are settled in :meth:`settle`."""
        if a == b:
            return
        key = (a, b) if a < b else (b, a)
        self._counts[key, kind] += 1
        self.add(key[0], key[1], kind, 0.0, via)

    def settle(self) -> None:
        for (key, kind), n in self._counts.items():
            self.kinds[key][kind] += WEIGHTS[kind] * (1.0 + math.log(n))
        self._counts.clear()

    def weights(self) -> dict[tuple[str, str], float]:
        return {key: sum(kinds.values()) for key, kinds in self.kinds.items()}

    def edges(self) -> dict[tuple[str, str], Edge]:
        """Each pair as an :class:`Edge` (weight, kinds, evidence): for tests and small graphs."""
        return {
            key: Edge(sum(kinds.values()), kinds, self.evidence.get(key, []))
            for key, kinds in self.kinds.items()
        }

    def gathering(self, kind: str, subjects: Iterable[str], via: str) -> None:
        members = sorted(set(subjects))
        s = len(members)
        if s < 2:
            return
        w = WEIGHTS[kind] / (s - 1)
        if s <= GATHERING_CAP:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    self.add(a, b, kind, w, via)
            return
        random.Random(f"{SEED}:{via}").shuffle(members)
        half = RING // 2
        for i, a in enumerate(members):
            for j in range(1, half + 1):
                self.add(a, members[(i + j) % s], kind, w, via)


def build(inputs: Inputs, index: SubjectIndex) -> EdgeSet:
    """Every kind of evidence in ``inputs`` as subject edges."""
    edges = EdgeSet()
    of = index.of
    for entity, sources in inputs.record_sources.items():
        if inputs.actors.get(entity) != "Person":
            continue
        for src in sources:
            owner = inputs.source_owners.get(src)
            if owner and owner != entity:
                edges.count(of(owner), of(entity), "contact", f"source:{src}")
    for kind, a, b, via in inputs.interactions:
        edges.count(of(a), of(b), kind, via)
    for payers, beneficiaries, via in inputs.payments:
        for a in _holders(payers, inputs, index):
            for b in _holders(beneficiaries, inputs, index):
                edges.count(a, b, "payment", via)
    edges.settle()
    for group, members in group_members(inputs, index).items():
        edges.gathering("group", members, group)
    for kind, via, entities in inputs.gatherings:
        edges.gathering(kind, (of(e) for e in entities), via)
    for digest, held in inputs.files.items():
        edges.gathering("file", (of(h) for h, _ in held), f"file:{digest}")
    return edges


def group_members(inputs: Inputs, index: SubjectIndex) -> dict[str, set[str]]:
    """group id -> subjects that are members of it."""
    out: dict[str, set[str]] = defaultdict(set)
    for member, group, _role, _id in inputs.memberships:
        out[group].add(index.of(member))
    return out


def _holders(ids: list[str], inputs: Inputs, index: SubjectIndex) -> set[str]:
    out: set[str] = set()
    for entity in ids:
        held = inputs.holders.get(entity)
        if held:
            out.update(index.of(h) for h in held)
        elif entity in inputs.actors:
            out.add(index.of(entity))
    return out
