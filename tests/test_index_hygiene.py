"""Index hygiene: segments merged away and documents replaced leave no files behind, so an index
fed in batches stays near the size of a fresh re-index (tantivy keeps unreferenced segment
files unless they are collected: Paperless-ngx's 87 MB index grew to 18 GB)."""

from __future__ import annotations

import random

import pytest

from conftest import cli_json, make_home
from docgen import make_utf8_txt
from indexer.search.index import IndexDoc, SearchIndex

WORDS = ["生态环境", "转移支付", "污水处理厂", "森林覆盖率", "水土保持", "监测报告", "饮用水水源地", "垃圾填埋场",
         "考核", "自查报告", "负面清单", "达标率", "河长制", "巡河", "2019", "2020", "COD"]
DEPARTMENTS = ["财政局", "水利局", "林业局", "生态环境局", "住建局"]


def _text(rng: random.Random, n: int) -> str:
    return "，".join(rng.choice(WORDS) + rng.choice(WORDS) for _ in range(n))


def _size(index: SearchIndex) -> int:
    return index.footprint().total_bytes


def test_an_index_fed_in_batches_with_replacements_stays_within_twice_a_fresh_one(tmp_path):
    rng = random.Random(13)
    docs = {i: IndexDoc(i, f"文件{i}.docx", _text(rng, 60), [rng.choice(DEPARTMENTS)], [], "报告", [2020], "indexed")
            for i in range(1, 1001)}
    index = SearchIndex(tmp_path / "batched").open()
    for start in range(1, 1001, 50):
        index.add(docs[i] for i in range(start, start + 50))
        again = rng.sample(range(1, start + 50), 10)  # new versions of earlier files
        index.add(IndexDoc(i, docs[i].title, _text(rng, 60), docs[i].departments, [], "报告", [2020], "indexed")
                  for i in again)
        assert index.footprint().garbage_files == []
    index.delete(range(1, 101))
    fresh = SearchIndex(tmp_path / "fresh").open()
    fresh.replace_all(docs[i] for i in range(101, 1001))
    assert index.doc_count() == fresh.doc_count() == 900
    assert index.footprint().garbage_files == []
    assert _size(index) <= 2 * _size(fresh), (_size(index), _size(fresh))


@pytest.mark.slow
def test_a_thousand_files_dropped_in_batches_keep_the_index_within_twice_a_fresh_reindex(tmp_path):
    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    rng = random.Random(5)
    for batch in range(10):
        for k in range(100):
            n = batch * 100 + k
            make_utf8_txt(share / DEPARTMENTS[n % len(DEPARTMENTS)] / f"文件{n}.txt", _text(rng, 40))
        report = cli_json(home, "scan")
        assert report["new"] == 100 and report["failed"] == 0
        check = cli_json(home, "check", "--no-repair")
        assert check["index_garbage_files"] == 0 and check["index_documents"] == (batch + 1) * 100
    batched = cli_json(home, "check", "--no-repair")["index_bytes"]
    assert cli_json(home, "reindex")["indexed"] == 1000
    fresh = cli_json(home, "check", "--no-repair")
    assert fresh["index_garbage_files"] == 0
    assert batched <= 2 * fresh["index_bytes"], (batched, fresh["index_bytes"])
