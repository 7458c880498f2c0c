"""Register tables -> cases: a tracking sheet or problem | cause | measure table whose header names
its columns gives one case per row (投诉内容 | 原因分析 | 整改措施 | 验证结果 …; column words in
``resources/table_columns.json``). Cells that enumerate (line breaks, 1、 2、) give one cause or
measure per item; columns that name no role are kept as the case's labelled details. Where the
header names no role at all, the cells say what each column holds (``content_roles``); where it
names the problem and measure columns only, the cause column is the one between them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from minerva.extractors import vocab
from minerva.extractors.effect import judge
from minerva.extractors.fields import is_detail_column, split_details
from minerva.extractors.markers import parse_marker, references
from minerva.extractors.naming import defect_label
from minerva.extractors.roles import RoleModel, model, read_alone
from minerva.extractors.spans import HAN, cell_items, clean
from minerva.model import Case, Measure, Span

# How sure, on average over a column's cells, the role model must be that they state one role
# for a column whose header names none to be read as that role's column.
_COLUMN_SURE = 0.4
# How much less sure of a measure column than of another the model must be for it to hold causes.
_DOUBT = 0.3
_LABEL_CHARS = 10  # a column label is short (客户原声, 当初承诺的整改动作); a longer first row is data


def column_roles(header: list[str]) -> list[str | None]:
    vocabulary = vocab.load("table_columns")
    roles: list[str | None] = []
    for cell in header:
        text = cell.replace("\n", "")
        role = None
        if any(w in text for w in vocabulary["kinds"]):
            roles.append(None)  # 原因类别 | 具体原因: the first says what kind, the second what
            continue
        if not any(w in text for w in vocabulary["ignore"]) or any(
                w in text for w in vocabulary["measure"] + vocabulary["cause"] + vocabulary["effect"]):
            for name in ("effect", "cause", "measure", "problem"):
                if any(w.lower() in text.lower() for w in vocabulary[name]):
                    role = name
                    break
        roles.append(role)
    satisfied = next((i for i, cell in enumerate(header) if any(w in cell for w in vocabulary["satisfaction"])), None)
    if "measure" not in roles and "effect" in roles and satisfied is not None:
        roles[roles.index("effect")] = "measure"
        roles[satisfied] = "effect"
    return roles


def _case_header(roles: list[str | None]) -> bool:
    return "problem" in roles and ("measure" in roles or "cause" in roles)


def header_index(rows: list[list[str]]) -> int | None:
    """Which of a table's first rows is a header naming problem and cause or measure columns (by
    its words, else by what the cells under it say)."""
    named = next((h for h, row in enumerate(rows[:3]) if _case_header(column_roles(row))), None)
    if named is not None:
        return named
    return 0 if _case_header(content_roles(rows)) else None


def roles_of_columns(rows: list[list[str]], header_row: int) -> list[str | None]:
    """The role of each column: from the header's words, else from what the cells under it say.
    A sheet with a problem and a measure column but no cause column (异常现象 | 症结 | 对策) has
    it where sheets put it, between the two: the one column there with no role whose cells say
    something (the model, reading a cell alone, seldom reads a cause in it)."""
    roles = column_roles(rows[header_row])
    if not (_case_header(roles) or header_row):
        roles = content_roles(rows)
    if "cause" not in roles and "problem" in roles and "measure" in roles:
        between = [j for j in range(roles.index("problem") + 1, roles.index("measure"))
                   if roles[j] is None and _says_something(rows[header_row + 1:], j)]
        if len(between) == 1:
            roles = [*roles]
            roles[between[0]] = "cause"
    return roles


def _says_something(body: Sequence[Sequence[str]], j: int) -> bool:
    """Most cells of column ``j`` hold a few words, not a code, date or name."""
    cells = [r[j] for r in body if j < len(r)]
    return bool(cells) and sum(len(HAN.findall(c)) >= 4 for c in cells) * 2 >= len(cells)


def _labels_only(row: list[str]) -> bool:
    """Whether a row reads as a header: short labels, not the data of a row that goes on from an
    earlier table."""
    cells = [c.strip() for c in row if c.strip()]
    return len(cells) >= 3 and all(len(c) <= _LABEL_CHARS and not re.search(r"\d{2}", c) for c in cells)


def content_roles(rows: list[list[str]]) -> list[str | None]:
    """Column roles of a table whose header names none in known words (客户原声 | 症结定位 |
    纠偏动作 | 闭环判定): the role the model reads, on average, in the cells under each header.
    A column is given a role only when most of its rows say something and the model is fairly
    sure; one column at most states the problem. Remembered per table and role model, since a
    table's header is looked up several times while a report is read."""
    return list(_content_roles(tuple(tuple(row) for row in rows), model()))


