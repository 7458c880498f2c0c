"""Rerunnable evaluation of suggestions: Hit@5, Recall@5 and MRR against a paragraph-BM25 baseline.

Each query of ``queries.jsonl`` holds a new complaint (``query``) and the measure spans a good
answer contains (``expect``). A suggestion hits when one of its wordings matches an expected span
under the corpus similarity (>= 0.6); the baseline ranks the documents' raw paragraphs with BM25
and hits when a paragraph contains an expected span.
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from minerva.errors import ExtractionError
from minerva.evaluate import RankingScore, load_jsonl
from minerva.extractors import read_document
from minerva.knowledge.bm25 import BM25
from minerva.knowledge.ingest import ingest
from minerva.knowledge.recommend import ABSTAIN_BELOW, Recommender
from minerva.knowledge.semantic import CaseVectors, encoder
from minerva.knowledge.store import Store
from minerva.knowledge.text import char_bigrams, tokens


def load_queries(path: Path) -> list[dict]:
    return load_jsonl(path)


def build(corpus: Path, db: Path) -> Recommender:
    """A recommender over every report file of ``corpus``, ingested into the store ``db``."""
    with Store(db) as store, ThreadPoolExecutor(2) as pool:
        ingest(corpus, store, executor=pool, progress=False)
        cases = store.cases()
        enc = encoder()
        return Recommender(cases, vectors=CaseVectors.build(cases, enc) if enc else None)


def paragraphs(corpus: Path) -> list[str]:
    """Every text block of every readable report file: the baseline's documents."""
    out: list[str] = []
    for path in sorted(corpus.iterdir()):
        try:
            doc = read_document(path)
        except (ExtractionError, KeyError):
            continue
        out.extend(b.text for b in doc.blocks if b.text.strip())
    return out


def evaluate(recommender: Recommender, queries: list[dict], corpus: Path, k: int = 5,
             min_closeness: float = ABSTAIN_BELOW) -> dict:
    """Scores of ``suggest`` and of the paragraph baseline, and suggest latency in ms; a complaint
    ``suggest`` abstains on (closeness below ``min_closeness``) scores nothing, and 0 scores the
    ranking alone."""
    ours, baseline = RankingScore(), RankingScore()
    texts = paragraphs(corpus)
    index = BM25.build([tokens(t) + char_bigrams(t) for t in texts])
    latencies = []
    for q in queries:
        start = time.perf_counter()
        rec = recommender.suggest(q["query"], k=k, min_closeness=min_closeness)
        latencies.append(time.perf_counter() - start)
        ours.add([list(s.wordings) for s in rec.suggestions], q["expect"], k=k)
        top = index.search(tokens(q["query"]) + char_bigrams(q["query"]), k=k)
        baseline.add([[texts[i]] for i, _ in top], q["expect"], k=k, contains=True)
    latencies.sort()
    return {
        "queries": len(queries),
        "suggest": {"hit@5": ours.hit_rate, "recall@5": ours.mean_recall, "mrr": ours.mrr},
        "baseline": {"hit@5": baseline.hit_rate, "recall@5": baseline.mean_recall, "mrr": baseline.mrr},
        "latency_ms": {"p50": 1000 * statistics.median(latencies) if latencies else 0.0,
                       "p99": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
                       if latencies else 0.0},
    }


def report_lines(result: dict) -> list[str]:
    lines = []
    for name in ("suggest", "baseline"):
        r = result[name]
        lines.append(f"{name:9s} Hit@5 {r['hit@5']:.3f}  Recall@5 {r['recall@5']:.3f}  MRR {r['mrr']:.3f}")
    lat = result["latency_ms"]
    lines.append(f"suggest latency p50 {lat['p50']:.1f} ms  p99 {lat['p99']:.1f} ms  ({result['queries']} queries)")
    return lines
