"""Synthetic identifiers that are *valid* for their country, drawn from libraries' own data.

Why: the demo's phone numbers, IBANs and crypto addresses must pass the same validators the
ingest uses (phonenumbers, schwifty, base58check, EIP-55), and its IPs must map to the person's
country in the offline IP registry (iptocc), so that country attribution can be measured.
Everything is drawn from a caller-supplied ``random.Random``: same seed, same values.
Nothing here is real personal data: numbers vary the subscriber digits of each region's
documented example number, e-mails use the reserved ``.example`` top-level domain.
What each country offers (example numbers, IP blocks, banks) is in ``clew.demo.countries``.
"""

from __future__ import annotations

import random
import warnings

import base58
import phonenumbers
import schwifty
from eth_hash.auto import keccak
from phonenumbers import PhoneNumberFormat
from schwifty import registry as iban_registry

from clew.demo.countries import iban_banks, ip_prefixes, mobile_example

EMAIL_DOMAINS = ["mail.example", "inbox.example", "post.example", "webmail.example", "chatmail.example"]


class Identifiers:
    """Draws unique, valid identifiers; one instance per demo so uniqueness holds across it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _unique(self, make, tries: int = 200) -> str | None:
        for _ in range(tries):
            value = make()
            if value is not None and value not in self.used:
                self.used.add(value)
                return value
        return None

    def phone(self, region: str) -> str:
        """A valid mobile number of ``region`` in E.164 (subscriber digits varied)."""
        example = mobile_example(region)
        nsn = phonenumbers.national_significant_number(example)
        vary = min(6, max(2, len(nsn) - 3))

        def make() -> str | None:
            digits = nsn[:-vary] + "".join(self.rng.choice("0123456789") for _ in range(vary))
            number = phonenumbers.PhoneNumber(country_code=example.country_code, national_number=int(digits))
            if example.italian_leading_zero:
                number.italian_leading_zero = True
            if not phonenumbers.is_valid_number(number):
                return None
            if phonenumbers.region_code_for_number(number) != region:
                return None
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)

        value = self._unique(make)
        if value is None:
            raise RuntimeError(f"no valid phone number for {region}")
        return value

    def email(self, first: str, last: str) -> str:
        def make() -> str:
            base = _ascii(self.rng.choice([first + "." + last, first[0] + last, last + first[:2], first]))
            return f"{base.lower()}{self.rng.randint(1, 999)}@{self.rng.choice(EMAIL_DOMAINS)}"

        return self._unique(make)

    def username(self, first: str, service: str) -> str:
        words = ["fox", "owl", "blue", "night", "star", "wolf", "sky", "king", "moon", "rain", "jade"]

        def make() -> str:
            stem = self.rng.choice([_ascii(first).lower(), self.rng.choice(words)])
            sep = self.rng.choice(["_", ".", "", "x"])
            return f"{service}:{stem}{sep}{self.rng.choice(words)}{self.rng.randint(1, 9999)}"

        return self._unique(make).split(":", 1)[1]

    def iban(self, country: str) -> str | None:
        """A valid IBAN (national checksum too where schwifty checks one), or None."""
        banks = iban_banks(country)
        if not banks:
            return None
        spec = iban_registry.get_iban_spec(country)
        rng_ = spec.positions[iban_registry.Component.ACCOUNT_CODE]
        length = max(1, rng_.end - rng_.start)

        def make() -> str | None:
            account = "".join(self.rng.choice("0123456789") for _ in range(length))
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    iban = schwifty.IBAN.generate(
                        country, bank_code=self.rng.choice(banks), account_code=account
                    )
                    value = str(iban)
                    schwifty.IBAN(value, validate_bban=True)
            except Exception:
                return None
            return value

        return self._unique(make, tries=30)

    def btc(self) -> str:
        return self._unique(lambda: base58.b58encode_check(b"\x00" + self.rng.randbytes(20)).decode())

    def eth(self) -> str:
        def make() -> str:
            raw = self.rng.randbytes(20).hex()
            digest = keccak(raw.encode()).hex()
            return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(raw))

        return self._unique(make)

    def imei(self) -> str:
        def make() -> str:
            body = "35" + "".join(self.rng.choice("0123456789") for _ in range(12))
            return body + str(_luhn_digit(body))

        return self._unique(make)

    def ip(self, country: str) -> str:
        prefixes = ip_prefixes().get(country) or ip_prefixes()["US"]
        return self._unique(lambda: f"{self.rng.choice(prefixes)}.{self.rng.randint(2, 254)}")

    def hexid(self, nbytes: int) -> str:
        return self._unique(lambda: self.rng.randbytes(nbytes).hex())


def _luhn_digit(body: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isalnum() and ord(c) < 128) or "user"


def format_phone(e164: str, style: str) -> str:
    """``style``: e164 | international | national (as people type them into address books)."""
    number = phonenumbers.parse(e164)
    fmt = {
        "e164": PhoneNumberFormat.E164,
        "international": PhoneNumberFormat.INTERNATIONAL,
        "national": PhoneNumberFormat.NATIONAL,
    }[style]
    return phonenumbers.format_number(number, fmt)
