"""IP addresses: the standard library's ``ipaddress`` for form, version and private/reserved ranges;
country from ``iptocc`` (an offline copy of the regional internet registries' delegation files, no
network at run time).

The registry country is where the address block was allocated, not where the user sat: VPNs, Tor,
proxies, mobile carriers and carrier-grade NAT make it weak, so ``ip-registry`` has moderate
confidence. Private, shared (CGNAT), loopback, link-local, multicast and reserved addresses have no
country.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import iptocc

from clew.identifiers.base import Attribution, Cleaned, Identifier

REGISTRY_CONFIDENCE = 0.5
MAX_LENGTH = 64


def _strip_port(text: str) -> str:
    """``1.2.3.4:5678`` → ``1.2.3.4``; ``[2001:db8::1]:80`` → ``2001:db8::1``; else unchanged."""
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    if text.count(":") == 1 and "." in text:
        return text.split(":", 1)[0]
    return text


class Ip(Identifier):
    """An IPv4/IPv6 address; value is its compressed form (IPv4-mapped IPv6 becomes IPv4)."""

    kind = "ip"
    max_length = MAX_LENGTH

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = raw.strip()
        try:
            address = ipaddress.ip_address(_strip_port(text))
        except ValueError:
            return Cleaned(None, "not an IPv4 or IPv6 address")
        if address.version == 6 and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        reserved = (
            address.is_reserved
            or address.is_loopback
            or address.is_link_local
            or address.is_multicast
            or address.is_unspecified
        )
        detail = {
            "version": address.version,
            "private": address.is_private,
            "reserved": reserved,
            "global": address.is_global,
        }
        return Cleaned(str(address), None, detail)

    def country(
        self, value: str, detail: dict[str, Any], country: str | None, raw: str
    ) -> tuple[Attribution, ...]:
        if not detail["global"]:
            return ()
        code = iptocc.country_code(value)
        if not code:
            return ()
        evidence = (
            f"IP address {value} is in a block the regional internet registries allocated to {code} "
            "(iptocc offline data); VPNs, proxies, Tor and carrier-grade NAT make this weak evidence "
            "of where the user was"
        )
        return (Attribution(code.upper(), "ip-registry", evidence, REGISTRY_CONFIDENCE),)
