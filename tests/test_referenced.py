"""Problems listed once and answered by number further down (minerva/extractors/referenced.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import minerva
from minerva.extractors.referenced import Listed, answered_by_number, pointed_number

REPORT = """
# 关于一季度客户投诉问题整改情况的报告

## 一、基本情况

一季度我行共受理客户投诉286件，较上年同期增加41件。

## 二、存在问题

（一）信用卡分期手续费告知不充分。营销人员只介绍月费率，未明示年化利率，此类投诉41件。

（二）个人住房贷款提前还款预约周期过长。客户申请后平均需等待27个工作日。

## 三、原因分析

问题（一）的原因：一是营销话术由外包团队自行编写，未经消保部门审核；二是合同中年化利率提示字体偏小。

问题（二）的原因：提前还款需支行、分行两级审批，部分支行有意延后受理。

## 四、整改措施

针对问题（一）：一是由信用卡中心统一编制营销话术；二是在分期办理页面首屏展示年化利率。

针对问题（二）：一是取消分行审批环节，改由支行直接受理；二是开通线上预约提前还款功能。
"""


@dataclass
class _Group:
    role: str
    label: str
    problem: int | None = None


def test_a_label_points_at_a_listed_problem_by_its_number():
    assert [pointed_number(x) for x in ("问题（一）", "问题二", "问题3", "问题B", "塌箱问题")] == [1, 2, 3, 2, None]


def test_groups_that_point_at_listed_lines_belong_to_them():
    listed = [Listed(1, "甲。详情", None), Listed(2, "乙。详情", None)]
    groups = [_Group("cause", "问题（二）"), _Group("measure", "问题（一）"), _Group("cause", "")]
    assert answered_by_number(listed, groups) == listed
    assert [g.problem for g in groups] == [1, 0, None]
    # a number pointed at that was never listed: the listing is not what they answer
    assert answered_by_number(listed, [_Group("cause", "问题一"), _Group("cause", "问题三")]) is None


def test_a_report_that_answers_its_listed_problems_by_number(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(REPORT.strip() + "\n", encoding="utf-8")
    (report,) = minerva.extract(path)
    card, loan = report.cases
    assert (card.problem, loan.problem) == ("信用卡分期手续费告知不充分", "个人住房贷款提前还款预约周期过长")
    assert [c.text for c in card.causes] == ["营销话术由外包团队自行编写，未经消保部门审核",
                                             "合同中年化利率提示字体偏小"]
    assert [m.text for m in loan.measures] == ["取消分行审批环节，改由支行直接受理", "开通线上预约提前还款功能"]
