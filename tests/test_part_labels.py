"""A document's own part labels (影响范围, 缺陷描述, 设定目标, 反思) name no complaint, and a numbered
cause states its cause before its evidence (naming.is_generic, layout.py, records.py, spans.py):
read off the looked-at set lk22 (the twenty-second session), judged on the blind dev21."""

from __future__ import annotations

import minerva
from minerva.extractors.naming import is_generic
from minerva.extractors.spans import stated_cause
from tests.builders import DATA, rendered, word_paragraphs

QUICK_REPORT = [
    "质量问题快报",
    "问题描述",
    "6月3日客户反馈，我司供应的SR-1206强化复合地板铺装后15天出现拼缝处起翘、锁扣处离缝。",
    "影响范围",
    "涉及批号24030801至24032106，已发货约3,200平方米。",
    "临时措施",
    "1. 在库同批号地板全部隔离，暂停发货。",
    "2. 派技术员到现场逐户检查并登记。",
]


def test_a_part_label_under_the_facts_names_no_complaint(tmp_path):
    path = word_paragraphs(tmp_path / "quick.docx", QUICK_REPORT, headings=("问题描述", "影响范围", "临时措施"))
    cases = [case for report in minerva.extract(path) for case in report.cases]
    assert cases, "the quick report states a complaint and what was done"
    assert all(case.problem != "影响范围" for case in cases)
    assert any("起翘" in case.problem or "离缝" in case.problem for case in cases)


def test_part_labels_are_generic_and_defects_are_not():
    for label in ("影响范围", "缺陷描述", "选题理由", "设定目标", "反思", "重点问题", "问题进展", "质量问题续报"):
        assert is_generic(label), label
    for name in ("门封漏水", "卫生问题", "外观缺陷", "服务态度", "配送超时"):
        assert not is_generic(name), name


def test_a_numbered_cause_is_its_first_sentence_not_its_evidence():
    item = ("3号机器人焊枪导电嘴超期使用，孔径磨损后送丝点偏移、电弧不稳。"
            "按规定导电嘴每班更换一次，但2月2日至2月5日的更换记录为空白。")
    assert stated_cause(item) == "3号机器人焊枪导电嘴超期使用，孔径磨损后送丝点偏移、电弧不稳。"
    one = "模具冷却水路局部堵塞，铸件局部冷却不足"
    assert stated_cause(one) == one
    short = "设备老化。按规定每年更换一次，但未执行。"
    assert stated_cause(short) == short  # too short a first sentence to be the cause by itself


def test_lk22_cases_are_not_named_by_part_labels(tmp_path):
    out = rendered(DATA / "lk22", tmp_path)
    names = [case.problem for path in sorted(out.glob("*.docx"))
             for report in minerva.extract(path) for case in report.cases]
    labels = {"影响范围", "缺陷描述", "选题理由", "设定目标", "反思", "重点问题"}
    assert len(names) >= 40 and not labels & set(names)


MINUTES_WITH_PLAN = [
    ("h1", "三、重点客诉分析及改善"),
    ("h2", "面饼异物"),
    ("p", "原因分析：油炸工序滤网破损，焦渣随油进入面饼。"),
    ("p", "改善措施：滤网改为每班检查、每周更换。"),
    ("h2", "调料包漏油"),
    ("p", "原因分析：封口温度设定偏低，封口不牢。"),
    ("p", "改善措施：封口温度由150℃调至165℃，每2小时抽检封口强度。"),
    ("h1", "四、7月重点工作"),
    ("p", "1. 完成FSSC 22000年度监督审核准备；"),
    ("p", "2. 开展夏季高温期防虫防鼠专项检查。"),
]


def test_a_heading_above_the_complaints_ends_them(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("6月质量月报")
    for kind, text in MINUTES_WITH_PLAN:
        if kind == "p":
            document.add_paragraph(text)
        else:
            document.add_heading(text, level=int(kind[1]))
    document.save(tmp_path / "monthly.docx")
    cases = [case for report in minerva.extract(tmp_path / "monthly.docx") for case in report.cases]
    assert [case.problem for case in cases] == ["面饼异物", "调料包漏油"]
    found = [span.text for case in cases for span in (*case.causes, *case.measures)]
    assert len(found) == 4 and not any("审核准备" in t or "防虫防鼠" in t for t in found)  # next month's work


def test_bold_markers_in_a_source_are_not_rendered_as_asterisks(tmp_path):
    import docx

    source = tmp_path / "src"
    source.mkdir()
    (source / "x.src.md").write_text(
        "---\nid: x\nrender: [docx-styled]\n---\n# 6月质量例会纪要\n\n"
        "- **KS-01 管材内壁黑点** **现状：**用户切管发现内壁黑色点状杂质。**原因：**换色后未清理机头。\n\n"
        "| 项目 | 内容 |\n|---|---|\n| **对策** | 修订**换色清机规程** |\n\n"
        "**原因：**换色后未清理机头，焦料带出。\n", encoding="utf-8")
    (source / "x.gold.json").write_text('{"id": "x", "reports": []}', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    rendered(source, out)
    document = docx.Document(out / "x.docx")
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts = [p.text for p in document.paragraphs] + cells
    assert "KS-01 管材内壁黑点 现状：用户切管发现内壁黑色点状杂质。原因：换色后未清理机头。" in texts
    assert "修订换色清机规程" in texts
    assert "原因：换色后未清理机头，焦料带出。" in texts
    assert not any("**" in t for t in texts)
