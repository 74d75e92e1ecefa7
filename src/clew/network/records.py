"""The records the network reads: only the properties it needs, read column-wise from the
fragments (hundreds of thousands of rows; a full ``Record`` per entity was the step's main cost).
"""

from __future__ import annotations

from collections.abc import Iterable

from followthemoney import model

from clew.model.fragment import values as fragment_values
from clew.network.subjects import is_actor
from clew.store.base import Store


class Rec:
    """The few properties of one entity the network reads (a light ``Record``)."""

    __slots__ = ("id", "properties", "schema", "sources")

    def __init__(self, entity_id: str, schema: str) -> None:
        self.id, self.schema, self.properties, self.sources = entity_id, schema, {}, set()

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    def first(self, prop: str) -> str | None:
        values = self.properties.get(prop)
        return values[0] if values else None

    def is_a(self, schema: str) -> bool:
        own = model.get(self.schema)
        return own is not None and own.is_a(schema)


def family(schemata: Iterable[str]) -> list[str]:
    """``schemata`` with all their descendants (``Identification`` gives ``Passport``)."""
    out: set[str] = set()
    for name in schemata:
        schema = model.get(name)
        if schema is not None:
            out.add(schema.name)
            out.update(s.name for s in schema.descendants)
    return sorted(out)


def read(store: Store, schemata: Iterable[str], wanted: set[str]) -> list[Rec]:
    """The ``wanted`` properties only, from the fragments of ``schemata`` (and descendants),
    fetched column-wise, ordered by id. An entity stated as a party in one source and as
    something else in another is read as the party."""
    found: dict[str, Rec] = {}
    cols = store.select_columns(
        "fragments", ["entity_id", "schema", "props", "source_id"], {"schema": family(schemata)}
    )
    actor = {s: is_actor(s) for s in set(cols["schema"])}
    for entity_id, schema, props, source_id in zip(
        cols["entity_id"], cols["schema"], cols["props"], cols["source_id"], strict=True
    ):
        rec = found.get(entity_id)
        if rec is None:
            rec = found[entity_id] = Rec(entity_id, schema)
        elif rec.schema != schema and actor[schema] and not actor.get(rec.schema, False):
            rec.schema = schema
        rec.sources.add(str(source_id))
        for prop, values in fragment_values(props).items():
            if prop not in wanted:
                continue
            have = rec.properties.get(prop)
            if have is None:
                rec.properties[prop] = list(dict.fromkeys(values))
            else:
                have.extend(v for v in values if v not in have)
    return sorted(found.values(), key=lambda r: r.id)
