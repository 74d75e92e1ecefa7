"""Where a value sits in a JSON text: the line of a path such as ``outcomes.1.kind``.

``json`` parses without positions, so errors about a parsed document (a schema violation, an
unknown subject) could name the field but not the line. :func:`line_of` walks the text with
the standard library's own scanner — skipping every value it does not descend into with
``raw_decode`` — to the value at ``path`` and returns its 1-based line: an error can then name
file, line and field as every user-facing error must. Duplicate keys resolve to the last, as
``json.loads`` does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.decoder import scanstring

_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _members(text: str, i: int):
    """``(key or index, start of its value)`` for each member of the object/array at ``i``."""
    opening, closing = text[i], "}" if text[i] == "{" else "]"
    i, n = _skip(text, i + 1), 0
    while i < len(text) and text[i] != closing:
        key: str | int = n
        if opening == "{":
            key, i = scanstring(text, i + 1)
            i = _skip(text, _skip(text, i) + 1)  # past the colon
        yield key, i
        _, i = _DECODER.raw_decode(text, i)
        i = _skip(text, i)
        i, n = _skip(text, i + 1) if text[i : i + 1] == "," else i, n + 1


def offset_of(text: str, path: Sequence[str | int]) -> int | None:
    """The offset of the value at ``path`` in the JSON ``text`` (valid JSON), or None."""
    i = _skip(text, 0)
    for step in path:
        if text[i : i + 1] not in ("{", "["):
            return None
        found = [start for key, start in _members(text, i) if key == step]
        if not found:
            return None
        i = found[-1]
    return i


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at ``path`` (the document's first line for ``[]``)."""
    offset = offset_of(text, path)
    return None if offset is None else text.count("\n", 0, offset) + 1
