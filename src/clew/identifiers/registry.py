"""``REGISTRY``: identifier kind → its normaliser (an :class:`~clew.identifiers.base.Identifier`).

Extension point: register one instance per kind; its ``kind`` is the key, and ``normalise(kind, raw,
country, **context) -> Normalised`` must never raise on input text.
"""

from __future__ import annotations

from typing import Any

from clew.identifiers.bank import Account as _Account
from clew.identifiers.bank import Bic, Iban
from clew.identifiers.base import Identifier, Normalised
from clew.identifiers.crypto import Crypto
from clew.identifiers.device import Device
from clew.identifiers.document import Document
from clew.identifiers.email import Email
from clew.identifiers.ewallet import Ewallet
from clew.identifiers.ip import Ip
from clew.identifiers.phone import Phone
from clew.identifiers.username import Username

IBAN_SHAPE_LENGTH = 15


class Account(_Account):
    """A bank account number; becomes an IBAN or an e-wallet when it is one (see clew.identifiers.bank)."""

    def normalise(self, raw: str, country: str | None = None, **context: Any) -> Normalised:
        account_type = context.get("account_type")
        if isinstance(account_type, str) and "wallet" in account_type.lower():
            return REGISTRY["ewallet"].normalise(raw, country, **context)
        text = raw.strip() if isinstance(raw, str) else ""
        if len(text) >= IBAN_SHAPE_LENGTH and text[:2].isalpha() and text[2:4].isdigit():
            iban = REGISTRY["iban"].normalise(text, country)
            if iban.valid:
                return iban
        return super().normalise(raw, country, **context)


REGISTRY: dict[str, Identifier] = {
    cls.kind: cls()
    for cls in (Phone, Email, Username, Ip, Iban, Bic, Account, Ewallet, Crypto, Device, Document)
}
