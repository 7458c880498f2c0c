"""Knowledge graph from stored cases: concepts across reports, counts, evidence, recurrence, export."""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest

from minerva.knowledge.concepts import case_key
from minerva.knowledge.graph import (
    GRAPH_VERSION,
    build_graph,
    common_causes,
    node_id,
    recurring_causes,
    to_graphml,
    to_node_link,
)
from minerva.knowledge.records import StoredCase
from minerva.knowledge.scope import org_scope
from minerva.model import Case, Measure, Span
from tests.test_concepts import DATA, gold_cases

DUPLICATED = ("dev-001", "dev-015")


@pytest.fixture(scope="module")
def cases() -> list[StoredCase]:
    return gold_cases(duplicate=DUPLICATED)


@pytest.fixture(scope="module")
def graph(cases) -> nx.DiGraph:
    return build_graph(cases)


def report_of(cases: list[StoredCase], name: str) -> int:
    return next(sc.report_id for sc in cases if sc.files[0].startswith(f"{name}."))


def node_with(graph: nx.DiGraph, kind: str, text: str) -> str:
    """The concept node of ``kind`` holding a phrasing that contains ``text``."""
    found = [n for n, d in graph.nodes(data=True) if d["kind"] == kind and any(text in t for t in d["texts"])]
    assert len(found) == 1, (kind, text, found)
    return found[0]


def test_graph_has_versions_and_all_node_kinds(graph):
    assert graph.graph["graph_version"] == GRAPH_VERSION and graph.graph["extractor_version"]
    assert set(Counter(d["kind"] for _, d in graph.nodes(data=True))) == {"report", "problem", "cause", "measure"}


def test_empty_input_gives_an_empty_graph():
    graph = build_graph([])
    assert graph.number_of_nodes() == 0 and graph.graph["graph_version"] == GRAPH_VERSION
    assert recurring_causes(graph) == []


def test_earbud_charging_contact_causes_merge_across_reports(graph, cases):
    """Contact geometry (a spring too low in dev-001, a pin off centre in dev-012) and an
    insulating film on the contact (oxidised thin plating, flux residue): four specific causes,
    so four fine concepts, in two coarse kinds."""
    spring = graph.nodes[node_with(graph, "cause", "弹片高度实测")]
    offset = graph.nodes[node_with(graph, "cause", "Pogo Pin中心偏位")]
    assert spring is not offset and spring["coarse_kind"] == offset["coarse_kind"]
    assert {report_of(cases, n) for n in ("dev-001", "dev-012")} <= set(spring["reports"]) | set(offset["reports"])
    flux = graph.nodes[node_with(graph, "cause", "助焊剂残留，形成绝缘膜")]
    plating = graph.nodes[node_with(graph, "cause", "镀金层厚度")]
    assert flux is not plating and flux["coarse_kind"] == plating["coarse_kind"]
    assert {report_of(cases, n) for n in ("dev-012", "dev-034")} <= set(flux["reports"]) | set(plating["reports"])
    assert spring["coarse_kind"] != flux["coarse_kind"]
    earbud_reports = {report_of(cases, n) for n in ("dev-001", "dev-012", "dev-034")}
    problem = node_with(graph, "problem", "左耳放入充电仓后不充电")
    assert earbud_reports <= set(graph.nodes[problem]["reports"])


def test_a_report_stored_from_two_files_counts_once(graph, cases):
    dev015 = report_of(cases, "dev-015")
    assert graph.nodes[node_id("report", dev015)]["files"] == ["dev-015.docx", "dev-015.pdf"]
    lunch = graph.nodes[node_with(graph, "measure", "午间轮班保证至少开放3个窗口")]
    assert (lunch["support_reports"], lunch["support_cases"], lunch["effective"]) == (1, 1, 1)
    contact = graph.nodes[node_with(graph, "cause", "弹片高度实测")]
    assert contact["reports"] == [report_of(cases, "dev-001")]
    assert contact["support_reports"] == contact["support_cases"] == 1


