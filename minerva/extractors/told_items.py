"""Numbered paragraphs that each tell one complaint from start to end.

Minutes, reports to a regulator and replies often number their complaints and tell each in one
paragraph: what was reported, what was found, what was done (1. 变速箱壳体漏气投诉。客户4月3日…
原因是…；… / (2)造浪池水质浑浊。…经核查…我园当即…). No heading inside a paragraph names a cause or
a measure, so the structure sees no complaint, and the clauses read as one narrative merge them.
When every paragraph of such a numbered run states a problem and also a cause or a measure, by
what its clauses say, each paragraph is one case; causes and measures stated outside the run
(a decisions table after the discussion) go to every case, as a measure stated once for several
complaints belongs to each.
"""

from __future__ import annotations

import re

from minerva.extractors.layout import Line
from minerva.extractors.layout import role_of as section_role
from minerva.extractors.naming import by_cue, is_generic, problem_name
from minerva.extractors.narrative import follows_report, pieces, read_into, role_of
from minerva.extractors.roles import Tagged, within
from minerva.extractors.spans import HAN
from minerva.model import Case

# The opening sentence of a paragraph names its complaint when it is at most this many Chinese
# characters (更衣柜手环失灵、物品取不出。) and no clause of it states a cause or a measure.
LABEL_CHARS = 24


def read_by_item(lines: list[Line], tagged: list[Tagged], cases: list[Case]) -> list[Case] | None:
    """One case per numbered paragraph of the longest run whose every paragraph tells a complaint,
    when that gives at least as many cases as ``cases`` (the paragraphs are the writer's own split);
    None otherwise."""
    best: list[list[Tagged]] = []
    under_heading = False  # the run stands under a heading naming complaints: the rest is other work
    for run in numbered_runs(lines):
        parts = [within(tagged, start, end) for start, end in run]
        named = _heading_names_complaints(lines, run[0][0])
        if len(parts) > len(best) and all(_tells_complaint(part, named) for part in parts):
            best, under_heading = parts, named
    turns = [within(tagged, start, end) for start, end in _turns(lines)]
    asked = [part for part in turns if _asks_about_a_complaint(part)]
    by_question = len(asked) > len(best)
    if by_question:  # each answer is about its own question: the opening statement is no part of it
        best, under_heading = asked, True
    if len(best) < 2 or len(best) < len(cases):
        return None
    inside = {id(t) for part in best for t in part}
    outside = [t for t in tagged if id(t) not in inside]
    out = []
    for part in best:
        case = Case(problem=_question_name(part) if by_question else item_name(part), source=part[0].clause.source)
        if _reported(part) is not None:  # the clause that says what was reported states the problem
            part = [part[0].told_as("problem"), *part[1:]]
        read_into(case, _under_labels(part))
        if not under_heading:
            read_into(case, outside)
        out.append(case)
    return out


def _under_labels(part: list[Tagged]) -> list[Tagged]:
    """The paragraph's clauses, those after an inline label (原因：一是…；二是…。措施：…) given the
    label's role: the writer said what they are."""
    out, role = [], None
    for t in part:
        named, qualifier = section_role(t.clause.text)
        if named in ("cause", "measure", "effect") and not qualifier and len(HAN.findall(t.clause.text)) <= 6:
            role = named
            continue
        out.append(t.told_as(role) if role else t)
    return out


