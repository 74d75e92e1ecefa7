"""Identifier normalisers: phone, e-mail, user name, IP, IBAN, BIC, account, e-wallet, crypto, device,
identity document.

Pure functions, no store access. Ingest calls :func:`normalise` for every identifier-holding
property value (found with :func:`identifiers_of`) and stores the :class:`Normalised` result: the
key as a node, the raw value and reason when it is not valid, the attributions as evidence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from clew.errors import IdentifierError
from clew.identifiers.base import Attribution, Cleaned, Identifier, Normalised
from clew.identifiers.registry import REGISTRY

CACHE_SIZE = 1 << 16  # about 1 KB an entry: at most ~65 MB per process

__all__ = ["REGISTRY", "Attribution", "Cleaned", "Identifier", "Normalised", "identifiers_of", "normalise"]


def __getattr__(name: str) -> Any:
    """``identifiers_of`` reads followthemoney's model (0.8 s to import): loaded when first
    asked for, so commands that only normalise a query (``clew search``) start without it."""
    if name == "identifiers_of":
        from clew.identifiers.fields import identifiers_of

        return identifiers_of
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@lru_cache(maxsize=CACHE_SIZE)
def _cached(kind: str, raw: str, country: str | None, context: tuple[tuple[str, Any], ...]) -> Normalised:
    return REGISTRY[kind].normalise(raw, country, **dict(context))


def normalise(kind: str, raw: str, country: str | None = None, **context: Any) -> Normalised:
    """Normalise ``raw`` as identifier ``kind``, reading national forms against ``country``.

    Context: ``service=`` for username/ewallet, ``bank=``/``bic=``/``account_type=`` for account,
    ``chain=``/``currency=`` for crypto. Never raises for any text; raises
    :class:`~clew.errors.IdentifierError` for an unknown ``kind``. Results are cached (they are
    immutable apart from ``detail``, which callers must not mutate).
    """
    if kind not in REGISTRY:
        raise IdentifierError(f"unknown identifier kind {kind!r} (known: {', '.join(sorted(REGISTRY))})")
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    items = tuple(sorted(context.items())) if context else ()
    try:
        return _cached(kind, raw, country, items)
    except TypeError:  # an unhashable context value: skip the cache
        return REGISTRY[kind].normalise(raw, country, **context)
