"""Where an extraction set loses its cases: naming one-complaint reports, or merging several.

    python -m benchmarks.case_counts tests/data/fresh4 [more folders] [--suffix .docx]

For each folder of NAME.gold.json files, each NAME<suffix> is extracted and its cases compared with
the gold, grouped by how many complaints the gold holds (1, 2-3, 4 or more): documents, gold cases,
cases extracted, cases paired with a gold case (the scorer's pairing), and documents that came out
with fewer cases than the gold (merged) or more (split). Only totals are printed, so the figures
can be read on a blind set without seeing its documents.

On the sixteenth session's code the blind set ``fresh4`` gave: one-complaint documents 99, paired
39; two-to-three-complaint documents 32 with 72 gold cases, 43 extracted, 25 paired, 24 merged.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from minerva import extract
from minerva.evaluate import load_gold, pair, problem_similarity

SIZES = ("1", "2-3", "4+")


@dataclass
class Tally:
    """Counts for one size of document."""

    documents: int = 0
    gold: int = 0
    extracted: int = 0
    paired: int = 0
    merged: int = 0
    split: int = 0


def size(n: int) -> str:
    return "1" if n == 1 else "2-3" if n <= 3 else "4+"


def add(tallies: dict[str, Tally], gold: dict, extracted: list[dict]) -> None:
    """Count one document: ``gold`` in the gold format, ``extracted`` its cases as dicts."""
    cases = [c for r in gold["reports"] for c in r["cases"]]
    if not cases:
        return
    t = tallies[size(len(cases))]
    t.documents += 1
    t.gold += len(cases)
    t.extracted += len(extracted)
    t.paired += len(pair(cases, extracted, problem_similarity))
    t.merged += len(extracted) < len(cases)
    t.split += len(extracted) > len(cases)


def documents(folder: Path, suffix: str) -> Iterator[tuple[dict, list[dict]]]:
    """Each gold record of ``folder`` with the cases extracted from its NAME<suffix>, as dicts."""
    for gold_path in sorted(folder.glob("*.gold.json")):
        path = gold_path.with_name(gold_path.name[: -len(".gold.json")] + suffix)
        if not path.exists():
            continue
        try:
            reports = extract(path)
        except Exception as exc:  # one unreadable file is counted as giving nothing
            print(f"{path}: {exc}", file=sys.stderr)
            reports = []
        yield load_gold(gold_path), [c.to_dict() for r in reports for c in r.cases]


def folder_arguments(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """The command line of a benchmark over gold folders: ``folders`` and the rendering ``suffix``."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", type=Path, nargs="+")
    ap.add_argument("--suffix", default=".docx", help="which rendering to read (default .docx)")
    return ap.parse_args(argv)


def count(folder: Path, suffix: str) -> dict[str, Tally]:
    tallies = {s: Tally() for s in SIZES}
    for gold, extracted in documents(folder, suffix):
        add(tallies, gold, extracted)
    return tallies


def main(argv: list[str] | None = None) -> int:
    a = folder_arguments(__doc__, argv)
    print(f"{'set':14s} {'size':5s} {'docs':>5s} {'gold':>5s} {'found':>6s} {'paired':>7s} "
          f"{'merged':>7s} {'split':>6s}")
    for folder in a.folders:
        for name, t in count(folder, a.suffix).items():
            if t.documents:
                print(f"{folder.name:14s} {name:5s} {t.documents:5d} {t.gold:5d} {t.extracted:6d} {t.paired:7d} "
                      f"{t.merged:7d} {t.split:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
