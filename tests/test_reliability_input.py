"""Bad input: every hostile, broken or odd file ends ingested or as a recorded failure with a
readable Chinese reason — never a crash, a hang or a silent skip — and the run goes on.

One scan ingests the whole corpus at once (the real public files from ../shared/realdata plus
files this module builds), because "the run goes on" is only proven when the bad files sit
between good ones. Per-file limits (time, memory) get their own homes with small limits.
"""

from __future__ import annotations

import os
import shutil
import struct
import threading
import time
from pathlib import Path

import pytest

from conftest import (REALDATA, cli_json, descendants, make_home, process_alive, run_cli, start_cli_process, use_ocr_engine,
                      wait_until)
from docgen import (make_big_pdf, make_docx, make_fake_ext, make_huge_image, make_not_a_zip_docx, make_scan_png,
                    make_text_pdf, make_truncated, make_utf8_txt, make_xlsx, make_zip_bomb_docx)

DEPT = "生态环境局"
LONG_NAME = "关于" + "融水苗族自治县重点生态功能区县域生态环境质量监测评价与考核" * 2 + "自查报告补充说明材料.txt"


def has_chinese(text: str | None) -> bool:
    return bool(text) and any("\u4e00" <= c <= "\u9fff" for c in text)


# -- password-protected Office files ---------------------------------------------------------

