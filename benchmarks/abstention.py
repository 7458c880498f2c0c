"""How often ``suggest`` abstains, per closeness bar, on complaints it can and cannot answer.

    python -m benchmarks.abstention [--bars 0.015,0.019,0.021,0.025,0.03]

The base is every report of the development corpus, the example archive and the first fresh
extraction set. For each bar (``--min-closeness``) it prints the share of complaints that get no
suggestion: the dev queries (answerable, ``tests/data/corpus/queries.jsonl``), the development
no-answer complaints (``tests/data/queries_noanswer``, far and near misses apart), and the blind
fresh complaints (``tests/data/queries_fresh``, answerable and not; totals only). A user who
would rather see nothing than an unrelated measure raises the bar; the table says what it costs.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.fresh_queries import archive
from minerva.evaluate import load_jsonl
from minerva.knowledge.evaluation import build
from minerva.knowledge.recommend import ABSTAIN_BELOW

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
BARS = (0.015, ABSTAIN_BELOW, 0.021, 0.025, 0.03)


def query_sets() -> dict[str, list[str]]:
    """The complaints, by set, as texts."""
    no_answer = load_jsonl(DATA / "queries_noanswer" / "queries.jsonl")
    fresh = load_jsonl(DATA / "queries_fresh" / "queries.jsonl")
    return {
        "dev answerable": [q["query"] for q in load_jsonl(DATA / "corpus" / "queries.jsonl")],
        "dev no-answer, far": [q["query"] for q in no_answer if q["kind"] == "far"],
        "dev no-answer, near": [q["query"] for q in no_answer if q["kind"] == "near"],
        "fresh answerable": [q["query"] for q in fresh if q["expect"]],
        "fresh no-answer": [q["query"] for q in fresh if not q["expect"]],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bars", default=",".join(str(b) for b in BARS), help="closeness bars, comma-separated")
    a = ap.parse_args(argv)
    bars = [float(b) for b in a.bars.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        recommender = build(archive(Path(tmp) / "archive"), Path(tmp) / "kb.db")
        closeness = {name: [recommender.closeness(q) for q in queries] for name, queries in query_sets().items()}
    print("abstained (no suggestion) per closeness bar; the default is", ABSTAIN_BELOW)
    print(f"{'set':22s}" + "".join(f"{b:>12.3f}" for b in bars))
    for name, values in closeness.items():
        cells = "".join(f"{sum(v < b for v in values):>5d}/{len(values):<3d}{'':>3s}" for b in bars)
        print(f"{name:22s}{cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
