"""The names an FtM record states, however the exporting tool split them (written once, here).

FtM lets a tool give a person's name whole (``name``) or only in parts (``firstName``,
``secondName``, ``middleName``, ``fatherName``, ``motherName``, ``lastName``), and other names
as ``alias``, ``previousName`` (a former name: a real name of the same person) and
``weakAlias`` (a nickname, which FtM says not to match on). Resolution matches on
:func:`full_names`; the network and search also show and find :data:`WEAK_NAME_PROPS`.
"""

from __future__ import annotations

from typing import Protocol

NAME_PROPS = ("name", "alias", "previousName")
"""Names stated in full: matched by resolution, shown, searched."""
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "motherName", "lastName")
"""Parts of one name, in the order FtM's own ``helpers.combine_names`` joins them."""
WEAK_NAME_PROPS = ("weakAlias",)
"""Nicknames: shown and searched, never matched (FtM: "not used for matching")."""


class Named(Protocol):
    def get(self, prop: str) -> list[str]: ...

    def first(self, prop: str) -> str | None: ...


def joined_parts(record: Named) -> str | None:
    """The record's first value of each name part, joined in FtM's order; None without parts."""
    parts = [value for prop in NAME_PARTS if (value := record.first(prop))]
    return " ".join(" ".join(parts).split()) or None


def full_names(record: Named) -> list[str]:
    """Every full name of the record, once each: the joined parts first (what a form's name
    fields say), then ``NAME_PROPS``."""
    joined = joined_parts(record)
    names = ([joined] if joined else []) + [v for prop in NAME_PROPS for v in record.get(prop)]
    return list(dict.fromkeys(n for n in names if n))
