"""Hashing, hash lists and matching for every interface (``clew media``, ``clew hashlist``).

The ``clew.media`` functions themselves, one signature for every interface: files are read only
to hash them, nothing of their content is stored or shown. Each call is audited once, by the
function named (``media.hash``, ``media.errors``, ``media.export``, the match run,
``hashlist.import``, ``hashlist.list``); nothing here audits again. What matched, redacted by
permission, is :mod:`clew.service.media`.
"""

from __future__ import annotations

from clew.media import export, hashing, hashlist
from clew.media import match as matching

check_holder = hashing.check_holder
"""``NotFound`` naming ``holder`` unless a record or subject has that id (checked before hashing
starts, so the refusal is one line)."""

hash_paths = hashing.hash_paths
"""Hash every regular file of folders and zips (MD5, SHA-1, SHA-256; PDQ for images), resumable;
counts of files hashed, skipped and in error."""

unreadable = hashing.unreadable
"""Files skipped, unreadable or odd while hashing, oldest first."""

export_csv = export.export_csv
"""``path,size,md5,sha1,sha256,pdq,quality`` of every hashed file as CSV to ``out``; how many."""

match = matching.match
"""Match files against the known lists (exact and PDQ within ``distance``), excluding known-good;
the summary per subject and the possibly-new groups, in one run."""

import_list = hashlist.import_file
"""Import a CSV, VICS JSON, NSRL or ICSE hash list as ``name`` (re-importing a name replaces it);
entries, rejections and notes. ``UserError`` naming file and line for a bad list."""

lists = hashlist.lists
"""The imported hash lists with kind, format, version, source and caveat."""
