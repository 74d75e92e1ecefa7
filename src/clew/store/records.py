"""Records read back from fragments: one :class:`~clew.model.entity.Record` per entity, its
fragments from every source merged in entity-id order, streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import ColumnElement, Connection, select

from clew.model.entity import Record
from clew.model.fragment import values as fragment_values
from clew.store.bulk import STREAM
from clew.store.tables.core import fragments


def read_records(
    conn: Connection,
    operation: str,
    visible: list[ColumnElement[bool]],
    schemata: Iterable[str] | None = None,
    ids: Iterable[str] | None = None,
) -> Iterator[Record]:
    """The records of ``operation`` (of ``schemata`` and their descendants, or of ``ids``),
    from the fragments ``visible`` leaves (``clew.store.scope.unretracted``)."""
    f = fragments
    query = select(f.c.entity_id, f.c.schema, f.c.props, f.c.source_id).where(
        f.c.operation == operation, *visible
    )
    if schemata is not None:
        wanted = schema_family(schemata)
        ent = select(f.c.entity_id).where(f.c.operation == operation, f.c.schema.in_(wanted))
        query = query.where(f.c.entity_id.in_(ent))
    if ids is not None:
        query = query.where(f.c.entity_id.in_(list(ids)))
    query = query.order_by(f.c.entity_id)
    current: Record | None = None
    for entity_id, schema, props, source_id in conn.execute(query, execution_options=STREAM):
        if current is None or current.id != entity_id:
            if current is not None:
                yield current
            current = Record(id=entity_id, schema=schema)
        elif schema != current.schema:
            current.schema = common_schema(current.schema, schema)
        for prop, values in fragment_values(props).items():
            for value in values:
                current.add(prop, value)
        current.sources.add(str(source_id))
    if current is not None:
        yield current


def schema_family(names: Iterable[str]) -> list[str]:
    """Schema names plus all their descendants in the FtM model."""
    from followthemoney import model  # lazily: commands that never read records start faster

    out: set[str] = set()
    for name in names:
        schema = model.get(name)
        if schema is None:
            out.add(name)
            continue
        out.add(schema.name)
        out.update(s.name for s in schema.descendants)
    return sorted(out)


def common_schema(left: str, right: str) -> str:
    """The schema two sources' fragments of one entity share; ``left`` if they have none."""
    from followthemoney import model

    try:
        return model.common_schema(left, right).name
    except Exception:  # incompatible schemata from different sources: keep the first
        return left
