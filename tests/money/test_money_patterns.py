"""Pattern rules on hand-built graphs: seller vs shop, collector, structuring, cycles, ..."""

from __future__ import annotations

from clew.money import patterns
from clew.money.rules import Parties


def parties_for(index, subjects=None, countries=None, groups=None):
    accounts = index.graph.accounts
    subjects = subjects or {}
    countries = countries or {}
    return Parties([subjects.get(a, a) for a in accounts], [countries.get(a) for a in accounts], groups or {})


def flagged(flags, index, pattern):
    return {index.graph.accounts[f.account] for f in flags if f.pattern == pattern}


def market(buyers_in_group: bool):
    rows, groups = [], {"seller": {"grp-1"}, "shop": {"grp-9"}}
    for i in range(8):
        rows.append((f"s{i}", f"buyer{i}", "seller", f"2024-01-{i + 1:02d}", 25))
        rows.append((f"h{i}", f"customer{i}", "shop", f"2024-01-{i + 1:02d}", 25))
        groups[f"buyer{i}"] = {"grp-1"} if buyers_in_group else {"grp-2"}
        groups[f"customer{i}"] = {"grp-3"}  # ordinary customers: no group with the shop's holder
    return rows, groups


def test_seller_needs_payers_who_share_a_group_a_shop_is_not_a_seller(make):
    rows, groups = market(buyers_in_group=True)
    index = make(rows)
    flags = patterns.find(index, parties_for(index, groups=groups))
    assert flagged(flags, index, "seller") == {"seller"}
    assert flagged(flags, index, "shop") == {"shop"}
    assert flagged(flags, index, "buyer") == {f"buyer{i}" for i in range(8)}
    seller = next(f for f in flags if f.pattern == "seller")
    assert seller.evidence["payers_tied"] == 8 and seller.evidence["ties"]["buyer0"] == "group grp-1"
    assert seller.evidence["passes_on"] is False and seller.evidence["rule"] == "payers tied"


def test_same_payments_without_shared_groups_are_no_seller(make):
    rows, groups = market(buyers_in_group=False)
    index = make(rows)
    flags = patterns.find(index, parties_for(index, groups=groups))
    assert flagged(flags, index, "seller") == set()
    assert flagged(flags, index, "shop") == {"seller", "shop"}


def forwarding_seller(extra_rows=(), days_later=1):
    """A seller whose eight buyers share nothing with it but money; every few payments in, most of
    it goes to one collector abroad within a day (or ``days_later``)."""
    rows = []
    for i in range(12):
        rows.append((f"s{i}", f"buyer{i}", "seller", f"2024-01-{i * 2 + 1:02d}T10:00:00", 25 + i))
        if i % 3 == 2:
            day = i * 2 + 1 + days_later
            rows.append((f"f{i}", "seller", "collector", f"2024-01-{day:02d}T09:00:00", 60))
    return rows + list(extra_rows)


def test_seller_whose_buyers_have_no_ties_is_found_from_the_money(make):
    index = make(forwarding_seller())
    countries = {"seller": "PH", "collector": "GB"}
    flags = patterns.find(index, parties_for(index, countries=countries))
    assert flagged(flags, index, "seller") == {"seller"}
    seller = next(f for f in flags if f.pattern == "seller")
    assert seller.evidence["payers_tied"] == 0 and seller.evidence["passes_on"] is True
    assert seller.evidence["onward_concentration"] == 1.0 and seller.evidence["cross_border_share"] == 1.0
    assert seller.evidence["median_hours_after_arrival"] <= 24
    assert seller.evidence["rule"] == "passes most of it on, soon, to few"


def test_shop_with_many_unrelated_payers_is_not_a_seller(make):
    """A shop keeps its takings and pays its supplier once, weeks later, and its staff: no seller."""
    rows = [(f"c{i}", f"customer{i}", "shop", f"2024-01-{i + 1:02d}", 15 + 3 * i) for i in range(20)]
    rows += [("sup", "shop", "supplier", "2024-02-25", 150), ("pay1", "shop", "clerk", "2024-01-31", 90)]
    rows += [("pay2", "shop", "baker", "2024-01-31", 90)]
    index = make(rows)
    flags = patterns.find(index, parties_for(index))
    assert flagged(flags, index, "seller") == set()
    shop = next(f for f in flags if f.pattern == "shop")
    assert shop.evidence["passes_on"] is False and shop.evidence["distinct_payers"] == 20
    assert shop.evidence["share_passed_on"] < 0.5


def test_paying_out_weeks_later_or_to_many_is_no_seller(make):
    late = [(r[0], r[1], r[2], r[3].replace("2024-01", "2024-03") if r[0].startswith("f") else r[3], r[4])
            for r in forwarding_seller()]  # fmt: skip
    index = make(late)
    assert flagged(patterns.find(index, parties_for(index)), index, "seller") == set()
    spread = [(r[0], r[1], f"supplier{r[0]}" if r[0].startswith("f") else r[2], r[3], r[4])
              for r in forwarding_seller()]  # fmt: skip
    index = make(spread)
    assert flagged(patterns.find(index, parties_for(index)), index, "seller") == set()


