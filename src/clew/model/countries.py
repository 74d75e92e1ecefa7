"""Where an FtM record states a party's country, however the exporting tool chose to (written once).

FtM has ``country`` on every thing, and on legal entities ``mainCountry`` ("primary country") and
``jurisdiction`` ("where it operates"), both of which FtM tells a tool to prefer over ``country``:
these three *declare* where the party is. A person's ``nationality``, ``citizenship`` and
``birthCountry`` say where it belongs or came from, not where it is. Ingest reads national phone
numbers against the one declared country; resolution compares records' countries; the network
weighs each property as evidence of its own (``clew.network.country.RULE_WEIGHTS``).
"""

from __future__ import annotations

DECLARED_COUNTRY_PROPS = ("country", "mainCountry", "jurisdiction")
TIED_COUNTRY_PROPS = ("nationality", "citizenship", "birthCountry")
COUNTRY_PROPS = DECLARED_COUNTRY_PROPS + TIED_COUNTRY_PROPS


def is_country(code: str) -> bool:
    """Whether ``code`` is a country an analyst may state for a source (``--country``, a
    manifest's ``country:``): an ISO 3166-1 alpha-2 code, or a region with a numbering plan
    (phonenumbers adds XK, Kosovo, as ITU and FtM use it). A typo (``XY``) would otherwise be
    stored as the source's country and every national number read against no plan."""
    import phonenumbers
    import pycountry

    code = code.upper()
    return code in phonenumbers.SUPPORTED_REGIONS or pycountry.countries.get(alpha_2=code) is not None


def stated_country(value: str | None, option: str) -> str | None:
    """``value`` as an upper-case code, or None when blank; a value that is no country
    (:func:`is_country`) is refused in one line naming ``option`` (``--country``, ``region``) and
    the value, so every option and parameter that takes a country refuses alike."""
    from clew.errors import UserError

    if not value or not value.strip():
        return None
    code = value.strip().upper()
    if len(code) != 2 or not is_country(code):
        raise UserError(f"{option} {value!r} is not an ISO-3166 alpha-2 code (e.g. PH)")
    return code
