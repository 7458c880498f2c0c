"""Okapi BM25 over pre-analysed token lists: small, dependency-free and fast enough for 10^4 cases.

Kept separate from tokenisation so that one index can rank by words (jieba) and another by
character n-grams, which survive segmentation errors in short colloquial complaints.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class BM25:
    """An inverted index: ``search(tokens)`` returns (document index, score) best first."""

    k1: float = 1.5
    b: float = 0.75
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    lengths: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> BM25:
        index = cls(k1=k1, b=b)
        for doc_id, tokens in enumerate(documents):
            index.lengths.append(len(tokens))
            for token, tf in Counter(tokens).items():
                index.postings[token].append((doc_id, tf))
        return index

    def idf(self, token: str) -> float:
        n = len(self.postings.get(token, ()))
        return math.log(1 + (len(self.lengths) - n + 0.5) / (n + 0.5))

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        """BM25 score of every document that shares a token with ``query``."""
        if not self.lengths:
            return {}
        avg = sum(self.lengths) / len(self.lengths) or 1.0
        out: dict[int, float] = defaultdict(float)
        for token, qtf in Counter(query).items():
            postings = self.postings.get(token)
            if not postings:
                continue
            idf = self.idf(token)
            for doc_id, tf in postings:
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[doc_id] / avg)
                out[doc_id] += qtf * idf * tf * (self.k1 + 1) / norm
        return out

    def search(self, query: Sequence[str], k: int = 10) -> list[tuple[int, float]]:
        ranked = sorted(self.scores(query).items(), key=lambda item: (-item[1], item[0]))
        return ranked[:k]
