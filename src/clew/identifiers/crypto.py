"""Cryptocurrency addresses: format and checksum with maintained libraries.

- Base58Check (``base58``): Bitcoin P2PKH/P2SH, their testnet forms, Litecoin, Dogecoin, Tron —
  told apart by the version byte.
- SegWit bech32 (BIP 173) and bech32m (BIP 350) with the ``bech32`` package's reference primitives
  (it predates bech32m, so the checksum constant is chosen here): ``bc1…``, ``tb1…``, ``ltc1…``.
- Ethereum/EVM: ``0x`` + 40 hex digits; mixed case must carry a valid EIP-55 checksum (Keccak-256
  from ``eth-hash``). The value is lower-case, so checksummed and plain spellings meet.

An address in no known format is invalid unless the context names its chain (``chain=`` or
``currency=``, e.g. from CryptoWallet ``currencySymbol``) and that chain is not one checked here:
then it is kept as written (``detail["checked"] = False``). Addresses carry no country.
"""

from __future__ import annotations

import re
from typing import Any

import base58
import bech32
from eth_hash.auto import keccak

from clew.identifiers.base import Cleaned, Identifier

BECH32M_CONST = 0x2BC830A3
BASE58_VERSIONS = {
    0x00: ("BTC", "p2pkh", "mainnet"),
    0x05: ("BTC", "p2sh", "mainnet"),
    0x6F: ("BTC", "p2pkh", "testnet"),
    0xC4: ("BTC", "p2sh", "testnet"),
    0x30: ("LTC", "p2pkh", "mainnet"),
    0x32: ("LTC", "p2sh", "mainnet"),
    0x1E: ("DOGE", "p2pkh", "mainnet"),
    0x16: ("DOGE", "p2sh", "mainnet"),
    0x41: ("TRX", "account", "mainnet"),
}
BECH32_HRPS = {
    "bc": ("BTC", "mainnet"),
    "tb": ("BTC", "testnet"),
    "bcrt": ("BTC", "regtest"),
    "ltc": ("LTC", "mainnet"),
    "tltc": ("LTC", "testnet"),
}
CHECKED_CHAINS = frozenset({"BTC", "LTC", "DOGE", "TRX", "ETH", "BITCOIN", "ETHEREUM", "LITECOIN", "TRON"})
BASE58_SHAPE = re.compile(r"[1-9A-HJ-NP-Za-km-z]{25,36}")
ETH_SHAPE = re.compile(r"0[xX][0-9a-fA-F]{40}")
MAX_LENGTH = 128
UNRECOGNISED = "not a BTC/LTC/DOGE/TRX (Base58Check, bech32/bech32m) or ETH address, or its checksum fails"


def eip55_ok(hex40: str) -> bool:
    """EIP-55: a letter is upper-case exactly where the Keccak-256 of the lower-case hex has a nibble ≥ 8."""
    digest = keccak(hex40.lower().encode("ascii")).hex()
    letters = ((i, ch) for i, ch in enumerate(hex40) if ch.isalpha())
    return all((ch.isupper() if int(digest[i], 16) >= 8 else ch.islower()) for i, ch in letters)


def decode_segwit(text: str) -> tuple[str, int, str] | None:
    """``(hrp, witness version, encoding)`` of a valid BIP 173/350 address, else ``None``."""
    if (text.lower() != text and text.upper() != text) or len(text) > 90:
        return None
    text = text.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text) or any(ch not in bech32.CHARSET for ch in text[pos + 1 :]):
        return None
    hrp, data = text[:pos], [bech32.CHARSET.find(ch) for ch in text[pos + 1 :]]
    const = bech32.bech32_polymod(bech32.bech32_hrp_expand(hrp) + data)
    encoding = "bech32" if const == 1 else "bech32m" if const == BECH32M_CONST else None
    if encoding is None or len(data) < 7:
        return None
    version, program = data[0], bech32.convertbits(data[1:-6], 5, 8, False)
    if version > 16 or program is None or not 2 <= len(program) <= 40:
        return None
    if version == 0 and (len(program) not in (20, 32) or encoding != "bech32"):
        return None
    if version > 0 and encoding != "bech32m":
        return None
    return hrp, version, encoding


def _chain_hint(context: dict[str, Any]) -> str | None:
    for name in ("chain", "currency", "blockchain"):
        value = context.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
    return None


class Crypto(Identifier):
    """A cryptocurrency address; detail ``{"chain", "format", "network", "checked"}``."""

    kind = "crypto"
    max_length = MAX_LENGTH

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        text = raw.strip()
        if ETH_SHAPE.fullmatch(text):
            hex40 = text[2:]
            mixed = hex40.lower() != hex40 and hex40.upper() != hex40
            if mixed and not eip55_ok(hex40):
                return Cleaned(None, "EIP-55 checksum (mixed case) does not match: mistyped address")
            detail = {"chain": "ETH", "format": "eip55" if mixed else "hex", "network": None, "checked": True}
            return Cleaned("0x" + hex40.lower(), None, detail)
        segwit = decode_segwit(text)
        if segwit is not None and segwit[0] in BECH32_HRPS:
            chain, network = BECH32_HRPS[segwit[0]]
            form = f"{segwit[2]}-v{segwit[1]}"
            detail = {"chain": chain, "format": form, "network": network, "checked": True}
            return Cleaned(text.lower(), None, detail)
        if BASE58_SHAPE.fullmatch(text):
            try:
                payload = base58.b58decode_check(text)
            except ValueError:
                payload = b""
            if len(payload) == 21 and payload[0] in BASE58_VERSIONS:
                chain, form, network = BASE58_VERSIONS[payload[0]]
                detail = {"chain": chain, "format": f"base58-{form}", "network": network, "checked": True}
                return Cleaned(text, None, detail)
        hint = _chain_hint(context)
        if hint is not None and hint not in CHECKED_CHAINS and not any(ch.isspace() for ch in text):
            return Cleaned(text, None, {"chain": hint, "format": None, "network": None, "checked": False})
        return Cleaned(None, UNRECOGNISED)
