"""The link chart's data (issue 14 item 5): a subject's or a syndicate's neighbourhood, expanded
a capped page at a time, hubs folded into collection nodes, every edge explained.

- **Cap.** One expansion shows at most ``cap`` neighbours (default :data:`CAP`, at most
  :data:`MAX_CAP`, TigerGraph GraphStudio's 200 per expand); the rest is one "+N more" node
  whose ``offset`` asks for the next page (a syndicate's members page the same way). ``more``
  is counted in the operation-scoped query, after the filters, so it never counts another
  operation's ties.
- **Hubs.** A gathering (chat group, event, shared file) of the subject is folded into one
  collection node when its pairs are too faint for the network to store them
  (pair weight < ``STORE_MIN_WEIGHT``: the analysis itself treats it as a crowd) or when its
  other members alone would exceed the cap. A tie whose only evidence is folded gatherings is
  not drawn: the collection node stands for it; expanding the node lists its members.
- **Filters** (:class:`Filters`): tie kinds, the neighbour's country, the tie's weight (the
  network's confidence that two subjects are tied) and a time window (a tie is kept when one of
  its dated pieces of evidence falls in it; gathering ties have no date and are kept only
  without a window).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from clew.errors import NotFound
from clew.network import weights
from clew.network.pipeline import STORE_MIN_WEIGHT
from clew.network.query import find_subject
from clew.service.base import Result
from clew.service.display import chunks
from clew.service.lookup import labels
from clew.service.provenance import Via, explain
from clew.store.base import Store
from clew.vocabulary import AuditAction

CAP = 25  # neighbours per expansion: a readable ring round one subject
MAX_CAP = 200  # TigerGraph GraphStudio's per-expand maximum (ux guide)
MAX_SYNDICATE = 500  # members drawn at once for a syndicate overview (canvas stays fluid; bench/web.py)
GATHERING_KINDS = frozenset({"group", "event", "file"})
KINDS: tuple[str, ...] = weights.KINDS  # the tie kinds a chart filters by, in the network's order


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] | None = None  # tie kinds kept (None: all)
    countries: frozenset[str] | None = None  # neighbours' chosen countries kept (None: all)
    min_weight: float = 0.0
    since: str | None = None  # ISO dates, inclusive; compared as text (ISO sorts)
    until: str | None = None

    def tie(self, kinds: dict[str, float], weight: float, dates: list[str]) -> bool:
        if self.kinds is not None and not (set(kinds) & self.kinds):
            return False
        if weight < self.min_weight:
            return False
        if self.since or self.until:
            lo, hi = self.since or "", (self.until or "9999") + "\uffff"
            return any(lo <= d <= hi for d in dates)
        return True

    def country(self, country: str | None) -> bool:
        return self.countries is None or (country or "") in self.countries


@dataclass(frozen=True)
class ChartNode(Result):
    id: str
    kind: str  # subject | collection | more
    label: str
    syndicate_id: str | None = None
    country: str | None = None
    size: int = 1  # subjects a collection holds, ties a "+N more" node stands for
    of: str | None = None  # collection / more: the node it hangs from
    offset: int = 0  # more: the offset of the next page


@dataclass(frozen=True)
class ChartEdge(Result):
    id: str
    source: str
    target: str
    weight: float
    kinds: dict[str, float]
    evidence: tuple[Via, ...]
    first: str | None  # earliest dated evidence
    last: str | None


@dataclass(frozen=True)
class Chart(Result):
    start: str
    nodes: tuple[ChartNode, ...]
    edges: tuple[ChartEdge, ...]
    more: int  # neighbours not shown (the "+N more" node's size)


def _edge(a: str, b: str, weight: float, kinds: dict, evidence: list[Via]) -> ChartEdge:
    dates = sorted(v.at for v in evidence if v.at)
    left, right = sorted((a, b))
    return ChartEdge(f"{left}|{right}", a, b, weight, kinds, tuple(evidence),
                     dates[0] if dates else None, dates[-1] if dates else None)  # fmt: skip


def _subject_nodes(store: Store, ids: list[str]) -> list[ChartNode]:
    label = labels(store, ids)
    return [ChartNode(i, "subject", label[i].name or i, label[i].syndicate_id, label[i].country) for i in ids]


def _cap(cap: int) -> int:
    return max(1, min(cap, MAX_CAP))


def expand(
    store: Store, subject: str, cap: int = CAP, offset: int = 0, filters: Filters = Filters()
) -> Chart:
    """``subject`` and one page of its neighbours, strongest ties first (see the module doc)."""
    cap, sid = _cap(cap), find_subject(store, subject)
    hubs = [
        g
        for g in store.select(
            "gathering_members", {"subject_id": sid}, ["gathering_id", "kind", "name", "size", "weight"]
        )
        if (g["weight"] < STORE_MIN_WEIGHT or g["size"] - 1 > cap)
        and (filters.kinds is None or g["kind"] in filters.kinds)
        and not (filters.since or filters.until)
    ]
    folded = {g["gathering_id"] for g in hubs}
    ties = [*store.select("graph_edges", {"left_id": sid}), *store.select("graph_edges", {"right_id": sid})]
    parsed = [(t, json.loads(t["kinds"]), json.loads(t["evidence"])) for t in ties]
    vias = explain(store, [e for _t, _k, ev in parsed for e in ev])
    it = iter(vias)
    explained = [[next(it) for _ in ev] for _t, _k, ev in parsed]
    others = [t["right_id"] if t["left_id"] == sid else t["left_id"] for t in ties]
    label = labels(store, others)
    kept = []
    for (t, kinds, ev), via, other in zip(parsed, explained, others, strict=True):
        if set(kinds) <= GATHERING_KINDS and ev and all(e["via"] in folded for e in ev):
            continue
        if not filters.tie(kinds, t["weight"], [v.at for v in via if v.at]):
            continue
        if not filters.country(label[other].country):
            continue
        kept.append((t["weight"], other, kinds, via))
    kept.sort(key=lambda k: (-k[0], k[1]))
    page = kept[offset : offset + cap]
    more = max(0, len(kept) - offset - cap)
    nodes = _subject_nodes(store, [sid, *(p[1] for p in page)])
    edges = [_edge(sid, other, w, kinds, via) for w, other, kinds, via in page]
    for g in hubs:
        hub = f"hub:{g['gathering_id']}"
        nodes.append(ChartNode(hub, "collection", g["name"] or g["kind"], size=g["size"], of=sid))
        edges.append(_edge(sid, hub, g["weight"], {g["kind"]: g["weight"]}, explain(store, [
            {"kind": g["kind"], "via": g["gathering_id"]}])))  # fmt: skip
    if more:
        nodes.append(ChartNode(f"more:{sid}:{offset + cap}", "more", f"+{more} more", size=more, of=sid,
                               offset=offset + cap))  # fmt: skip
    out = Chart(sid, tuple(nodes), tuple(edges), more)
    store.audit(
        AuditAction.CHART_EXPAND, sid, {"nodes": [n.id for n in nodes], "more": more, "offset": offset}
    )
    return out


def gathering(store: Store, gathering_id: str, cap: int = CAP, offset: int = 0) -> Chart:
    """A collection node opened: one page of the gathering's subjects, each tied to it."""
    cap = _cap(cap)
    rows = sorted(
        store.select("gathering_members", {"gathering_id": gathering_id}, ["subject_id", "kind", "weight"]),
        key=lambda r: r["subject_id"],
    )
    if not rows:
        raise NotFound(f"no gathering {gathering_id!r} in operation {store.operation!r}")
    page, hub = rows[offset : offset + cap], f"hub:{gathering_id}"
    more = max(0, len(rows) - offset - cap)
    via = explain(store, [{"kind": rows[0]["kind"], "via": gathering_id}])
    nodes = _subject_nodes(store, [r["subject_id"] for r in page])
    edges = [_edge(hub, r["subject_id"], r["weight"], {r["kind"]: r["weight"]}, via) for r in page]
    if more:
        nodes.append(ChartNode(f"more:{hub}:{offset + cap}", "more", f"+{more} more", size=more, of=hub,
                               offset=offset + cap))  # fmt: skip
    store.audit(
        AuditAction.CHART_EXPAND, hub, {"nodes": [n.id for n in nodes], "more": more, "offset": offset}
    )
    return Chart(hub, tuple(nodes), tuple(edges), more)


