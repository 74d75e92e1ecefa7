"""The lead packages' smaller tools for every interface: preservation requests, the partner
directory, the published schemas, signature checks and evaluation grades.

Thin typed functions over ``clew.leads`` (building, approving and releasing packages are
:mod:`clew.service.leads` and :mod:`clew.service.leadfiles`). Reads and changes of the register
are audited once, by the function called; nothing here audits again.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from clew.leads import directory as directory_mod
from clew.leads import evaluation, preservation, signing
from clew.store.base import Store

Request = preservation.Request
Directory = directory_mod.Directory
Grade = evaluation.Grade


def preservation_requests(store: Store, within: str | None = None) -> list[Request]:
    """Preservation requests, soonest expiry first; with ``within`` (``30d``, ``2w``, ``12h`` or
    a number of days) only those expiring by then. ``UserError`` naming a bad duration."""
    wanted: timedelta | None = preservation.parse_within(within) if within else None
    return preservation.listing(store, wanted)


renew = preservation.renew
"""Renew a preservation request for its term (``request_id``); the renewed request, audited."""


def directory(store: Store, workspace: Path, *, init: bool = False) -> Directory:
    """The operation's partner directory; with ``init``, first copied from the shipped one."""
    if init:
        return directory_mod.init_for_operation(store, workspace)
    return directory_mod.for_operation(workspace, store.operation)


def schema(*, feedback: bool = False) -> dict[str, Any]:
    """The published JSON Schema of lead packages, or of partner feedback."""
    from clew.leads.formats.json_package import FEEDBACK_SCHEMA, SCHEMA

    return FEEDBACK_SCHEMA if feedback else SCHEMA


verify_file = signing.verify_file
"""Check a JSON package's SHA-256 and Ed25519 signature (against ``public_key`` if given); the
SHA-256, or ``UserError`` naming the file and what does not hold."""

grades = evaluation.parse
"""``SOURCE=B3`` pairs -> {source label or kind: (reliability, accuracy)}; ``UserError`` naming
the option and what is wrong."""
