"""Labelled details of a complaint (订单号, 数量, 不良率, 客户, 机型 …) kept as fields of its case.

Ledgers and tracking sheets often write the complaint and its details in one cell
(外壳划伤 订单号：SO-2231 数量：40): the problem is the complaint text, and the details are kept
beside it rather than lost or left inside the problem's name. Labels are data
(``resources/case_fields.json``).
"""

from __future__ import annotations

import re
from functools import cache

from minerva.extractors import vocab
from minerva.extractors.roles import cues
from minerva.extractors.spans import HAN, owner_labels

_SEPARATORS = " \t\n，,；;。、"


@cache
def _detail() -> re.Pattern[str]:
    labels = vocab.alternation(vocab.load("case_fields")["labels"])
    return re.compile(rf"(?:^|(?<=[{_SEPARATORS}])|(?=[（(]))(?P<open>[（(])?(?P<label>{labels})\s*[：:]\s*"
                      rf"(?P<value>[^\s，,；;。（()）]+)(?(open)[)）])")


def split_details(text: str) -> tuple[str, dict[str, str]]:
    """``text`` without its labelled details, and the details as label -> value."""
    fields: dict[str, str] = {}

    def take(match: re.Match[str]) -> str:
        fields.setdefault(match.group("label"), match.group("value").strip())
        return " "

    rest = _detail().sub(take, text)
    rest = re.sub(r"\s{2,}", " ", rest).strip(_SEPARATORS)
    return (rest or text), fields


def is_detail_column(header: str) -> bool:
    """Whether a column of a sheet holds details worth keeping (not a row number)."""
    header = header.strip()
    return bool(header) and header not in vocab.load("case_fields")["skip"]


@cache
def _assignment() -> re.Pattern[str]:
    return re.compile(rf"[；;，,。\s]*{owner_labels()}\s*[：:].*$", re.S)  # 责任人/完成日期：…


def without_assignment(text: str) -> str:
    """A measure without who does it and by when (…并记录；责任人：周建华，完成时间：2021.03.08):
    those are per-row details of a plan, not part of what is done."""
    rest = _assignment().sub("", text).strip()
    return rest if len(rest) >= 4 else text


def only_assignment(text: str) -> bool:
    """A piece that says only who does a measure and by when (（责任：采购部 陈丽）), perhaps after
    how far it has got (已完成，责任人：生产部 孙志刚), split from the measure it belonged to: no
    measure of its own."""
    text = text.strip("（）() ")
    rest = _assignment().sub("", text).strip(_SEPARATORS)
    return bool(_assignment().search(text)) and (not HAN.search(rest) or rest in _status_words())


@cache
def _status_words() -> frozenset[str]:
    return frozenset(vocab.load("case_fields")["status_words"])


def says_nothing(text: str) -> bool:
    """A piece with no Chinese word and too few English ones to state an action (a batch number, a
    phone number, an English job title under a signature), or one that only announces what follows
    (现将处理意见函复如下): no measure."""
    if _ANNOUNCES.match(text.strip()):
        return True
    return not HAN.search(text) and len(re.findall(r"[A-Za-z]{2,}", text)) < 4


_ANNOUNCES = re.compile(r"^(?:现将|特将|兹将|现就)[^，,。；;]{0,24}如下[：:。]?$")


_RUN_IN_LABEL = re.compile(r"^([^，,。；;：:、（()）\d\s]{2,12})\s*[：:]\s*")


def without_label(text: str) -> str:
    """A measure without the run-in label its item opens with (批评教育与惩处：责令当事驾驶员…,
    永久对策：…): what is done, as labellers copy it. The label stays where the rest only details
    it (成品增加颠簸测试：每批抽5台…, 对外承诺：15个工作日内到账), i.e. where the rest does not open
    with an action of its own and the label is no section name."""
    match = _RUN_IN_LABEL.match(text)
    if not match:
        return text
    label, rest = match.group(1), text[match.end():]
    if len(rest) < 6:
        return text
    sections = vocab.load("sections")
    if any(label.endswith(w) for w in sections["measure"] + sections["cause"]) or _opens_action(rest):
        return rest
    return text


def _opens_action(text: str) -> bool:
    """Whether ``text`` starts with what somebody does (已/将/立即, 组织, 责令 …; ``role_cues.json``)."""
    lead = cues(text)[1]
    return bool(lead & {"measure_verb", "measure_time", "agent"})


def is_detail_line(text: str) -> bool:
    """Whether a short line only records a detail (客诉单号：KS-02, 订单号：…), so it is no cause
    or measure even where it follows a list of them."""
    labels = vocab.load("case_fields")["labels"]
    head, sep, value = text.strip().partition("：") if "：" in text else text.strip().partition(":")
    return bool(sep) and len(text) <= 40 and head.strip() in labels and bool(value.strip())
