"""Suggestions for complaints worded by people who never saw the code (tests/data/queries_fresh).

    python -m benchmarks.fresh_queries [--db PATH] [--queries FILE]

Builds one knowledge base from every report the complaints were written about (the vendored
development corpus, the example archive and the fresh extraction set), then prints Hit@5,
Recall@5 and MRR over the answerable complaints, beside words alone (when the semantic extra is
installed) and paragraph BM25, and for the complaints no report answers how often ``suggest``
still returns suggestions (it should say nothing fits). ``--queries`` takes another complaint set
of the same format (default: tests/data/queries_fresh).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from minerva.evaluate import load_jsonl
from minerva.knowledge.evaluation import build, evaluate

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "queries_fresh" / "queries.jsonl"
SOURCES = (ROOT / "tests" / "data" / "corpus", ROOT / "examples" / "archive", ROOT / "tests" / "data" / "fresh")
REPORT_SUFFIXES = (".docx", ".pdf", ".xlsx", ".pptx", ".doc")


def archive(folder: Path) -> Path:
    """One folder of links to every report file of SOURCES (gold and sources left out)."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in SOURCES:
        for path in source.iterdir():
            if path.suffix in REPORT_SUFFIXES and not path.name.endswith(".gold.json"):
                (folder / f"{source.name}--{path.name}").symlink_to(path)
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="knowledge base to build (default: a temporary file)")
    ap.add_argument("--queries", type=Path, default=QUERIES, help="complaint set (JSON lines)")
    a = ap.parse_args(argv)
    queries = load_jsonl(a.queries)
    answerable = [q for q in queries if q["expect"]]
    unanswerable = [q for q in queries if not q["expect"]]
    with tempfile.TemporaryDirectory() as tmp:
        folder = archive(Path(tmp) / "archive")
        recommender = build(folder, a.db or Path(tmp) / "kb.db")
        result = evaluate(recommender, answerable, folder)
        if recommender.vectors is not None:
            words_only = recommender.words_only()
            result["words only"] = evaluate(words_only, answerable, folder)["suggest"]
        spoke = sum(bool(recommender.suggest(q["query"], k=5).suggestions) for q in unanswerable)
        silent = sum(not recommender.suggest(q["query"], k=5).suggestions for q in answerable)
    for name in ("suggest", "words only", "baseline"):
        if name not in result:
            continue
        r = result[name]
        print(f"{name:10s} Hit@5 {r['hit@5']:.3f}  Recall@5 {r['recall@5']:.3f}  MRR {r['mrr']:.3f}  "
              f"({len(answerable)} answerable complaints)")
    print(f"no-answer complaints: suggestions given for {spoke} of {len(unanswerable)} "
          f"(abstained on {len(unanswerable) - spoke}); answerable ones abstained on: {silent} of {len(answerable)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
