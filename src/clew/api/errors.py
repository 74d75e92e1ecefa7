"""Errors as JSON with the request id, never a trace or SQL (issue 13 item 7).

Each Clew error maps to one status; a bug answers 500 with the request id only, and the
trace goes to the server's own log, where the request id finds it. Validation errors name
the fields, never echo the input (which may be a phone number or a password).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from clew import errors
from clew.vocabulary import AuditAction

log = logging.getLogger("clew.api")

STATUS: tuple[tuple[type[Exception], int, str], ...] = (
    (errors.Unauthenticated, 401, "unauthenticated"),
    (errors.Forbidden, 403, "forbidden"),
    (errors.AccessDenied, 404, "not found"),
    (errors.NotFound, 404, "not found"),
    (errors.JobError, 404, "not found"),
    (errors.PurposeRequired, 400, "purpose required"),
    (errors.AuditUnavailable, 503, "audit unavailable"),
    (errors.UserError, 400, "bad request"),
    (errors.ClewError, 500, "server error"),
)

DOCUMENTED: dict[int | str, dict] = {
    400: {"description": "Bad request (or no X-Clew-Purpose on a read)"},
    401: {"description": "Not logged in"},
    403: {"description": "Role lacks the permission, or CSRF token missing"},
    404: {"description": "Not found, or not in the caller's operations"},
    422: {"description": "Request does not match its schema"},
    503: {"description": "Audit log unavailable: no data returned"},
}
"""Responses every authenticated route may give, declared in the OpenAPI document."""


def body(request: Request, status: int, error: str, message: str | None = None) -> JSONResponse:
    rid = getattr(request.state, "request_id", None)
    content = {"error": error, "request_id": rid}
    if message:
        content["message"] = message
    return JSONResponse(content, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.ClewError)
    async def clew_error(request: Request, exc: errors.ClewError) -> JSONResponse:
        store = getattr(request.state, "store", None)
        if isinstance(exc, errors.NotFound) and store is not None:
            # an id that is not in the operation (maybe in another one): the denial is logged (C2)
            try:
                store.audit(
                    AuditAction.ACCESS_NOT_FOUND, None, {"path": request.scope["route"].path}, "denied"
                )
                store.close()
            except errors.AuditUnavailable as failed:
                exc = failed
        for kind, status, error in STATUS:
            if isinstance(exc, kind):
                if status == 500 or isinstance(exc, errors.AuditUnavailable):
                    log.error("request %s: %s", request.state.request_id, exc, exc_info=exc)
                    return body(request, status, error)
                # a user error's message names what was wrong; a 404 says nothing more
                return body(request, status, error, None if status == 404 else str(exc))
        return body(request, 500, "server error")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()]
        rid = request.state.request_id
        return JSONResponse({"error": "invalid request", "fields": fields, "request_id": rid}, 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return body(request, exc.status_code, "not found" if exc.status_code == 404 else "http error")

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        log.error("request %s failed", getattr(request.state, "request_id", None), exc_info=exc)
        return body(request, 500, "server error")
