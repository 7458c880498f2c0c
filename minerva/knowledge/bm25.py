"""Okapi BM25 over pre-analysed token lists, scored with numpy so a query over 10^4-10^5 cases
takes a few milliseconds.

Kept separate from tokenisation so that one index can rank by words (jieba) and another by
character n-grams, which survive segmentation errors in short colloquial complaints.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


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

    def ceiling(self) -> float:
        """The most one query token can add to a score: held by one document only, saturated.
        Scores divided by it compare across bases of any size."""
        return math.log(1 + (len(self.lengths) + 0.5) / 0.5) * (self.k1 + 1)

    _arrays: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)
    _norms: np.ndarray | None = field(default=None, repr=False)

    def score_array(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (zeros where no query token occurs), as one array."""
        out = np.zeros(len(self.lengths), dtype=np.float64)
        for token, qtf in Counter(query).items():
            arrays = self._token_arrays(token)
            if arrays is not None:
                docs, weights = arrays
                out[docs] += qtf * self.idf(token) * weights
        return out

    def _token_arrays(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Documents holding ``token`` and its saturated, length-normalised term weight in each."""
        if token not in self._arrays:
            postings = self.postings.get(token)
            if not postings:
                return None
            if self._norms is None:
                lengths = np.asarray(self.lengths, dtype=np.float64)
                avg = lengths.mean() if len(lengths) else 1.0
                self._norms = self.k1 * (1 - self.b + self.b * lengths / (avg or 1.0))
            docs = np.fromiter((d for d, _ in postings), dtype=np.int64, count=len(postings))
            tfs = np.fromiter((t for _, t in postings), dtype=np.float64, count=len(postings))
            self._arrays[token] = (docs, tfs * (self.k1 + 1) / (tfs + self._norms[docs]))
        return self._arrays[token]

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
