"""User names on a service (chat, platform, P2P client id): the key includes the service.

The same name on two services may be two people, so the key is ``username:<service>:<name>``.
Names are Unicode-normalised (NFKC), case-folded and stripped of a leading ``@``, because
services treat them case-insensitively and users write ``@Name`` in chats. A user name
carries no country.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from clew.identifiers.base import Cleaned, Identifier

UNKNOWN_SERVICE = "unknown"
MAX_LENGTH = 256


def clean_service(service: Any) -> str:
    """A service name as keys use it: trimmed, case-folded, inner spaces collapsed; ``unknown`` if none."""
    if not isinstance(service, str):
        return UNKNOWN_SERVICE
    text = " ".join(fold(service).split())
    return text.replace(":", "-") or UNKNOWN_SERVICE


def fold(text: str) -> str:
    """NFKC, case-folded, NFKC again (case folding can denormalise), trimmed."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()).strip()


class Username(Identifier):
    """A user name; value is the cleaned name, detail ``{"service"}`` (context ``service=``)."""

    kind = "username"

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = fold(raw)
        while text.startswith("@"):
            text = text[1:].strip()
        if not text:
            return Cleaned(None, "empty")
        if len(text) > MAX_LENGTH:
            return Cleaned(None, f"longer than {MAX_LENGTH} characters")
        if any(not ch.isprintable() for ch in text):
            return Cleaned(None, "contains control characters")
        return Cleaned(text, None, {"service": clean_service(context.get("service"))})

    def key(self, value: str, detail: dict[str, Any]) -> str:
        return f"username:{detail['service']}:{value}"
