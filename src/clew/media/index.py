"""An exact PDQ index: multi-index hashing (Norouzi et al.) over 256-bit hashes.

The 256 bits are split into ``m`` contiguous chunks. If two hashes are within Hamming
distance ``D``, at least one chunk differs in at most ``r = D // m`` bits (pigeonhole: if
every chunk differed in ``r + 1`` or more, the total would be ``m * (r + 1) > D``). So a
search probes, in each chunk's table, every key within ``r`` bits of the query's chunk and
verifies each candidate on all 256 bits with a vectorised popcount: no match within ``D``
is missed and no pair beyond ``D`` is returned, at every threshold — exact, not approximate.

``m`` is chosen per index size and threshold to balance probes against candidates
(10M random hashes at D=31: m=11 chunks of 23-24 bits, r=2, ~3,100 probes and ~3,200
candidates per query, against ~41,000 candidates for 16 chunks of 16 bits). Tables are
id arrays sorted by chunk key, with a direct offset table when dense, binary search when
sparse. Candidates are first checked on 128 other bits stored in the same order (one memory
access per candidate; a lower bound of the distance, so nothing is lost), survivors on 256.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np

BITS = 256
WORDS = 4
U64 = np.uint64


def from_hex(hashes: Iterable[str]) -> np.ndarray:
    """(N, 4) uint64 words, most significant first, of 64-hex-digit PDQ hashes."""
    raw = b"".join(bytes.fromhex(h) for h in hashes)
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, WORDS)


def to_hex(words: np.ndarray) -> list[str]:
    data = np.ascontiguousarray(words.astype(">u8")).tobytes()
    return [data[i : i + 32].hex() for i in range(0, len(data), 32)]


def distances(words: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Hamming distance of every row of ``words`` to one query row."""
    return np.bitwise_count(words ^ query).sum(axis=1, dtype=np.int32)


def brute_force(refs: np.ndarray, queries: np.ndarray, threshold: int) -> set[tuple[int, int, int]]:
    """Every (query, ref, distance) within ``threshold``, by scanning all refs (the baseline)."""
    out: set[tuple[int, int, int]] = set()
    for qi in range(len(queries)):
        d = distances(refs, queries[qi])
        for ri in np.flatnonzero(d <= threshold):
            out.add((qi, int(ri), int(d[ri])))
    return out


def chunk_values(words: np.ndarray, start: int, width: int) -> np.ndarray:
    """Bits ``start .. start+width`` (0 = most significant) of each row, as int64."""
    k, o = divmod(start, 64)
    if o + width <= 64:
        value = (words[:, k] >> U64(64 - o - width)) & U64((1 << width) - 1)
    else:
        hi = 64 - o
        lo = width - hi
        value = ((words[:, k] & U64((1 << hi) - 1)) << U64(lo)) | (words[:, k + 1] >> U64(64 - lo))
    return value.astype(np.int64)


@cache
def ball(width: int, radius: int) -> np.ndarray:
    """XOR masks of every key within ``radius`` bits of a ``width``-bit key."""
    masks = [0]
    for r in range(1, min(radius, width) + 1):
        masks.extend(sum(1 << b for b in bits) for bits in combinations(range(width), r))
    return np.array(masks, dtype=np.int64)


def layout(m: int) -> list[tuple[int, int]]:
    """(start, width) of m contiguous chunks covering 256 bits, widths differing by at most 1."""
    base, extra = divmod(BITS, m)
    out, start = [], 0
    for i in range(m):
        width = base + (1 if i < extra else 0)
        out.append((start, width))
        start += width
    return out


def _dense(width: int, n: int) -> bool:
    return width <= 26 and (1 << width) <= 16 * max(n, 1)


def cost(m: int, n: int, threshold: int) -> float:
    """Estimated work per query: probes plus (weighted) candidates to verify."""
    r = threshold // m
    total = 0.0
    for _, width in layout(m):
        volume = sum(math.comb(width, i) for i in range(min(r, width) + 1))
        probe = 1.0 if _dense(width, n) else 1.0 + math.log2(max(n, 2)) / 4
        total += volume * (probe + 3.0 * n / (1 << width))
    return total


def choose_chunks(n: int, threshold: int) -> int:
    """The m (8..32, chunk widths 8..32 bits) with the least estimated work."""
    return min(range(8, 33), key=lambda m: cost(m, n, threshold))


@dataclass(frozen=True)
class Table:
    """One chunk's table: ids sorted by chunk key, 128 other bits in that order, a key lookup."""

    start: int
    width: int
    lookup: np.ndarray  # dense: offsets[key] .. offsets[key+1]; sparse: sorted keys
    ids: np.ndarray
    filt: np.ndarray  # (N, 2) uint64: words ``words`` of the refs, in ``ids`` order
    words: list[int]
    dense: bool