def test_edges_link_cases_and_count_them_once(graph, cases):
    dev001 = report_of(cases, "dev-001")
    problem = node_with(graph, "problem", "左耳放入充电仓后不充电")
    edge = graph.edges[node_id("report", dev001), problem]
    assert edge["relation"] == "reports" and edge["cases"] == 2 and edge["reports"] == [dev001]
    cause = node_with(graph, "cause", "入仓检测固件的去抖时间设为3秒")
    measure = node_with(graph, "measure", "固件入仓检测去抖时间由3秒调整为1秒")
    assert graph.edges[problem, node_with(graph, "cause", "弹片高度实测")]["relation"] == "caused_by"
    fix = graph.edges[cause, measure]
    assert fix["relation"] == "addressed_by" and fix["cases"] == len(fix["evidence"]) >= 1
    assert graph.edges[node_with(graph, "problem", "蓝牙不断开"), measure]["relation"] == "addressed_by"
    for source, target, data in graph.edges(data=True):
        kinds = graph.nodes[source]["kind"], graph.nodes[target]["kind"]
        assert kinds in {("report", "problem"), ("problem", "cause"), ("cause", "measure"), ("problem", "measure")}
        assert data["cases"] >= len(data["reports"]) >= 1


def test_measure_effect_counts_match_the_distinct_cases(graph, cases):
    unique = {case_key(sc): sc for sc in reversed(cases)}.values()
    for _, data in graph.nodes(data=True):
        if data["kind"] != "measure":
            continue
        texts = set(data["texts"])
        holding = [sc for sc in unique if texts & {m.text for m in sc.case.measures}]
        effect = Counter(sc.case.effective for sc in holding)
        counts = data["effective"], data["ineffective"], data["not_evaluated"]
        assert counts == (effect[True], effect[False], effect[None])
        assert data["support_cases"] == len(holding)


def test_effect_evidence_and_measure_kind_on_hand_made_cases():
    def stored(ident, report, effective, kind="unspecified"):
        case = Case("纸箱压塌", [Span("纸箱边压强度不足")], [Measure("纸箱升级为五层瓦楞", kind=kind)], None, effective)
        return StoredCase(ident, report, "包装破损整改", "某公司", f"2023-0{report}-01", [f"r{report}.docx"], case)

    graph = build_graph([stored(1, 1, True), stored(2, 2, False, "preventive"), stored(3, 3, None)])
    measure = graph.nodes[node_with(graph, "measure", "五层瓦楞")]
    assert (measure["effective"], measure["ineffective"], measure["not_evaluated"]) == (1, 1, 1)
    assert measure["measure_kind"] == "preventive"
    assert (measure["first_date"], measure["last_date"]) == ("2023-01-01", "2023-03-01")


@pytest.mark.parametrize(
    ("cause", "category"),
    [
        ("当事柜员服务意识淡薄", "人"),
        ("交叉带分拣机故障停机", "机"),
        ("变压器引脚氧化，来料可焊性不良", "料"),
        ("经销商仓库地面潮湿，货物未垫托盘", "环"),
        ("来料检验只检查Pogo Pin外观和尺寸", "测"),
    ],
)
def test_fivem1e_on_clear_causes(graph, cause, category):
    assert graph.nodes[node_with(graph, "cause", cause)]["fivem1e"] == category


def dated(ident: int, report: int, date: str | None, cause: str, measure: str, effective: bool | None) -> StoredCase:
    case = Case("外箱压塌", [Span(cause)], [Measure(measure)], None, effective)
    return StoredCase(ident, report, f"报告{report}", "某公司", date, [f"r{report}.pdf"], case)


def test_recurring_cause_flags_measure_declared_effective_before_it_came_back():
    first = dated(1, 1, "2023-01-10", "纸箱边压强度不足，堆码时压塌", "纸箱升级为五层瓦楞", True)
    again = dated(2, 2, "2023-06-01", "纸箱边压强度偏低，底层纸箱压塌", "叉车司机规范作业培训", None)
    other = dated(3, 3, "2023-03-01", "员工未经培训上岗", "新员工考核后上岗", True)
    found = recurring_causes(build_graph([again, other, first]))
    assert len(found) == 1
    recurrence = found[0]
    assert [(o.report_id, o.date) for o in recurrence.occurrences] == [(1, "2023-01-10"), (2, "2023-06-01")]
    assert recurrence.fivem1e == "料"
    [relapse] = recurrence.relapsed_measures
    assert "五层瓦楞" in relapse.label
    assert (relapse.effective_report, relapse.recurred_report, relapse.recurred_date) == (1, 2, "2023-06-01")


