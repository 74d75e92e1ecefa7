"""Helpers for money tests: tiny payment graphs built from tuples."""

from __future__ import annotations

import pytest

from clew.money import rates
from clew.money.graph import Payment, build
from clew.money.index import FlowIndex


@pytest.fixture(scope="session")
def ecb() -> rates.Rates:
    return rates.bundled()


@pytest.fixture
def make(ecb):
    """``make([(id, payer, beneficiary, date, amount[, currency]), ...]) -> FlowIndex`` (EUR default)."""

    def _make(rows, accounts=()):
        payments = [Payment(r[0], r[1], r[2], r[3], float(r[4]), r[5] if len(r) > 5 else "EUR") for r in rows]
        return FlowIndex.build(build(payments, ecb, accounts))

    return _make
