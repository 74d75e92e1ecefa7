"""The first pass over a WhatsApp export (``clew.ingest.whatsapp``): each line that starts an
entry parsed, the file's date order decided from its dates (or stated in ``source.yaml``, never
guessed), whether the chat is a group, and the names of those who wrote in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from clew.errors import FormatError, Location
from clew.ingest.lines import read_lines
from clew.ingest.records import SourceContext
from clew.ingest.whatsapp_lines import ORDERS, Stamped, clean, date_order, notice, stamped


@dataclass
class Scan:
    """What the first pass learnt: the date order and the shape of the chat."""

    first: set[int] = field(default_factory=set)
    second: set[int] = field(default_factory=set)
    long_first: bool = False
    names: set[str] = field(default_factory=set)  # message senders as written
    group: bool = False
    title: str | None = None


def parse(text: str) -> tuple[Stamped, str | None, str, bool] | None:
    """``(stamp, sender or None, body, is_notice)`` of a line that starts an entry; None for a
    continuation line. iOS writes notices as ``Group: \u200e<notice>``: the mark says so."""
    s = stamped(clean(text))
    if s is None:
        return None
    name, sep, body = s.rest.partition(": ")
    if not sep:
        return s, None, s.rest, True
    raw = text.split(": ", 1)[1] if ": " in text else ""
    if raw.startswith("\u200e") and notice(clean(raw)) is not None:
        return s, None, clean(raw), True
    return s, name, body, False


def first_pass(opener: Callable[[], IO[bytes]]) -> Scan:
    """The first pass: every entry's date fields, the senders' names, whether the chat is a group."""
    scan = Scan()
    with opener() as fh:
        for line in read_lines(fh):
            entry = parse(line.data.decode("utf-8", "replace")) if not line.oversized else None
            if entry is None:
                continue
            s, sender, body, is_notice = entry
            scan.first.add(s.a)
            scan.second.add(s.b)
            scan.long_first = scan.long_first or s.a > 999
            if sender is not None:
                scan.names.add(sender.strip())
            elif is_notice and (found := notice(body)) is not None:
                scan.group = True
                scan.title = found[3] or scan.title
    scan.group = scan.group or len(scan.names) > 2
    return scan


def date_order_of(scan: Scan, path: Path, ctx: SourceContext) -> str:
    """The file's date order: from its dates, else the manifest's ``date_order``; an
    ambiguous file without one, or one whose dates contradict each other, is refused."""
    found = date_order(scan.first, scan.second, scan.long_first)
    stated = ctx.extra.get("date_order")
    where = Location(file=str(path), field="date")
    if found == "conflict":
        raise FormatError("dates are day-first on some lines and month-first on others", where)
    if found is None and stated is None and scan.first:
        raise FormatError(
            "every date could be day-first or month-first (no day above 12): state "
            f"date_order: {' or '.join(ORDERS[:2])} in the folder's source.yaml",
            where,
        )
    if found is not None and stated is not None and found != stated:
        raise FormatError(
            f"source.yaml says date_order {stated}, but the dates are {found}",
            Location(file=str(path), field="date_order"),
        )
    return found or stated or ORDERS[0]
