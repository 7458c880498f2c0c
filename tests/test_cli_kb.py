"""Knowledge-base commands: ``minerva stats`` and ``minerva show``, and how every command that reads a
knowledge base fails when there is none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import minerva
from minerva.cli import app
from minerva.display import recommendation_html
from minerva.knowledge.store import Store
from tests.kb_archive import HOSTILE_PROBLEM, MARKUP_CAUSE, build_kb, flat

runner = CliRunner()


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> tuple[Path, Path]:
    return build_kb(tmp_path_factory.mktemp("cli_kb"))


def test_stats_json_matches_the_store(kb) -> None:
    _, db = kb
    result = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    with Store(db) as store:
        counts = store.counts()
    assert data["counts"] == {"files": counts["files"], "reports": counts["reports"], "cases": counts["cases"],
                              "causes": counts["causes"], "measures": counts["measures"],
                              "failures": counts["failed"]}
    assert data["counts"]["files"] == 14 and data["counts"]["failures"] == 0
    with minerva.open(db) as base:
        graph = base.graph
        problems = [d for _, d in graph.nodes(data=True) if d["kind"] == "problem"]
        assert data["counts"]["reports"] == len(base.reports())
        recurring = base.recurring_causes()
    top = data["top_problems"]
    assert 0 < len(top) <= 10
    assert [p["reports"] for p in top] == sorted((p["reports"] for p in top), reverse=True)
    assert top[0]["reports"] == max(p["support_reports"] for p in problems)
    assert {r["label"] for r in data["recurring_causes"]} <= {r.label for r in recurring}
    assert len(data["recurring_causes"]) == min(10, len(recurring))
    assert all(r["reports"] >= 2 for r in data["recurring_causes"])
    # some causes are shared by several organisations: common causes, never recurrence
    assert data["common_causes"] and all(len(c["organisations"]) >= 2 for c in data["common_causes"])
    measures = data["effective_measures"]
    assert measures and [m["effective"] for m in measures] == sorted((m["effective"] for m in measures), reverse=True)
    assert all({"ineffective", "not_evaluated", "kind"} <= set(m) for m in measures)

    limited = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json", "--top", "2"]).stdout)
    assert len(limited["top_problems"]) == 2


def test_a_cause_that_came_back_to_the_same_organisation_is_listed_with_its_fix(kb) -> None:
    """The oven maker's follow-up report (examples/sources/13-...) finds the weak carton and the
    over-high stacking again half a year after declaring its packaging fix effective: two
    recurrences, each within that organisation, each with both reports and only the measure that
    had answered that cause; no other organisation's report joins them."""
    _, db = kb
    data = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    recurring = data["recurring_causes"]
    assert len(recurring) == 2
    assert {r["organisation"] for r in recurring} == {"浙江美辰电器"}
    for r in recurring:
        assert (r["first_date"], r["last_date"], r["reports"]) == ("2023-09-18", "2024-03-06", 2)
        assert all("电烤箱" in title for title in r["report_titles"])
    relapsed = {r["label"]: r["relapsed_measures"] for r in recurring}
    assert [m for label, ms in relapsed.items() if "纸箱强度不足" in label for m in ms] == [
        "外箱更换为五层BC楞加强纸箱，边压强度要求不低于8.5kN/m，供应商每批随货提供检测报告"]
    assert [m for label, ms in relapsed.items() if "中转仓" in label for m in ms] == [
        "箱面堆码极限标识改为醒目红色，并与物流商签订堆码不超过6层的书面约定"]


def test_a_suggested_measure_whose_cause_came_back_says_so(kb) -> None:
    """The oven maker's carton measure is still suggested for a crushed-carton complaint, but it
    carries where it was declared effective and when its cause was found again; measures of other
    organisations, whose causes did not come back, carry nothing."""
    _, db = kb
    result = runner.invoke(app, ["suggest", "快递送来的烤箱外箱压塌、玻璃门碎了", "--db", str(db), "--json"])
    suggestions = json.loads(result.stdout)["suggestions"]
    carton = next(s for s in suggestions if "五层BC楞" in s["measure"])
    assert carton["relapsed"] == [{"org": "浙江美辰电器有限公司", "effective_date": "2023-09-18",
                                   "recurred_date": "2024-03-06", "cause": carton["relapsed"][0]["cause"]}]
    assert "纸箱强度不足" in carton["relapsed"][0]["cause"]
    assert any(not s["relapsed"] for s in suggestions)
    shown = flat(runner.invoke(app, ["suggest", "快递送来的烤箱外箱压塌、玻璃门碎了", "--db", str(db)]).stdout)
    assert "cameback浙江美辰电器有限公司:declaredeffective2023-09-18" in shown
    with minerva.open(db) as base:
        html = recommendation_html(base.suggest("快递送来的烤箱外箱压塌、玻璃门碎了"))
    assert "came back 复发: 浙江美辰电器有限公司 declared it effective 2023-09-18" in html


FIRST = """# 耳机充电故障整改报告

编制单位：深圳市声悦智能科技有限公司

报告日期：2023-03-10

## 一、问题描述

客户反馈耳机放入充电仓后不充电。

## 二、原因分析

1、充电弹片高度不足，与耳机触点接触不良。

## 三、整改措施

1、弹片来料高度按1.85±0.05mm管控，每批抽测32件。

## 四、效果验证

整改后连续3个月未再收到同类投诉，措施有效。
"""

AGAIN = """# 耳机充电故障复发整改报告

报告日期：2023-09-02

## 一、问题描述

客户再次反馈耳机放入充电仓后不充电。

## 二、原因分析

1、充电弹片高度不足，新模具冲压的弹片与耳机触点接触不良。

## 三、整改措施

1、新模具首批弹片全尺寸检验。
"""

