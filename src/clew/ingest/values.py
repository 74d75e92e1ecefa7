"""Property values to statement rows: keep the raw value, clean it, never drop it.

Ordinary FtM properties are cleaned by their FtM type (``prop.type.clean``); identifier
properties (``clew.identifiers.identifiers_of``) by Clew's normaliser, which also gives the
identifier node, its mentions and its country attributions. A value that cannot be cleaned
is stored with ``value = NULL`` and the ``reason``. Lookups and cleaning are cached: the
same schema/property pairs and many of the same values recur on every line of a big file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from followthemoney import model
from followthemoney.types import registry

from clew.identifiers import identifiers_of, normalise
from clew.model.statement import CLEW_PREFIX

FTM, IDENT, CLEW, UNKNOWN = 0, 1, 2, 3
HEX = re.compile(r"^[0-9a-f]+$")


def _hex(*lengths: int) -> Callable[[str], str | None]:
    def clean(raw: str) -> str | None:
        value = raw.strip().lower()
        return value if len(value) in lengths and HEX.match(value) else None

    return clean


def _int(low: int, high: int) -> Callable[[str], str | None]:
    def clean(raw: str) -> str | None:
        value = raw.strip()
        return value if value.isdigit() and low <= int(value) <= high else None

    return clean


def _text(raw: str) -> str | None:
    return raw.strip() or None


CLEW_PROPS: dict[str, Callable[[str], str | None]] = {
    "clew:md5": _hex(32),
    "clew:sha256": _hex(64),
    "clew:pdq": _hex(64),
    "clew:pdqQuality": _int(0, 100),
    "clew:infohash": _hex(40, 64),
    "clew:holder": registry.entity.clean,
    "clew:file": registry.entity.clean,
    "clew:userId": _text,
    "clew:dateOfBirth": registry.date.clean,
    "clew:port": _int(0, 65535),
}


def _topic(raw: str) -> str | None:
    """FtM topics, plus Clew's own (``clew.chatgroup``, ``clew.board``) which FtM does not list."""
    value = registry.topic.clean(raw)
    if value is None and raw.strip().lower().startswith("clew."):
        return raw.strip().lower()
    return value


TYPE_CLEANERS: dict[str, Callable[[str], str | None]] = {"topic": _topic}


@dataclass(frozen=True, slots=True)
class PropInfo:
    mode: int
    clean: Callable[[str], str | None] | None = None
    kind: str | None = None  # identifier kind
    label: str = ""  # what a value should be, for the reason


@lru_cache(maxsize=4096)
def prop_info(schema_name: str, prop_name: str) -> PropInfo:
    """How values of ``schema_name.prop_name`` are cleaned (cached per pair)."""
    kind = identifiers_of(schema_name, prop_name)
    if kind is not None:
        return PropInfo(IDENT, kind=kind)
    if prop_name.startswith(CLEW_PREFIX):
        return PropInfo(CLEW, CLEW_PROPS.get(prop_name, _text), label=prop_name)
    schema = model.get(schema_name)
    prop = schema.get(prop_name) if schema is not None else None
    if prop is None or prop.stub:
        return PropInfo(UNKNOWN, label=f"{schema_name} has no property {prop_name!r}")
    return PropInfo(FTM, type_cleaner(prop.type.name), label=prop.type.name)


CACHED_TYPES = ("date", "country", "topic", "language", "gender", "number", "mimetype")


@lru_cache(maxsize=128)
def type_cleaner(type_name: str) -> Callable[[str], str | None]:
    """One cleaner per FtM type, memoised for types whose values recur (dates, countries, ...)."""
    clean = TYPE_CLEANERS.get(type_name, registry.get(type_name).clean)  # type: ignore[union-attr]
    return lru_cache(maxsize=65536)(clean) if type_name in CACHED_TYPES else clean


@lru_cache(maxsize=65536)
def cached_normalise(kind: str, raw: str, country: str | None, context: tuple[tuple[str, str], ...]):
    return normalise(kind, raw, country, **dict(context))


