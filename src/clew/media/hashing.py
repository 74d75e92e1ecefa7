"""``clew media hash``: hash every file of folders and zips, in parallel, resumably.

Per file one read feeds MD5, SHA-1 and SHA-256 (hashlib); images also get PDQ + quality
(``clew.media.pdq``), videos vPDQ frame hashes when PyAV is installed. The bytes live only
in the worker's memory while hashing. Results are stored in batches as they arrive, so a
crash loses at most one batch; a re-run skips files already stored with the same
path + size + mtime. Unreadable or corrupt files are recorded in ``media_errors`` and
never stop the run.
"""

from __future__ import annotations

import hashlib
import os
import signal
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from clew.errors import NotFound
from clew.fswalk import NotRegular, open_regular
from clew.media import stream, video
from clew.media.pdq import hash_image_bytes
from clew.media.walk import Item, iter_items, kind_of
from clew.model.statement import utcnow
from clew.runtime import die_with_parent
from clew.store.base import Store
from clew.vocabulary import AuditAction, RunKind

CHUNK = 1 << 20
MAX_DECODE = 256 << 20  # larger images/videos are hashed cryptographically only
TASK_ITEMS = 16
BATCH = 200

_zips: dict[str, zipfile.ZipFile] = {}


def _open(item: Item):
    """A plain file through ``clew.fswalk.open_regular`` (no link followed, no FIFO blocked on,
    checked regular on the open descriptor); a zip member through its archive."""
    if item.member is None:
        return open_regular(item.fs_path)
    archive = _zips.get(item.fs_path)
    if archive is None:
        archive = _zips[item.fs_path] = zipfile.ZipFile(item.fs_path)
    return archive.open(item.member)


def hash_item(item: Item, mode: str = "reference") -> dict[str, Any]:
    """Hashes of one file as a row dict, or ``{"path", "error"}``; never raises."""
    md5, sha1, sha256 = hashlib.md5(), hashlib.sha1(), hashlib.sha256()
    keep: list[bytes] | None = [] if item.size <= MAX_DECODE else None
    head = b""
    kept = 0
    try:
        with _open(item) as fh:
            while chunk := fh.read(CHUNK):
                if not head:
                    head = chunk[:16]
                md5.update(chunk)
                sha1.update(chunk)
                sha256.update(chunk)
                kept += len(chunk)
                if keep is not None and kept > MAX_DECODE:  # grew while read: stop keeping
                    keep = None
                if keep is not None:
                    keep.append(chunk)
    except NotRegular as exc:
        return {"path": item.path, "error": f"skipped: {exc}"}
    except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, ValueError) as exc:
        return {"path": item.path, "error": f"unreadable: {getattr(exc, 'strerror', None) or exc}"}
    row: dict[str, Any] = {
        "path": item.path,
        "size": item.size,
        "mtime": item.mtime,
        "ctime": item.ctime,
        "kind": kind_of(item.path, head),
        "md5": md5.hexdigest(),
        "sha1": sha1.hexdigest(),
        "sha256": sha256.hexdigest(),
        "pdq": None,
        "quality": None,
        "pdq_dihedral": None,
        "note": None,
    }
    data = b"".join(keep) if keep is not None else None
    keep = None  # the chunks are in ``data`` now: hold the bytes once
    if row["kind"] == "image":
        if data is None:
            row["note"] = "too large to decode; cryptographic hashes only"
        else:
            try:
                result = hash_image_bytes(data, mode)
            except MemoryError:
                row["note"] = row["error"] = "out of memory decoding the image; no PDQ"
            except Exception as exc:  # a decoder bug must not stop the run: record it
                row["note"] = f"corrupt image, no PDQ: {exc}"
                row["error"] = str(exc)
            else:
                row.update(pdq=result.pdq, quality=result.quality, note=result.note or None)
                row["pdq_dihedral"] = " ".join(result.dihedral)
    elif row["kind"] == "video":
        if not video.AVAILABLE:
            row["note"] = video.UNAVAILABLE_NOTE
        elif data is not None:
            try:
                row["frames"] = video.frame_hashes(data)
            except ValueError as exc:
                row["note"] = f"corrupt video, no frame hashes: {exc}"
                row["error"] = str(exc)
    return row


