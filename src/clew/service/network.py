"""The network for every interface: syndicates, one subject's view, paths, id changes.

Thin typed functions over ``clew.network.query`` (and ``clew.pipeline`` for a rebuild), so
``clew network``, the REST API and the web pages give the same rows. Each read is audited
once, by the query it calls (``network.syndicates``, ``network.subject``, ``network.path``,
``network.changes``); nothing here audits again.
"""

from __future__ import annotations

from typing import Any

from clew import pipeline
from clew.network import query
from clew.store.base import Store


def refresh(store: Store, *, force: bool = False) -> dict[str, Any] | None:
    """Rebuild the network (then priority) unless the stored result is current and not
    ``force``: the run's summary, or None when the stored result stands."""
    return pipeline.refresh_network(store, force=force)


def syndicates(store: Store) -> list[dict[str, Any]]:
    """Syndicates, largest first (``clew network --json``'s ``syndicates``). Audited."""
    return query.syndicates(store)


def path(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """The strongest shortest path from ``a`` to ``b``, each hop with its evidence; empty when
    none. Raises ``NotFound`` for a subject not in the network. Audited."""
    return query.path(store, a, b)


def changes(store: Store) -> list[dict[str, Any]]:
    """What the last network run did to syndicate ids (kept, merged, split…). Audited."""
    return query.changes(store)


def subject(store: Store, name: str) -> dict[str, Any]:
    """A subject's syndicate, measures, roles, countries and strongest ties, by subject id or
    any of its records' entity ids. Raises ``NotFound`` when not in the network. Audited."""
    return query.subject(store, name)


def find_subject(store: Store, name: str) -> str:
    """The network's subject id for a subject id or record entity id; ``NotFound`` if none."""
    return query.find_subject(store, name)
