"""The analysts' web app (issue 14): server-rendered pages (Jinja2 + htmx) over the service layer.

Mounted by :func:`clew.web.app.install` into the application ``clew serve`` builds, beside the
REST API, on the same sessions, CSRF tokens, need-to-know checks and audit log (one auth system:
``clew.api.deps``). Pages hold no logic: each route opens the session's store and calls one
service function. Every file the browser loads is served from ``/static`` (no request leaves the
origin, E5) under a strict Content-Security-Policy with no inline script or style.
"""

from clew.web.app import install

__all__ = ["install"]
