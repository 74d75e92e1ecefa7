"""Outcomes and tallies for every interface: record or import partner feedback, the stats.

Thin typed functions over ``clew.cases`` — the figures ``clew outcomes`` and ``clew stats``
give. Feedback that does not answer a released package (or names a subject not in it) is
refused with one line naming the field, and kept in the quarantine: nothing half-imported.
"""

from __future__ import annotations

from clew.cases import outcomes as outcomes_mod
from clew.cases import stats as stats_mod
from clew.store.base import Store

ImportResult = outcomes_mod.ImportResult
Tallies = stats_mod.Tallies


def record(
    store: Store,
    package_id: str,
    kind: str,
    date: str,
    agency: str,
    *,
    subject_id: str | None = None,
    count: int = 1,
    reference: str | None = None,
    version: int | None = None,
) -> ImportResult:
    """One outcome entered by hand (``clew outcomes record``). Audited ``outcomes.record``."""
    return outcomes_mod.record(
        store, package_id, kind, date, agency, subject_id=subject_id, count=count, reference=reference,
        version=version,
    )  # fmt: skip


def import_feedback(store: Store, raw: bytes, name: str) -> ImportResult:
    """A partner's feedback document (``clew outcomes import``), received as bytes called
    ``name``. Audited ``outcomes.import``; refused documents are quarantined."""
    return outcomes_mod.import_bytes(store, raw, name)


def stats(store: Store) -> Tallies:
    """The operation's tallies (``clew stats --json``). Audited ``stats.read``."""
    return stats_mod.compute(store)