def test_large_payments_are_no_seller(make):
    rows, groups = market(buyers_in_group=True)
    rows = [(r[0], r[1], r[2], r[3], 900) for r in rows]
    index = make(rows)
    assert flagged(patterns.find(index, parties_for(index, groups=groups)), index, "seller") == set()


def test_collector_is_fan_in_from_sellers(make):
    rows, groups = [], {}
    for s in ("sellerA", "sellerB"):
        groups[s] = {f"g-{s}"}
        for i in range(6):
            rows.append((f"{s}-{i}", f"{s}-buyer{i}", s, "2024-01-01", 20))
            groups[f"{s}-buyer{i}"] = {f"g-{s}"}
        rows.append((f"{s}-out", s, "boss", "2024-01-05", 100))
    rows.append(("other", "someone", "bystander", "2024-01-05", 100))
    rows.append(("own", "sellerA", "sellerA-savings", "2024-01-06", 10))
    index = make(rows)
    subjects = {"sellerA-savings": "sellerA"}
    flags = patterns.find(index, parties_for(index, subjects=subjects, groups=groups))
    assert flagged(flags, index, "seller") == {"sellerA", "sellerB"}
    assert flagged(flags, index, "collector") == {"boss"}
    boss = next(f for f in flags if f.pattern == "collector")
    assert boss.evidence["seller_subjects"] == 2 and boss.evidence["amount_from_sellers"] == 200


def test_structuring_just_under_the_threshold(make):
    rows = [(f"s{i}", "smurf", "target", f"2024-02-{i + 1:02d}", 9_500 + i * 50) for i in range(5)]
    rows += [(f"n{i}", "normal", "target2", f"2024-02-{i + 1:02d}", 12_000) for i in range(5)]
    rows += [("one", "once", "target3", "2024-02-01", 9_900)]
    rows += [(f"p{i}", "peso", "target4", f"2024-02-{i + 1:02d}", 480_000, "PHP") for i in range(3)]
    index = make(rows)
    flags = patterns.find(index, parties_for(index))
    assert flagged(flags, index, "structuring") == {"smurf", "target", "peso", "target4"}
    peso = next(f for f in flags if f.pattern == "structuring" and index.graph.accounts[f.account] == "peso")
    assert peso.evidence["thresholds"] == ["500000 PHP"]


def test_cycle_follows_time_order(make):
    index = make(
        [
            ("a", "X", "Y", "2024-01-01", 500),
            ("b", "Y", "Z", "2024-01-02", 480),
            ("c", "Z", "X", "2024-01-03", 450),
            # R -> Q (4th) -> R (5th) goes round; from Q it does not: R paid Q before Q's money came
            ("d", "Q", "R", "2024-01-05", 500),
            ("e", "R", "Q", "2024-01-04", 500),
        ]
    )
    flags = patterns.find(index, parties_for(index))
    assert flagged(flags, index, "cycle") == {"X", "R"}
    x = next(f for f in flags if f.pattern == "cycle" and index.graph.accounts[f.account] == "X")
    assert x.evidence["payments"] == ["a", "b", "c"] and x.evidence["amount_returned"] == 450


def test_foreign_funds_need_two_known_different_countries(make):
    index = make(
        [
            ("a", "de-acct", "ph-acct", "2024-01-01", 100),
            ("b", "ph-acct2", "ph-acct", "2024-01-01", 100),
            ("c", "unknown", "ph-acct3", "2024-01-01", 100),
        ]
    )
    countries = {"de-acct": "DE", "ph-acct": "PH", "ph-acct2": "PH", "ph-acct3": "PH"}
    flags = patterns.find(index, parties_for(index, countries=countries))
    assert flagged(flags, index, "foreign-funds") == {"ph-acct"}
    f = next(f for f in flags if f.pattern == "foreign-funds")
    assert f.evidence["from_countries"] == {"DE": {"amount": 100.0, "payments": 1}}


def test_pass_through_in_and_straight_out(make):
    rows = []
    for i in range(4):
        rows.append((f"in{i}", f"src{i}", "mule", f"2024-03-{i * 3 + 1:02d}T10:00:00Z", 1000))
        rows.append((f"out{i}", "mule", "dest", f"2024-03-{i * 3 + 1:02d}T18:00:00Z", 990))
        rows.append((f"kin{i}", f"src{i}", "saver", f"2024-03-{i + 1:02d}", 1000))
        rows.append((f"kout{i}", "saver", "dest", f"2024-05-{i + 1:02d}", 990))
    index = make(rows)
    flags = patterns.find(index, parties_for(index))
    assert flagged(flags, index, "pass-through") == {"mule"}
    mule = next(f for f in flags if f.pattern == "pass-through")
    assert mule.evidence["median_hours_held"] == 8.0
