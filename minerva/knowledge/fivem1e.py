"""5M1E category of a cause (人 机 料 法 环 测), from what the cause says.

A keyword list alone files a cause by the words it happens to use: 作业员未按SOP清洗钢网 names a
stencil, so it went to 机, though a quality engineer files an operator skipping a procedure under
人. So a small multinomial logistic regression reads the cause's character 1-3-grams together
with the keyword vocabulary's verdict (``fivem1e.json``, which users extend), and learns from causes
that quality engineers filed. The weights are data (``resources/fivem1e_model.json``), rebuilt
from ``tests/data/fivem1e/train.jsonl`` by ``scripts/train_fivem1e.py``; a ``fivem1e_model.json``
under ``MINERVA_RESOURCES`` replaces them.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from minerva.extractors import to_simplified
from minerva.knowledge.text import BUNDLED, classify, normalize, vocabulary

FIVE_M_ONE_E: tuple[str, ...] = ("人", "机", "料", "法", "环", "测")
UNKNOWN = "unknown"
MODEL_FILE = "fivem1e_model.json"
NGRAMS = (1, 2, 3)


def keyword_category(text: str) -> str | None:
    """The category whose keywords the cause uses most (``fivem1e.json``), else None.

    Other keys a user vocabulary may add (管理 ...) are ignored: the graph keeps to the six.
    """
    vocab = vocabulary("fivem1e")
    return classify(text, {k: vocab[k] for k in FIVE_M_ONE_E if k in vocab})


def features(text: str) -> list[str]:
    """Character n-grams of the simplified, normalised cause (digits left out), and the keyword verdict."""
    norm = normalize(to_simplified(text))
    out = {f"g:{norm[i: i + n]}" for n in NGRAMS for i in range(len(norm) - n + 1)
           if norm[i: i + n].strip() and not norm[i: i + n].isdigit()}
    verdict = keyword_category(norm)
    if verdict:
        out.add(f"v:{verdict}")
    return sorted(out)


@dataclass(frozen=True)
class FiveM1EModel:
    """Per feature, one weight per category; the category with the highest score wins."""

    classes: tuple[str, ...]
    weights: dict[str, list[float]]
    intercept: list[float]

    @classmethod
    def load(cls, path: Path) -> FiveM1EModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["classes"]), data["weights"], data["intercept"])

    def probabilities(self, text: str) -> dict[str, float]:
        scores = list(self.intercept)
        for name in features(text):
            for k, w in enumerate(self.weights.get(name, ())):
                scores[k] += w
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}


@cache
def model() -> FiveM1EModel:
    extra = os.environ.get("MINERVA_RESOURCES")
    if extra and (Path(extra) / MODEL_FILE).exists():
        return FiveM1EModel.load(Path(extra) / MODEL_FILE)
    return FiveM1EModel.load(BUNDLED / MODEL_FILE)


def fivem1e(text: str) -> str:
    """5M1E category of one cause phrase: 人 机 料 法 环 测, or ``unknown`` when it has no words."""
    if not any(ch.isalnum() for ch in normalize(text)):
        return UNKNOWN
    probs = model().probabilities(text)
    return max(probs, key=probs.get)
