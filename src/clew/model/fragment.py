"""A fragment: what one place in one source said about one entity — its statements, stored together.

Storage unit of the store (as ``followthemoney-store``, Aleph's entity store, keeps entity
fragments): one row per entity, source and record locator, with all the statements made
there. The provenance (source, locator; run and time from the source) is the row's, so every
statement of the fragment shares it without repeating it; the ``statements`` view of the
store expands fragments back to one row per statement. Storing one row per record rather
than per value is what makes ingest fast (docs/benchmarks.md, "Ingest").

The ``props`` encoding is compact JSON, ``{prop: [statement, ...]}``, each statement a list:

* ``[raw]`` — cleaning kept the value as it was;
* ``[raw, value]`` — the cleaned value differs from the raw one (``+639171234567`` for
  ``0917 123 4567``);
* ``[raw, null, reason]`` — the value could not be cleaned and is kept raw with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from clew.model.statement import Statement

ID_PROP = "id"  # the pseudo-property the ``statements`` view adds for each fragment


def encode_statement(raw: str, value: str | None, reason: str | None = None) -> list[str | None]:
    """One statement in the ``props`` encoding (see module doc)."""
    if value is None:
        return [raw, None, reason or "not cleanable"]
    return [raw] if value == raw else [raw, value]


def encode(props: dict[str, list[list[str | None]]]) -> str:
    """``props`` (already in statement encoding) as the stored JSON text."""
    return orjson.dumps(props).decode()


def statements(entity_id: str, schema: str, text: str | bytes) -> Iterator[Statement]:
    """The statements of a fragment (its stored ``props`` JSON), in order."""
    for prop, items in orjson.loads(text).items():
        for item in items:
            value = item[0] if len(item) == 1 else item[1]
            yield Statement(entity_id, schema, prop, item[0], value, item[2] if len(item) == 3 else None)


def values(text: str | bytes) -> dict[str, list[str]]:
    """``{prop: [value, ...]}`` as analyses read it: the cleaned value, or the raw one kept."""
    out: dict[str, list[str]] = {}
    for prop, items in orjson.loads(text).items():
        out[prop] = [item[1] if len(item) == 2 else item[0] for item in items]
    return out


def from_statements(rows: list[dict[str, Any]]) -> str:
    """``props`` JSON from statement dicts (``prop``, ``raw``, ``value``, ``reason``) of one
    fragment; for migrations and test fixtures that think in statements."""
    props: dict[str, list[list[str | None]]] = {}
    for row in rows:
        if row["prop"] == ID_PROP:
            continue
        props.setdefault(row["prop"], []).append(
            encode_statement(row["raw"], row["value"], row.get("reason"))
        )
    return encode(props)
