"""A numbered list of problems answered, item for item, by a numbered list of measures.

Self-inspection reports, reply letters and notices often list what was found (1、教室光线不够充足；
2、旱厕蹲位少…) and then what was done about it in the same order (1、加装灯管…；2、旧厕改造…), or
point back at each item (（三）针对第3项问题：…; 针对第3、第4项问题：…). Read as one narrative, the
first list is one complaint and the second its measures; the writer meant each measure item for the
problem item it points at, or else for the one at its position. Each problem item becomes a case
with what it says itself (the causes found for it) and the measures of its answer.
"""

from __future__ import annotations

import re
from functools import cache

from minerva.extractors import vocab
from minerva.extractors.layout import Line
from minerva.extractors.layout import role_of as section_role
from minerva.extractors.markers import cn_number
from minerva.extractors.narrative import read_into, role_of
from minerva.extractors.roles import Tagged, within
from minerva.extractors.told_items import item_name, numbered_runs
from minerva.model import Case

Item = tuple[int, int]  # a numbered paragraph as the range of lines it covers

_NUMBER = r"(?:[一二三四五六七八九十]{1,3}|\d{1,2})"
# Lines between the problem list and its answer: an intro line (现将整改情况报告如下：) and a heading.
_GAP_LINES = 3


def read_by_answer(lines: list[Line], tagged: list[Tagged], cases: list[Case]) -> list[Case] | None:
    """One case per problem item of a list that a later list answers item for item, when that
    gives at least as many cases as ``cases`` (read as a narrative, each problem of such a list
    shares every measure); None otherwise."""
    runs = [part for run in numbered_runs(lines) for part in _restarts(lines, run)]
    pointers = [[pointed_numbers(lines[item[0]].text) for item in run] for run in runs]
    for k, problems in enumerate(runs):
        for answers, numbers in zip(runs[k + 1:], pointers[k + 1:]):
            given = _pointed(problems, answers, numbers) or _parallel(lines, tagged, problems, answers)
            if given and len(problems) >= len(cases):
                return [_case(within(tagged, *item), [within(tagged, *a) for a in given[i]])
                        for i, item in enumerate(problems)]
    return None


def _restarts(lines: list[Line], run: list[Item]) -> list[list[Item]]:
    """A run split where its numbering starts again at 1 (two lists of one style, back to back)."""
    out: list[list[Item]] = [[]]
    for item in run:
        marker = lines[item[0]].marker
        if out[-1] and marker is not None and marker.value == 1:
            out.append([])
        out[-1].append(item)
    return [part for part in out if len(part) >= 2]


@cache
def _pointer() -> re.Pattern[str]:
    """针对第3项问题 / 关于第三个问题 / 针对问题二 / 针对第3、第4项问题, at the start of an item."""
    words = vocab.load("answered_lists")
    lead, counter = vocab.alternation(words["pointer_leads"]), vocab.alternation(words["pointer_counters"])
    problem = vocab.alternation(words["problem_words"])
    numbers = rf"第?{_NUMBER}(?:\s*[、，,和及与]\s*第?{_NUMBER})*"
    return re.compile(rf"^\s*(?:{lead})?\s*(?:(?P<a>{numbers})\s*(?:{counter})?\s*(?:{problem})"
                      rf"|(?:{problem})\s*(?P<b>{numbers}))\s*[：:，,。]?")


def pointed_numbers(text: str) -> list[int]:
    """The problem numbers a measure item opens by pointing at (针对第3、第4项问题 -> [3, 4])."""
    m = _pointer().match(text)
    if not m:
        return []
    found = re.findall(_NUMBER, m.group("a") or m.group("b"))
    return [n for n in (cn_number(x) for x in found) if n]


def without_pointer(text: str) -> str:
    """A measure without the words that point it at its problem (针对第1项问题：成立… -> 成立…;
    nothing is left of a bare pointer)."""
    m = _pointer().match(text)
    return text[m.end():].lstrip() if m else text


def _pointed(problems: list[Item], answers: list[Item], numbers: list[list[int]]) -> list[list[Item]] | None:
    """Per problem item, the answer items that point at it (``numbers``: the problem numbers each
    answer item points at), when at least two answer items point and every number they name is an
    item of ``problems``."""
    if sum(bool(n) for n in numbers) < 2 or any(n > len(problems) for ns in numbers for n in ns):
        return None
    given: list[list[Item]] = [[] for _ in problems]
    for answer, ns in zip(answers, numbers):
        for n in ns:
            given[n - 1].append(answer)
    return given if all(given) else None


def _parallel(lines: list[Line], tagged: list[Tagged], problems: list[Item],
              answers: list[Item]) -> list[list[Item]] | None:
    """Each answer item for the problem item at its position: as many items, the answers right
    after the problems (an intro line or a heading between), the first list introduced or read as
    problems and the second as what was done."""
    if len(problems) != len(answers) or answers[0][0] - problems[-1][1] > _GAP_LINES:
        return None
    if _section(tagged, problems) in ("cause", "measure", "effect"):
        return None
    between = lines[problems[-1][1]:answers[0][0]]
    before = lines[max(0, problems[0][0] - 2):problems[0][0]]
    causes = _most_read_as(tagged, problems, ("cause",))
    if not (_most_read_as(tagged, problems, ("problem",)) or (_introduces(before, "problem_intro") and not causes)):
        return None
    if not (_introduces(between, "measure_intro") or _section(tagged, answers) == "measure"):
        return None
    if not _most_read_as(tagged, answers, ("measure",)):
        return None
    return [[a] for a in answers]


def _introduces(lines: list[Line], key: str) -> bool:
    """One of ``lines`` opens a list (ends in a colon, or is a heading) with words of ``key``; a
    problem list's intro names no causes or measures (以下原因：)."""
    words = vocab.load("answered_lists")
    for line in lines:
        text = line.text.strip()
        if not (line.heading or text.endswith(("：", ":"))) or not any(w in text for w in words[key]):
            continue
        if key == "problem_intro" and (section_role(text)[0] in ("cause", "measure")
                                       or any(w in text for w in words["not_problem_intro"])):
            continue
        return True
    return False


def _section(tagged: list[Tagged], items: list[Item]) -> str | None:
    part = within(tagged, *items[0])
    return part[0].clause.section if part else None


def _most_read_as(tagged: list[Tagged], items: list[Item], roles: tuple[str, ...]) -> bool:
    """More than half the items hold a clause read as one of ``roles``."""
    held = sum(any(role_of(t) in roles for t in within(tagged, *item)) for item in items)
    return 2 * held > len(items)


def _case(problem: list[Tagged], answers: list[list[Tagged]]) -> Case:
    """The problem item's case: what the item says, and the measures of its answers (clauses read
    as a cause or the problem there are what was done about it, as the writer listed them)."""
    case = Case(problem=item_name(problem), source=problem[0].clause.source if problem else None)
    read_into(case, [t for t in problem if role_of(t) != "measure"])
    for part in answers:
        read_into(case, [t if role_of(t) in ("measure", "effect") else t.told_as("measure") for t in part])
    for m in case.measures:
        m.text = without_pointer(m.text)
    case.measures = [m for m in case.measures if m.text]
    return case
