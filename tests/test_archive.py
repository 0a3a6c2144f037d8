"""The archive is the system of record: nothing a department put in the share is ever lost."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import cli_json, run_cli
from docgen import make_docx, make_utf8_txt


def blob_files(home: Path) -> list[Path]:
    return [p for p in (home / "var" / "blobs").rglob("*") if p.is_file() and p.parent.name != "tmp"]


def test_same_bytes_in_two_folders_are_stored_once_with_both_locations(home, share):
    make_docx(share / "财政局" / "资金报告.docx", ["2020年度国家重点生态功能区转移支付资金使用情况报告"])
    (share / "生态环境局" / "汇总").mkdir(parents=True)
    shutil.copy(share / "财政局" / "资金报告.docx", share / "生态环境局" / "汇总" / "资金报告(1).docx")
    report = cli_json(home, "scan")
    assert (report["new"], report["duplicates"]) == (1, 1)
    docs = cli_json(home, "documents")
    assert len(docs) == 1 and len(blob_files(home)) == 1
    paths = {loc["path"] for loc in docs[0]["locations"]}
    assert paths == {"财政局/资金报告.docx", "生态环境局/汇总/资金报告(1).docx"}


def test_overwritten_file_keeps_the_old_version(home, share):
    target = share / "住建局" / "运行报告.txt"
    make_utf8_txt(target, "污水处理厂第一版运行报告")
    cli_json(home, "scan")
    make_utf8_txt(target, "污水处理厂第二版运行报告，已修订")
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    report = cli_json(home, "scan")
    assert report["versions"] == 1
    docs = {d["id"]: d for d in cli_json(home, "documents")}
    assert len(docs) == 2 and len(blob_files(home)) == 2
    old = next(d for d in docs.values() if "第一版" in cli_json(home, "show", str(d["id"]))["text"])
    assert old["locations"][0]["state"] == "superseded" and old["in_share"] is False
    assert cli_json(home, "search", "第一版")["hits"][0]["id"] == old["id"]


def test_file_deleted_from_the_share_stays_in_the_archive(home, share):
    target = share / "水利局" / "河长制工作总结.txt"
    make_utf8_txt(target, "2020年河长制工作总结")
    cli_json(home, "scan")
    target.unlink()
    report = cli_json(home, "scan")
    assert report["removed"] == 1
    doc = cli_json(home, "documents")[0]
    assert doc["in_share"] is False and doc["locations"][0]["state"] == "removed"
    assert len(blob_files(home)) == 1
    assert cli_json(home, "search", "河长制工作总结")["total"] == 1


def test_unchanged_files_are_not_read_again(home, share):
    make_utf8_txt(share / "统计局" / "a.txt", "统计公报")
    cli_json(home, "scan")
    report = cli_json(home, "scan")
    assert (report["unchanged"], report["new"], report["extracted"]) == (1, 0, 0)


def test_file_outside_department_folders_is_ingested_as_unknown(home, share):
    (share / "临时文件夹").mkdir()
    make_utf8_txt(share / "临时文件夹" / "说明.txt", "情况说明")
    make_utf8_txt(share / "根目录文件.txt", "根目录")
    cli_json(home, "scan")
    departments = {d["source_path"]: d["department"] for d in cli_json(home, "documents")}
    assert departments == {"临时文件夹/说明.txt": "unknown", "根目录文件.txt": "unknown"}


def test_office_temporaries_and_nas_metadata_are_skipped(home, share):
    make_utf8_txt(share / "财政局" / "~$报告.docx", "lock")
    make_utf8_txt(share / "财政局" / ".~lock.报告.docx#", "lock")
    make_utf8_txt(share / "财政局" / "下载.tmp", "tmp")
    make_utf8_txt(share / "财政局" / "Thumbs.db", "x")
    (share / "财政局" / "@eaDir").mkdir()
    make_utf8_txt(share / "财政局" / "@eaDir" / "meta.txt", "x")
    make_utf8_txt(share / "财政局" / "报告.txt", "真正的文件")
    cli_json(home, "scan")
    assert [d["source_path"] for d in cli_json(home, "documents")] == ["财政局/报告.txt"]


def test_symlink_leading_outside_the_watch_root_is_not_followed(home, share, tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    make_utf8_txt(secret, "不应被收录的外部文件")
    os.symlink(secret, share / "财政局" / "link.txt")
    os.symlink(secret.parent, share / "财政局" / "linkdir")
    make_utf8_txt(share / "财政局" / "inside.txt", "内部文件")
    os.symlink(share / "财政局" / "inside.txt", share / "财政局" / "inside-link.txt")
    cli_json(home, "scan")
    paths = sorted(d_loc["path"] for d in cli_json(home, "documents") for d_loc in d["locations"])
    assert paths == ["财政局/inside-link.txt", "财政局/inside.txt"]


def test_gbk_file_name_from_a_windows_share_is_shown_in_chinese(home, share):
    raw = os.fsencode(share / "财政局") + b"/" + "转移支付报告.txt".encode("gbk")
    with open(raw, "wb") as fh:
        fh.write("转移支付资金使用情况".encode("utf-8"))
    cli_json(home, "scan")
    doc = cli_json(home, "documents")[0]
    assert doc["source_path"] == "财政局/转移支付报告.txt" and doc["status"] == "indexed"


def test_crash_left_over_temporaries_are_cleaned_on_next_scan(home, share):
    tmp = home / "var" / "blobs" / "tmp" / "123-abc.part"
    tmp.write_bytes(b"half a file")
    make_utf8_txt(share / "财政局" / "a.txt", "x" * 10)
    cli_json(home, "scan")
    assert not tmp.exists()


def test_init_is_idempotent_and_creates_department_folders(home):
    code, _ = run_cli(home, "init")
    assert code == 0
    folders = sorted(p.name for p in (home / "watch_folders").iterdir() if p.is_dir())
    assert folders == sorted(["发改局", "财政局", "自然资源局", "住建局", "水利局", "农业农村局", "统计局", "城管局", "林业局", "生态环境局"])
