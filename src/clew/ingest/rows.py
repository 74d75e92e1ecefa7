"""The row buffers of one file's ingest, in the column order of the tables they load.

``clew.ingest.values`` fills them, ``clew.ingest.build`` takes them in batches and
``clew.ingest.loader`` inserts them with the ``*_COLUMNS`` named here, so the order is stated
once. Rows are tuples, not dicts: the hot path builds millions of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

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
