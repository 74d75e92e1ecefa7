"""The chain of sellers: buyers pay sellers, sellers pay collectors. Evidence of place in it.

A seller found by its own money or ties places others: a payer who also paid it is a buyer
(co-payment ties that payer to every other account it pays), and the party it passes its money
on to is a collector (an account passing money on to the same party feeds the same collector).
``clew.money.seller_flags`` decides sellers again with this evidence while new ones appear.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    """An account with many small payments in: its holder (party), payer parties, the payers
    tied to the holder apart from money (payer -> why) and the money's structure (``onward``)."""

    account: int
    party: str
    payers: set[str]
    tied: dict[str, str]
    evidence: dict
    networked: bool = True  # the holder has some tie apart from money (a group, a contact, ...)
    chain: list[str] = field(default_factory=list)


def co_payment(candidates: list[Candidate], found: dict[int, bool], accounts: list[str]) -> None:
    """Place each candidate in the chain of the sellers ``found`` so far (account -> whether its
    money passes on).

    A payer who also paid a found seller of another holder is a buyer: tied to this account by
    co-payment (added to ``tied``, never replacing a non-money tie) — if its holder is
    ``networked``. Buyers also pay supermarkets, phone top-ups and VPNs, and seized statements
    show mostly suspects' payments, so most of a merchant's payers in the data can be buyers:
    co-payment says what the payers are, and makes the account a seller only when its holder is
    of the network by some other evidence. An account that passes its money on to a party to
    which a found seller of another holder passes its own (a collector) feeds the same
    collector. Both are
    recorded in ``chain``: the corroboration a two-payer account needs."""
    paid: dict[str, list[int]] = {}
    collectors: dict[str, list[int]] = {}
    for c in candidates:
        if c.account in found:
            for p in c.payers:
                paid.setdefault(p, []).append(c.account)
            for b in c.evidence.get("onward_to", []) if found[c.account] else ():
                collectors.setdefault(b, []).append(c.account)
    holder = {c.account: c.party for c in candidates}
    for c in candidates:
        c.chain = []
        for p in sorted(c.payers) if c.networked else ():
            other = [a for a in paid.get(p, ()) if holder[a] != c.party]
            if other:
                c.tied.setdefault(p, "also pays seller " + accounts[min(other)])
                c.chain.append(f"payer {p} also pays seller {accounts[min(other)]}")
        for b in c.evidence.get("onward_to", []):
            other = [a for a in collectors.get(b, ()) if holder[a] != c.party]
            if other and b != c.party:
                c.chain.append(f"passes on to {b}, as seller {accounts[min(other)]} does")
