"""The read side of the model: an entity as analyses see it.

Analyses read :class:`Record` objects from the store: an FtM schema name and, per property,
the values (cleaned where cleaning succeeded, raw otherwise) plus the ids of the sources
that said them. ``to_proxy`` gives a followthemoney ``EntityProxy`` for FtM export; FtM's
cleaning applies there, which is why analyses work on Records and not on proxies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy


@dataclass(slots=True)
class Record:
    """One entity of an operation: id, FtM schema, property values, sources that said it."""

    id: str
    schema: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    def first(self, prop: str) -> str | None:
        values = self.properties.get(prop)
        return values[0] if values else None

    def add(self, prop: str, value: str) -> None:
        values = self.properties.setdefault(prop, [])
        if value not in values:
            values.append(value)

    def is_a(self, schema: str) -> bool:
        """True when this record's schema is ``schema`` or a descendant of it (FtM rules)."""
        from followthemoney import model  # 0.8 s of imports: only for commands that read records

        own = model.get(self.schema)
        return own is not None and own.is_a(schema)

    def to_proxy(self) -> EntityProxy:
        """An FtM proxy of the FtM properties (``clew:`` ones left out); FtM cleans values."""
        from followthemoney import model

        proxy = model.make_entity(self.schema)
        proxy.id = self.id
        for prop, values in self.properties.items():
            if prop in proxy.schema.properties:
                proxy.add(prop, values, quiet=True)
        return proxy
