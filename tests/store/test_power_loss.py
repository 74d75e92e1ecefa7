"""Checklist I2 (technique T2): a power loss loses no acknowledged commit.

SQLite's own answer to "what survives a power cut" is its crash-test VFS: writes become durable
only when the file is synced; after the cut the disk holds the synced bytes plus any part of the
rest. An ``apsw`` VFS shim does the same here: it records every write and truncation, marks
them durable at ``xSync``, and a "reboot" materialises the durable operations plus a random
half of the unsynced ones (in order, as a disk controller may) into fresh files that the stdlib
``sqlite3`` then opens. The journal mode and synchronous level are read from a live connection
of Clew's own engine (``make_engine``), so the test fails if the store's settings change to
ones that acknowledge a commit before it is on disk — shown by the control run at NORMAL.

apsw bundles its own SQLite, so Clew's engine cannot run on the shim itself: the test checks
the durability contract of the settings Clew's connections really use, which is what I2 asks.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import apsw

from clew.store.sql import PAGE_SIZE, make_engine

COMMITS = 20
ROWS_PER_COMMIT = 50
REBOOTS = 30  # seeds: each picks a different half of the unsynced writes


@dataclass
class Disk:
    """What one file went through: operations made durable by a sync, and those still pending."""

    durable: list[tuple[str, int, bytes]] = field(default_factory=list)
    pending: list[tuple[str, int, bytes]] = field(default_factory=list)

    def after_power_loss(self, rng: random.Random) -> bytes:
        image = bytearray()
        survivors = [op for op in self.pending if rng.random() < 0.5]
        for kind, offset, data in [*self.durable, *survivors]:
            if kind == "truncate":
                del image[offset:]
            else:
                if len(image) < offset:
                    image.extend(b"\0" * (offset - len(image)))
                image[offset : offset + len(data)] = data
        return bytes(image)


class PowerLossVFS(apsw.VFS):
    def __init__(self, name: str) -> None:
        self.name = name
        self.disks: dict[str, Disk] = {}
        super().__init__(name, "")

    def xOpen(self, name, flags):
        return _File(self, name, flags)

    def xDelete(self, filename, syncdir):
        super().xDelete(filename, syncdir)
        self.disks.pop(filename, None)  # a deleted journal must not come back as a hot one


class _File(apsw.VFSFile):
    def __init__(self, vfs: PowerLossVFS, name, flags) -> None:
        super().__init__("", name, flags)
        path = name.filename() if isinstance(name, apsw.URIFilename) else str(name)
        self.disk = vfs.disks.setdefault(path, Disk())

    def xWrite(self, data, offset):
        super().xWrite(data, offset)
        self.disk.pending.append(("write", offset, bytes(data)))

    def xTruncate(self, size):
        super().xTruncate(size)
        self.disk.pending.append(("truncate", size, b""))

    def xSync(self, flags):
        super().xSync(flags)
        self.disk.durable.extend(self.disk.pending)
        self.disk.pending.clear()


def clew_settings(tmp_path: Path) -> tuple[str, int]:
    """The journal mode and synchronous level of a connection of Clew's own engine."""
    engine = make_engine(f"sqlite:///{tmp_path / 'settings.db'}")
    try:
        with engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            level = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    finally:
        engine.dispose()
    return str(mode), int(level)


def rows_after_power_loss(tmp_path: Path, journal_mode: str, synchronous: int) -> list[tuple[int, str]]:
    """Commit ``COMMITS`` batches through the shim, cut the power ``REBOOTS`` times, and return
    (rows found, integrity_check) per reboot."""
    vfs = PowerLossVFS(f"powerloss-{journal_mode}-{synchronous}")
    db = tmp_path / f"store-{synchronous}.db"
    conn = apsw.Connection(str(db), vfs=vfs.name)
    conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("CREATE TABLE statements(id INTEGER PRIMARY KEY, value TEXT)")
    n = 0
    for _ in range(COMMITS):
        with conn:  # one transaction; leaving the block is the acknowledged commit
            for _ in range(ROWS_PER_COMMIT):
                n += 1
                conn.execute("INSERT INTO statements(value) VALUES (?)", (f"row {n}",))
    results = []
    for seed in range(REBOOTS):
        rng = random.Random(seed)
        rebooted = tmp_path / f"reboot-{synchronous}-{seed}"
        rebooted.mkdir()
        for path, disk in vfs.disks.items():
            if path.endswith("-shm"):
                continue  # the WAL index is rebuilt from the WAL on open: not durable state
            (rebooted / Path(path).name).write_bytes(disk.after_power_loss(rng))
        check = sqlite3.connect(rebooted / db.name)
        try:
            table = check.execute("SELECT 1 FROM sqlite_master WHERE name = 'statements'").fetchone()
            found = check.execute("SELECT count(*) FROM statements").fetchone()[0] if table else 0
            results.append((found, check.execute("PRAGMA integrity_check").fetchone()[0]))
        finally:
            check.close()
    conn.close()
    return results


def test_i2_clews_settings_lose_no_acknowledged_commit_on_power_loss(tmp_path):
    mode, level = clew_settings(tmp_path)
    assert (mode, level) == ("wal", 2)  # docs/architecture.md: WAL + synchronous=FULL
    results = rows_after_power_loss(tmp_path, mode, level)
    assert results == [(COMMITS * ROWS_PER_COMMIT, "ok")] * REBOOTS


def test_the_shim_can_fail_acknowledged_commits_are_lost_at_normal(tmp_path):
    """The control: in WAL mode, synchronous=NORMAL syncs only at checkpoints, so commits are
    acknowledged before they are durable and the shim's power cut loses them. If this passed
    with every row kept, the test above would prove nothing."""
    results = rows_after_power_loss(tmp_path, "wal", 1)
    assert all(check == "ok" for _, check in results)
    assert any(found < COMMITS * ROWS_PER_COMMIT for found, _ in results)
