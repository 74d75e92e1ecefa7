"""The shortest path between two subjects with every edge explained (issue 14 item 5).

The path is the network's own (``clew network path``: the strongest shortest path, distance
1 / weight, through stored ties and gatherings); this module only puts each hop's evidence in the
analyst's terms — which record, source file and line, tie kind, when — and names the subjects
on the way with their syndicate and country. One audit record (``network.path``, written by the
network's query) covers the whole answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from clew.network import query as network_query
from clew.service.base import Result
from clew.service.lookup import labels
from clew.service.provenance import Via, explain


@dataclass(frozen=True)
class Stop(Result):
    subject_id: str
    name: str | None
    syndicate_id: str | None
    country: str | None


@dataclass(frozen=True)
class Hop(Result):
    source: str
    target: str
    weight: float
    kinds: dict[str, float]
    evidence: tuple[Via, ...]
    summary: str  # the hop in words: kinds, strongest first, and how many pieces of evidence


@dataclass(frozen=True)
class Path(Result):
    source: str
    target: str
    found: bool
    stops: tuple[Stop, ...]
    hops: tuple[Hop, ...]


def _summary(kinds: dict[str, float], evidence: list[Via]) -> str:
    ranked = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    dated = sorted(v.at[:10] for v in evidence if v.at)
    when = f", {dated[0]}" + (f" to {dated[-1]}" if dated[-1] != dated[0] else "") if dated else ""
    return f"{' + '.join(k for k, _ in ranked)} ({len(evidence)} piece{'s' * (len(evidence) != 1)}{when})"


def explained_path(store, a: str, b: str) -> Path:
    """The path from ``a`` to ``b`` (subject or record ids); ``found`` False when unconnected."""
    hops = network_query.path(store, a, b)
    source, target = network_query.find_subject(store, a), network_query.find_subject(store, b)
    vias = iter(explain(store, [e for h in hops for e in h["evidence"]]))
    out = []
    for h in hops:
        evidence = [next(vias) for _ in h["evidence"]]
        out.append(
            Hop(h["from"], h["to"], h["weight"], h["kinds"], tuple(evidence), _summary(h["kinds"], evidence))
        )
    ids = [source] + [h.target for h in out] if out else [source, target]
    label = labels(store, ids)
    stops = tuple(Stop(i, label[i].name, label[i].syndicate_id, label[i].country) for i in ids)
    return Path(source, target, bool(out), stops, tuple(out))
