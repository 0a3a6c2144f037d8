"""How pages reach the OCR engines: for Tesseract an uncompressed greyscale BMP in memory (the same
text as from an image file), several pages of one document at a time (with either engine) only on
cores no other worker uses, progress reported from the caller's thread, per-page timeouts that
leave no Tesseract behind.

The machine-wide CPU slots are redirected to a private directory so other processes on the
machine cannot change what these tests see."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import REPO, descendants, make_home
from docgen import cjk_compact, make_image_pdf, make_multipage_tiff, make_scan_png

import indexer.ocr.cpu_slots as slots_module
import indexer.ocr.pages as pages_module
import indexer.ocr.tesseract as tess
from indexer.extract.image import extract_image
from indexer.extract.pdf import extract_pdf
from indexer.extract.result import ExtractionError, ExtractOptions

PAGES = [["第一页：城镇生活污水处理率达到百分之九十。", "特此报告。"], ["第二页：生活垃圾无害化处理率稳步提高。", "特此报告。"],
         ["第三页：水土保持综合治理工程已验收。", "特此报告。"], ["第四页：全年未发生突发环境事件。", "特此报告。"]]
KEYS = ["城镇生活污水处理率", "生活垃圾无害化处理", "水土保持综合治理", "未发生突发环境事件"]
OPTIONS = ExtractOptions(ocr_dpi=200, ocr_page_timeout=120, ocr_engine="tesseract")
ENGINES = ["tesseract", "ppocr"]
# a page as full as a real report's: reading it takes longer than rendering the next one, so a
# second core has a page to read (PP-OCR reads the short PAGES faster than they are rendered)
FULL_PAGES = [lines[:1] + [f"第{n}段：各乡镇已建立河长制巡河台账，全年累计巡河一千二百余次。" for n in range(1, 9)] + lines[1:]
              for lines in PAGES]


@pytest.fixture
def slots(tmp_path, monkeypatch):
    """Two cores, slots private to this test."""
    directory = tmp_path / "slots"
    monkeypatch.setattr(slots_module, "SLOT_DIR", directory)
    monkeypatch.setattr(slots_module, "usable_cores", lambda limit=None: 2)
    return directory


@pytest.fixture
def concurrency(monkeypatch):
    """The most engine readings this process had going at once."""
    state = {"now": 0, "peak": 0}
    lock = threading.Lock()
    read = pages_module.PageReader._read

    def counting(self, data):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        try:
            return read(self, data)
        finally:
            with lock:
                state["now"] -= 1

    monkeypatch.setattr(pages_module.PageReader, "_read", counting)
    return state


def hold(directory: Path, name: str, mode: int = fcntl.LOCK_EX) -> int:
    """Another worker's lock (a separate open file: flock does not share it with this one)."""
    directory.mkdir(exist_ok=True)
    fd = os.open(directory / name, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, mode | fcntl.LOCK_NB)
    return fd


def all_free(directory: Path) -> bool:
    fds = [hold(directory, f"slot-{i}") for i in range(2)] + [hold(directory, "demand")]
    for fd in fds:
        os.close(fd)
    return True


def test_memory_file_reads_the_same_text_as_tesseract_on_an_image_file(tmp_path):
    from PIL import Image

    png = make_scan_png(tmp_path / "scan.png", PAGES[0] + PAGES[2], dpi=200, seed=5)
    grey = tmp_path / "grey.png"
    tess.prepare(Image.open(png)).save(grey)
    bare = subprocess.run(["tesseract", str(grey), "-", "-l", "chi_sim", "--psm", "3"],
                          capture_output=True, check=True).stdout.decode()
    assert pages_module.ocr_image(Image.open(png), "chi_sim", 120, engine="tesseract").text == bare
    assert KEYS[0] in cjk_compact(bare) and KEYS[2] in cjk_compact(bare)


@pytest.mark.parametrize("engine", ENGINES)
def test_idle_cores_read_pages_of_one_scan_two_at_a_time_in_page_order(tmp_path, slots, concurrency, engine):
    pdf = make_image_pdf(tmp_path / "scan.pdf", FULL_PAGES, dpi=200, seal=False)
    progress: list[tuple[int, int]] = []
    options = ExtractOptions(ocr_dpi=200, ocr_page_timeout=120, ocr_engine=engine)
    result = extract_pdf(pdf, options, lambda n, *_: progress.append((n, threading.get_ident())))
    assert [p.number for p in result.pages] == [1, 2, 3, 4] and all(p.ocr for p in result.pages)
    for page, key in zip(result.pages, KEYS):
        assert key in cjk_compact(page.text), (page.number, page.text)
    assert concurrency["peak"] == 2
    assert sorted(n for n, _ in progress) == [1, 2, 3, 4]
    assert {thread for _, thread in progress} == {threading.get_ident()}  # never from a lane
    assert all_free(slots)  # every slot and the demand file released


def test_no_second_page_while_other_workers_hold_every_core(tmp_path, slots, concurrency):
    pdf = make_image_pdf(tmp_path / "scan.pdf", PAGES[:3], dpi=200, seal=False)
    others = [hold(slots, "slot-0"), hold(slots, "slot-1")]
    try:
        result = extract_pdf(pdf, OPTIONS)
        # This worker still reads (a worker never waits for a slot), one page at a time, and
        # told the others it is waiting for a core.
        assert concurrency["peak"] == 1
        assert [KEYS[i] in cjk_compact(p.text) for i, p in enumerate(result.pages)] == [True] * 3
    finally:
        for fd in others:
            os.close(fd)
    assert all_free(slots)


