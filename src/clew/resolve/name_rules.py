"""How two words of names can be one name: the rules, strongest first (``RULES``), and ``agree``.

Used by ``clew.resolve.names`` on the words ``clew.resolve.name_parts`` reads; the reasons each
rule cannot join two different people are in ``clew.resolve.names`` and docs/architecture.md.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import jellyfish
from rigour.text import metaphone

from clew.resolve.name_parts import Part, symbols

NICKNAME_FILE = Path(__file__).with_name("nicknames.csv")
TOKEN_JW = 0.88
"""Jaro–Winkler at or above which two words are one name with a typo (Ali Kahn / Ali Khan)."""
PATRONYMIC_ENDINGS = ("ovich", "evich", "ovic", "evic", "ovna", "evna", "ichna", "inichna")
"""East Slavic patronymics as transliterated (Петрович → Petrovich/Petrovic, Ивановна)."""
RULES = (
    "same",
    "diacritics or case",
    "initial",
    "nickname",
    "gendered family-name form",
    "transliteration",
    "name variant",
    "spelling",
    "typo",
)
"""Token rules, strongest first; "transliteration" and "name variant" are rigour's Wikidata name
ids in common (across scripts / within one), "spelling" equal metaphone codes."""


@cache
def nicknames() -> dict[str, str]:
    """nickname -> canonical given name (both lower-case ASCII), from ``nicknames.csv``."""
    with NICKNAME_FILE.open(encoding="utf-8") as fh:
        return {row["nickname"]: row["canonical"] for row in csv.DictReader(fh)}


@cache
def canonical(token: str) -> str:
    """A given-name token mapped through the nickname table (itself when unknown)."""
    return nicknames().get(token, token)


@cache
def phonetic(token: str) -> str:
    return metaphone(canonical(token)) if token else ""


def _gendered(x: str, y: str) -> bool:
    """Masculine and feminine forms of one name told by a final vowel (Maria/Mario, Paula/Paulo).
    Not a feminine "-a" added (Ivan/Ivana): a typo drops a final "a" as often (Stell/Stella in
    the demo), so that pair is left to the other rules (docs/architecture.md)."""
    return len(x) == len(y) and x[:-1] == y[:-1] and x[-1] in "aeiou" and y[-1] in "aeiou" and x != y


def _shared(a: Part, b: Part) -> bool:
    """A Wikidata name id in common, asked only when a word is not in Latin script: there the
    reading loses most, while Latin spellings are left to the nickname table, metaphone and
    Jaro-Winkler — and an operation in Latin script never loads rigour's tagger (about 9 s of
    CPU and 390 MB once per process, measured 2026-12-03)."""
    if a.script == b.script == "Latin" or not (a.script and b.script):  # "": digits
        return False
    return not symbols(a.form).isdisjoint(symbols(b.form))


@cache
def agree(a: Part, b: Part) -> str | None:
    """The rule (of :data:`RULES`) by which tokens ``a`` and ``b`` can be one name, or None."""
    if a.form == b.form:
        return "same"
    if a.script == b.script == "Han":  # a reading loses the character: compare as written
        return "name variant" if _shared(a, b) else None
    x, y = a.latin, b.latin
    if x == y:
        return "diacritics or case" if a.script == b.script else "transliteration"
    if (len(x) == 1 and a.script == "Latin") or (len(y) == 1 and b.script == "Latin"):
        return "initial" if x[0] == y[0] else None
    if x.endswith(PATRONYMIC_ENDINGS) != y.endswith(PATRONYMIC_ENDINGS):
        return None
    if canonical(x) == canonical(y):
        return "nickname"
    shared = _shared(a, b)
    if _gendered(x, y):
        return "gendered family-name form" if shared else None
    if shared and a.script == b.script and (x == y + "a" or y == x + "a"):
        return "gendered family-name form"
    if shared:
        return "transliteration" if a.script != b.script else "name variant"
    if len(x) >= 3 and len(y) >= 3 and phonetic(x) == phonetic(y):
        return "transliteration" if a.script != b.script else "spelling"
    return "typo" if jellyfish.jaro_winkler_similarity(x, y) >= TOKEN_JW else None
