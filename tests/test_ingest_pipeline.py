"""The ingest path's own machinery: the extraction pool (prefetch, requeue, its fork server), the
blob store's syncing, the index flush, and the fast paths of normalisation, DOCX reading and
tagging — each one gives the same result as the plain way it replaced."""

from __future__ import annotations

import os
import random
import re
import shutil
import unicodedata
import zipfile
from concurrent.futures import Future

import pytest

from conftest import process_alive, wait_until
from docgen import make_docx, make_utf8_txt

# -- the extraction pool --------------------------------------------------------------------


def test_a_hung_file_times_out_and_the_task_prefetched_behind_it_still_runs(tmp_path):
    from indexer.extract import ExtractOptions
    from indexer.sandbox import ExtractionPool, Limits, Task

    hung = tmp_path / "named-pipe.txt"
    os.mkfifo(hung)  # opening it for reading blocks forever: a parser that never returns
    texts = [make_utf8_txt(tmp_path / f"说明{n}.txt", f"第{n}份说明材料") for n in range(8)]
    tasks = [Task("hung", hung, hung.name)] + [Task(p.stem, p, p.name) for p in texts]
    with ExtractionPool(1, ExtractOptions(), Limits(file_timeout=2.0)) as pool:  # one worker: it prefetches
        outcomes = {o.task.key: o for o in pool.map(tasks)}
    assert set(outcomes) == {t.key for t in tasks}  # every task accounted for exactly once
    assert outcomes["hung"].error is not None and outcomes["hung"].error.code == "timeout"
    for path in texts:
        assert outcomes[path.stem].error is None, outcomes[path.stem].error
        assert outcomes[path.stem].extraction.pages[0].text == f"第{path.stem[2:]}份说明材料"


def test_closing_a_pool_ends_its_workers_and_the_last_pool_its_fork_server(tmp_path):
    from indexer import sandbox
    from indexer.extract import ExtractOptions
    from indexer.sandbox import ExtractionPool, Limits, Task

    path = make_utf8_txt(tmp_path / "说明.txt", "池关闭后不留进程")
    pool = ExtractionPool(2, ExtractOptions(), Limits())
    [outcome] = list(pool.map([Task(1, path, path.name)]))
    assert outcome.error is None
    workers = [w.process.pid for w in pool._workers if w.process is not None]
    assert workers and all(process_alive(pid) for pid in workers)
    pool.close()
    assert not any(process_alive(pid) for pid in workers)
    from multiprocessing import forkserver

    if not sandbox._open_pools:  # stopped in the background
        wait_until(lambda: forkserver._forkserver._forkserver_pid is None, 30)


def test_the_fork_server_imports_what_the_files_of_the_scan_need():
    from indexer.sandbox import PRELOAD, PRELOAD_CORE, PRELOAD_PPOCR, preload_for

    assert preload_for(["局/扫描件.PNG", "局/照片.jpg"], "ppocr") == PRELOAD_CORE + PRELOAD_PPOCR
    assert preload_for(["局/扫描件.png", "局/通知.docx"], "ppocr") == PRELOAD + PRELOAD_PPOCR
    assert preload_for(["局/扫描件.png"], "tesseract") == PRELOAD_CORE
    assert preload_for(["局/通知.docx", "局/报告.pdf"], "ppocr") == PRELOAD
    assert preload_for([], "ppocr") == PRELOAD


def test_a_scan_of_pictures_alone_starts_its_fork_server_without_office_libraries_and_a_later_docx_is_read(tmp_path):
    """Scans and photos read by PP-OCR: the fork server imports PP-OCR's libraries once for every
    worker and no Office or PDF library (it would cost the run 0.25 CPU s for nothing). A DOCX
    that comes later to the same process is still read: its worker imports what it needs."""
    from multiprocessing import forkserver

    from conftest import make_home, use_ocr_engine
    from docgen import make_scan_png
    from evidence.config import load_config
    from evidence.services import open_services
    from indexer import sandbox

    if not sandbox._open_pools:  # an earlier test's fork server (its own imports) is on its way out
        wait_until(lambda: forkserver._forkserver._forkserver_pid is None, 30)
    home = make_home(tmp_path / "home")
    use_ocr_engine(home, "ppocr")
    folder = home / "watch_folders" / "生态环境局"
    folder.mkdir(parents=True, exist_ok=True)
    make_scan_png(folder / "扫描件.png", ["县财政局已将转移支付资金纳入预算管理"], dpi=150, seal=False)
    services = open_services(load_config(home))
    try:
        report = services.ingestor.scan()
        assert report.failed == 0 and report.indexed == 1
        pid = forkserver._forkserver._forkserver_pid
        preloaded = open(f"/proc/{pid}/cmdline", "rb").read().decode()
        assert "'rapidocr_onnxruntime'" in preloaded and "'indexer.ocr.ppocr_loaded'" in preloaded
        assert "'indexer.extract.image'" in preloaded
        assert "'docx'" not in preloaded and "'pdfplumber'" not in preloaded
        make_docx(folder / "通知.docx", ["关于河长制巡河台账的通知", "全年累计巡河一千二百余次"])
        report = services.ingestor.scan()
        assert report.failed == 0 and report.indexed == 1
        assert services.index.search("巡河台账").total == 1
        assert services.index.search("转移支付资金").total == 1
    finally:
        services.close()


