"""Accounts end to end: sessions that the server can end, the password policy, changing and
resetting passwords (web and CLI), the first admin, and a log-in throttle that slows guessing
without locking an office out."""

from __future__ import annotations

import time

import pytest

from conftest import cli_json, make_home, run_cli
from test_web_helpers import (PASSWORDS, app, client_as, csrf_of, login, web_config,  # noqa: F401
                              web_home)

COOKIE = "evidence_session"


def copied_session(app, client):
    """Another browser holding a copy of `client`'s session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def logged_in(client) -> bool:
    return client.get("/api/documents").status_code == 200


def change_password(client, current: str, new: str, confirm: str | None = None):
    return client.post("/account/password", data={"current_password": current, "new_password": new,
                                                  "confirm_password": new if confirm is None else confirm,
                                                  "csrf_token": csrf_of(client)})


# -- sessions (item 11) -----------------------------------------------------------------------

def test_a_cookie_copied_before_logout_stops_working_at_logout(app, client_as):
    client = client_as("inspector")
    thief = copied_session(app, client)
    assert logged_in(thief)
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert not logged_in(thief)
    assert login(client_as(None), "inspector").status_code == 302


def test_re_enabling_an_account_does_not_revive_its_old_cookies(app, client_as):
    victim = client_as("zhujian")
    kept = copied_session(app, victim)
    admin = client_as("admin")
    admin.post("/admin/users/zhujian/disable", data={"csrf_token": csrf_of(admin)})
    admin.post("/admin/users/zhujian/enable", data={"csrf_token": csrf_of(admin)})
    assert not logged_in(kept) and not logged_in(victim)
    assert logged_in(client_as("zhujian"))


def test_changing_ones_password_ends_the_other_sessions_and_keeps_this_one(app, client_as):
    home_pc, phone = client_as("caizheng"), client_as("caizheng")
    new = "Caizheng-Neu-2024"
    try:
        response = change_password(home_pc, PASSWORDS["caizheng"], new)
        assert response.status_code == 302
        assert logged_in(home_pc) and not logged_in(phone)
        assert login(app.test_client(), "caizheng", PASSWORDS["caizheng"]).status_code == 401
        assert login(app.test_client(), "caizheng", new).status_code == 302
    finally:
        again = app.test_client()
        login(again, "caizheng", new)
        change_password(again, new, PASSWORDS["caizheng"])
    assert login(app.test_client(), "caizheng").status_code == 302


@pytest.mark.parametrize("current,new,confirm,reason", [
    ("wrong-current-pw", "Fine-New-Pass-77", None, "当前密码不正确"),
    (None, "Fine-New-Pass-77", "Other-New-Pass-77", "两次输入的新密码不一致"),
    (None, "12345678", None, "密码太短"),
    (None, "qwertyuiop", None, "常见密码"),
    (None, "Admin123456", None, "常见密码"),
    (None, "aaaaaaaaaaab", None, "至少要有 4 个不同的字符"),
])
def test_a_password_change_that_breaks_a_rule_is_refused_with_the_reason(client_as, current, new, confirm,
                                                                          reason):
    client = client_as("inspector")
    response = change_password(client, current or PASSWORDS["inspector"], new, confirm)
    assert response.status_code == 400
    assert reason in response.text
    assert logged_in(client)
    assert login(client_as(None), "inspector").status_code == 302


def test_an_admin_resets_a_forgotten_password_on_the_web(app, client_as):
    victim = client_as("zhujian")
    admin = client_as("admin")
    response = admin.post("/admin/users/zhujian/reset", data={"csrf_token": csrf_of(admin)})
    assert response.status_code == 200
    password = response.text.split('<code class="secret">')[1].split("</code>")[0]
    assert not logged_in(victim)
    assert login(app.test_client(), "zhujian", PASSWORDS["zhujian"]).status_code == 401
    fresh = app.test_client()
    assert login(fresh, "zhujian", password).status_code == 302
    change_password(fresh, password, PASSWORDS["zhujian"])


def test_only_an_admin_may_reset_a_password(client_as):
    client = client_as("inspector")
    response = client.post("/admin/users/zhujian/reset", data={"csrf_token": csrf_of(client)})
    assert response.status_code == 403
    assert login(client_as(None), "zhujian").status_code == 302


def test_cli_reset_prints_a_new_password_once_and_ends_the_sessions(app, client_as, web_home):
    victim = client_as("zhujian")
    reset = cli_json(web_home, "user", "reset", "zhujian")
    assert reset["name"] == "zhujian" and len(reset["password"]) >= 12
    assert not logged_in(victim)
    assert login(app.test_client(), "zhujian", reset["password"]).status_code == 302
    code, out = run_cli(web_home, "user", "reset", "zhujian", "--password", PASSWORDS["zhujian"])
    assert code == 0 and "已重置账号 zhujian" in out and PASSWORDS["zhujian"] not in out
    assert run_cli(web_home, "user", "reset", "nobody")[0] == 2


# -- password policy (item 12) ----------------------------------------------------------------

@pytest.mark.parametrize("password,reason", [
    ("12345678", "密码太短"), ("short-9", "密码太短"), ("1234567890", "常见密码"), ("password123", "常见密码"),
    ("QWERTYUIOP", "常见密码"), ("1qaz2wsx3edc", "常见密码"), ("woaini1314520", None), ("newclerk01", "用户名"),
])
def test_cli_refuses_weak_passwords_in_chinese(tmp_path, password, reason, capsys):
    home = make_home(tmp_path / "home")
    name = "newclerk01" if reason == "用户名" else "clerk"
    code, _ = run_cli(home, "user", "add", name, "--role", "inspector", "--password", password)
    err = capsys.readouterr().err
    if reason is None:
        assert code == 0, err
        return
    assert code == 2
    assert reason in err
    assert cli_json(home, "user", "list") == []


def test_the_common_password_list_ships_with_the_package():
    from archive.passwords import common_passwords

    common = common_passwords()
    for favourite in ("12345678", "password", "123456789", "qwertyuiop", "admin123456", "1qaz2wsx"):
        assert favourite in common
    assert len(common) >= 300


# -- the first admin (item 13) ----------------------------------------------------------------

def test_an_account_made_before_the_first_start_still_gets_an_admin(tmp_path, capsys):
    from evidence.commands.web import first_run_admin
    from evidence.config import load_config

    home = make_home(tmp_path / "home")
    cli_json(home, "user", "add", "lin", "--role", "department", "--department", "林业局", "--password",
             "Linye-Bumen-2020")
    first_run_admin(load_config(home))
    assert "已创建管理员账号 admin，密码 " in capsys.readouterr().out
    users = {u["name"]: u for u in cli_json(home, "user", "list")}
    assert users["admin"]["role"] == "admin" and not users["admin"]["disabled"]


def test_a_department_account_named_admin_does_not_block_the_first_admin(tmp_path, capsys):
    from evidence.commands.web import first_run_admin
    from evidence.config import load_config

    home = make_home(tmp_path / "home")
    cli_json(home, "user", "add", "admin", "--role", "department", "--department", "林业局", "--password",
             "Linye-Bumen-2020")
    first_run_admin(load_config(home))
    assert "已创建管理员账号 admin2" in capsys.readouterr().out
    admins = [u for u in cli_json(home, "user", "list") if u["role"] == "admin" and not u["disabled"]]
    assert [u["name"] for u in admins] == ["admin2"]


def test_a_weak_first_admin_password_stops_the_start_and_says_how_to_make_an_admin(tmp_path, monkeypatch):
    from evidence.commands.web import first_run_admin
    from evidence.config import ConfigError, load_config

    home = make_home(tmp_path / "home")
    monkeypatch.setenv("EVIDENCE_ADMIN_PASSWORD", "12345678")
    with pytest.raises(ConfigError) as raised:
        first_run_admin(load_config(home))
    assert "evidence user add" in str(raised.value) and "--role admin" in str(raised.value)
    assert cli_json(home, "user", "list") == []


def test_user_list_says_how_to_create_an_admin_when_there_is_none(tmp_path, capsys):
    home = make_home(tmp_path / "home")
    cli_json(home, "user", "add", "lin", "--role", "inspector", "--password", "Jiancha-Zu-2020")
    capsys.readouterr()
    assert run_cli(home, "user", "list")[0] == 0
    assert "evidence user add" in capsys.readouterr().err


# -- login throttle (item 14) -----------------------------------------------------------------

def test_an_office_behind_one_address_waits_seconds_not_minutes(client_as):
    """Twenty colleagues mistyping from the same NAT address must not lock out the twenty-first."""
    client = client_as(None)
    for n in range(20):
        assert login(client, f"colleague{n}", "mistyped-password").status_code == 401
    response = client.post("/api/login", json={"name": "admin", "password": PASSWORDS["admin"]},
                           headers={"X-CSRF-Token": csrf_of(client)})
    if response.status_code == 429:
        wait = int(response.headers["Retry-After"])
        assert 0 < wait <= 5
        time.sleep(wait)
        assert login(client, "admin").status_code == 302
    else:
        assert response.status_code == 200


def test_failures_back_off_exponentially_and_never_lock_for_long():
    from webui.security import LoginThrottle

    now = [1000.0]
    throttle = LoginThrottle(5, 300.0, clock=lambda: now[0])
    waits = []
    for _ in range(12):
        wait = throttle.retry_after("10.0.0.9", "admin")
        now[0] += wait
        throttle.failed("10.0.0.9", "admin")
        waits.append(throttle.retry_after("10.0.0.9", "admin"))
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:9] == [5, 10, 20, 40, 80]
    assert max(waits) == 120
    now[0] += 301
    assert throttle.retry_after("10.0.0.9", "admin") == 0


def test_a_guessed_account_is_slowed_while_the_office_address_stays_usable():
    from webui.security import LoginThrottle

    now = [0.0]
    throttle = LoginThrottle(5, 300.0, clock=lambda: now[0])
    for _ in range(5):
        throttle.failed("10.0.0.9", "caizheng")
    assert throttle.retry_after("10.0.0.9", "caizheng") == 5
    assert throttle.retry_after("10.0.0.9", "linye") == 0
    for n in range(200):
        throttle.failed("10.0.0.9", f"sprayed{n}")
        now[0] += 1
    assert 0 < throttle.retry_after("10.0.0.9", "linye") <= 60


def test_a_patient_guesser_gets_a_few_dozen_tries_an_hour_at_most():
    from webui.security import LoginThrottle

    now, tries = [0.0], 0
    throttle = LoginThrottle(5, 300.0, clock=lambda: now[0])
    while now[0] < 3600:
        now[0] += throttle.retry_after("203.0.113.7", "admin")
        throttle.failed("203.0.113.7", "admin")
        tries += 1
    assert tries <= 40


def test_an_office_address_recovers_by_itself_once_mistakes_stop():
    from webui.security import LoginThrottle

    now = [0.0]
    throttle = LoginThrottle(5, 300.0, clock=lambda: now[0])
    for n in range(30):
        throttle.failed("10.0.0.9", f"colleague{n}")
    assert throttle.retry_after("10.0.0.9", "linye") > 0
    now[0] += 301
    assert throttle.retry_after("10.0.0.9", "linye") == 0


def test_importing_the_accounts_module_hashes_nothing_so_every_cli_command_starts_fast():
    """Every CLI command (a scan, a search) imports archive.users; a scrypt there cost each one
    a fifth of a second of CPU. The dummy hash is made for the first login check instead."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import werkzeug.security as s\n"
            "def refuse(*a, **k): raise SystemExit('hashed at import')\n"
            "s.generate_password_hash = refuse\n"
            "import archive.users\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_unknown_name_is_checked_against_a_real_hash(tmp_path):
    from archive.store import Archive
    from archive.users import authenticate, prepare_login_check

    prepare_login_check()
    archive = Archive(tmp_path)
    try:
        assert authenticate(archive, "nobody", "whatever-password") is None
    finally:
        archive.close()
