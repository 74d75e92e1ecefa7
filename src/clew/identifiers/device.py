"""Devices: IMEI (python-stdnum's IMEI module: Luhn check digit) or an opaque device id.

A 15-digit IMEI must pass its Luhn check; a 14-digit IMEI (no check digit) and a 16-digit IMEISV
(software version instead of check digit) are completed to the 15-digit IMEI so that every
spelling of one handset meets on one node. Anything else with letters (Android id, advertising id,
UUID, ``clew:deviceId``) is an opaque id, trimmed and lower-cased. Devices carry no country.
"""

from __future__ import annotations

import re
from typing import Any

from stdnum import imei, luhn

from clew.identifiers.base import Cleaned, Identifier

SEPARATORS = re.compile(r"[\s\-./]+")
OPAQUE = re.compile(r"[0-9a-z_:\-{}]{4,128}")
MAX_LENGTH = 128


class Device(Identifier):
    """A handset or device id; value is the 15-digit IMEI or the opaque id; detail ``{"type"}``."""

    kind = "device"
    max_length = MAX_LENGTH

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = raw.strip()
        if text.lower().startswith("imei"):
            text = text[4:].lstrip(" :#")
        digits = SEPARATORS.sub("", text)
        if digits.isascii() and digits.isdigit():
            if len(digits) in (14, 16):  # IMEI without check digit, IMEISV
                digits = digits[:14] + luhn.calc_check_digit(digits[:14])
            if len(digits) == 15:
                if not imei.is_valid(digits):
                    return Cleaned(None, "IMEI check digit (Luhn) does not match: mistyped IMEI")
                return Cleaned(digits, None, {"type": "imei"})
        opaque = text.lower()
        if not OPAQUE.fullmatch(opaque):
            return Cleaned(None, "neither an IMEI (14-16 digits) nor a device id (4-128 letters/digits)")
        return Cleaned(opaque, None, {"type": "opaque"})
