"""Aggregated subject pairs (:class:`Pairs`, built by :meth:`clew.network.edges.Evidence.aggregate`):
columns of pair indices and weights, with what explains any subset of them — each pair's weight
per kind and its first pieces of evidence — read without a per-pair Python object."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from clew.network.weights import EVIDENCE_CAP, KIND_CODE, KINDS


@dataclass
class Edge:
    weight: float
    kinds: dict[str, float]
    evidence: list[dict]


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
