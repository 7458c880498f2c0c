"""HTML views for notebooks: report text is always escaped, and the expected pieces are there."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from minerva.display import case_html, listing_html, recommendation_html, report_html
from minerva.knowledge.recommend import Evidence, LikelyCause, Recommendation, Suggestion
from minerva.model import Case, Measure, Report, SourceRef, Span

EVIL = "<script>alert(1)</script> & 包装"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 包装"


def assert_safe(out: str) -> None:
    """No markup from report text survives: no script element, no raw ampersand from the text."""
    assert "<script" not in out.lower()
    assert "alert(1)</script>" not in out
    assert ESCAPED in out
    # every & in the output starts an entity
    assert not re.search(r"&(?![a-zA-Z]+;|#\d+;)", out)


def case() -> Case:
    return Case(
        problem=f"外箱压塌 {EVIL}",
        causes=[Span(f"纸箱强度不足 {EVIL}", SourceRef("a&b.docx", paragraph=7))],
        measures=[
            Measure(f"改用五层瓦楞纸箱 {EVIL}", SourceRef("<x>.pdf", page=3), kind="permanent"),
            Measure("全检库存", SourceRef("r.docx", paragraph=9), kind="temporary"),
        ],
        effect=f"连续三个月未再发生 {EVIL}",
        effective=True,
        problem_alt=[f"破损 {EVIL}"],
        source=SourceRef("r.docx", paragraph=3),
    )


def recommendation() -> Recommendation:
    evidence = Evidence(report=f"整改报告 {EVIL}", org=f"美辰电器 {EVIL}", date="2023-09-18",
                        file=f"/archive/01 {EVIL}.docx", page=2, paragraph=None, problem=f"外箱压塌 {EVIL}",
                        wording=f"五层纸箱 {EVIL}", effective=True, similarity=0.93)
    good = Suggestion(measure=f"外箱改用七层瓦楞纸箱 {EVIL}",
                      wordings=(f"外箱改用七层瓦楞纸箱 {EVIL}", f"五层纸箱 {EVIL}"), score=1.25, effective=True,
                      effect_counts={"effective": 2, "ineffective": 0, "not_evaluated": 1},
                      kind="permanent", support_reports=2, causes=(f"纸箱强度不足 {EVIL}",), evidence=(evidence,))
    bad = Suggestion(measure="加强培训", wordings=("加强培训",), score=0.3, effective=False,
                     effect_counts={"effective": 0, "ineffective": 2, "not_evaluated": 0}, kind="preventive",
                     support_reports=2, causes=(), evidence=())
    unknown = Suggestion(measure="承运商赔付", wordings=("承运商赔付",), score=0.2, effective=None,
                         effect_counts={"effective": 0, "ineffective": 0, "not_evaluated": 1}, kind="unspecified",
                         support_reports=1, causes=(), evidence=())
    causes = [LikelyCause(f"纸箱受潮 {EVIL}", "料", 1.0, ("纸箱受潮",)),
              LikelyCause("中转堆码过高", "环", 0.8, ("中转堆码过高",)),
              LikelyCause("线路班次少", "unknown", 0.2, ("线路班次少",))]
    return Recommendation(query=f"烤箱外箱压塌 {EVIL}", suggestions=[good, bad, unknown], causes=causes)


def test_case_html_escapes_and_shows_problem_causes_measures_provenance():
    out = case_html(case())
    assert_safe(out)
    assert "外箱压塌" in out and "纸箱强度不足" in out and "改用五层瓦楞纸箱" in out
    assert "permanent" in out and "temporary" in out
    assert "连续三个月未再发生" in out and "effective" in out
    assert "a&amp;b.docx ¶7" in out and "&lt;x&gt;.pdf p.3" in out and "r.docx ¶3" in out


def test_case_html_badges_for_each_effect():
    assert "ineffective" in case_html(Case("问题", effective=False))
    assert "not evaluated" in case_html(Case("问题", effective=None))


def test_report_html_escapes_and_lists_cases():
    report = Report(title=f"整改报告 {EVIL}", org=f"美辰 {EVIL}", date="2023-09-18", cases=[case(), case()],
                    source=SourceRef(f"{EVIL}.docx"), warnings=[f"odd {EVIL}"])
    out = report_html(report)
    assert_safe(out)
    assert "整改报告" in out and "2023-09-18" in out and "问题 1" in out and "问题 2" in out
    assert "no cases found" in report_html(Report(title=None))


def test_recommendation_html_escapes_and_orders_suggestions():
    out = recommendation_html(recommendation())
    assert_safe(out)
    assert out.index("外箱改用七层瓦楞纸箱") < out.index("加强培训") < out.index("承运商赔付")
    assert "score 1.250" in out and "effective 有效" in out and "ineffective 无效" in out
    assert "not evaluated 未评价" in out
    assert "2 effective · 0 ineffective · 1 not evaluated" in out
    # evidence table: report title, org, date, file, page
    for piece in ("整改报告", "美辰电器", "2023-09-18", 'title="/archive/01 &lt;script&gt;', "p.2"):
        assert piece in out
    assert "other wordings" in out and "五层纸箱" in out
    # likely causes grouped by 5M1E, in 人机料法环测 order, unknown last
    assert out.index("料 Material") < out.index("环 Environment") < out.index("unknown")


def test_evidence_shows_the_file_name_with_the_path_on_hover():
    rec = recommendation()
    evidence = rec.suggestions[0].evidence[0]
    rec.suggestions[0] = replace(rec.suggestions[0], evidence=(replace(evidence, file="/data/报告/01-整改.docx"),))
    out = recommendation_html(rec)
    assert '<span title="/data/报告/01-整改.docx">01-整改.docx</span>' in out


def test_recommendation_html_without_suggestions():
    out = recommendation_html(Recommendation(query="什么都没有"))
    assert "no suggestion" in out and "什么都没有" in out


@pytest.mark.parametrize("max_rows", [50, 1])
def test_listing_html_escapes_and_limits_rows(max_rows):
    rows = [{"title": f"报告 {EVIL}", "causes": [f"原因一 {EVIL}", "原因二"], "effective": True, "org": None},
            {"title": "第二份", "causes": [], "effective": False, "extra": 3}]
    out = listing_html(rows, max_rows=max_rows)
    assert_safe(out)
    for header in ("title", "causes", "effective", "org", "extra"):
        assert f">{header}</th>" in out
    assert "原因一" in out and "原因二" in out
    if max_rows == 1:
        assert "第二份" not in out and "1 of 2 rows shown" in out
    else:
        assert "第二份" in out and "rows shown" not in out


def test_listing_html_of_nothing():
    assert "no rows" in listing_html([])


def test_case_html_shows_escaped_case_fields():
    out = case_html(Case("外壳划伤", fields={"订单号": "SO-<2231>", "数量": "40"}))
    assert "订单号：SO-&lt;2231&gt;" in out and "数量：40" in out and "<2231>" not in out
