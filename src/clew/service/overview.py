"""The operation dashboard (issue 14 item 2): the figures an operation reports, in one read.

:func:`overview` puts together what ``clew status`` (records, sources, quarantine), ``clew
stats`` (people, syndicates, countries, phone numbers per country, money across borders, leads
and their outcomes) and ``clew media matches`` (known-material matches: counts only, never
details) give, plus the freshness of the analyses those figures come from. The inner reads run
on a :class:`~clew.service.compose.Composed` store, so the page writes *one* audit record
(``status.view``, with the headline counts) instead of three (checklist A1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clew.service.compose import Composed
from clew.service.media import Matches, matches
from clew.service.outcomes import Tallies, stats
from clew.store.base import Store
from clew.store.freshness import Freshness, ResultState
from clew.store.summary import summarise
from clew.vocabulary import AuditAction, RunKind

BARS = 15  # countries drawn in the phone-number chart; the rest are on the map
SOURCE_OF: dict[str, str] = {
    "people": RunKind.RESOLVE,
    "phones": RunKind.RESOLVE,
    "syndicates": RunKind.NETWORK,
    "countries": RunKind.NETWORK,
    "money": RunKind.MONEY,
    "matches": RunKind.MEDIA,
}
"""Which analysis each figure comes from: a figure is marked when that result is not current."""


@dataclass(frozen=True)
class Overview:
    summary: dict[str, Any]  # ``clew status --json`` (records, sources, quarantined, results)
    tallies: Tallies  # ``clew stats --json``
    matches: Matches  # counts by kind of match; details always redacted here
    notes: tuple[Freshness, ...]  # analysis results behind the figures that are stale or missing

    @property
    def empty(self) -> bool:
        return not self.summary["records"]

    def unsure(self, figure: str) -> Freshness | None:
        """The note of the result ``figure`` comes from, when that result is not current."""
        return next((n for n in self.notes if n.result == SOURCE_OF.get(figure)), None)

    def bars(self, limit: int = BARS) -> list[tuple[str, int, float]]:
        """``(country, phone numbers, share of the largest)`` for the ``limit`` largest."""
        counts = list(self.tallies.phone_numbers_by_country.items())[:limit]
        top = max((n for _, n in counts), default=0) or 1
        return [(c, n, n / top) for c, n in counts]

    @property
    def more_countries(self) -> int:
        return max(0, len(self.tallies.phone_numbers_by_country) - BARS)


def overview(store: Store) -> Overview:
    """Every figure of the dashboard; one ``status.view`` audit record."""
    inner = Composed(store)
    summary = summarise(inner)
    tallies = stats(inner)
    found = matches(inner, sensitive=False)
    notes = tuple(f for f in store.freshness(list(set(SOURCE_OF.values()))) if f.state != ResultState.CURRENT)
    detail = {"records": summary["records"], "people": tallies.people, "leads": tallies.leads}
    store.audit(AuditAction.STATUS_VIEW, None, detail | {"matches": found.total})
    return Overview(summary, tallies, found, notes)
