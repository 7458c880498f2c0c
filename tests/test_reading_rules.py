"""Readings that must hold whatever the role model reads in a clause.

A retrained role model reads some clauses differently (a problem item's first clause as a cause,
a reporter's question as background, a short labelled cause as nothing). Each test here reads a
real document, then overrides the model's reading of the clauses in question, as another model
read them, and checks that the document's own signals (its numbering, labels, quotes, grammar)
still give the reading a person would.
"""

from __future__ import annotations

from pathlib import Path

from minerva.extractors.answered_lists import read_by_answer
from minerva.extractors.clauses import clauses_of
from minerva.extractors.layout import lines_of
from minerva.extractors.naming import is_frame_only, problem_name
from minerva.extractors.narrative import assemble, pieces
from minerva.extractors.registers import _content_roles
from minerva.extractors.registry import read_document
from minerva.extractors.reread import move_done_to_measures
from minerva.extractors.roles import RoleModel, Tagged, tag
from minerva.extractors.sectioned import read_by_part
from minerva.extractors.told_items import read_by_item
from minerva.model import Case, SourceRef, Span
from tests.builders import word_paragraphs
from tests.test_answered_lists import PARALLEL
from tests.test_registers import FAULTS_AS_ACTIONS
from tests.test_review_records import PRESS
from tests.test_told_items import MINUTES


def _read(path: Path) -> tuple[list, list[Tagged]]:
    lines = lines_of(read_document(path))
    return lines, tag(clauses_of(lines), len(lines))


def _as(tagged: list[Tagged], readings: dict[str, tuple[str, float]]) -> list[Tagged]:
    """``tagged`` with the clauses whose text holds a key read as that role, that surely."""
    out = []
    for t in tagged:
        key = next((k for k in readings if k in t.clause.text), None)
        if key is None:
            out.append(t)
            continue
        role, p = readings[key]
        probs = {r: (p if r == role else (1 - p) / 4) for r in ("problem", "cause", "measure", "effect", "other")}
        out.append(Tagged(t.clause, role, probs))
    return out


