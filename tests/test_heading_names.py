"""A case under a heading that names no problem (minerva/extractors/heading_names.py)."""

from __future__ import annotations

import minerva
from minerva.extractors.heading_names import names_a_problem
from tests.builders import word_paragraphs

# A monthly service summary by branch: each branch heading holds its complaint on a labelled line.
BY_BRANCH = [
    "2024年8月客户服务月报",
    "一、总体情况",
    "本月受理投诉21件，办结率100%。",
    "二、各分店情况",
    "城东店",
    "重点客诉：本月2起“会员积分兑换后未到账”。",
    "原因：积分系统与收银系统接口超时，兑换记录未回传。",
    "措施：信息部修复接口并增加失败重试，服务台每日核对兑换记录。",
    "城西店",
    "主要问题：生鲜区冷柜温度偏高，酸奶胀包，顾客投诉3起。",
    "原因：冷柜压缩机老化，夜间制冷不足。",
    "措施：更换冷柜压缩机，值班员每两小时记录一次温度。",
]

# The headings name the problems themselves: they keep their names.
BY_PROBLEM = [
    "客诉整改报告",
    "一、门店排队时间长",
    "问题描述：周末收银排队超过20分钟。",
    "原因：高峰期收银台开放不足。",
    "措施：高峰期开放全部收银台，增设自助收银机4台。",
    "二、酸奶胀包",
    "问题描述：顾客购买的酸奶回家后胀包。",
    "原因：冷柜温度偏高。",
    "措施：更换冷柜压缩机。",
]


def test_headings_that_name_a_place_or_unit_name_no_problem():
    assert not names_a_problem("华东区")
    assert not names_a_problem("消毒供应中心")
    assert names_a_problem("客服热线接通率低")
    assert names_a_problem("dn25热水管使用中爆管")
    assert names_a_problem("门店排队时间长")


def test_a_branch_heading_gives_way_to_the_complaint_its_section_states(tmp_path):
    (report,) = minerva.extract(word_paragraphs(tmp_path / "monthly.docx", BY_BRANCH,
                                                headings=("一、总体情况", "二、各分店情况", "城东店", "城西店")))
    names = [c.problem for c in report.cases]
    assert "会员积分兑换后未到账" in names
    points, fridge = (next(c for c in report.cases if w in c.problem) for w in ("积分", "冷柜"))
    assert "城东店" in points.problem_alt
    assert any("接口" in c.text for c in points.causes)
    assert any("压缩机" in m.text for m in fridge.measures)


def test_headings_that_name_the_problem_keep_it(tmp_path):
    (report,) = minerva.extract(word_paragraphs(tmp_path / "report.docx", BY_PROBLEM,
                                                headings=("一、门店排队时间长", "二、酸奶胀包")))
    assert [c.problem for c in report.cases] == ["门店排队时间长", "酸奶胀包"]