def test_no_second_page_while_another_worker_waits_for_a_core(tmp_path, slots, concurrency):
    pdf = make_image_pdf(tmp_path / "scan.pdf", PAGES[:3], dpi=200, seal=False)
    waiting = hold(slots, "demand", fcntl.LOCK_SH)
    try:
        extract_pdf(pdf, OPTIONS)
        assert concurrency["peak"] == 1
    finally:
        os.close(waiting)


def test_cores_are_capped_by_the_pool_size_handed_down_as_a_value(tmp_path):
    """`[limits] workers = 1` reaches the page reader as ExtractOptions.cores: one page at a time."""
    from indexer.pipeline import sandbox_settings
    from spine.config import load_config

    assert slots_module.usable_cores(1) == 1
    assert 1 <= slots_module.usable_cores(64) <= (os.cpu_count() or 1)
    home = make_home(tmp_path / "home")
    config = home / "evidence.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("workers = 2", "workers = 1"), encoding="utf-8")
    options, _ = sandbox_settings(load_config(home))
    assert options.cores == 1
    with pages_module.PageReader("chi_sim", 30, engine="tesseract", cores=options.cores) as reader:
        assert (reader.cores, reader.lanes) == (1, 1)


def test_importing_the_engines_sets_no_environment_and_their_processes_run_on_one_thread():
    """Tesseract's one OpenMP thread is in the environment of its own process, not set in ours
    when the module is imported."""
    probe = ("import os; before = dict(os.environ); import indexer.ocr.tesseract, indexer.ocr.pages;"
             " assert dict(os.environ) == before, set(os.environ.items()) ^ set(before.items())")
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    subprocess.run([sys.executable, "-c", probe], check=True, cwd=REPO, env=env)
    with pages_module.PageReader("chi_sim", 30, engine="tesseract") as reader:
        proc = reader.start(["sh", "-c", "echo $OMP_THREAD_LIMIT"], ())
        out, _ = proc.communicate(timeout=30)
        reader.forget(proc)
    assert out.decode().strip() == "1"


def test_waiting_worker_takes_the_core_that_comes_free(slots):
    other = hold(slots, "slot-0"), hold(slots, "slot-1")
    with slots_module.cpu_slot():
        assert slots_module._someone_waits()  # this worker registered its demand
        os.close(other[1])
        assert slots_module.PROCESS_SLOT.settle(2)  # traded the demand for the freed slot
        assert not slots_module._someone_waits()
    os.close(other[0])
    assert all_free(slots)


def test_multipage_tiff_frames_keep_their_order(tmp_path, slots, concurrency):
    tif = make_multipage_tiff(tmp_path / "scan.tif", PAGES[:3], dpi=200, seal=False)
    done: list[int] = []
    result = extract_image(tif, OPTIONS, done.append)
    assert [p.number for p in result.pages] == [1, 2, 3] and sorted(done) == [1, 2, 3]
    for page, key in zip(result.pages, KEYS):
        assert key in cjk_compact(page.text)


def test_page_timeout_fails_the_file_and_leaves_no_tesseract_running(tmp_path, slots):
    pdf = make_image_pdf(tmp_path / "scan.pdf", PAGES, dpi=200, seal=False)
    with pytest.raises(ExtractionError) as failure:
        extract_pdf(pdf, ExtractOptions(ocr_dpi=200, ocr_page_timeout=0.05, ocr_engine="tesseract"))
    assert failure.value.code == "ocr_timeout"
    assert descendants(os.getpid(), "tesseract") == set()
    assert all_free(slots)


def test_unreadable_page_data_is_an_ocr_failure_not_a_crash(slots):
    with pages_module.PageReader("chi_sim", 30, engine="tesseract") as reader:
        with pytest.raises(ExtractionError) as failure:
            reader.add(0, _Garbage())
            reader.finish()
    assert failure.value.code == "ocr_failed"


class _Garbage:
    """Stands in for an image whose encoding Tesseract cannot read."""


@pytest.fixture(autouse=True)
def _garbage_encoding(monkeypatch):
    prepare = tess.TesseractEngine.prepare
    monkeypatch.setattr(tess.TesseractEngine, "prepare", lambda self, image: (b"P5\n10 10\n255\nshort", 10, 10)
                        if isinstance(image, _Garbage) else prepare(self, image))


def test_an_upright_page_is_read_without_a_copy_and_an_exif_turned_photo_still_turned(tmp_path):
    """A 300 dpi page is 26 MB: flattening an upright opaque page hands it on as it is; a phone
    photo whose EXIF says it lies upside down is still turned (and reads)."""
    from PIL import Image

    from docgen import make_exif_rotated_jpg
    from indexer.ocr.flatten import flatten

    upright = Image.open(make_scan_png(tmp_path / "scan.png", PAGES[0], dpi=100, seed=2))
    assert flatten(upright) is upright
    turned = Image.open(make_exif_rotated_jpg(tmp_path / "photo.jpg", PAGES[3], dpi=200))
    flat = flatten(turned)
    assert flat is not turned and flat.getexif().get(0x0112, 1) == 1
    for engine in ENGINES:
        text = pages_module.ocr_image(turned, "chi_sim", 120, engine=engine).text
        assert KEYS[3] in cjk_compact(text), (engine, text)
