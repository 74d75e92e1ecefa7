"""The money for every interface: the analysis run, traces, country flows, patterns, rates.

Thin typed functions over ``clew.money`` (``pipeline``, ``query``, ``rates``), so ``clew
money``, the REST API and the web pages give the same documents (docs/formats.md). Each call
is audited once, by the function it calls (``money.trace``, ``money.flows``,
``money.patterns``, ``money.rates.info``, the run's own record); nothing here audits again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from followthemoney.proxy import EntityProxy

from clew.money import pipeline, query, rates
from clew.store.base import Store


def run(store: Store, currency: str | None = None) -> dict[str, Any]:
    """Build the payment graph, flag patterns and publish money roles in one run (default
    currency EUR); the run's summary. A failure marks the run failed and re-raises."""
    return pipeline.run(store, currency)


trace = query.run_trace
"""The FIFO trace document of an account, holder or subject (``clew money trace --json``): the
query function itself, one signature for every interface. Raises ``NotFound`` for a target
with no payments, ``UserError`` naming a bad option. Audited ``money.trace``."""


def trace_ftm(store: Store, doc: dict[str, Any]) -> list[EntityProxy]:
    """A trace's Payment and account entities as FollowTheMoney proxies (``--ftm``)."""
    return query.trace_ftm(store, doc)


def flows(store: Store, currency: str | None = None) -> dict[str, Any]:
    """The country-to-country payment matrix in the reporting currency. Audited ``money.flows``."""
    return query.flow_matrix(store, currency)


def patterns(store: Store, pattern: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Flagged accounts (of ``pattern``, or all), highest score first, at most ``limit``.
    Audited ``money.patterns``."""
    return query.pattern_list(store, pattern, limit)


def pattern_count(store: Store, pattern: str | None = None) -> int:
    """How many accounts are flagged (with ``pattern``, or any): the total ``patterns`` cut."""
    return store.count("money_patterns", {"pattern": pattern} if pattern else None)


def rates_info(store: Store) -> dict[str, Any]:
    """Which rates file the operation uses and what it covers. Audited ``money.rates.info``."""
    return rates.info(store)


def install_rates(store: Store, path: Path) -> dict[str, Any]:
    """Check an ECB ``eurofxref-hist`` file (zip or csv) and store it in the operation;
    ``UserError`` naming the file when it is unreadable or not such a file. Audited."""
    return rates.install(store, path)
