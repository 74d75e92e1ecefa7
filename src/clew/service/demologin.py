"""A log-in for the demo, so that a new user can open the web app right after ``clew demo``
(issue 14, "tried as a new user would").

:func:`demo_login` makes the analyst :data:`USER` a member of the demo operation with a fresh
random password and TOTP secret (an existing one gets new ones: the printed log-in always works,
and an earlier one stops working). It goes through ``Auth`` like ``clew users add``/``grant``, so
each step is audited in ``_access``. The password is random (never a default a stranger could
guess) and shown once; ``clew serve`` listens on loopback only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # argon2/pyotp come with the ``server`` extra
    from clew.access.auth import Auth

USER = "demo-analyst"
OPERATION = "demo"
PORT = 8731  # ``clew serve``'s default


@dataclass(frozen=True)
class DemoLogin:
    user: str
    password: str
    totp_secret: str
    operation: str
    serve: str  # the one command that serves the workspace
    url: str

    def code_command(self) -> str:
        """A shell command printing the current TOTP code (for those without an authenticator app)."""
        return f"python -c \"import pyotp; print(pyotp.TOTP('{self.totp_secret}').now())\""


def serve_command(workspace: Path) -> str:
    return f"clew --workspace {workspace} serve"


def demo_login(auth: Auth, workspace: Path) -> DemoLogin:
    """Create (or renew) the demo analyst of ``workspace``'s demo operation."""
    if auth.directory.user(USER) is None:
        auth.add_user(USER, "analyst")
    password = secrets.token_urlsafe(12)  # 16 characters, 96 bits
    auth.set_password(USER, password)
    secret = auth.enrol_totp(USER)
    auth.grant(USER, OPERATION)
    return DemoLogin(USER, password, secret, OPERATION, serve_command(workspace), f"http://127.0.0.1:{PORT}/")
