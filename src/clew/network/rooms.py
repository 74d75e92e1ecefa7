"""A chat group's home syndicate, and whether the group is that syndicate's own room.

Each group's home is the syndicate holding most of its members (listed with the syndicate). It
is the syndicate's own *room* when the syndicate holds at least ``HOME_SHARE`` of the group's
members (not a channel shared by many) and the group alone makes up no more than ``ROOM_SHARE``
of the syndicate's internal weight (else the "syndicate" is just the group's audience, as when a
channel's otherwise unknown members form a community of their own). Membership of a room counts
as a tie into its syndicate when brokers are found (``clew.network.brokers``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

import numpy as np

from clew.network.numbering import MIN_SIZE
from clew.network.weights import WEIGHTS

HOME_SHARE = 0.5
ROOM_SHARE = 0.8
GROUP_WEIGHT = WEIGHTS["group"]


def group_homes(
    names: list[str],
    syn_index: np.ndarray,
    internal: np.ndarray,
    groups: Mapping[str, set[str]],
    group_names: Mapping[str, str],
) -> tuple[dict[int, list[dict]], dict[int, dict[int, list[str]]]]:
    """Per syndicate: the groups most of whose members it holds; per vertex: the syndicates
    whose own groups (rooms, see module doc) it belongs to."""
    position = {name: i for i, name in enumerate(names)} if groups else {}
    group_home: dict[int, list[dict]] = defaultdict(list)
    group_spans: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for group, subjects in groups.items():
        votes = Counter(int(syn_index[position[s]]) for s in subjects if s in position)
        votes.pop(-1, None)
        if not votes:
            continue
        home, count = votes.most_common(1)[0]
        group_home[home].append(
            {
                "id": group,
                "name": group_names.get(group, group),
                "members": len(subjects),
                "in_syndicate": count,
            }
        )
        size = len(subjects)
        own = GROUP_WEIGHT * count * (count - 1) / 2 / max(1, size - 1)
        if count >= HOME_SHARE * size and size >= MIN_SIZE and own <= ROOM_SHARE * internal[home]:
            for s in subjects:
                if s in position:
                    group_spans[position[s]][home].append(group)
    return group_home, group_spans
