"""Cause-verification tables: candidate causes checked one by one; only the confirmed ones are causes.

QC and 8D reports often list every candidate cause (末端因素, 可能原因) in a table with how each was
checked and a verdict (是否要因: 是 / 否). Read as text, such a table gives every candidate as a
cause, ruled-out ones included, or none at all. Here the table becomes one item per confirmed
candidate, with what the check found, and the candidates ruled out are left out. Written out as
prose (人：操作员经培训考核合格，排除), a candidate ruled out ends by saying so (``ruled_out``). The
column, verdict and ending words are data (``resources/verification.json``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache

from minerva.extractors import vocab
from minerva.model import Block


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def _column(header: list[str], words: list[str]) -> int | None:
    cells = [_norm(cell) for cell in header]
    for word in sorted(words, key=len, reverse=True):
        for i, cell in enumerate(cells):
            if word in cell:
                return i
    return None


def _says(cell: str, words: list[str]) -> bool:
    """Whether the verdict cell holds one of ``words`` (single letters only as the whole cell)."""
    text = _norm(cell)
    return any((w in text) if len(w) > 1 or not w.isascii() else re.fullmatch(rf"\W*{w}\W*", text) for w in words)


def ruled_out(text: str) -> bool:
    """Whether a cause statement ends by ruling itself out (…，排除 / …符合要求 / … ruled out)."""
    tail = _norm(text).rstrip("。.；;！! ")
    tails = (tail, tail.rstrip(")）"))  # 背板批次（对比试验无差异）: the bracket gives the verdict
    return any(t.endswith(word.lower()) for t in tails for word in vocab.load("verification")["ruled_out_endings"])


@cache
def _verdict_tail() -> re.Pattern[str]:
    words = vocab.alternation(vocab.load("verification")["confirmed_endings"])
    return re.compile(rf"\s*(?:(?:→|->|——|—)\s*(?:{words})|[（(](?:{words})[)）])[。；;]?$")


@cache
def _check_aside() -> re.Pattern[str]:
    labels = vocab.alternation(vocab.load("verification")["check_labels"])
    return re.compile(rf"\s*[（(](?:{labels})\s*[：:][^（）()]*[)）]$")


def without_verdict(text: str) -> str:
    """A confirmed candidate as the cause it states (压线过深（验证：楞高实测3.1mm）→要因 -> 压线过深):
    the verdict after an arrow or in brackets, and the check before it, say how it was confirmed."""
    verdict = _verdict_tail().search(text)
    if verdict is None:
        return text
    rest = _check_aside().sub("", text[: verdict.start()]).strip()
    return rest if len(rest) >= 4 else text


# A factor cell this short (人, 机, 料, 法, 环, 测量) names a kind of cause; the row says the cause
# in another column (排查内容, 调查情况).
_CATEGORY_CHARS = 2


def _told(row: list[str], header: list[str], taken: tuple[int, int]) -> str:
    """The longest other cell of the row, where the check says what was found."""
    cells = [c.strip() for i, c in enumerate(row) if i not in taken and i < len(header)]
    return max(cells, key=len, default="") if any(len(c) > _CATEGORY_CHARS * 4 for c in cells) else ""


def confirmed_causes(block: Block) -> list[Block] | None:
    """The confirmed candidates of a verification table as item blocks; None for other tables."""
    rows = block.rows or []
    words = vocab.load("verification")
    for h, header in enumerate(rows[:2]):
        verdict = _column(header, words["verdict_columns"])
        factor = _column([c if i != verdict else "" for i, c in enumerate(header)], words["factor_columns"])
        if verdict is None or factor is None:
            continue
        result = next((i for i, c in enumerate(header) if i not in (verdict, factor) and "结果" in c), None)
        out = []
        for r, row in enumerate(rows[h + 1:], h + 1):
            if max(factor, verdict) >= len(row) or not row[factor].strip():
                continue
            if _says(row[verdict], words["no"]) or not _says(row[verdict], words["yes"]):
                continue
            text = row[factor].strip()
            told = _told(row, header, (factor, verdict))
            if len(text) <= _CATEGORY_CHARS and told:
                text = told  # 机 | 喷枪2个喷嘴堵塞，胶量少30% | 主要原因: the factor is only its kind
            elif result is not None and result < len(row) and row[result].strip():
                text = f"{text}（{row[result].strip()}）"
            out.append(Block("item", text, replace(block.source, row=r)))
        return out
    return None
