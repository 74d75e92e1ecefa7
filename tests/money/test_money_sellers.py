"""Sellers from the payment graph where the money is only partly measurable or the fan-in is small:
crypto forwarding without a rate, an unfinished last batch, co-payment and the seller chain."""

from __future__ import annotations

import numpy as np

from clew.money import patterns, sellers
from clew.money.rules import Rules
from money.test_money_patterns import flagged, forwarding_seller, parties_for


def _seller(flags, index, account):
    return next(f for f in flags if f.pattern == "seller" and index.graph.accounts[f.account] == account)


def test_batches_forwarded_in_crypto_without_a_rate_leave_the_share_not_count_as_kept():
    t_in = np.array([1, 2, 3, 10, 11, 12, 20, 21], dtype=np.int64) * 3600
    v_in = np.full(8, 30.0)
    t_out = np.array([4, 13], dtype=np.int64) * 3600
    share, unvalued = sellers.valued_share(t_in, v_in, t_out, np.array([70.0, np.nan]))
    assert unvalued == 1
    assert share == round(70 / 90, 3)  # first batch only: the second's value is unknown, the last unfinished
    share, _ = sellers.valued_share(t_in, v_in, t_out, np.array([70.0, 70.0]))
    assert share == round(140 / 180, 3)


def test_more_in_after_the_last_payment_out_than_a_batch_was_kept():
    """One early payment out after three in, then five more in: at most three of them can be the
    unfinished batch; the other two were kept."""
    t_in = np.array([1, 2, 3, 10, 11, 12, 13, 14], dtype=np.int64) * 3600
    share, _ = sellers.valued_share(t_in, np.full(8, 30.0), np.array([4 * 3600]), np.array([70.0]))
    assert share == round(70 / 150, 3)


def test_seller_forwarding_partly_in_crypto_is_found(make):
    """Buyers pay an e-wallet; the holder forwards some batches from it and some from a BTC wallet
    (no reference rate): what is measured still shows the money passing on."""
    rows = [r for r in forwarding_seller() if not r[0].startswith("f")]
    rows += [("f2", "seller", "collector", "2024-01-06T09:00:00", 60)]
    rows += [("f5", "seller-btc", "collector-btc", "2024-01-12T09:00:00", 0.0012, "BTC")]
    rows += [("f8", "seller-btc", "collector-btc", "2024-01-18T09:00:00", 0.0011, "BTC")]
    index = make(rows)
    subjects = {"seller-btc": "seller", "collector-btc": "collector"}
    flags = patterns.find(index, parties_for(index, subjects=subjects))
    seller = _seller(flags, index, "seller")
    assert seller.evidence["payments_out_unvalued"] == 2 and seller.evidence["passes_on"] is True
    assert seller.evidence["share_passed_on"] >= 0.5


def _networked(index, groups, *holders):
    """Parties where each of ``holders`` is in someone's address book (a tie apart from money)."""
    parties = parties_for(index, groups=groups)
    parties.neighbours = {h: {"someone"} for h in holders}
    return parties


def _two_markets():
    """Seller A: six buyers in its chat group, forwards nothing. Account B: four payers without any
    tie to its holder, keeps what came in; two of them also buy from A."""
    rows, groups = [], {"A": {"grp-a"}}
    for i in range(6):
        rows.append((f"a{i}", f"buyer{i}", "A", f"2024-01-{i + 1:02d}", 20))
        groups[f"buyer{i}"] = {"grp-a"}
    for i, payer in enumerate(["buyer0", "buyer1", "stranger0", "stranger1"]):
        rows += [(f"b{i}-{k}", payer, "B", f"2024-02-{i * 5 + k + 1:02d}", 25) for k in range(3)]
    return rows, groups


def test_payers_who_also_buy_from_a_known_seller_tie_the_account_by_co_payment(make):
    rows, groups = _two_markets()
    index = make(rows)
    flags = patterns.find(index, _networked(index, groups, "B"))
    assert flagged(flags, index, "seller") == {"A", "B"}
    b = _seller(flags, index, "B")
    assert b.evidence["passes_on"] is False and b.evidence["rule"] == "payers tied"
    assert b.evidence["ties"] == {"buyer0": "also pays seller A", "buyer1": "also pays seller A"}


def test_a_shop_one_of_whose_many_customers_is_a_buyer_stays_a_shop(make):
    rows, groups = _two_markets()
    rows = [r for r in rows if r[2] != "B"]
    rows += [(f"c{i}", f"customer{i}", "shop", f"2024-03-{i + 1:02d}", 30) for i in range(12)]
    rows += [("c-buyer", "buyer0", "shop", "2024-03-20", 30)]
    index = make(rows)
    flags = patterns.find(index, _networked(index, groups, "shop"))
    assert flagged(flags, index, "seller") == {"A"}
    shop = next(f for f in flags if f.pattern == "shop")
    assert shop.evidence["payers_tied"] == 1 and shop.evidence["ties"] == {"buyer0": "also pays seller A"}


def test_a_merchant_all_of_whose_payers_in_the_data_are_buyers_is_no_seller(make):
    """Seized statements show suspects' payments: every buyer of A also pays the supermarket. Its
    holder has no tie apart from money, so co-payment does not make it a seller."""
    rows, groups = _two_markets()
    rows = [r for r in rows if r[2] != "B"]
    rows += [(f"m{i}", f"buyer{i}", "supermarket", f"2024-03-{i + 1:02d}", 40) for i in range(6)]
    index = make(rows)
    flags = patterns.find(index, parties_for(index, groups=groups))
    assert flagged(flags, index, "seller") == {"A"}
    shop = next(f for f in flags if f.pattern == "shop")
    assert index.graph.accounts[shop.account] == "supermarket" and shop.evidence["payers_tied"] == 0


