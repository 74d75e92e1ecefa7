"""Evaluation of what a package says (the admiralty 4x4: source reliability A/B/C/X, information
accuracy 1–4), per identifier, from its source.

The analyst grades a source by its label or its kind (``clew leads build --evaluation
"Kestrel return=B2" --evaluation tip-report=C3``); a source not graded gets the default of its
kind from the source manifest (``SOURCE_KIND_EVALUATION``), and one of no known kind X4. A label
wins over a kind: the analyst named that very source.
"""

from __future__ import annotations

from collections.abc import Iterable

from clew.errors import UserError
from clew.leads.vocabulary import (
    DEFAULT_EVALUATION,
    INFORMATION_ACCURACY,
    SOURCE_KIND_EVALUATION,
    SOURCE_RELIABILITY,
)

Grade = tuple[str, str]


def parse(pairs: Iterable[str], option: str = "--evaluation") -> dict[str, Grade]:
    """``SOURCE=B3`` pairs -> {source label or kind: (reliability, accuracy)}; a bad one is
    refused naming the option and what is wrong."""
    out: dict[str, Grade] = {}
    for pair in pairs:
        source, _, code = pair.rpartition("=")
        code = code.strip().upper()
        if not source.strip() or len(code) != 2:
            raise UserError(f"{option} {pair!r}: expected SOURCE=CODE, e.g. tip-report=B3")
        if code[0] not in SOURCE_RELIABILITY or code[1] not in INFORMATION_ACCURACY:
            raise UserError(
                f"{option} {pair!r}: {code} is not a reliability ({'/'.join(SOURCE_RELIABILITY)}) "
                f"followed by an accuracy ({'/'.join(INFORMATION_ACCURACY)})"
            )
        out[source.strip()] = (code[0], code[1])
    return out


def grade(label: str | None, kind: str | None, given: dict[str, Grade] | None = None) -> Grade:
    """The grade of a source: the analyst's for its label, else for its kind, else its kind's default."""
    given = given or {}
    if label and label in given:
        return given[label]
    if kind and kind in given:
        return given[kind]
    return SOURCE_KIND_EVALUATION.get(kind or "", DEFAULT_EVALUATION)
