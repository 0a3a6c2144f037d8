"""Progress bars on stderr for long work; silent when output is machine-read or not a terminal."""

from __future__ import annotations

import sys

STAGES = {"archive": "存档", "extract": "解析", "index": "索引", "convert": "转换为PDF", "compile": "汇编页码"}


class ProgressBar:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bars: dict[str, object] = {}

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        for bar in self._bars.values():
            bar.close()

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self._bars.get(stage)
        if bar is None:
            bar = self._bars[stage] = tqdm(total=total, desc=STAGES.get(stage, stage), unit="个", file=sys.stderr)
        bar.total = total
        bar.n = done
        bar.refresh()
