"""Suggestion quality on the dev queries, against a paragraph-BM25 baseline, plus latency.

    python -m benchmarks.recommend [CORPUS_DIR] [--queries FILE]

Builds a knowledge base from every report file of the corpus (default: the vendored copy in
tests/data/corpus), runs each query of queries.jsonl, and prints Hit@5, Recall@5 and MRR for
``suggest`` and for BM25 over the documents' raw paragraphs (top 5 paragraphs, a hit when a
paragraph contains an expected span), then ``suggest`` latency p50/p99. Same as
``minerva eval-suggest``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from minerva.knowledge.evaluation import build, evaluate, load_queries, report_lines

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--queries", type=Path, default=None)
    args = ap.parse_args()
    queries = load_queries(args.queries or args.corpus / "queries.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        recommender = build(args.corpus, Path(tmp) / "kb.db")
        result = evaluate(recommender, queries, args.corpus)
    print("\n".join(report_lines(result)))


if __name__ == "__main__":
    main()