def two_causes(ident: int, report: int, date: str, causes: list[str], measures: list[str]) -> StoredCase:
    case = Case("外箱压塌", [Span(c) for c in causes], [Measure(m) for m in measures], None, True)
    return StoredCase(ident, report, f"报告{report}", "某公司", date, [f"r{report}.pdf"], case)


def test_a_cause_that_came_back_is_charged_to_the_measure_that_answered_it():
    """The first report fixed two causes with two measures; only the cardboard cause came back,
    so only the carton measure relapsed, not the unrelated one declared effective beside it."""
    first = two_causes(1, 1, "2023-01-10", ["纸箱边压强度不足，堆码时压塌", "叉车司机野蛮装卸"],
                       ["纸箱升级为五层瓦楞，边压强度不低于8kN/m", "叉车司机规范作业培训"])
    again = two_causes(2, 2, "2023-06-01", ["纸箱边压强度偏低，底层纸箱压塌"], ["新供应商纸箱首批验证"])
    [recurrence] = recurring_causes(build_graph([first, again]))
    assert [r.label for r in recurrence.relapsed_measures] == ["纸箱升级为五层瓦楞，边压强度不低于8kN/m"]
    unrelated = two_causes(1, 1, "2023-01-10", ["纸箱边压强度不足，堆码时压塌"], ["仓库加装温湿度计", "增加夜班人手"])
    [recurrence] = recurring_causes(build_graph([unrelated, again]))
    assert len(recurrence.relapsed_measures) == 2  # no measure names the cause: every one relapsed


def test_no_relapse_without_an_effective_declaration_and_no_recurrence_on_one_date():
    first = dated(1, 1, "2023-01-10", "纸箱边压强度不足，堆码时压塌", "纸箱升级为五层瓦楞", False)
    again = dated(2, 2, "2023-06-01", "纸箱边压强度偏低，底层纸箱压塌", "外箱加装护角", True)
    [recurrence] = recurring_causes(build_graph([first, again]))
    assert recurrence.relapsed_measures == ()
    same_day = dated(2, 2, "2023-01-10", "纸箱边压强度偏低，底层纸箱压塌", "外箱加装护角", True)
    undated = dated(3, 3, None, "纸箱边压强度不足", "外箱加装护角", True)
    assert recurring_causes(build_graph([first, same_day, undated])) == []
    within_year = dated(2, 2, "2023", "纸箱边压强度偏低，底层纸箱压塌", "外箱加装护角", True)
    assert recurring_causes(build_graph([first, within_year])) == []


def test_a_copy_of_a_report_with_another_date_is_no_recurrence():
    """A signed copy stored apart from its draft (another title and date, the same cases) says
    nothing new: the cause did not come back."""
    first = dated(1, 1, "2023-01-10", "纸箱边压强度不足，堆码时压塌", "纸箱升级为五层瓦楞", True)
    copy = dated(2, 2, "2023-02-20", "纸箱边压强度不足，堆码时压塌", "纸箱升级为五层瓦楞", True)
    assert recurring_causes(build_graph([first, copy])) == []
    again = dated(3, 3, "2023-06-01", "纸箱边压强度不足，堆码时压塌", "外箱加装护角", None)
    [recurrence] = recurring_causes(build_graph([first, copy, again]))
    assert [o.report_id for o in recurrence.occurrences] == [1, 3]


def test_the_same_measured_cause_stated_again_is_a_copy_not_a_recurrence():
    """A reply that quotes the first report's finding figure for figure (lamp at 1,900 hours,
    420 mJ/cm²) reports the same event; an event that comes back is measured again."""
    cause = "UV灯管已使用约1,900小时，固化能量实测只有420mJ/cm²"
    first = dated(1, 1, "2024-08-02", cause, "更换UV灯管", True)
    reply = dated(2, 2, "2024-09-12", cause, "UV灯管每1,500小时强制更换", None)
    assert recurring_causes(build_graph([first, reply])) == []
    measured_again = dated(3, 3, "2025-03-01", "UV灯管已使用约1,700小时，固化能量实测只有450mJ/cm²",
                           "更换UV灯管", None)
    [recurrence] = recurring_causes(build_graph([first, reply, measured_again]))
    assert [o.report_id for o in recurrence.occurrences] == [1, 3]


