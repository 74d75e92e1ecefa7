"""Integrity of a lead package: SHA-256 of its canonical JSON and an Ed25519 signature.

The canonical form is the package without its ``integrity`` block, serialised with sorted keys,
no insignificant white space and UTF-8 (the same bytes on any machine); the signature is over
those bytes. The signing key is the workspace's (``keys/leads-ed25519.pem``, created on first
use, mode 0600); the package carries the public key so the receiver can check the signature
and compare the key with the one the sending unit published through the channel.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from clew.atomic import write_once
from clew.errors import Location, UserError

KEY_FILE = Path("keys") / "leads-ed25519.pem"


def canonical(document: dict[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != "integrity"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signing_key(workspace: Path) -> Ed25519PrivateKey:
    """The workspace's signing key, created (0600, in a 0700 folder) when missing."""
    path = Path(workspace) / KEY_FILE
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise UserError("not an Ed25519 private key", Location(str(path)))
        return key
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    if not write_once(path, pem):  # another process made it first: use the winner's
        return signing_key(workspace)
    return key


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def sign(document: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """``document`` with its ``integrity`` block (sha256, signature, public key) set last."""
    body = canonical(document)
    out = {k: v for k, v in document.items() if k != "integrity"}
    out["integrity"] = {
        "canonicalisation": "JSON, keys sorted, no white space, UTF-8, without this block",
        "sha256": hashlib.sha256(body).hexdigest(),
        "signature_algorithm": "Ed25519",
        "signature": base64.b64encode(key.sign(body)).decode("ascii"),
        "public_key": public_hex(key),
    }
    return out


def verify(document: dict[str, Any], public_key: str | None = None) -> str:
    """Check the hash and signature (against ``public_key`` hex if given, else the one the
    package carries); returns the SHA-256, raises UserError naming what failed."""
    block = document.get("integrity") or {}
    body = canonical(document)
    digest = hashlib.sha256(body).hexdigest()
    if digest != block.get("sha256"):
        raise UserError("package content does not match its SHA-256", Location(field="integrity.sha256"))
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key or block.get("public_key", "")))
        key.verify(base64.b64decode(block.get("signature", "")), body)
    except (ValueError, InvalidSignature) as exc:
        raise UserError("package signature does not verify", Location(field="integrity.signature")) from exc
    return digest


def verify_file(path: Path, public_key: str | None = None) -> str:
    try:
        document = json.loads(Path(path).read_bytes())
    except ValueError as exc:
        raise UserError(f"not JSON: {exc}", Location(str(path))) from exc
    try:
        return verify(document, public_key)
    except UserError as exc:
        raise UserError(
            exc.message, Location(str(path), field=exc.location.field if exc.location else None)
        ) from exc
