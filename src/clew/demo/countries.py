"""The demo's countries and what belongs to each: names, currency, IP blocks, numbers, banks.

Why: a synthetic person must look like someone from their country to the same validators
the ingest uses, so each country's facts come from libraries' own data - Faker's name lists,
phonenumbers' example numbers, iptocc's offline IP registry, schwifty's bank registry.
A country none of them knows enough about is left out of the pool (``usable_countries``).
"""

from __future__ import annotations

import random
from functools import cache, lru_cache

import iptocc
import phonenumbers
from phonenumbers import PhoneNumberType
from schwifty import registry as iban_registry

# The head of the country list is fixed (the operation's centre of gravity); the tail is drawn.
HEAD = ["PH", "US", "GB", "DE", "NL", "BR", "IN", "ID", "AU", "CA", "MX", "FR"]
POOL = [
    *HEAD,
    "ES", "IT", "TH", "PK", "KE", "NG", "GH", "ZA", "IE", "NZ", "AR", "CL", "CO", "PE", "VE",
    "EC", "BO", "PY", "UY", "CR", "GT", "HN", "SV", "PA", "DO", "PT", "BE", "CH", "AT", "CZ",
    "SK", "PL", "DK", "SE", "NO", "FI", "EE", "LV", "LT", "HU", "RO", "HR", "SI", "BG", "GR",
    "CY", "MT", "TR", "AZ", "GE", "AM", "UZ", "KZ", "UA", "MD", "RS", "BA", "MK", "AL", "ME",
    "IS", "LU", "JP", "KR", "VN", "MY", "SG", "KH", "LA", "MM", "BD", "LK", "NP", "TW", "HK",
    "CN", "MN", "AE", "SA", "QA", "KW", "BH", "OM", "JO", "LB", "IL", "EG", "MA", "TN", "DZ",
    "SN", "CI", "CM", "UG", "TZ", "RW", "ET", "ZM", "ZW", "MW", "MZ", "NA", "BW", "AO", "JM",
    "TT", "BS", "BB", "GY", "SR", "BZ", "HT", "FJ", "PG",
]  # fmt: skip

CURRENCY = {
    "US": "USD", "GB": "GBP", "PH": "PHP", "JP": "JPY", "AU": "AUD", "CA": "CAD", "BR": "BRL",
    "IN": "INR", "ID": "IDR", "MX": "MXN", "TH": "THB", "ZA": "ZAR", "SG": "SGD", "KR": "KRW",
    "CH": "CHF", "SE": "SEK", "NO": "NOK", "DK": "DKK", "PL": "PLN", "CZ": "CZK", "HU": "HUF",
    "RO": "RON", "TR": "TRY", "NZ": "NZD", "MY": "MYR", "IL": "ILS", "CN": "CNY", "HK": "HKD",
    "IS": "ISK", "BG": "BGN",
}  # fmt: skip

EURO = {
    "DE", "NL", "FR", "ES", "IT", "PT", "BE", "AT", "SK", "FI", "EE", "LV", "LT", "SI", "GR", "CY",
    "MT", "IE", "LU", "HR",
}  # fmt: skip

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
    """The currency people of ``country`` hold (US dollars where the table names none)."""
    return "EUR" if country in EURO else CURRENCY.get(country, "USD")


@cache
def mobile_example(region: str) -> phonenumbers.PhoneNumber | None:
    """Region's documented example mobile number (phonenumbers' metadata), or None."""
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
    return [c for c in POOL if mobile_example(c) is not None and c in prefixes]


def iban_banks(country: str) -> tuple[str, ...]:
    """Bank codes of real banks of an IBAN country (schwifty's registry); empty if none."""
    try:
        iban_registry.get_iban_spec(country)
    except Exception:
        return ()
    return tuple(sorted({b.bank_code for b in iban_registry.get_banks_by_country(country) if b.bank_code}))
