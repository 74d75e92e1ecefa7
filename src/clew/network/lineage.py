"""Stable syndicate ids: each run's communities are matched to the previous run's syndicates.

Lead packages and analysts cite syndicate ids, so an id must survive a re-run unless its
syndicate really changed. The rule (majority succession):

- A previous syndicate ``P`` passes its id to the new community holding **more than half** of
  ``P``'s members that are still in the network. More than half can sit in one community
  only, so the candidate is unique by construction — no threshold tuned on any data, no
  tie-break, and members who left the network (an analyst split, a retracted source) do not
  count against it.
- A new community holding the majorities of several previous syndicates (a **merge**) keeps
  the id of the one it shares most members with (ties: the lower id); the others are
  recorded as ``absorbed`` into it.
- A previous syndicate whose majority sits in no single community is ``dissolved``; its id
  is retired and never given again.
- A community inheriting no id gets a fresh one (numbers continue after the highest ever
  used in the operation, largest community first); it is a ``split`` when at least half of
  its members come from one previous syndicate, else ``new``.

Why majority and not a Jaccard threshold or an optimal assignment: Jaccard penalises growth
(a syndicate of 10 that gains 15 members from a new source has Jaccard 0.4 with itself), and
any threshold on it would be a tuned constant; an assignment (Hungarian) maximises total
overlap but can hand an id to a community holding a minority of the old syndicate. The
majority rule is what "the same syndicate" means to an analyst reading the id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

PREFIX = "syn-"
EVENTS = ("first", "kept", "merged", "split", "new", "absorbed", "dissolved")


def number(syndicate_id: str) -> int:
    """The number of an id ``syn-0042`` (0 for anything else)."""
    tail = syndicate_id[len(PREFIX) :] if syndicate_id.startswith(PREFIX) else ""
    return int(tail) if tail.isdigit() else 0


def make_id(n: int) -> str:
    return f"{PREFIX}{n:04d}"


@dataclass(frozen=True)
class Change:
    """What happened to one syndicate id in a run (see the module doc for the events)."""

    syndicate_id: str
    event: str
    size: int  # members now (0 for an absorbed or dissolved id)
    previous: dict[str, int] = field(default_factory=dict)  # other syndicate id -> members shared


def assign(
    communities: Sequence[Sequence[str]], previous: Mapping[str, str], used: int = 0
) -> tuple[list[str], list[Change]]:
    """Ids for ``communities`` (member names, largest first) given ``previous`` (subject ->
    its syndicate id in the last run) and ``used`` (the highest id number ever given in the
    operation): the ids in the same order, and one :class:`Change` per id, new or retired."""
    present: set[str] = {m for c in communities for m in c}
    if not previous:
        ids = [make_id(used + i + 1) for i in range(len(communities))]
        return ids, [Change(i, "first", len(c)) for i, c in zip(ids, communities, strict=True)]
    still = Counter(p for s, p in previous.items() if s in present)
    overlap = [Counter(previous[m] for m in c if m in previous) for c in communities]
    heir: dict[str, int] = {}
    for j, shared in enumerate(overlap):
        for old, k in shared.items():
            if 2 * k > still[old]:
                heir[old] = j
    claims: dict[int, list[str]] = {}
    for old, j in heir.items():
        claims.setdefault(j, []).append(old)
    ids: list[str | None] = [None] * len(communities)
    changes: list[Change] = []
    for j, olds in claims.items():
        olds.sort(key=lambda o: (-overlap[j][o], number(o), o))
        ids[j] = olds[0]
        event = "merged" if len(olds) > 1 else "kept"
        changes.append(Change(olds[0], event, len(communities[j]), dict(overlap[j].most_common())))
        for old in olds[1:]:
            changes.append(Change(old, "absorbed", 0, {olds[0]: overlap[j][old]}))
    top = max([used, *(number(p) for p in previous.values())])
    for j, c in enumerate(communities):
        if ids[j] is not None:
            continue
        top += 1
        ids[j] = make_id(top)
        source = overlap[j].most_common(1)
        event = "split" if source and 2 * source[0][1] >= len(c) else "new"
        changes.append(Change(ids[j], event, len(c), dict(overlap[j].most_common())))
    gone = sorted(set(previous.values()) - set(heir), key=lambda o: (number(o), o))
    for old in gone:
        spread = Counter({str(ids[j]): shared[old] for j, shared in enumerate(overlap) if old in shared})
        changes.append(Change(old, "dissolved", 0, dict(spread.most_common())))
    order = {e: i for i, e in enumerate(EVENTS)}
    changes.sort(key=lambda ch: (order[ch.event], number(ch.syndicate_id)))
    return [str(i) for i in ids], changes
