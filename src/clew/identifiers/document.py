"""Identity-document numbers: a passport's or an ID card's number (FtM ``Identification.number``,
``Passport.passportNumber``, ``Person.passportNumber``, ``Person.idNumber``).

A state gives one number to one document, so two records holding the same number are one person's
records: resolution joins them as it joins records sharing a phone number (and refuses, like
there, when their full names clearly differ). The value is the number upper-cased without spaces,
hyphens, dots or slashes — how the same passport is typed on a KYC form and in a border record
(``x 1234-567`` and ``X1234567``). It must hold at least ``MIN_LENGTH`` letters and digits and a
digit: every passport and national ID number does, and shorter text (``12``, ``n/a``) would join
strangers. The key carries no country: FtM's ``Person.passportNumber`` states none, and an
issuing country is evidence of where a person is (``identification-country``), not part of
the number. Two states issuing one number to two people sharing a full name is the residual
risk. Numbers carry no country evidence of their own.
"""

from __future__ import annotations

import re
from typing import Any

from clew.identifiers.base import Cleaned, Identifier

MIN_LENGTH = 6  # passports are 6-9 characters (ICAO 9303 allows up to 9), ID cards longer
MAX_LENGTH = 32
SEPARATORS = re.compile(r"[\s\-./]+")
ALNUM = re.compile(r"[0-9A-Z]+")


class Document(Identifier):
    """An identity document's number; value is the upper-cased number without separators."""

    kind = "document"
    max_length = MAX_LENGTH * 2

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        value = SEPARATORS.sub("", raw).upper()
        if not value.isascii() or not ALNUM.fullmatch(value):
            return Cleaned(None, "not a document number (letters and digits only)")
        if not MIN_LENGTH <= len(value) <= MAX_LENGTH or not any(c.isdigit() for c in value):
            return Cleaned(None, f"not a document number ({MIN_LENGTH}-{MAX_LENGTH} characters with a digit)")
        return Cleaned(value)
