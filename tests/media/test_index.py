"""The PDQ index is exact: it finds what a brute-force scan finds, at every threshold."""

from __future__ import annotations

import numpy as np
import pytest

from clew.media.index import PdqIndex, ball, brute_force, choose_chunks, from_hex, layout, to_hex

from .conftest import PDQ_REF


def _lines(name: str) -> list[str]:
    text = (PDQ_REF / "hash-lists" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


HAYSTACK = from_hex(_lines("haystack.txt"))
NEEDLES = from_hex(_lines("needles.txt"))


def _pairs(index: PdqIndex, queries: np.ndarray, threshold: int) -> set[tuple[int, int, int]]:
    qi, ri, d = index.search(queries, threshold)
    return set(zip(qi.tolist(), ri.tolist(), d.tolist(), strict=True))


def test_reference_lists_loaded():
    assert HAYSTACK.shape == (1350, 4) and NEEDLES.shape == (100, 4)
    assert to_hex(HAYSTACK[:2]) == _lines("haystack.txt")[:2]


@pytest.mark.parametrize("chunks", [None, 16, 32])
def test_needles_in_haystack_every_threshold(chunks):
    found_any = 0
    for threshold in range(64):
        index = PdqIndex(HAYSTACK, threshold, chunks)
        got = _pairs(index, NEEDLES, threshold)
        assert got == brute_force(HAYSTACK, NEEDLES, threshold), threshold
        found_any = max(found_any, len(got))
    assert found_any > 100  # the lists hold real near-duplicates


def test_random_with_planted_near_duplicates():
    rng = np.random.default_rng(5)
    refs = rng.integers(0, 2**63, size=(20000, 4), dtype=np.uint64) * np.uint64(2)
    queries = refs[rng.integers(0, len(refs), 300)].copy()
    for row, flips in zip(queries, rng.integers(0, 40, len(queries)), strict=True):
        for bit in rng.choice(256, size=flips, replace=False):
            row[bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    for chunks, threshold in [(None, 31), (11, 31), (12, 31), (16, 31), (8, 15), (None, 10)]:
        index = PdqIndex(refs, threshold, chunks)
        assert _pairs(index, queries, threshold) == brute_force(refs, queries, threshold)


def test_helpers():
    assert sum(w for _, w in layout(11)) == 256 and {w for _, w in layout(11)} == {23, 24}
    assert len(ball(16, 1)) == 17 and len(ball(23, 2)) == 1 + 23 + 253
    assert choose_chunks(10_000_000, 31) == 11
    assert PdqIndex(HAYSTACK).search(NEEDLES[:0])[0].size == 0
