"""Payments as another tool's FtM states them are counted by money (issue 11; the fixture is
``tests/data/ftm_forms/other_tool.ftm.jsonl``, see tests/ftm_forms.py)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from clew.money import payments
from clew.money.load import load
from clew.money.rates import bundled
from ftm_forms import other_tool, subject_of  # noqa: F401  (a fixture)


@pytest.fixture(scope="module")
def data(other_tool):  # noqa: F811
    return load(other_tool, bundled())


def _payment(data, pid: str) -> tuple[str, str, float, str]:
    g = data.graph
    i = g.ids.index(pid)
    return g.accounts[g.src[i]], g.accounts[g.dst[i]], float(g.original[i]), g.currencies[i]


@pytest.mark.parametrize(
    ("pid", "expected", "form"),
    [
        ("pay-1", ("p-alma", "p-carla", 100.0, "EUR"), "payer/beneficiary people, amount+currency, ISO time"),
        ("pay-2", ("p-bruno", "p-carla", 50.0, "USD"), "amountUsd, startDate"),
        ("pay-3", ("p-bruno", "p-alma", 20.0, "EUR"), "amountEur"),
        ("pay-5", ("cw-eli", "cw-fay", 0.5, "BTC"), "payerAccount/beneficiaryAccount wallets"),
        ("pay-7", ("acct-kim", "p-lea", 40.0, "EUR"), "an account paying a person, time with offset"),
        ("pay-8", ("p-nia", "p-max", 1250.5, "EUR"), "thousands separator"),
        ("pay-10", ("p-nia", "p-max", 75.0, "USD"), "the currency after the amount, none stated"),
    ],
)
def test_each_payment_form_is_counted(data, pid: str, expected: tuple, form: str) -> None:
    assert _payment(data, pid) == expected, form


def test_unusable_payments_are_skipped_with_their_reason(data) -> None:
    """FtM allows ``2026-02``; FIFO cannot order it within its month: counted, never a crash. A
    decimal comma (``99,90``) is ambiguous in FtM's number convention: counted, never read as 9990."""
    assert "pay-4" not in data.graph.ids and "pay-9" not in data.graph.ids
    assert data.skipped == Counter({"date without a day": 1, "amount with a decimal comma": 1})
    texts = ("12,5 EUR", "1,250", "1,250.50", "1,00,000")
    assert [bool(payments.DECIMAL_COMMA.search(t)) for t in texts] == [True, False, False, False]
    assert [payments.to_the_day(d) for d in ("2026", "2026-02", "2026-02-03", "2026-02-03T10:00")] == [
        False, False, True, True
    ]  # fmt: skip


def test_holders_of_accounts_but_not_of_companies(data, other_tool) -> None:  # noqa: F811
    accounts = data.accounts
    assert accounts["cw-eli"].holder_id == "p-eli"  # CryptoWallet.holder
    assert accounts["cw-fay"].holder_id == "p-fay"  # Ownership of a wallet
    assert accounts["acct-kim"].holder_id == "p-kim"  # Ownership of a bank account
    company = accounts["co-acme"]  # Ownership of a company: the company pays and is paid itself
    assert company.holder_id == "co-acme" and company.subject_id == subject_of(other_tool, "co-acme")


def test_a_holders_declared_country_or_nationality_is_the_accounts(data) -> None:
    rules = {a: (data.accounts[a].country, data.accounts[a].country_rule) for a in ("p-bruno", "p-carla")}
    assert rules == {"p-bruno": ("MX", "holder-country"), "p-carla": ("GB", "holder-country")}


def test_amounts_convert_to_the_reporting_currency(data) -> None:
    g = data.graph
    usd = g.amount[g.ids.index("pay-2")]
    assert 0 < usd < 50  # USD 50 in EUR at the bundled reference rate of that day


def _loaded(tmp_path, rows: list[dict]):
    """``rows`` ingested as an FtM file (so ingest cleans or keeps raw), then money's load."""
    from clew.ingest import ingest_paths
    from clew.store import Workspace
    from conftest import fresh_database_url

    (tmp_path / "p.ftm.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ws = Workspace.init(tmp_path / "ws", operation="test-op", url=fresh_database_url())
    with ws.store() as store:
        ingest_paths(store, [tmp_path / "p.ftm.jsonl"])
        return load(store, bundled())


def test_a_date_that_is_no_calendar_day_is_skipped_not_a_crash(tmp_path) -> None:
    """A mapped CSV's ``2025-02-30`` is kept raw by ingest (no clean value); money read the raw text
    and crashed (``ValueError: day is out of range for month``). It is counted, the rest loads."""
    rows = [
        {"id": "pay-ok", "schema": "Payment", "properties": {"payer": ["p-a"], "beneficiary": ["p-b"],
         "amount": ["10"], "currency": ["EUR"], "date": ["2025-03-01"]}},
        {"id": "pay-bad", "schema": "Payment", "properties": {"payer": ["p-a"], "beneficiary": ["p-b"],
         "amount": ["20"], "currency": ["EUR"], "date": ["2025-02-30"]}},
    ]  # fmt: skip
    got = _loaded(tmp_path, rows)
    assert got.graph.ids == ["pay-ok"]
    assert got.skipped == Counter({"date not a calendar date": 1})
    assert [payments.is_time(d) for d in ("2025-02-30", "2025-02-28", "2025-02-28T25:00", "x")] == [
        False, True, False, False
    ]  # fmt: skip


def test_an_accounts_country_kept_raw_is_no_country(tmp_path) -> None:
    """`country: xx` is kept raw by ingest; money read the raw text and placed the account in "XX"."""

    def account(aid: str, country: str) -> dict:
        return {
            "id": aid,
            "schema": "BankAccount",
            "properties": {"accountNumber": [aid], "country": [country]},
        }

    pay = {
        "payerAccount": ["acct-x"],
        "beneficiaryAccount": ["acct-d"],
        "amount": ["10"],
        "currency": ["EUR"],
    }
    rows = [account("acct-x", "xx"), account("acct-d", "de")]
    rows.append({"id": "pay-1", "schema": "Payment", "properties": pay | {"date": ["2025-03-01"]}})
    got = _loaded(tmp_path, rows)
    assert (got.accounts["acct-x"].country, got.accounts["acct-d"].country) == (None, "DE")
