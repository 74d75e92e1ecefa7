"""Display names for subject ids (``clew.leads.display``, where exports can reach it too)."""

from __future__ import annotations

from clew.leads.display import TOP_IDENTIFIERS, Display, chunks, displays, members_of, name_counts

__all__ = ["TOP_IDENTIFIERS", "Display", "chunks", "displays", "members_of", "name_counts"]
