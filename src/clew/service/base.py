"""What every service result shares: a JSON form built from the dataclass itself, and evidence
put in words for people (the JSON keeps the structure for machines)."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from typing import Any

LIST_SHOWN = 3  # list items named in words before "+N more": enough to recognise, short enough to read


def jsonable(value: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, recursively (what ``--json`` and the API print)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


class Result:
    """Mixin for service results: ``as_dict()`` is the JSON form (docs/formats.md)."""

    def as_dict(self) -> dict[str, Any]:
        return jsonable(self)


def rounded(value: Any, digits: int = 3) -> Any:
    """Floats to ``digits`` significant decimals (scores are estimates: more digits mislead)."""
    if isinstance(value, float):
        return float(f"{value:.{digits}g}") if abs(value) < 1 else round(value, 2)
    return value


def words(evidence: Any) -> str:
    """Evidence as a short sentence: ``{"payments_from_sellers": 3, "sellers": [a, b, c, d]}``
    becomes ``payments from sellers 3; sellers a, b, c +1 more``. Stored JSON text is decoded
    first; keys are read as words, numbers rounded, lists cut after :data:`LIST_SHOWN`."""
    if isinstance(evidence, str):
        try:
            evidence = json.loads(evidence)
        except ValueError:
            return evidence
    if evidence is None:
        return ""
    if isinstance(evidence, dict):
        return "; ".join(f"{str(k).replace('_', ' ')} {_value(v)}" for k, v in evidence.items())
    if isinstance(evidence, (list, tuple)):
        return _value(list(evidence))
    return str(rounded(evidence))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        shown = [_value(v) for v in value[:LIST_SHOWN]]
        more = len(value) - LIST_SHOWN
        return ", ".join(shown) + (f" +{more} more" if more > 0 else "") if value else "none"
    if isinstance(value, dict):
        return "(" + ", ".join(f"{str(k).replace('_', ' ')} {_value(v)}" for k, v in value.items()) + ")"
    return str(rounded(value))
