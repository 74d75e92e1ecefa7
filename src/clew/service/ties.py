"""What makes each of a subject's strongest ties (issue 14 item 4): the pieces of evidence the
network stored for the tie, in the chart's own words (:func:`clew.service.provenance.explain`,
the explanation of every chart edge and path hop), each told for what it is.

A piece is a **record** the operation holds (a Call, Message, Payment, Associate, a chat group's
or an Event's record: its provenance — source file, line, acquisition record — is one click
away), an **address book** (``source:<id>``: the acquisition record of that extraction), or
something with no record behind it (a file hash both held, a gathering without a record): the
page says so. Nothing is added to what the network stored; it keeps the first
``EVIDENCE_CAP`` pieces of a tie, so a tie showing that many may rest on more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from clew.network.weights import EVIDENCE_CAP
from clew.service.base import Result
from clew.service.display import chunks
from clew.service.provenance import Via, explain
from clew.store.base import Store


@dataclass(frozen=True)
class Tie(Result):
    subject_id: str  # the other subject
    evidence: tuple[Via, ...]  # as the chart explains its edge, in stored order
    records: tuple[str, ...]  # the pieces that are records the operation holds (provenance rows)
    capped: bool  # the network kept EVIDENCE_CAP pieces: the tie may rest on more


def held(store: Store, ids: Iterable[str]) -> set[str]:
    """The ids among ``ids`` that are records the operation holds (fragments)."""
    out: set[str] = set()
    for batch in chunks(sorted(set(ids))):
        out |= {r["entity_id"] for r in store.select("fragments", {"entity_id": batch}, ["entity_id"])}
    return out


def of_neighbours(store: Store, neighbours: list[dict[str, Any]]) -> list[Tie]:
    """For each neighbour of ``clew.network.query.subject`` (same order) what makes its tie."""
    vias = iter(explain(store, [e for n in neighbours for e in n["evidence"]]))
    explained = [[next(vias) for _ in n["evidence"]] for n in neighbours]
    records = held(
        store, (v.via for ev in explained for v in ev if not v.via.startswith(("source:", "file:")))
    )
    return [
        Tie(n["subject_id"], tuple(ev), tuple(v.via for v in ev if v.via in records), len(ev) >= EVIDENCE_CAP)
        for n, ev in zip(neighbours, explained, strict=True)
    ]
