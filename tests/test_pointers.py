"""Rows that point at a problem stated elsewhere in the report (minerva/extractors/pointers.py)."""

from __future__ import annotations

from pathlib import Path

import docx

import minerva


def _report(tmp_path: Path, tables: list[list[list[str]]], intro: str = "") -> Path:
    document = docx.Document()
    document.add_paragraph("连锁酒店客户投诉整改报告")
    if intro:
        document.add_paragraph(intro)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.add_paragraph("")
    document.add_paragraph("某某酒店管理有限公司 2024年10月8日")
    path = tmp_path / "report.docx"
    document.save(path)
    return path


PROBLEMS = [
    ["编号", "投诉问题", "原因分析"],
    ["H1", "客房浴室地漏反味", "地漏存水弯水封高度不足，长期无人入住的房间水封干涸"],
    ["H2", "早餐热菜温度偏低", "保温餐炉加水不足，热菜出锅后在备餐间停留超过20分钟"],
]
MEASURES = [
    ["序号", "对应问题", "整改措施", "完成情况"],
    ["1", "H1", "全部地漏更换为深水封防臭地漏", "已完成"],
    ["2", "H1", "空置房每三天放水一次，保持水封", "已执行"],
    ["3", "早餐热菜温度", "热菜分批出锅，备餐间停留不超过5分钟", "已执行"],
    ["4", "共性问题", "每周召开一次宾客意见分析会", "长期执行"],
]


def test_measure_rows_go_to_the_problems_they_point_at(tmp_path):
    (report,) = minerva.extract(_report(tmp_path, [PROBLEMS, MEASURES]))
    assert [c.problem for c in report.cases] == ["客房浴室地漏反味", "早餐热菜温度偏低"]
    drain, breakfast = report.cases
    assert [m.text for m in drain.measures] == ["全部地漏更换为深水封防臭地漏", "空置房每三天放水一次，保持水封",
                                               "每周召开一次宾客意见分析会"]
    assert [m.text for m in breakfast.measures] == ["热菜分批出锅，备餐间停留不超过5分钟", "每周召开一次宾客意见分析会"]


def test_register_rows_that_repeat_a_problem_stay_complaints_of_their_own(tmp_path):
    register = [
        ["日期", "投诉问题", "原因", "整改措施"],
        ["9月3日", "房间有异味", "空调滤网积尘", "清洗全部空调滤网"],
        ["9月9日", "房间有异味", "", "更换地毯"],
    ]
    (report,) = minerva.extract(_report(tmp_path, [register]))
    assert [c.problem for c in report.cases] == ["房间有异味", "房间有异味"]