class PdqIndex:
    """Exact range search over PDQ hashes: ``search(queries, threshold)`` finds every pair."""

    def __init__(self, refs: np.ndarray, threshold: int = 31, chunks: int | None = None) -> None:
        self.refs = np.ascontiguousarray(refs, dtype=np.uint64)
        self.n = len(self.refs)
        self.m = chunks or choose_chunks(self.n, threshold)
        self.tables: list[Table] = []
        id_type = np.int32 if self.n < 2**31 else np.int64
        for start, width in layout(self.m):
            keys = chunk_values(self.refs, start, width)
            order = np.argsort(keys).astype(id_type)
            words = [2, 3] if start < BITS // 2 else [0, 1]  # filter on bits away from the chunk
            filt = np.empty((self.n, 2), dtype=np.uint64)
            for j, w in enumerate(words):
                np.take(self.refs[:, w], order, out=filt[:, j])
            if _dense(width, self.n):
                offsets = np.zeros((1 << width) + 1, dtype=np.int64)
                np.cumsum(np.bincount(keys, minlength=1 << width), out=offsets[1:])
                lookup, dense = offsets.astype(id_type), True
            else:
                lookup, dense = keys[order], False
            del keys
            self.tables.append(Table(start, width, lookup, order, filt, words, dense))

    @classmethod
    def from_hex(cls, hashes: Iterable[str], threshold: int = 31, chunks: int | None = None) -> PdqIndex:
        return cls(from_hex(hashes), threshold, chunks)

    @property
    def nbytes(self) -> int:
        return self.refs.nbytes + sum(t.lookup.nbytes + t.ids.nbytes + t.filt.nbytes for t in self.tables)

    def search(
        self, queries: np.ndarray, threshold: int = 31, batch: int = 2048
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(query index, ref index, distance) of every pair within ``threshold``, sorted.

        Any threshold works (the chunk radius is ``threshold // m``); the index is fastest
        near the threshold it was built for. For several cores, split the queries across
        processes (``bench/media_match.py`` forks workers sharing the index).
        """
        queries = np.ascontiguousarray(queries, dtype=np.uint64)
        parts = [self._search(queries[s : s + batch], s, threshold) for s in range(0, len(queries), batch)]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty.astype(np.int32)
        qi = np.concatenate([p[0] for p in parts])
        ri = np.concatenate([p[1] for p in parts])
        d = np.concatenate([p[2] for p in parts])
        order = np.lexsort((ri, qi))
        return qi[order], ri[order], d[order]

    def _search(self, queries: np.ndarray, offset: int, threshold: int) -> tuple[np.ndarray, ...]:
        r = threshold // self.m
        found_q, found_r, found_d = [], [], []
        nq = len(queries)
        for t in self.tables:
            probes = chunk_values(queries, t.start, t.width)[:, None] ^ ball(t.width, r)[None, :]
            if t.dense:
                lo = t.lookup[probes].ravel()
                hi = t.lookup[probes + 1].ravel()
            else:
                lo = np.searchsorted(t.lookup, probes.ravel(), "left")
                hi = np.searchsorted(t.lookup, probes.ravel(), "right")
            counts = (hi - lo).astype(np.int64)
            total = int(counts.sum())
            if total == 0:
                continue
            owner = np.repeat(np.repeat(np.arange(nq), probes.shape[1]), counts)
            positions = np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total)
            # stage 1: distance on 128 bits stored in bucket order (a lower bound of the full one)
            part = np.take(t.filt, positions, axis=0)  # np.take: 2-D fancy indexing is ~7x slower
            part ^= np.take(np.ascontiguousarray(queries[:, t.words]), owner, axis=0)
            bound = np.bitwise_count(part[:, 0]) + np.bitwise_count(part[:, 1])
            near = bound <= threshold
            owner, cand = owner[near], t.ids[positions[near]]
            # stage 2: the full 256 bits of the survivors
            full = np.take(self.refs, cand, axis=0) ^ np.take(queries, owner, axis=0)
            d = np.bitwise_count(full).sum(axis=1, dtype=np.int32)
            keep = d <= threshold
            found_q.append(owner[keep])
            found_r.append(cand[keep].astype(np.int64))
            found_d.append(d[keep])
        if not found_q:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty.astype(np.int32)
        q = np.concatenate(found_q)
        ref = np.concatenate(found_r)
        dist = np.concatenate(found_d)
        _, first = np.unique(q * max(self.n, 1) + ref, return_index=True)  # a pair may hit several chunks
        return q[first] + offset, ref[first], dist[first]
