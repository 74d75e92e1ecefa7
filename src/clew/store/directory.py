"""The ``Directory``: users, memberships, sessions and API tokens of a workspace.

The workspace-wide counterpart of the operation-scoped ``Store``: the server asks it who a
caller is and which operations they may see, then opens a ``Store`` scoped to one of them.
Only storage lives here; the policies (lock-out, timeouts, one use per TOTP step) are in
``clew.access.auth``. Every call reads the database afresh, so a revoked membership or a
disabled user takes effect on the next request (checklist C4).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, and_, delete, func, or_, select, update

from clew.store import migrations
from clew.store.sql import database_name
from clew.store.tables.access import api_tokens, login_failures, memberships, sessions, users
from clew.store.tables.core import operations


@dataclass(frozen=True)
class User:
    name: str
    role: str
    extra: frozenset[str]
    password_hash: str | None
    totp_secret: str | None
    totp_last_step: int | None
    disabled: bool
    locked: bool
    created_at: float


@dataclass(frozen=True)
class Session:
    token_hash: str
    user: str
    csrf: str
    created_at: float
    last_seen: float
    ended_at: float | None


@dataclass(frozen=True)
class Token:
    token_hash: str
    user: str
    label: str | None
    operations: frozenset[str] | None
    created_at: float
    revoked_at: float | None


def _user(row) -> User:
    return User(
        name=row.name,
        role=row.role,
        extra=frozenset(json.loads(row.extra or "[]")),
        password_hash=row.password_hash,
        totp_secret=row.totp_secret,
        totp_last_step=row.totp_last_step,
        disabled=bool(row.disabled),
        locked=bool(row.locked),
        created_at=row.created_at,
    )


class Directory:
    """Access tables on one engine (SQLite or PostgreSQL), migrated on open."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        migrations.migrate(self._write, self._read, database_name(engine))

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.info["write"] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info["write"] = False

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # -- users ------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, now: float) -> None:
        with self._write() as conn:
            conn.execute(users.insert().values(name=name, role=role, extra="[]", created_at=now))

    def user(self, name: str) -> User | None:
        with self._read() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        return _user(row) if row else None

    def users(self) -> list[User]:
        with self._read() as conn:
            return [_user(r) for r in conn.execute(select(users).order_by(users.c.name))]

    def set_user(self, name: str, **values: object) -> int:
        """Set columns of one user (``extra`` as a set); returns 1, or 0 for an unknown name."""
        if "extra" in values:
            values["extra"] = json.dumps(sorted(values["extra"]))  # type: ignore[arg-type]
        with self._write() as conn:
            return conn.execute(update(users).where(users.c.name == name).values(**values)).rowcount

    def accept_totp_step(self, name: str, step: int) -> bool:
        """Record ``step`` as used unless it (or a later one) already was: one atomic update,
        so two requests racing with the same code cannot both pass."""
        with self._write() as conn:
            done = conn.execute(
                update(users)
                .where(
                    users.c.name == name,
                    or_(users.c.totp_last_step.is_(None), users.c.totp_last_step < step),
                )
                .values(totp_last_step=step)
            )
            return done.rowcount == 1

    # -- memberships ------------------------------------------------------------------------
    def operation_exists(self, operation: str) -> bool:
        with self._read() as conn:
            found = conn.execute(select(operations.c.name).where(operations.c.name == operation))
            return found.first() is not None

    def operations(self) -> list[str]:
        with self._read() as conn:
            return list(conn.execute(select(operations.c.name).order_by(operations.c.name)).scalars())

    def grant(self, user: str, operation: str, now: float) -> bool:
        """Make ``user`` a member of ``operation``; False when already one."""
        if operation in self.memberships(user):
            return False
        with self._write() as conn:
            conn.execute(memberships.insert().values(user=user, operation=operation, granted_at=now))
        return True

    def revoke(self, user: str, operation: str) -> int:
        with self._write() as conn:
            return conn.execute(
                delete(memberships).where(memberships.c.user == user, memberships.c.operation == operation)
            ).rowcount

    def memberships(self, user: str) -> frozenset[str]:
        with self._read() as conn:
            found = conn.execute(select(memberships.c.operation).where(memberships.c.user == user))
            return frozenset(found.scalars())

    # -- failed log-ins ---------------------------------------------------------------------
    def add_failure(self, user: str, now: float) -> None:
        with self._write() as conn:
            conn.execute(login_failures.insert().values(user=user, at=now))

    def failures_since(self, user: str, since: float) -> int:
        with self._read() as conn:
            query = select(func.count()).where(login_failures.c.user == user, login_failures.c.at >= since)
            return int(conn.execute(query).scalar_one())

    def clear_failures(self, user: str) -> None:
        with self._write() as conn:
            conn.execute(delete(login_failures).where(login_failures.c.user == user))

    # -- sessions ---------------------------------------------------------------------------
    def add_session(self, token_hash: str, user: str, csrf: str, now: float) -> None:
        with self._write() as conn:
            conn.execute(
                sessions.insert().values(
                    token_hash=token_hash, user=user, csrf=csrf, created_at=now, last_seen=now
                )
            )

    def session(self, token_hash: str) -> Session | None:
        with self._read() as conn:
            row = conn.execute(select(sessions).where(sessions.c.token_hash == token_hash)).first()
        return Session(**row._mapping) if row else None

    def touch_session(self, token_hash: str, now: float) -> None:
        with self._write() as conn:
            conn.execute(update(sessions).where(sessions.c.token_hash == token_hash).values(last_seen=now))

    def end_sessions(self, user: str, now: float, token_hash: str | None = None) -> int:
        """End one session (``token_hash``) or every open session of ``user``."""
        where = and_(sessions.c.user == user, sessions.c.ended_at.is_(None))
        if token_hash is not None:
            where = and_(where, sessions.c.token_hash == token_hash)
        with self._write() as conn:
            return conn.execute(update(sessions).where(where).values(ended_at=now)).rowcount

    # -- API tokens -------------------------------------------------------------------------
    def add_token(
        self, token_hash: str, user: str, label: str | None, scope: frozenset[str] | None, now: float
    ) -> None:
        with self._write() as conn:
            conn.execute(
                api_tokens.insert().values(
                    token_hash=token_hash,
                    user=user,
                    label=label,
                    operations=json.dumps(sorted(scope)) if scope is not None else None,
                    created_at=now,
                )
            )

    def token(self, token_hash: str) -> Token | None:
        with self._read() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.token_hash == token_hash)).first()
        if row is None:
            return None
        scope = frozenset(json.loads(row.operations)) if row.operations is not None else None
        return Token(row.token_hash, row.user, row.label, scope, row.created_at, row.revoked_at)

    def revoke_tokens(self, user: str, now: float) -> int:
        with self._write() as conn:
            return conn.execute(
                update(api_tokens)
                .where(api_tokens.c.user == user, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            ).rowcount