def _worker_init(parent: int) -> None:
    """A hashing worker dies with ``clew`` (``die_with_parent``) and leaves Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def _task(items: list[Item], mode: str) -> list[dict[str, Any]]:
    return [hash_item(item, mode) for item in items]


def unreadable(store: Store) -> list[dict[str, Any]]:
    """The files hashing could not read or decode (``media_errors``), in the order met; audited."""
    rows = list(store.select("media_errors", order_by=["id"]))
    store.audit(AuditAction.MEDIA_ERRORS, None, {"rows": len(rows)})
    return rows


def hash_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    source: str,
    holder: str | None = None,
    mode: str = "reference",
    workers: int = 2,
    follow_links: bool = False,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> dict[str, Any]:
    """Hash every file under ``paths`` into ``media_files``; returns counts.

    Only regular files are read; links (followed only with ``follow_links``), special files
    and odd names are noted in ``media_errors`` (``clew.fswalk``). Each committed batch is
    audited in its own transaction (``media.hash.batch``), so a kill loses no audit of what
    was stored. ``on_progress(done, total)`` is called as files finish (the CLI draws a bar);
    ``total`` is None until the walk has ended (it is streamed).
    """
    if holder is not None:
        check_holder(store, holder)
    with store.run(RunKind.MEDIA_HASH, f"source={source}") as run:
        counts = _hash_all(store, run.id, paths, source, holder, mode, workers, follow_links, on_progress)
    store.audit(AuditAction.MEDIA_HASH, source, {**counts, "holder": holder, "mode": mode})
    return counts


def _hash_all(
    store: Store,
    run_id: str,
    paths: Iterable[Path],
    source: str,
    holder: str | None,
    mode: str,
    workers: int,
    follow_links: bool,
    on_progress: Callable[[int, int | None], None] | None,
) -> dict[str, Any]:
    """Hash what is not hashed yet, storing rows and errors in batches; the counts. The walk is
    streamed (``clew.media.stream``): memory does not grow with the number of files."""
    counts = dict.fromkeys(
        ("files", "skipped", "hashed", "images", "videos", "errors", "holder_corrected"), 0
    )
    walk_errors: list[tuple[str, str]] = []
    items = iter_items(paths, walk_errors, follow_links=follow_links)
    pending: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    relabel: dict[tuple, str | None] = {}  # stored files whose holder --holder corrects

    def flush() -> None:
        errors.extend({"path": p, "error": e} for p, e in walk_errors)
        walk_errors.clear()
        _store_batch(store, pending, errors, source=source, holder=holder, run_id=run_id)
        pending.clear()
        errors.clear()
        if relabel and holder is not None:
            counts["holder_corrected"] += _correct_holder(store, relabel, holder)
            relabel.clear()

    def stored(done: dict[tuple, str | None]) -> None:
        if holder is not None:
            relabel.update((k, h) for k, h in done.items() if h != holder)
        if len(walk_errors) + len(relabel) >= BATCH:
            flush()

    def accept(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if "size" not in row:
                errors.append(row)
                continue
            if row.pop("error", None):
                errors.append({"path": row["path"], "error": row["note"]})
            pending.append(row)
            counts["hashed"] += 1
            counts["images"] += row["pdq"] is not None
            counts["videos"] += row["kind"] == "video"
        if len(pending) + len(errors) + len(walk_errors) + len(relabel) >= BATCH:
            flush()

    tasks = stream.to_hash(store, items, counts, TASK_ITEMS, stored)
    first = list(islice(tasks, 2))  # a pool only when there are two tasks or more
    parallel = workers > 1 and len(first) > 1
    pool_ctx = (
        ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),))
        if parallel
        else nullcontext()
    )
    finished = 0
    with pool_ctx as pool:
        work = partial(_task, mode=mode)
        for rows in stream.in_order(pool, chain(first, tasks), work, workers):
            accept(rows)
            finished += len(rows)
            on_progress and on_progress(finished, None)
    flush()
    on_progress and on_progress(finished, finished)
    counts["errors"] = store.count("media_errors", {"run_id": run_id})
    return counts


def check_holder(store: Store, holder: str) -> None:
    """Raise ``NotFound`` unless ``holder`` is an actor record or a subject of the operation: a
    mistyped ``--holder`` would attribute every file to nobody, silently."""
    record = store.record(holder)
    if record is not None or store.count("subject_members", {"subject_id": holder}):
        return
    raise NotFound(
        f"--holder {holder!r}: no record or subject with this id in operation {store.operation!r} "
        "(ingest the holder's records first, or hash without --holder)"
    )


def _correct_holder(store: Store, wrong: dict[tuple, str | None], holder: str) -> int:
    """Already hashed files (key -> their holder) get ``holder`` (re-hashing with ``--holder``
    corrects a missing or wrong one); audited with the previous holders. Returns how many."""
    if not wrong:
        return 0
    with store.transaction():
        for path, size, mtime in wrong:
            store.update("media_files", {"path": path, "size": size, "mtime": mtime}, {"holder": holder})
        before = sorted({str(h) for h in wrong.values()})
        store.audit(AuditAction.MEDIA_HOLDER, holder, {"files": len(wrong), "previous": before[:20]})
    return len(wrong)


def _store_batch(
    store: Store,
    rows: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    *,
    source: str,
    holder: str | None,
    run_id: str,
) -> None:
    if not rows and not errors:
        return
    now = utcnow()
    with store.transaction():
        plain = []
        for row in rows:
            frames = row.pop("frames", None)
            full = {**row, "source": source, "holder": holder, "run_id": run_id, "hashed_at": now}
            if not frames:
                plain.append(full)
                continue
            store.insert_ignore("media_files", [full])
            key = {"path": row["path"], "size": row["size"], "mtime": row["mtime"]}
            file_id = next(iter(store.select("media_files", key, columns=["id"])))["id"]
            store.insert_ignore("media_frames", [{**f, "file_id": file_id} for f in frames])
        store.insert_ignore("media_files", plain)
        store.insert(
            "media_errors",
            [
                {
                    "source": source,
                    "path": e["path"],
                    "error": str(e["error"])[:2000],
                    "run_id": run_id,
                    "at": now,
                }
                for e in errors
            ],
        )
        store.audit(
            AuditAction.MEDIA_HASH_BATCH, source, {"run_id": run_id, "files": len(rows), "notes": len(errors)}
        )
