"""FIFO allocation and tracing on hand-built chains."""

from __future__ import annotations

import numpy as np
import pytest

from clew.money.trace import trace


def steps(index, t):
    g = index.graph
    return [(int(h), g.ids[p], round(float(f), 2)) for h, p, f in zip(t.hop, t.payment, t.flow, strict=True)]


def test_fifo_decides_what_flows(make):
    # B receives 100 (A1) then 50 (A2); pays 80 to C, then 70 to D.
    # FIFO: C is paid from A1's money only; D gets A1's remaining 20 and all of A2's 50.
    index = make(
        [
            ("p1", "A1", "B", "2024-01-01", 100),
            ("p2", "A2", "B", "2024-01-02", 50),
            ("p3", "B", "C", "2024-01-03", 80),
            ("p4", "B", "D", "2024-01-04", 70),
        ]
    )
    g = index.graph
    from_a2 = trace(index, [g.account_index["A2"]], hops=2)
    assert steps(index, from_a2) == [(1, "p2", 50.0), (2, "p4", 50.0)]
    from_a1 = trace(index, [g.account_index["A1"]], hops=2)
    assert steps(index, from_a1) == [(1, "p1", 100.0), (2, "p3", 80.0), (2, "p4", 20.0)]
    into_d = trace(index, [g.account_index["D"]], "backward", hops=2)
    assert steps(index, into_d) == [(1, "p4", 70.0), (2, "p1", 20.0), (2, "p2", 50.0)]


def test_payment_before_the_money_arrived_is_not_followed(make):
    index = make(
        [
            ("in", "A", "B", "2024-02-05", 100),
            ("early", "B", "C", "2024-02-03", 100),  # before A's money arrived: other funds
            ("late", "B", "D", "2024-02-06", 100),
        ]
    )
    t = trace(index, [index.graph.account_index["A"]], hops=3)
    assert steps(index, t) == [(1, "in", 100.0), (2, "late", 100.0)]
    # backward from C: the early payment had no arrived funds behind it
    back = trace(index, [index.graph.account_index["C"]], "backward", hops=3)
    assert steps(index, back) == [(1, "early", 100.0)]
    assert back.onward()[0] == 0.0


def test_partial_flow_is_carried_proportionally_over_three_hops(make):
    index = make(
        [
            ("a", "S", "X", "2024-01-01", 100),
            ("b", "O", "X", "2024-01-01", 100),  # same day, later index: second lot
            ("c", "X", "Y", "2024-01-02", 150),  # 100 from S, 50 from O
            ("d", "Y", "Z", "2024-01-03", 60),  # draws on c: 60 of 150, of which S's share is 2/3
        ]
    )
    t = trace(index, [index.graph.account_index["S"]], hops=3)
    assert steps(index, t) == [(1, "a", 100.0), (2, "c", 100.0), (3, "d", 40.0)]
    assert list(t.parent) == [-1, 0, 1]
    assert t.onward().tolist() == pytest.approx([100.0, 40.0, 0.0])


def test_unspent_money_stays_and_window_limits_steps(make):
    index = make(
        [
            ("a", "S", "X", "2024-01-01", 100),
            ("b", "X", "Y", "2024-01-10", 30),
            ("c", "X", "Z", "2024-03-10", 30),
        ]
    )
    s = index.graph.account_index["S"]
    assert [p for _, p, _ in steps(index, trace(index, [s], hops=2))] == ["a", "b", "c"]
    windowed = trace(index, [s], hops=2, until=int(np.datetime64("2024-02-01", "s").astype(np.int64)))
    assert [p for _, p, _ in steps(index, windowed)] == ["a", "b"]


def test_min_flow_and_truncation(make):
    rows = [("in", "S", "X", "2024-01-01", 100)]
    rows += [(f"o{i}", "X", f"Y{i}", "2024-01-02", 1) for i in range(50)]
    index = make(rows)
    s = index.graph.account_index["S"]
    assert trace(index, [s], hops=2).size == 51
    assert trace(index, [s], hops=2, min_flow=2).size == 1
    capped = trace(index, [s], hops=2, max_steps=10)
    assert capped.truncated and capped.size == 10


def test_allocation_matches_a_slow_fifo_simulation(make):
    rng = np.random.default_rng(3)
    rows = []
    for i in range(300):
        a, b = rng.choice(8, 2, replace=False)
        rows.append(
            (f"p{i}", f"A{a}", f"A{b}", f"2024-01-{1 + rng.integers(0, 28):02d}", rng.integers(1, 200))
        )
    index = make(rows)
    lots, outs, flow = index.allocation()
    got = {(int(i), int(o)): float(f) for i, o, f in zip(lots, outs, flow, strict=True)}
    g = index.graph
    expected: dict[tuple[int, int], float] = {}
    for acc in range(len(g.accounts)):
        queue = [[int(p), float(g.amount[p])] for p in index.incoming(acc)]
        events = sorted(
            [(int(g.time[p]), 0, int(p)) for p in index.incoming(acc)]
            + [(int(g.time[p]), 1, int(p)) for p in index.outgoing(acc)]
        )
        arrived = []
        for _, kind, p in events:
            if kind == 0:
                arrived.append(next(q for q in queue if q[0] == p))
                continue
            need = float(g.amount[p])
            for lot in arrived:
                take = min(lot[1], need)
                if take > 0:
                    expected[(lot[0], p)] = expected.get((lot[0], p), 0.0) + take
                    lot[1] -= take
                    need -= take
                if need <= 0:
                    break
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value)