def numbered_runs(lines: list[Line]) -> list[list[tuple[int, int]]]:
    """Runs of sibling numbered paragraphs (same numbering style and rank, no heading between), each
    paragraph as the range of lines it covers: its own line and the deeper-numbered lines under it."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    shape = None
    i = 0
    while i < len(lines):
        line = lines[i]
        own = None if line.heading or line.marker is None else (line.marker.style, line.rank)
        if own is None or (shape is not None and own != shape):
            if len(current) >= 2:
                runs.append(current)
            current, shape = [], None
            if own is None:
                i += 1
                continue
        end = i + 1
        while end < len(lines) and _under(lines[end], line):
            end += 1
        current.append((i, end))
        shape = own
        i = end
    if len(current) >= 2:
        runs.append(current)
    return runs


_ASKED = re.compile(r"^\s*[^：:，,。；;\s]{0,8}?问\s*(?:[（(][^（）()]{0,20}[)）])?\s*[：:]")


def _turns(lines: list[Line]) -> list[tuple[int, int]]:
    """A press conference or an interview (记者问（江汉日报）：… / 答（何建华）：…): each question with
    the answers up to the next question or heading, as the range of lines it covers."""
    starts = [i for i, line in enumerate(lines) if not line.heading and _ASKED.match(line.block.text)]
    out = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        end = next((j for j in range(start + 1, end) if lines[j].heading), end)
        out.append((start, end))
    return out


# Read in a reporter's question, a clause this likely to state a problem says what was complained of
# (有旅客说排了两个多小时); a question about plans (还有哪些改进？) has none.
ASKED_PROBLEM = 0.1


def _question_and_answer(part: list[Tagged]) -> tuple[list[Tagged], list[Tagged]]:
    """A turn's clauses: those of its question's line, and those of the answers after it."""
    asked = part[0].clause.line
    return [t for t in part if t.clause.line == asked], [t for t in part if t.clause.line != asked]


def _asks_about_a_complaint(part: list[Tagged]) -> bool:
    """The question states a complaint (a clause likely enough to state a problem, or what a clause
    that only says who reported goes on to say) and its answer a cause or a measure."""
    question, answer = _question_and_answer(part)
    states = (_reported_in(question) is not None
              or max((t.p("problem") for t in question), default=0.0) >= ASKED_PROBLEM)
    return states and bool({role_of(t) for t in answer} & {"cause", "measure"})


def _reported_in(question: list[Tagged]) -> Tagged | None:
    """The clause that says what a reporter said (有旅客在网上发帖，说当晚泡面卖到15元), if any."""
    return next((b for a, b in zip(question, question[1:]) if follows_report(a, b)), None)


_SAID = re.compile(r"^(?:说|称|表示)[：:，,]?")


def _question_name(part: list[Tagged]) -> str:
    """What the question says was complained of: the clause a reporting cue introduces (很多旅客反映，
    候车大厅的大屏长时间显示“晚点时间待定”), else its first plain problem statement, else its likeliest."""
    question, _ = _question_and_answer(part)
    named = by_cue(["，".join(t.clause.text for t in question)], continued=True)
    if named:
        return named
    reported = _reported_in(question)
    if reported is not None:
        return problem_name(_SAID.sub("", reported.clause.text.strip()))
    plain = [t for t in question if t.p("problem") >= 0.5]
    return problem_name((plain[0] if plain else max(question, key=lambda t: t.p("problem"))).clause.text)


def _under(other: Line, line: Line) -> bool:
    """``other`` is a deeper-numbered item inside ``line``'s paragraph."""
    return not other.heading and other.marker is not None and other.rank > line.rank


def _heading_names_complaints(lines: list[Line], start: int) -> bool:
    """Whether the nearest heading above line ``start`` names complaints besides what was done
    about them (重点投诉处理情况, 典型投诉及整改情况)."""
    heading = next((ln for ln in reversed(lines[:start]) if ln.heading), None)
    if heading is None:
        return False
    role, qualifier = section_role(heading.text)
    return role == "measure" and any(w in qualifier for w in ("投诉", "客诉"))


def _tells_complaint(part: list[Tagged], under_complaints: bool = False) -> bool:
    """The paragraph states a cause or a measure, and a problem: a clause that reads as one, or an
    opening label that reads as no cause, measure or effect. Not under a section that names causes,
    measures or effects: numbered paragraphs there (1. 人员方面。…) are kinds of cause, not complaints;
    except under a heading that names the complaints too (``under_complaints``: 重点投诉处理情况)."""
    section = part[0].clause.section if part else None
    if not part or (section in ("cause", "measure", "effect") and not (under_complaints and section == "measure")):
        return False
    roles = {role_of(t) for t in part}
    reported = under_complaints and _reported(part) is not None
    return bool(roles & {"cause", "measure"}) and ("problem" in roles or _label(part) is not None or reported)


_REPORTED = re.compile(r"(?:反馈|反映|投诉)的([^，,。；;]{4,})")
_QUOTED_COMPLAINT = re.compile(r"“([^”]{4,30})”(?:的)?(?:投诉|问题|反映)")


def _reported(part: list[Tagged]) -> str | None:
    """What the paragraph's first clause says was reported (3月份苏宁渠道反馈的电饭煲内胆涂层起泡 ->
    电饭煲内胆涂层起泡; 集中出现的“用了十几分钟就断电”投诉 -> 用了十几分钟就断电), for a paragraph under
    a heading that names complaints."""
    if not part:
        return None
    found = _REPORTED.search(part[0].clause.text) or _QUOTED_COMPLAINT.search(part[0].clause.text)
    return found.group(1) if found else None


def _label(part: list[Tagged]) -> str | None:
    """The paragraph's opening sentence when it is a short label that states no cause, measure or
    effect (更衣柜手环失灵、物品取不出。), as a problem name."""
    first = [t for t in part if t.clause.sentence == part[0].clause.sentence]
    label = "，".join(t.clause.text for t in first)
    if not 2 <= len(HAN.findall(label)) <= LABEL_CHARS:
        return None
    if any(role_of(t) in ("cause", "measure", "effect") for t in first):
        return None
    name = problem_name(label)
    return None if is_generic(name) else name


def item_name(part: list[Tagged]) -> str:
    """What the paragraph's first clause says was reported, else its opening label, else its first
    problem statement."""
    found = _reported(part) or _label(part) or next((p.text for p in pieces(part) if p.role == "problem"), None)
    return problem_name(found) if found else problem_name(part[0].clause.text)
