"""A list of problems answered, item for item, by a later list of what was done.

Self-inspection reports, reply letters and notices often list what was found (1、教室光线不够充足；
2、旱厕蹲位少…; 问题一：…) and then what was done about it in the same order (1、加装灯管…；2、旧厕改造…),
or in paragraphs that point back at each item by number or by name (（三）针对第3项问题：…; 关于您反映
的第二、三个问题，…; 就“水压不足”问题，…; 第一项，…). Read as one narrative, the first list is one
complaint and the second its measures; the writer meant each answer for the problem it points at,
or else for the one at its position. Each problem item becomes a case with what it says itself (the
causes found for it), the causes stated between the lists, and what its answers say.
"""

from __future__ import annotations

import re
from functools import cache

from minerva.evaluate import normalise
from minerva.extractors import vocab
from minerva.extractors.layout import Line
from minerva.extractors.layout import role_of as section_role
from minerva.extractors.markers import cn_number
from minerva.extractors.narrative import read_into, role_of
from minerva.extractors.roles import Tagged, within
from minerva.extractors.similarity import bigrams
from minerva.extractors.told_items import item_name, numbered_runs
from minerva.model import Case

Item = tuple[int, int]  # a numbered paragraph as the range of lines it covers

_NUMBER = r"(?:[一二三四五六七八九十]{1,3}|\d{1,2})"
# Share of a named pointer's character bigrams the problem it names must hold (水压不足 -> 高峰时段水压不足).
NAME_OVERLAP = 0.6
# Lines between the problem list and its answer: an intro line (现将整改情况报告如下：) and a heading.
_GAP_LINES = 3


def read_by_answer(lines: list[Line], tagged: list[Tagged], cases: list[Case]) -> list[Case] | None:
    """One case per problem item of a list that a later list answers item for item, when that
    gives at least as many cases as ``cases`` (read as a narrative, each problem of such a list
    shares every measure) or when every one of ``cases`` is named inside a problem item (an item
    that states its problem twice is still one complaint); None otherwise."""
    listed = [part for run in numbered_runs(lines) for part in _restarts(lines, run)] + labelled_runs(lines)
    for problems in sorted(listed):
        names = [item_name(within(tagged, *item)) for item in problems]
        later = [run for run in listed if run[0][0] >= problems[-1][1]]
        for answers in sorted(later + pointing_runs(lines, problems[-1][1], names)):
            given = (_pointed(lines, tagged, problems, answers, names)
                     or _parallel(lines, tagged, problems, answers))
            if given and (len(problems) >= len(cases) or _inside_items(lines, problems, cases)):
                between = [t for t in _found(within(tagged, problems[-1][1], answers[0][0])) if role_of(t) == "cause"]
                return [_case(lines, tagged, item, given[i], between) for i, item in enumerate(problems)]
    return None


def _inside_items(lines: list[Line], problems: list[Item], cases: list[Case]) -> bool:
    texts = [normalise("".join(line.text for line in lines[start:end])) for start, end in problems]
    return all(any(normalise(c.problem) in t for t in texts) for c in cases)


def _restarts(lines: list[Line], run: list[Item]) -> list[list[Item]]:
    """A run split where its numbering starts again at 1 (two lists of one style, back to back)."""
    out: list[list[Item]] = [[]]
    for item in run:
        marker = lines[item[0]].marker
        if out[-1] and marker is not None and marker.value == 1:
            out.append([])
        out[-1].append(item)
    return [part for part in out if len(part) >= 2]


def _runs_of(lines: list[Line], starts: list[int], headings_end: bool = True) -> list[list[Item]]:
    """Paragraphs opening at ``starts`` read as the items of a list: each up to the next start, the
    last only its own paragraph; a heading ends the list (when ``headings_end``)."""
    runs: list[list[int]] = [[]]
    for i in starts:
        if runs[-1] and headings_end and any(line.heading for line in lines[runs[-1][-1] + 1:i + 1]):
            runs.append([])
        runs[-1].append(i)
    return [[(a, b) for a, b in zip(run, [*run[1:], run[-1] + 1])] for run in runs if len(run) >= 2]


def labelled_runs(lines: list[Line]) -> list[list[Item]]:
    """Paragraphs labelled as problems (问题一：…, 第二项，…), which the layout reads as headings: a
    list when they follow one another, else each with the paragraphs under it (the last with no
    more lines than the longest before it)."""
    starts = [i for i, line in enumerate(lines) if line.marker is not None and line.marker.style == "problem"]
    out = []
    for run in _runs_of(lines, starts, headings_end=False):
        longest = max(b - a for a, b in run[:-1])
        last = run[-1][0]
        end = last + 1
        while end < len(lines) and end - last < longest and not lines[end].heading:
            end += 1
        out.append([*run[:-1], (last, end)])
    return out


