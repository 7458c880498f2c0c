"""How cause statements are told: how the cause was found, the cause, what was done about it.

A cause often opens with how it was found (经查，… / 经与厂家共同排查，…); the cause is what
follows, as labellers copy it. Writers also often tell a cause and its remedy in one sentence
(…钝化时间不足，焊缝处钝化膜不完整，品质部已于7月18日将钝化时间延长至15分钟). Read as one span it
is a cause that holds a measure, so the measure is lost and the cause is too long to match
anything. Here such a span is cut where a clause opens with an action already taken or decided
(已于, 已对, 立即, 会上决定 …, after an optional doer and date); the part before stays the cause
and the rest becomes a measure of the same case. The words are data (``resources/turns.json``).
"""

from __future__ import annotations

import re
from functools import cache

from minerva.evaluate import normalise
from minerva.extractors import vocab
from minerva.extractors.spans import HAN
from minerva.model import Case, Span, span_for

# The cause left before the turn must still say something.
_MIN_CAUSE = 6
_CLAUSE = re.compile(r"(?<=[，,；;])")
_DATE = r"(?:(?:于|在)?\d{1,4}年?\d{0,2}月?\d{1,2}日(?:起)?)?"


def trim_causes(cases: list[Case]) -> None:
    """Every cause span of ``cases`` without the lead that tells how it was found, and cut where it
    turns into a measure; the measure joins its case."""
    for case in cases:
        causes = []
        for cause in case.causes:
            cause = Span(without_verdict(without_lead(cause.text)), cause.source)
            if _told_by_doer(cause.text):  # 我店已于6月26日更换减震垫: what was done, not why
                _add_measure(case, cause.text, cause)
                continue
            cut = _turn(cause.text)
            if cut is None:
                causes.append(cause)
                continue
            before, after = cut
            causes.append(Span(before, cause.source))
            _add_measure(case, after, cause)
        case.causes = causes


def _add_measure(case: Case, text: str, cause: Span) -> None:
    """``text``, read from ``cause``, as a measure of ``case`` unless the case holds it already."""
    if not any(_same(text, m.text) for m in case.measures):
        case.measures.append(span_for("measure", text, cause.source))


def without_lead(text: str) -> str:
    """``text`` without an opening clause that says how the cause was found (经查，, 经现场核实，) and
    the words that announce the cause after it (原因是, 系); unchanged when too little would be left."""
    lead = _finding_lead().match(text)
    if not lead:
        return text
    rest = _cause_opener().sub("", text[lead.end():])
    return rest if len(HAN.findall(rest)) >= _MIN_CAUSE else text


def without_verdict(text: str) -> str:
    """``text`` without a closing clause that only rates it (…锅温偏低，判定为原因之一): labellers copy
    the cause, not the verdict; unchanged when too little would be left."""
    rest = _verdict().sub("", text)
    return rest if len(HAN.findall(rest)) >= _MIN_CAUSE else text


@cache
def _verdict() -> re.Pattern[str]:
    words = vocab.load("turns")
    verbs, nouns = vocab.alternation(words["verdict_verbs"]), vocab.alternation(words["verdict_nouns"])
    qualifiers = vocab.alternation(words["verdict_qualifiers"])
    return re.compile(rf"[，,；;]\s*(?:{verbs})(?:{qualifiers})?(?:{nouns})[。；;.]?\s*$")


def _turn(text: str) -> tuple[str, str] | None:
    clauses = _CLAUSE.split(text)
    for k in range(1, len(clauses)):
        opening = _opening().match(clauses[k])
        if opening is None:
            continue
        before = "".join(clauses[:k]).rstrip("，,；; ")
        after = "".join(clauses[k:])[opening.start("act"):].strip("。；; ")
        if len(HAN.findall(before)) >= _MIN_CAUSE and len(HAN.findall(after)) >= _MIN_CAUSE:
            return before, after
        return None
    return None


@cache
def _finding_lead() -> re.Pattern[str]:
    verbs = vocab.alternation(vocab.load("turns")["finding_verbs"])
    return re.compile(rf"^经[^，,。；;：:]{{0,14}}?(?:{verbs})[，,：:]\s*")


@cache
def _cause_opener() -> re.Pattern[str]:
    return re.compile(rf"^(?:{vocab.alternation(vocab.load('turns')['cause_openers'])})[，,：:]?")


@cache
def _opening() -> re.Pattern[str]:
    words = vocab.load("turns")
    doers = vocab.alternation(words["doers"])
    ends = vocab.alternation(words["doer_ends"])
    joiners = vocab.alternation(words["joiners"])
    acts = vocab.alternation(words["action_openers"])
    return re.compile(rf"^\s*(?:{joiners})?[，,]?\s*(?P<doer>{doers}|[\u4e00-\u9fff]{{1,6}}(?:{ends}))?\s*{_DATE}\s*"
                      rf"(?P<act>(?:{acts}).*)$", re.S)


def _told_by_doer(text: str) -> bool:
    """Whether a whole span says what its doer did (我店已于…, 公司已对…): a measure."""
    opening = _opening().match(text)
    return opening is not None and opening.group("doer") is not None


def _same(a: str, b: str) -> bool:
    x, y = normalise(a), normalise(b)
    return bool(x) and (x in y or y in x)
