"""5M1E accuracy of cause phrases against causes labelled by a quality engineer.

    python -m benchmarks.fivem1e

Prints the share of causes filed under the labeller's first choice (strict), under either of
the labeller's choices (lenient), how many the vocabulary cannot place, and the confusions; then
how far a second engineer, who filed the same 100 causes without seeing the first labels
(``labels_second.jsonl``), agrees with the first: the ceiling the classifier is measured against.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from minerva.evaluate import load_jsonl
from minerva.knowledge.fivem1e import fivem1e

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "fivem1e" / "labels.jsonl"
SECOND = LABELS.with_name("labels_second.jsonl")


def score(rows: list[dict]) -> dict:
    guesses = [fivem1e(r["cause"]) for r in rows]
    return {
        "causes": len(rows),
        "strict": sum(g == r["label"] for g, r in zip(guesses, rows)) / len(rows),
        "lenient": sum(g in (r["label"], r.get("second")) for g, r in zip(guesses, rows)) / len(rows),
        "unknown": sum(g == "unknown" for g in guesses),
        "confusions": Counter((r["label"], g) for g, r in zip(guesses, rows) if g != r["label"]),
    }


def agreement(first: list[dict], second: list[dict]) -> dict:
    """Strict: both first choices equal; lenient: the second engineer's first choice is one of the
    first engineer's choices (how the classifier's lenient figure is counted)."""
    pairs = list(zip(first, second))
    if any(a["cause"] != b["cause"] for a, b in pairs):
        raise ValueError("the two label files list different causes")
    return {"strict": sum(a["label"] == b["label"] for a, b in pairs) / len(pairs),
            "lenient": sum(b["label"] in (a["label"], a.get("second")) for a, b in pairs) / len(pairs)}


def main() -> int:
    result = score(load_jsonl(LABELS))
    print(f"{result['causes']} causes: strict {result['strict']:.2f}, lenient {result['lenient']:.2f}, "
          f"unknown {result['unknown']}")
    for (label, guess), n in result["confusions"].most_common(10):
        print(f"  labelled {label}, filed {guess}: {n}")
    ceiling = agreement(load_jsonl(LABELS), load_jsonl(SECOND))
    print(f"second engineer against the first: strict {ceiling['strict']:.2f}, lenient {ceiling['lenient']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
