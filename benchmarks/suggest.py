"""Latency of similar/suggest on a synthetic knowledge base of N reports.

    python -m benchmarks.suggest [N] [--keep DIR]

Writes N invented reports with the ingest benchmark's generator (as Markdown, which the text
reader takes, so that building a 10,000-report base takes minutes, not hours), ingests them,
then prints: the time of the first open after the base changed (it builds the search index and
caches it in the store), the time to open the base and answer a first query, ``suggest`` p50/p99
over 200 complaints, and the wall time of ``minerva suggest`` as a fresh process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.ingest import CAUSES, DEFECTS, LAYOUTS, PRODUCTS, report_markdown

COMPLAINTS = ["买的{p}刚用两天就{d}，太坑了", "客户反馈{p}{d}，要求退货", "{p}到货就{d}，包装也破了",
              "售后退回一批{p}，都是{d}", "来料检验发现{p}{d}，批量不良"]


def make_markdown_archive(folder: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    for i in range(n):
        out = folder / f"{2019 + i % 6}" / f"{i:05d}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report_markdown(rng, i, LAYOUTS[i % len(LAYOUTS)]), encoding="utf-8")


def queries(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = rng.choice(COMPLAINTS).format(p=rng.choice(PRODUCTS), d=rng.choice(DEFECTS))
        out.append(text if rng.random() < 0.7 else text + "，" + rng.choice(CAUSES)[:8])
    return out


def run(n: int, keep: Path | None) -> None:
    from minerva.knowledge.base import KnowledgeBase

    root = keep or Path(tempfile.mkdtemp(prefix="minerva-suggest-"))
    archive, db = root / "archive", root / "kb.db"
    if not db.exists():
        make_markdown_archive(archive, n)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "minerva.cli", "ingest", str(archive), "--db", str(db)],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"built {n} reports in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    KnowledgeBase(db).suggest("外壳划伤", 5)
    first = time.perf_counter() - start
    start = time.perf_counter()
    kb = KnowledgeBase(db)
    kb.suggest("外壳划伤", 5)
    opened = time.perf_counter() - start
    times = []
    for q in queries(200):
        t = time.perf_counter()
        kb.suggest(q, 5)
        times.append(1000 * (time.perf_counter() - t))
    times.sort()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "minerva.cli", "suggest", "蓝牙耳机外壳划伤", "--db", str(db), "--json"],
                   check=True, stdout=subprocess.DEVNULL)
    fresh = time.perf_counter() - start
    print(f"cases {len(kb.recommender.index.case_ids)}  first open after a change (builds and caches the index)"
          f" {first:.2f} s; open + first suggest {opened:.2f} s")
    print(f"suggest p50 {statistics.median(times):.1f} ms  p99 {times[int(0.99 * len(times)) - 1]:.1f} ms")
    print(f"minerva suggest as a fresh process {fresh:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=10000)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    run(args.n, args.keep)


if __name__ == "__main__":
    main()
