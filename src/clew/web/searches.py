"""Search terms never reach a URL (issue 14 item 3, checklist E6): they are kept here, under an
opaque id, and the results page is ``/search/<id>`` with only facet values in its query.

A URL ends up in browser history, proxy and server logs and the ``Referer`` of the next request;
a phone number or a name in one would leak who the analyst looks for. So the search form POSTs
its text, the server keeps it in memory keyed by the session's credential (the hash of its token)
and answers with a random id, and every results page reads the text back from that id.

An id is valid only for the session that made it and only under the operation it was made in:
another user, another session or the same session after switching operation gets "not found".
Nothing is written to disk or to browser storage: a restart of the server or a log-out forgets
the searches (the analyst searches again). Each session keeps its :data:`KEEP` latest searches, and the
:data:`SESSIONS` sessions that searched last are kept (an expired session's searches go with them).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

KEEP = 50  # searches kept per session: back-navigation works, memory stays bounded
SESSIONS = 1000  # sessions kept: one that expired without a log-out is dropped, oldest first


@dataclass(frozen=True)
class Saved:
    operation: str
    text: str
    region: str | None = None  # the country of national phone forms (``clew search --country``)


class Searches:
    """Each live web session's recent searches, by opaque id."""

    def __init__(self) -> None:
        self._by_session: OrderedDict[str, OrderedDict[str, Saved]] = OrderedDict()
        self._lock = Lock()

    def save(self, credential: str, saved: Saved) -> str:
        """Keep ``saved`` for this session; the id to put in the URL (no meaning, 96 random bits)."""
        search_id = secrets.token_urlsafe(12)
        with self._lock:
            kept = self._by_session.setdefault(credential, OrderedDict())
            self._by_session.move_to_end(credential)
            kept[search_id] = saved
            while len(kept) > KEEP:
                kept.popitem(last=False)
            while len(self._by_session) > SESSIONS:
                self._by_session.popitem(last=False)
        return search_id

    def get(self, credential: str, operation: str, search_id: str) -> Saved | None:
        """The search ``search_id`` of this session, if it was made under ``operation``."""
        found = self._by_session.get(credential, {}).get(search_id)
        return found if found is not None and found.operation == operation else None

    def forget(self, credential: str) -> None:
        with self._lock:
            self._by_session.pop(credential, None)
