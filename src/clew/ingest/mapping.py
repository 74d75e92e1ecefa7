"""CSV/Excel mapping files in the shape of FtM's own (``ftm map``), evaluated by Clew.

Clew evaluates the mapping itself instead of calling FtM's mapper because FtM cleans while
mapping and drops what it cannot clean; here each mapped value is passed on raw and the loader
keeps it next to its cleaned form. Accepted shapes: a top-level ``entities:``, a ``queries:``
list, or FtM's ``<dataset>: {queries: [...]}``. Property specs: ``column``/``columns`` (with
``join`` or ``split``), ``literal``/``literals``, ``template`` (``{{column}}``), ``entity``,
``required``. Entity ids: ``keys`` (FtM's make_id over the key values and the entity name,
see :func:`clew.ingest.ids.mapped_entity_id`), ``key_literal``, or ``id_column``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import NoneType
from typing import Any

import yaml
from followthemoney import model

from clew.errors import Location, MappingError
from clew.ingest.ids import mapped_entity_id

TEMPLATE = re.compile(r"{{([^}]*)}}")
PROP_KEYS = {"column", "columns", "join", "split", "literal", "literals", "template", "entity", "required"}
ENTITY_KEYS = {"schema", "key", "keys", "key_literal", "id_column", "properties"}


@dataclass
class PropSpec:
    prop: str
    columns: list[str] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)
    join: str | None = None
    split: str | None = None
    template: str | None = None
    entity: str | None = None
    required: bool = False

    def values(self, row: Mapping[str, str | None], ids: Mapping[str, str]) -> list[str]:
        if self.entity is not None:
            ref = ids.get(self.entity)
            return [ref] if ref else []
        if self.template is not None:
            text = TEMPLATE.sub(lambda m: row.get(m.group(1).strip()) or "", self.template).strip()
            return [text] if text else []
        values = list(self.literals)
        values.extend(v for c in self.columns if (v := row.get(c)))
        if self.join is not None:
            values = [self.join.join(values)] if values else []
        if self.split is not None:
            values = [part for v in values for part in v.split(self.split)]
        return [v for v in values if v.strip()]


@dataclass
class EntitySpec:
    name: str
    schema: str
    keys: list[str]
    key_literal: str | None
    id_column: str | None
    props: list[PropSpec]

    @property
    def columns(self) -> list[str]:
        cols = [*self.keys, *([self.id_column] if self.id_column else [])]
        for p in self.props:
            cols.extend(p.columns)
            if p.template:
                cols.extend(m.strip() for m in TEMPLATE.findall(p.template))
        return cols

    def entity_id(self, row: Mapping[str, str | None]) -> str | None:
        if self.id_column:
            return (row.get(self.id_column) or "").strip() or None
        return mapped_entity_id(self.name, [(row.get(k) or "").strip() for k in self.keys], self.key_literal)


@dataclass
class Query:
    entities: list[EntitySpec]  # in dependency order
    sheet: str | None = None
    delimiter: str | None = None

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys(c for e in self.entities for c in e.columns))

    def map(self, row: Mapping[str, str | None]) -> Iterator[dict[str, Any]]:
        ids: dict[str, str] = {}
        for spec in self.entities:
            entity_id = spec.entity_id(row)
            if entity_id is None:
                continue
            props: dict[str, list[str]] = {}
            missing = False
            for p in spec.props:
                values = p.values(row, ids)
                if values:
                    props.setdefault(p.prop, []).extend(values)
                elif p.required:
                    missing = True
            if missing:
                continue
            ids[spec.name] = entity_id
            yield {"id": entity_id, "schema": spec.schema, "properties": props}


def load_mapping(path: Path) -> list[Query]:
    """Parse and check a mapping file; every problem is a MappingError naming file and key."""
    loc = Location(file=str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"unreadable mapping: {exc}", loc) from exc
    if not isinstance(data, dict):
        raise MappingError("a mapping must be a YAML mapping", loc)
    if "entities" in data:
        queries = [data]
    elif "queries" in data or "query" in data:
        queries = data.get("queries") or [data.get("query")]
    elif len(data) == 1 and isinstance(next(iter(data.values())), dict):
        inner: dict = next(iter(data.values()))
        queries = inner.get("queries") or ([inner["query"]] if "query" in inner else [inner])
    else:
        raise MappingError("no 'entities' found", loc)
    if not isinstance(queries, list):
        raise MappingError("'queries' must be a list of queries", Location(file=str(path), field="queries"))
    return [_query(path, q) for q in queries]


def _query(path: Path, data: Any) -> Query:
    if not isinstance(data, dict) or not isinstance(data.get("entities"), dict) or not data["entities"]:
        raise MappingError("a query needs 'entities'", Location(file=str(path), field="entities"))
    specs = {name: _entity(path, str(name), body) for name, body in data["entities"].items()}
    for spec in specs.values():
        for p in spec.props:
            if p.entity is None:
                continue
            target = specs.get(p.entity)
            where = Location(file=str(path), field=f"{spec.name}.{p.prop}")
            if target is None:
                raise MappingError(f"no mapping entity named {p.entity!r}", where)
            prop = model.get(spec.schema).get(p.prop)  # type: ignore[union-attr]
            if prop.range is None or not model.get(target.schema).is_a(prop.range):  # type: ignore[union-attr]
                raise MappingError(f"{p.prop} must refer to a {prop.range}, not {target.schema}", where)
    ordered: list[EntitySpec] = []
    pending = list(specs.values())
    while pending:
        ready = [
            s for s in pending if all(p.entity in {o.name for o in ordered} for p in s.props if p.entity)
        ]
        if not ready:
            raise MappingError("circular entity references", Location(file=str(path), field="entities"))
        ordered.extend(ready)
        pending = [s for s in pending if s not in ready]
    sheet = data.get("sheet")
    delimiter = data.get("delimiter")
    return Query(ordered, str(sheet) if sheet is not None else None, str(delimiter) if delimiter else None)


def _entity(path: Path, name: str, body: Any) -> EntitySpec:
    where = Location(file=str(path), field=name)
    if not isinstance(body, dict):
        raise MappingError("an entity mapping must be a mapping", where)
    unknown = set(body) - ENTITY_KEYS
    if unknown:
        raise MappingError(f"unsupported key {sorted(map(str, unknown))[0]!r}", where)
    schema = model.get(str(body.get("schema", "")))
    if schema is None:
        raise MappingError(f"unknown FtM schema {body.get('schema')!r}", where)
    keys = body.get("keys", body.get("key", []))
    keys = keys if isinstance(keys, list) else [keys]
    if any(isinstance(k, dict | list) for k in keys):
        raise MappingError("'keys' must be a list of column names", where)
    keys = [str(k) for k in keys]
    id_column = body.get("id_column")
    if not keys and not id_column:
        raise MappingError("needs 'keys' or 'id_column'", where)
    for key in ("id_column", "key_literal"):
        if not isinstance(body.get(key), str | int | float | NoneType):
            raise MappingError(f"{key!r} must be text, not a {type(body[key]).__name__}", where)
    properties = body.get("properties") or {}
    if not isinstance(properties, dict):
        raise MappingError(f"'properties' must be a mapping, not a {type(properties).__name__}", where)
    props = []
    for prop_name, spec in properties.items():
        prop_name = str(prop_name)
        pwhere = Location(file=str(path), field=f"{name}.{prop_name}")
        if schema.get(prop_name) is None:
            raise MappingError(f"{schema.name} has no property {prop_name!r}", pwhere)
        if not isinstance(spec, dict):
            raise MappingError("a property mapping must be a mapping", pwhere)
        bad = set(spec) - PROP_KEYS
        if bad:
            raise MappingError(f"unsupported key {sorted(map(str, bad))[0]!r}", pwhere)
        for key in ("join", "split", "template", "entity"):
            if spec.get(key) is not None and not isinstance(spec[key], str):
                raise MappingError(f"{key!r} must be text, not a {type(spec[key]).__name__}", pwhere)
        props.append(
            PropSpec(
                prop=prop_name,
                columns=_list(spec, "column", "columns"),
                literals=_list(spec, "literal", "literals"),
                join=spec.get("join"),
                split=spec.get("split"),
                template=spec.get("template"),
                entity=spec.get("entity"),
                required=bool(spec.get("required", False)),
            )
        )
    return EntitySpec(name, schema.name, keys, body.get("key_literal"), id_column, props)


def _list(spec: dict, one: str, many: str) -> list[str]:
    out: list[str] = []
    for key in (one, many):
        value = spec.get(key)
        if value is None:
            continue
        out.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return out


def check_columns(
    mapping_path: Path, data_path: Path, query: Query | list[str], header: list[str], line: int = 1
) -> None:
    """A mapping naming a column the data lacks is an error naming both files and the column
    (``line``: the header's)."""
    present = set(header)
    for column in query.columns if isinstance(query, Query) else query:
        if column not in present:
            raise MappingError(
                f"mapping {mapping_path} names column {column!r}, which {data_path.name} does not have",
                Location(file=str(data_path), line=line, field=column),
            )
