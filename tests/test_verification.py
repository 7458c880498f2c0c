"""Cause-verification tables (要因确认表): only the confirmed candidates become causes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument

import minerva
from minerva.extractors import legacy
from minerva.extractors.verification import confirmed_causes, ruled_out
from minerva.model import Block, SourceRef

CANDIDATES = [
    ("作业员未按SOP设定保压参数", "现场查验", "作业员按SOP作业", "否"),
    ("保压时间由8秒被改为5秒", "查参数记录", "参数记录显示保压时间为5秒", "是"),
    ("原料含水率超标", "抽检原料", "含水率0.02%，符合要求", "非要因"),
    ("模具冷却水路堵塞", "拆模检查", "3号水路水垢堵塞", "要因"),
    ("车间温度偏高", "查温湿度记录", "温度26℃，正常", "×"),
]


def write_8d(path: Path, header: tuple[str, ...] = ("末端因素", "确认方法", "确认结果", "是否要因")) -> Path:
    doc = WordDocument()
    doc.add_heading("关于注塑件缩痕客诉的8D报告", 0)
    doc.add_heading("D2 问题描述", 1)
    doc.add_paragraph("客户来料检验发现面板注塑件表面缩痕，不良率3.2%。")
    doc.add_heading("D4 原因分析", 1)
    doc.add_paragraph("小组从人、机、料、法、环五方面列出末端因素，逐一确认如下：")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in CANDIDATES:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.add_heading("D5 纠正措施", 1)
    doc.add_paragraph("1. 保压时间恢复为8秒并锁定参数。")
    doc.add_paragraph("2. 清洗模具冷却水路，每月点检一次。")
    doc.add_heading("D7 效果确认", 1)
    doc.add_paragraph("整改后连续3批出货未再发生缩痕，措施有效。")
    doc.save(path)
    return path


def test_only_confirmed_candidates_are_causes(tmp_path):
    [report] = minerva.extract(write_8d(tmp_path / "8d.docx"))
    [case] = report.cases
    causes = [c.text for c in case.causes]
    assert len(causes) == 2
    assert causes[0].startswith("保压时间由8秒被改为5秒") and "参数记录显示" in causes[0]
    assert causes[1].startswith("模具冷却水路堵塞")
    assert not any(word in " ".join(causes) for word in ("作业员", "含水率", "车间温度"))
    assert [m.text for m in case.measures] == ["保压时间恢复为8秒并锁定参数", "清洗模具冷却水路，每月点检一次"]


@pytest.mark.skipif(legacy.find_soffice() is None, reason="LibreOffice is not installed")
def test_the_same_report_exported_to_pdf(tmp_path):
    source = write_8d(tmp_path / "8d.docx")
    subprocess.run([legacy.find_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    [report] = minerva.extract(tmp_path / "8d.pdf")
    [case] = report.cases
    assert [c.text.split("（")[0] for c in case.causes] == ["保压时间由8秒被改为5秒", "模具冷却水路堵塞"]


def test_a_step_heading_that_names_its_role_wins_over_the_step_number(tmp_path):
    """D7 is a preventive step in the canon; a writer who heads it 效果确认 reports the effect there."""
    [report] = minerva.extract(write_8d(tmp_path / "8d.docx"))
    [case] = report.cases
    assert case.effect and "未再发生" in case.effect and case.effective is True
    assert not any("未再发生" in m.text for m in case.measures)


def test_english_verdict_columns_and_other_tables():
    src = SourceRef("x.pdf", page=2)
    table = Block("table", "", src, rows=[["Possible cause", "Check", "Root cause?"],
                                         ["Worn punch guide pillar", "measured", "Yes"],
                                         ["Operator skipped first-article check", "interviewed", "N"],
                                         ["Coil hardness out of spec", "lab test", ""]])
    [item] = confirmed_causes(table)
    assert item.kind == "item" and item.text == "Worn punch guide pillar" and item.source.row == 1
    register = Block("table", "", src, rows=[["投诉内容", "原因分析", "整改措施"],
                                            ["外箱压塌", "纸箱强度不足", "改五层瓦楞"]])
    assert confirmed_causes(register) is None


def test_candidates_ruled_out_in_prose_are_not_causes(tmp_path):
    doc = WordDocument()
    doc.add_heading("面板缩痕客诉改善报告", 0)
    doc.add_heading("一、问题描述", 1)
    doc.add_paragraph("客户反馈面板注塑件表面缩痕，不良率3.2%。")
    doc.add_heading("二、原因分析", 1)
    for line in ("1. 人：操作员经培训考核合格，排除。", "2. 料：原料含水率0.02%，符合要求。",
                 "3. 机：注塑机保压时间被改为5秒，保压不足。", "4. 法：参数修改无审批流程，可随意更改。"):
        doc.add_paragraph(line)
    doc.add_heading("三、整改措施", 1)
    doc.add_paragraph("1. 保压时间恢复为8秒并锁定参数。")
    doc.save(tmp_path / "prose.docx")
    [report] = minerva.extract(tmp_path / "prose.docx")
    causes = [c.text for case in report.cases for c in case.causes]
    assert any("保压时间被改为5秒" in c for c in causes) and any("无审批流程" in c for c in causes)
    assert not any("培训考核合格" in c or "含水率" in c for c in causes)
    assert ruled_out("人：操作员经培训考核合格，排除。") and not ruled_out("设备运行不正常")
    assert ruled_out("接线盒来料粘接面尺寸、背板批次（对比试验无差异）。")
    assert not ruled_out("打胶机A胶计量泵齿轮磨损（已更换）")


def test_a_factor_named_only_by_its_kind_is_the_cause_its_row_finds():
    """人 | 机 | 料 rows: the factor cell names the kind, the row's finding is the cause, and a
    verdict of 主要原因 or 次要原因 confirms it."""
    rows = [["因素", "排查内容", "结论"],
            ["人", "操作工均持证上岗，换模按规程执行", "无异常"],
            ["机", "封口机加热片老化，封口温度比设定低15℃，封口强度不足", "主要原因"],
            ["法", "封口强度只在开机时测一次，加热片老化后的产品未被拦截", "次要原因"]]
    block = Block("table", "", SourceRef(file="a.docx", table=0), rows=rows)
    assert [b.text for b in confirmed_causes(block)] == ["封口机加热片老化，封口温度比设定低15℃，封口强度不足",
                                                          "封口强度只在开机时测一次，加热片老化后的产品未被拦截"]
