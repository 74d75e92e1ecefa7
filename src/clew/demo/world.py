"""Synthetic identifiers that are *valid* for their country, drawn from libraries' own data.

Why: the demo's phone numbers, IBANs and crypto addresses must pass the same validators the
ingest uses (phonenumbers, schwifty, base58check, EIP-55), and its IPs must map to the person's
country in the offline IP registry (iptocc), so that country attribution can be measured.
Everything is drawn from a caller-supplied ``random.Random``: same seed, same values.
Nothing here is real personal data: numbers vary the subscriber digits of each region's
documented example number, e-mails use the reserved ``.example`` top-level domain.
"""

from __future__ import annotations

import random
import warnings
from functools import cache, lru_cache

import base58
import iptocc
import phonenumbers
import schwifty
from eth_hash.auto import keccak
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from schwifty import registry as iban_registry

# The head of the country list is fixed (the operation's centre of gravity); the tail is drawn.
HEAD = ["PH", "US", "GB", "DE", "NL", "BR", "IN", "ID", "AU", "CA", "MX", "FR"]
POOL = [
    *HEAD,
    "ES",
    "IT",
    "TH",
    "PK",
    "KE",
    "NG",
    "GH",
    "ZA",
    "IE",
    "NZ",
    "AR",
    "CL",
    "CO",
    "PE",
    "VE",
    "EC",
    "BO",
    "PY",
    "UY",
    "CR",
    "GT",
    "HN",
    "SV",
    "PA",
    "DO",
    "PT",
    "BE",
    "CH",
    "AT",
    "CZ",
    "SK",
    "PL",
    "DK",
    "SE",
    "NO",
    "FI",
    "EE",
    "LV",
    "LT",
    "HU",
    "RO",
    "HR",
    "SI",
    "BG",
    "GR",
    "CY",
    "MT",
    "TR",
    "AZ",
    "GE",
    "AM",
    "UZ",
    "KZ",
    "UA",
    "MD",
    "RS",
    "BA",
    "MK",
    "AL",
    "ME",
    "IS",
    "LU",
    "JP",
    "KR",
    "VN",
    "MY",
    "SG",
    "KH",
    "LA",
    "MM",
    "BD",
    "LK",
    "NP",
    "TW",
    "HK",
    "CN",
    "MN",
    "AE",
    "SA",
    "QA",
    "KW",
    "BH",
    "OM",
    "JO",
    "LB",
    "IL",
    "EG",
    "MA",
    "TN",
    "DZ",
    "SN",
    "CI",
    "CM",
    "UG",
    "TZ",
    "RW",
    "ET",
    "ZM",
    "ZW",
    "MW",
    "MZ",
    "NA",
    "BW",
    "AO",
    "JM",
    "TT",
    "BS",
    "BB",
    "GY",
    "SR",
    "BZ",
    "HT",
    "FJ",
    "PG",
]

CURRENCY = {
    "US": "USD", "GB": "GBP", "PH": "PHP", "JP": "JPY", "AU": "AUD", "CA": "CAD", "BR": "BRL",
    "IN": "INR", "ID": "IDR", "MX": "MXN", "TH": "THB", "ZA": "ZAR", "SG": "SGD", "KR": "KRW",
    "CH": "CHF", "SE": "SEK", "NO": "NOK", "DK": "DKK", "PL": "PLN", "CZ": "CZK", "HU": "HUF",
    "RO": "RON", "TR": "TRY", "NZ": "NZD", "MY": "MYR", "IL": "ILS", "CN": "CNY", "HK": "HKD",
    "IS": "ISK", "BG": "BGN",
}  # fmt: skip
EURO = {
    "DE",
    "NL",
    "FR",
    "ES",
    "IT",
    "PT",
    "BE",
    "AT",
    "SK",
    "FI",
    "EE",
    "LV",
    "LT",
    "SI",
    "GR",
    "CY",
    "MT",
    "IE",
    "LU",
    "HR",
}

