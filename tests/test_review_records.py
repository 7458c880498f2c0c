"""Nonconforming-product review records (MRB, 不合格品评审) and complaints voiced in the customer's
words (layout vocabulary in sections.json, naming.after_cue): read off the looked-at set lk23 (the
twenty-third session), judged on the blind dev22."""

from __future__ import annotations

import minerva
from minerva.extractors.layout import role_of
from minerva.extractors.naming import after_cue
from tests.builders import word_paragraphs

MRB = [
    "不合格品评审（MRB）记录",
    "不合格情况",
    "11月17日，配送中心反映，门店陆续接到顾客投诉我司猪肉白菜水饺“一煮就破”“汤里全是馅”，退货680袋。",
    "各部门评审意见",
    "生产部：查11月9日生产记录，当日速冻隧道化霜故障，隧道温度最低只到-26℃，工艺要求-35℃以下。",
    "技术部：11月到货的面粉湿面筋含量28.1%，低于原标准32%，面皮筋力不足。",
    "处置决定",
    "客户退货及库存B批全部报废，由品质部监督执行。",
    "改善对策",
    "1. 速冻隧道更换化霜电加热管和温控器，化霜系统列入周点检。",
    "2. 面粉每批到货检测湿面筋，低于30%的批次不得用于水饺皮。",
]


def test_a_review_record_is_one_complaint_named_in_the_customers_words(tmp_path):
    path = word_paragraphs(tmp_path / "mrb.docx", MRB,
                           headings=("不合格情况", "各部门评审意见", "处置决定", "改善对策"))
    cases = [case for report in minerva.extract(path) for case in report.cases]
    assert [case.problem for case in cases] == ["一煮就破"]  # not 处置 (the disposition's heading)
    causes = [c.text for c in cases[0].causes]
    assert any("化霜故障" in c for c in causes)  # the departments' opinions give the causes
    measures = [m.text for m in cases[0].measures]
    assert any("报废" in m for m in measures) and any("温控器" in m for m in measures)


def test_review_record_sections_have_their_roles():
    assert role_of("处置决定") == ("measure", "")
    assert role_of("不合格情况")[0] == "facts"
    assert role_of("各部门评审意见")[0] == "analysis"


def test_a_complaint_voiced_in_quotes_is_named_by_the_quote():
    assert after_cue("门店陆续接到顾客投诉我司猪肉白菜水饺“一煮就破”“汤里全是馅”") == "一煮就破"
    assert after_cue("业主反映小区“停车难”问题长期得不到解决") == "小区“停车难”问题长期得不到解决"


PRESS = [
    "“2·3”列车晚点旅客滞留情况新闻发布会实录",
    "主持人：各位记者朋友，下午好。下面请车站通报情况。",
    "记者问（江汉日报）：很多旅客反映，候车大厅的大屏长时间显示“晚点时间待定”，为什么会出现这种情况？",
    "答（何建华）：晚点预告由调度所电话通知车站，再由值班员手工录入，中间环节多，信息更新滞后。"
    "我们已安排3月底前打通调度系统与车站旅客服务系统的数据接口。",
    "记者问（楚天都市报）：有旅客在网上发帖，说当晚站内一碗泡面卖到15元，这个情况是否属实？",
    "答（蒋文涛）：经核查，两家商户擅自上调价格，车站商业管理部门巡查不到位。目前已责令商户退还多收的差价。",
    "记者问（荆风新闻客户端）：这次事件之后，车站还有哪些改进？",
    "答（何建华）：我们将修订应急预案，每年冬季前组织一次演练。",
]


def test_each_question_of_a_press_conference_about_a_complaint_is_one_case(tmp_path):
    path = word_paragraphs(tmp_path / "press.docx", PRESS)
    cases = [case for report in minerva.extract(path) for case in report.cases]
    assert len(cases) == 2  # the question about plans asks about no complaint
    assert "晚点时间待定" in cases[0].problem and "泡面卖到15元" in cases[1].problem
    assert any("数据接口" in m.text for m in cases[0].measures)
    assert any("退还多收的差价" in m.text for m in cases[1].measures)
    assert not any("退还" in m.text for m in cases[0].measures)  # each answer is its own question's


def test_a_label_that_counts_its_causes_names_the_complaint_they_are_of():
    from minerva.extractors.layout import classify
    from minerva.model import Block, SourceRef

    line = classify(Block("paragraph", "室温偏低的原因有二：一是二次管网水力失调；二是过滤器被焊渣堵塞。",
                          SourceRef(file="x.docx")))
    assert (line.role, line.qualifier) == ("cause", "室温偏低")
