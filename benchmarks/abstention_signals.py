"""How well each signal tells complaints the base can answer from those it cannot.

    python -m benchmarks.abstention_signals

Issue 14 asks ``suggest`` to abstain on 80 % of complaints no report answers while abstaining on at
most 5 % of answerable ones. Closeness (``Recommender.closeness``) does not get there (README,
"When nothing fits"). This prints, for the looked-at complaint sets only (the dev queries, the
development no-answer complaints, the looked-at customers'-words set ``queries_dev2``), the area
under the ROC curve of closeness and of the other signals one might add, and, for each, the share
of no-answer complaints it would abstain on at the bar where at most 5 % of answerable ones
abstain. A signal worth adding must lift both well above closeness alone; so far none does.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.fresh_queries import archive
from minerva.evaluate import load_jsonl
from minerva.knowledge.evaluation import build
from minerva.knowledge.recommend import MEANING_WEIGHT, Recommender
from minerva.knowledge.semantic import encoder
from minerva.knowledge.store import Store

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
WRONG_ABSTAIN = 0.05


def complaints() -> list[tuple[str, bool]]:
    """(complaint, whether a report of the base answers it) for the looked-at sets."""
    out = [(q["query"], True) for q in load_jsonl(DATA / "corpus" / "queries.jsonl")]
    out += [(q["query"], False) for q in load_jsonl(DATA / "queries_noanswer" / "queries.jsonl")]
    out += [(q["query"], bool(q["expect"])) for q in load_jsonl(DATA / "queries_dev2" / "queries.jsonl")]
    return out


def auc(answerable: list[float], no_answer: list[float]) -> float:
    """Probability that an answerable complaint scores above a no-answer one (ties count half)."""
    pairs = [(a > b) + 0.5 * (a == b) for a in answerable for b in no_answer]
    return sum(pairs) / len(pairs)


def abstains_at_bar(answerable: list[float], no_answer: list[float]) -> float:
    """Share of no-answer complaints below the highest bar that leaves at most WRONG_ABSTAIN of the
    answerable ones below it."""
    ranked = sorted(answerable)
    bar = ranked[int(WRONG_ABSTAIN * len(ranked))]
    return sum(v < bar for v in no_answer) / len(no_answer)


def signals(recommender: Recommender, texts: dict[str, list[str]]) -> dict[str, Callable[[str], float]]:
    """Each signal as a function of the complaint: higher means more like something stored."""
    out: dict[str, Callable[[str], float]] = {
        "closeness (shipped)": recommender.closeness,
        "closeness, words alone": recommender.words_only().closeness,
    }
    enc = encoder()
    if enc is None or recommender.vectors is None:
        return out
    vectors = {kind: enc.passages(items) for kind, items in texts.items()}
    out["cosine, nearest case"] = lambda q: float(recommender.vectors.similarity(q).max())
    for kind, matrix in vectors.items():
        out[f"cosine, nearest {kind}"] = lambda q, m=matrix: float((m @ enc.query(q)).max())
    return out


def main() -> int:
    rows = complaints()
    with tempfile.TemporaryDirectory() as tmp:
        recommender = build(archive(Path(tmp) / "archive"), Path(tmp) / "kb.db")
        with Store(Path(tmp) / "kb.db") as store:
            cases = store.cases()
        texts = {"problem": [sc.case.problem for sc in cases if sc.case.problem],
                 "cause": [c.text for sc in cases for c in sc.case.causes],
                 "measure": [m.text for sc in cases for m in sc.case.measures]}
        found = {name: [signal(q) for q, _ in rows] for name, signal in signals(recommender, texts).items()}
    answerable = [i for i, (_, yes) in enumerate(rows) if yes]
    no_answer = [i for i, (_, yes) in enumerate(rows) if not yes]
    print(f"{len(answerable)} answerable, {len(no_answer)} no-answer complaints (looked-at sets)")
    print(f"{'signal':32s}{'AUC':>7s}   abstains on no-answer at <= {WRONG_ABSTAIN:.0%} wrong")
    for name, values in found.items():
        a, b = [values[i] for i in answerable], [values[i] for i in no_answer]
        print(f"{name:32s}{auc(a, b):7.3f}   {abstains_at_bar(a, b):.2f}")
    # the shipped closeness is words' closeness scaled by e^(MEANING_WEIGHT x the nearest case's cosine);
    # the same with the nearest problem, cause or measure in place of the case:
    words = [math.log(max(c, 1e-9)) for c in found["closeness, words alone"]]
    for name in (n for n in found if n.startswith("cosine, nearest ") and n != "cosine, nearest case"):
        mixed = [x + MEANING_WEIGHT * y for x, y in zip(words, found[name])]
        a, b = [mixed[i] for i in answerable], [mixed[i] for i in no_answer]
        print(f"{'words x ' + name.removeprefix('cosine, '):32s}{auc(a, b):7.3f}   {abstains_at_bar(a, b):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