def _md(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.md"
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def test_a_problem_items_opening_clause_names_it_though_read_as_a_cause(tmp_path):
    lines, tagged = _read(word_paragraphs(tmp_path / "report.docx", PARALLEL))
    tagged = _as(tagged, {"7号楼电梯按钮失灵": ("cause", 0.9), "业主多次报修未处理": ("problem", 0.9)})
    cases = read_by_answer(lines, tagged, [])
    assert cases is not None and "电梯按钮失灵" in cases[2].problem
    assert not any("按钮失灵" in c.text for c in cases[2].causes)


def test_cases_named_inside_one_problem_item_are_one_case_of_the_answered_list(tmp_path):
    lines, tagged = _read(word_paragraphs(tmp_path / "report.docx", PARALLEL))
    split = [Case(problem=p) for p in ("地下车库照明灯具损坏较多", "夜间光线昏暗", "小区东门快递柜旁垃圾桶满溢",
                                       "7号楼电梯按钮失灵")]
    cases = read_by_answer(lines, tagged, split)
    assert cases is not None and len(cases) == 3
    assert read_by_answer(lines, tagged, [*split[:3], Case(problem="食堂饭菜偏咸"), Case(problem="外卖超时")]) is None


def test_a_question_that_tells_what_a_reporter_said_asks_about_a_complaint(tmp_path):
    lines, tagged = _read(word_paragraphs(tmp_path / "press.docx", PRESS))
    tagged = _as(tagged, {"说当晚站内一碗泡面卖到15元": ("other", 0.93)})
    cases = read_by_item(lines, tagged, [])
    assert cases is not None and [c.problem for c in cases][1] == "当晚站内一碗泡面卖到15元"
    assert is_frame_only("有旅客在网上发帖")


def test_numbered_paragraphs_are_the_cases_when_a_narrative_reads_as_many(tmp_path):
    """The decisions after the two paragraphs go to both, even when the narrative reading already
    split the complaints right (as many cases) but gave the decisions to the last one only."""
    lines, tagged = _read(word_paragraphs(tmp_path / "minutes.docx", MINUTES))
    cases = read_by_item(lines, tagged, [Case(problem="吸尘器尘杯卡扣断裂"), Case(problem="吸尘器电源线插头松动")])
    assert cases is not None and len(cases) == 2
    assert all(any("PFMEA" in m.text for m in c.measures) for c in cases)


CASES = """
# 二季度服务质量报告

## 典型投诉案例

### 案例一：空调不制冷

原因：外机冷媒泄漏。

### 案例二：安装师傅迟到

原因：派单路线不合理。
"""


def test_a_heading_labelled_as_a_case_states_a_problem_and_a_labelled_line_its_role(tmp_path):
    lines, tagged = _read(_md(tmp_path, CASES))
    tagged = _as(tagged, {"安装师傅迟到": ("other", 0.6), "外机冷媒泄漏": ("problem", 0.6),
                          "派单路线不合理": ("other", 0.8)})
    assert [p.text for p in pieces(tagged) if p.role == "problem"][-1] == "安装师傅迟到"
    read = read_by_part([Case(problem="空调不制冷", source=tagged[2].clause.source),
                         Case(problem="安装师傅迟到", source=tagged[4].clause.source)], tagged)
    assert read is not None
    assert [[c.text for c in case.causes] for case in read] == [["外机冷媒泄漏"], ["派单路线不合理"]]


LETTER = """
尊敬的客户：

来函反映两个问题：一是每晚客房区上网速度明显下降；二是5月3日专线中断，4小时后才恢复。

关于晚间网速下降问题，经核查，汇聚上联端口拥塞。我司已将该片区汇聚上联扩容。

关于中断修复超时问题，直接原因是道路施工挖断光缆。我司将增设一条异路由备份光缆。
"""


def test_complaints_a_letter_lists_before_answering_each_by_name_are_not_cases_again(tmp_path):
    lines, tagged = _read(_md(tmp_path, LETTER))
    tagged = _as(tagged, {"每晚客房区上网速度明显下降": ("problem", 0.95), "5月3日专线中断": ("problem", 0.95),
                          "4小时后才恢复": ("problem", 0.95)})
    assert [c.problem for c in assemble(tagged)] == ["晚间网速下降", "中断修复超时"]


def test_what_a_cause_led_to_names_a_case_no_clause_states_as_a_problem(tmp_path):
    lines, tagged = _read(_md(tmp_path, "公司二厂在自动阀切换时发生延迟，导致少量清洗用碱水渗入牛奶中。"
                                        "公司已把该批牛奶全部下架召回。"))
    tagged = _as(tagged, {"自动阀": ("cause", 0.9), "碱水": ("cause", 0.9)})
    (case,) = assemble(tagged)
    assert case.problem == "少量清洗用碱水渗入牛奶中"


def test_a_cause_led_by_you_yu_before_what_it_led_to_is_a_cause(tmp_path):
    lines, tagged = _read(_md(tmp_path, "由于在模具更改调试过程中出现批次质控问题，致使该批产品塑料外壳过薄。"))
    tagged = _as(tagged, {"由于": ("other", 0.8), "致使": ("other", 0.9)})
    assert [p.role for p in pieces(tagged)] == ["cause"]


def test_a_reply_that_quotes_the_complaint_it_received_is_named_by_it(tmp_path):
    lines, tagged = _read(_md(tmp_path, "10月16日，学校接到“关于学生自行车停放问题”的反映。"
                                        "学校已将学生自行车全部停进校园。"))
    tagged = _as(tagged, {"学校接到": ("problem", 0.9), "停进校园": ("measure", 0.9)})
    assert [c.problem for c in assemble(tagged)] == ["学生自行车停放问题"]


def test_a_channel_that_reported_a_complaint_is_no_part_of_its_name():
    assert problem_name("3月份渠道反馈的电饭煲内胆涂层起泡") == "电饭煲内胆涂层起泡"
    assert problem_name("市场反馈的洗衣机脱水异响") == "洗衣机脱水异响"


def test_a_cause_span_read_surely_as_done_moves_to_the_measures():
    source = SourceRef(file="reply.docx", paragraph=6)
    done, found = "该问题已在修复版本中修复", "文件编码被改为不带BOM的UTF-8"

    def read(text: str, cause: float, measure: float) -> Tagged:
        from minerva.extractors.clauses import Clause
        probs = {"problem": 0.0, "cause": cause, "measure": measure, "effect": 0.0, "other": 1 - cause - measure}
        return Tagged(Clause(text, source, 6, 0, True, True), max(probs, key=probs.get), probs)

    case = Case(problem="报表中文乱码", causes=[Span(found, source), Span(done, source)])
    assert move_done_to_measures([case], [read(found, 0.9, 0.05), read(done, 0.02, 0.95)]) == 1
    assert [c.text for c in case.causes] == [found] and [m.text for m in case.measures] == [done]
    case = Case(problem="报表中文乱码", causes=[Span(done, source)])
    assert move_done_to_measures([case], [read(done, 0.3, 0.6)]) == 0  # not sure enough: it stays


def test_a_second_statement_column_before_the_measures_holds_the_causes():
    """用户诉求 | 问题定位 | 处理动作, read by a model that takes both statement columns for problems."""
    weights = {"col:诉求": [3.0, 0, 0, 0, 0], "col:定位": [2.0, 0, 0, 0, 0], "col:动作": [0, 0, 4.0, 0, 0]}
    model = RoleModel(("problem", "cause", "measure", "effect", "other"), weights, [0.0] * 5, {})
    roles = _content_roles(tuple(tuple(r) for r in FAULTS_AS_ACTIONS), model)
    assert roles[2:5] == ("problem", "cause", "measure")


def test_a_description_is_named_by_its_verdict_before_the_reading_that_led_to_it(monkeypatch):
    """Of two clauses read as problem statements, the one in words (判定为绝缘厚度超标) names the
    problem, not the measured value beside it (低于标准规定的0.60mm)."""
    import minerva.extractors.narrative as narrative

    def reading_first(clauses, n_lines, role_model=None):
        return _as(tag(clauses, n_lines, role_model), {"低于标准": ("problem", 0.99), "判定为": ("problem", 0.88)})

    monkeypatch.setattr(narrative, "tag", reading_first)
    text = "客户抽检绝缘厚度实测0.52mm，低于标准规定的0.60mm，判定为绝缘厚度超标。"
    assert narrative.stated_problem([text]) == "判定为绝缘厚度超标"
