"""The network's evidence weights (documented in docs/architecture.md, ``## Network``): the
registry of kinds, how each adds up, and the caps on gatherings and on evidence shown.

``WEIGHTS`` is the registry: one base weight per kind of evidence. How a kind adds up:
- one-to-one interactions (``contact``, ``call``, ``message``, ``payment``, ``link``):
  ``base × (1 + ln n)`` for ``n`` of them between the same pair — repetition counts, with
  diminishing returns;
- gatherings (chat-group co-membership ``group``, co-attendance ``event``, holding the same
  file ``file``): each pair of the ``s`` subjects present gets ``base / (s − 1)``, so every
  subject receives at most ``base`` from one gathering however large it is: a 500-member
  channel spreads the same weight as a 3-person chat over 166 times as many pairs.
  Gatherings above ``GATHERING_CAP`` subjects are not expanded into all pairs: each subject is
  linked to its ``RING`` next neighbours in a seeded random order (same per-pair weight), which
  keeps them connected for paths without materialising ``s²/2`` pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

WEIGHTS: dict[str, float] = {
    "contact": 1.0,  # the contact is in the device owner's address book
    "link": 1.0,  # an explicit Associate / Family / UnknownLink record
    "call": 1.0,
    "message": 1.0,
    "payment": 0.8,  # money moved between the two (directly or via accounts they hold)
    "group": 1.0,  # co-membership of a chat group / board, per group, / (size - 1)
    "event": 1.0,  # co-attendance of an Event (involved/organizer), / (attendees - 1)
    "file": 0.5,  # the same file hash held by both, per file, / (holders - 1)
}
REPEATED = frozenset({"contact", "link", "call", "message", "payment"})
GATHERING_CAP = 300
RING = 10
EVIDENCE_CAP = 5
SEED = 20260301

KINDS: tuple[str, ...] = tuple(WEIGHTS)
KIND_CODE = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True)
class Gathering:
    """One gathering as it was expanded into pairs: its kind, id (``via``) and subjects. Kept so
    that its ties can be stored as memberships (``gathering_members``) rather than as pairs."""

    kind: str
    via: str
    subjects: tuple[str, ...]

    @property
    def pair_weight(self) -> float:
        """What each pair of its subjects gets from it (see the module doc)."""
        return WEIGHTS[self.kind] / (len(self.subjects) - 1)