@lru_cache(maxsize=256)
def _content_roles(rows: tuple[tuple[str, ...], ...], role_model: RoleModel) -> tuple[str | None, ...]:
    if (len(rows) < 3 or len(rows[0]) < 3 or any(len(r) != len(rows[0]) for r in rows)
            or not _labels_only(rows[0])):
        return (None,) * (len(rows[0]) if rows else 0)
    header, body = rows[0], rows[1:]
    roles: list[str | None] = []
    sure: list[float] = []
    for j, name in enumerate(header):
        cells = [r[j].replace("\n", " ") for r in body if len(HAN.findall(r[j])) >= 4]
        if len(cells) < max(2, (len(body) + 1) // 2):
            roles.append(None)
            sure.append(0.0)
            continue
        read = read_alone(cells, role_model, column=name, columns=len(header))
        mean = {role: read[role] for role in ("problem", "cause", "measure", "effect")}
        best = max(mean, key=mean.get)
        roles.append(best if mean[best] >= _COLUMN_SURE else None)
        sure.append(mean[best])
    problems = [j for j, role in enumerate(roles) if role == "problem"]
    for j in problems:
        if j != max(problems, key=lambda k: sure[k]):
            roles[j] = None
    _second_statement_is_the_cause(roles, problems)
    if not problems:
        _problem_before_the_rest(roles, body, header)
    _doubtful_measures_are_causes(roles, sure)
    return tuple(roles)


def _second_statement_is_the_cause(roles: list[str | None], problems: list[int]) -> None:
    """With no cause column, a column read as a problem statement less surely than the complaint
    column to its left, and followed by a measure column, holds the causes (用户诉求 | 问题定位 |
    处理动作): a fault found (发热丝接头压接不牢) reads like a defect."""
    if "cause" in roles or len(problems) < 2 or "measure" not in roles:
        return
    kept = next(j for j in problems if roles[j] == "problem")
    first_measure = roles.index("measure")
    later = [j for j in problems if kept < j < first_measure]
    if later:
        roles[later[0]] = "cause"


def _doubtful_measures_are_causes(roles: list[str | None], sure: list[float]) -> None:
    """With no cause column, the first of two measure columns that the model reads far less surely
    than the other (症结定位 0.44 beside 处置动作 0.99) holds the causes: sheets put them there, and
    the model, reading a cell alone, takes a stated fault (单层纸箱，无泡沫内衬) for an action."""
    measures = [j for j, role in enumerate(roles) if role == "measure"]
    if "cause" in roles or "problem" not in roles or len(measures) < 2:
        return
    first = measures[0]
    if first > roles.index("problem") and sure[first] + _DOUBT <= max(sure[j] for j in measures[1:]):
        roles[first] = "cause"


def _problem_before_the_rest(roles: list[str | None], body: tuple[tuple[str, ...], ...],
                             header: Sequence[str]) -> None:
    """A sheet whose cells read as causes and measures but none as complaints (家长原话 | 查到的原因 |
    我们做了什么) holds the complaint where sheets put it, before them: the nearest column to the
    left whose cells say something. The model reads a customer's own words (孩子回家说电脑开不了机)
    as background more often than as a problem. A column headed as a kind (类别 | 原因: 发生原因,
    流出原因) sorts the rows and names no complaint."""
    first = next((j for j, role in enumerate(roles) if role in ("cause", "measure")), None)
    if first is None:
        return
    kinds = vocab.load("table_columns")["kinds"]
    told = [j for j in range(first - 1, -1, -1) if roles[j] is None and _says_something(body, j)
            and not any(w in header[j] for w in kinds)]
    if roles[first] == "measure" and "cause" not in roles and len(told) >= 2 and told[1] == told[0] - 1:
        told = told[1:]  # 客户原声 | 病根 | 止血动作: the text just before the measures is their cause
    if told and not _asks(body, told[0]):  # 为什么结合力差？ | 底涂与铝基材结合力差: a 5-Why table's questions
        roles[told[0]] = "problem"


def _asks(body: Sequence[Sequence[str]], j: int) -> bool:
    """Most cells of column ``j`` are questions."""
    cells = [r[j].strip() for r in body if j < len(r) and r[j].strip()]
    return sum(c.endswith(("？", "?")) or c.startswith("为什么") for c in cells) * 2 > len(cells)


def names_columns(rows: list[list[str]]) -> bool:
    """Whether the table is a register whose header names its problem and cause or measure columns."""
    return header_index(rows) is not None


def table_cases(rows: list[list[str]], source, shift: int = 0) -> list[Case]:
    """One case per row of a problem|cause|measure table or tracking sheet (``shift`` is added to
    row numbers when a header was put in front of the table's own rows)."""
    header_row = header_index(rows)
    if header_row is None:
        return []
    header = rows[header_row]
    roles = roles_of_columns(rows, header_row)
    cases = []
    for r, row in enumerate(rows[header_row + 1:], header_row + 1):
        cells = dict.fromkeys(("problem", "cause", "measure", "effect"), "")
        parts: dict[str, list[str]] = {"cause": [], "measure": [], "effect": []}
        details: dict[str, str] = {}
        for name, role, cell in zip(header, roles, row):
            if role == "problem" and not cells["problem"]:
                cells["problem"] = cell
            elif role in parts and cell.strip():
                parts[role].append(cell)
            elif role is None and cell.strip() and is_detail_column(name):
                details[name.strip()] = cell.strip()
        problem_text, in_cell = split_details(cells["problem"])
        details = {**in_cell, **details}
        problem = clean(problem_text.replace("\n", " "))
        if not problem.strip() and cases and (parts["cause"] or parts["measure"]):
            _continue(cases[-1], parts)  # | | 方法 | 手术器械包未放指示卡 |: the row above's complaint goes on
            continue
        if not problem or len(problem) < 2:
            continue
        ref = type(source)(file=source.file, page=source.page, paragraph=source.paragraph,
                           table=source.table, row=r + shift)
        causes, measures, effect_text = _row_content(parts, ref)
        effective = judge(effect_text) if effect_text else None
        for named in _labelled_problems(problem):  # 配送超时：…；虚假点送达：… in one cell: two complaints
            cases.append(Case(named, list(causes), list(measures), effect_text, effective, source=ref,
                              fields=details))
    return cases


def _labelled_problems(cell: str) -> list[str]:
    """The complaints of a problem cell: each of its pieces when every piece files its detail under
    a defect of its own (配送超时：3单中2单超时；虚假点送达：未联系顾客即点击已送达), else the cell."""
    pieces = [p.strip() for p in re.split(r"[；;]", cell) if p.strip()]
    if len(pieces) >= 2 and all(defect_label(p) for p in pieces):
        return pieces
    return [cell]


def _row_content(parts: dict[str, list[str]], ref) -> tuple[list[Span], list[Measure], str | None]:
    """A row's causes and measures (one per item of their cells) and its effect text."""
    causes = [Span(_unlabel(c), ref) for cell in parts["cause"] for c in cell_items(cell)]
    measures = [Measure(_unlabel(m), ref) for cell in parts["measure"] for m in cell_items(cell)]
    return causes, measures, " ".join(parts["effect"]).strip() or None


def _continue(case: Case, parts: dict[str, list[str]]) -> None:
    """Add a continuation row's causes, measures and effect to the case of the row above."""
    causes, measures, more = _row_content(parts, case.source)
    case.causes.extend(causes)
    case.measures.extend(measures)
    if more:
        case.effect = f"{case.effect} {more}".strip() if case.effect else more
        case.effective = judge(case.effect)


def rows_by_problem_number(rows: list[list[str]]) -> list[tuple[int, str, str]]:
    """(problem number, role, text) for each cause or measure of a table whose problem column only
    points at problems stated above it (问题一 | 措施 | 责任人): the rows belong to those problems."""
    header_row = header_index(rows)
    if header_row is None:
        return []
    roles = roles_of_columns(rows, header_row)
    out = []
    for row in rows[header_row + 1:]:
        cell = next((c for c, role in zip(row, roles) if role == "problem"), "")
        numbers = []
        for part in references(cell):  # 投诉一、投诉三: both
            marker, rest = parse_marker(f"{part}：")  # a bare 投诉一 is read as it would be as a label
            if marker is None or marker.value is None or rest.strip(" ：:"):
                return []
            numbers.append(marker.value)
        if not numbers:
            return []
        out += [(number, role, item) for number in numbers for c, role in zip(row, roles)
                if role in ("cause", "measure") for item in cell_items(c) if item.strip()]
    return out



def _unlabel(text: str) -> str:
    head, sep, rest = text.partition("：")
    if sep and len(head) <= 8 and rest:
        return clean(rest)
    return text
