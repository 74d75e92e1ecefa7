"""``create_app``: the FastAPI application of ``clew serve``.

Every response carries ``X-Request-Id`` and ``Cache-Control: no-store`` (subject data must
not linger in caches, E4); with TLS, HSTS too. ``/docs`` exists only when enabled (H8); the
OpenAPI document is at ``/api/v1/openapi.json``. Routes are in ``clew.api.routes``.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Response

from clew import __version__
from clew.api import errors
from clew.api.state import AppState
from clew.store.workspace import Workspace

PUBLIC = frozenset(
    {"/api/v1/health", "/api/v1/openapi.json", "/api/v1/session:POST", "/docs", "/docs/oauth2-redirect"}
)
"""Routes that answer without authentication (``path`` or ``path:METHOD``); the route
inventory test fails for any other route that does not depend on ``deps.caller``."""


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    dependant: Any  # fastapi.dependencies.models.Dependant

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def api_routes(app: FastAPI) -> list[RouteInfo]:
    """Every API operation of ``app`` (method, full path, dependency tree), for inventories.

    FastAPI 0.163 keeps included routers lazily (``effective_candidates``); both forms count.
    """
    out = []
    for route in app.routes:
        candidates = route.effective_candidates() if hasattr(route, "effective_candidates") else [route]
        for r in candidates:
            if getattr(r, "dependant", None) is None:
                continue
            out += [RouteInfo(m, r.path, r.dependant) for m in sorted(r.methods)]
    return out


def create_app(
    workspace: Workspace,
    *,
    docs: bool = False,
    clock: Callable[[], float] = time.time,
    tls: bool = False,
    secure_cookies: bool = True,
) -> FastAPI:
    from clew import web
    from clew.api.routes import admin, cases, leads, session, viz

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for done in app.state.clew.resume_crashed():  # said loudly: an operator reads it
            job = f"ingest job {done.job.id} of {done.job.operation}"
            if done.resumed:
                print(f"clew serve: resumed {job}", file=sys.stderr)
            else:
                print(f"clew serve: {job} NOT resumed ({done.reason}): {done.route}", file=sys.stderr)
        yield
        app.state.clew.close()  # signs the audit entries not yet under a checkpoint

    app = FastAPI(
        lifespan=lifespan,
        title="Clew",
        version=__version__,
        description="Clew's REST API: every read needs X-Clew-Purpose and is audited.",
        docs_url="/docs" if docs else None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.clew = AppState(workspace, clock=clock, secure=secure_cookies)
    errors.install(app)

    @app.middleware("http")
    async def headers(request: Request, call_next) -> Response:
        request.state.request_id = uuid.uuid4().hex
        response = await call_next(request)
        response.headers["X-Request-Id"] = request.state.request_id
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if tls:
            response.headers["Strict-Transport-Security"] = "max-age=63072000"
        return response

    @app.get("/api/v1/health", tags=["public"])
    def health() -> dict[str, str]:
        """Liveness: answers without authentication and says nothing about the data."""
        return {"status": "ok"}

    for module in (session, cases, leads, admin, viz):
        app.include_router(module.router, prefix="/api/v1", responses=errors.DOCUMENTED)
    web.install(app)  # the analysts' pages (issue 14), on the same sessions and audit
    return app
