"""Which of a case's causes a measure answers.

Reports list causes and measures side by side and rarely say which measure is for which cause.
A measure usually names what it changes, and so shares words with the cause it answers (泡沫护角
加厚至25mm answers 泡沫护角厚度只有15mm; 与物流商签订堆码不超过6层的约定 answers 物流商堆码达到8层).
Suggestions name that cause; a cause that comes back is charged to the measures that answered it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from minerva.knowledge.text import normalize

# Share of a measure's character bigrams a cause must share with it to be the cause it answers.
ADDRESS_OVERLAP = 0.1
_WORD_RUN = re.compile(r"\w+")


def plain_bigrams(text: str) -> list[str]:
    """Character bigrams of each run of letters and digits (NFKC, lower case), without jieba or
    synonyms (unlike ``text.char_bigrams``): cheap enough to compare every measure of an archive
    with its case's causes."""
    return [run[i: i + 2] for run in _WORD_RUN.findall(normalize(text)) for i in range(max(1, len(run) - 1))]


def answered_cause(measure: str, causes: Sequence[str], bigrams: Callable[[str], list[str]]) -> int | None:
    """Index of the cause in ``causes`` that shares most of the measure's bigrams, when it shares
    at least ``ADDRESS_OVERLAP`` of them (and at least one); None when no cause does.

    A bigram that every one of several causes holds (驾驶员 in 时刻表偏紧，驾驶员为赶班次跳站 and
    站台被占用，驾驶员未停靠) cannot tell which of them a measure answers, so it is not counted."""
    words = set(bigrams(measure))
    held = [set(bigrams(cause)) for cause in causes]
    if len(held) > 1:
        words -= set.intersection(*held)
    shared = [len(words & cause) for cause in held]
    if shared and max(shared) >= max(1, ADDRESS_OVERLAP * len(words)):
        return shared.index(max(shared))
    return None
