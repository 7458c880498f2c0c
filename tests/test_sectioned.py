"""Structure gives the cases, clauses give their roles (minerva/extractors/sectioned.py)."""

from __future__ import annotations

from pathlib import Path

import minerva
from minerva.extractors.clauses import clauses_of
from minerva.extractors.layout import lines_of
from minerva.extractors.registry import read_document
from minerva.extractors.roles import tag
from minerva.extractors.sectioned import read_by_part
from minerva.model import Case, SourceRef
from tests.builders import word_paragraphs

EMAIL = [
    "主题：关于贵司反馈仓储系统问题的处理结果",
    "发件人：杭州某软件科技有限公司 技术支持中心",
    "王经理，您好！感谢您3月2日反馈的问题，我们已完成排查，现将结果说明如下。",
    "问题一：门店库存数据同步到总部延迟，高峰时段延迟超过1小时。",
    "经排查，新增门店后同步任务仍使用单一消息队列，造成消息积压。我们已将同步服务扩容为按区域分区的6个队列，并增加队列积压监控告警。",
    "问题二：导出的盘点报表在Excel中打开显示中文乱码。",
    "原因是版本更新时报表导出模块的文件编码被改为不带BOM的UTF-8，Excel无法自动识别。该问题已在3月5日的修复版本中修复，并将导出文件兼容性检查加入发布前的回归测试。",
    "杭州某软件科技有限公司 技术支持中心",
    "2024年3月6日",
]


def _word(tmp_path: Path, paragraphs: list[str]) -> Path:
    return word_paragraphs(tmp_path / "reply.docx", paragraphs)


def test_marked_complaints_told_in_prose_are_one_case_each(tmp_path):
    (report,) = minerva.extract(_word(tmp_path, EMAIL))
    assert [c.problem for c in report.cases] == ["门店库存数据同步到总部延迟，高峰时段延迟超过1小时",
                                                 "导出的盘点报表在Excel中打开显示中文乱码"]
    sync, export = report.cases
    assert any("单一消息队列" in c.text for c in sync.causes)
    assert any("分区" in m.text for m in sync.measures)
    assert not any("BOM" in s.text for s in [*sync.causes, *sync.measures])
    assert any("BOM" in c.text for c in export.causes)
    assert any("回归测试" in m.text for m in export.measures)
    assert not any("队列" in s.text for s in [*export.causes, *export.measures])


def test_cases_that_cannot_be_found_among_the_clauses_are_left_to_the_narrative(tmp_path):
    lines = lines_of(read_document(_word(tmp_path, EMAIL)))
    tagged = tag(clauses_of(lines), len(lines))
    elsewhere = SourceRef(file="other.docx", paragraph=1)
    assert read_by_part([Case(problem="门店库存数据同步到总部延迟", source=elsewhere),
                         Case(problem="导出的盘点报表乱码", source=elsewhere)], tagged) is None
