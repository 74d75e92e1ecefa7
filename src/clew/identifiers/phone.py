"""Phone numbers, with phonenumbers (Google's libphonenumber metadata): E.164, region, line type.

A number written with its international prefix (``+63 917 …`` or ``0063 917 …`` when no country is
known) carries its country itself: rule ``phone-prefix``. A national-format number (``0917 …``) only
means something read against a country — the source's, given by the caller — so its attribution is
``phone-national-context`` naming that country, with lower confidence, because the source's country
is an assumption about where the number was written down. A national number with no country cannot
be normalised: it is kept raw, and the caller's ``basis`` (why no country: device evidence of
several numbering plans, ``clew.ingest.region``) joins the reason. A number in the numbering
plan of a country says where it was issued, not where its user is (roaming, foreign SIMs),
which is why even ``phone-prefix`` is below 1.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from phonenumbers import CountryCodeSource, NumberParseException, PhoneNumberFormat, PhoneNumberType

from clew.identifiers.base import Attribution, Cleaned, Identifier, sentence_value

PREFIX_CONFIDENCE = 0.9
NATIONAL_CONTEXT_CONFIDENCE = 0.6
MAX_LENGTH = 64

LINE_TYPES = {
    PhoneNumberType.FIXED_LINE: "fixed",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed-or-mobile",
    PhoneNumberType.TOLL_FREE: "toll-free",
    PhoneNumberType.PREMIUM_RATE: "premium-rate",
    PhoneNumberType.SHARED_COST: "shared-cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "unknown",
}

PARSE_ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country calling code or country",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}

POSSIBLE_REASONS = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "unknown country calling code",
    phonenumbers.ValidationResult.TOO_SHORT: "too short",
    phonenumbers.ValidationResult.TOO_LONG: "too long",
    phonenumbers.ValidationResult.INVALID_LENGTH: "wrong length",
}


def _international(text: str) -> str | None:
    """The text with ``+`` if written internationally (``+…``, or ``00…`` when no country is known)."""
    if text.startswith("+") or text.startswith("\uff0b"):
        return text
    digits = text.lstrip("( ")
    if digits.startswith("00"):
        return "+" + digits[2:]
    return None


class Phone(Identifier):
    """A telephone number; value is E.164 (``+639171234567``)."""

    kind = "phone"
    max_length = MAX_LENGTH

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = raw.strip()
        international = _international(text) if country is None else (text if text[0] in "+\uff0b" else None)
        if international is None and country is None:
            why = f" ({context['basis']})" if context.get("basis") else ""
            return Cleaned(None, f"national number without a country{why}")
        try:
            if international:
                number = phonenumbers.parse(international, None)
            else:  # the source country's own international prefix (00, 011, ...) also counts as "+"
                number = phonenumbers.parse(text, country, keep_raw_input=True)
                if number.country_code_source == CountryCodeSource.FROM_NUMBER_WITH_IDD:
                    international = text
        except NumberParseException as exc:
            return Cleaned(None, PARSE_ERRORS.get(exc.error_type, str(exc)))
        candidate = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        written = "international" if international else "national"
        number_type = phonenumbers.number_type(number)  # UNKNOWN exactly when is_valid_number is False
        if number_type == PhoneNumberType.UNKNOWN:
            possible = phonenumbers.is_possible_number_with_reason(number)
            why = POSSIBLE_REASONS.get(possible)
            if why is None:
                where = phonenumbers.region_code_for_country_code(number.country_code)
                why = f"not a number in use in the numbering plan of {where} (+{number.country_code})"
            return Cleaned(None, why, {"candidate": candidate, "written": written})
        region = phonenumbers.region_code_for_number(number)
        line_type = LINE_TYPES.get(number_type, "unknown")
        detail = {
            "region": region,
            "line_type": line_type,
            "calling_code": number.country_code,
            "written": written,
            "context_country": None if international else country,
        }
        if not international and context.get("basis"):
            detail["context_basis"] = context["basis"]
        if not international and context.get("entity"):  # the record's own country, not the source's
            detail["context_entity"] = context["entity"]
            if context.get("entity_prop", "country") != "country":  # mainCountry, jurisdiction
                detail["context_prop"] = context["entity_prop"]
        return Cleaned(candidate, None, detail)

    def country(
        self, value: str, detail: dict[str, Any], country: str | None, raw: str
    ) -> tuple[Attribution, ...]:
        region = detail.get("region")
        if not region or region == "001":  # 001: non-geographic (satellite, global services)
            return ()
        if detail.get("written") == "international":
            evidence = (
                f"{sentence_value(raw)} is written with its international prefix "
                f"(+{detail['calling_code']}); "
                f"{value} is a valid {detail['line_type']} number of the numbering plan of {region} "
                "(phonenumbers)"
            )
            return (Attribution(region, "phone-prefix", evidence, PREFIX_CONFIDENCE),)
        context = detail.get("context_country")
        basis = f" ({detail['context_basis']})" if detail.get("context_basis") else ""
        entity = detail.get("context_entity")
        if entity:
            evidence = (
                f"{sentence_value(raw)} has no international prefix and was read against the country "
                f"{context} that entity {entity} itself states (its {detail.get('context_prop', 'country')} "
                f"property): {value} is a valid "
                f"{detail['line_type']} number of {region} (phonenumbers)"
            )
            return (Attribution(region, "phone-entity-country", evidence, NATIONAL_CONTEXT_CONFIDENCE),)
        evidence = (
            f"{sentence_value(raw)} has no international prefix and was read against the source's "
            f"country {context}{basis}: {value} is a valid {detail['line_type']} number of {region} "
            "(phonenumbers)"
        )
        return (Attribution(region, "phone-national-context", evidence, NATIONAL_CONTEXT_CONFIDENCE),)
