"""Log-in, MFA, lock-out, sessions, cookies, CSRF (checklist D1–D6, A5)."""

from __future__ import annotations

from tests.api.conftest import PASSWORD

from clew.access.auth import ABSOLUTE_LIFETIME, IDLE_TIMEOUT
from clew.store.base import Principal
from clew.store.tables.access import users


def _audit(server, action: str) -> list[dict]:
    return list(server.state.store("_access", Principal("test")).select("audit", {"action": action}))


def test_password_is_argon2id_d6(server) -> None:
    server.person("ana")
    with server.state.engine.connect() as conn:
        stored = conn.execute(users.select().where(users.c.name == "ana")).first().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_login_sets_host_cookie_and_rotates_token_d5(server) -> None:
    ana = server.person("ana")
    client = server.client()
    first = server.login(client, ana)
    assert first.status_code == 200, first.text
    cookie = first.headers["set-cookie"]
    assert cookie.startswith("__Host-clew=")
    for flag in ("HttpOnly", "Secure", "Path=/", "SameSite=strict"):
        assert flag.lower() in cookie.lower()
    server.clock.now += 60
    second = server.login(server.client(), ana)
    assert second.cookies["__Host-clew"] != first.cookies["__Host-clew"]
    assert client.get("/api/v1/session").json()["user"] == "ana"


def test_totp_code_accepted_once_and_only_near_its_step_d1(server) -> None:
    ana = server.person("ana")
    assert server.login(server.client(), ana).status_code == 200
    replay = server.login(server.client(), ana)
    assert replay.status_code == 401
    server.clock.now += 30
    assert server.login(server.client(), ana, offset_steps=-3).status_code == 401
    assert server.login(server.client(), ana).status_code == 200
    reasons = [r["detail"] for r in _audit(server, "auth.login")]
    assert any('"code already used"' in d for d in reasons)


def test_five_failures_lock_until_admin_unlocks_d2(server) -> None:
    ana = server.person("ana")
    client = server.client()
    for _ in range(5):
        bad = client.post("/api/v1/session", json={"user": "ana", "password": "wrong" * 3, "code": "000000"})
        assert bad.status_code == 401
        server.clock.now += 31
    assert server.login(client, ana).status_code == 401  # right password, still locked
    assert len(_audit(server, "auth.lockout")) == 1
    server.auth.unlock("ana")
    server.clock.now += 31
    assert server.login(client, ana).status_code == 200


def test_failures_spread_beyond_window_do_not_lock_d2(server) -> None:
    ana = server.person("ana")
    client = server.client()
    for _ in range(6):
        client.post("/api/v1/session", json={"user": "ana", "password": "wrong" * 3, "code": "000000"})
        server.clock.now += 4 * 60  # 6 failures over 24 min: never 5 within 15
    assert server.login(client, ana).status_code == 200


def test_idle_timeout_and_absolute_lifetime_d3(server) -> None:
    ana = server.person("ana")
    client = server.client()
    server.login(client, ana)
    server.clock.now += IDLE_TIMEOUT - 5
    assert client.get("/api/v1/session").status_code == 200
    server.clock.now += IDLE_TIMEOUT + 1
    assert client.get("/api/v1/session").status_code == 401
    server.clock.now += 30
    server.login(client, ana)
    for _ in range(int(ABSOLUTE_LIFETIME // (IDLE_TIMEOUT - 60)) + 1):
        server.clock.now += IDLE_TIMEOUT - 60  # active all along
        if client.get("/api/v1/session").status_code == 401:
            break
    else:
        raise AssertionError("session outlived its absolute lifetime")


def test_logout_ends_every_session_d4(server) -> None:
    ana = server.person("ana")
    laptop, phone = server.client(), server.client()
    csrf = server.login(laptop, ana).json()["csrf"]
    server.clock.now += 30
    server.login(phone, ana)
    out = laptop.delete("/api/v1/session", headers={"X-CSRF-Token": csrf})
    assert out.json() == {"sessions_ended": 2}
    assert phone.get("/api/v1/session").status_code == 401
    assert laptop.get("/api/v1/session").status_code == 401


def test_password_change_and_disable_end_sessions_d4(server) -> None:
    ana = server.person("ana")
    client, other = server.client(), server.client()
    csrf = server.login(client, ana).json()["csrf"]
    server.clock.now += 30
    server.login(other, ana)
    changed = client.post(
        "/api/v1/session/password",
        json={"current": PASSWORD, "new": "another long passphrase"},
        headers={"X-CSRF-Token": csrf},
    )
    assert changed.status_code == 200, changed.text
    assert other.get("/api/v1/session").status_code == 401
    server.clock.now += 30
    body = {"user": "ana", "password": "another long passphrase", "code": server.code(ana)}
    assert client.post("/api/v1/session", json=body).status_code == 200
    server.auth.disable("ana")
    assert client.get("/api/v1/session").status_code == 401
    assert client.get("/api/v1/session", headers=ana.headers()).status_code == 401  # token revoked


def test_state_changing_session_request_needs_csrf_h6(server) -> None:
    ana = server.person("ana")
    client = server.client()
    csrf = server.login(client, ana).json()["csrf"]
    body = {"a": "x", "b": "y", "same": True}
    headers = {"X-Clew-Purpose": "test"}
    assert client.post("/api/v1/operations/demo/decisions", json=body, headers=headers).status_code == 403
    wrong = {**headers, "X-CSRF-Token": "nope"}
    assert client.post("/api/v1/operations/demo/decisions", json=body, headers=wrong).status_code == 403
    right = {**headers, "X-CSRF-Token": csrf}
    assert (
        client.post("/api/v1/operations/demo/decisions", json=body, headers=right).status_code == 404
    )  # no record x


def test_login_rate_limited_per_address(server) -> None:
    client = server.client()
    codes = [
        client.post("/api/v1/session", json={"user": f"u{i}", "password": "x", "code": "1"}).status_code
        for i in range(12)
    ]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    server.clock.now += 61
    assert client.post("/api/v1/session", json={"user": "u", "password": "x", "code": "1"}).status_code == 401


def test_unknown_user_and_wrong_password_answer_alike(server) -> None:
    server.person("ana")
    client = server.client()
    a = client.post("/api/v1/session", json={"user": "nobody", "password": PASSWORD, "code": "123456"})
    b = client.post("/api/v1/session", json={"user": "ana", "password": "wrong password!", "code": "123456"})
    assert a.status_code == b.status_code == 401
    assert a.json()["message"] == b.json()["message"]
