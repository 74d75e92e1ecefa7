"""Log-in (password + TOTP), log-out, and the choice of operation and purpose (issue 14 item 1).

Log-in reuses the API's ``begin`` (rate limit, argon2id, one-time TOTP, ``__Host-`` cookie):
one auth system. The form is a plain POST (no session yet, so no CSRF token; the cookie is
SameSite=Strict and the app checks the ``Origin`` of every state-changing request). Log-out
and the choice are htmx POSTs carrying the session's CSRF token.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from clew.api import deps
from clew.api.routes.session import begin, end
from clew.errors import Unauthenticated, UserError
from clew.web.context import PURPOSE_MAX, WorkContext
from clew.web.page import Page, contexts, render, session_page

router = APIRouter(include_in_schema=False)


def redirect(request: Request, to: str) -> Response:
    """A full-page redirect: ``HX-Redirect`` for htmx requests, 303 otherwise."""
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": to})
    return RedirectResponse(to, status_code=303)


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login")
def login(
    request: Request,
    user: str = Form(max_length=64),
    password: str = Form(max_length=1024),
    code: str = Form(max_length=12),
) -> Response:
    response = RedirectResponse("/context", status_code=303)
    try:
        csrf = begin(request, response, user.strip(), password, code.strip())
    except Unauthenticated:
        return render(request, "login.html", 401, error="Log-in refused: check name, password and code.")
    if csrf is None:
        return render(request, "login.html", 429, error="Too many attempts: wait a minute and try again.")
    return response


@router.post("/logout")
def logout(request: Request, page: Page = Depends(session_page)) -> Response:
    contexts(request).forget(page.identity.credential)
    request.app.state.web_searches.forget(page.identity.credential)
    response = redirect(request, "/login")
    end(request, response, page.identity)
    return response


@router.get("/context")
def context_form(page: Page = Depends(session_page)) -> Response:
    return page.render("context.html", operations=sorted(page.identity.operations))


@router.post("/context")
def choose(
    request: Request,
    operation: str = Form(max_length=64),
    purpose: str = Form(max_length=PURPOSE_MAX),
    page: Page = Depends(session_page),
) -> Response:
    """Keep the session's operation and purpose; every page then reads with them."""
    if not purpose.strip():
        raise UserError("purpose: say why you consult this operation (e.g. a case or tasking reference)")
    deps.open_case_store(request, page.identity, operation, purpose).close()  # membership, audited
    contexts(request).choose(page.identity.credential, WorkContext(operation, purpose.strip()))
    return redirect(request, "/")
