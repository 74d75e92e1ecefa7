"""Resolution for every interface: run it, and explain why records are (not) one subject.

Thin typed functions over ``clew.resolve`` (``pipeline``, ``explain``); decisions and their
undo are :mod:`clew.service.decisions`. Each call is audited once, by the function it calls
(the run's own record, ``resolve.explain``); nothing here audits again.
"""

from __future__ import annotations

from typing import Any

from clew.resolve import explain as explaining
from clew.resolve import pipeline
from clew.store.base import Store


def run(store: Store) -> dict[str, Any]:
    """Resolve the operation's actor records into subjects (re-runnable, analysts' decisions
    applied); the run's summary: records, subjects, links accepted and refused, seconds."""
    return pipeline.run(store)


def explain(store: Store, a: str, b: str | None = None) -> dict[str, Any]:
    """Why record ``a`` belongs to its subject (every merge inside it when ``a`` is a subject
    id), or why ``a`` and ``b`` are (not) one subject; JSON-ready (docs/formats.md). Raises
    ``NotFound`` for an unknown record. Audited ``resolve.explain``."""
    return explaining.explain(store, a, b)
