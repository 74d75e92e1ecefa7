"""Composing audited queries into one consultation.

A page made of several analyses' queries (each audits itself, as the CLI needs) must still
write *one* audit record (checklist A1). ``composed(store)`` is the store seen by those inner
queries: it delegates everything but ``audit``, which it collects instead; the caller then
writes one record itself. Only the service layer uses it, and always audits afterwards.
"""

from __future__ import annotations

from typing import Any

from clew.store.base import Store


class Composed:
    """A view of ``store`` whose ``audit`` calls are collected in ``actions``, not written."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.actions: list[str] = []

    def audit(self, action: str, target: str | None = None, detail: Any = None) -> None:
        self.actions.append(action)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)