def syndicate(
    store: Store, syndicate_id: str, cap: int = CAP, offset: int = 0, filters: Filters = Filters()
) -> Chart:
    """One page of a syndicate's members, strongest (by tie strength) first, with their ties to
    each other and to the members of the earlier pages (``offset``: how many those are), and a
    "+N more" node asking for the next page."""
    cap = max(1, min(cap, MAX_SYNDICATE))
    members = sorted(
        store.select("syndicate_members", {"syndicate_id": syndicate_id}, ["subject_id", "strength"]),
        key=lambda r: (-r["strength"], r["subject_id"]),
    )
    if not members:
        raise NotFound(f"no syndicate {syndicate_id!r} in operation {store.operation!r}")
    label = labels(store, [m["subject_id"] for m in members])
    chosen = [m["subject_id"] for m in members if filters.country(label[m["subject_id"]].country)]
    shown, more = chosen[offset : offset + cap], max(0, len(chosen) - offset - cap)
    inside, fresh = set(chosen[: offset + cap]), set(shown)
    ties = [
        t
        for batch in chunks(sorted(inside))
        for t in store.select("graph_edges", {"left_id": batch})
        if t["right_id"] in inside and (t["left_id"] in fresh or t["right_id"] in fresh)
    ]
    parsed = [(t, json.loads(t["kinds"]), json.loads(t["evidence"])) for t in ties]
    vias = iter(explain(store, [e for _t, _k, ev in parsed for e in ev]))
    edges = []
    for t, kinds, ev in parsed:
        via = [next(vias) for _ in ev]
        if filters.tie(kinds, t["weight"], [v.at for v in via if v.at]):
            edges.append(_edge(t["left_id"], t["right_id"], t["weight"], kinds, via))
    nodes = _subject_nodes(store, shown)
    if more:
        nodes.append(ChartNode(f"more:syn:{syndicate_id}:{offset + cap}", "more", f"+{more} more", size=more,
                               of=f"syn:{syndicate_id}", offset=offset + cap))  # fmt: skip
    store.audit(AuditAction.CHART_EXPAND, syndicate_id, {"nodes": shown, "more": more, "offset": offset})
    return Chart(syndicate_id, tuple(nodes), tuple(edges), more)
