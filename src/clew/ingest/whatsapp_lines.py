"""The lines of a WhatsApp chat export (``_chat.txt``): timestamps in the common locales and
the system lines that say who joined, was added, left or was removed, as data.

A message line starts with a date and time and, for a message, ``Name: `` (iOS wraps the
stamp in brackets, Android follows it with `` - ``)::

    [31/12/2025, 23:59:01] Ann Lee: …          iOS, day first
    [12/31/25, 11:59:01 PM] Ann Lee: …          iOS, United States (U+202F before PM)
    31/12/2025, 23:59 - Ann Lee: …             Android
    12/31/25, 11:59 PM - Ann Lee: …            Android, United States
    31.12.25, 23:59 - Ann Lee: …               Android, German

Lines that do not start so continue the previous message (text, never stored). Whether a
date is day- or month-first is decided per file from the data (:func:`date_order`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"  # direction marks and a BOM WhatsApp puts in
STAMP = re.compile(
    r"^\[?(?P<d>\d{1,4})[./-](?P<m>\d{1,2})[./-](?P<y>\d{1,4}),?[ \u00a0](?P<H>\d{1,2})[:.](?P<M>\d{2})"
    r"(?:[:.](?P<S>\d{2}))?(?:[ \u00a0\u202f]?(?P<ap>[AaPp])\.?[ \u00a0\u202f]?[Mm]\.?)?"
    r"(?:\] | - )(?P<rest>.*)$"
)
DAY_FIRST, MONTH_FIRST, YEAR_FIRST = "day-first", "month-first", "year-first"
ORDERS = (DAY_FIRST, MONTH_FIRST, YEAR_FIRST)


@dataclass(frozen=True, slots=True)
class Stamped:
    """A line that starts a message or a system notice: its date parts and the rest."""

    a: int
    b: int
    c: str  # the third part as written (two or four digits)
    hour: int
    minute: int
    second: int
    rest: str


def clean(text: str) -> str:
    """A line without WhatsApp's direction marks, its non-breaking spaces made plain."""
    return text.translate({ord(ch): None for ch in MARKS}).replace("\u202f", " ").replace("\u00a0", " ")


def stamped(line: str) -> Stamped | None:
    match = STAMP.match(line)
    if match is None:
        return None
    hour, ap = int(match["H"]), (match["ap"] or "").lower()
    if ap:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap == "p" else 0)
    return Stamped(
        int(match["d"]),
        int(match["m"]),
        match["y"],
        hour,
        int(match["M"]),
        int(match["S"] or 0),
        match["rest"],
    )


def date_order(first: set[int], second: set[int], long_first: bool) -> str | None:
    """The order of a file's dates from the values its first and second parts take: a first
    part over 12 means day-first, a second over 12 month-first, a four-digit first part
    year-first; None when no value decides (every day of the file is 12 or less)."""
    if long_first:
        return YEAR_FIRST
    day_first, month_first = max(first, default=0) > 12, max(second, default=0) > 12
    if day_first and month_first:
        return "conflict"
    return DAY_FIRST if day_first else MONTH_FIRST if month_first else None


def iso(s: Stamped, order: str) -> str | None:
    """The stamp as ISO-8601 local time (the phone's; WhatsApp writes no offset), None if no date."""
    if order == YEAR_FIRST:
        year, month, day = int(str(s.a)), s.b, int(s.c)
    else:
        day, month = (s.a, s.b) if order == DAY_FIRST else (s.b, s.a)
        year = int(s.c) + (2000 if len(s.c) <= 2 else 0)
    if not (
        1 <= month <= 12
        and 1 <= day <= 31
        and 1990 <= year <= 2100
        and s.hour < 24
        and s.minute < 60
        and s.second < 60
    ):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}T{s.hour:02d}:{s.minute:02d}:{s.second:02d}"


# System notices per language: what happened, who did it (``actor``), to whom (``who``, a list
# joined by ", " and the word for "and"). "You"/"Du" is the exporter. Add a language here.
_Q = '["“„«”]'
NOTICES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (event, re.compile(pattern))
    for event, pattern in (
        ("created", rf"^(?P<actor>.+?) created (?:group {_Q}(?P<group>.+?)[\"”“»]|this group)$"),
        ("added", r"^(?P<actor>.+?) added (?P<who>.+)$"),
        ("joined", r"^(?P<who>.+?) joined (?:using this group's invite link|from the community)$"),
        ("left", r"^(?P<who>.+?) left$"),
        ("removed", r"^(?P<actor>.+?) removed (?P<who>.+)$"),
        ("admin", r"^(?P<who>You)'re now an admin$"),
        ("created", rf"^(?P<actor>.+?) hat die Gruppe {_Q}(?P<group>.+?)[\"“”»] erstellt$"),
        ("created", rf"^(?P<actor>Du) hast die Gruppe {_Q}(?P<group>.+?)[\"“”»] erstellt$"),
        ("joined", r"^(?P<who>.+?) (?:ist|bist) über den Einladungslink dieser Gruppe beigetreten$"),
        ("left", r"^(?P<who>.+?) (?:hat|hast) die Gruppe verlassen$"),
        ("added", r"^(?P<actor>.+?) (?:hat|hast) (?P<who>.+) hinzugefügt$"),
        ("removed", r"^(?P<actor>.+?) (?:hat|hast) (?P<who>.+) entfernt$"),
        ("admin", r"^(?P<who>Du) bist jetzt Admin$"),
    )
)
YOU = frozenset({"You", "you", "Du", "du"})
AND = re.compile(r",\s+|\s+(?:and|und)\s+")
ATTACHED = (
    re.compile(r"^<attached: (?P<file>[^<>]+)>$"),  # iOS
    re.compile(r"^(?P<file>\S.*?) \((?:file attached|Datei angehängt)\)$"),  # Android
)


def notice(text: str) -> tuple[str, str | None, list[str], str | None] | None:
    """``(event, actor, [who], group name)`` of a system notice, None when the text is none."""
    for event, pattern in NOTICES:
        match = pattern.match(text)
        if match:
            found = match.groupdict()
            who = [w.strip() for w in AND.split(found.get("who") or "") if w.strip()]
            return event, found.get("actor"), who, found.get("group")
    return None


def attached(text: str) -> str | None:
    """The file name of an attachment line (``<attached: …>``, ``… (file attached)``)."""
    for pattern in ATTACHED:
        match = pattern.match(text.strip())
        if match:
            return match["file"].strip()
    return None
