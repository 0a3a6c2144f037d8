"""Rewrite RapidOCR's PP-OCRv4 recognition and detection models into an equivalent, cheaper
graph, once; the result is shipped as package data (indexer/ocr/models/), so nothing is
downloaded or rewritten at run time.

Why: the models were exported from Paddle (paddle2onnx) with every PP-LCNetV3 block spelt out
element by element: Conv → Mul(scale) → Add(bias) (a "learnable affine block") → hard-swish as
Add(3) → Clip(0, 6) → Mul → Div(6) → Mul(scale) → Add(bias). On one CPU thread ONNX Runtime
spends over half of the recogniser's time in those Mul/Add/Clip/Div nodes and in the layout
reorders between them, none of which it fuses. The rewrite is exact algebra (float32 rounding
aside):

- a scalar affine right after a Conv (with or without a BatchNormalization between) is folded
  into the Conv's weights and bias;
- Add(x, 3) → Clip(0, 6) → Mul(x, ·) → Div(6) becomes Mul(x, HardSigmoid(x, 1/6, 1/2));
- a scalar affine right before a Conv that pads nothing is folded into that Conv.

The models are PaddleOCR's (Apache License 2.0), as converted and shipped by the
rapidocr-onnxruntime wheel (Apache License 2.0); the licence allows modified copies to be
distributed with the licence and a statement of the change (indexer/ocr/models/NOTICE).

    python scripts/fuse_ppocr_models.py          # needs the `onnx` package (the `models` extra)
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "indexer" / "ocr" / "models"
MODELS = {"ch_PP-OCRv4_rec_infer.onnx": "rec", "ch_PP-OCRv4_det_infer.onnx": "det"}


class Graph:
    """Producers, consumers and constant values of an ONNX graph, for local rewrites."""

    def __init__(self, model) -> None:
        from onnx import numpy_helper

        self.model, self.graph = model, model.graph
        self.consts: dict[str, np.ndarray] = {i.name: numpy_helper.to_array(i) for i in self.graph.initializer}
        for node in self.graph.node:
            if node.op_type == "Constant" and node.attribute[0].name == "value":
                self.consts[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
        self.refresh()

    def refresh(self) -> None:
        self.producer = {out: node for node in self.graph.node for out in node.output}
        self.consumers: dict[str, list] = {}
        for node in self.graph.node:
            for name in node.input:
                self.consumers.setdefault(name, []).append(node)
        self.outputs = {o.name for o in self.graph.output}

    def only_consumer(self, name: str, op: str):
        users = self.consumers.get(name, [])
        if len(users) == 1 and users[0].op_type == op and name not in self.outputs:
            return users[0]
        return None

    def scalar(self, name: str) -> float | None:
        value = self.consts.get(name)
        return float(value.reshape(-1)[0]) if value is not None and value.size == 1 else None

    def other(self, node, name: str) -> str:
        return node.input[1] if node.input[0] == name else node.input[0]

    def set_const(self, name: str, value: np.ndarray) -> None:
        from onnx import numpy_helper

        value = value.astype(np.float32)
        self.consts[name] = value
        for init in self.graph.initializer:
            if init.name == name:
                init.CopyFrom(numpy_helper.from_array(value, name))
                return
        for node in self.graph.node:
            if node.op_type == "Constant" and node.output[0] == name:
                node.attribute[0].t.CopyFrom(numpy_helper.from_array(value, name))
                return
        self.graph.initializer.append(numpy_helper.from_array(value, name))

    def rename(self, old: str, new: str) -> None:
        """Every use of tensor `old` now reads `new`."""
        for node in self.graph.node:
            for i, name in enumerate(node.input):
                if name == old:
                    node.input[i] = new

    def drop(self, nodes) -> None:
        for node in nodes:
            self.graph.node.remove(node)
        self.refresh()


def _conv_weights(g: Graph, conv) -> tuple[np.ndarray, np.ndarray]:
    weight = g.consts[conv.input[1]]
    bias = g.consts[conv.input[2]] if len(conv.input) > 2 else np.zeros(weight.shape[0], np.float32)
    return weight.astype(np.float64), bias.astype(np.float64)


def _set_conv(g: Graph, conv, weight: np.ndarray, bias: np.ndarray) -> None:
    g.set_const(conv.input[1], weight)
    if len(conv.input) > 2:
        g.set_const(conv.input[2], bias)
    else:
        name = conv.input[1] + ".fused_bias"
        g.set_const(name, bias)
        conv.input.append(name)


def fold_bn_into_conv(g: Graph) -> int:
    count = 0
    for conv in [n for n in g.graph.node if n.op_type == "Conv"]:
        bn = g.only_consumer(conv.output[0], "BatchNormalization")
        if bn is None or any(name not in g.consts for name in bn.input[1:5]):
            continue
        scale, offset, mean, var = (g.consts[name].astype(np.float64) for name in bn.input[1:5])
        eps = next((a.f for a in bn.attribute if a.name == "epsilon"), 1e-5)
        weight, bias = _conv_weights(g, conv)
        factor = scale / np.sqrt(var + eps)
        _set_conv(g, conv, weight * factor[:, None, None, None], (bias - mean) * factor + offset)
        g.rename(bn.output[0], conv.output[0])
        g.drop([bn])
        count += 1
    return count


def fold_affine_after_conv(g: Graph) -> int:
    count = 0
    for conv in [n for n in g.graph.node if n.op_type == "Conv"]:
        mul = g.only_consumer(conv.output[0], "Mul")
        if mul is None:
            continue
        add = g.only_consumer(mul.output[0], "Add")
        a = g.scalar(g.other(mul, conv.output[0]))
        c = None if add is None else g.scalar(g.other(add, mul.output[0]))
        if a is None or c is None:
            continue
        weight, bias = _conv_weights(g, conv)
        _set_conv(g, conv, weight * a, bias * a + c)
        g.rename(add.output[0], conv.output[0])
        g.drop([mul, add])
        count += 1
    return count


def fuse_hard_swish(g: Graph) -> int:
    from onnx import helper

    count = 0
    for add in [n for n in g.graph.node if n.op_type == "Add"]:
        if add not in g.graph.node:
            continue
        for x in add.input:
            if g.scalar(g.other(add, x)) == 3.0 and x not in g.consts:
                break
        else:
            continue
        clip = g.only_consumer(add.output[0], "Clip")
        if clip is None or len(clip.input) < 3 or (g.scalar(clip.input[1]), g.scalar(clip.input[2])) != (0.0, 6.0):
            continue
        mul = g.only_consumer(clip.output[0], "Mul")
        if mul is None or g.other(mul, clip.output[0]) != x:
            continue
        div = g.only_consumer(mul.output[0], "Div")
        if div is None or div.input[0] != mul.output[0] or g.scalar(div.input[1]) != 6.0:
            continue
        gate = helper.make_node("HardSigmoid", [x], [div.output[0] + ".gate"], alpha=1.0 / 6.0, beta=0.5)
        out = helper.make_node("Mul", [x, gate.output[0]], [div.output[0]])
        at = list(g.graph.node).index(add)
        g.drop([add, clip, mul, div])
        g.graph.node.insert(at, out)
        g.graph.node.insert(at, gate)
        g.refresh()
        count += 1
    return count


def fold_affine_before_conv(g: Graph) -> int:
    count = 0
    for mul in [n for n in g.graph.node if n.op_type == "Mul"]:
        if mul not in g.graph.node:
            continue
        names = [name for name in mul.input if g.scalar(name) is not None]
        if len(names) != 1:
            continue
        x = g.other(mul, names[0])
        add = g.only_consumer(mul.output[0], "Add")
        c = None if add is None else g.scalar(g.other(add, mul.output[0]))
        conv = None if add is None else g.only_consumer(add.output[0], "Conv")
        if c is None or conv is None or conv.input[0] != add.output[0]:
            continue
        pads = next((list(at.ints) for at in conv.attribute if at.name == "pads"), [0])
        auto = next((at.s for at in conv.attribute if at.name == "auto_pad"), b"NOTSET")
        if any(pads) or auto not in (b"NOTSET", b"VALID"):
            continue  # zero padding of a·x + c is not a·(zero-padded x) + c at the border
        a = g.scalar(names[0])
        weight, bias = _conv_weights(g, conv)
        _set_conv(g, conv, weight * a, bias + c * weight.sum(axis=(1, 2, 3)))
        conv.input[0] = x
        g.drop([mul, add])
        count += 1
    return count


def rewrite(source: Path, target: Path) -> dict:
    import onnx

    model = onnx.load(str(source))
    g = Graph(model)
    done = {"batch_norm": fold_bn_into_conv(g), "affine_after_conv": fold_affine_after_conv(g),
            "hard_swish": fuse_hard_swish(g), "affine_before_conv": fold_affine_before_conv(g)}
    used = {name for node in g.graph.node for name in node.input}
    for node in [n for n in g.graph.node if n.op_type == "Constant" and n.output[0] not in used]:
        g.graph.node.remove(node)
    for init in [i for i in g.graph.initializer if i.name not in used]:
        g.graph.initializer.remove(init)
    onnx.checker.check_model(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(target))
    done.update(source_sha256=hashlib.sha256(source.read_bytes()).hexdigest(),
                nodes=len(model.graph.node))
    return done


def main() -> int:
    import rapidocr_onnxruntime

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    for name in sys.argv[1:] or MODELS:
        print(name, rewrite(models / name, OUT / name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
