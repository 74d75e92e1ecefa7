"""Log-in, log-out, who am I, password change (issue 13 item 2)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request, Response

from clew.access.auth import Identity
from clew.api import deps
from clew.api.models import Login, PasswordChange
from clew.errors import Unauthenticated, UserError
from clew.vocabulary import AuditAction

router = APIRouter(tags=["session"])


@dataclass(frozen=True)
class Me:
    user: str
    role: str
    permissions: list[str]
    operations: list[str]
    method: str


@dataclass(frozen=True)
class LoggedIn:
    user: str
    csrf: str


def begin(request: Request, response: Response, user: str, password: str, code: str) -> str | None:
    """Log in (rate limit per client address, password and TOTP) and set the session cookie on
    ``response``; returns the session's CSRF token, or None when rate-limited (audited).
    Shared by the API's ``POST /session`` and the web app's log-in form."""
    app = deps.state(request)
    client = request.client.host if request.client else "unknown"
    if not app.login_rate.allow(client):
        app.audit_event(AuditAction.AUTH_RATE_LIMITED, user, "denied", {}, deps.request_id(request))
        return None
    token, csrf = app.auth.login(user, password, code)
    response.set_cookie(deps.COOKIE, token, httponly=True, secure=app.secure, samesite="strict", path="/")
    return csrf


def end(request: Request, response: Response, identity: Identity) -> int:
    """End every session of the user (all devices) and drop the cookie; returns how many."""
    ended = deps.state(request).auth.logout(identity)
    response.delete_cookie(deps.COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return ended


@router.post("/session", responses={429: {"description": "Too many log-in attempts"}})
def login(body: Login, request: Request, response: Response) -> LoggedIn:
    """Password and TOTP code; sets the ``__Host-clew`` session cookie and returns the CSRF
    token that every state-changing request of the session must send as ``X-CSRF-Token``."""
    csrf = begin(request, response, body.user, body.password, body.code)
    if csrf is None:
        response.status_code = 429
        return LoggedIn(body.user, "")
    return LoggedIn(body.user, csrf)


@router.get("/session")
def me(identity: Identity = Depends(deps.caller)) -> Me:
    return Me(
        identity.user,
        identity.role,
        sorted(identity.permissions),
        sorted(identity.operations),
        identity.method,
    )


@router.delete("/session")
def logout(request: Request, response: Response, identity: Identity = Depends(deps.caller)) -> dict[str, int]:
    """End every session of the user (all devices) at once."""
    return {"sessions_ended": end(request, response, identity)}


@router.post("/session/password")
def change_password(
    body: PasswordChange, request: Request, response: Response, identity: Identity = Depends(deps.caller)
) -> dict[str, str]:
    """Change one's password (the current one is checked); every session ends."""
    auth = deps.state(request).auth
    if not auth.password_ok(identity.user, body.current):
        raise Unauthenticated("current password is wrong")
    if body.new == body.current:
        raise UserError("the new password must differ from the current one")
    auth.set_password(identity.user, body.new)
    response.delete_cookie(deps.COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return {"status": "changed; log in again"}
