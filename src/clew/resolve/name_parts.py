"""A person name as address books write it, in any script: its parts and the ways of reading it.

A name is split into :class:`Part` s that keep the written form (lower-cased, any script) beside
its ASCII transliteration (``normality``), so a comparison can use either: the written form where
transliteration loses what tells names apart (Han characters: 伟 and 薇 are both "wei"), the
transliteration across scripts (Алексей / Aleksej). :func:`readings` gives the few ways one
written name can be read — as written; with hyphenated parts joined (Min-jun, Al-Rashid); with
particles dropped (van der Berg → Berg) or glued to what follows (→ Vanderberg); an unspaced
Han or Hangul name split after its family name (王小明 → 王 | 小明, 김민준 → 김 | 민준; Japanese
family names are mostly two characters, so a Han name is also split after its second).
:func:`symbols` are rigour's Wikidata name identifiers for a written form (Алексей, Alexey and
Aleksei carry one; Смирнов and Смирнова one family-name item; Ivan and Ivana none in common).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from normality import ascii_text
from rigour.names import NameTypeTag, analyze_names
from rigour.text.scripts import text_scripts

_FILLER_WORDS = (
    "mr mrs ms miss dr sir madam mme herr frau sr sra jr kuya ate tito tita manong manang lolo lola "
    "boss bro sis tio tia don dona work home mobile cell old new my the gym biz shop office"
)
FILLER = frozenset(_FILLER_WORDS.split())
_PARTICLE_WORDS = (
    "van der den de da das do dos du di del della von zu ter ten le la al el bin ibn bint ben abu"
)
PARTICLES = frozenset(_PARTICLE_WORDS.split())
"""Particles of family names (Dutch, German, Romance, Arabic), written, dropped or glued at will.
Some are family names too (Vietnamese Lê, Đỗ): only a particle between two words is dropped, and
only while two words remain, so "Lê Văn An" never reads as "An"."""
ARABIC_ARTICLE = "ال"
"""Written joined to the name it precedes (الرشيد); Wikidata lists the name without it."""
CJK = frozenset({"Han", "Hangul"})
"""Scripts whose names are written unspaced, family name first (王小明, 김민준)."""
APOSTROPHES = re.compile(r"['’ʼʹ`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class Part(NamedTuple):
    """One token of a name: ``form`` as written (lower case), ``latin`` its ASCII reading."""

    form: str
    latin: str
    script: str  # "Latin", "Han", "Cyrillic", … (the first of rigour's scripts; "" for digits)


def _split(raw: str) -> list[list[str]]:
    """Words of ``raw``, each as its hyphen-joined pieces; apostrophes dropped (O'Brien, Ol'ga)."""
    text = APOSTROPHES.sub("", unicodedata.normalize("NFKC", raw)).casefold()
    words, word, piece = [], [], []
    for ch in text + " ":
        if unicodedata.category(ch)[0] in "LMN":
            piece.append(ch)
            continue
        if piece:
            word.append("".join(piece))
            piece = []
        if ch != "-" and word:
            words.append(word)
            word = []
    return words


@cache
def part(form: str) -> Part | None:
    latin = _NON_ALNUM.sub("", APOSTROPHES.sub("", (ascii_text(form) or "").lower()))
    if not latin or latin in FILLER:
        return None
    return Part(form, latin, min(text_scripts(form) or {""}))


def _parts(forms: list[str]) -> tuple[Part, ...]:
    return tuple(p for f in forms if (p := part(f)) is not None)


def _cjk_splits(form: str) -> list[list[str]]:
    scripts = text_scripts(form)
    if len(form) < 2 or not scripts or not scripts <= CJK:
        return []
    cuts = (1, 2) if scripts == {"Han"} and len(form) >= 3 else (1,)
    return [[form[:cut], form[cut:]] for cut in cuts]


@cache
def readings(raw: str | None) -> tuple[tuple[tuple[Part, ...], str | None], ...]:
    """The ways of reading ``raw``: (parts, the rule that reading needs or None), as written first."""
    words = _split(raw or "")
    plain = [piece for word in words for piece in word]
    splits = _cjk_splits(plain[0]) if len(plain) == 1 else []
    out: list[tuple[tuple[Part, ...], str | None]] = [(_parts(splits[0] if splits else plain), None)]
    out += [(_parts(split), "two-character family name") for split in splits[1:]]
    if len(plain) > len(words):
        out.append((_parts(["".join(word) for word in words]), "hyphenated parts joined"))
    latin = [part(f) for f in plain]
    particles = {i for i, p in enumerate(latin[:-1]) if p and p.latin in PARTICLES}
    inner = particles - {0}
    if inner and len(plain) - len(inner) >= 2:
        out.append((_parts([f for i, f in enumerate(plain) if i not in inner]), "particle dropped"))
    if particles:
        glued, carry = [], ""
        for i, form in enumerate(plain):
            carry += form
            if i not in particles:
                glued.append(carry)
                carry = ""
        out.append((_parts(glued), "particle glued"))
    least = min(2, len(out[0][0]))  # another reading of a full name is a full name too
    return tuple(reading for reading in out if len(reading[0]) >= least and reading[0])


@cache
def symbols(form: str) -> frozenset[str]:
    """rigour's Wikidata name ids for a one-word form (the Arabic article ال set aside)."""
    forms = [form]
    if form.startswith(ARABIC_ARTICLE) and len(form) > len(ARABIC_ARTICLE) + 2:
        forms.append(form[len(ARABIC_ARTICLE) :])
    names = analyze_names(NameTypeTag.PER, forms, consolidate=False, phonetics=False, numerics=False)
    spans = (s for n in names for s in n.spans if len(s.parts) == 1)
    return frozenset(f"{s.symbol.category.value}:{s.symbol.id}" for s in spans)