def test_recurrence_on_the_corpus_stays_within_one_organisation(graph):
    """The corpus is dozens of organisations: a cause one of them shares with another is common
    experience, never a recurrence, and no relapse claim joins two organisations."""
    orgs = {int(n.split(":")[1]): d.get("org") for n, d in graph.nodes(data=True) if d.get("kind") == "report"}
    found = recurring_causes(graph)
    firsts = [r.occurrences[0].date for r in found]
    assert firsts == sorted(firsts)
    for r in found:
        assert [o.date for o in r.occurrences] == sorted(o.date for o in r.occurrences)
        assert len({org_scope(orgs[o.report_id]) for o in r.occurrences}) == 1
        for relapse in r.relapsed_measures:
            assert org_scope(orgs[relapse.effective_report]) == org_scope(orgs[relapse.recurred_report])
    common = common_causes(graph)
    assert common and all(len(c.organisations) >= 2 for c in common)
    assert [len(c.organisations) for c in common] == sorted((len(c.organisations) for c in common), reverse=True)


def org_case(ident: int, report: int, org: str | None, date: str, problem: str, cause: str, measure: str,
             effective: bool | None) -> StoredCase:
    case = Case(problem, [Span(cause)], [Measure(measure)], None, effective)
    return StoredCase(ident, report, f"报告{report}", org, date, [f"r{report}.pdf"], case)


def test_a_cause_recurs_for_its_own_organisation_and_is_common_across_others():
    fixed = org_case(1, 1, "深圳市声悦智能科技有限公司", "2023-01-10", "耳机不充电",
                     "充电弹片高度不足，接触不良", "弹片高度管控到1.85mm", True)
    back = org_case(2, 2, "声悦智能科技有限公司质量部", "2023-08-01", "耳机不充电",
                    "充电弹片高度偏低，触点接触不良", "弹片来料全检", None)
    elsewhere = org_case(3, 3, "东莞某电子有限公司", "2023-05-01", "耳机不充电",
                         "充电弹片高度不足，接触不良", "更换弹片供应商", True)
    graph = build_graph([fixed, back, elsewhere])
    [recurrence] = recurring_causes(graph)
    assert [o.report_id for o in recurrence.occurrences] == [1, 2]
    assert recurrence.scope == org_scope("深圳市声悦智能科技有限公司") == "声悦智能科技"
    [relapse] = recurrence.relapsed_measures
    assert (relapse.effective_report, relapse.recurred_report) == (1, 2)
    [common] = common_causes(graph)
    assert len(common.organisations) == 2 and set(common.reports) == {1, 2, 3}


def test_an_archive_without_organisation_names_is_one_scope():
    first = org_case(1, 1, None, "2023-01-10", "外箱压塌", "纸箱边压强度不足，堆码时压塌", "纸箱升级为五层瓦楞", True)
    again = org_case(2, 2, None, "2023-06-01", "外箱压塌", "纸箱边压强度偏低，底层纸箱压塌", "外箱加装护角", None)
    [recurrence] = recurring_causes(build_graph([first, again]))
    assert recurrence.scope == "" and len(recurrence.relapsed_measures) == 1
    assert common_causes(build_graph([first, again])) == []


def test_reports_without_an_organisation_are_not_placed_where_others_name_theirs():
    """In an archive of several organisations, two reports that name none may come from two of
    them: they make no recurrence (the named organisation's own reports still do)."""
    first = org_case(1, 1, None, "2023-01-10", "外箱压塌", "纸箱边压强度不足，堆码时压塌", "纸箱升级为五层瓦楞", True)
    again = org_case(2, 2, None, "2023-06-01", "外箱压塌", "纸箱边压强度偏低，底层纸箱压塌", "外箱加装护角", None)
    named = org_case(3, 3, "东莞某电子有限公司", "2023-03-01", "耳机不充电", "充电弹片高度不足", "弹片来料全检", True)
    assert recurring_causes(build_graph([first, again, named])) == []
    named_again = org_case(4, 4, "东莞某电子有限公司", "2023-09-01", "耳机不充电", "充电弹片高度偏低",
                           "弹片供应商整改", None)
    [recurrence] = recurring_causes(build_graph([first, again, named, named_again]))
    assert [o.report_id for o in recurrence.occurrences] == [3, 4]


