"""Person names for resolution: normalise, split, and decide whether two names can be one person.

Names arrive in every script and format ("DARIO  Méndez", "Mendez, Dario", "D. Mendez",
"Kuya Dario"). They are transliterated to ASCII (``normality``), lower-cased and split into
tokens; honorifics and address-book filler words are dropped. Two tokens *agree* when equal,
when one is the initial of the other, when a nickname table maps both to one canonical name
(Bill/William, Pepe/José, Mohammed/Muhammad), when their metaphone codes match (transliterations)
or when Jaro-Winkler ≥ 0.88 (typos) — but never when they differ only in a final vowel
(Maria/Mario: siblings, not a typo). Two names are *compatible* when every token of the shorter
agrees with a distinct token of the longer one, and *conflict* when both are full names (two
tokens or more) and are not compatible: the over-merge guard's notion of "clearly different".
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import jellyfish
from normality import ascii_text
from rigour.text import metaphone

NICKNAME_FILE = Path(__file__).with_name("nicknames.csv")
TOKEN_JW = 0.88
_FILLER_WORDS = (
    "mr mrs ms miss dr sir madam mme herr frau sr sra jr kuya ate tito tita manong manang lolo lola "
    "boss bro sis tio tia don dona work home mobile cell old new my the gym biz shop office"
)
FILLER = frozenset(_FILLER_WORDS.split())
_SPLIT = re.compile(r"[^a-z0-9]+")


@cache
def nicknames() -> dict[str, str]:
    """nickname -> canonical given name (both lower-case ASCII), from ``nicknames.csv``."""
    with NICKNAME_FILE.open(encoding="utf-8") as fh:
        return {row["nickname"]: row["canonical"] for row in csv.DictReader(fh)}


@cache
def normalise(raw: str | None) -> str:
    """ASCII, lower-case, punctuation to spaces, filler words dropped, single-spaced."""
    if not raw:
        return ""
    text = (ascii_text(raw) or "").lower()
    return " ".join(t for t in _SPLIT.split(text) if t and t not in FILLER)


def tokens(raw: str | None) -> list[str]:
    return normalise(raw).split()


@cache
def canonical(token: str) -> str:
    """A given-name token mapped through the nickname table (itself when unknown)."""
    return nicknames().get(token, token)


@cache
def phonetic(token: str) -> str:
    return metaphone(canonical(token)) if token else ""


@cache
def tokens_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if canonical(a) == canonical(b):
        return True
    if a[:-1] == b[:-1] and a[-1] in "aeiou" and b[-1] in "aeiou":
        return False  # Maria/Mario, Paula/Paulo: gendered forms, not typos
    if len(a) >= 3 and len(b) >= 3 and phonetic(a) == phonetic(b):
        return True
    return jellyfish.jaro_winkler_similarity(a, b) >= TOKEN_JW


def compatible(a: str, b: str) -> bool:
    """Every token of the shorter name agrees with a distinct token of the longer one."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    free = list(long_)
    for tok in short:
        for i, other in enumerate(free):
            if tokens_agree(tok, other):
                del free[i]
                break
        else:
            return False
    return True


def is_full(name: str) -> bool:
    """A full name: at least two tokens of which at least two are not initials."""
    return sum(1 for t in tokens(name) if len(t) > 1) >= 2


def conflict(a: str, b: str) -> bool:
    """Clearly different people: both full names, and not compatible."""
    return is_full(a) and is_full(b) and not compatible(a, b)


def split_name(raw: str | None) -> tuple[str, str]:
    """(first, last) tokens of a name: the first token and the last, '' when missing."""
    parts = tokens(raw)
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], parts[-1]