# Faker person providers per country: (first names, last names); Latin-script locales only.
NAME_LOCALES = {
    "PH": ("en_US", "es_MX"), "US": ("en_US",) * 2, "GB": ("en_GB",) * 2, "DE": ("de_DE",) * 2,
    "NL": ("nl_NL",) * 2, "BR": ("pt_BR",) * 2, "IN": ("en_IN",) * 2, "ID": ("id_ID",) * 2,
    "AU": ("en_NZ", "en_GB"), "CA": ("en_US", "fr_CA"), "MX": ("es_MX",) * 2, "FR": ("fr_FR",) * 2,
    "ES": ("es_ES",) * 2, "IT": ("it_IT",) * 2, "TH": ("en_TH",) * 2, "PK": ("en_PK",) * 2,
    "KE": ("en_KE",) * 2, "NG": ("yo_NG",) * 2, "GH": ("tw_GH",) * 2, "ZA": ("zu_ZA",) * 2,
    "IE": ("en_IE",) * 2, "NZ": ("en_NZ",) * 2, "AR": ("es_AR",) * 2, "CL": ("es_CL",) * 2,
    "CO": ("es_CO",) * 2, "PT": ("pt_PT",) * 2, "BE": ("nl_BE", "fr_BE"), "CH": ("de_CH",) * 2,
    "AT": ("de_AT",) * 2, "CZ": ("cs_CZ",) * 2, "SK": ("sk_SK",) * 2, "DK": ("da_DK",) * 2,
    "SE": ("sv_SE",) * 2, "NO": ("no_NO",) * 2, "FI": ("fi_FI",) * 2, "EE": ("et_EE",) * 2,
    "LV": ("lv_LV",) * 2, "LT": ("lt_LT",) * 2, "HU": ("hu_HU",) * 2, "RO": ("ro_RO",) * 2,
    "HR": ("hr_HR",) * 2, "SI": ("sl_SI",) * 2, "TR": ("tr_TR",) * 2, "AZ": ("az_AZ",) * 2,
    "UZ": ("uz_UZ",) * 2, "TZ": ("sw",) * 2, "UG": ("sw",) * 2, "RW": ("sw",) * 2,
}  # fmt: skip
LATAM = set(["PE", "VE", "EC", "BO", "PY", "UY", "CR", "GT", "HN", "SV", "PA", "DO"])

EMAIL_DOMAINS = ["mail.example", "inbox.example", "post.example", "webmail.example", "chatmail.example"]


@cache
def _name_list(locale: str, attr: str) -> tuple[str, ...]:
    import importlib

    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    values: list[str] = []
    for name in (attr,) if attr == "last_names" else ("first_names_male", "first_names_female", attr):
        raw = next((klass.__dict__[name] for klass in provider.__mro__ if name in klass.__dict__), None)
        if isinstance(raw, dict | tuple | list):
            values.extend(raw)
    latin = sorted({v for v in values if v and all(ord(c) < 0x250 for c in v) and " " not in v})
    return tuple(latin)


def name_lists(country: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """First and last names for a country (Faker's locale lists; English as fallback)."""
    first, last = NAME_LOCALES.get(country, ("es_CO", "es_CO") if country in LATAM else ("en_US", "en_US"))
    firsts, lasts = _name_list(first, "first_names"), _name_list(last, "last_names")
    if len(firsts) < 30:
        firsts = _name_list("en_US", "first_names")
    if len(lasts) < 20:
        lasts = _name_list("en_US", "last_names")
    return firsts, lasts


def currency_of(country: str) -> str:
    return "EUR" if country in EURO else CURRENCY.get(country, "USD")


@cache
def _mobile_example(region: str) -> phonenumbers.PhoneNumber | None:
    return phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)


@lru_cache(maxsize=1)
def ip_prefixes() -> dict[str, tuple[str, ...]]:
    """Country -> /24 prefixes found by probing the offline registry (fixed probe, so stable)."""
    probe = random.Random(20260101)
    addrs = [
        f"{a}.{b}.{probe.randint(0, 255)}.1"
        for a in range(1, 224)
        if a not in (10, 127)
        for b in range(256)
        for _ in range(3)
    ]
    found: dict[str, set[str]] = {}
    for addr, cc in zip(addrs, iptocc.country_code(addrs), strict=True):
        if cc:
            found.setdefault(cc, set()).add(addr.rsplit(".", 1)[0])
    return {cc: tuple(sorted(p)) for cc, p in found.items()}


def usable_countries() -> list[str]:
    """The pool, less regions without a mobile example number or without known IP blocks."""
    prefixes = ip_prefixes()
    return [c for c in POOL if _mobile_example(c) is not None and c in prefixes]


def iban_banks(country: str) -> tuple[str, ...]:
    """Bank codes of real banks of an IBAN country (schwifty's registry); empty if none."""
    try:
        iban_registry.get_iban_spec(country)
    except Exception:
        return ()
    return tuple(sorted({b.bank_code for b in iban_registry.get_banks_by_country(country) if b.bank_code}))


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
        example = _mobile_example(region)
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