def test_a_cause_reworded_by_the_same_organisation_recurs_across_name_forms():
    """The same organisation written two ways (常州恒岳精密注塑有限公司 / 常州恒岳注塑) and the same
    cause in other words (one coarse kind, shared words) make a recurrence; another moulder's
    cause of the same kind, and the same organisation's different specific cause, do not."""
    fixed = org_case(1, 1, "常州恒岳精密注塑有限公司", "2021-04-12", "面板翘曲",
                     "模具冷却水路堵塞，动模侧两路运水流量不足，模温不均", "拆模清洗冷却水路，加装过滤器", True)
    back = org_case(2, 2, "常州恒岳注塑", "2022-10-18", "面板翘曲",
                    "模具运水通道内壁结垢，两路冷却水道近乎堵死，模温分布不均", "冷却水路每季度除垢", None)
    other_cause = org_case(3, 3, "恒岳精密注塑", "2022-02-22", "面板翘曲",
                           "模具顶针磨损，顶出时面板受力不均", "更换顶针", True)
    elsewhere = org_case(4, 4, "东莞市宏晟塑胶制品有限公司", "2022-06-15", "面板翘曲",
                         "模具冷却水路堵塞，定模侧运水流量不足", "清洗冷却水路", True)
    [recurrence] = recurring_causes(build_graph([fixed, back, other_cause, elsewhere]))
    assert [o.report_id for o in recurrence.occurrences] == [1, 2]
    assert recurrence.label == fixed.case.causes[0].text  # as the first report words it
    [relapse] = recurrence.relapsed_measures
    assert relapse.label.startswith("拆模清洗") and (relapse.effective_report, relapse.recurred_report) == (1, 2)


def test_the_same_cause_found_again_under_another_problem_name_recurs():
    """A later report names the complaint otherwise (窗口开放不足 / 排队等候时间长: two problem
    concepts), yet the same organisation found the same specific cause again: it recurs, with one
    claim for the pair. Another organisation's identical cause does not join it."""
    cause = "午间高峰只开两个窗口，柜员午休未错峰轮换"
    first = org_case(1, 1, "江阴农商银行澄南支行", "2021-05-10", "营业厅窗口开放不足", cause,
                     "午间实行弹性排班，柜员错峰午休，保证至少四个窗口", True)
    again = org_case(2, 2, "江阴农村商业银行澄南支行", "2022-03-02", "取号后排队等候一个半小时", cause,
                     "大堂经理引导客户使用自助设备", None)
    other = org_case(3, 3, "宣城市城南信用社", "2021-09-01", "营业厅窗口开放不足", cause, "增开窗口", True)
    graph = build_graph([first, again, other])
    assert node_with(graph, "problem", "窗口开放不足") != node_with(graph, "problem", "排队等候")
    [recurrence] = recurring_causes(graph)
    assert [o.report_id for o in recurrence.occurrences] == [1, 2]
    [relapse] = recurrence.relapsed_measures
    assert relapse.label.startswith("午间实行弹性排班")


def test_a_cause_reworded_under_another_problem_name_recurs():
    """Worded afresh (午间高峰只开两个窗口，柜员午休未错峰轮换 / 中午柜员集中午休，高峰时段只开两个窗口)
    and filed under another problem concept, the cause of one organisation still came back when
    the two share enough words (ACROSS_PROBLEMS); another organisation's is no part of it."""
    first = org_case(1, 1, "江阴农商银行澄南支行", "2021-05-10", "营业厅窗口开放不足",
                     "午间高峰只开两个窗口，柜员午休未错峰轮换", "午间实行弹性排班，柜员错峰午休", True)
    again = org_case(2, 2, "江阴农村商业银行澄南支行", "2022-03-02", "取号后排队等候一个半小时",
                     "中午柜员集中午休，高峰时段只开两个窗口办理业务", "大堂经理引导客户使用自助设备", None)
    other = org_case(3, 3, "宣城市城南信用社", "2021-09-01", "营业厅窗口开放不足", "午间高峰只开两个窗口",
                     "增开窗口", True)
    [recurrence] = recurring_causes(build_graph([first, again, other]))
    assert [o.report_id for o in recurrence.occurrences] == [1, 2]
    assert recurrence.label == first.case.causes[0].text