OTHER = """# 外箱破损整改报告

编制单位：佛山某卫浴有限公司

报告日期：2023-05-01

## 一、问题描述

客户反馈面盆外箱破损。

## 二、原因分析

1、纸箱强度不足。

## 三、整改措施

1、改用七层瓦楞纸箱。
"""


def test_the_user_names_the_organisation_of_an_archive(tmp_path) -> None:
    """A follow-up report without a letterhead, in an archive where other reports name theirs,
    cannot be placed, so its cause makes no recurrence; once the user names the organisation the
    whole base belongs to, the cause came back, and the scope is kept in the base."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, text in (("a.md", FIRST), ("b.md", AGAIN), ("c.md", OTHER)):
        (archive / name).write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    assert runner.invoke(app, ["ingest", str(archive), "--db", str(db), "--workers", "1"]).exit_code == 0

    def recurring() -> list[dict]:
        return json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)["recurring_causes"]

    assert recurring() == []
    named = runner.invoke(app, ["scope", "深圳市声悦智能科技有限公司", "--db", str(db)])
    assert named.exit_code == 0 and "深圳市声悦智能科技有限公司" in named.stdout
    [recurrence] = recurring()
    assert (recurrence["first_date"], recurrence["last_date"]) == ("2023-03-10", "2023-09-02")
    assert recurrence["relapsed_measures"] and "弹片" in recurrence["relapsed_measures"][0]
    assert "深圳市声悦智能科技有限公司" in runner.invoke(app, ["scope", "--db", str(db)]).stdout
    suggested = json.loads(runner.invoke(app, ["suggest", "耳机放进充电仓不充电", "--db", str(db), "--json"]).stdout)
    assert any(s["relapsed"] for s in suggested["suggestions"])
    assert runner.invoke(app, ["scope", "--clear", "--db", str(db)]).exit_code == 0
    assert recurring() == []


def test_stats_table(kb) -> None:
    _, db = kb
    result = runner.invoke(app, ["stats", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    for title in ("topproblems", "recurringcauses", "mosteffectivemeasures"):
        assert title in out


def test_show_file_prints_sections_and_provenance(kb) -> None:
    archive, _ = kb
    result = runner.invoke(app, ["show", str(archive / "02-qiche-xuhan-8d.docx")])
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "structure" in out and "records" in out
    for heading in ("D1成立小组", "D3临时措施", "D4根本原因", "D5永久措施", "D6效果验证"):
        assert heading in out
    assert out.index("D4根本原因") < out.index("records")
    # a cause and a measure, each with the file and its paragraph
    assert "点焊电流设定为9.5kA" in out and "02-qiche-xuhan-8d.docx¶11" in out
    assert "焊机加装电极修磨计数器" in out and "(permanent)02-qiche-xuhan-8d.docx¶16" in out


def test_show_pdf_gives_pages(kb) -> None:
    archive, _ = kb
    result = runner.invoke(app, ["show", str(archive / "04-wuliu-biaoge.pdf")])
    assert result.exit_code == 0, result.output
    assert "04-wuliu-biaoge.pdfp.1" in flat(result.stdout)


def test_show_keeps_report_text_literal(kb) -> None:
    archive, _ = kb
    result = runner.invoke(app, ["show", str(archive / "13-hostile.md")])
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert flat(MARKUP_CAUSE) in out  # "[bold]" is shown, not taken as rich markup
    assert flat(HOSTILE_PROBLEM) in out


def test_show_report_by_id_and_title(kb) -> None:
    _, db = kb
    with minerva.open(db) as base:
        [report] = [r for r in base.reports() if r.title == "城东支行客户投诉整改情况报告"]
    result = runner.invoke(app, ["show", str(report.id), "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert f"#{report.id}{report.title}" in out and report.org in out and report.date in out
    for sc in report.cases:
        assert flat(sc.case.problem) in out
        for measure in sc.case.measures:
            assert flat(measure.text) in out
            assert f"03-yinhang-fuwu.docx¶{measure.source.paragraph}" in out
    by_title = runner.invoke(app, ["show", "城东支行", "--db", str(db)])
    assert by_title.exit_code == 0 and f"#{report.id}" in flat(by_title.stdout)
    as_json = json.loads(runner.invoke(app, ["show", str(report.id), "--db", str(db), "--json"]).stdout)
    assert [r["report_id"] for r in as_json] == [report.id]
    assert [c["problem"] for c in as_json[0]["cases"]] == [sc.case.problem for sc in report.cases]


def test_show_unknown_report(kb) -> None:
    _, db = kb
    result = runner.invoke(app, ["show", "没有这份报告", "--db", str(db)])
    assert result.exit_code == 1
    assert "没有这份报告" in result.output and str(db) in result.output


COMMANDS = [
    ["stats"],
    ["stats", "--json"],
    ["show", "1"],
    ["failures"],
    ["similar", "外包装破损"],
    ["suggest", "外包装破损"],
    ["export", "-o", "{tmp}/out.csv"],
    ["export-graph", "{tmp}/g.graphml"],
    ["draft", "外包装破损", "-o", "{tmp}/d.docx"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_missing_db_fails_naming_the_file(command: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "no-such.db"
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = runner.invoke(app, [*args, "--db", str(missing)])
    assert result.exit_code != 0
    assert str(missing) in result.output
    assert not missing.exists()  # looking did not create an empty store


@pytest.mark.parametrize("command", [["stats"], ["show", "1"], ["export", "-o", "{tmp}/out.json"]])
def test_not_a_store_fails_naming_the_file(command: list[str], tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database", encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = runner.invoke(app, [*args, "--db", str(bogus)])
    assert result.exit_code == 2
    assert str(bogus) in result.output
