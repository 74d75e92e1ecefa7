"""Deconfliction with a partner agency for every interface: offer, respond, finish.

``clew.leads.deconflict`` exchanges files; these functions take and return the same documents
as JSON values, so the server hands them over the wire without a file leaving the workspace.
A document that is not a well-formed ``clew-deconflict/1`` message is a ``UserError`` naming
what was wrong (a corrupt blinded payload included), never a crash.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from clew.errors import UserError
from clew.leads import deconflict as dc
from clew.store.base import Store

Overlap = dc.Overlap
DEFAULT_KINDS = dc.DEFAULT_KINDS


def _secret(secret: str | None) -> bytes | None:
    return secret.encode("utf-8") if secret else None


def _file(folder: str, name: str, body: dict[str, Any]) -> Path:
    path = Path(folder) / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def offer(
    store: Store, *, kinds: tuple[str, ...] = DEFAULT_KINDS, mode: str = "psi", secret: str | None = None
) -> dict[str, Any]:
    """The offer to send to the partner (this operation's identifiers, blinded); its session
    stays in the store for :func:`finish`. Audited ``deconflict.offer``."""
    with tempfile.TemporaryDirectory(prefix="clew-dc-") as tmp:
        out = Path(tmp) / "offer.json"
        dc.offer(store, out, kinds=kinds, mode=mode, secret=_secret(secret))
        return json.loads(out.read_text(encoding="utf-8"))


def respond(
    store: Store,
    offer_doc: dict[str, Any],
    *,
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    secret: str | None = None,
) -> dict[str, Any]:
    """The answer to a partner's offer (this operation's identifiers, blinded); this side
    learns only how many identifiers were offered. Audited ``deconflict.respond``."""
    with tempfile.TemporaryDirectory(prefix="clew-dc-") as tmp:
        out = Path(tmp) / "response.json"
        try:
            dc.respond(store, _file(tmp, "offer.json", offer_doc), out, kinds=kinds, secret=_secret(secret))
        except UserError:
            raise
        except Exception as exc:  # a corrupt blinded payload from outside
            raise UserError(f"not a well-formed deconfliction offer ({type(exc).__name__})") from exc
        return json.loads(out.read_text(encoding="utf-8"))


def finish(store: Store, response_doc: dict[str, Any], *, secret: str | None = None) -> Overlap:
    """The identifiers both sides hold, with this operation's subjects holding them.
    Audited ``deconflict.finish``."""
    with tempfile.TemporaryDirectory(prefix="clew-dc-") as tmp:
        try:
            return dc.finish(store, _file(tmp, "response.json", response_doc), secret=_secret(secret))
        except UserError:
            raise
        except Exception as exc:
            raise UserError(f"not a well-formed deconfliction response ({type(exc).__name__})") from exc


offer_file = dc.offer
"""File form of :func:`offer` (``clew deconflict offer``): the offer written to ``out``, the
session id returned; ``secret`` as bytes. Audited ``deconflict.offer``."""

respond_file = dc.respond
"""File form of :func:`respond`: the answer to ``offer_file`` written to ``out``; how many
identifiers were offered. Audited ``deconflict.respond``."""

finish_file = dc.finish
"""File form of :func:`finish`: the overlap read from ``response_file``. Audited
``deconflict.finish``."""
