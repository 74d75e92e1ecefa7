"""Data marks: what an analysis result was computed from, so a later read can tell it is stale.

A result is current when the data it read is still the data stored — not when it finished
after the last ingest: a ``clew network`` that overlaps an ingest finishes last, yet never saw
the records that ingest committed while it ran. So every analysis run records, when it starts
and before it reads anything (:meth:`clew.store.base.Store.run`), a *mark* of its inputs
(``clew.vocabulary.RESULTS`` declares them per result):

- ``sources``: the visible sources (status ``done``: neither rejected nor retracted) as their
  count and a digest of their ids, with the highest source id given so far — so an ingest, a
  retraction and a restoration all change it, and each is told apart;
- ``decisions``: a digest of the analysts' same/different decisions (decide, undo);
- ``media``: a digest of the hashed files with their holders and of the imported hash lists;
- ``rates``: a digest of the installed exchange-rate files;
- one entry per result it reads (``resolve``, ``network``…): the id of that result's run.

Taken before the reads, a mark can only be older than the data read, never newer: data
committed during the run makes the result look stale (it is recomputed once more, harmless),
never current while missing records. Digests are SHA-256 cut to 16 hex digits: a name for a
set, not a security measure.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, func, select, text

from clew.model.statement import utcnow
from clew.store.tables.core import runs, sources
from clew.store.tables.media import hashlists, media_files
from clew.store.tables.money import money_rate_files
from clew.store.tables.resolve import decisions
from clew.vocabulary import RESULT_BY_KIND, RunStatus

Mark = dict[str, Any]


def digest(values: Iterable[Any]) -> str:
    """A short name for a sequence of values (their JSON, hashed)."""
    h = hashlib.sha256()
    for value in values:
        h.update(json.dumps(value, default=str).encode())
        h.update(b"\n")
    return h.hexdigest()[:16]


def visible_sources(conn: Connection, operation: str) -> tuple[list[int], int]:
    """Ids of the sources whose records analyses read, ascending, and the highest source id
    of the operation whatever its status (so a restored source is not taken for a new one)."""
    c = sources.c
    rows = conn.execute(select(c.id, c.status).where(c.operation == operation).order_by(c.id)).all()
    return [i for i, status in rows if status == "done"], max((i for i, _ in rows), default=0)


def sources_mark(ids: list[int], highest: int) -> Mark:
    return {"n": len(ids), "max": highest, "sha": digest(ids)}


def _rows(conn: Connection, columns: list, where: Any, order: list) -> list[list[Any]]:
    return [list(r) for r in conn.execute(select(*columns).where(where).order_by(*order))]


def data_part(conn: Connection, operation: str, name: str) -> Mark:
    """The current value of one data component of a mark (module doc)."""
    if name == "sources":
        return sources_mark(*visible_sources(conn, operation))
    if name == "decisions":
        c = decisions.c
        rows = _rows(conn, [c.left_id, c.right_id, c.same], c.operation == operation, [c.left_id, c.right_id])
        return {"n": len(rows), "sha": digest(rows)}
    if name == "media":
        f, h = media_files.c, hashlists.c
        files = _rows(conn, [f.id, f.holder], f.operation == operation, [f.id])
        lists = _rows(conn, [h.name, h.file_sha256, h.kind], h.operation == operation, [h.name])
        return {"files": len(files), "lists": len(lists), "sha": digest([*files, ["lists"], *lists])}
    if name == "rates":
        r = money_rate_files.c
        rows = _rows(conn, [r.sha256], r.operation == operation, [r.sha256])
        return {"n": len(rows), "sha": digest(rows)}
    raise ValueError(f"unknown data component {name!r}")


def finish(conn: Connection, operation: str, run_id: str, status: str) -> None:
    """End a run: its status, time and place in the operation's finish order
    (``runs.finished_seq``). Times have whole seconds, so the order, not the time, tells which
    of two runs of a kind is the latest; SQLite serialises writers and PostgreSQL finishers of
    one operation take a transaction-level advisory lock, so no two runs share a place."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:o))"), {"o": f"clew-runs:{operation}"})
    last = conn.execute(select(func.max(runs.c.finished_seq)).where(runs.c.operation == operation)).scalar()
    conn.execute(
        runs.update()
        .where(runs.c.id == run_id)
        .values(status=status, finished_at=utcnow(), finished_seq=(last or 0) + 1)
    )


def latest_runs(conn: Connection, operation: str, kinds: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each kind's latest ``done`` run (the one whose result is published): its row with
    ``id``, ``finished_at`` and the decoded ``data_mark`` (None when not recorded)."""
    kinds = list(kinds)
    query = (
        select(runs.c.id, runs.c.kind, runs.c.started_at, runs.c.finished_at, runs.c.data_mark)
        .where(and_(runs.c.operation == operation, runs.c.kind.in_(kinds), runs.c.status == RunStatus.DONE))
        .order_by(runs.c.finished_seq, runs.c.finished_at, runs.c.id)
    )
    out: dict[str, dict[str, Any]] = {}
    for row in conn.execute(query):
        out[row.kind] = {
            "id": row.id,
            "finished_at": row.finished_at,
            "mark": json.loads(row.data_mark) if row.data_mark else None,
        }
    return out


def mark(conn: Connection, operation: str, kind: str) -> Mark | None:
    """The mark of what a run of ``kind`` is about to read (None: not an analysis result)."""
    result = RESULT_BY_KIND.get(str(kind))
    if result is None:
        return None
    out: Mark = {name: data_part(conn, operation, name) for name in result.data}
    upstream = latest_runs(conn, operation, result.results)
    out.update({str(k): (upstream[k]["id"] if k in upstream else None) for k in result.results})
    return out
