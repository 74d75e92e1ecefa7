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

Evidence is collected as flat columns (:class:`Evidence`) and aggregated into pairs in one
vectorised pass (:meth:`Evidence.aggregate`, numpy/pandas): hundreds of thousands of rows pass
through here, and per-pair Python dicts were the step's main cost.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

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

KINDS: tuple[str, ...] = tuple(WEIGHTS)
KIND_CODE = {k: i for i, k in enumerate(KINDS)}
_BASE = np.array([WEIGHTS[k] for k in KINDS])
_COUNTED = np.array([k in REPEATED for k in KINDS])


@dataclass
class Edge:
    weight: float
    kinds: dict[str, float]
    evidence: list[dict]


@dataclass(frozen=True)
class Gathering:
    """One gathering as it was expanded into pairs: its kind, id (``via``) and subjects. Kept so
    that its ties can be stored as memberships (``gathering_members``) rather than as pairs."""

    kind: str
    via: str
    subjects: tuple[str, ...]

    @property
    def pair_weight(self) -> float:
        """What each pair of its subjects gets from it (see the module doc)."""
        return WEIGHTS[self.kind] / (len(self.subjects) - 1)


@dataclass
class Pairs:
    """Aggregated undirected pairs ``names[src[i]] < names[dst[i]]`` with their total weight,
    plus what is needed to explain any subset of them (per-kind weights, first evidence)."""

    names: list[str]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    kind_pair: np.ndarray  # per (pair, kind): pair index, kind code, weight
    kind_code: np.ndarray
    kind_weight: np.ndarray
    row_pair: np.ndarray  # per evidence row (insertion order): pair index, kind code, via code
    row_kind: np.ndarray
    row_via: np.ndarray
    vias: list[str]

    def __len__(self) -> int:
        return len(self.weight)

    def has_kinds(self, kinds: Iterable[str]) -> np.ndarray:
        """Boolean per pair: some evidence of one of ``kinds``."""
        wanted = np.isin(self.kind_code, [KIND_CODE[k] for k in kinds])
        return np.bincount(self.kind_pair[wanted], minlength=len(self)) > 0

    def weight_of(self, kinds: Iterable[str]) -> np.ndarray:
        """Per pair: the part of its weight that evidence of ``kinds`` gives (0 where none)."""
        wanted = np.isin(self.kind_code, [KIND_CODE[k] for k in kinds])
        return np.bincount(self.kind_pair[wanted], self.kind_weight[wanted], minlength=len(self))

    def kinds(self, pairs: np.ndarray) -> list[dict[str, float]]:
        """``{kind: weight}`` of each pair in ``pairs`` (indices), in that order."""
        slot = np.full(len(self), -1, dtype=np.int64)
        slot[pairs] = np.arange(len(pairs))
        out: list[dict[str, float]] = [{} for _ in range(len(pairs))]
        sel = np.flatnonzero(slot[self.kind_pair] >= 0)
        for s, k, w in zip(
            slot[self.kind_pair[sel]].tolist(),
            self.kind_code[sel].tolist(),
            self.kind_weight[sel].tolist(),
            strict=True,
        ):
            out[s][KINDS[k]] = w
        return out

    def evidence(self, pairs: np.ndarray) -> list[list[dict]]:
        """The first ``EVIDENCE_CAP`` items ``{kind, via}`` of each pair in ``pairs``."""
        slot = np.full(len(self), -1, dtype=np.int64)
        slot[pairs] = np.arange(len(pairs))
        live = self.row_pair >= 0
        rows = np.flatnonzero(live & (slot[np.where(live, self.row_pair, 0)] >= 0) & (self.row_via >= 0))
        rows = rows[np.argsort(slot[self.row_pair[rows]], kind="stable")]
        owner = slot[self.row_pair[rows]]
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else owner
        rank = np.arange(len(owner)) - np.repeat(starts, np.diff(np.r_[starts, len(owner)]))
        rows, owner = rows[rank < EVIDENCE_CAP], owner[rank < EVIDENCE_CAP]
        out: list[list[dict]] = [[] for _ in range(len(pairs))]
        for s, k, v in zip(
            owner.tolist(), self.row_kind[rows].tolist(), self.row_via[rows].tolist(), strict=True
        ):
            out[s].append({"kind": KINDS[k], "via": self.vias[v]})
        return out

    def edges(self) -> dict[tuple[str, str], Edge]:
        """Every pair as an :class:`Edge` (weight, kinds, evidence): for tests and small graphs."""
        idx = np.arange(len(self))
        kinds, evidence = self.kinds(idx), self.evidence(idx)
        return {
            (self.names[a], self.names[b]): Edge(float(w), k, e)
            for a, b, w, k, e in zip(
                self.src.tolist(), self.dst.tolist(), self.weight.tolist(), kinds, evidence, strict=True
            )
        }


