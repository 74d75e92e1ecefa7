"""Property values to fragment rows: keep the raw value, clean it, never drop it.

Ordinary FtM properties are cleaned by their FtM type (``prop.type.clean``); identifier
properties (``clew.identifiers.identifiers_of``) by Clew's normaliser, which also gives the
identifier node, its mentions and its country attributions. A value that cannot be cleaned
is stored with ``value = NULL`` and the ``reason``. Lookups and cleaning are cached: the
same schema/property pairs and many of the same values recur on every line of a big file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import orjson
from followthemoney import model
from followthemoney.types import registry

from clew.identifiers import REGISTRY, Normalised, identifiers_of
from clew.ingest.region import NO_REGION, Region
from clew.model.countries import DECLARED_COUNTRY_PROPS
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


def _entity(raw: str) -> str | None:
    """FtM's entity reference cleaning; a reference FtM's own pattern already accepts is returned
    as it is (what ``clean`` would return for it) without FtM's generic text pipeline. The
    pattern's ``$`` also matches before a final newline, which ``clean`` strips: that case takes
    the slow path (found by the property test)."""
    if raw[-1:] != "\n" and registry.entity.validate(raw):
        return raw
    return registry.entity.clean(raw)


CLEW_PROPS: dict[str, Callable[[str], str | None]] = {
    "clew:md5": _hex(32),
    "clew:sha256": _hex(64),
    "clew:pdq": _hex(64),
    "clew:pdqQuality": _int(0, 100),
    "clew:infohash": _hex(40, 64),
    "clew:holder": _entity,
    "clew:file": _entity,
    "clew:group": _entity,
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


TYPE_CLEANERS: dict[str, Callable[[str], str | None]] = {"topic": _topic, "entity": _entity}


@dataclass(frozen=True, slots=True)
class PropInfo:
    mode: int
    clean: Callable[[str], str | None] | None = None
    kind: str | None = None  # identifier kind
    label: str = ""  # what a value should be, for the reason

    @property
    def reason(self) -> str:
        return f"not a valid {self.kind or self.label}"


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


# FtM types whose values recur across records (the same bank or role, dates, countries): their
# cleaning is memoised. Entity references are mostly distinct (a cache thrashed) and have a
# cheap fast path instead (``_entity``); names, amounts and free text are distinct too.
CACHED_TYPES = (
    "date", "country", "topic", "language", "gender", "mimetype", "string", "identifier"
)  # fmt: skip
NORMALISE_CACHE = 1 << 15  # about 1 KB an entry: at most ~35 MB, across the files of an ingest


@lru_cache(maxsize=128)
def type_cleaner(type_name: str) -> Callable[[str], str | None]:
    """One cleaner per FtM type, memoised for types whose values recur (dates, countries, ...)."""
    clean = TYPE_CLEANERS.get(type_name, registry.get(type_name).clean)  # type: ignore[union-attr]
    return lru_cache(maxsize=65536)(clean) if type_name in CACHED_TYPES else clean


@lru_cache(maxsize=NORMALISE_CACHE)
def cached_normalise(
    kind: str, raw: str, country: str | None, context: tuple[tuple[str, str], ...]
) -> Normalised:
    """``clew.identifiers.normalise`` for a known kind, through the registry: one cache, not two."""
    return REGISTRY[kind].normalise(raw, country, **dict(context))


DETAIL_JSON = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


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


STATEMENT_ID = "id"  # every fragment also states its entity id (the ``statements`` view shows it)
FRAGMENT_COLUMNS = ("entity_id", "schema", "source_id", "locator", "props")
MENTION_COLUMNS = ("key", "entity_id", "prop", "raw", "source_id", "locator")
IDENTIFIER_COLUMNS = ("key", "kind", "value", "valid", "country", "detail")
ATTRIBUTION_COLUMNS = ("key", "country", "rule", "evidence", "confidence", "source_id")
dumps = orjson.dumps


@dataclass
class Rows:
    """Row buffers of one file (or one worker's chunks of it) as tuples in ``*_COLUMNS`` order,
    taken in batches by ``clew.ingest.build``.

    One fragment per entity and record locator (``clew.model.fragment``): an entity named
    twice at one locator (twice in one spreadsheet row) is one fragment, and a raw value
    repeated there one statement. Identifier and attribution rows repeated within the file
    are dropped here, not by unique indexes (which would cost a random B-tree insert per row):
    a file is loaded once (``sources.sha256``) and in one transaction, so nothing else can
    repeat them. ``statements`` counts what the ``statements`` view will show.
    """

    source_id: int
    fragments: list[tuple] = field(default_factory=list)
    identifiers: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    attributions: list[tuple] = field(default_factory=list)
    seen_keys: set[str] = field(default_factory=set)
    seen_attr: set[tuple[str, str, str]] = field(default_factory=set)
    known: dict[tuple, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    statements: int = 0
    locator: str | None = None  # the record locator ``pending`` belongs to
    pending: dict[tuple[str, str], dict[str, list]] = field(default_factory=dict)
    here: set[tuple[str, str, str]] = field(default_factory=set)  # mentions written at ``locator``

    def close_locator(self) -> None:
        """Turn the fragments of the current locator into rows."""
        if self.pending:
            locator, source_id = self.locator, self.source_id
            append = self.fragments.append
            for (entity_id, schema), props in self.pending.items():
                append((entity_id, schema, source_id, locator, dumps(props).decode()))
            self.pending = {}
        self.here = set()

    def clear(self) -> None:
        """Drop everything not yet taken (a file refused under --strict)."""
        self.fragments.clear()
        self.identifiers.clear()
        self.mentions.clear()
        self.attributions.clear()
        self.pending = {}
        self.here.clear()


OWN_COUNTRY_PROPS = DECLARED_COUNTRY_PROPS
"""Where an entity states its own country (an Aleph or OpenSanctions company may state only its
jurisdiction): ``clew.model.countries``."""


def own_country(props: dict[str, list[str]]) -> tuple[str, str] | None:
    """The one country an entity states for itself (``OWN_COUNTRY_PROPS``), upper case, with the
    first property stating it; None when it states none or several (then no single region can be
    assumed)."""
    found: dict[str, str] = {}
    for prop in OWN_COUNTRY_PROPS:
        for raw in props.get(prop, ()):
            if c := registry.country.clean(raw):
                found.setdefault(c.upper(), prop)
    return found.popitem() if len(found) == 1 else None


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
                value, key, _ = _normalised(rows, info.kind, raw, country, props, basis, by_entity)  # type: ignore[arg-type]
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
                value, key, reason = _normalised(rows, info.kind, raw, country, props, basis, by_entity)  # type: ignore[arg-type]
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


def _normalised(
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
