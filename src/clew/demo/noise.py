"""How people really write names and numbers into address books: the demo's noise.

Nicknames, initials, typos, dropped accents, first names only, missing names; numbers in
national or international format. All of it stays resolvable through at least one number.
"""

from __future__ import annotations

import random
import unicodedata

from clew.demo.model import Person
from clew.demo.world import format_phone

TAGS = ["work", "gym", "bro", "new", "2", "old", "biz", "shop", "boss"]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.choice(["swap", "drop", "double", "replace"])
    if op == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == "drop":
        return text[:i] + text[i + 1 :]
    if op == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("aeiounrst") + text[i + 1 :]


def contact_name(p: Person, rng: random.Random) -> str | None:
    """The name an address book holds for ``p`` (None: saved under a number only)."""
    r = rng.random()
    if r < 0.30:
        name = p.name
    elif r < 0.45:
        name = p.first
    elif r < 0.55:
        name = f"{p.first} {p.last[0]}."
    elif r < 0.63:
        name = f"{p.first[0]}. {p.last}"
    elif r < 0.73:
        name = f"{p.first[: max(2, min(4, len(p.first) - 1))]} {rng.choice(TAGS)}"
    elif r < 0.83:
        name = typo(p.name, rng)
    elif r < 0.90:
        name = strip_accents(p.name).lower()
    elif r < 0.95:
        name = p.last.upper()
    else:
        return None
    return name


def phone_as_typed(
    e164: str, owner_country: str, person_country: str, rng: random.Random, national_only: bool = False
) -> str:
    """National format only for numbers of the device owner's own country (as people save them);
    ``national_only`` (profile national-numbers): always for those numbers."""
    if owner_country == person_country and (national_only or rng.random() < 0.55):
        return format_phone(e164, "national")
    return format_phone(e164, "international" if rng.random() < 0.7 else "e164")
