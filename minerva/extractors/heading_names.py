"""A case under a heading that names no problem, named by the complaint its section states.

Weekly service reports, inspection replies and regional summaries give a heading to each region,
department or month (华东区, 手术室, 7月份) and under it a labelled line with the complaint
(重点客诉：…共3起“更换外屏后触摸局部失灵”; 存在问题：手术间物体表面清洁消毒不到位). Read by structure, each
section is a case named by its heading, which is where the complaint happened, not what it was.
Such a case is named by the labelled line (its quoted complaint, else its first clause); the
heading becomes an alternative name. A heading names no problem when it ends as the name of a
place, a unit or a time does (区, 科, 中心, 店, 月份 …) and holds no defect or complaint word.
"""

from __future__ import annotations

import re
from functools import cache

from minerva.extractors import vocab
from minerva.extractors.layout import Line
from minerva.extractors.naming import problem_name
from minerva.extractors.roles import cues
from minerva.extractors.spans import HAN
from minerva.model import Case

_QUOTED = re.compile(r"[“\"「]([^”\"」]{4,40})[”\"」]")
# A heading longer than this (Han characters) says more than where or when.
_PLACE_CHARS = 10
_MIN_NAME = 4


def name_by_labelled_complaint(cases: list[Case], lines: list[Line]) -> None:
    """Rename each case named by a heading that names no problem after the complaint a labelled
    line of its section states."""
    for case in cases:
        heading = case.problem.strip()
        at = next((i for i, line in enumerate(lines) if line.heading and line.text.strip() == heading), None)
        if at is None or len(HAN.findall(heading)) > _PLACE_CHARS or names_a_problem(case.problem):
            continue
        for line in lines[at + 1:]:
            if line.heading and line.rank <= lines[at].rank:
                break
            labelled = _labelled().match(line.text.strip())
            if labelled:
                complaint = _complaint_name(labelled.group(1))
                if len(HAN.findall(complaint)) >= _MIN_NAME:
                    case.rename(complaint)
                break


def names_a_problem(heading: str) -> bool:
    """Whether a heading says what happened rather than naming a place, a unit or a time: it holds a
    defect or complaint word, or does not end as the name of a place, unit or time does (华东区,
    消毒供应中心, 7月份: ``place_endings``)."""
    if cues(heading)[0] & {"defect", "complaint", "negation", "effect_neg"}:
        return True
    bare = re.sub(r"[（(][^（）()]*[)）]$", "", heading.strip()).strip()  # 重症医学科（ICU）
    return not bare.endswith(tuple(vocab.load("heading_names")["place_endings"]))


def _complaint_name(text: str) -> str:
    quoted = _QUOTED.search(text)
    return quoted.group(1) if quoted else problem_name(re.split(r"[，,。；;]", text)[0])


@cache
def _labelled() -> re.Pattern[str]:
    labels = [*vocab.load("sections")["facts"], *vocab.load("heading_names")["complaint_labels"]]
    return re.compile(rf"^(?:{vocab.alternation(labels)})\s*[：:]\s*(.+)$")