def _chain(beneficiary: str):
    """Seller S (five payers, forwards to collector C); account T with two payers only, who
    forwards what came in to ``beneficiary``."""
    rows = []
    for i in range(5):
        rows += [(f"s{i}", f"buyer{i}", "S", f"2024-01-{i + 1:02d}T10:00:00", 30)]
    rows += [("s-out", "S", "C", "2024-01-06T09:00:00", 120)]
    for k in range(6):
        rows += [(f"t{k}", f"friend{k % 2}", "T", f"2024-02-{k + 1:02d}T10:00:00", 30)]
    rows += [("t-out", "T", beneficiary, "2024-02-07T09:00:00", 150)]
    return rows


def test_two_payer_account_feeding_a_known_sellers_collector_is_a_seller(make):
    index = make(_chain("C"))
    flags = patterns.find(index, parties_for(index))
    assert flagged(flags, index, "seller") == {"S", "T"}
    assert flagged(flags, index, "collector") == {"C"}
    t = _seller(flags, index, "T")
    assert t.evidence["distinct_payers"] == 2 and t.evidence["chain"] == ["passes on to C, as seller S does"]
    assert t.evidence["rule"] == "passes most of it on, soon, to few, in the chain of sellers found"


def test_two_friends_paying_one_who_pays_the_rent_are_nothing(make):
    """Same money shape, but the onward payment goes to a landlord no seller pays: no chain, no
    flag (and no shop either: two payers are no market)."""
    index = make(_chain("landlord"))
    flags = patterns.find(index, parties_for(index))
    assert flagged(flags, index, "seller") == {"S"}
    assert "T" not in flagged(flags, index, "shop")


def test_a_collector_paid_in_crypto_by_many_sellers_is_no_shop(make):
    """Three sellers forward in bitcoin (no rate) to one wallet: a collector, not a shop of
    many small payments from untied payers."""
    rows, groups = [], {}
    for s in ("A", "B", "C"):
        groups[s] = {f"g-{s}"}
        for i in range(4):
            rows.append((f"{s}-{i}", f"{s}-buyer{i}", s, f"2024-01-0{i + 1}", 20))
            groups[f"{s}-buyer{i}"] = {f"g-{s}"}
        rows.append((f"{s}-out", f"{s}-btc", "boss-btc", "2024-01-06", 0.001, "BTC"))
    index = make(rows)
    subjects = {f"{s}-btc": s for s in "ABC"}
    flags = patterns.find(index, parties_for(index, subjects=subjects, groups=groups))
    assert flagged(flags, index, "collector") == {"boss-btc"}
    assert flagged(flags, index, "shop") == set() and flagged(flags, index, "seller") == {"A", "B", "C"}


def test_salaries_passed_on_to_the_collectors_landlord_are_no_sale(make):
    """A worker paid by two employers pays most of it, the next day, to the same party a seller
    pays: salaries are no small payments, so the worker is no seller (and no shop)."""
    rows = _chain("C")
    rows = [r for r in rows if not r[0].startswith("t")]
    for m in range(1, 4):
        rows += [(f"sal{m}a", "employer-a", "worker", f"2024-0{m}-01T08:00:00", 1400)]
        rows += [(f"sal{m}b", "employer-b", "worker", f"2024-0{m}-02T08:00:00", 900)]
        rows += [(f"rent{m}", "worker", "C", f"2024-0{m}-03T08:00:00", 1500)]
    index = make(rows)
    flags = patterns.find(index, parties_for(index))
    assert flagged(flags, index, "seller") == {"S"}
    assert "worker" not in flagged(flags, index, "shop")


def test_every_batch_forwarded_without_a_value_leaves_the_share_unknown_not_kept(make):
    """Every batch forwarded from a BTC wallet (no reference rate): nothing measures how much left,
    so the share is unknown (None) and the shop's evidence says so, rather than 0.0 — which read as
    "kept everything" while payments did leave (probe 2026-12-03: 300 people, no-groups, seed 7)."""
    t_in = np.array([1, 2, 3, 10, 11, 12, 20, 21], dtype=np.int64) * 3600
    t_out = np.array([4, 13], dtype=np.int64) * 3600
    share, unvalued = sellers.valued_share(t_in, np.full(8, 30.0), t_out, np.array([np.nan, np.nan]))
    assert share is None and unvalued == 2
    unknown = {"share_passed_on": None, "median_hours_after_arrival": 1.0}
    assert not sellers.passes_on(unknown, Rules())
    rows = [r for r in forwarding_seller() if not r[0].startswith("f")]
    rows += [("f5", "seller-btc", "collector-btc", "2024-01-12T09:00:00", 0.0012, "BTC")]
    index = make(rows)
    flags = patterns.find(index, parties_for(index, subjects={"seller-btc": "seller"}))
    shop = next(f for f in flags if f.pattern == "shop" and index.graph.accounts[f.account] == "seller")
    assert shop.evidence["share_passed_on"] is None and shop.evidence["payments_out_unvalued"] == 1
    assert "unknown" in shop.evidence["rule"]
