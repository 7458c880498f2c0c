"""Cause statements that go on to say what was done (minerva/extractors/turns.py)."""

from __future__ import annotations

from pathlib import Path

import minerva
from minerva.extractors.turns import trim_causes
from minerva.model import Case, Measure, Span


def test_a_cause_that_turns_into_an_action_is_cut_there_and_the_action_becomes_a_measure():
    case = Case("保温杯内胆生锈", [Span("内胆焊缝钝化时间不足，钝化膜不完整，品质部已于5月6日将钝化时间延长至15分钟")],
                [Measure("库存产品逐只检查焊缝")])
    trim_causes([case])
    assert [c.text for c in case.causes] == ["内胆焊缝钝化时间不足，钝化膜不完整"]
    assert [m.text for m in case.measures] == ["库存产品逐只检查焊缝", "已于5月6日将钝化时间延长至15分钟"]


def test_a_cause_without_an_action_and_a_measure_already_held_stay_as_they_are():
    plain = Case("配送超时", [Span("晚高峰兼职骑手到岗率只有计划的55%，多数人只在周末上线")], [])
    held = Case("窗口服务态度差", [Span("售票员连续工作4小时未能耐心解释，我公司已对其进行诫勉谈话")],
                [Measure("已对其进行诫勉谈话")])
    trim_causes([plain, held])
    assert [c.text for c in plain.causes] == ["晚高峰兼职骑手到岗率只有计划的55%，多数人只在周末上线"]
    assert not plain.measures
    assert [c.text for c in held.causes] == ["售票员连续工作4小时未能耐心解释"]
    assert [m.text for m in held.measures] == ["已对其进行诫勉谈话"]


LETTER = """
# 关于停车场出口排队问题的回复

尊敬的车主：

您反映的晚高峰出场排队问题已收悉。

原因分析：B2层出口车牌识别摄像机安装角度偏低，夜间识别率不足85%，车辆需人工核对后放行，我们已于8月3日调整摄像机角度并加装补光灯。

整改措施：晚高峰安排专人在出口值守。

城东停车管理有限公司

2024年8月10日
"""


def test_a_letter_whose_cause_sentence_ends_with_the_fix_gives_both(tmp_path: Path):
    path = tmp_path / "letter.md"
    path.write_text(LETTER.strip() + "\n", encoding="utf-8")
    (case,) = minerva.extract(path)[0].cases
    (cause,) = case.causes
    assert cause.text == "B2层出口车牌识别摄像机安装角度偏低，夜间识别率不足85%，车辆需人工核对后放行"
    assert "已于8月3日调整摄像机角度并加装补光灯" in [m.text for m in case.measures]


def test_a_cause_span_that_only_says_what_the_doer_did_is_a_measure():
    case = Case("客房空调噪声大", [Span("空调室外机减震垫老化脱落，运行时机身与支架共振"),
                                  Span("我店已于6月26日更换减震垫并对室外机重新固定")], [])
    trim_causes([case])
    assert [c.text for c in case.causes] == ["空调室外机减震垫老化脱落，运行时机身与支架共振"]
    assert [m.text for m in case.measures] == ["我店已于6月26日更换减震垫并对室外机重新固定"]
