"""Users and memberships (admin) and the audit log (auditor) — neither sees case data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from clew.access.auth import Identity
from clew.api import deps
from clew.api.models import Membership, NewUser
from clew.errors import NotFound, PurposeRequired
from clew.store.base import Principal
from clew.vocabulary import SYSTEM_OPERATION, AuditAction

router = APIRouter(tags=["admin"])


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    extra: list[str]
    operations: list[str]
    disabled: bool
    locked: bool
    mfa: bool


def _row(app, user) -> UserRow:
    ops = sorted(app.directory.memberships(user.name))
    return UserRow(
        user.name, user.role, sorted(user.extra), ops, user.disabled, user.locked, bool(user.totp_secret)
    )


@router.get("/users")
def users(request: Request, _: Identity = Depends(deps.permitted("users.admin"))) -> list[UserRow]:
    app = deps.state(request)
    return [_row(app, u) for u in app.directory.users()]


@router.post("/users", status_code=201)
def add_user(
    body: NewUser, request: Request, _: Identity = Depends(deps.permitted("users.admin"))
) -> UserRow:
    app = deps.state(request)
    return _row(app, app.auth.add_user(body.name, body.role))


@router.post("/users/{name}/memberships")
def grant(
    name: str, body: Membership, request: Request, _: Identity = Depends(deps.permitted("users.admin"))
) -> UserRow:
    app = deps.state(request)
    app.auth.grant(name, body.operation)
    return _row(app, app.auth.require(name))


@router.delete("/users/{name}/memberships/{operation}")
def revoke(
    name: str, operation: str, request: Request, _: Identity = Depends(deps.permitted("users.admin"))
) -> UserRow:
    app = deps.state(request)
    if not app.directory.revoke(app.auth.require(name).name, operation):
        raise NotFound(f"{name} is not a member of {operation!r}")
    app.audit_event(
        AuditAction.ADMIN_REVOKE, name, "success", {"operation": operation}, deps.request_id(request)
    )
    return _row(app, app.auth.require(name))


@router.post("/users/{name}/unlock")
def unlock(name: str, request: Request, _: Identity = Depends(deps.permitted("users.admin"))) -> UserRow:
    app = deps.state(request)
    app.auth.unlock(name)
    return _row(app, app.auth.require(name))


@router.get("/audit")
def audit_log(
    request: Request,
    operation: str = Query(min_length=1, max_length=64),
    limit: int = Query(100, ge=1, le=1000),
    identity: Identity = Depends(deps.permitted("audit.read")),
) -> list[dict[str, Any]]:
    """The latest entries of one operation's audit log (or ``_access``); reading it is audited."""
    app, rid = deps.state(request), deps.request_id(request)
    purpose = request.headers.get("x-clew-purpose")
    if operation != SYSTEM_OPERATION and not app.directory.operation_exists(operation):
        raise NotFound(f"no operation {operation!r}")
    store = app.store(
        operation, Principal(f"user:{identity.user}", None, frozenset({identity.role}), purpose, rid)
    )
    if not purpose:
        store.audit(
            AuditAction.ACCESS_REFUSED, None, {"reason": "no purpose", "path": "/api/v1/audit"}, "denied"
        )
        store.close()
        raise PurposeRequired("say why you read the audit log: send the X-Clew-Purpose header")
    app.signer.flush(operation)  # what the auditor reads is under a signed checkpoint
    rows = list(store.select("audit", order_by=["-seq"], limit=limit))
    store.audit(AuditAction.AUDIT_READ, None, {"entries": len(rows)})
    store.close()
    return rows
