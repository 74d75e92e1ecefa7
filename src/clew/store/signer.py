"""Batched checkpoint signing for a long-running process (the server).

The CLI signs a checkpoint when each command closes its store. A server doing that per request
pays an Ed25519 signature, a read of the checkpoint file and an ``fsync`` on every read (the
fixed cost that kept the API's graph neighbourhood above 3x the in-process call). Instead,
as transparency logs do with their signed tree heads (RFC 9162 section 4.10), the server
signs each operation's log **every** :data:`INTERVAL` **seconds or every** :data:`BATCH`
**entries, whichever comes first**, plus at shutdown and before the log is read for
verification (:meth:`BatchSigner.flush`).

The window this leaves: entries appended since the last checkpoint are protected by their
hash chain alone until the next one, so someone who can write to the database *and* acts
within that second could rewrite the unsigned tail and recompute its chain unnoticed. Entries
already under a checkpoint stay protected (the next checkpoint must extend the signed
frontier), and ``clew audit verify`` says how many entries are not yet covered. A signature
that fails (the unsigned tail no longer matches its hashes) makes :meth:`failed` true for that
operation, and the server then refuses to return data (fail closed).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

INTERVAL = 1.0
"""Seconds between checkpoints of an operation with new entries: the longest a DB-level
attacker has to rewrite an unsigned tail; ~3 ms of signing per second per active operation."""
BATCH = 256
"""Entries after which a checkpoint is signed at once, so a burst leaves few unsigned entries."""


class BatchSigner:
    """Counts each operation's unsigned entries and signs them from a background thread.

    ``sign(operation)`` signs a checkpoint over the operation's whole log (it must be
    thread-safe with respect to other signers of the same checkpoint files)."""

    def __init__(self, sign: Callable[[str], object], interval: float = INTERVAL, batch: int = BATCH) -> None:
        self._sign = sign
        self.interval = interval
        self.batch = batch
        self._pending: dict[str, int] = {}
        self._failed: dict[str, str] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def appended(self, operation: str, entries: int = 1) -> None:
        """Note ``entries`` new unsigned entries in ``operation``'s log."""
        with self._lock:
            count = self._pending[operation] = self._pending.get(operation, 0) + entries
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="clew-checkpoints", daemon=True)
                self._thread.start()
        if count >= self.batch:
            self._wake.set()

    def pending(self, operation: str) -> int:
        """Entries of ``operation`` appended by this process and not yet signed."""
        with self._lock:
            return self._pending.get(operation, 0)

    def failed(self, operation: str) -> str | None:
        """Why the last signature of ``operation``'s log failed, or None."""
        return self._failed.get(operation)

    def flush(self, operation: str | None = None) -> None:
        """Sign now every operation with unsigned entries (or only ``operation``)."""
        with self._lock:
            names = [operation] if operation is not None else list(self._pending)
            todo = [name for name in names if self._pending.pop(name, 0)]
        for name in todo:
            try:
                self._sign(name)
                self._failed.pop(name, None)
            except Exception as exc:  # reported, and the server fails closed
                self._failed[name] = str(exc)
                print(f"clew: cannot sign the audit checkpoint of {name!r}: {exc}", file=sys.stderr)

    def close(self) -> None:
        """Stop the thread and sign what is left (at shutdown)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        self.flush()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            self.flush()
