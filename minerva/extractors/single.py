"""The one complaint of a report whose structure names none: a letter or a short report that
states its causes and measures under headings but tells the complaint in a paragraph.

In order: what a problem cue introduces (客户反馈：X, 现象为X), the problem the title names (关于X的
回复函), a labelled statement (问题描述：X), the clause the role model reads as the problem statement,
the first sentence of the description.
"""

from __future__ import annotations

import re

from minerva.extractors import vocab
from minerva.extractors.naming import about_name, by_cue, defect_label, is_generic, title_problem
from minerva.extractors.narrative import stated_problem
from minerva.extractors.spans import HAN, clean, counts

_REPORT_WORDS = re.compile(r"(的)?(客户|顾客|用户)?(投诉|客诉)?(问题)?(质量事故|事故)?"
                           r"(鱼骨图|鱼骨|5 ?Why|特性要因|要因)?的?(自查|整改|改善|处理|分析|纠正|调查|复盘).*$")


def one_complaint(facts: list[str], preamble: list[str], title: str | None,
                  statement: list[str] = ()) -> tuple[str, list[str]] | None:
    """(name, alternative names) of the report's complaint: from what a 问题描述 section says
    (``statement``: a complaint a cue word introduces there, else its first sentence when short),
    its description (``facts``), the text before any section (``preamble``) and its title; None
    when nothing names it."""
    if statement and not _defined(list(statement)):  # 问题定义：X, read below, names it best
        named = by_cue(list(statement))
        if named:
            return named, [clean(title or "")]
        first = re.split(r"(?<=[。；;])", statement[0], maxsplit=1)[0].strip("。；; ")
        first = defect_label(first) or _told_by(first)  # 齿面硬度不足：复测HRC52～54…: the label names it
        if 6 <= len(HAN.findall(first)) <= 30 and not counts(first) and not is_generic(first):
            return clean(first), [clean(title or "")] if title else []
    defined = _defined(facts)
    if defined and 4 <= len(HAN.findall(defined[0])) <= 40 and not is_generic(defined[0]):
        return clean(defined[0]), [clean(title or "")] if title else []  # the writer's own definition
    named = by_cue(facts + preamble) or _subject(preamble)
    if named:
        return named, [clean(title or "")]
    name = _REPORT_WORDS.sub("", re.sub(r"^(关于|对)", "", title or ""))
    name = about_name(title or "") or name  # 关于X的回复函 is about X
    if is_generic(name):
        sentences = _sentences(facts)
        defined = _defined(facts)
        told = by_cue(facts + preamble, continued=True)  # 致歉声明 over 有用户反映，其…吃出一段扎带
        plainest = [stated_problem(facts)] if facts and not defined else []
        stated = next(iter(defined + [p for p in [*plainest, told] if p] + sentences), "")
        if stated and not is_generic(stated):
            return clean(stated), [clean(title or "")] if title else []
    name = clean(name) or (title or "")
    return (name, []) if name else None


def _told_by(sentence: str) -> str:
    """What a sentence labelled with who reported it says (客户反馈：针座渗液 -> 针座渗液)."""
    head, colon, rest = sentence.replace(":", "：").partition("：")
    verbs = tuple(vocab.load("problem_names")["reporting_verbs"])
    return rest.strip() if colon and head.strip().endswith(verbs) and rest.strip() else sentence


def _sentences(texts: list[str]) -> list[str]:
    return [s.strip() for text in texts for s in re.split(r"(?:(?<=[。；;])|(?<=\.)(?!\d))\s*", text) if s.strip()]


def _defined(texts: list[str]) -> list[str]:
    """What sentences labelled as the problem (问题定义：X, 不良现象：X) say."""
    labels = tuple(f"{w}{c}" for w in vocab.load("table_columns")["problem"] for c in "：:")
    return [s.split("：", 1)[-1].split(":", 1)[-1] for s in _sentences(texts) if s.startswith(labels)]


def _subject(preamble: list[str]) -> str | None:
    """The problem a memo's subject line names (会议主题：X净含量不足客诉分析 -> X净含量不足)."""
    labels = tuple(vocab.load("sections")["subject_labels"])
    for text in preamble:
        head, colon, rest = text.partition("：") if "：" in text else text.partition(":")
        if colon and head.strip().endswith(labels) and len(head.strip()) <= 6:
            name = title_problem(_REPORT_WORDS.sub("", rest.strip()))
            if name and not is_generic(name):
                return clean(name)
    return None
