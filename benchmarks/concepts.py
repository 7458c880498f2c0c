"""Concept merging on the hand-labelled pairs, with and without the theme catalogues.

    python -m benchmarks.concepts [--sweep]

Prints precision and recall of "same concept" per kind on the development pairs
(tests/data/concept_pairs.jsonl, clustering the gold cases of tests/data/corpus) and on the
held-out pairs (tests/data/concept_pairs_heldout.jsonl, clustering those gold cases plus what
minerva extracts from examples/archive). ``--sweep`` adds the threshold sweep used to choose
thresholds (see minerva/knowledge/merging.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from minerva.knowledge import concepts
from minerva.knowledge.concepts import KINDS
from minerva.knowledge.merging import extracted_cases, gold_cases, load_pairs, score_pairs, sweep

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sweep", action="store_true", help="also print the threshold sweep on the dev pairs")
    args = ap.parse_args()
    dev = gold_cases(DATA / "corpus")
    examples = extracted_cases(sorted((ROOT / "examples" / "archive").glob("*.*")), first_report_id=10_000)
    for sc in examples:
        sc.id += 100_000
    sets = {"dev": (dev, load_pairs(DATA / "concept_pairs.jsonl")),
            "held-out": (dev + examples, load_pairs(DATA / "concept_pairs_heldout.jsonl"))}
    bonus, apart = concepts.THEME_BONUS, concepts.THEME_APART
    for label, (b, a) in (("words + themes", (bonus, apart)), ("words only", (0.0, 1.0))):
        concepts.THEME_BONUS, concepts.THEME_APART = b, a
        print(label)
        for name, (cases, pairs) in sets.items():
            for kind in KINDS:
                s = score_pairs(cases, pairs, kind)
                print(f"  {name:9s} {kind:8s} precision {s.precision:.3f}  recall {s.recall:.3f}"
                      f"  (merged right {s.true_merges}, wrong {s.false_merges}, missed {s.missed})")
    concepts.THEME_BONUS, concepts.THEME_APART = bonus, apart
    if args.sweep:
        cases, pairs = sets["dev"]
        for kind in KINDS:
            print(f"sweep {kind} (threshold, precision, recall, F1; within-case pairs as negatives)")
            for row in sweep(cases, pairs, kind, [t / 100 for t in range(4, 42, 2)]):
                print("  " + "  ".join(f"{v:.3f}" for v in row))


if __name__ == "__main__":
    main()
