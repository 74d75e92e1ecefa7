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


record = outcomes_mod.record
"""One outcome entered by hand (``clew outcomes record``): the cases function itself, the same
signature for every interface. Audited ``outcomes.record``."""


def import_feedback(store: Store, raw: bytes, name: str) -> ImportResult:
    """A partner's feedback document (``clew outcomes import``), received as bytes called
    ``name``. Audited ``outcomes.import``; refused documents are quarantined."""
    return outcomes_mod.import_bytes(store, raw, name)


def stats(store: Store) -> Tallies:
    """The operation's tallies (``clew stats --json``). Audited ``stats.read``."""
    return stats_mod.compute(store)