def pointing_runs(lines: list[Line], after: int, names: list[str]) -> list[list[Item]]:
    """Unnumbered paragraphs after line ``after`` that open by pointing at one of the problems
    ``names`` (针对问题一：…, 关于第二个问题，…, 就“水压不足”问题，…)."""
    return _runs_of(lines, [i for i in range(after, len(lines))
                            if not lines[i].heading and lines[i].marker is None
                            and _targets(lines[i].text, names, unnumbered=True)])


@cache
def _words() -> dict:
    return vocab.load("answered_lists")


@cache
def _pointer() -> re.Pattern[str]:
    """针对第3项问题 / 关于第三个问题 / 针对问题二 / 针对第3、第4项问题 / 对第2条意见 / 第一项：, at the
    start of an item; group ``lead`` holds 针对/关于…, group ``c`` a pointer that only counts (第一项)
    and names no problem word (问题, 意见)."""
    words = _words()
    lead, counter = vocab.alternation(words["pointer_leads"]), vocab.alternation(words["pointer_counters"])
    problem = vocab.alternation(words["problem_words"])
    filler = vocab.alternation(words["pointer_fillers"])
    more = rf"(?:\s*[、，,和及与]\s*第?{_NUMBER})*"  # 第3、第4 / 第二、三
    return re.compile(rf"^\s*(?P<lead>{lead})?\s*(?:{filler})?\s*"
                      rf"(?:(?P<a>第?{_NUMBER}{more})\s*(?:{counter})?\s*(?:{problem})"
                      rf"|(?:{problem})\s*(?P<b>第?{_NUMBER}{more})"
                      rf"|(?P<c>第{_NUMBER}{more})\s*(?:{counter})(?=[：:，,、。\s]))"
                      rf"\s*[：:，,。]?")


@cache
def _named_pointer() -> re.Pattern[str]:
    """针对“水压不足”问题，/ 关于食堂饭菜分量少的问题， / 就退费慢的情况：: a problem pointed at by its name."""
    words = _words()
    lead, filler = vocab.alternation(words["pointer_leads"]), vocab.alternation(words["pointer_fillers"])
    problem = vocab.alternation([*words["problem_words"], *words["named_problem_words"]])
    return re.compile(rf"^\s*(?:{lead})\s*(?:{filler})?\s*[“\"「]?(?P<name>[^，,。；;：:“”\"「」]{{2,30}}?)"
                      rf"[”\"」]?\s*(?:的|等)?\s*(?:{problem})\s*[：:，,。]?")


def pointed_numbers(text: str) -> list[int]:
    """The problem numbers a measure item opens by pointing at (针对第3、第4项问题 -> [3, 4])."""
    m = _pointer().match(text)
    if not m:
        return []
    found = re.findall(_NUMBER, m.group("a") or m.group("b") or m.group("c"))
    return [n for n in (cn_number(x) for x in found) if n]


def _targets(text: str, names: list[str], unnumbered: bool = False) -> list[int]:
    """The problems (1-based) an answer opens by pointing at, by number or by name; an unnumbered
    paragraph points only with a lead word (针对, 关于…) or a count (第二项), so that a labelled
    problem (问题二：…) is no answer."""
    m = _pointer().match(text)
    if m and not (unnumbered and not m.group("lead") and not m.group("c")):
        return pointed_numbers(text)
    named = _named_pointer().match(text)
    if not named:
        return []
    own = bigrams(named.group("name"))
    if len(own) < 2:
        return []
    overlap = [len(own & bigrams(name)) / len(own) for name in names]
    best = max(overlap, default=0.0)
    chosen = [k + 1 for k, v in enumerate(overlap) if v == best]
    return chosen if best >= NAME_OVERLAP and len(chosen) == 1 else []


def without_pointer(text: str) -> str:
    """A measure without the words that point it at its problem (针对第1项问题：成立… -> 成立…;
    nothing is left of a bare pointer)."""
    m = _pointer().match(text) or _named_pointer().match(text)
    return text[m.end():].lstrip() if m else text


