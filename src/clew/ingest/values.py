"""Property values to fragment rows: keep the raw value, clean it, never drop it.

Ordinary FtM properties are cleaned by their FtM type (``prop.type.clean``); identifier
properties (``clew.identifiers.identifiers_of``) by Clew's normaliser, which also gives the
identifier node, its mentions and its country attributions. A value that cannot be cleaned
is stored with ``value = NULL`` and the ``reason``. Which cleaner applies is
``clew.ingest.props``, the cleaners ``clew.ingest.cleaners``, the identifier rows
``clew.ingest.identifier_rows`` and the buffers ``clew.ingest.rows``; this module is the hot
loop over one entity's values, kept in one function because every call costs on it. Lookups and
cleaning are cached: the same schema/property pairs and many of the same values recur on every
line of a big file.
"""

from __future__ import annotations

from typing import Any

from clew.ingest.identifier_rows import normalised
from clew.ingest.props import CLEW, FTM, IDENT, UNKNOWN, prop_info
from clew.ingest.region import NO_REGION, OWN_COUNTRY_PROPS, Region, own_country
from clew.ingest.rows import Rows


def add_entity(
    rows: Rows,
    entity: dict[str, Any],
    locator: str,
    region: Region = NO_REGION,
) -> list[tuple[str, str]]:
    """Add one entity's statements to the fragment of its locator; returns ``(prop, reason)``
    for each value kept raw.

    National-format numbers are read against the country the entity states for itself
    (recorded in the attribution's evidence, issue 9 item 14) when ``region.own_first``, else
    against ``region.country``, whose ``basis`` is the attributions' evidence.

    The hot path of every ingest: statements are encoded inline (``[raw]``, ``[raw, value]``
    or ``[raw, None, reason]``, see ``clew.model.fragment``) and lookups cached (module doc).
    """
    entity_id: str = entity["id"]
    schema: str = entity["schema"]
    props: dict[str, list[str]] = entity["properties"]
    if locator != rows.locator:
        rows.close_locator()
        rows.locator = locator
    country, basis, by_entity = region.country, region.basis, None
    if region.own_first and not props.keys().isdisjoint(OWN_COUNTRY_PROPS) and (own := own_country(props)):
        country, basis, by_entity = own[0], None, (entity_id, own[1])
    out = rows.pending.get((entity_id, schema))
    fresh = out is None  # the usual case: the first time this entity is named at this locator
    if fresh:
        out = rows.pending[(entity_id, schema)] = {}
        rows.statements += 1  # the id statement
    kept: list[tuple[str, str]] = []
    n = 0
    for prop, values in props.items():
        info = prop_info(schema, prop)
        mode = info.mode
        if fresh and len(values) == 1 and mode != UNKNOWN:  # the commonest statement, in short
            raw = values[0]
            if mode == IDENT:
                value, key, _ = normalised(rows, info.kind, raw, country, props, basis, by_entity)  # type: ignore[arg-type]
                if key is not None and (marker := (key, entity_id, prop)) not in rows.here:
                    rows.here.add(marker)
                    rows.mentions.append((key, entity_id, prop, raw, rows.source_id, locator))
            else:
                try:
                    value = info.clean(raw)  # type: ignore[misc]
                except Exception:  # the general path below cleans it again and says why
                    value = None
            if value is not None:
                out[prop] = [[raw]] if value == raw else [[raw, value]]  # type: ignore[index]
                n += 1
                continue
        items = None if fresh else out.get(prop)  # type: ignore[union-attr]
        if items is None:
            items = out[prop] = []  # type: ignore[index]
            seen = None
        else:
            seen = {item[0] for item in items}
        for raw in values:
            if seen is not None:
                if raw in seen:
                    continue
                seen.add(raw)
            elif len(values) > 1:
                seen = {raw}
            reason = None
            if mode in (FTM, CLEW):
                try:
                    value = info.clean(raw)  # type: ignore[misc]
                except Exception as exc:  # a cleaner choking on odd text must not stop an ingest
                    value, reason = None, f"cannot be cleaned as {info.label}: {exc}"
                if value is None and reason is None:
                    reason = info.reason
            elif mode == IDENT:
                value, key, reason = normalised(rows, info.kind, raw, country, props, basis, by_entity)  # type: ignore[arg-type]
                if value is None:
                    reason = reason or info.reason
                elif key is not None and (marker := (key, entity_id, prop)) not in rows.here:
                    rows.here.add(marker)  # one mention per identifier, record and property
                    rows.mentions.append((key, entity_id, prop, raw, rows.source_id, locator))
            else:
                value, reason = None, info.label
            n += 1
            if reason is not None:
                kept.append((prop, reason))
                items.append([raw, None, reason])
            elif value == raw:
                items.append([raw])
            else:
                items.append([raw, value])
        if not items:
            del out[prop]
    rows.statements += n
    return kept
