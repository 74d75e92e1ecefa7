"""How the values of one schema's property are cleaned, decided once per (schema, property).

Four modes: an identifier property (``clew.identifiers.identifiers_of``) goes to Clew's
normaliser, which also gives the identifier node, its mentions and country attributions
(``IDENT``); a ``clew:`` property to Clew's cleaner for it (``CLEW``); an FtM property to its
type's cleaner (``FTM``); a property the schema does not have is kept raw with the reason
(``UNKNOWN``). The decision is cached: the same pairs recur on every line of a big file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from followthemoney import model

from clew.identifiers import identifiers_of
from clew.ingest.cleaners import CLEW_PROPS, Cleaner, text, type_cleaner
from clew.model.statement import CLEW_PREFIX

FTM, IDENT, CLEW, UNKNOWN = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class PropInfo:
    mode: int
    clean: Cleaner | None = None
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
        return PropInfo(CLEW, CLEW_PROPS.get(prop_name, text), label=prop_name)
    schema = model.get(schema_name)
    prop = schema.get(prop_name) if schema is not None else None
    if prop is None or prop.stub:
        return PropInfo(UNKNOWN, label=f"{schema_name} has no property {prop_name!r}")
    return PropInfo(FTM, type_cleaner(prop.type.name), label=prop.type.name)