def _pointed(lines: list[Line], tagged: list[Tagged], problems: list[Item], answers: list[Item],
             names: list[str]) -> list[list[Item]] | None:
    """Per problem item, the answer items that point at it, when at least two answer items point
    and every number they name is an item of ``problems``. Unless an answer names a problem word
    with its number (针对第1项问题), the first list must read as problems: answers that only count
    (第一项：) or repeat a problem's name could be another list's."""
    targets = [[lines[a[0]].marker.value] if _labelled(lines, a) else _targets(lines[a[0]].text, names)
               for a in answers]
    if sum(bool(t) for t in targets) < 2 or any(not n or n > len(problems) for ns in targets for n in ns):
        return None
    numbered = any(not _labelled(lines, a) and (m := _pointer().match(lines[a[0]].text)) and not m.group("c")
                   for a, t in zip(answers, targets) if t)
    if not numbered and not _reads_as_problems(lines, tagged, problems):
        return None
    given: list[list[Item]] = [[] for _ in problems]
    for answer, ns in zip(answers, targets):
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
    if _labelled(lines, problems[0]) or _labelled(lines, answers[0]):  # labelled parts answer by label
        return None
    if _section(tagged, problems) in ("cause", "measure", "effect"):
        return None
    between = lines[problems[-1][1]:answers[0][0]]
    if not _reads_as_problems(lines, tagged, problems):
        return None
    if not (_introduces(between, "measure_intro") or _section(tagged, answers) == "measure"):
        return None
    if not _most_read_as(tagged, answers, ("measure",)):
        return None
    return [[a] for a in answers]


def _reads_as_problems(lines: list[Line], tagged: list[Tagged], problems: list[Item]) -> bool:
    """The list states problems: most items hold a problem clause, or a line naming problems
    introduces it and its items do not open with causes."""
    before = lines[max(0, problems[0][0] - 2):problems[0][0]]
    return _most_read_as(tagged, problems, ("problem",)) or (
        _introduces(before, "problem_intro") and not _most_open_as(tagged, problems, "cause"))


def _introduces(lines: list[Line], key: str) -> bool:
    """One of ``lines`` opens a list (ends in a colon, or is a heading) with words of ``key``; a
    problem list's intro names no causes or measures (以下原因：)."""
    words = _words()
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


def _most_open_as(tagged: list[Tagged], items: list[Item], role: str) -> bool:
    """More than half the items open with a clause read as ``role`` (a list of causes; a problem
    item states the problem first and may give its cause after it)."""
    opened = sum(bool(part) and role_of(part[0]) == role for part in (within(tagged, *item) for item in items))
    return 2 * opened > len(items)


def _found_then_done(part: list[Tagged]) -> list[Tagged]:
    """An answer tells what was found, then what was done: once a clause reads as a measure, the
    clauses after it are measures too (an effect stays an effect)."""
    part = _found(part)
    first = next((k for k, t in enumerate(part) if role_of(t) == "measure"), len(part))
    return part[:first] + [t if role_of(t) in ("measure", "effect") else t.told_as("measure") for t in part[first:]]


def _found(part: list[Tagged]) -> list[Tagged]:
    """The rest of a sentence opened by 经查 (经后勤部调查，…) is what was found: causes, unless read
    as what was done."""
    out, after = [], None
    for t in part:
        if _finding().match(t.clause.text):
            after = t.clause.sentence
        elif after == t.clause.sentence and role_of(t) in ("other", "problem"):
            t = t.told_as("cause")
        out.append(t)
    return out


@cache
def _finding() -> re.Pattern[str]:
    return re.compile(rf"^\s*经.{{0,8}}(?:{vocab.alternation(_words()['finding_ends'])})\s*$")


def _labelled(lines: list[Line], item: Item) -> bool:
    marker = lines[item[0]].marker
    return marker is not None and marker.style == "problem"


def _case(lines: list[Line], tagged: list[Tagged], item: Item, answers: list[Item], shared: list[Tagged]) -> Case:
    """The problem item's case: what the item says, and what its answers say. A list item's answer
    is what was done about it (clauses read as a cause or the problem there are measures, as the
    writer listed them); a paragraph that points back (针对问题一，经查…) or a labelled part
    (第一项，收费与退费 and the paragraphs under it, less that label line) tells what was found first,
    so its clauses keep the roles they were read in up to its first measure. Causes stated between
    the two lists (``shared``) are found for every problem."""
    problem = within(tagged, *item)
    if problem and role_of(problem[0]) == "cause":  # a problem item states its problem first
        problem[0] = problem[0].told_as("problem")
    case = Case(problem=item_name(problem), source=problem[0].clause.source if problem else None)
    read_into(case, [t for t in problem if role_of(t) not in ("measure", "effect")] + shared)
    for answer in answers:
        start = answer[0] + 1 if _labelled(lines, answer) else answer[0]
        read_into(case, _found_then_done([t for t in within(tagged, start, answer[1]) if role_of(t) != "problem"]))
    for m in case.measures:
        m.text = without_pointer(m.text)
    case.measures = [m for m in case.measures if m.text]
    return case
