"""Money patterns, each flagged per account with its evidence. Rules and thresholds (``Rules``,
``clew.money.rules``), each applied by its own module (``market``, ``seller_flags``,
``passthrough``, ``structuring``, ``cycles``, ``foreign``):

- **seller**: many small payments from at least ``seller_min_payers`` distinct payers, and
  either the holder passes most of it on, soon after it arrives, to few accounts (the payment
  graph's own structure) or enough payers are tied to the holder by non-money evidence (groups,
  contacts, calls, meetings, shared identifiers, common contacts, co-payment to a seller found):
  ``clew.money.sellers`` has the rule and why. Neither: a **shop** (ordinary customers), flagged
  ``shop`` as evidence of why the account is not a seller, never a role. With only
  ``chain_min_payers`` payers the money must pass on and the account sit in the chain of the
  sellers found (``clew.money.chain``).
- **collector**: payments in from at least ``collector_min_sellers`` seller subjects (any of
  their accounts: sellers often forward from a bank or crypto account), making up at least
  ``collector_min_share`` of the payments in; or, from a single seller, at least
  ``collector_single_min_payments`` payments that are ``collector_single_share`` of all
  payments in (a dedicated account). A collector is neither a seller nor a shop: its payers
  are sellers, a seller's are buyers.
- **buyer**: paid a seller account of another subject (evidence: which, how much).
- **pass-through**: at least ``pass_min_payments`` in and out, at least ``pass_min_share`` of
  the inflow left again under FIFO, and the amount-weighted median time a lot stayed is
  at most ``pass_max_hours``.
- **structuring**: at least ``structuring_min`` payments (in or out) within
  ``structuring_band`` below a reporting threshold of their own currency
  (``THRESHOLDS``; other currencies against the EUR thresholds after conversion), making up
  at least ``structuring_share`` of that direction's payments.
- **cycle**: funds that, following FIFO for up to ``cycle_hops`` hops, come back to the
  account they left through an account of another subject, at least ``cycle_min_amount``.
- **foreign-funds**: money in from accounts attributed to another country (both known).
"""

from __future__ import annotations

from clew.money.cycles import cycles
from clew.money.foreign import foreign
from clew.money.index import FlowIndex
from clew.money.market import money_roles
from clew.money.passthrough import pass_through
from clew.money.rules import Flag, Parties, Rules
from clew.money.structuring import structuring

DEFAULT_RULES = Rules()  # the one configuration every operation uses (module doc)


def find(index: FlowIndex, parties: Parties, rules: Rules = DEFAULT_RULES) -> list[Flag]:
    """Every pattern's flags, in the order of the module doc (market roles first)."""
    flags: list[Flag] = []
    money_roles(index, parties, rules, flags)
    pass_through(index, rules, flags)
    structuring(index, rules, flags)
    cycles(index, parties, rules, flags)
    foreign(index, parties, rules, flags)
    return flags