def identifier_context(kind: str, props: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    """Context a kind needs from the same entity: the service of a user name, the bank of an account."""
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


def statement_id(entity_id: str, prop: str, raw: str) -> str:
    """Same as :attr:`clew.model.statement.Statement.id`, without building the object."""
    return hashlib.sha1(f"{entity_id}\x1f{prop}\x1f{raw}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Rows:
    """Row buffers of one file, flushed in batches; identifier rows deduplicated per file."""

    source_id: int
    run_id: str
    seen_at: str
    statements: list[dict[str, Any]] = field(default_factory=list)
    identifiers: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    seen_keys: set[str] = field(default_factory=set)
    seen_attr: set[tuple[str, str, str]] = field(default_factory=set)

    def clear(self) -> None:
        self.statements.clear()
        self.identifiers.clear()
        self.mentions.clear()
        self.attributions.clear()


def add_entity(
    rows: Rows, entity: dict[str, Any], locator: str, country: str | None
) -> list[tuple[str, str]]:
    """Append the rows of one entity; returns ``(prop, reason)`` for each value kept raw.

    The hot path of every ingest: rows are built inline and lookups cached (see module doc).
    """
    entity_id: str = entity["id"]
    schema: str = entity["schema"]
    props: dict[str, list[str]] = entity["properties"]
    source_id, run_id, seen_at = rows.source_id, rows.run_id, rows.seen_at
    append = rows.statements.append
    sha1 = hashlib.sha1
    kept: list[tuple[str, str]] = []
    prefix = f"{entity_id}\x1f"
    append(
        {
            "id": sha1(f"{prefix}id\x1f{entity_id}".encode("utf-8", "surrogatepass")).hexdigest(),
            "entity_id": entity_id,
            "schema": schema,
            "prop": "id",
            "raw": entity_id,
            "value": entity_id,
            "reason": None,
            "source_id": source_id,
            "locator": locator,
            "run_id": run_id,
            "seen_at": seen_at,
        }
    )
    for prop, values in props.items():
        info = prop_info(schema, prop)
        mode = info.mode
        head = f"{prefix}{prop}\x1f"
        for raw in dict.fromkeys(values) if len(values) > 1 else values:
            reason = None
            if mode in (FTM, CLEW):
                try:
                    value = info.clean(raw)  # type: ignore[misc]
                except Exception as exc:  # a cleaner choking on odd text must not stop an ingest
                    value, reason = None, f"cannot be cleaned as {info.label}: {exc}"
                if value is None and reason is None:
                    reason = f"not a valid {info.label}"
            elif mode == IDENT:
                norm = cached_normalise(info.kind, raw, country, identifier_context(info.kind, props))
                value = norm.value
                if value is None:
                    reason = norm.reason or f"not a valid {info.kind}"
                else:
                    _identifier(rows, norm, entity_id, prop, raw, locator)
            else:
                value, reason = None, info.label
            if reason is not None:
                kept.append((prop, reason))
            append(
                {
                    "id": sha1(f"{head}{raw}".encode("utf-8", "surrogatepass")).hexdigest(),
                    "entity_id": entity_id,
                    "schema": schema,
                    "prop": prop,
                    "raw": raw,
                    "value": value,
                    "reason": reason,
                    "source_id": source_id,
                    "locator": locator,
                    "run_id": run_id,
                    "seen_at": seen_at,
                }
            )
    return kept


def _identifier(rows: Rows, norm: Any, entity_id: str, prop: str, raw: str, locator: str) -> None:
    key = norm.key
    if key is None:
        return
    rows.mentions.append(
        {
            "key": key,
            "entity_id": entity_id,
            "prop": prop,
            "raw": raw,
            "source_id": rows.source_id,
            "locator": locator,
        }
    )
    if key not in rows.seen_keys:
        rows.seen_keys.add(key)
        rows.identifiers.append(
            {
                "key": key,
                "kind": norm.kind,
                "value": norm.value,
                "valid": bool(norm.valid),
                "country": norm.country,
                "detail": json.dumps(norm.detail, sort_keys=True, default=str) if norm.detail else None,
            }
        )
    for attr in norm.attributions:
        marker = (key, attr.country, attr.rule)
        if marker in rows.seen_attr:
            continue
        rows.seen_attr.add(marker)
        rows.attributions.append(
            {
                "key": key,
                "country": attr.country,
                "rule": attr.rule,
                "evidence": attr.evidence,
                "confidence": attr.confidence,
                "source_id": rows.source_id,
            }
        )
