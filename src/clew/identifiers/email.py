"""E-mail addresses: lower-cased, trimmed, syntax checked by followthemoney's e-mail type.

A header-style value (``Ann Lee <ann@mail.example>``, what FtM's ``Email:from``/``to`` hold) is
read for its address (``email.utils.parseaddr``); the display name is not an identifier.

The whole address is lower-cased (not only the domain): providers treat local parts
case-insensitively in practice, and two records of one person must meet on one node. A
country-code top-level domain (``.ph``, ``.co.uk``) is weak evidence of a country (rule
``email-cctld``); generic domains (``.com``, webmail) and ccTLDs sold as vanity domains (``.io``,
``.tv``, ``.me``, ...) give none.
"""

from __future__ import annotations

import re
from email.utils import parseaddr
from typing import Any

import phonenumbers

from clew.identifiers.base import Attribution, Cleaned, Identifier, sentence_value

CCTLD_CONFIDENCE = 0.3
MAX_LENGTH = 254
# ccTLDs marketed worldwide as generic names: their registrant need not be in the country.
VANITY_CCTLDS = frozenset(
    "ac ai am bz cc cf cm co cx fm ga gg gq gs im io la ly me ml ms nu sh so st tk to tv vc ws".split()  # noqa: SIM905
)
# Fast path for the common case, giving what followthemoney's cleaner gives for it: plain ASCII
# letter-digit-hyphen labels (no punycode) with an alphabetic TLD, and a simple local part.
ASCII_DOMAIN = re.compile(r"(?!.*(?:^|\.)xn--)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
LOCAL_PART = re.compile(r"[a-z0-9._%+\-]{1,64}")
CCTLD_ALIASES = {"uk": "GB"}
ISO_REGIONS = frozenset(r for r in phonenumbers.SUPPORTED_REGIONS if len(r) == 2) - {"AC", "TA", "XK"}


def cctld_country(domain: str) -> str | None:
    """The ISO country of a domain's ccTLD, or ``None`` for generic and vanity TLDs."""
    tld = domain.rsplit(".", 1)[-1]
    if len(tld) != 2 or tld in VANITY_CCTLDS:
        return None
    code = CCTLD_ALIASES.get(tld, tld.upper())
    return code if code in ISO_REGIONS else None


class Email(Identifier):
    """An e-mail address; value is the lower-cased address, detail ``{"domain"}``."""

    kind = "email"

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = raw.strip()
        if "<" in text and ">" in text:  # a header's "Ann Lee <ann@mail.example>": the address
            text = parseaddr(text)[1] or text
        text = text.strip("<>").strip()
        if text[:7].lower() == "mailto:":
            text = text[7:]
        if not text:
            return Cleaned(None, "empty")
        if len(text) > MAX_LENGTH:
            return Cleaned(None, f"longer than {MAX_LENGTH} characters")
        value = text.lower()
        if value.count("@") != 1:
            return Cleaned(None, "not an e-mail address (needs exactly one '@')")
        local, domain = value.split("@")
        if not ASCII_DOMAIN.fullmatch(domain) or not LOCAL_PART.fullmatch(local):
            from followthemoney import registry  # 0.8 s to import: only for the rare address

            cleaned = registry.email.clean_text(value)  # IDNA 2008 / UTS 46 for the rest
            if cleaned is None:
                return Cleaned(None, "not a syntactically valid e-mail address")
            local, domain = cleaned.rsplit("@", 1)
            value = f"{local}@{domain.lower()}"
        return Cleaned(value, None, {"domain": domain})

    def country(
        self, value: str, detail: dict[str, Any], country: str | None, raw: str
    ) -> tuple[Attribution, ...]:
        code = cctld_country(detail["domain"])
        if code is None:
            return ()
        evidence = (
            f"{sentence_value(value)} is at domain {detail['domain']}, whose country-code top-level "
            f"domain is {code}'s; anyone can register such a domain, so this is weak evidence"
        )
        return (Attribution(code, "email-cctld", evidence, CCTLD_CONFIDENCE),)
