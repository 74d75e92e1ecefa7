"""Signed checkpoints of the audit log, kept outside the database.

A checkpoint commits to an operation's audit log at one size: its RFC 9162 root. It is a
C2SP ``tlog-checkpoint`` signed note (the format of Go's sumdb, Sigstore and Trillian logs)::

    clew-audit/<workspace id>/<operation>
    <tree size>
    <base64 root hash>

    — <key name> <base64(key id || Ed25519 signature)>

signed with an Ed25519 key (``cryptography``) that lives in the workspace's audit folder,
not in the database (``audit/checkpoint.key``, mode 0600; a deployment points
``audit_dir`` at another volume or a host the database's users cannot write to). Each
operation's checkpoints are appended to ``audit/checkpoints/<operation>.jsonl``; the line
also carries the log's frontier so the next checkpoint extends the root in O(log n).
Someone who can write to the database but not to this folder cannot rewrite the log
unnoticed: :func:`clew.store.auditlog.verify` recomputes the roots and compares.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from clew.atomic import write_whole
from clew.errors import AuditError
from clew.model.statement import utcnow
from clew.store.auditlog import Frontier

KEY_FILE = "checkpoint.key"
PUBLIC_FILE = "checkpoint.pub"
LOCK_FILE = "checkpoint.lock"
ED25519 = b"\x01"  # the signature-algorithm byte of C2SP signed notes
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Checkpoint:
    """One signed tree head: ``origin`` (log name), ``size``, ``root``, and its signed note."""

    origin: str
    size: int
    root: bytes
    note: str
    at: str
    frontier: Frontier

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


class CheckpointLog:
    """The audit folder: the signing key and each operation's checkpoints."""

    def __init__(self, folder: Path, log_id: str) -> None:
        self.folder = Path(folder)
        self.log_id = log_id
        self.key_name = f"clew-audit-{log_id}"
        self._key: Ed25519PrivateKey | None = None  # loaded once per process

    # -- key --------------------------------------------------------------------------------
    def _private_key(self) -> Ed25519PrivateKey:
        if self._key is None:
            self._key = self._load_key()
        return self._key

    def _load_key(self) -> Ed25519PrivateKey:
        """Read the signing key, creating it (once, whoever asks first) on a new workspace.

        Creation holds an exclusive ``flock`` on ``checkpoint.lock`` so two first writers
        cannot both make a key, and writes the public key before the private one (each by
        rename, so it appears whole): a process that sees the private key can always read
        the public key it signs for.
        """
        path = self.folder / KEY_FILE
        if not path.exists():
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with open(self.folder / LOCK_FILE, "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not path.exists():  # another process may have made it while we waited
                    self._create_key(path)
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise AuditError(f"{path}: not an Ed25519 key")
        return key

    def _create_key(self, path: Path) -> None:
        key = Ed25519PrivateKey.generate()
        public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        # C2SP note verifier key: name+key id (hex)+base64(0x01 || Ed25519 public key)
        encoded = base64.b64encode(ED25519 + public).decode()
        vkey = f"{self.key_name}+{self._key_id(public).hex()}+{encoded}"
        write_whole(self.folder / PUBLIC_FILE, (vkey + "\n").encode(), 0o644)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        write_whole(path, pem, 0o600)

    def public_key(self) -> Ed25519PublicKey:
        path = self.folder / PUBLIC_FILE
        try:
            _name, _key_id, encoded = path.read_text().strip().split("+", 2)
            return Ed25519PublicKey.from_public_bytes(base64.b64decode(encoded)[1:])
        except FileNotFoundError as exc:
            raise AuditError(f"{path}: the checkpoint public key is missing") from exc
        except ValueError as exc:
            raise AuditError(f"{path}: unreadable checkpoint public key ({exc})") from exc

    def _key_id(self, public: bytes) -> bytes:
        # C2SP signed-note key id: SHA-256(name || "\n" || 0x01 (Ed25519) || public key)[:4]
        return hashlib.sha256(self.key_name.encode() + b"\n\x01" + public).digest()[:4]

    # -- checkpoints ------------------------------------------------------------------------
    def path(self, operation: str) -> Path:
        return self.folder / "checkpoints" / f"{_SAFE.sub('_', operation)}.jsonl"

    def origin(self, operation: str) -> str:
        return f"clew-audit/{self.log_id}/{operation}"

    def append(self, operation: str, frontier: Frontier) -> Checkpoint:
        """Sign the tree head of ``frontier`` and append it to the operation's checkpoints."""
        key = self._private_key()
        public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        root = frontier.root()
        origin = self.origin(operation)
        body = f"{origin}\n{frontier.size}\n{base64.b64encode(root).decode()}\n"
        signature = key.sign(body.encode())
        stamp = base64.b64encode(self._key_id(public) + signature).decode()
        note = f"{body}\n\u2014 {self.key_name} {stamp}\n"
        at = utcnow()
        path = self.path(operation)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        line = json.dumps({"at": at, "note": note, "frontier": frontier.to_json()}) + "\n"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        return Checkpoint(origin, frontier.size, root, note, at, frontier)

    def read(self, operation: str) -> list[Checkpoint]:
        """The operation's checkpoints, oldest first, each signature checked (AuditError if not)."""
        path = self.path(operation)
        if not path.exists():
            return []
        public = self.public_key()
        out = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                data = json.loads(line)
                out.append(self._parse(operation, data, public))
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                raise AuditError(f"{path}, line {n}: unreadable checkpoint ({exc})") from exc
        return out

    def _parse(self, operation: str, data: dict, public: Ed25519PublicKey) -> Checkpoint:
        note: str = data["note"]
        body, _, signatures = note.partition("\n\n")
        body += "\n"
        origin, size, root = body.splitlines()
        if origin != self.origin(operation):
            raise AuditError(f"checkpoint of {origin!r} found among those of {operation!r}")
        for line in signatures.splitlines():
            _, name, stamp = line.split(" ")
            raw = base64.b64decode(stamp)
            if name != self.key_name:
                continue
            try:
                public.verify(raw[4:], body.encode())
            except InvalidSignature as exc:
                raise AuditError(f"checkpoint of {operation!r} at size {size}: bad signature") from exc
            frontier = Frontier.from_json(data["frontier"])
            return Checkpoint(origin, int(size), base64.b64decode(root), note, data["at"], frontier)
        raise AuditError(f"checkpoint of {operation!r} at size {size}: not signed by {self.key_name}")

    def latest(self, operation: str) -> Checkpoint | None:
        """The newest checkpoint (its signature checked), reading only the file's last line."""
        path = self.path(operation)
        if not path.exists():
            return None
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            end = f.tell()
            f.seek(max(0, end - 65536))
            lines = f.read().decode("utf-8", "replace").splitlines()
        if not lines:
            return None
        try:
            return self._parse(operation, json.loads(lines[-1]), self.public_key())
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise AuditError(f"{path}: unreadable last checkpoint ({exc})") from exc
