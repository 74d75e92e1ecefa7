"""The operation and purpose a web session works under, chosen once and carried by every read.

An analyst chooses them after log-in; every page then opens its store with that operation and
that purpose, so each audit record of the session names them (checklist A2) without the analyst
typing a purpose per page. They are kept in the server's memory, keyed by the session's
credential (the hash of its token): nothing about them reaches browser storage (E4), a restart
asks once more, and logging out forgets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

PURPOSE_MAX = 500
"""The longest purpose kept: the API's ``X-Clew-Purpose`` limit, so both interfaces agree."""


@dataclass(frozen=True)
class WorkContext:
    operation: str
    purpose: str


class Contexts:
    """Each live web session's chosen operation and purpose."""

    def __init__(self) -> None:
        self._by_session: dict[str, WorkContext] = {}
        self._lock = Lock()

    def get(self, credential: str) -> WorkContext | None:
        return self._by_session.get(credential)

    def choose(self, credential: str, context: WorkContext) -> None:
        with self._lock:
            self._by_session[credential] = context

    def forget(self, credential: str) -> None:
        with self._lock:
            self._by_session.pop(credential, None)
