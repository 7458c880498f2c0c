"""A Word draft of a rectification report for a new complaint, filled from past cases.

``write_draft(kb, "客户反馈…", "draft.docx")`` asks the knowledge base for the likely causes and
the measures that fixed similar complaints (:meth:`KnowledgeBase.suggest`) and lays them out as a
report to finish by hand:

* ``four-part`` (四段式): 问题描述, 原因分析 (causes by 5M1E), 整改措施 (each measure with the
  reports it comes from), 效果跟踪 (a 跟踪日期 / 数据 / 结论 table to fill in);
* ``8d``: D1–D8, with the measures placed by their kind — temporary in D3, permanent (and those no
  report classified) in D5, preventive in D7 — the causes in D4 and the D6 verification to fill in.

Every suggestion is a starting point drawn from other reports: the draft says so, and names the
report, organisation, date and file of each one so it can be checked.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from minerva.knowledge.recommend import Evidence, Recommendation, Suggestion
from minerva.model import place

if TYPE_CHECKING:  # pragma: no cover
    from minerva.knowledge.base import KnowledgeBase

LAYOUTS = ("four-part", "8d")

FOUR_PART_HEADINGS = ("一、问题描述", "二、原因分析", "三、整改措施", "四、效果跟踪")
EIGHT_D_HEADINGS = (
    "D1 成立小组", "D2 问题描述", "D3 临时措施", "D4 根本原因分析",
    "D5 永久纠正措施", "D6 效果验证", "D7 预防措施", "D8 总结与团队祝贺",
)
FIVE_M_ONE_E = (("人", "人员"), ("机", "设备"), ("料", "材料"), ("法", "方法"), ("环", "环境"), ("测", "测量"))
KIND_NAMES = {"temporary": "临时措施", "permanent": "永久措施", "preventive": "预防措施", "unspecified": "未注明类别"}
TRACKING_HEADER = ("跟踪日期", "数据", "结论")
TRACKING_ROWS = 4
SOURCES_SHOWN = 5
BLANK = "＿＿＿＿＿＿"


def write_draft(kb: KnowledgeBase, complaint: str, path: str | Path, layout: str = "four-part",
                top: int = 5) -> Recommendation:
    """Write the draft for ``complaint`` to ``path`` (.docx); returns the recommendation used."""
    rec = kb.suggest(complaint, top)
    build_draft(rec, layout).save(str(path))
    return rec


def build_draft(rec: Recommendation, layout: str = "four-part"):
    """The draft as a python-docx ``Document`` (``layout``: ``four-part`` or ``8d``)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    doc = Document()
    _fonts(doc)
    complaint = " ".join(rec.query.split())
    if layout == "8d":
        _eight_d(doc, rec, complaint)
    else:
        _four_part(doc, rec, complaint)
    return doc


# ------------------------------------------------------------------------------------ layouts

def _four_part(doc, rec: Recommendation, complaint: str) -> None:
    doc.add_heading(f"关于“{_short(complaint)}”客诉的整改报告（草稿）", 0)
    _preamble(doc, rec)
    doc.add_heading(FOUR_PART_HEADINGS[0], 1)
    _problem(doc, complaint)
    doc.add_heading(FOUR_PART_HEADINGS[1], 1)
    _causes(doc, rec)
    doc.add_heading(FOUR_PART_HEADINGS[2], 1)
    if rec.suggestions:
        doc.add_paragraph("以下措施在相似的历史客诉中采用过，按相关度与以往效果排序；请结合本次原因选用并明确责任人与完成期限。")
    _measures(doc, rec.suggestions, numbered_from=1)
    doc.add_heading(FOUR_PART_HEADINGS[3], 1)
    _tracking(doc)


def _eight_d(doc, rec: Recommendation, complaint: str) -> None:
    doc.add_heading(f"8D报告——{_short(complaint)}（草稿）", 0)
    _preamble(doc, rec)
    doc.add_heading(EIGHT_D_HEADINGS[0], 1)
    _table(doc, ("角色", "姓名", "部门", "职责"), [("组长", "", "", ""), ("组员", "", "", ""), ("组员", "", "", "")])
    doc.add_heading(EIGHT_D_HEADINGS[1], 1)
    _problem(doc, complaint)
    by_kind: dict[str, list[Suggestion]] = {"temporary": [], "permanent": [], "preventive": []}
    for s in rec.suggestions:
        by_kind.get(s.kind, by_kind["permanent"]).append(s)
    doc.add_heading(EIGHT_D_HEADINGS[2], 1)
    _measures(doc, by_kind["temporary"], numbered_from=1)
    doc.add_heading(EIGHT_D_HEADINGS[3], 1)
    _causes(doc, rec)
    doc.add_heading(EIGHT_D_HEADINGS[4], 1)
    _measures(doc, by_kind["permanent"], numbered_from=1)
    doc.add_heading(EIGHT_D_HEADINGS[5], 1)
    _tracking(doc)
    doc.add_heading(EIGHT_D_HEADINGS[6], 1)
    _measures(doc, by_kind["preventive"], numbered_from=1)
    doc.add_heading(EIGHT_D_HEADINGS[7], 1)
    doc.add_paragraph(f"总结：{BLANK}")
    doc.add_paragraph(f"关闭日期：{BLANK}    批准：{BLANK}")


