"""The same evidence under other record ids, in another record order, gives the same syndicates.

Subject ids come from record ids, which whatever tool wrote the evidence chose; PLM's answer
depends on the vertex order (``SubjectGraph.communities``). The graph below (32 people, 86 calls,
four loose groups) is one whose partition the id order changed before the order was taken
from each subject's content (``clew.network.canonical``): five syndicates under one id scheme,
four under the other.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

from clew.ingest import ingest_paths
from clew.network import pipeline
from clew.network.edges import GATHERING_CAP, RING, Evidence
from clew.store import Workspace
from conftest import fresh_database_url

PEOPLE, GROUP, CALLS, INSIDE = 32, 8, 110, 0.6


def _calls() -> list[tuple[int, int]]:
    rng = np.random.default_rng(0)
    src = rng.integers(0, PEOPLE, CALLS)
    inside = rng.random(CALLS) < INSIDE
    dst = np.where(
        inside, (src // GROUP) * GROUP + rng.integers(0, GROUP, CALLS), rng.integers(0, PEOPLE, CALLS)
    )
    return sorted({(min(a, b), max(a, b)) for a, b in zip(src.tolist(), dst.tolist(), strict=True) if a != b})


def _operation(ids: list[str], shuffle: int | None) -> list[dict]:
    """The people (a name and a phone each) and their calls, under ``ids``, records shuffled."""
    records = [
        {"id": ids[i], "schema": "Person",
         "properties": {"name": [f"Person {i:02d}"], "phone": [f"+4477009{i:05d}"]}}
        for i in range(PEOPLE)
    ]  # fmt: skip
    records += [
        {"id": ids[PEOPLE + k], "schema": "Call", "properties": {"caller": [ids[a]], "receiver": [ids[b]]}}
        for k, (a, b) in enumerate(_calls())
    ]
    if shuffle is not None:
        random.Random(shuffle).shuffle(records)
    return records


def _syndicates(tmp_path: Path, name: str, ids: list[str], shuffle: int | None) -> dict[str, frozenset[str]]:
    """Ingest the operation into a fresh workspace, run the network step: syndicate id -> names."""
    path = tmp_path / f"{name}.ftm.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _operation(ids, shuffle)))
    person = {ids[i]: f"Person {i:02d}" for i in range(PEOPLE)}
    ws = Workspace.init(tmp_path / name, operation="test-op", url=fresh_database_url())
    with ws.store() as store:
        ingest_paths(store, [path], source_label=None)
        pipeline.run(store)
        out: dict[str, set[str]] = {}
        for row in store.select("syndicate_members", columns=["subject_id", "syndicate_id"]):
            if row["syndicate_id"]:
                out.setdefault(row["syndicate_id"], set()).add(person[row["subject_id"]])
    return {k: frozenset(v) for k, v in out.items()}


def test_same_evidence_under_other_ids_same_syndicates(tmp_path: Path) -> None:
    n = PEOPLE + len(_calls())
    plain = [f"p{i:03d}" for i in range(n)]
    rng = random.Random(5)
    opaque = [f"{rng.getrandbits(128):032x}" for _ in range(n)]
    first = _syndicates(tmp_path, "plain", plain, None)
    assert len(first) >= 3
    assert _syndicates(tmp_path, "opaque", opaque, 1) == first
    assert _syndicates(tmp_path, "reversed", plain[::-1], 2) == first


def test_big_gathering_ring_follows_content_not_ids() -> None:
    """Above ``GATHERING_CAP`` a gathering is a ring in a seeded order; with content keys the
    same members under other ids and another gathering id get the same ring."""
    size = GATHERING_CAP + 10
    keys = [f"key{i:04d}" for i in range(size)]
    rings = []
    for ids, via in (
        ([f"s{i:04d}" for i in range(size)], "group-1"),
        ([f"z{size - i:04d}" for i in range(size)], "9f3c"),
    ):
        ev = Evidence(dict(zip(ids, keys, strict=True)))
        ev.gathering("group", ids, via)
        pairs = ev.aggregate(sorted(ids))
        key_of = dict(zip(ids, keys, strict=True))
        rings.append(
            {
                frozenset((key_of[pairs.names[a]], key_of[pairs.names[b]]))
                for a, b in zip(pairs.src, pairs.dst, strict=True)
            }
        )
    assert len(rings[0]) == size * RING // 2
    assert rings[0] == rings[1]
