"""What every web route starts from: the caller, their chosen context, an audited store, and
``render`` to fill a template with them.

``page`` is the dependency for routes that read or change case data: it needs a session (else
the log-in page), the ``case.read`` permission, and a chosen operation and purpose (else the
choice page); the store it opens is the one the API opens (``deps.open_case_store``), so the
need-to-know checks and the audit records are the same, and it is closed after the response.
``session_page`` is for routes that need only a session (the choice page itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from clew.access.auth import Identity
from clew.api import deps
from clew.api.state import ServerStore
from clew.errors import ContextRequired
from clew.service.base import words
from clew.web.context import Contexts, WorkContext
from clew.web.lists import href

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.filters["words"] = words  # evidence in words, as the CLI prints it
TEMPLATES.env.globals["href"] = href  # list and facet links: opaque values only (E6)


def contexts(request: Request) -> Contexts:
    return request.app.state.web_contexts


@dataclass
class Page:
    """One request of a web page: who, under which operation and purpose, with which store."""

    request: Request
    identity: Identity
    context: WorkContext | None = None
    store: ServerStore | None = None

    @property
    def can_write(self) -> bool:
        return "case.write" in self.identity.permissions

    def permits(self, permission: str) -> bool:
        return permission in self.identity.permissions

    def render(self, template: str, status_code: int = 200, **values: Any) -> Response:
        """``template`` filled with ``values`` plus the header's: user, role, operation, purpose
        and the CSRF token the static script adds to every htmx request (H6)."""
        return render(self.request, template, status_code, identity=self.identity,
                      context=self.context, page=self, **values)  # fmt: skip


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> Response:
    identity: Identity | None = values.get("identity")
    values.setdefault("context", None)
    values.setdefault("csrf", identity.csrf if identity else None)
    values.setdefault("request_id", getattr(request.state, "request_id", None))
    return TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)


def session_page(request: Request, identity: Identity = Depends(deps.caller)) -> Page:
    return Page(request, identity, contexts(request).get(identity.credential))


def page(request: Request, identity: Identity = Depends(deps.permitted("case.read"))) -> Iterator[Page]:
    context = contexts(request).get(identity.credential)
    if context is None or context.operation not in identity.operations:
        raise ContextRequired("choose the operation and the purpose of your work first")
    store = deps.open_case_store(request, identity, context.operation, context.purpose)
    try:
        yield Page(request, identity, context, store)
    finally:
        store.close()


def writer_page(page: Page = Depends(page), _: Identity = Depends(deps.writer)) -> Page:
    """A page that changes case data: the ``case.write`` permission too (403 otherwise)."""
    return page
