"""Cutting running text into the spans a record holds: one cause, one measure, one sentence."""

from __future__ import annotations

import re
from functools import cache

from minerva.extractors import vocab
from minerva.extractors.markers import split_inline, strip_marker

# A Chinese (Han) character: how much a span, label or cell says is counted in these.
HAN = re.compile(r"[\u4e00-\u9fff]")

_TRAILING_OWNER = re.compile(r"[（(][^（）()]*(责任人|负责人|完成日期|完成时间|责任部门|Owner|Due)[^（）()]*[)）]\s*$")
_PUNCT_EDGE = " \t\n，,；;。.：:、"
_SENTENCES = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_FULL_STOP = re.compile(r"[^。！!？?]+[。！!？?]?")
# 同时 after a comma starts a second statement (…深刻反思，同时扣除其当月安全服务奖): labellers split
# there 12 times in the development gold and kept one span 3 times.
_ALSO = re.compile(r"[，,](?=同时)")
_LEAD_CUES = re.compile(r"^(同时|另外|此外|其次|再次|再者|并且|而且|以及|最后|其一|其二|其三)[，,、]?")
_CELL_LABEL = re.compile(r"(?<=[^\s\n])(?=(?:发生|流出|直接|根本|主要|间接)原因[：:])")
_COUNTED = re.compile(r"(?<![A-Za-z\d\-])\d+\s*(PCS|pcs|起|套|件|单|台|条|例|%)")  # not SK-8045单槽: a model code
_NOT_A_RECORD = re.compile(r"^(待分析|待确认|待定|待D\d.*|暂无|无|/|—|-|不适用|N/?A)$", re.I)


@cache
def owner_labels(joined: bool = True) -> str:
    """The labels that say who does a measure and by when (责任人, 完成日期: ``case_fields.json``), as a
    regular expression; ``joined``: also several before one colon (责任人/完成日期)."""
    one = vocab.alternation(vocab.load("case_fields")["assignment_labels"])
    return rf"(?:{one})(?:[/／、](?:{one}))*" if joined else rf"(?:{one})"


def clean(text: str) -> str:
    """A span as gold records copy it: no enumerator, owner/due-date tail or edge punctuation."""
    text = strip_marker(text.strip()).strip(_PUNCT_EDGE)
    text = _TRAILING_OWNER.sub("", text)
    return text.strip(_PUNCT_EDGE)


def counts(text: str) -> bool:
    """Whether ``text`` gives a count of items (不良37套, 12PCS, 4.4%)."""
    return bool(_COUNTED.search(text))


def is_placeholder(text: str) -> bool:
    """Cells such as 待分析 that name no cause or measure."""
    return bool(_NOT_A_RECORD.match(clean(text))) or "完成后制定" in text


def sentences(text: str) -> list[str]:
    """Sentences and semicolon clauses of ``text``, each cleaned."""
    out = []
    for piece in _SENTENCES.findall(_ALSO.sub("；", text)):
        piece = _LEAD_CUES.sub("", clean(piece))
        if piece:
            out.append(piece)
    return out


def stated_cause(item: str) -> str:
    """A numbered cause states the cause first and then its evidence (导电嘴超期使用，…未熔合。按规定每班
    更换，但记录为空白。): the first sentence is the cause. In the looked-at gold such items were cut
    there 15 times and kept whole once; measures are kept whole (the later sentences add to them)."""
    found = [s for s in _FULL_STOP.findall(item) if len(HAN.findall(s)) >= 4]
    if len(found) < 2 or len(HAN.findall(found[0])) < 6 or found[0].rstrip().endswith(("：", ":")):
        return item
    return found[0]


def items(text: str) -> tuple[str, list[str]]:
    """Split a paragraph into (lead-in, items): inline enumerations first, else clauses."""
    inline = split_inline(text)
    if inline is not None:
        lead, found = inline
        return lead, [c for c in (clean(x) for x in found) if c]
    return "", sentences(text)


def cell_items(cell: str, by_sentence: bool = True) -> list[str]:
    """Items written inside one table cell (line breaks, ①②, 1、2、, and unless ``by_sentence`` is
    off, sentences and semicolons)."""
    out: list[str] = []
    for part in _CELL_LABEL.sub("\n", cell).split("\n"):
        part = part.strip()
        if not part:
            continue
        inline = split_inline(part)
        if inline is not None:
            out.extend(clean(x) for x in inline[1])
        else:
            out.extend(sentences(part) if by_sentence else [clean(part)])
    return [x for x in out if x and not is_placeholder(x)]