def test_a_pool_that_was_never_given_work_starts_no_process():
    from indexer.extract import ExtractOptions
    from indexer.sandbox import ExtractionPool, Limits

    pool = ExtractionPool(2, ExtractOptions(), Limits())
    assert all(w.process is None for w in pool._workers)
    pool.close()


# -- the blob store ---------------------------------------------------------------------------


def test_new_bytes_are_synced_before_they_get_their_name_and_known_bytes_are_not_synced_again(tmp_path, monkeypatch):
    from archive import blobstore
    from archive.blobstore import BlobStore

    store = BlobStore(tmp_path / "blobs")
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd):
        name = os.readlink(f"/proc/self/fd/{fd}")
        synced.append(name)
        return real_fsync(fd)

    monkeypatch.setattr(blobstore.os, "fsync", fsync)
    first = make_utf8_txt(tmp_path / "a.txt", "同一份内容")
    again = make_utf8_txt(tmp_path / "b.txt", "同一份内容")
    blob = store.put_file(first)
    assert blob.created and len(synced) == 1 and synced[0].endswith(".part")  # the temporary, before the rename
    assert store.put_file(again) == blobstore.StoredBlob(blob.sha256, blob.size, created=False)
    assert len(synced) == 1
    assert list((tmp_path / "blobs" / "tmp").iterdir()) == []
    assert store.verify(blob.sha256)


# -- the index flush --------------------------------------------------------------------------


def test_flush_indexes_finished_documents_even_behind_a_full_batch_of_pending_ones(tmp_path, monkeypatch):
    from archive.store import PageText
    from conftest import make_home
    from evidence.config import load_config
    from evidence.services import open_services
    from indexer import pipeline

    home = make_home(tmp_path / "home")
    folder = home / "watch_folders" / "水利局"
    for n in range(6):
        make_utf8_txt(folder / f"待解析{n}.txt", f"尚未解析的第{n}份")
    make_utf8_txt(folder / "已解析.txt", "已经解析完毕的河长制材料")
    monkeypatch.setattr(pipeline, "INDEX_BATCH", 3)
    services = open_services(load_config(home))
    try:
        archive = services.archive
        for found in sorted(pipeline.walk(services.config.watch_root), key=lambda f: f.rel == "水利局/已解析.txt"):
            copied = Future()
            copied.set_result(services.ingestor._copy_in(found))
            services.ingestor._record(found, copied, pipeline.IngestReport())  # 'pending' and index_dirty
        done = max(archive.dirty_document_ids())  # behind six pending documents: two full batches
        archive.save_extraction(done, [PageText(1, "已经解析完毕的河长制材料")], False)
        assert services.ingestor.flush_index() == 1
        assert services.index.search("河长制材料").total == 1
        assert len(archive.dirty_document_ids()) == 6 and done not in archive.dirty_document_ids()
    finally:
        services.close()


def test_scan_indexes_while_it_extracts_and_saves_text_with_tags(tmp_path, monkeypatch):
    from conftest import cli_json, make_home
    from indexer import pipeline

    monkeypatch.setattr(pipeline, "INDEX_MIN_BATCH", 4)  # several index commits during the run
    flushed: list[int] = []
    flush = pipeline.Ingestor.flush_index
    monkeypatch.setattr(pipeline.Ingestor, "flush_index", lambda self: flushed.append(flush(self)) or flushed[-1])
    home = make_home(tmp_path / "home")
    folder = home / "watch_folders" / "财政局"
    for n in range(24):
        make_docx(folder / f"关于下达2020年重点生态功能区转移支付资金的通知{n:02d}.docx",
                  [f"关于下达2020年重点生态功能区转移支付资金的通知（第{n}批）", "转移支付资金使用情况"])
    shutil.copyfile(folder / "关于下达2020年重点生态功能区转移支付资金的通知00.docx", folder / "关于下达2020年重点生态功能区转移支付资金的通知（副本）.docx")
    report = cli_json(home, "scan")
    assert (report["new"], report["extracted"], report["indexed"], report["failed"]) == (24, 24, 24, 0)
    assert report["duplicates"] == 1
    assert len([n for n in flushed if n]) >= 2 and sum(flushed) == 24  # indexed in batches, each document once
    docs = cli_json(home, "documents")
    assert all(d["status"] == "indexed" and d["items"] and d["years"] == [2020] for d in docs)
    assert cli_json(home, "search", "转移支付资金")["total"] == 24
    assert cli_json(home, "scan")["unchanged"] == 25


