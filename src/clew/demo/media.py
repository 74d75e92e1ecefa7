"""Synthetic media *hashes* for the demo: a known-hash list, near-duplicates, possibly-new files.

No content is generated or described: each "file" is random digests (MD5, SHA-1, SHA-256) and a
random 256-bit PDQ. Near-duplicates flip 1-20 PDQ bits of a listed hash (random PDQs sit ~128
bits apart, so nothing else falls within the default threshold of 31).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Media:
    md5: str
    sha1: str
    sha256: str
    pdq: str
    quality: int
    series: str = ""
    category: str = ""
    match: str = ""  # exact | pdq | "" (not on the list)
    distance: int | None = None
    new: bool = False  # unknown material planted on several holders
    holders: set[str] = field(default_factory=set)  # true person ids that hold/share it

    @property
    def known(self) -> bool:
        return self.match in ("exact", "pdq")


class MediaBank:
    def __init__(self, rng: random.Random, n_known: int, n_new: int) -> None:
        self.rng = rng
        self.all: dict[str, Media] = {}
        n_series = max(5, n_known // 20)
        self.listed = [
            self._make(
                series=f"SERIES-SYN-{1 + rng.randrange(n_series):03d}",
                category=f"SYN-CAT-{rng.randint(1, 3)}",
                match="exact",
                distance=0,
            )
            for _ in range(n_known)
        ]
        self.new = [self._make(new=True) for _ in range(n_new)]

    def _make(self, **fields: object) -> Media:
        r = self.rng
        m = Media(
            md5=r.randbytes(16).hex(),
            sha1=r.randbytes(20).hex(),
            sha256=r.randbytes(32).hex(),
            pdq=r.randbytes(32).hex(),
            quality=r.randint(55, 100),
            **fields,
        )
        self.all[m.sha256] = m
        return m

    def benign(self) -> Media:
        m = self._make()
        if self.rng.random() < 0.1:
            m.quality = self.rng.randint(10, 49)
        return m

    def known(self) -> Media:
        return self.rng.choice(self.listed)

    def near(self) -> Media:
        """A re-encoded copy of a listed item: new digests, PDQ within 1-20 bits."""
        base = self.known()
        distance = self.rng.randint(1, 20)
        value = int(base.pdq, 16)
        for bit in self.rng.sample(range(256), distance):
            value ^= 1 << bit
        m = self._make(series=base.series, category=base.category, match="pdq", distance=distance)
        m.pdq = f"{value:064x}"
        return m

    def hash_list_rows(self) -> list[list[str]]:
        return [[m.md5, m.sha1, m.sha256, m.pdq, m.category, m.series] for m in self.listed]
