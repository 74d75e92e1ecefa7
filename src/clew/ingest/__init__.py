"""Ingest: source files → statements with provenance, identifiers, quarantine (see docs/formats.md).

``ingest_paths(store, paths, ...) -> IngestSummary`` is the entry point. Formats are readers
in :data:`clew.ingest.formats.FORMATS`; ids of records whose source gives none are in
:mod:`clew.ingest.ids`.
"""

from clew.ingest.api import ingest_paths
from clew.ingest.registry import FORMATS
from clew.ingest.summary import FileResult, IngestSummary

__all__ = ["FORMATS", "FileResult", "IngestSummary", "ingest_paths"]
