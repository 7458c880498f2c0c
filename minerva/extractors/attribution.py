"""Cases -> cases whose shared causes stay with the problem they explain.

When a report states its causes in one place for several problems, the earlier stages list each
cause under every problem open at the time (a measure or cause stated once for several problems
belongs to each). Often the cause itself says which problem it explains: 糊盒机热熔胶温度设定偏低
shares words with 糊口开胶, not with 颜色偏红. Such a cause is kept only under that problem; a cause
that names none of them, or several, stays where it is.
"""

from __future__ import annotations

from minerva.evaluate import normalise
from minerva.extractors.similarity import bigrams, shared_bigrams
from minerva.model import Case

_MIN_SHARED = 2  # bigrams a cause must share with a problem to be said to name it


def attribute_causes(cases: list[Case]) -> None:
    """Keep each cause listed under several cases only under the problem it names: it shares at
    least two word pieces with that problem and less than half as many with any other. Measures
    stated once usually serve every problem, so they stay where they are."""
    if len(cases) < 2:
        return
    holders: dict[str, set[int]] = {}
    for k, case in enumerate(cases):
        for cause in case.causes:
            holders.setdefault(normalise(cause.text), set()).add(k)
    for text, ks in holders.items():
        if len(ks) < 2:
            continue
        names = {k: " ".join([cases[k].problem, *cases[k].problem_alt]) for k in ks}
        common = frozenset.intersection(*(bigrams(n) for n in names.values()))
        scores = {k: shared_bigrams(text, name, ignore=common) for k, name in names.items()}
        best = max(scores, key=scores.get)
        if scores[best] >= _MIN_SHARED and all(2 * s < scores[best] for k, s in scores.items() if k != best):
            for k in ks - {best}:
                cases[k].causes = [c for c in cases[k].causes if normalise(c.text) != text]
