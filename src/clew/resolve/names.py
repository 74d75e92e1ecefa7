"""Person names for resolution: normalise, split, and decide whether two names can be one person.

Names arrive in every script, order and format ("DARIO  Méndez", "Mendez, Dario", "D. Mendez",
"Kuya Dario", "王伟", "Алексей Смирнов", "NAGY István", "Omar al-Rashid"). ``normalise`` gives the
ASCII, lower-case, filler-free form the Splink model reads. Compatibility reads each name the few
ways it can be written (``clew.resolve.name_parts.readings``: hyphens joined, particles dropped
or glued, an unspaced Han/Hangul name split after its family name) and compares them token by
token, order-free (so "Wang Wei" / "Wei Wang" and "SMIRNOV Aleksei" meet). Two tokens *agree* by
the first rule of :data:`RULES` that holds; two names are *compatible* when every token of the
shorter agrees with a distinct token of the longer one, and *conflict* when both are full names
(two tokens or more) and are not compatible: the over-merge guard's notion of "clearly
different". :func:`agreement` names the rules that made two names compatible, for explanations.

What keeps different people apart: a token with no agreeing partner (Wang Wei / Wang Fang);
gendered forms told by a final vowel (Maria/Mario), agreeing only when Wikidata holds them as one
name (as it holds family names: Smirnov/Smirnova); a patronymic (Petrovich, Ivanovna) agreeing
only with a patronymic, never with a given name (Ivan Petrovich / Petr Ivanovich are father and
son); Han characters compared as written, not by their reading (王伟 / 王薇 are both "Wang Wei"
in pinyin). Feminine given names in "-a" (Ivan/Ivana) are not told apart: a typo dropping a
final "a" looks the same.
"""

from __future__ import annotations

import re
from functools import cache

from normality import ascii_text

from clew.resolve.name_parts import APOSTROPHES, FILLER, Part, readings
from clew.resolve.name_rules import RULES, agree, canonical, nicknames, phonetic

__all__ = ["RULES", "agree", "agreement", "canonical", "compatible", "conflict", "is_full", "nicknames"]
__all__ += ["normalise", "phonetic", "split_name", "tokens"]

_SPLIT = re.compile(r"[^a-z0-9]+")


@cache
def normalise(raw: str | None) -> str:
    """ASCII, lower-case, apostrophes dropped, punctuation to spaces, filler words dropped."""
    if not raw:
        return ""
    text = APOSTROPHES.sub("", (ascii_text(raw) or "").lower())
    return " ".join(t for t in _SPLIT.split(text) if t and t not in FILLER)


def tokens(raw: str | None) -> list[str]:
    return normalise(raw).split()


Pairs = list[tuple[str, int]]


def _pair(short: tuple[Part, ...], long_: tuple[Part, ...], used: frozenset[int]) -> Pairs | None:
    """(rule, index in ``long_``) for each token of ``short``, distinct indices, strongest rules
    tried first, backtracking (names are a handful of tokens)."""
    if not short:
        return []
    found = sorted(
        (RULES.index(rule), i, rule)
        for i, other in enumerate(long_)
        if i not in used and (rule := agree(short[0], other))
    )
    for _, i, rule in found:
        rest = _pair(short[1:], long_, used | {i})
        if rest is not None:
            return [(rule, i), *rest]
    return None


def _match(short: tuple[Part, ...], long_: tuple[Part, ...]) -> list[str] | None:
    """The rules pairing every token of ``short`` with a distinct token of ``long_``, plus
    "family-name-first order" when the pairing reverses the order and "fewer name parts"."""
    pairs = _pair(short, long_, frozenset())
    if pairs is None:
        return None
    rules = [rule for rule, _ in pairs]
    order = [i for _, i in pairs]
    if order != sorted(order):
        rules.append("family-name-first order")
    if len(short) < len(long_):
        rules.append("fewer name parts")
    return rules


def agreement(a: str, b: str) -> tuple[str, ...] | None:
    """The rules by which names ``a`` and ``b`` are compatible (``()`` when either is empty), or
    None when they are not: of the readings that match, the one whose rules are strongest."""
    ra, rb = readings(a), readings(b)
    if not ra or not rb:
        return ()
    best: tuple[int, tuple[str, ...]] | None = None
    for pa, why_a in ra:
        for pb, why_b in rb:
            short, long_ = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
            rules = _match(short, long_)
            if rules is None:
                continue
            said = tuple(dict.fromkeys(r for r in [*rules, why_a, why_b] if r and r != "same"))
            weight = sum(RULES.index(r) if r in RULES else len(RULES) for r in said)
            if best is None or weight < best[0]:
                best = (weight, said)
    return None if best is None else best[1]


def compatible(a: str, b: str) -> bool:
    """Every token of the shorter name agrees with a distinct token of the longer one, in some
    reading of each (the first that does: :func:`agreement` looks for the strongest)."""
    ra, rb = readings(a), readings(b)
    return (
        not ra
        or not rb
        or any(_pair(*sorted((pa, pb), key=len), frozenset()) is not None for pa, _ in ra for pb, _ in rb)
    )


def is_full(name: str) -> bool:
    """A full name: at least two tokens of which at least two are not initials."""
    found = readings(name)
    return bool(found) and sum(1 for p in found[0][0] if len(p.latin) > 1) >= 2


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
