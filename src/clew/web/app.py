"""``install``: mount the web app into the application ``clew serve`` builds.

- ``/static``: the package's own files (``static/``), the only scripts, styles and images a
  page loads (E5);
- a strict Content-Security-Policy on every response: ``default-src 'self'``, no inline script
  or style, no framing, forms post only to the origin;
- state-changing requests whose ``Origin`` is another site are refused (with the CSRF token and
  SameSite=Strict cookies, a third line of defence, and the only one for the log-in form);
- errors on web paths become an HTML page (or an htmx fragment) with the request id: the API's
  handlers decide status and audit, this only changes the form. No session → the log-in page;
  no context → the choice of operation and purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import Response

from clew import errors
from clew.api.errors import body
from clew.web.context import Contexts
from clew.web.page import render
from clew.web.routes import dissemination, ingest, leads, pages, search, session, subjects, viz
from clew.web.searches import Searches

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
"""``data:``/``blob:`` images only for charts exported to PNG/SVG in the page; nothing else."""
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_web(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def install(app: FastAPI) -> None:
    app.state.web_contexts = Contexts()
    app.state.web_searches = Searches()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (session, pages, search, subjects, ingest, viz, leads, dissemination):
        app.include_router(module.router)

    @app.middleware("http")
    async def policy(request: Request, call_next) -> Response:
        origin = request.headers.get("origin")
        if request.method in UNSAFE and origin and origin != _origin(request):
            request.state.request_id = getattr(request.state, "request_id", None)
            return body(request, 403, "forbidden", "cross-origin request refused")
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        # no-referrer would make chromium send "Origin: null" on form posts; same-origin sends
        # nothing to other sites (there are no links to them) and the origin to this one
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    _install_errors(app)


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"


def _install_errors(app: FastAPI) -> None:
    """Wrap the API's handlers: same status and audit; HTML (or htmx fragment) on web paths."""
    for kind in (errors.ClewError, RequestValidationError, HTTPException, Exception):
        api_handler = app.exception_handlers[kind]
        app.exception_handlers[kind] = _web_handler(api_handler)


def _web_handler(api_handler):
    async def handle(request: Request, exc: Exception) -> Response:
        if is_web(request) and isinstance(exc, errors.Unauthenticated):
            return _redirect(request, "/login")
        if is_web(request) and isinstance(exc, errors.ContextRequired):
            return _redirect(request, "/context")
        response = await api_handler(request, exc)
        if not is_web(request):
            return response
        data = json.loads(bytes(response.body))
        htmx = bool(request.headers.get("hx-request"))
        out = render(
            request, "error_fragment.html" if htmx else "error.html", response.status_code,
            error=data.get("error"), message=data.get("message"), fields=data.get("fields"),
        )  # fmt: skip
        if htmx:  # shown in the page's message area, whatever the element asked for
            out.headers["HX-Retarget"] = "#messages"
            out.headers["HX-Reswap"] = "innerHTML"
        return out

    return handle


def _redirect(request: Request, to: str) -> Response:
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": to})
    return Response(status_code=303, headers={"Location": to})
