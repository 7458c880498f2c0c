"""Hostile input: mutated real report files never crash or hang a reader (bounded, seeded fuzz)."""

from __future__ import annotations

import time

from benchmarks.fuzz import fuzz
from minerva.errors import REASONS

COUNT, SEED, LIMIT = 60, 20240601, 30.0


def test_mutated_files_fail_cleanly() -> None:
    started = time.monotonic()
    result = fuzz(COUNT, seed=SEED, timeout=LIMIT)
    counts = result["counts"]
    assert sum(counts.values()) == COUNT
    assert not result["bad"], result["bad"]  # no uncaught exception, no hang, no dead worker
    assert set(counts) <= {"ok", *REASONS}, counts
    assert counts["corrupt"] > 0 and counts["too-large"] > 0  # the mutations did reach the readers
    assert time.monotonic() - started < COUNT * LIMIT
