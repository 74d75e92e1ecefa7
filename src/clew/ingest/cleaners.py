"""Cleaners of single property values: raw text in, the clean value or None out.

FtM's own cleaning (``prop.type.clean``) for FtM types, except three: entity references take a
fast path that gives what FtM gives (``entity_ref``; tested against FtM by hypothesis), topics
also accept Clew's own (``clew.chatgroup``, ``clew.board``), which FtM does not list, and a
number must hold one (``_number``).
Clew's ``clew:`` properties have cleaners of their own (``CLEW_PROPS``; plain text otherwise).
A cleaner never raises on purpose; the caller treats an exception as "cannot be cleaned".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from followthemoney.types import registry

Cleaner = Callable[[str], str | None]
HEX = re.compile(r"^[0-9a-f]+$")


def _hex(*lengths: int) -> Cleaner:
    def clean(raw: str) -> str | None:
        value = raw.strip().lower()
        return value if len(value) in lengths and HEX.match(value) else None

    return clean


def _int(low: int, high: int) -> Cleaner:
    def clean(raw: str) -> str | None:
        value = raw.strip()
        return value if value.isdigit() and low <= int(value) <= high else None

    return clean


def text(raw: str) -> str | None:
    """Free text: stripped, None when nothing is left."""
    return raw.strip() or None


def entity_ref(raw: str) -> str | None:
    """FtM's entity reference cleaning; a reference FtM's own pattern already accepts is returned
    as it is (what ``clean`` would return for it) without FtM's generic text pipeline. The
    pattern's ``$`` also matches before a final newline, which ``clean`` strips: that case takes
    the slow path (found by the property test)."""
    if raw[-1:] != "\n" and registry.entity.validate(raw):
        return raw
    return registry.entity.clean(raw)


CLEW_PROPS: dict[str, Cleaner] = {
    "clew:md5": _hex(32),
    "clew:sha256": _hex(64),
    "clew:pdq": _hex(64),
    "clew:pdqQuality": _int(0, 100),
    "clew:infohash": _hex(40, 64),
    "clew:holder": entity_ref,
    "clew:file": entity_ref,
    "clew:group": entity_ref,
    "clew:userId": text,
    "clew:dateOfBirth": registry.date.clean,
    "clew:port": _int(0, 65535),
}


def _topic(raw: str) -> str | None:
    """FtM topics, plus Clew's own (``clew.chatgroup``, ``clew.board``) which FtM does not list."""
    value = registry.topic.clean(raw)
    if value is None and raw.strip().lower().startswith("clew."):
        return raw.strip().lower()
    return value


def _number(raw: str) -> str | None:
    """FtM's number cleaning, which keeps any text (``abc``), refined: a value FtM's own
    ``parse`` finds no number in is None, so ingest keeps it raw and names its file, line and
    field instead of the money analysis counting "amount not a number" with neither."""
    value = registry.number.clean(raw)
    return value if value is not None and registry.number.parse(value)[0] is not None else None


TYPE_CLEANERS: dict[str, Cleaner] = {"topic": _topic, "entity": entity_ref, "number": _number}

# FtM types whose values recur across records (the same bank or role, dates, countries): their
# cleaning is memoised. Entity references are mostly distinct (a cache thrashed) and have a
# cheap fast path instead (``entity_ref``); names, amounts and free text are distinct too.
CACHED_TYPES = (
    "date", "country", "topic", "language", "gender", "mimetype", "string", "identifier"
)  # fmt: skip


@lru_cache(maxsize=128)
def type_cleaner(type_name: str) -> Cleaner:
    """One cleaner per FtM type, memoised for types whose values recur (dates, countries, ...)."""
    clean = TYPE_CLEANERS.get(type_name, registry.get(type_name).clean)  # type: ignore[union-attr]
    return lru_cache(maxsize=65536)(clean) if type_name in CACHED_TYPES else clean
