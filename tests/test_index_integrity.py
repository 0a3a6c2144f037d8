"""The search index survives failed files, and only a writer ever replaces it.

A document without text (an empty, corrupt or encrypted file) is indexed like any other, so the
next process must find the index readable; read-only commands (show, documents, search,
check --no-repair) never move, rebuild, create or delete the index, whatever state it is in.
Everything goes through the CLI, so these tests hold for any engine behind the index.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import cli_json, make_home, run_cli
from docgen import make_utf8_txt

PHRASE = "饮用水水源地保护区划定方案的通知"


def broken_copies(home: Path) -> list[Path]:
    return sorted(home.joinpath("var").glob("index.broken-*"))


def assert_clean(home: Path, documents: int) -> None:
    code, out = run_cli(home, "check", "--no-repair", "--json")
    assert code == 0, out
    assert f'"index_documents": {documents}' in out, out
    assert broken_copies(home) == []


def test_a_failed_file_beside_a_text_file_keeps_the_index(tmp_path):
    home = make_home(tmp_path / "home")
    folder = home / "watch_folders" / "生态环境局"
    make_utf8_txt(folder / "通知.txt", PHRASE)
    (folder / "空白.pdf").write_bytes(b"")
    (folder / "损坏.pdf").write_bytes(b"%PDF-1.4\n% not really a pdf\n")
    (folder / "损坏.docx").write_bytes(b"PK\x03\x04 truncated")
    report = cli_json(home, "scan")
    assert report["extracted"] == 1 and report["failed"] == 3
    assert_clean(home, 4)
    assert cli_json(home, "search", PHRASE)["total"] == 1
    assert_clean(home, 4)


def test_a_failed_document_written_last_keeps_the_index(tmp_path):
    """Written in one commit after a document with text (here a re-indexed duplicate), the
    failed document is the segment's last: the case where the index used to be set aside."""
    home = make_home(tmp_path / "home")
    make_utf8_txt(home / "watch_folders" / "水利局" / "通知.txt", PHRASE)
    assert cli_json(home, "scan")["extracted"] == 1
    shutil.copy(home / "watch_folders" / "水利局" / "通知.txt", home / "watch_folders" / "生态环境局" / "通知.txt")
    (home / "watch_folders" / "生态环境局" / "空白.pdf").write_bytes(b"")
    report = cli_json(home, "scan")
    assert report["duplicates"] == 1 and report["failed"] == 1
    assert_clean(home, 2)
    assert cli_json(home, "search", PHRASE)["total"] == 1
    assert cli_json(home, "reindex")["indexed"] == 2
    assert_clean(home, 2)
    assert cli_json(home, "search", PHRASE, "--department", "生态环境局")["total"] == 1
    assert_clean(home, 2)


def index_state(home: Path) -> dict[str, str]:
    index = home / "var" / "index"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(index.iterdir()) if p.is_file()}


def test_read_only_commands_never_move_rebuild_or_delete_the_index(tmp_path):
    home = make_home(tmp_path / "home")
    make_utf8_txt(home / "watch_folders" / "水利局" / "通知.txt", PHRASE)
    assert cli_json(home, "scan")["extracted"] == 1
    index = home / "var" / "index"
    for part in index.iterdir():  # every file of whatever engine keeps the index
        if part.is_file():
            part.write_bytes(b"garbage")
    before = index_state(home)

    assert run_cli(home, "documents", "--json")[0] == 0
    assert run_cli(home, "show", "1", "--json")[0] == 0
    code, out = run_cli(home, "search", PHRASE, "--json")
    assert code == 5, out  # search index unavailable, said so
    code, out = run_cli(home, "check", "--no-repair", "--json")
    assert code == 6 and '"problems": true' in out, out
    assert index_state(home) == before and broken_copies(home) == []

    shutil.rmtree(index)
    assert run_cli(home, "search", PHRASE, "--json")[0] == 5
    assert run_cli(home, "check", "--no-repair", "--json")[0] == 6
    assert run_cli(home, "documents", "--json")[0] == 0
    assert not index.exists()  # not even an empty one made in its place

    assert cli_json(home, "check")["repaired"] is True  # a writer, under the ingest lock
    assert cli_json(home, "search", PHRASE)["total"] == 1
    assert_clean(home, 1)
