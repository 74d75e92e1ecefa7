"""Evidence for every interface: ingest files, the quarantine, values kept raw, the sources.

The ``clew.ingest`` functions themselves, one signature for every interface (``clew ingest``,
``clew sources``, the web's ingest and sources pages; background jobs are
:mod:`clew.service.jobs`). Each call is audited once, by the function named (``ingest.*``,
``ingest.errors``, ``sources.*``); nothing here audits again.
"""

from __future__ import annotations

from clew.ingest import IngestSummary, ingest_paths, report, sources
from clew.ingest.summary import found_line

__all__ = [
    "IngestSummary",
    "errors",
    "found_line",
    "ingest",
    "kept_raw",
    "restore",
    "retract",
    "source_listing",
]

ingest = ingest_paths
"""Ingest files and case folders (recursively), each file in its own transaction; record errors
quarantined and reported in the summary. An exception carries the partial ``summary``."""

errors = report.errors_listing
"""Quarantined records (file, line, field, error), at most ``limit``, optionally ``under`` paths."""

kept_raw = report.kept_raw_listing
"""Values stored raw because they could not be normalised, at most ``limit``."""

source_listing = sources.listing
"""Every source: number, file, format, kind, records, quarantined, status, SHA-256."""

retract = sources.retract
"""Hide a source (number, SHA-256 or path) from every analysis, with the reason; its row."""

restore = sources.restore
"""Undo :data:`retract`; the source's row."""
