"""``minerva draft``: a Word report draft for a new complaint, four-part or 8D."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

import minerva
from minerva.cli import app
from tests.kb_archive import build_kb

runner = CliRunner()

COMPLAINT = "客户收到的烤箱外包装纸箱破损，玻璃门碎裂"
WELD = "车身支架焊点虚焊，客户装配时支架脱落"


@pytest.fixture(scope="module")
def kb_db(tmp_path_factory) -> Path:
    _, db = build_kb(tmp_path_factory.mktemp("draft"))
    return db


def draft(db: Path, out: Path, text: str, *options: str) -> Document:
    result = runner.invoke(app, ["draft", text, "-o", str(out), "--db", str(db), *options])
    assert result.exit_code == 0, result.output
    return Document(str(out))


def headings(doc, level: int = 1) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def body_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def section_text(doc, start: str, end: str | None) -> str:
    """The paragraphs between the heading starting with ``start`` and the one starting with ``end``."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            if p.text.startswith(start):
                inside = True
                continue
            if end and p.text.startswith(end):
                break
        if inside:
            out.append(p.text)
    return "\n".join(out)


def tracking_table(doc):
    [table] = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["跟踪日期", "数据", "结论"]]
    return table


def test_four_part_draft_holds_the_suggestions(kb_db: Path, tmp_path: Path) -> None:
    with minerva.open(kb_db) as kb:
        rec = kb.suggest(COMPLAINT, 4)
    assert rec.suggestions
    doc = draft(kb_db, tmp_path / "draft.docx", COMPLAINT, "--top", "4")
    assert headings(doc) == ["一、问题描述", "二、原因分析", "三、整改措施", "四、效果跟踪"]
    title = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert len(title) == 1 and "整改报告" in title[0]
    assert COMPLAINT in section_text(doc, "一、", "二、")
    measures = section_text(doc, "三、", "四、")
    for s in rec.suggestions:
        assert s.measure in measures
        for e in s.evidence[:5]:
            assert e.report in measures and e.org in measures and e.date in measures and e.file in measures
    assert measures.index(rec.suggestions[0].measure) < measures.index(rec.suggestions[-1].measure)
    causes = section_text(doc, "二、", "三、")
    for c in rec.causes:
        assert c.cause in causes
    groups = [h for h in headings(doc, 2) if h[:1] in "人机料法环测"]
    assert groups and set(g[0] for g in groups) == set(rec.causes_by_5m1e()) - {"unknown"}
    table = tracking_table(doc)
    assert len(table.rows) >= 4
    relapsed = [s for s in rec.suggestions if s.relapsed]
    assert relapsed  # the oven maker's carton fix, whose cause came back (examples/sources/13-...)
    for s in relapsed:
        after = measures[measures.index(s.measure):]
        assert f"注意：{s.relapsed[0].org}于{s.relapsed[0].effective_date}判定该措施有效" in after


def test_8d_draft_places_measures_by_kind(kb_db: Path, tmp_path: Path) -> None:
    with minerva.open(kb_db) as kb:
        rec = kb.suggest(WELD, 6)
    doc = draft(kb_db, tmp_path / "8d.docx", WELD, "--layout", "8d", "--top", "6")
    steps = [h for h in headings(doc) if h[:1] == "D"]
    assert [h[:2] for h in steps] == [f"D{i}" for i in range(1, 9)]
    for step, word in ((2, "临时"), (3, "原因"), (4, "永久"), (5, "验证"), (6, "预防")):
        assert word in steps[step]
    by_step = {
        "temporary": section_text(doc, "D3", "D4"),
        "permanent": section_text(doc, "D5", "D6"),
        "preventive": section_text(doc, "D7", "D8"),
    }
    kinds = {s.kind for s in rec.suggestions}
    assert "temporary" in kinds and "permanent" in kinds
    for s in rec.suggestions:
        home = by_step.get(s.kind, by_step["permanent"])
        assert s.measure in home
        assert all(s.measure not in text for text in by_step.values() if text is not home)
    causes = section_text(doc, "D4", "D5")
    assert all(c.cause in causes for c in rec.causes)
    assert WELD in section_text(doc, "D2", "D3")
    tracking_table(doc)


def test_draft_without_similar_cases_keeps_the_headings(kb_db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", "qqqq zzzz", "-o", str(tmp_path / "empty.docx"), "--db", str(kb_db)])
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "empty.docx"))
    assert headings(doc) == ["一、问题描述", "二、原因分析", "三、整改措施", "四、效果跟踪"]
    assert "qqqq zzzz" in body_text(doc)


def test_draft_errors(kb_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = runner.invoke(app, ["draft", COMPLAINT, "-o", str(tmp_path / "d.docx"), "--db", str(missing)])
    assert result.exit_code == 1 and str(missing) in result.output
    result = runner.invoke(app, ["draft", COMPLAINT, "-o", str(tmp_path / "d.pdf"), "--db", str(kb_db)])
    assert result.exit_code == 2 and "d.pdf" in result.output
    result = runner.invoke(app, ["draft", COMPLAINT, "-o", str(tmp_path / "d.docx"), "--db", str(kb_db),
                                 "--layout", "a3"])
    assert result.exit_code == 2
