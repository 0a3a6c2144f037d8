"""Issue 15, item 13: as a service, the first admin password need not reach standard output —
`EVIDENCE_ADMIN_PASSWORD_FILE` names a file that holds it (or gets a generated one, 0600)."""

from __future__ import annotations

import stat

from conftest import cli_json, make_home


def _first_run(home, monkeypatch, capsys, path):
    from evidence.commands.web import first_run_admin
    from evidence.config import load_config

    monkeypatch.delenv("EVIDENCE_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("EVIDENCE_ADMIN_PASSWORD_FILE", str(path))
    first_run_admin(load_config(home))
    return capsys.readouterr().out


def test_a_generated_password_is_written_to_a_private_file_and_only_its_path_printed(tmp_path, monkeypatch, capsys):
    from archive.store import Archive
    from archive.users import authenticate

    home = make_home(tmp_path / "home")
    path = tmp_path / "secrets" / "admin-password"
    out = _first_run(home, monkeypatch, capsys, path)
    password = path.read_text(encoding="utf-8").strip()
    assert len(password) >= 10 and password not in out
    assert f"密码已写入 {path}" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    archive = Archive(home / "var")
    assert authenticate(archive, "admin", password) is not None
    archive.close()
    assert _first_run(home, monkeypatch, capsys, path) == ""  # once only
    assert path.read_text(encoding="utf-8").strip() == password


def test_a_password_supplied_in_the_file_is_used_and_not_printed(tmp_path, monkeypatch, capsys):
    from archive.store import Archive
    from archive.users import authenticate

    home = make_home(tmp_path / "home")
    path = tmp_path / "admin-password"
    path.write_text("Service-Admin-2020\n", encoding="utf-8")
    out = _first_run(home, monkeypatch, capsys, path)
    assert "Service-Admin-2020" not in out and f"密码为文件 {path} 中的内容" in out
    archive = Archive(home / "var")
    assert authenticate(archive, "admin", "Service-Admin-2020") is not None
    archive.close()
    assert [u["name"] for u in cli_json(home, "user", "list") if u["role"] == "admin"] == ["admin"]
