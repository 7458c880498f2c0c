"""Score extracted reports against gold records (the corpus format of minerva's output).

Spans are compared after NFKC normalisation with whitespace, punctuation and leading
enumerators removed; two spans match when the larger of their edit-distance ratio and (when one
contains the other) their length ratio reaches 0.6. Cases are paired one to one by problem
similarity (gold ``problem`` or any ``problem_alt``), then causes and measures inside each pair.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

THRESHOLD = 0.6
_ENUM = re.compile(
    r"^\s*(?:[(（]?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[a-zA-Z])\s*[)）.、．:：]"
    r"|[①-⑳]|[•·●▪■◆\-*]|第[一二三四五六七八九十\d]+[条点项步])\s*"
)


def _strip_enumerators(t: str) -> str:
    previous = None
    while previous != t:
        previous, t = t, _ENUM.sub("", t, count=1)
    return t


def normalise(text: str | None) -> str:
    if not text:
        return ""
    t = _strip_enumerators(text)
    t = _strip_enumerators(unicodedata.normalize("NFKC", t))
    return "".join(ch for ch in t if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


def _edit_ratio(a: str, b: str) -> float:
    try:
        from rapidfuzz.distance import Levenshtein
    except ImportError:
        row = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            prev, row[0] = row[0], i
            for j, cb in enumerate(b, 1):
                prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        return 1.0 - row[-1] / max(len(a), len(b), 1)
    return Levenshtein.normalized_similarity(a, b)


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised spans in [0, 1]."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    contained = len(short) / len(long_) if short in long_ else 0.0
    return max(_edit_ratio(a, b), contained)


def pair(left: list[str], right: list[str], sim=None) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing, most similar first, above THRESHOLD."""
    sim = sim or (lambda x, y: similarity(normalise(x), normalise(y)))
    scored = sorted(((sim(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
                    key=lambda t: t[0], reverse=True)
    used_l, used_r, out = set(), set(), []
    for s, i, j in scored:
        if s < THRESHOLD:
            break
        if i not in used_l and j not in used_r:
            used_l.add(i)
            used_r.add(j)
            out.append((i, j))
    return out


@dataclass
class Score:
    """Counts behind precision/recall (cases, causes, measures) and accuracies."""

    counts: dict = field(default_factory=lambda: {k: [0, 0, 0] for k in ("cases", "causes", "measures")})
    right: dict = field(default_factory=lambda: {k: [0, 0] for k in ("effective", "org", "date")})

    def add(self, other: Score) -> None:
        for k, v in other.counts.items():
            self.counts[k] = [a + b for a, b in zip(self.counts[k], v)]
        for k, v in other.right.items():
            self.right[k] = [a + b for a, b in zip(self.right[k], v)]

    def f1(self, key: str) -> float:
        tp, npred, ngold = self.counts[key]
        p = tp / npred if npred else float(not ngold)
        r = tp / ngold if ngold else float(not npred)
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, key: str) -> float | None:
        ok, n = self.right[key]
        return ok / n if n else None


def _cases(doc: dict) -> list[dict]:
    return [c for r in doc.get("reports") or [] for c in r.get("cases") or []]


def problem_similarity(gold_case: dict, case: dict) -> float:
    """How closely an extracted case's problem matches a gold case's problem or one of its alternatives."""
    names = [gold_case.get("problem"), *(gold_case.get("problem_alt") or [])]
    return max((similarity(normalise(n), normalise(case.get("problem"))) for n in names if n), default=0.0)


def score_document(gold: dict, pred: dict) -> Score:
    """Compare one prediction with its gold record."""
    score = Score()
    gcases, pcases = _cases(gold), _cases(pred)
    pairs = pair(gcases, pcases, problem_similarity)
    score.counts["cases"] = [len(pairs), len(pcases), len(gcases)]
    for key, field_name in (("causes", "causes"), ("measures", "measures")):
        score.counts[key][1] = sum(len(c.get(field_name) or []) for c in pcases)
        score.counts[key][2] = sum(len(c.get(field_name) or []) for c in gcases)
    for i, j in pairs:
        g, p = gcases[i], pcases[j]
        score.counts["causes"][0] += len(pair(g.get("causes") or [], p.get("causes") or []))
        score.counts["measures"][0] += len(pair(g.get("measures") or [], p.get("measures") or []))
        if g.get("effective") is not None:
            score.right["effective"][0] += int(p.get("effective") == g.get("effective"))
            score.right["effective"][1] += 1
    preports = pred.get("reports") or []
    for k, gr in enumerate(gold.get("reports") or []):
        pr = preports[k] if k < len(preports) else {}
        if gr.get("org"):
            score.right["org"][1] += 1
            score.right["org"][0] += int(similarity(normalise(gr["org"]), normalise(pr.get("org"))) >= THRESHOLD)
        if gr.get("date"):
            score.right["date"][1] += 1
            score.right["date"][0] += int(str(pr.get("date") or "").startswith(gr["date"]))
    return score


def load_gold(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_jsonl(path: str | Path) -> list[dict]:
    """One JSON object per non-blank line (queries, labelled pairs)."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class RankingScore:
    """Hit@k, Recall@k and MRR of ranked answers against the spans a good answer holds."""

    hits: int = 0
    recall: float = 0.0
    reciprocal: float = 0.0
    queries: int = 0

    def add(self, ranked: list[list[str]], expected: list[str], k: int = 5,
            contains: bool = False) -> None:
        """``ranked[i]`` lists the wordings of answer i; a wording matches a span by similarity
        (or, with ``contains``, when the answer text holds the span, as for raw paragraphs)."""
        def matches(wordings: list[str], span: str) -> bool:
            target = normalise(span)
            for w in wordings:
                text = normalise(w)
                if (contains and target and target in text) or similarity(text, target) >= THRESHOLD:
                    return True
            return False

        self.queries += 1
        first = next((i for i, answer in enumerate(ranked) if any(matches(answer, s) for s in expected)), None)
        if first is not None and first < k:
            self.hits += 1
        if first is not None:
            self.reciprocal += 1 / (first + 1)
        found = {s for s in expected for answer in ranked[:k] if matches(answer, s)}
        self.recall += len(found) / len(expected) if expected else 1.0

    @property
    def hit_rate(self) -> float:
        return self.hits / self.queries if self.queries else 0.0

    @property
    def mean_recall(self) -> float:
        return self.recall / self.queries if self.queries else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal / self.queries if self.queries else 0.0
