"""Stable exports for every interface (docs/formats.md): identities, subjects, FtM entities.

Thin typed functions over ``clew.resolve.export`` and ``clew.leads.export``. Each export is
audited once, by the function it calls, naming the file (``export.identities``,
``export.subjects``, ``export.ftm``); nothing here audits again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from clew.leads import export as leads_export
from clew.resolve import export as resolve_export
from clew.store.base import Store


def identities(store: Store, out: Path) -> int:
    """The ``entity_id,subject_id`` CSV (one row per actor record) to ``out``, resolving first
    when nothing is resolved yet; how many rows."""
    return resolve_export.write_identities(store, out)


def subjects(store: Store, out: Path) -> int:
    """The subjects CSV (country, syndicate, role, priority, roles) to ``out``; how many rows."""
    return leads_export.write_subjects(store, out)


def ftm(store: Store, out: Path | None, on_progress: Callable[[str, int, int], None] | None = None) -> int:
    """Subjects, groups, syndicates and links as FtM JSON lines to ``out`` (stdout when None);
    how many entities. ``on_progress("ftm", written, 0)`` as the export goes."""
    return leads_export.write_ftm(store, out, on_progress)
