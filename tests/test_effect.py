"""judge(): did the measures work, read from the effect text; share_effect(): whose effect it is."""

from __future__ import annotations

import pytest

import minerva
from minerva.extractors.effect import judge, share_effect
from minerva.model import Case


@pytest.mark.parametrize(
    "text",
    [
        "改善后跟踪3批，不良率由3.2%降至0.1%",
        "整改后连续三个月未再发生同类问题",
        "本次对策导入后连续5批0PPM",
        "客户端实施后0 PPM",
        "无同类投诉",
        "改善后，无同类投诉",
        "问题已关闭",
        "整改后无异常",
        "客户确认OK",
        "已闭环，5、6月未复发",
        "顾客已撤销点评投诉",
        "家属接受致歉，已结案",
        "学员已撤诉",
        "9月28日民政局复查合格",
    ],
)
def test_clear_improvement(text: str) -> None:
    assert judge(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "改善后不良率仍未明显改善",
        "措施尚未见效",
        "6月份该问题再次发生",
        "不良率从5%降至3%，仍偏高",
        "效果验证未通过",
        "6月又收到同类反馈1起，未闭环",
        "买家二次投诉称垫付款未到账",
        "问题依旧，孩子又在走廊独自等了20分钟",
    ],
)
def test_explicit_failure(text: str) -> None:
    assert judge(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "不良率由3%降至1%，但6月再次发生",
        "4月份不良率降至0.5%。5月份客户端再次发生同类问题。",
        "未再收到投诉；但内部抽检仍未明显改善",
        "平均约车等待由9天降到4天，但12月约车难投诉又出现5起",
    ],
)
def test_failure_outweighs_improvement(text: str) -> None:
    assert judge(text) is False


@pytest.mark.parametrize(
    "text",
    ["计划3月底前完成效果确认", "待验证", "已关闭", "跟踪中，待客户反馈", None, ""],
)
def test_no_verdict(text: str | None) -> None:
    assert judge(text) is None


def test_future_work_sentence_is_ignored() -> None:
    assert judge("改善后不良率降至0.1%。下一步将持续监控，防止问题反弹。") is True
    assert judge("下一步将持续监控，防止问题反弹。") is None
    assert judge("我司将继续跟踪，防止再次发生。改善后未再发生") is True


def test_earlier_failed_measure_is_ignored() -> None:
    assert judge("原对策无效；本次对策导入后连续5批0PPM") is True
    assert judge("此前措施无效。本次措施实施后未再发生") is True
    assert judge("本次对策导入后0PPM；原对策无效") is True


@pytest.mark.parametrize("text", ["改善后未再次发生", "连续3个月没有再次发生", "未再复发", "改善后无反弹",
                                  "不良率降至0.1%，未出现反弹"])
def test_negated_failure_cue_is_an_improvement(text: str) -> None:
    assert judge(text) is True


@pytest.mark.parametrize("text", ["原材料更换后连续5批0PPM", "原因消除后未再发生"])
def test_words_starting_with_yuan_are_not_past_markers(text: str) -> None:
    assert judge(text) is True


@pytest.mark.parametrize("text", ["此后三个月无同类投诉", "整改后无同类投诉发生"])
def test_no_similar_complaints_inside_a_clause(text: str) -> None:
    assert judge(text) is True


@pytest.mark.parametrize("text", ["处理后电压已经稳定，目前电梯已能正常运行", "目前故障已经修复",
                                  "现在手机信号好了很多，已经可以正常地接打电话", "目前该小区已按要求整改到位"])
def test_service_restored_is_an_effect_that_worked(text):
    assert judge(text) is True


def test_a_result_told_inside_the_measure_list_is_the_effect_not_a_measure(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("# 关于行李破损投诉的整改报告\n\n3月共发生行李破损投诉27起。\n\n破损原因是装卸员抛掷行李。\n\n"
                    "针对以上问题，公司采取了以下整改措施：\n\n1. 对全体装卸员开展文明装卸专项培训。\n\n"
                    "2. 在装舱作业卡中增加码放要求。\n\n"
                    "整改措施落实后，4月份行李破损投诉9起，较3月份的27起下降66.7%。\n\n"
                    "效果：5月份破损投诉未再发生。\n", encoding="utf-8")
    case = minerva.extract(path)[0].cases[0]
    assert [m.text for m in case.measures] == ["对全体装卸员开展文明装卸专项培训", "在装舱作业卡中增加码放要求"]
    assert case.effective is True and "下降66.7%" in case.effect and "未再发生" in case.effect


def test_results_within_limits_worked_and_a_reporter_line_is_no_effect(tmp_path):
    assert judge("整改后出货的3个批次，经第三方实验室检测缩率均在-2.5%以内") is True
    path = tmp_path / "report.md"
    path.write_text("# 电梯困人整改报告\n\n## 一、问题\n\n2#电梯频繁困人。\n\n## 二、原因\n\n门锁回路接触不良。\n\n"
                    "## 三、措施\n\n更换门锁触点。\n\n## 四、效果\n\n更换后该梯未再发生困人。\n\n"
                    "报告人：维保二部经理 覃志远\n", encoding="utf-8")
    case = minerva.extract(path)[0].cases[0]
    assert case.effect == "更换后该梯未再发生困人" and case.effective is True


def test_labelled_results_go_to_the_problems_they_name(tmp_path):
    """退费：11月仍有3起…，整改尚未见效 is a result, not a sign-off line such as 品质部：李文涛."""
    path = tmp_path / "report.md"
    path.write_text("# 家长投诉整改情况汇报\n\n## 整改成效\n\n"
                    "- 服务态度：家长满意度由78%提升至92%，12月未再收到态度类投诉\n"
                    "- 退费：11月仍有3起退费超期投诉，整改尚未见效\n\n"
                    "## 问题一：班主任服务态度差\n\n原因分析\n\n1. 班主任人均管理学员132名\n\n"
                    "## 问题一：整改措施\n\n- 新招聘班主任6名\n\n"
                    "## 问题二：退费办理周期长\n\n原因分析\n\n1. 退费须经三级审批\n\n"
                    "## 问题二：整改措施\n\n- 退费审批节点压缩为两级\n", encoding="utf-8")
    cases = minerva.extract(path)[0].cases
    assert [c.effective for c in cases] == [True, False]
    assert cases[1].effect.startswith("退费：11月仍有3起退费超期投诉")


def test_a_report_level_effect_section_is_shared_by_what_its_sentences_talk_about() -> None:
    cases = [Case("外箱破损"), Case("配送延误", problem_alt=["快递超时送达"])]
    share_effect(cases, [[], []], ["外箱改为五层纸箱后，破损投诉下降80%", "快递超时投诉由12起降至1起",
                                   "整改后客户满意度明显提升"], [])
    assert "破损投诉下降80%" in cases[0].effect and "超时" not in cases[0].effect
    assert "快递超时投诉由12起降至1起" in cases[1].effect and "破损" not in cases[1].effect
    assert cases[0].effective is True and cases[1].effective is True
    told = [Case("外箱破损", effect="已回访，客户未再投诉")]
    share_effect(told, [[]], ["外箱破损问题仍有发生"], [])
    assert told[0].effect == "已回访，客户未再投诉" and told[0].effective is True  # its own effect is kept
