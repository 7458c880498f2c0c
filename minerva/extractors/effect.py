"""Did the measures work? Read from the cue words of the effect text (effect_cues.json)."""

from __future__ import annotations

import re

from minerva.extractors import vocab
from minerva.extractors.markers import cn_number
from minerva.extractors.similarity import shared_bigrams
from minerva.extractors.spans import sentences
from minerva.model import Case

_RESULT_LABEL = re.compile(r"^(?:整改|改善|实施)?效果(?:确认|验证|跟踪)?\s*[：:]\s*")
_PLAN = re.compile(r"^(下一步|今后|后续|拟|计划|.{0,8}将(?!近|军))")


def judge(text: str | None) -> bool | None:
    """True when the text says the measures worked, False when it says they did not, else None.

    Sentences announcing future work are ignored (they often name the risk, not the result);
    one negative sentence outweighs positive ones, since reports tend to bury a failure.
    """
    if not text:
        return None
    cues = vocab.load("effect_cues")
    verdicts = []
    for sentence in re.split(r"[。；;！!]", text):
        s = _before_plans(sentence.strip())
        if not s or any(re.search(p, s) for p in cues["past_markers"]):
            continue
        verdicts.append(_sentence(s, cues))
    if False in verdicts:
        return False
    if True in verdicts:
        return True
    return None


def result_told(text: str) -> str | None:
    """What the measures achieved, where a paragraph inside a measure list tells it: one labelled
    效果：… (or 整改效果：…), or one that opens after the measures and says whether they worked
    (整改措施落实后，4月份投诉9起，下降66.7%; 'openers' in effect_cues.json); else None."""
    text = text.strip()
    labelled = _RESULT_LABEL.match(text)
    if labelled and judge(text[labelled.end():]) is not None:
        return text[labelled.end():].strip()
    if any(o in text[:12] for o in vocab.load("effect_cues")["openers"]) and judge(text) is not None:
        return text
    return None


def _before_plans(sentence: str) -> str:
    """The part of a sentence before a clause announcing future work (后续将继续监控，…)."""
    kept = []
    for clause in re.split(r"[，,]", sentence):
        if _PLAN.search(clause.strip()):
            break
        kept.append(clause)
    return "，".join(kept).strip()


def _negated(s: str, cue: str, negators: list[str]) -> bool:
    """True when every occurrence of ``cue`` is itself negated (未再次发生, 无反弹)."""
    for m in re.finditer(re.escape(cue), s):
        before = s[max(0, m.start() - 3): m.start()]
        if not any(before.endswith(n) or before.endswith(n + "再") or before.endswith(n + "出现")
                   for n in negators):
            return False
    return True


def _sentence(s: str, cues: dict) -> bool | None:
    if any(c in s and not _negated(s, c, cues["negators"]) for c in cues["negative"]):
        return False
    if any(c in s for c in cues["positive"]) or any(re.search(p, s) for p in cues["positive_patterns"]):
        return True
    return None


def share_effect(cases: list[Case], labels: list[list[str]], texts: list[str], summary: list[str]) -> None:
    """Split a report-level effect section (``texts``; else the summary's sentences that say
    whether the measures worked) among the cases whose names (problem, alternatives, ``labels``)
    its sentences talk about; a sentence that talks about none, or about all, goes to every case."""
    if not texts:
        texts = [t for t in summary if judge(t) is not None]
    all_sentences = [s for t in texts for s in sentences(t)]
    for case in cases:
        if case.effect:
            case.effective = judge(case.effect)
    if not all_sentences:
        return
    names = [[c.problem, *c.problem_alt, *labels[i]] for i, c in enumerate(cases)]
    generic = frozenset(vocab.load("effect_cues")["generic_bigrams"])
    assigned: dict[int, list[str]] = {i: [] for i in range(len(cases))}
    general: list[str] = []
    for sentence in all_sentences:
        numbered = _numbered(sentence, len(cases))
        if numbered:  # 问题1、2整改后未再收到同类投诉: the complaints by their place in the report
            for i in numbered:
                assigned[i].append(sentence)
            continue
        scores = [max(shared_bigrams(n, sentence, ignore=generic) for n in ns) for ns in names]
        top = max(scores, default=0)
        hits = [i for i, s in enumerate(scores) if s >= 1 and s >= top / 2]
        if hits and len(hits) < len(cases):
            for i in hits:
                assigned[i].append(sentence)
        else:
            general.append(sentence)
    for i, case in enumerate(cases):
        if case.effect:  # told its own effect: kept
            continue
        mine = assigned[i] or general or all_sentences
        case.effect = "；".join(mine) or None
        case.effective = judge(case.effect)
        if case.effective is None:
            case.effective = judge("；".join(general)) if general else judge("；".join(all_sentences))


_NUMBERED = re.compile(r"^\s*(?:问题|投诉|客诉)\s*((?:[1-9一二三四五六七八九]\s*[、，,和及与]?\s*)+)")


def _numbered(sentence: str, count: int) -> list[int]:
    """The places of the complaints a sentence opens by naming their numbers (问题1、2…, 问题三…),
    when every one is among the report's ``count`` complaints; [] otherwise."""
    found = _NUMBERED.match(sentence)
    if not found or count < 2:
        return []
    numbers = [cn_number(c) for c in re.findall(r"[1-9一二三四五六七八九]", found.group(1))]
    return sorted({n - 1 for n in numbers}) if numbers and max(numbers) <= count else []

