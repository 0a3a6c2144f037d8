"""A wrong `evidence.toml` stops every command with exit code 3 and a Chinese message that names
the key and what it takes; a key nobody reads (a typo) is refused instead of silently ignored.
Run through the real `evidence` command in its own process: no traceback reaches the user."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

from conftest import REPO, make_home


def evidence(home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "evidence.cli", "--home", str(home), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def with_config(home, text: str):
    with (home / "evidence.toml").open("a", encoding="utf-8") as fh:
        fh.write(text)
    return home


def edited_home(tmp_path, old: str = "", new: str = "", before: str = ""):
    """A test home whose evidence.toml has `old` replaced by `new`, and `before` put first."""
    home = make_home(tmp_path / "home")
    config = home / "evidence.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(before + (text.replace(old, new) if old else text), encoding="utf-8")
    return home


@pytest.mark.parametrize("text,named,allowed", [
    ('\n[ocr]\ndpi = "high"\n', 'ocr.dpi = "high"', "72 到 1200 之间的整数"),
    ("\n[ocr]\ndpi = 20\n", "ocr.dpi = 20", "72 到 1200 之间的整数"),
    ('\n[ocr]\nengine = "easyocr"\n', 'ocr.engine = "easyocr"', '"auto"、"ppocr"、"tesseract"'),
    ("\n[web]\nport = 80000\n", "web.port = 80000", "0 到 65535 之间的整数"),
    ('\n[web]\nupload_max_mb = "big"\n', "web.upload_max_mb", "不小于 1 的整数"),
])
def test_a_bad_value_exits_3_naming_the_key_and_the_allowed_values(tmp_path, text, named, allowed):
    home = with_config(make_home(tmp_path / "home"), text)
    done = evidence(home, "documents", "--json")
    assert done.returncode == 3, done.stderr
    assert named in done.stderr and allowed in done.stderr, done.stderr
    assert done.stderr.startswith("配置错误") and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_bad_value_in_a_section_already_there_is_named(tmp_path):
    home = edited_home(tmp_path, 'observer = "native"', 'observer = "inotify"')
    done = evidence(home, "scan", "--json")
    assert done.returncode == 3
    assert 'watch.observer = "inotify"' in done.stderr and '"auto"、"native"、"polling"' in done.stderr


@pytest.mark.parametrize("text,key,hint", [
    ("[limits]\nfile_timeout_seconds = 1.0\n", None, None),  # a second [limits] table: not TOML
    ("wokers = 1\n", "wokers", None),
    ("[ocr]\ndpl = 300\n", "ocr.dpl", "ocr.dpi"),
    ("[limit]\nworkers = 1\n", "limit", "limits"),
    ("[web]\nquiet_seconds = 1.0\n", "web.quiet_seconds", "watch.quiet_seconds"),  # the wrong table
])
def test_an_unknown_key_is_refused_with_the_nearest_known_one(tmp_path, text, key, hint):
    home = edited_home(tmp_path, before=text)
    done = evidence(home, "documents", "--json")
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    if key is not None:
        assert f"未知设置 {key}" in done.stderr, done.stderr
    if hint is not None:
        assert f"是否应为 {hint}" in done.stderr, done.stderr


def test_a_typo_in_the_watch_section_is_refused(tmp_path):
    """`quiet_second` under [watch] used to be ignored: the watcher ran with the default."""
    home = edited_home(tmp_path, "quiet_seconds = 0.6", "quiet_second = 0.6")
    done = evidence(home, "documents", "--json")
    assert done.returncode == 3
    assert "未知设置 watch.quiet_second（是否应为 watch.quiet_seconds？）" in done.stderr
    assert "observer、quiet_seconds、poll_seconds、rescan_seconds" in done.stderr


def test_the_file_init_writes_is_valid_and_every_key_in_it_is_known(tmp_path):
    """Every setting `init` documents (also the commented-out ones) is one the loader accepts."""
    from spine.config import config_from_dict, default_config_text

    home = tmp_path / "fresh"
    assert evidence(home, "init").returncode == 0
    assert evidence(home, "documents", "--json").returncode == 0
    setting = re.compile(r"# (\[\[?\w+\]\]?|\w+ = .+)$")
    uncommented = "\n".join(m.group(1) if (m := setting.match(line)) else line
                            for line in default_config_text().splitlines())
    assert "# workers" not in uncommented and "\n[[responsibility]]" in uncommented
    config = config_from_dict(home, tomllib.loads(uncommented))
    assert config.workers == 2 and config.ocr_dpi == 300 and config.responsibility[0].department == "财政局"


def test_a_malformed_catalog_is_a_configuration_error(tmp_path):
    home = edited_home(tmp_path, before='catalog = "bad.toml"\n')
    (home / "bad.toml").write_text("[items\n", encoding="utf-8")
    done = evidence(home, "checklist", "--json")
    assert done.returncode == 3, done.stderr
    assert "bad.toml" in done.stderr and "Traceback" not in done.stderr
