"""Cheap wording overlap for aligning labels, problems and effect sentences inside one report."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the letters and digits of ``text`` (NFKC, case-folded)."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = "".join(ch for ch in t if ch.isalnum())
    if len(t) == 1:
        return frozenset({t})
    return frozenset(t[i: i + 2] for i in range(len(t) - 1))


def overlap(a: str, b: str, directed: bool = False) -> float:
    """Share of bigrams in common: of the shorter text, or of ``a`` when ``directed``."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    denom = len(x) if directed else min(len(x), len(y))
    return len(x & y) / denom


def shared_bigrams(a: str, b: str, ignore: frozenset[str] = frozenset()) -> int:
    """How many character bigrams two texts have in common, leaving out ``ignore``."""
    return len((bigrams(a) & bigrams(b)) - ignore)