class Evidence:
    """Subject–subject evidence as flat columns (subject a, subject b, kind, weight, via).

    Rows of one-to-one kinds (``REPEATED``) are counted, other rows' weights summed, when
    :meth:`aggregate` turns them into :class:`Pairs`.
    """

    def __init__(self) -> None:
        self._chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._buf: list[tuple[str, str, int, float, int]] = []
        self.vias: list[str] = []
        self.gatherings: list[Gathering] = []

    def _via(self, via: str | None) -> int:
        if via is None:
            return -1
        self.vias.append(via)
        return len(self.vias) - 1

    def add(self, a: str, b: str, kind: str, via: str | None = None, weight: float = 0.0) -> None:
        """One row; ``weight`` is ignored for counted kinds."""
        if a != b:
            self._buf.append((a, b, KIND_CODE[kind], weight, self._via(via)))

    def add_arrays(
        self,
        a: Sequence[str] | np.ndarray,
        b: Sequence[str] | np.ndarray,
        kind: np.ndarray,
        weight: np.ndarray | None = None,
        via: str | None = None,
    ) -> None:
        """Many rows at once: ``kind`` as codes (``KIND_CODE``) per row, one ``via`` for all."""
        self._flush()  # keep arrival order: evidence lists the first items a pair got
        n = len(a)
        self._chunks.append(
            (
                np.asarray(a, dtype=object),
                np.asarray(b, dtype=object),
                np.asarray(kind, dtype=np.int64),
                np.zeros(n) if weight is None else np.asarray(weight, dtype=np.float64),
                np.full(n, self._via(via), dtype=np.int64),
            )
        )

    def gathering(self, kind: str, subjects: Iterable[str], via: str) -> None:
        """The pairs of one gathering of ``subjects``, each ``WEIGHTS[kind] / (s − 1)`` (a ring
        above ``GATHERING_CAP``; see the module doc)."""
        members = sorted(set(subjects))
        s = len(members)
        if s < 2:
            return
        self.gatherings.append(Gathering(kind, via, tuple(members)))
        if s <= GATHERING_CAP:
            i, j = np.triu_indices(s, 1)
        else:
            random.Random(f"{SEED}:{via}").shuffle(members)
            half = RING // 2
            i = np.repeat(np.arange(s), half)
            j = (i + np.tile(np.arange(1, half + 1), s)) % s
        arr = np.array(members, dtype=object)
        w = np.full(len(i), WEIGHTS[kind] / (s - 1))
        self.add_arrays(arr[i], arr[j], np.full(len(i), KIND_CODE[kind]), w, via)

    def _flush(self) -> None:
        if self._buf:
            a, b, k, w, v = zip(*self._buf, strict=True)
            self._chunks.append(
                (
                    np.array(a, dtype=object),
                    np.array(b, dtype=object),
                    np.array(k, dtype=np.int64),
                    np.array(w, dtype=np.float64),
                    np.array(v, dtype=np.int64),
                )
            )
            self._buf = []

    def aggregate(self, names: Sequence[str]) -> Pairs:
        """Pairs among ``names`` (sorted, unique; rows naming anyone else are dropped)."""
        self._flush()
        if not self._chunks:
            self.add_arrays([], [], np.empty(0, np.int64))
        a, b, kind, weight, via = (np.concatenate(col) for col in zip(*self._chunks, strict=True))
        self._chunks = [(a, b, kind, weight, via)]
        index = pd.Index(names)
        n, k_n = len(index), len(KINDS)
        a, b = index.get_indexer(a).astype(np.int64), index.get_indexer(b).astype(np.int64)
        ok = (a >= 0) & (b >= 0) & (a != b)
        combo = (np.minimum(a, b) * n + np.maximum(a, b)) * k_n + kind
        codes, uniq = pd.factorize(np.where(ok, combo, -1), sort=True)
        if len(uniq) and uniq[0] == -1:  # dropped rows sort first
            codes, uniq = codes - 1, uniq[1:]
        valid = codes >= 0
        counts = np.bincount(codes[valid], minlength=len(uniq))
        sums = np.bincount(codes[valid], weights=weight[valid], minlength=len(uniq))
        kind_code = uniq % k_n
        with np.errstate(divide="ignore"):
            kind_weight = np.where(_COUNTED[kind_code], _BASE[kind_code] * (1.0 + np.log(counts)), sums)
        key = uniq // k_n
        first = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)
        kind_pair = np.cumsum(first) - 1
        pair_weight = np.bincount(kind_pair, weights=kind_weight, minlength=int(first.sum()))
        positive = pair_weight > 0
        remap = np.where(positive, np.cumsum(positive) - 1, -1)
        kind_pair = remap[kind_pair]
        keep_kind = kind_pair >= 0
        lookup = np.r_[kind_pair, -1]  # codes of -1 land on the appended -1
        row_pair = lookup[codes]
        pair_key = key[first][positive]
        return Pairs(
            names=list(names),
            src=pair_key // n,
            dst=pair_key % n,
            weight=pair_weight[positive],
            kind_pair=kind_pair[keep_kind],
            kind_code=kind_code[keep_kind],
            kind_weight=kind_weight[keep_kind],
            row_pair=row_pair,
            row_kind=kind,
            row_via=via,
            vias=self.vias,
        )


def build(inputs: Inputs, index: SubjectIndex) -> Evidence:
    """Every kind of evidence in ``inputs`` as subject rows."""
    ev = Evidence()
    of = index.of
    for entity, sources in inputs.record_sources.items():
        if inputs.actors.get(entity) != "Person":
            continue
        for src in sources:
            owner = inputs.source_owners.get(src)
            if owner and owner != entity:
                ev.add(of(owner), of(entity), "contact", f"source:{src}")
    for kind, a, b, via in inputs.interactions:
        ev.add(of(a), of(b), kind, via)
    for payers, beneficiaries, via in inputs.payments:
        for a in _holders(payers, inputs, index):
            for b in _holders(beneficiaries, inputs, index):
                ev.add(a, b, "payment", via)
    for group, members in group_members(inputs, index).items():
        ev.gathering("group", members, group)
    for kind, via, entities in inputs.gatherings:
        ev.gathering(kind, (of(e) for e in entities), via)
    for digest, held in inputs.files.items():
        ev.gathering("file", (of(h) for h, _ in held), f"file:{digest}")
    return ev


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
