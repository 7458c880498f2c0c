"""Register tables -> cases: a tracking sheet or problem | cause | measure table whose header names
its columns gives one case per row (投诉内容 | 原因分析 | 整改措施 | 验证结果 …; column words in
``resources/table_columns.json``). Cells that enumerate (line breaks, 1、 2、) give one cause or
measure per item; columns that name no role are kept as the case's labelled details.
"""

from __future__ import annotations

from minerva.extractors import vocab
from minerva.extractors.effect import judge
from minerva.extractors.fields import is_detail_column, split_details
from minerva.extractors.markers import parse_marker
from minerva.extractors.spans import cell_items, clean
from minerva.model import Case, Measure, Span


def column_roles(header: list[str]) -> list[str | None]:
    vocabulary = vocab.load("table_columns")
    roles: list[str | None] = []
    for cell in header:
        text = cell.replace("\n", "")
        role = None
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
    """Which of a table's first rows is a header naming problem and cause or measure columns."""
    return next((h for h, row in enumerate(rows[:3]) if _case_header(column_roles(row))), None)


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
    roles = column_roles(header)
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
        if not problem or len(problem) < 2:
            continue
        ref = type(source)(file=source.file, page=source.page, paragraph=source.paragraph,
                           table=source.table, row=r + shift)
        causes = [Span(_unlabel(c), ref) for cell in parts["cause"] for c in cell_items(cell)]
        measures = [Measure(_unlabel(m), ref) for cell in parts["measure"] for m in cell_items(cell)]
        effect_text = " ".join(parts["effect"]).strip() or None
        effective = judge(effect_text) if effect_text else None
        cases.append(Case(problem, causes, measures, effect_text, effective, source=ref, fields=details))
    return cases


def rows_by_problem_number(rows: list[list[str]]) -> list[tuple[int, str, str]]:
    """(problem number, role, text) for each cause or measure of a table whose problem column only
    points at problems stated above it (问题一 | 措施 | 责任人): the rows belong to those problems."""
    header_row = header_index(rows)
    if header_row is None:
        return []
    roles = column_roles(rows[header_row])
    out = []
    for row in rows[header_row + 1:]:
        cell = next((c for c, role in zip(row, roles) if role == "problem"), "")
        marker, rest = parse_marker(cell)
        if marker is None or marker.value is None or rest.strip():
            return []
        out += [(marker.value, role, item) for c, role in zip(row, roles) if role in ("cause", "measure")
                for item in cell_items(c) if item.strip()]
    return out


def _unlabel(text: str) -> str:
    head, sep, rest = text.partition("：")
    if sep and len(head) <= 8 and rest:
        return clean(rest)
    return text
