"""The secret key stays with its owner; odd file names and huge texts never break or bloat a
response."""

from __future__ import annotations

import stat

from conftest import cli_json, make_home, run_cli
from docgen import make_utf8_txt
from test_web_helpers import login

PASSWORD = "Guanli-Yuan-2020"


def mode_of(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def admin_client(home):
    from evidence.config import load_config
    from webui import create_app

    cli_json(home, "user", "add", "admin", "--role", "admin", "--password", PASSWORD)
    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    assert login(client, "admin", PASSWORD).status_code == 302
    return client


def test_init_creates_the_config_with_its_secret_key_readable_by_the_owner_only(tmp_path):
    home = tmp_path / "home"
    assert run_cli(home, "init")[0] == 0
    config = home / "evidence.toml"
    assert "secret_key = " in config.read_text(encoding="utf-8")
    assert mode_of(config) == 0o600


def test_init_restricts_a_config_an_older_version_left_world_readable(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    config = home / "evidence.toml"
    config.write_text('[web]\nsecret_key = "old-secret"\n', encoding="utf-8")
    config.chmod(0o644)
    assert run_cli(home, "init")[0] == 0
    assert mode_of(config) == 0o600
    assert "old-secret" in config.read_text(encoding="utf-8")


def test_the_generated_web_secret_is_private_too(tmp_path):
    from evidence.config import load_config
    from evidence.services import ensure_secret

    config = load_config(make_home(tmp_path / "home"))  # the test config has no secret_key
    ensure_secret(config)
    assert mode_of(config.var / "secret_key") == 0o600


def test_a_file_name_with_a_line_break_downloads(tmp_path):
    home = make_home(tmp_path / "home")
    make_utf8_txt(home / "watch_folders/财政局/第一行\n第二行.txt", "名称里有换行的说明文件。")
    cli_json(home, "scan")
    client = admin_client(home)
    doc = next(d["id"] for d in cli_json(home, "documents") if "第二行" in d["source_path"])
    for url in (f"/documents/{doc}/download", f"/documents/{doc}"):
        response = client.get(url)
        assert response.status_code == 200, url
    download = client.get(f"/documents/{doc}/download")
    assert "\n" not in download.headers["Content-Disposition"]
    assert download.data.decode("utf-8") == "名称里有换行的说明文件。"


def test_a_huge_text_is_paged_and_the_response_stays_small(tmp_path):
    home = make_home(tmp_path / "home")
    line = "融水县2020年河道巡查记录第{:07d}行，水质良好。\n"
    text = "".join(line.format(n) for n in range(60_000))  # 1.6 million characters, 4 MB
    make_utf8_txt(home / "watch_folders/水利局/巡查记录汇编.txt", text)
    cli_json(home, "scan")
    client = admin_client(home)
    doc = cli_json(home, "documents")[0]["id"]
    stored = cli_json(home, "show", str(doc))["text"]
    assert len(stored) > 1_500_000

    first = client.get(f"/api/documents/{doc}")
    assert first.status_code == 200
    assert len(first.data) < 4_000_000  # it was twice the file, and grew with it
    body = first.get_json()
    assert body["text_chars"] == len(stored) and body["items"] is not None
    pieces, offset = [], 0
    while offset is not None:
        part = client.get(f"/api/documents/{doc}?offset={offset}").get_json()
        assert len(part["text"]) <= 500_000
        pieces.append(part["text"])
        offset = part["next_offset"]
    assert "".join(pieces) == stored
    assert client.get(f"/api/documents/{doc}?offset=x").status_code == 400

    page = client.get(f"/documents/{doc}")
    assert page.status_code == 200 and len(page.data) < 4_000_000
    assert "文字过长" in page.text
