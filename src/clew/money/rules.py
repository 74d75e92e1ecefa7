"""What pattern finding shares: its ``Rules`` (one configuration for every operation), the
``Flag`` each pattern raises on an account, and the ``Parties`` behind the accounts.

The rules' meaning is stated with each pattern (``clew.money.patterns`` lists them; the reasons
for the values are in docs/architecture.md, "Pattern rules"). A frozen dataclass, so a run's
rules are one value that cannot drift while the patterns are found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clew.money import sellers


@dataclass(frozen=True)
class Rules:
    small_amount: float = 100.0
    seller_min_payers: int = 3
    chain_min_payers: int = 2
    seller_group_share: float = 0.1
    seller_min_group_payers: int = 2
    onward_min_share: float = 0.5
    onward_max_hours: float = 96.0
    onward_concentration: float = 0.8
    collector_min_sellers: int = 2
    collector_min_share: float = 0.3
    collector_single_min_payments: int = 2
    collector_single_share: float = 0.8
    pass_min_payments: int = 3
    pass_min_share: float = 0.8
    pass_max_hours: float = 72.0
    structuring_band: float = 0.1
    structuring_min: int = 3
    structuring_share: float = 0.3
    cycle_hops: int = 4
    cycle_min_amount: float = 50.0
    foreign_min_amount: float = 0.0


@dataclass
class Flag:
    pattern: str
    account: int
    score: float
    evidence: dict[str, Any]


@dataclass
class Parties:
    """Per account index: holder subject (None unknown) and country; per subject: groups and
    neighbours by non-money evidence (``ties``, built from ``groups`` when not given)."""

    subject: list[str | None]
    country: list[str | None]
    groups: dict[str, set[str]]
    neighbours: dict[str, set[str]] = field(default_factory=dict)

    @property
    def ties(self) -> sellers.Ties:
        return sellers.Ties(self.groups, self.neighbours)

    def party(self, account: int, accounts: list[str]) -> str:
        return self.subject[account] or accounts[account]
