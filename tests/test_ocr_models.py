"""The PP-OCR detection and recognition models shipped in indexer/ocr/models/ are the wheel's
models rewritten (scripts/fuse_ppocr_models.py) into cheaper but equivalent arithmetic: on a real
rendered page they find the same text regions and read the same characters as the originals,
the engine runs them, and they were made from the models of the installed wheel."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from docgen import cjk_compact, make_scan_png

pytest.importorskip("rapidocr_onnxruntime")

from indexer.ocr import ppocr  # noqa: E402

LINES = ["全年共办理环境影响评价审批项目三十二个，环评执行率达到百分之百。", "特此报告。"]


def _wheel_model(name: str) -> Path:
    import rapidocr_onnxruntime

    return Path(rapidocr_onnxruntime.__file__).parent / "models" / name


def _session(path: Path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def test_shipped_models_were_made_from_the_installed_wheels_models():
    notice = (ppocr.MODELS / "NOTICE").read_text(encoding="utf-8")
    assert "Apache License 2.0" in notice
    for shipped in (ppocr.DET_MODEL, ppocr.REC_MODEL):
        digest = hashlib.sha256(_wheel_model(shipped.name).read_bytes()).hexdigest()
        assert re.search(rf"{re.escape(shipped.name)} {digest}", notice), \
            f"the wheel's {shipped.name} changed: run scripts/fuse_ppocr_models.py again"


def test_engine_runs_the_shipped_models_and_reads_the_same_as_the_wheels_models(tmp_path):
    engine = ppocr.PPOcrEngine.shared()
    assert Path(engine._ocr.text_det.infer.session._model_path) == ppocr.DET_MODEL
    assert Path(engine._ocr.text_rec.session.session._model_path) == ppocr.REC_MODEL

    page = make_scan_png(tmp_path / "page.png", LINES, dpi=200, seed=3)
    bgr, _, sheet = engine.prepare(Image.open(page))
    boxes = engine._detect(bgr, sheet)
    crops = [ppocr._cut(bgr, box, 0, bgr.shape[1], bgr.shape[0]) for box in boxes]
    assert crops
    shipped, wheel = _session(ppocr.REC_MODEL), _session(_wheel_model(ppocr.REC_MODEL.name))
    read = []
    for crop in crops:
        batch = engine._ocr.text_rec.resize_norm_img(crop, max(crop.shape[1] / crop.shape[0], 160 / 48))[None]
        ours = shipped.run(None, {shipped.get_inputs()[0].name: batch})[0]
        theirs = wheel.run(None, {wheel.get_inputs()[0].name: batch})[0]
        assert np.array_equal(ours.argmax(-1), theirs.argmax(-1))
        assert float(np.abs(ours - theirs).max()) < 1e-3
        read.append(engine._ocr.text_rec.postprocess_op(ours)[0][0])
    assert "环境影响评价审批项目" in cjk_compact("".join(read))

    part = np.ascontiguousarray(bgr[:640, :640]).astype(np.float32).transpose(2, 0, 1)
    detected = ((part / 255.0 - 0.5) / 0.5)[None].astype(np.float32)
    det_ours, det_wheel = _session(ppocr.DET_MODEL), _session(_wheel_model(ppocr.DET_MODEL.name))
    name = det_ours.get_inputs()[0].name
    assert float(np.abs(det_ours.run(None, {name: detected})[0] - det_wheel.run(None, {name: detected})[0]).max()) < 1e-3
