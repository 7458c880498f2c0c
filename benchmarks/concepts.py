"""Concept merging on the hand-labelled pairs, with and without the theme catalogues.

    python -m benchmarks.concepts [--sweep]

Prints precision and recall of "same concept" per kind on each labelled pair set of the tests
(see minerva.knowledge.merging.pair_sets): the development pairs, the pairs against the example
archive, and the pairs against reports written afresh for the test; coarse concepts with and
without the theme catalogues, then fine concepts; then how far a second
labeller, blind to the first labels, agrees with the dev pairs. ``--sweep`` adds the threshold
sweep used to choose thresholds (see minerva/knowledge/merging.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from minerva.knowledge import concepts
from minerva.knowledge.concepts import KINDS
from minerva.knowledge.merging import load_pairs, pair_sets, score_pairs, sweep

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def labeller_agreement(data: Path) -> dict[str, tuple[float, float, float]]:
    """Per kind: the second labeller's precision, recall and raw agreement on the dev pairs."""
    first = {(p["kind"], p["a"], p["b"]): p["same"] for p in load_pairs(data / "concept_pairs.jsonl")}
    second = load_pairs(data / "concept_pairs_second_labeller.jsonl")
    out = {}
    for kind in KINDS:
        rows = [(first[(p["kind"], p["a"], p["b"])], p["same"]) for p in second if p["kind"] == kind]
        tp = sum(a and b for a, b in rows)
        out[kind] = (tp / max(sum(b for _, b in rows), 1), tp / max(sum(a for a, _ in rows), 1),
                     sum(a == b for a, b in rows) / max(len(rows), 1))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sweep", action="store_true", help="also print the threshold sweep on the dev pairs")
    args = ap.parse_args()
    sets = pair_sets(DATA, ROOT / "examples" / "archive")
    bonus, apart = concepts.THEME_BONUS, concepts.THEME_APART
    for label, (b, a) in (("words + themes", (bonus, apart)), ("words only", (0.0, 1.0))):
        concepts.THEME_BONUS, concepts.THEME_APART = b, a
        print(label)
        for name, (cases, pairs) in sets.items():
            for kind in KINDS:
                s = score_pairs(cases, pairs, kind)
                print(f"  {name:10s} {kind:8s} precision {s.precision:.3f}  recall {s.recall:.3f}"
                      f"  (merged right {s.true_merges}, wrong {s.false_merges}, missed {s.missed})")
    concepts.THEME_BONUS, concepts.THEME_APART = bonus, apart
    print("fine concepts (the same thing in other words; what recurrence counts)")
    for name, (cases, pairs) in sets.items():
        for kind in KINDS:
            s = score_pairs(cases, pairs, kind, fine_threshold=concepts.FINE_THRESHOLDS[kind])
            print(f"  {name:10s} {kind:8s} precision {s.precision:.3f}  recall {s.recall:.3f}"
                  f"  (merged right {s.true_merges}, wrong {s.false_merges}, missed {s.missed})")
    print("second labeller (blind to the first labels) scored against the dev pairs, as a ceiling")
    for kind, (precision, recall, agreement) in labeller_agreement(DATA).items():
        print(f"  {kind:8s} precision {precision:.3f}  recall {recall:.3f}  agreement {agreement:.3f}")
    if args.sweep:
        cases, pairs = sets["dev"]
        for kind in KINDS:
            print(f"sweep {kind} (threshold, precision, recall, F1; within-case pairs as negatives)")
            for row in sweep(cases, pairs, kind, [t / 100 for t in range(4, 42, 2)]):
                print("  " + "  ".join(f"{v:.3f}" for v in row))


if __name__ == "__main__":
    main()
