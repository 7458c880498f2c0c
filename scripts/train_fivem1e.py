"""Train the 5M1E cause classifier (minerva/knowledge/resources/fivem1e_model.json).

    python scripts/train_fivem1e.py [LABELS.jsonl ...] [--c 1.0] [--folds 5] [--out PATH]

LABELS files hold one cause a line, ``{"cause": ..., "label": one of 人 机 料 法 环 测,
"second": another or null}``, as in tests/data/fivem1e/train.jsonl (the default). A multinomial
logistic regression (scikit-learn, needed only here) is fitted on the features of
``minerva.knowledge.fivem1e`` and written as JSON. ``--folds K`` first prints K-fold accuracy on
the training causes: strict (the first choice) and lenient (either choice).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from minerva.evaluate import load_jsonl  # noqa: E402
from minerva.knowledge.fivem1e import FIVE_M_ONE_E, MODEL_FILE, features  # noqa: E402
from minerva.knowledge.text import BUNDLED  # noqa: E402

TRAIN = ROOT / "tests" / "data" / "fivem1e" / "train.jsonl"


def fit(rows: list[dict], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(features(r["cause"]), 1) for r in rows])
    classifier = LogisticRegression(C=c, max_iter=5000).fit(x, [r["label"] for r in rows])
    return vectorizer, classifier


def as_json(vectorizer, classifier) -> dict:
    classes = [str(c) for c in classifier.classes_]
    assert set(classes) <= set(FIVE_M_ONE_E), classes
    weights = {name: [round(float(w), 5) for w in classifier.coef_[:, j]]
               for name, j in sorted(vectorizer.vocabulary_.items())}
    return {"_doc": "5M1E cause classifier; rebuilt by scripts/train_fivem1e.py",
            "classes": classes, "intercept": [round(float(b), 5) for b in classifier.intercept_],
            "weights": weights}


def folds(rows: list[dict], k: int, c: float) -> tuple[float, float]:
    strict = lenient = 0
    for fold in range(k):
        train = [r for i, r in enumerate(rows) if i % k != fold]
        test = [r for i, r in enumerate(rows) if i % k == fold]
        vectorizer, classifier = fit(train, c)
        guesses = classifier.predict(vectorizer.transform([dict.fromkeys(features(r["cause"]), 1) for r in test]))
        strict += sum(g == r["label"] for g, r in zip(guesses, test))
        lenient += sum(g in (r["label"], r.get("second")) for g, r in zip(guesses, test))
    return strict / len(rows), lenient / len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels", nargs="*", type=Path, default=[TRAIN])
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--out", type=Path, default=BUNDLED / MODEL_FILE)
    a = ap.parse_args(argv)
    rows = [r for path in a.labels for r in load_jsonl(path)]
    if a.folds:
        strict, lenient = folds(rows, a.folds, a.c)
        print(f"{a.folds}-fold on {len(rows)} causes: strict {strict:.3f}, lenient {lenient:.3f}")
    data = as_json(*fit(rows, a.c))
    a.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {a.out} ({len(data['weights'])} features, {len(rows)} causes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
