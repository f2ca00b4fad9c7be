"""What every benchmark reports: figures with their baseline and ratio, printed for people and, with
``--json``, as one machine-readable line that ``bench/run.py`` gathers into one table."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

MARKER = "BENCH-FIGURES "


@dataclass(frozen=True)
class Figure:
    benchmark: str
    measure: str
    ours: float
    unit: str
    #: The same measure for the baseline run in the same process or run (None: no baseline).
    baseline: float | None = None
    #: ours / baseline, or baseline / ours for throughputs, so that lower is better everywhere.
    ratio: float | None = None
    target: str = ""


def emit(figures: list[Figure]) -> None:
    print(MARKER + json.dumps([asdict(f) for f in figures]), flush=True)


def parse(output: str) -> list[Figure]:
    found: list[Figure] = []
    for line in output.splitlines():
        if line.startswith(MARKER):
            found += [Figure(**item) for item in json.loads(line[len(MARKER) :])]
    return found