def test_a_measure_that_answered_another_cause_did_not_relapse():
    """No measure of the first report shares the words of the cause that came back (开诊推迟), so
    each measure declared effective is charged, except one that answered the case's other cause
    by its words (预约号源不足 -> 扩大预约号源): that one was taken for something else."""
    first = StoredCase(1, 1, "报告1", "湘潭仁和医院", "2021-03-01", ["r1.pdf"], Case(
        "门诊候诊时间长",
        [Span("医生上午查房手术后才到门诊，门诊开诊推迟约40分钟"), Span("预约号源不足，现场挂号集中")],
        [Measure("推行分时段预约，扩大预约号源"), Measure("增设导医志愿者引导患者")], None, True))
    again = org_case(2, 2, "湘潭仁和医院", "2022-05-01", "门诊候诊时间长",
                     "医生查房和手术结束后才到门诊，上午开诊推迟半小时以上", "出诊纪律纳入科室考核", None)
    graph = build_graph([first, again])
    [recurrence] = recurring_causes(graph)
    assert [r.label for r in recurrence.relapsed_measures] == ["增设导医志愿者引导患者"]


def test_recurrence_sets_claims_are_right(tmp_path):
    """Organisations reporting over the years (tests/data/recur1, looked at while the scoped
    same-cause rule was made; recur2 and recur3, written afterwards and kept blind): the pairs of
    reports the base claims as recurrences against the pairs engineers listed. With the code before
    the rule and the trade-name matching recur1 and recur2 had no claim at all; recur3 came after
    the place-aware organisation scopes (6 claimed, all right, 6 of 20 listed, 5 of 26 relapses;
    10, 9, 9 of 20, 7 of 26 once a cause found again under another problem concept counted; 12, 11,
    11 of 20, 8 of 26 once causes worded alike counted there too, and recur1 8 of 10)."""
    from benchmarks.recurrence import score_set
    from tests.builders import rendered

    floors = {"recur1": (0.85, 0.80, 13), "recur2": (0.80, 0.36, 4), "recur3": (0.90, 0.55, 8)}
    # precision, recall, relapses named
    for name, (precision, recall, relapses) in floors.items():
        (tmp_path / name).mkdir()
        s = score_set(DATA / name, ".docx", tmp_path / "work", rendered(DATA / name, tmp_path / name))
        assert s.precision >= precision and s.recall >= recall and s.relapses_found >= relapses, (name, s)


def test_graphml_round_trip(graph, tmp_path):
    path = tmp_path / "kb.graphml"
    to_graphml(graph, path)
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(graph.nodes) and set(back.edges) == set(graph.edges)
    assert back.graph["graph_version"] == GRAPH_VERSION
    node = node_with(graph, "cause", "弹片高度实测")
    assert back.nodes[node]["label"] == graph.nodes[node]["label"]
    assert json.loads(back.nodes[node]["texts"]) == graph.nodes[node]["texts"]
    assert back.nodes[node]["support_reports"] == graph.nodes[node]["support_reports"] == 1
    assert back.nodes[node]["coarse_label"] == graph.nodes[node]["coarse_label"]
    source, target = next((u, v) for u, v, d in graph.edges(data=True) if "evidence" in d)
    assert json.loads(back.edges[source, target]["evidence"]) == graph.edges[source, target]["evidence"]


def test_node_link_round_trip(graph, tmp_path):
    path = tmp_path / "kb.json"
    to_node_link(graph, path)
    text = path.read_text(encoding="utf-8")
    assert "充电仓" in text
    back = nx.node_link_graph(json.loads(text), edges="edges")
    assert back.is_directed()
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {(u, v): d for u, v, d in back.edges(data=True)} == {(u, v): d for u, v, d in graph.edges(data=True)}
    assert back.graph == graph.graph