# ------------------------------------------------------------------------------------ parts

def _preamble(doc, rec: Recommendation) -> None:
    doc.add_paragraph(f"编制单位：{BLANK}    报告日期：{BLANK}    编制：{BLANK}")
    reports = {e.report for s in rec.suggestions for e in s.evidence} | {h.case.report_title for h in rec.cases}
    note = doc.add_paragraph()
    run = note.add_run(
        f"本草稿由 minerva 于 {date.today().isoformat()} 根据知识库中 {len(reports - {None})} 份相似报告生成。"
        "原因与措施来自以往案例，须经现场核实后采用。")
    run.italic = True


def _problem(doc, complaint: str) -> None:
    doc.add_paragraph(complaint)
    doc.add_paragraph(f"补充信息：发生时间 {BLANK}  地点/批次 {BLANK}  数量/不良率 {BLANK}  客户要求 {BLANK}")


def _causes(doc, rec: Recommendation) -> None:
    grouped = rec.causes_by_5m1e()
    if not grouped:
        doc.add_paragraph("知识库中没有相似案例的原因可供参考，请按人、机、料、法、环、测逐项分析。")
        return
    doc.add_paragraph("可能原因（来自相似案例，按5M1E归类，须逐条核实）：")
    order = [key for key, _ in FIVE_M_ONE_E] + sorted(k for k in grouped if k not in dict(FIVE_M_ONE_E))
    names = dict(FIVE_M_ONE_E)
    for key in order:
        causes = grouped.get(key)
        if not causes:
            continue
        doc.add_heading(f"{key}（{names[key]}）" if key in names else "其他", 2)
        for cause in causes:
            doc.add_paragraph(cause.cause, style="List Bullet")


def _measures(doc, suggestions: list[Suggestion], numbered_from: int) -> None:
    if not suggestions:
        doc.add_paragraph(f"（相似案例中没有此类措施，请填写）{BLANK}")
        return
    for rank, s in enumerate(suggestions, numbered_from):
        para = doc.add_paragraph()
        para.add_run(f"{rank}. ").bold = True
        para.add_run(s.measure).bold = True
        counts = s.effect_counts
        doc.add_paragraph(
            f"类别：{KIND_NAMES.get(s.kind, s.kind)}；以往效果：有效 {counts.get('effective', 0)} 次，"
            f"无效 {counts.get('ineffective', 0)} 次，未评价 {counts.get('not_evaluated', 0)} 次；"
            f"见于 {s.support_reports} 份报告")
        if s.effective is False:
            warn = doc.add_paragraph().add_run("注意：该措施在以往报告中多被评为无效，采用前请评估。")
            warn.bold = True
        for r in s.relapsed:
            doc.add_paragraph().add_run(
                f"注意：{r.org or '（单位不详）'}于{r.effective_date}判定该措施有效，但{r.recurred_date}"
                f"再次发现其针对的原因（{r.cause}），采用前请评估。").bold = True
        doc.add_paragraph("来源：")
        for e in s.evidence[:SOURCES_SHOWN]:
            doc.add_paragraph(_source(e), style="List Bullet 2")
        doc.add_paragraph(f"责任人：{BLANK}    完成期限：{BLANK}")


def _source(e: Evidence) -> str:
    where = place(e.page, e.paragraph, page_label="第{}页")
    parts = [e.report or "（无标题报告）", e.org or "（单位不详）", e.date or "（日期不详）",
             " ".join(p for p in (e.file or "", where) if p)]
    text = "｜".join(parts)
    if e.wording:
        text += f"（原文：{e.wording}）"
    return text


def _tracking(doc) -> None:
    doc.add_paragraph("整改措施实施后，按下表跟踪验证效果：")
    _table(doc, TRACKING_HEADER, [("", "", "")] * TRACKING_ROWS)
    doc.add_paragraph("结论：□ 有效    □ 部分有效    □ 无效（需重新分析原因）")


def _table(doc, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row, values in zip(table.rows[1:], rows):
        for cell, text in zip(row.cells, values):
            cell.text = text


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fonts(doc) -> None:
    """East Asian fonts for body and headings (python-docx's template names only Latin ones)."""
    for name, font in (("Normal", "宋体"), ("Title", "黑体"), ("Heading 1", "黑体"), ("Heading 2", "黑体")):
        style = doc.styles[name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), font)
    doc.styles["Normal"].font.size = Pt(11)
