"""Request dependencies: who is calling, may they, and a store scoped to their operation.

- ``caller``: the session cookie (``__Host-clew``; state-changing requests also need the
  session's CSRF token in ``X-CSRF-Token``) or a bearer token; else 401. The user, role and
  memberships are read afresh on every request, so a revoked grant bites at once (C4).
- ``permitted(p)``: 403 unless the caller's role (or a per-user grant) has permission ``p``.
- ``case_store``: the caller's store for ``{operation}``: 404 for an operation the caller is
  not a member of (it may not exist, as far as they can tell) and the denial is audited;
  400 without ``X-Clew-Purpose`` (the refusal audited, A2). The store's principal carries
  the user, roles, memberships, purpose and request id, so every audit record has them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

from fastapi import Depends, Header, Request

from clew.access.auth import Identity
from clew.api.state import AppState, ServerStore
from clew.errors import AccessDenied, Forbidden, NotFound, PurposeRequired, Unauthenticated
from clew.store.base import Principal
from clew.vocabulary import AuditAction

COOKIE = "__Host-clew"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def state(request: Request) -> AppState:
    return request.app.state.clew


def request_id(request: Request) -> str:
    return request.state.request_id


def caller(request: Request) -> Identity:
    """The authenticated identity of the request (checklist I5: every non-public route)."""
    app = state(request)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        identity = app.auth.from_token(header[7:].strip())
    elif COOKIE in request.cookies:
        identity = app.auth.from_session(request.cookies[COOKIE])
        if request.method not in SAFE_METHODS:
            sent = request.headers.get("x-csrf-token", "")
            if not identity.csrf or not secrets.compare_digest(sent, identity.csrf):
                app.audit_event(AuditAction.ACCESS_CSRF, identity.user, "denied", {}, request_id(request))
                raise Forbidden("missing or wrong CSRF token")
    else:
        raise Unauthenticated("log in or send a bearer token")
    request.state.identity = identity
    return identity


def permitted(permission: str) -> Callable[..., Identity]:
    def check(request: Request, identity: Identity = Depends(caller)) -> Identity:
        if permission not in identity.permissions:
            state(request).audit_event(
                AuditAction.ACCESS_FORBIDDEN,
                identity.user,
                "denied",
                {"permission": permission},
                request_id(request),
            )
            raise Forbidden(f"your role ({identity.role}) may not do this")
        return identity

    return check


def principal_of(identity: Identity, purpose: str | None, rid: str) -> Principal:
    return Principal(
        name=f"user:{identity.user}",
        operations=identity.operations,
        roles=frozenset({identity.role}),
        purpose=purpose,
        request_id=rid,
    )


def open_case_store(request: Request, identity: Identity, operation: str, purpose: str | None) -> ServerStore:
    """The caller's store for ``operation`` with ``purpose`` (the API's header or the web
    session's choice): 404 (audited) outside the caller's memberships, 400 (audited, A2)
    without a purpose. The caller closes it; ``request.state.store`` lets the error
    handler audit a later 404 (C2)."""
    app, rid = state(request), request_id(request)
    if operation not in identity.operations:
        app.audit_event(AuditAction.ACCESS_DENIED, identity.user, "denied", {"operation": operation}, rid)
        raise NotFound(f"no operation {operation!r}")
    store = app.store(operation, principal_of(identity, purpose, rid))
    if not purpose or not purpose.strip():
        store.audit(
            AuditAction.ACCESS_REFUSED,
            None,
            {"reason": "no purpose", "path": request.scope["route"].path},
            "denied",
        )
        store.close()
        raise PurposeRequired("say why you read this: send the X-Clew-Purpose header")
    request.state.store = store
    return store


def case_store(
    operation: str,
    request: Request,
    identity: Identity = Depends(permitted("case.read")),
    purpose: str | None = Header(None, alias="X-Clew-Purpose", max_length=500),
) -> Iterator[ServerStore]:
    store = open_case_store(request, identity, operation, purpose)
    try:
        yield store
    finally:
        store.close()


def writer(identity: Identity = Depends(permitted("case.write"))) -> Identity:
    return identity


__all__ = ["AccessDenied", "caller", "case_store", "permitted", "state", "writer"]
