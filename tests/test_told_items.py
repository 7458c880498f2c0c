"""Numbered paragraphs that each tell one complaint (minerva/extractors/told_items.py)."""

from __future__ import annotations

import minerva
from minerva.extractors.clauses import clauses_of
from minerva.extractors.layout import lines_of
from minerva.extractors.registry import read_document
from minerva.extractors.roles import tag
from minerva.extractors.told_items import read_by_item
from tests.builders import word_paragraphs

MINUTES = [
    "客户投诉评审会议纪要",
    "会议时间：2024年9月12日 9:30",
    "参加人员：品质部 杜明、注塑车间 范强、装配车间 柳青",
    "一、讨论情况",
    "1. 吸尘器尘杯卡扣断裂投诉。客户9月2日来料检验发现尘杯卡扣断裂23件。范强说明：卡扣根部圆角只有0.2mm，"
    "应力集中，且8月下旬回料比例由15%提高到30%，材料韧性下降。",
    "2. 吸尘器电源线插头松动投诉。客户反馈整机测试时插头接触不良，共9台。"
    "柳青说明：插头压接工序的压接高度未按新线规调整，压接端子夹持力不足。",
    "二、决议事项",
    "1. 卡扣根部圆角修模加大到0.8mm，回料比例恢复到15%以下并每批记录。",
    "2. 压接高度按新线规重新设定，每班首件做拉力测试。",
    "3. 两起投诉纳入PFMEA，对班组长进行一次质量意识培训。",
    "品质部 2024年9月13日",
]

MEASURE_LIST = [
    "关于洗衣机门封漏水的整改报告",
    "客户投诉滚筒洗衣机门封漏水，共12台。",
    "原因：门封圈供应商更换了胶料配方，硬度偏高，门封贴合不严。",
    "整改措施如下：",
    "1. 门封圈来料增加硬度检验，每批抽检20件。",
    "2. 与供应商签订配方变更通知协议，变更须提前书面通知。",
    "3. 在库门封圈全部复检，硬度超差的退回供应商。",
]


def test_each_numbered_paragraph_that_tells_a_complaint_is_a_case(tmp_path):
    (report,) = minerva.extract(word_paragraphs(tmp_path / "minutes.docx", MINUTES))
    assert [c.problem for c in report.cases] == ["吸尘器尘杯卡扣断裂", "吸尘器电源线插头松动"]
    clip, plug = report.cases
    assert any("圆角" in c.text for c in clip.causes) and not any("压接" in c.text for c in clip.causes)
    assert any("压接高度" in c.text for c in plug.causes) and not any("回料" in c.text for c in plug.causes)
    for case in report.cases:  # the decisions come after both paragraphs: each case holds them
        assert any("PFMEA" in m.text for m in case.measures)


def test_a_numbered_list_of_measures_is_no_list_of_complaints(tmp_path):
    lines = lines_of(read_document(word_paragraphs(tmp_path / "report.docx", MEASURE_LIST)))
    tagged = tag(clauses_of(lines), len(lines))
    assert read_by_item(lines, tagged, []) is None
    (report,) = minerva.extract(word_paragraphs(tmp_path / "report.docx", MEASURE_LIST))
    assert len(report.cases) == 1 and len(report.cases[0].measures) >= 3