def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (v3, 512-byte sectors) holding `streams`, each ≥ 4096 bytes
    so no mini stream is needed: the container an encrypted DOCX/XLSX really is."""
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_sect, end]                      # sector 0: the FAT, sector 1: the directory
    data, starts = b"", []
    for payload in streams.values():
        assert len(payload) >= 4096
        payload += b"\0" * (-len(payload) % 512)
        first, count = len(fat), len(payload) // 512
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [end]
        data += payload
    assert len(fat) <= 128
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, free, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, 1, free, end, 0)
    for i, name in enumerate(names):  # a right-leaning chain, ordered by (length, name) as CFB wants
        directory += entry(name, 2, free, i + 2 if i + 1 < len(names) else free, starts[i], len(streams[name]))
    directory = directory.ljust(512, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6sIIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + struct.pack("<128I", *fat) + directory + data


def make_password_protected(source: Path, target: Path) -> Path:
    """Encrypt an Office file with a password the way Office does (msoffcrypto-tool when it is
    installed); otherwise write the same OLE EncryptedPackage container with random contents."""
    try:
        import msoffcrypto.format.ooxml as ooxml
    except ImportError:
        plain = source.read_bytes()
        info = (struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
                b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES"'
                b' cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/></encryption>').ljust(4096, b" ")
        package = struct.pack("<Q", len(plain)) + os.urandom(max(4096, len(plain) + 16 - len(plain) % 16))
        target.write_bytes(_cfb({"EncryptionInfo": info, "EncryptedPackage": package}))
        return target
    with source.open("rb") as src, target.open("wb") as dst:
        ooxml.OOXMLFile(src).encrypt("融水2020", dst)
    return target


# -- the corpus ------------------------------------------------------------------------------

def build_hostile_corpus(share: Path, outside: Path) -> dict[str, tuple[str, str | None]]:
    """Write the synthetic hostile files; returns {relative path: (status, error_code or None)}."""
    d = share / DEPT
    d.mkdir(parents=True, exist_ok=True)
    expected: dict[str, tuple[str, str | None]] = {}

    def expect(name: str, status: str, code: str | None = None) -> Path:
        expected[f"{DEPT}/{name}"] = (status, code)
        return d / name

    make_text_pdf(expect("污水处理厂运行报告.pdf", "indexed"), ["融水县城污水处理厂运行情况报告，出水水质稳定达标。"] * 3)
    make_docx(expect("年度工作总结.docx", "indexed"), ["生态环境局年度工作总结", "全年空气质量优良天数比例达到百分之九十八。"])
    (expect("空文件.pdf", "failed", "empty_file")).write_bytes(b"")
    (expect("空文件.docx", "failed", "empty_file")).write_bytes(b"")
    make_truncated(d / "污水处理厂运行报告.pdf", expect("截断的报告.pdf", "failed", "corrupt_pdf"), 0.5)
    make_truncated(d / "年度工作总结.docx", expect("截断的总结.docx", "failed", "corrupt_zip"), 0.5)
    make_zip_bomb_docx(expect("压缩炸弹.docx", "failed", "zip_bomb"))
    make_zip_bomb_docx(expect("声明巨大.docx", "failed", "zip_bomb"), declared_only=True)
    make_not_a_zip_docx(expect("网页另存为.docx", "indexed"))  # an OA system's HTML "Word" file is still text
    make_big_pdf(expect("统计资料汇编500页.pdf", "indexed"))
    make_huge_image(expect("两万乘两万像素.png", "failed", "image_too_large"))
    make_fake_ext(expect("其实是PDF.docx", "indexed"))
    make_password_protected(d / "年度工作总结.docx", expect("加密的总结.docx", "failed", "encrypted"))
    make_xlsx(d / "明细.xlsx.src", {"明细": [["项目", "金额"], ["污水管网", 120]]})
    make_password_protected(d / "明细.xlsx.src", expect("加密的明细.xlsx", "failed", "encrypted"))
    (d / "明细.xlsx.src").unlink()
    make_utf8_txt(expect("带 空格 的 文件名 .txt", "indexed"), "文件名带空格的河长制工作简报")
    make_utf8_txt(expect(LONG_NAME, "indexed"), "很长文件名的自查报告补充说明")
    make_utf8_txt(expect("报告..最终版.txt", "indexed"), "文件名含两个点的林长制报告")
    make_utf8_txt(expect("..以点开头.txt", "indexed"), "以两个点开头的水源地保护说明")
    gbk = os.path.join(os.fsencode(d), "关于饮用水水源地保护的通知.txt".encode("gbk"))
    with open(gbk, "wb") as fh:  # what a Windows share mounted without iocharset shows us
        fh.write("饮用水水源地保护区划定方案的通知".encode("gb18030"))
    expected[f"{DEPT}/关于饮用水水源地保护的通知.txt"] = ("indexed", None)
    outside.mkdir(parents=True, exist_ok=True)
    make_utf8_txt(outside / "机密.txt", "共享文件夹之外的机密内容")
    os.symlink(outside / "机密.txt", d / "指向外部的链接.txt")
    os.symlink(outside, d / "指向外部的目录")
    os.symlink(d / "年度工作总结.docx", d / "内部链接.docx")
    expected[f"{DEPT}/内部链接.docx"] = ("indexed", None)
    return expected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """One scan over the real public files and the synthetic hostile ones together."""
    base = tmp_path_factory.mktemp("hostile")
    home = make_home(base / "home")
    share = home / "watch_folders"
    real: set[str] = set()
    if REALDATA.exists():
        for source in REALDATA.rglob("*"):
            if source.is_file() and source.suffix != ".md":
                rel = f"财政局/realdata/{source.relative_to(REALDATA)}"
                (share / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, share / rel)
                real.add(rel)
    expected = build_hostile_corpus(share, base / "outside")
    report = cli_json(home, "scan")
    docs = cli_json(home, "documents")
    by_path = {loc["path"]: d for d in docs for loc in d["locations"] if loc["removed_at"] is None}
    return home, report, by_path, expected, real


@pytest.mark.parametrize("name", ["空文件.pdf", "截断的报告.pdf", "截断的总结.docx", "压缩炸弹.docx", "声明巨大.docx",
                                  "两万乘两万像素.png", "加密的总结.docx", "加密的明细.xlsx"])
def test_hostile_file_is_a_recorded_failure_with_a_chinese_reason(corpus, name):
    _, report, docs, expected, _ = corpus
    rel = f"{DEPT}/{name}"
    doc = docs[rel]
    assert (doc["status"], doc["error_code"]) == expected[rel]
    assert has_chinese(doc["error"])
    # identical bytes are one document, extracted once: its failure is reported under one path
    assert any(docs[e["path"]]["id"] == doc["id"] and (e["code"], e["message"]) == (doc["error_code"], doc["error"])
               for e in report["errors"] if e["path"] in docs)


@pytest.mark.parametrize("name,phrase", [
    ("其实是PDF.docx", "扩展名错误的PDF文件"),
    ("统计资料汇编500页.pdf", "序号12000"),
    ("网页另存为.docx", "县域生态环境质量考核工作的自查报告"),
    ("带 空格 的 文件名 .txt", "文件名带空格的河长制工作简报"),
    (LONG_NAME, "很长文件名的自查报告补充说明"),
    ("报告..最终版.txt", "文件名含两个点的林长制报告"),
    ("..以点开头.txt", "以两个点开头的水源地保护说明"),
    ("关于饮用水水源地保护的通知.txt", "饮用水水源地保护区划定方案"),
])
def test_odd_but_valid_file_is_ingested_and_found(corpus, name, phrase):
    home, _, docs, _, _ = corpus
    assert docs[f"{DEPT}/{name}"]["status"] == "indexed"
    hits = [h["source_path"] for h in cli_json(home, "search", phrase)["hits"]]
    assert f"{DEPT}/{name}" in hits


def test_500_page_pdf_keeps_every_page(corpus):
    _, _, docs, _, _ = corpus
    assert docs[f"{DEPT}/统计资料汇编500页.pdf"]["pages"] == 500


def test_pdf_with_a_lying_extension_is_read_as_pdf(corpus):
    _, _, docs, _, _ = corpus
    assert docs[f"{DEPT}/其实是PDF.docx"]["format"] == "pdf"


def test_gbk_file_name_is_decoded_and_searchable(corpus):
    home, _, _, _, _ = corpus
    hits = [h["source_path"] for h in cli_json(home, "search", "关于饮用水水源地保护的通知")["hits"]]  # name only
    assert hits == [f"{DEPT}/关于饮用水水源地保护的通知.txt"]


def test_symlink_out_of_the_share_is_not_followed_but_recorded(corpus):
    home, report, docs, _, _ = corpus
    assert not any(p.startswith(f"{DEPT}/指向外部") for p in docs)
    assert cli_json(home, "search", "共享文件夹之外的机密内容")["total"] == 0
    refused = {e["path"]: e for e in report["errors"] if e["code"] == "outside_link"}
    assert set(refused) == {f"{DEPT}/指向外部的链接.txt", f"{DEPT}/指向外部的目录"}
    assert all(has_chinese(e["message"]) for e in refused.values())


def test_refused_link_is_recorded_once_across_rescans_and_resolved_when_removed(tmp_path):
    home = make_home(tmp_path / "home")
    (tmp_path / "outside.txt").write_text("外部文件", encoding="utf-8")
    link = home / "watch_folders" / DEPT / "外部链接.txt"
    os.symlink(tmp_path / "outside.txt", link)
    cli_json(home, "scan")
    cli_json(home, "scan")
    from archive.store import Archive

    archive = Archive(home / "var")
    try:
        assert [r["code"] for r in archive.open_errors()] == ["outside_link"]
        link.unlink()
        cli_json(home, "scan")
        assert archive.open_errors() == []
    finally:
        archive.close()


def test_symlink_inside_the_share_is_followed(corpus):
    _, _, docs, _, _ = corpus
    assert docs[f"{DEPT}/内部链接.docx"]["id"] == docs[f"{DEPT}/年度工作总结.docx"]["id"]


def test_every_file_of_the_corpus_ends_indexed_or_failed_with_a_chinese_reason(corpus):
    """No silent skip: the whole corpus, real public files included, is accounted for."""
    _, _, docs, expected, real = corpus
    for rel in set(expected) | real:
        doc = docs.get(rel)
        assert doc is not None, f"{rel} was silently skipped"
        assert doc["status"] in ("indexed", "failed"), rel
        if doc["status"] == "failed":
            assert has_chinese(doc["error"]), (rel, doc["error"])
    for rel, (status, code) in expected.items():
        assert (docs[rel]["status"], docs[rel]["error_code"] if status == "failed" else None) == (status, code), rel


def test_scan_report_accounts_for_every_real_file_failure(corpus):
    if not REALDATA.exists():
        pytest.skip(f"shared real-data corpus not found at {REALDATA}")
    _, report, docs, _, real = corpus
    reported = {e["path"] for e in report["errors"]}
    failed = {rel for rel in real if docs[rel]["status"] == "failed"}
    # identical bytes are one document, but its failure is reported under every path holding it
    assert failed <= reported


def test_the_corpus_leaves_a_consistent_archive(corpus):
    home, _, _, _, _ = corpus
    code, out = run_cli(home, "check", "--no-repair", "--json")
    assert code == 0, out


# -- a file that changes while it is read -----------------------------------------------------

def test_file_changing_while_read_is_deferred_then_archived_whole(tmp_path):
    home = make_home(tmp_path / "home")
    target = home / "watch_folders" / DEPT / "正在复制的扫描件.txt"
    target.write_bytes(("地表水断面监测数据。" * 200_000).encode("utf-8"))  # ~6 MB: reading takes a while
    stop = threading.Event()

    def keep_writing() -> None:  # a department's copy that is still going on
        with open(target, "ab") as fh:
            while not stop.is_set():
                fh.write("续写".encode("utf-8"))
                fh.flush()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        first = cli_json(home, "scan")
    finally:
        stop.set()
        writer.join()
    assert first["deferred"] == 1 and first["new"] == 0
    assert cli_json(home, "documents") == []
    second = cli_json(home, "scan")
    assert second["new"] == 1
    import hashlib

    [doc] = cli_json(home, "documents")
    assert doc["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()


def test_deferred_file_is_shown_in_the_activity_log(tmp_path):
    home = make_home(tmp_path / "home")
    target = home / "watch_folders" / DEPT / "写入中.txt"
    target.write_bytes(("水质监测。" * 300_000).encode("utf-8"))
    stop = threading.Event()

    def keep_writing() -> None:
        with open(target, "ab") as fh:
            while not stop.is_set():
                fh.write(b"x")
                fh.flush()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        assert cli_json(home, "scan")["deferred"] == 1
    finally:
        stop.set()
        writer.join()
    from archive.store import Archive

    archive = Archive(home / "var")
    try:
        rows = [r for r in archive.recent_activity() if r["path"] == f"{DEPT}/写入中.txt"]
    finally:
        archive.close()
    assert rows and rows[0]["action"] == "deferred" and has_chinese(rows[0]["detail"])


# -- per-file limits -------------------------------------------------------------------------

def limited_home(path: Path, **limits) -> Path:
    home = make_home(path)
    config = (home / "evidence.toml").read_text(encoding="utf-8")
    lines = "".join(f"{key} = {value}\n" for key, value in limits.items())
    config = config.replace("file_timeout_seconds = 120\n", lines)
    (home / "evidence.toml").write_text(config, encoding="utf-8")
    return home


def test_parser_that_runs_past_the_file_timeout_is_killed_and_the_run_goes_on(tmp_path):
    home = limited_home(tmp_path / "home", file_timeout_seconds=2, ocr_page_timeout_seconds=300)
    use_ocr_engine(home, "tesseract")  # a separate process whose end shows the kill reached OCR too
    d = home / "watch_folders" / DEPT
    lines = ["关于2020年度县域生态环境质量监测评价与考核工作的自查报告，各项指标均已按要求填报。"] * 40
    make_scan_png(d / "密集扫描件.png", lines)  # one dense page: OCR takes far longer than 2 s
    make_utf8_txt(d / "同批次的文本.txt", "同一批次里的正常文本文件")
    seen: set[int] = set()
    scanning = threading.Event()

    def watch_ocr() -> None:
        while not scanning.is_set():
            seen.update(descendants(os.getpid(), "tesseract"))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch_ocr, daemon=True)
    watcher.start()
    try:
        report = cli_json(home, "scan")
    finally:
        scanning.set()
        watcher.join()
    docs = {doc["source_path"]: doc for doc in cli_json(home, "documents")}
    scan = docs[f"{DEPT}/密集扫描件.png"]
    assert (scan["status"], scan["error_code"]) == ("failed", "timeout") and has_chinese(scan["error"])
    assert docs[f"{DEPT}/同批次的文本.txt"]["status"] == "indexed"
    assert report["failed"] == 1 and report["extracted"] == 1
    assert seen, "the scan never ran tesseract"
    wait_until(lambda: not any(process_alive(pid, "tesseract") for pid in seen), 30)  # OCR was killed with its worker


def test_worker_over_its_memory_limit_is_recorded_and_the_run_goes_on(tmp_path):
    home = limited_home(tmp_path / "home", worker_memory_mb=500, file_timeout_seconds=120)
    d = home / "watch_folders" / DEPT
    make_huge_image(d / "大幅面照片.png", 10_900, 10_900, mode="RGB")  # under the pixel cap, 356 MB decoded
    make_utf8_txt(d / "正常文本.txt", "内存上限之下正常处理的文本")
    make_docx(d / "正常文档.docx", ["内存上限之下正常处理的文档"])
    report = cli_json(home, "scan")
    docs = {doc["source_path"]: doc for doc in cli_json(home, "documents")}
    big = docs[f"{DEPT}/大幅面照片.png"]
    assert big["status"] == "failed" and big["error_code"] in ("out_of_memory", "worker_crashed")
    assert has_chinese(big["error"])
    assert docs[f"{DEPT}/正常文本.txt"]["status"] == "indexed"
    assert docs[f"{DEPT}/正常文档.docx"]["status"] == "indexed"
    assert report["failed"] == 1 and report["extracted"] == 2


# -- the watcher meets the same odd names ------------------------------------------------------

def test_watcher_ingests_a_file_whose_name_starts_with_two_dots(tmp_path):
    home = make_home(tmp_path / "home")
    proc = start_cli_process(home, "watch")
    try:
        make_utf8_txt(home / "watch_folders" / DEPT / "哨兵.txt", "监视已开始的哨兵文件")
        wait_until(lambda: cli_json(home, "search", "监视已开始的哨兵文件")["total"] == 1, 60)  # catch-up done
        make_utf8_txt(home / "watch_folders" / "..根目录下的说明.txt", "根目录两点开头文件的说明")
        wait_until(lambda: cli_json(home, "search", "根目录两点开头文件")["total"] == 1, 60)
    finally:
        proc.terminate()
        proc.communicate(timeout=60)
