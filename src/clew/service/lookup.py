"""Per-subject labels many views need: display name, syndicate, chosen country.

One query per table for a whole list of subject ids, inside the operation-scoped store.
"""

from __future__ import annotations

from dataclasses import dataclass

from clew.store.base import Store


@dataclass(frozen=True)
class Label:
    name: str | None
    syndicate_id: str | None
    country: str | None


def labels(store: Store, ids: list[str]) -> dict[str, Label]:
    """subject id -> its label, for every id given (unknown parts are None)."""
    where = {"subject_id": ids}
    names = {r["subject_id"]: r["name"] for r in store.select("subjects", where, ["subject_id", "name"])}
    synd = {
        r["subject_id"]: r["syndicate_id"]
        for r in store.select("syndicate_members", where, ["subject_id", "syndicate_id"])
    }
    chosen = {"chosen": 1, **where}
    country = {
        r["subject_id"]: r["country"]
        for r in store.select("subject_countries", chosen, ["subject_id", "country"])
    }
    return {i: Label(names.get(i), synd.get(i), country.get(i)) for i in ids}
