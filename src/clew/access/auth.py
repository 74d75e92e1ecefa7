"""Authentication policies over the ``Directory`` (issue 13 item 2; checklist D1–D6, A5).

- passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second profile);
- TOTP (pyotp, 30 s steps, ±1 step for clock drift): a code is accepted once — the step it
  belongs to is recorded atomically and any step not later than the last one is refused;
- ``LOCKOUT_FAILURES`` failures within ``LOCKOUT_WINDOW`` lock the account until an admin
  unlocks it (CJIS AC-7: 5 in 15 minutes);
- sessions end after ``IDLE_TIMEOUT`` without a request (CJIS AC-11: 30 min) or
  ``ABSOLUTE_LIFETIME`` after log-in (ASVS 7.3.2: 12 h, one working day), checked on the
  server; logout and a password change end every session of the user at once;
- session and API tokens come from ``secrets`` (256 bits) and only their SHA-256 is stored.

Every event goes to ``on_event(action, user, outcome, detail)`` (outcome ``ok`` or ``denied``),
which the server and the CLI write to the audit log of the ``_access`` operation.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from clew.access.roles import GRANTABLE, ROLE_NAMES, permissions_of
from clew.errors import NotFound, Unauthenticated, UserError
from clew.store.directory import Directory, User
from clew.vocabulary import AuditAction

IDLE_TIMEOUT = 30 * 60
ABSOLUTE_LIFETIME = 12 * 3600
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = 15 * 60
TOTP_DRIFT_STEPS = 1
MIN_PASSWORD = 12  # ASVS 6.2.1
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

Event = Callable[[AuditAction, str, str, dict], None]


@dataclass(frozen=True)
class Identity:
    """Who a request comes from, read afresh from the directory on every request."""

    user: str
    role: str
    permissions: frozenset[str]
    operations: frozenset[str]
    method: str  # session | token
    credential: str  # the session's or token's hash: identifies it without revealing it
    csrf: str | None = None  # sessions only


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Auth:
    """Log-in, sessions, tokens and user administration for one workspace."""

    def __init__(
        self, directory: Directory, clock: Callable[[], float] = time.time, on_event: Event | None = None
    ) -> None:
        self.directory = directory
        self.clock = clock
        self.on_event: Event = on_event or (lambda *a: None)
        self.hasher = PasswordHasher()
        self._dummy = self.hasher.hash(secrets.token_hex(16))  # equal work for unknown users

    # -- administration ---------------------------------------------------------------------
    def add_user(self, name: str, role: str) -> User:
        if not NAME.match(name):
            raise UserError(f"user name {name!r}: use 1-64 lower-case letters, digits, '.', '_' or '-'")
        if role not in ROLE_NAMES:
            raise UserError(f"role {role!r}: one of {', '.join(ROLE_NAMES)}")
        if self.directory.user(name) is not None:
            raise UserError(f"user {name!r} exists already")
        self.directory.add_user(name, role, self.clock())
        self.on_event(AuditAction.ADMIN_USER_ADD, name, "ok", {"role": role})
        return self.require(name)

    def require(self, name: str) -> User:
        user = self.directory.user(name)
        if user is None:
            raise NotFound(f"no user {name!r}")
        return user

    def set_password(self, name: str, password: str) -> None:
        """Set a password; ends every session of the user (checklist D4)."""
        self.require(name)
        if len(password) < MIN_PASSWORD:
            raise UserError(f"password: at least {MIN_PASSWORD} characters")
        self.directory.set_user(name, password_hash=self.hasher.hash(password))
        ended = self.directory.end_sessions(name, self.clock())
        self.on_event(AuditAction.AUTH_PASSWORD_CHANGE, name, "ok", {"sessions_ended": ended})

    def enrol_totp(self, name: str) -> str:
        """A new TOTP secret for the user (base32, for an authenticator app); ends their sessions."""
        self.require(name)
        secret = pyotp.random_base32()
        self.directory.set_user(name, totp_secret=secret, totp_last_step=None)
        self.directory.end_sessions(name, self.clock())
        self.on_event(AuditAction.AUTH_MFA_ENROL, name, "ok", {})
        return secret

    def grant(self, name: str, operation: str) -> bool:
        self.require(name)
        if operation.startswith("_") or not self.directory.operation_exists(operation):
            raise NotFound(f"no operation {operation!r} (see `clew operations list`)")
        added = self.directory.grant(name, operation, self.clock())
        self.on_event(AuditAction.ADMIN_GRANT, name, "ok", {"operation": operation})
        return added

    def permit(self, name: str, permission: str) -> None:
        user = self.require(name)
        if permission not in GRANTABLE:
            raise UserError(f"permission {permission!r}: one of {', '.join(sorted(GRANTABLE))}")
        self.directory.set_user(name, extra=user.extra | {permission})
        self.on_event(AuditAction.ADMIN_PERMIT, name, "ok", {"permission": permission})

    def disable(self, name: str) -> None:
        self.require(name)
        self.directory.set_user(name, disabled=1)
        now = self.clock()
        self.directory.end_sessions(name, now)
        self.directory.revoke_tokens(name, now)
        self.on_event(AuditAction.ADMIN_DISABLE, name, "ok", {})

    def unlock(self, name: str) -> None:
        self.require(name)
        self.directory.set_user(name, locked=0, disabled=0)
        self.directory.clear_failures(name)
        self.on_event(AuditAction.ADMIN_UNLOCK, name, "ok", {})

    def issue_token(self, name: str, label: str | None = None, scope: frozenset[str] | None = None) -> str:
        """A bearer token for machine clients; only its hash is kept, so it is shown once."""
        user = self.require(name)
        if user.disabled:
            raise UserError(f"user {name!r} is disabled")
        token = "clew_" + secrets.token_urlsafe(32)
        self.directory.add_token(digest(token), name, label, scope, self.clock())
        self.on_event(AuditAction.ADMIN_TOKEN_ISSUE, name, "ok", {"label": label})
        return token

    # -- log-in -----------------------------------------------------------------------------
    def login(self, name: str, password: str, code: str) -> tuple[str, str]:
        """Check password and TOTP code; returns (session token, CSRF token).

        Raises ``Unauthenticated`` with one message whatever failed; the reason is audited.
        """
        now = self.clock()
        user = self.directory.user(name)
        reason = self._refusal(user, password, code, now)
        if reason is not None:
            self._fail(name, user, reason, now)
            raise Unauthenticated("log-in refused")
        assert user is not None
        self.directory.clear_failures(name)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.directory.add_session(digest(token), name, csrf, now)
        self.on_event(AuditAction.AUTH_LOGIN, name, "ok", {"session": digest(token)[:16]})
        return token, csrf

    def _refusal(self, user: User | None, password: str, code: str, now: float) -> str | None:
        if user is None or user.password_hash is None:
            self._verify(self._dummy, password)
            return "unknown user or no password"
        if user.disabled:
            return "disabled"
        if user.locked:
            return "locked"
        if not self._verify(user.password_hash, password):
            return "wrong password"
        if user.totp_secret is None:
            return "no MFA enrolled"
        step = self._totp_step(user.totp_secret, code, now)
        if step is None:
            return "wrong code"
        if not self.directory.accept_totp_step(user.name, step):
            return "code already used"
        return None

    def password_ok(self, name: str, password: str) -> bool:
        user = self.directory.user(name)
        return bool(user and user.password_hash and self._verify(user.password_hash, password))

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    @staticmethod
    def _totp_step(secret: str, code: str, now: float) -> int | None:
        totp = pyotp.TOTP(secret)
        current = totp.timecode(_datetime(now))
        for offset in range(-TOTP_DRIFT_STEPS, TOTP_DRIFT_STEPS + 1):
            step = current + offset
            if secrets.compare_digest(totp.generate_otp(step), str(code)):
                return step
        return None

    def _fail(self, name: str, user: User | None, reason: str, now: float) -> None:
        self.on_event(AuditAction.AUTH_LOGIN, name, "denied", {"reason": reason})
        if user is None or user.locked or user.disabled:
            return
        self.directory.add_failure(name, now)
        if self.directory.failures_since(name, now - LOCKOUT_WINDOW) >= LOCKOUT_FAILURES:
            self.directory.set_user(name, locked=1)
            self.directory.end_sessions(name, now)
            self.on_event(AuditAction.AUTH_LOCKOUT, name, "ok", {"failures": LOCKOUT_FAILURES})

    # -- requests ---------------------------------------------------------------------------
    def from_session(self, token: str) -> Identity:
        now = self.clock()
        session = self.directory.session(digest(token))
        if session is None or session.ended_at is not None:
            raise Unauthenticated("no session: log in")
        if now - session.last_seen > IDLE_TIMEOUT or now - session.created_at > ABSOLUTE_LIFETIME:
            self.directory.end_sessions(session.user, now, session.token_hash)
            self.on_event(AuditAction.AUTH_SESSION_EXPIRED, session.user, "ok", {})
            raise Unauthenticated("session expired: log in again")
        identity = self._identity(session.user, "session", session.token_hash, None, session.csrf)
        self.directory.touch_session(session.token_hash, now)
        return identity

    def from_token(self, token: str) -> Identity:
        found = self.directory.token(digest(token))
        if found is None or found.revoked_at is not None:
            raise Unauthenticated("unknown or revoked token")
        return self._identity(found.user, "token", found.token_hash, found.operations, None)

    def acting_as(self, name: str) -> Identity:
        """``name``'s identity as it stands now, for work the server does on their behalf (a
        job resumed at start-up): Unauthenticated if the account is gone, disabled or locked."""
        return self._identity(name, "server", "", None, None)

    def _identity(
        self, name: str, method: str, credential: str, scope: frozenset[str] | None, csrf: str | None
    ) -> Identity:
        user = self.directory.user(name)
        if user is None or user.disabled or user.locked:
            raise Unauthenticated("account disabled or locked")
        operations = self.directory.memberships(name)
        if scope is not None:
            operations &= scope
        return Identity(
            user.name, user.role, permissions_of(user.role, user.extra), operations, method, credential, csrf
        )

    def logout(self, identity: Identity) -> int:
        """End every session of the user (checklist D4); returns how many."""
        ended = self.directory.end_sessions(identity.user, self.clock())
        self.on_event(AuditAction.AUTH_LOGOUT, identity.user, "ok", {"sessions_ended": ended})
        return ended


def _datetime(now: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(now, UTC)
