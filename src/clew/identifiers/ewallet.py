"""E-wallet accounts (GCash, PayMaya, M-Pesa, PayPal, ...): provider plus account id.

Many wallets are opened on a phone number, and the same wallet appears as ``09171234567`` in a KYC
export and ``+63 917 123 4567`` in a payment log; a phone-shaped id is therefore normalised as a
phone number (read against the given country) and the wallet inherits its country evidence. An
e-mail-shaped id (PayPal) is normalised as an e-mail. Anything else is kept as written, trimmed and
case-folded. Key: ``ewallet:<provider>:<id>`` (context ``service=``, or ``provider=``/``bank=``).
"""

from __future__ import annotations

import re
from typing import Any

from clew.identifiers.base import Attribution, Cleaned, Identifier
from clew.identifiers.email import Email
from clew.identifiers.phone import Phone
from clew.identifiers.username import clean_service, fold

PHONE_SHAPE = re.compile(r"\+?[\d\s().\-]{6,24}")
MAX_LENGTH = 128
_PHONE = Phone()
_EMAIL = Email()


def provider_of(context: dict[str, Any]) -> str:
    """The wallet provider named by the context, as keys use it."""
    for name in ("service", "provider", "bank"):
        if isinstance(context.get(name), str) and context[name].strip():
            return clean_service(context[name])
    return clean_service(None)


class Ewallet(Identifier):
    """An e-wallet account: value is the E.164 number, e-mail or cleaned id; detail has provider, id_kind."""

    kind = "ewallet"
    max_length = MAX_LENGTH

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = raw.strip()
        detail: dict[str, Any] = {"provider": provider_of(context)}
        if PHONE_SHAPE.fullmatch(text):
            phone = _PHONE.normalise(text, country)
            if phone.valid:
                detail.update(id_kind="phone", region=phone.detail["region"])
                return Cleaned(phone.value, None, detail)
            digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
            detail.update(id_kind="number", phone_reason=phone.reason)
            return Cleaned(digits, None, detail)
        if "@" in text:
            email = _EMAIL.normalise(text)
            if email.valid:
                detail.update(id_kind="email")
                return Cleaned(email.value, None, detail)
        value = "".join(fold(text).split())
        detail.update(id_kind="id")
        return Cleaned(value, None, detail) if value else Cleaned(None, "empty")

    def country(
        self, value: str, detail: dict[str, Any], country: str | None, raw: str
    ) -> tuple[Attribution, ...]:
        if detail.get("id_kind") != "phone":
            return ()
        return _PHONE.normalise(raw, country).attributions

    def key(self, value: str, detail: dict[str, Any]) -> str:
        return f"ewallet:{detail['provider']}:{value}"
