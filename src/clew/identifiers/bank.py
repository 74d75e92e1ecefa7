"""Bank identifiers with schwifty: IBAN (checksum, country, the bank's BIC when its registry knows
it), BIC (structure and country), and plain account numbers qualified by their bank.

The IBAN's country is where the account is held (rule ``iban-country``), the BIC's where the bank
branch is (``bic-country``): good evidence of where money sits, weaker evidence of where its holder
lives, hence 0.7. Plain account numbers mean nothing without their bank, so their key carries the
bank (BIC or bank name, ``unknown`` if none). An "account number" that is a valid IBAN is
normalised as an IBAN (kind ``iban``), so both spellings meet on one node; an account of type
e-wallet (context ``account_type``) is normalised as an e-wallet.
"""

from __future__ import annotations

import re
from typing import Any

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from clew.identifiers.base import Attribution, Cleaned, Identifier, sentence_value
from clew.identifiers.username import clean_service

IBAN_CONFIDENCE = 0.7
BIC_CONFIDENCE = 0.7
MAX_LENGTH = 64
SEPARATORS = re.compile(r"[\s\-./]+")
ACCOUNT_SHAPE = re.compile(r"[0-9A-Z]{4,34}")


def _reason(exc: SchwiftyException) -> str:
    return str(exc).strip().rstrip(".") or type(exc).__name__


class Iban(Identifier):
    """An IBAN; value is the compact upper-case form, detail ``{"country", "bank_code", "bic"}``."""

    kind = "iban"

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = SEPARATORS.sub("", raw).upper()
        if text.startswith("IBAN"):
            text = text[4:]
        if not text:
            return Cleaned(None, "empty")
        if len(text) > MAX_LENGTH:
            return Cleaned(None, f"longer than {MAX_LENGTH} characters")
        try:
            iban = IBAN(text)
        except SchwiftyException as exc:
            return Cleaned(None, f"not a valid IBAN: {_reason(exc)}")
        bic = iban.bic
        detail = {"country": iban.country_code, "bank_code": iban.bank_code or None}
        detail["bic"] = str(bic.compact) if bic is not None else None
        return Cleaned(str(iban.compact), None, detail)

    def country(
        self, value: str, detail: dict[str, Any], country: str | None, raw: str
    ) -> tuple[Attribution, ...]:
        code = detail["country"]
        evidence = f"IBAN {value} starts with country code {code}: the account is held in {code} (schwifty)"
        return (Attribution(code, "iban-country", evidence, IBAN_CONFIDENCE),)


def clean_bic(raw: str) -> tuple[str | None, str | None, str | None]:
    """``(bic, country, reason)``: an 8-character BIC gets the primary office's ``XXX`` branch."""
    text = SEPARATORS.sub("", raw).upper()
    if not text:
        return None, None, "empty"
    if len(text) > MAX_LENGTH:
        return None, None, f"longer than {MAX_LENGTH} characters"
    try:
        bic = BIC(text)
    except SchwiftyException as exc:
        return None, None, f"not a valid BIC: {_reason(exc)}"
    value = str(bic.compact)
    return (value + "XXX" if len(value) == 8 else value), bic.country_code, None


class Bic(Identifier):
    """A BIC (SWIFT code); value has 11 characters (8-character codes get ``XXX``)."""

    kind = "bic"

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        value, code, reason = clean_bic(raw)
        return Cleaned(value, reason, {"country": code} if value else {})

    def country(
        self, value: str, detail: dict[str, Any], country: str | None, raw: str
    ) -> tuple[Attribution, ...]:
        code = detail["country"]
        evidence = f"BIC {value} has country code {code} (characters 5-6): the bank branch is in {code}"
        return (Attribution(code, "bic-country", evidence, BIC_CONFIDENCE),)


class Account(Identifier):
    """A plain bank account number; context ``bic=`` or ``bank=`` qualifies the key."""

    kind = "account"

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = SEPARATORS.sub("", raw).upper()
        if not text:
            return Cleaned(None, "empty")
        if not ACCOUNT_SHAPE.fullmatch(text):
            return Cleaned(None, "not an account number (4-34 letters and digits)")
        if not any(ch.isdigit() for ch in text):
            return Cleaned(None, "not an account number (no digits)")
        bic, bic_country = None, None
        if isinstance(context.get("bic"), str) and context["bic"].strip():
            bic, bic_country, _ = clean_bic(context["bic"])
        bank = bic or clean_service(context.get("bank"))
        return Cleaned(text, None, {"bank": bank, "bic": bic, "bic_country": bic_country})

    def country(
        self, value: str, detail: dict[str, Any], country: str | None, raw: str
    ) -> tuple[Attribution, ...]:
        code = detail.get("bic_country")
        if not code:
            return ()
        evidence = (
            f"account {sentence_value(value)} is held at the bank with BIC {detail['bic']}, "
            f"whose country code is {code}"
        )
        return (Attribution(code, "bic-country", evidence, BIC_CONFIDENCE),)

    def key(self, value: str, detail: dict[str, Any]) -> str:
        return f"account:{detail['bank']}:{value}"
