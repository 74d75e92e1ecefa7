"""Weighted subject–subject edges from the network's inputs (the weights and how each kind adds
up: ``clew.network.weights``).

Evidence is collected as flat columns (:class:`Evidence`) and aggregated into pairs in one
vectorised pass (:meth:`Evidence.aggregate`, numpy/pandas): hundreds of thousands of rows pass
through here, and per-pair Python dicts were the step's main cost.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from clew.network.inputs import Inputs
from clew.network.pairs import Edge, Pairs
from clew.network.subjects import SubjectIndex
from clew.network.weights import (
    EVIDENCE_CAP,
    GATHERING_CAP,
    KIND_CODE,
    KINDS,
    REPEATED,
    RING,
    SEED,
    WEIGHTS,
    Gathering,
)

# imported from here by the pipeline, tests and benchmarks
__all__ = [
    "EVIDENCE_CAP", "GATHERING_CAP", "KINDS", "KIND_CODE", "REPEATED", "RING", "SEED", "WEIGHTS",
    "Edge", "Evidence", "Gathering", "Pairs", "build", "group_members",
]  # fmt: skip

_BASE = np.array([WEIGHTS[k] for k in KINDS])
_COUNTED = np.array([k in REPEATED for k in KINDS])


class Evidence:
    """Subject–subject evidence as flat columns (subject a, subject b, kind, weight, via).

    Rows of one-to-one kinds (``REPEATED``) are counted, other rows' weights summed, when
    :meth:`aggregate` turns them into :class:`Pairs`.
    """

    def __init__(self, keys: Mapping[str, str] | None = None) -> None:
        self.keys = keys  # subject -> content key (clew.network.canonical): orders big gatherings' rings
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
        above ``GATHERING_CAP``; see the module doc). With content ``keys`` the ring's order and
        seed come from the members' keys, not from their ids or the gathering's: the same
        evidence under other ids gives the same ring."""
        members = sorted(set(subjects))
        s = len(members)
        if s < 2:
            return
        self.gatherings.append(Gathering(kind, via, tuple(members)))
        if s <= GATHERING_CAP:
            i, j = np.triu_indices(s, 1)
        else:
            seed = f"{SEED}:{via}"
            if self.keys is not None:
                members.sort(key=lambda m: (self.keys.get(m, ""), m))
                seed = (
                    f"{SEED}:"
                    + hashlib.sha256("".join(self.keys.get(m, "") for m in members).encode()).hexdigest()
                )
            random.Random(seed).shuffle(members)
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
        sums = _exact_sums(codes[valid], weight[valid], len(uniq))
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


FIXED_POINT = 2.0**32
"""Weights are summed as multiples of 2⁻³² (each row's weight rounded to one, < 2.4e-10 off): a
sum of integers below 2⁵³ is exact in float64 in any order, so the same rows in another order
give the same bits (a float sum follows the order in its last bits, and PLM's partition with
it). A weight is at most 1 and a pair has far fewer than 2²¹ rows, so the sums stay below 2⁵³."""


def _exact_sums(codes: np.ndarray, weight: np.ndarray, n: int) -> np.ndarray:
    """Per code, the sum of its rows' weights, independent of the rows' order (``FIXED_POINT``)."""
    return np.bincount(codes, weights=np.rint(weight * FIXED_POINT), minlength=n) / FIXED_POINT


def build(inputs: Inputs, index: SubjectIndex, keys: Mapping[str, str] | None = None) -> Evidence:
    """Every kind of evidence in ``inputs`` as subject rows (``keys``: see ``Evidence.gathering``)."""
    ev = Evidence(keys)
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
