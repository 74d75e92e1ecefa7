"""An identifier value normalised once, its identifier and attribution rows written once.

``normalised`` gives the clean value, the identifier's key and the reason it was kept raw; the
first time a file names an identifier it adds the identifier row and one row per country
attribution (``Rows`` drops repeats within the file). The context a kind needs comes from the
same entity (``identifier_context``): the service of a user name, the bank of an account, why a
phone number's country is what it is. Normalising is cached twice (per file and across files),
since the same numbers and addresses recur on many lines.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson

from clew.identifiers import REGISTRY, Normalised
from clew.ingest.rows import Rows

NORMALISE_CACHE = 1 << 15  # about 1 KB an entry: at most ~35 MB, across the files of an ingest
DETAIL_JSON = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


@lru_cache(maxsize=NORMALISE_CACHE)
def cached_normalise(
    kind: str, raw: str, country: str | None, context: tuple[tuple[str, str], ...]
) -> Normalised:
    """``clew.identifiers.normalise`` for a known kind, through the registry: one cache, not two."""
    return REGISTRY[kind].normalise(raw, country, **dict(context))


def identifier_context(
    kind: str, props: dict[str, list[str]], basis: str | None = None
) -> tuple[tuple[str, str], ...]:
    """Context a kind needs from the same entity: the service of a user name, the bank of an account;
    for a phone number, ``basis``: why the record's country is what it is (a device's SIM), which
    the attribution of a national-format number states as its evidence."""
    if kind == "phone":
        return (("basis", basis),) if basis else ()
    if kind in ("username", "ewallet"):
        service = props.get("service")
        return (("service", service[0]),) if service else ()
    if kind == "account":
        out = []
        if bic := props.get("bic"):
            out.append(("bic", bic[0]))
        if bank := props.get("bankName"):
            out.append(("bank", bank[0]))
        if account_type := props.get("accountType"):
            out.append(("account_type", account_type[0]))
        return tuple(sorted(out))
    if kind == "crypto" and (currency := props.get("currency")):
        return (("currency", currency[0]),)
    return ()


def normalised(
    rows: Rows,
    kind: str,
    raw: str,
    country: str | None,
    props: dict[str, list[str]],
    basis: str | None,
    by_entity: tuple[str, str] | None,
) -> tuple[str | None, str | None, str | None]:
    """``(value, key, reason)`` of an identifier value; the identifier and attribution rows are
    added the first time the file names it.

    Two caches: ``rows.known``, this file's values (unbounded: a few hundred bytes a distinct
    value, the file's identifiers are written once anyway), then :func:`cached_normalise`
    across files (bounded), then the normaliser itself.
    """
    context = identifier_context(kind, props, basis)
    if by_entity is not None and kind == "phone":  # the entity's own country: say so in the evidence
        context = (("entity", by_entity[0]), ("entity_prop", by_entity[1]))
    marker = (kind, raw, country, context)
    hit = rows.known.get(marker)
    if hit is not None:
        return hit
    norm = cached_normalise(*marker)
    hit = rows.known[marker] = (norm.value, norm.key, norm.reason)
    if norm.key is not None:
        _identifier(rows, norm)
    return hit


def _identifier(rows: Rows, norm: Any) -> None:
    key = norm.key
    if key not in rows.seen_keys:
        rows.seen_keys.add(key)
        detail = orjson.dumps(norm.detail, default=str, option=DETAIL_JSON).decode() if norm.detail else None
        rows.identifiers.append((key, norm.kind, norm.value, bool(norm.valid), norm.country, detail))
    for attr in norm.attributions:
        marker = (key, attr.country, attr.rule)
        if marker in rows.seen_attr:
            continue
        rows.seen_attr.add(marker)
        rows.attributions.append(
            (key, attr.country, attr.rule, attr.evidence, attr.confidence, rows.source_id)
        )
