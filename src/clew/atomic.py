"""Files written whole or not at all: keys, checkpoints and other small files others read.

A reader never sees half a file: the bytes go to a private temporary name in the same folder,
are synced, then moved into place in one step — by ``rename`` to replace what was there
(:func:`write_whole`), or by ``link``, which fails if the name exists, to create a file only
once (:func:`write_once`: of two processes racing to make a key, one wins and the other reads
the winner's).
"""

from __future__ import annotations

import os
from pathlib import Path


def _synced_temporary(path: Path, data: bytes, mode: int) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return tmp


def write_whole(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``path`` (replacing it) so that readers see the old file or the new one, whole."""
    os.replace(_synced_temporary(path, data, mode), path)


def write_once(path: Path, data: bytes, mode: int = 0o600) -> bool:
    """Create ``path`` with ``data`` unless it exists; False (and nothing written) if it did."""
    tmp = _synced_temporary(path, data, mode)
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        tmp.unlink()
    return True