# -- normalisation ----------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007"


def _reference_normalize(text: str) -> str:
    """The plain form the fast one must equal: translate every character, one pass per line."""
    punct = str.maketrans({"\uff61": "。", "\u2014": "—", "\u2015": "—", "\u2018": "'", "\u2019": "'",
                           "\u201c": '"', "\u201d": '"', "\u3001": "、", "\u2236": ":"})
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u200b-\u200f\u2028\u2029\ufeff]", "",
                  text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFKC", text).translate(punct)
    text = re.sub(f"(?<=[{_CJK}])[ \\t\\u3000\\u00a0]+(?=[{_CJK}])", "", text)
    text = re.sub(f"(?<=[{_CJK}])[ \\t]+(?=[,.;:!?)\\]》」』〕】])|(?<=[(\\[《「『〔【])[ \\t]+(?=[{_CJK}])", "", text)
    lines = [re.sub(r"[ \t\u3000\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def test_normalize_equals_the_plain_reference_on_random_text():
    from indexer.extract.normalize import normalize_text

    alphabet = list(" \t\u3000\u00a0\n\r\x00\x0b\x0c\x1f\x7f\ufeff\u200b\u2028\uff61\u2014\u2015\u2018\u2019"
                    "\u201c\u201d\u3001\u2236,.;:!?)]》」』〕】([《「『〔【转移支付资金ＣＯＤ２０１９abc\x85\u2003") + ["\U00020000"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert normalize_text(text) == _reference_normalize(text), repr(text)


# -- DOCX -------------------------------------------------------------------------------------


def test_docx_text_is_read_without_parsing_its_styles(tmp_path):
    import docx as python_docx

    from indexer.extract.docx import extract_docx

    source = make_docx(tmp_path / "通知.docx", ["关于开展河长制巡河工作的通知", "各乡镇按月巡河并记录。"],
                       table=[["乡镇", "巡河次数"], ["融水镇", 12]], header="融水县水利局", footer="第1页")
    expected = extract_docx(source)
    broken = tmp_path / "样式损坏.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, b"<w:styles broken" if info.filename == "word/styles.xml" else data)
    with pytest.raises(Exception):
        python_docx.Document(str(broken))  # python-docx parses every part
    got = extract_docx(broken)
    assert got == expected and "巡河次数" in got.pages[0].text and "融水县水利局" in got.pages[0].text


# -- tagging ----------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern, words", [
    ("局", ("局",)),
    ("立项|可行性研究|可研", ("可行性研究", "立项", "可研")),
    ("乡镇数量|行政村|辖.{0,4}[镇乡]", ("乡镇数量", "行政村", "辖")),
    ("考核结果|考核等次", ("考核",)),
    ("(?:河长)+制", ("河长",)),
    ("a*", None),
    ("(?i)cod", None),
    ("(a|)", None),
])
def test_required_literals(pattern, words):
    from indexer.tagging.matching import required_literals

    assert required_literals(pattern) == (tuple(sorted(words, key=lambda s: (-len(s), s))) if words else None)


def test_every_catalog_pattern_only_matches_text_holding_one_of_its_required_words():
    from archive.catalog import load_catalog
    from indexer.tagging.matching import compiled, required_literals

    catalog = load_catalog()
    patterns = {p for item in catalog.leaf_items() for rule in item.rules
                for p in (*rule.groups, *rule.title_groups, *rule.none, *rule.none_title)}
    rng = random.Random(3)
    for pattern in patterns:
        words = required_literals(pattern)
        if words is None:
            continue
        pieces = [w for p in patterns for w in (required_literals(p) or ())] + list("，。乡镇县局的年")
        for _ in range(200):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
            if compiled(pattern).search(text):
                assert any(w in text for w in words), (pattern, text)


def test_tagging_with_the_prefilter_equals_tagging_without_it(monkeypatch):
    from archive.catalog import load_catalog
    from indexer.tagging import TagInput, matching, rules, tag_document

    catalog = load_catalog()
    docs = [
        TagInput("关于下达2020年重点生态功能区转移支付资金的通知", ["财政局/2020/通知.docx"],
                 ["融财预〔2020〕12号\n转移支付资金用于生态环境保护和改善民生。\n融水苗族自治县财政局\n2020年5月8日"]),
        TagInput("河长制工作总结", ["水利局/2020/总结.docx"], ["全县各乡镇巡河记录齐全，行政村河长全覆盖。"]),
        TagInput("乡镇污水处理设施运行台账", ["住建局/台账.xlsx"], ["【运行】\n乡镇污水处理厂\t处理水量\t负荷率\n融水镇\t1200\t85%"]),
    ]
    fast = [tag_document(d, catalog) for d in docs]
    monkeypatch.setattr(rules, "required_literals", lambda pattern: None)
    assert [tag_document(d, catalog) for d in docs] == fast
    assert matching.required_literals.cache_info().hits > 0
