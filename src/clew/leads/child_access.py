"""Does a declared occupation give access to children? Whole words on normalised text, never
substrings, over the data of ``clew.leads.occupations`` (its doc gives the three ways to match).

``match(text)`` returns what matched — the title, the qualified head or the ISCO-08 code, and
how — so the evidence of the ``child-access`` indicator can say why, or ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from normality import normalize

from clew.leads.occupations import HEADS, ISCO_08, LINKS, NOT_CHILD, QUALIFIERS, TITLES

WINDOW = 3
"""Words a qualifier may stand before its head: "youth football coach", "children's ward nurse"
(a possessive's "s" is dropped); wider windows reach into the next phrase of a long title."""
Phrase = tuple[str, ...]
Tables = tuple[dict[Phrase, tuple[str, str]], frozenset[Phrase], frozenset[Phrase], frozenset[Phrase]]


@dataclass(frozen=True)
class Match:
    """Why a text declares access: ``rule`` is ``title``, ``qualified`` or ``isco-08``;
    ``matched`` the title as declared, the words from qualifier to head, or ``ISCO-08 5311``;
    ``language`` the title list's language (``en`` for heads, ``None`` for codes)."""

    rule: str
    matched: str
    language: str | None

    def evidence(self) -> dict[str, str | None]:
        return {"rule": self.rule, "matched": self.matched, "language": self.language}


def tokens(text: str) -> list[str]:
    """Casefolded words, accents and marks dropped, punctuation as spaces (``normality``, as
    names are compared), a possessive's lone "s" dropped: ``"Children's"`` -> ``["children"]``."""
    return [t for t in (normalize(text) or "").split() if t != "s"]


@cache
def _tables() -> Tables:
    titles = {tuple(tokens(t)): (t, lang) for lang, ts in TITLES.items() for t in ts}
    return (
        titles,
        frozenset(tuple(tokens(h)) for h in HEADS),
        frozenset(tuple(tokens(q)) for q in QUALIFIERS),
        frozenset(tuple(tokens(n)) for n in NOT_CHILD),
    )


def _spans(words: list[str], phrases: frozenset[Phrase] | dict) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of a phrase, longest first at each start."""
    longest = max((len(p) for p in phrases), default=0)
    return [
        (i, i + n)
        for i in range(len(words))
        for n in range(min(longest, len(words) - i), 0, -1)
        if tuple(words[i : i + n]) in phrases
    ]


def _code(words: list[str]) -> Match | None:
    """An ISCO-08 unit group after "isco" or "isco 08" (ISCO-88 codes differ and are not read)."""
    for i, w in enumerate(words):
        rest = words[i + 1 : i + 3]
        if w == "isco08" or (w == "isco" and rest[:1] == ["08"]):
            rest = words[i + 2 : i + 3] if w == "isco" else rest[:1]
        elif w != "isco" or rest[:1] == ["88"]:
            continue
        if rest and rest[0] in ISCO_08:
            return Match("isco-08", f"ISCO-08 {rest[0]}", None)
    return None


def match(text: str) -> Match | None:
    """What in ``text`` declares access to children (the first of code, title, qualified
    head), or ``None``. ``NOT_CHILD`` phrases are blanked first, so they neither match nor
    qualify."""
    words = tokens(text)
    if code := _code(words):
        return code
    titles, heads, qualifiers, not_child = _tables()
    for start, end in _spans(words, not_child):
        words[start:end] = [""] * (end - start)
    if found := _spans(words, titles):
        title, language = titles[tuple(words[slice(*found[0])])]
        return Match("title", title, language)
    quals = _spans(words, qualifiers)
    for start, end in _spans(words, heads):
        for q_start, q_end in quals:
            before = start - WINDOW <= q_start and q_end <= start
            after = end < len(words) and words[end] in LINKS and end < q_start <= end + WINDOW
            if before or after:
                span = words[min(q_start, start) : max(q_end, end)]
                return Match("qualified", " ".join(w for w in span if w), "en")
    return None
