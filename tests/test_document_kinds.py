"""Kinds of document the twentieth set's writers were asked for: an accident investigation, an
engineering change notice, an apology statement, a year-end summary whose 一是/二是 paragraphs each
tell a complaint, a fishbone whose causes end with a verdict, a plan whose pieces end with a status,
a reply in questions and answers, two replies in one file (layout.py, single.py, naming.py,
told_items.py, turns.py, fields.py)."""

from __future__ import annotations

from pathlib import Path

import minerva
from minerva.extractors.effect import result_told
from minerva.extractors.fields import only_assignment, says_nothing
from minerva.extractors.layout import lines_of, question_role, role_of
from minerva.extractors.naming import about_name, after_cue, by_cue, plainly, problem_name
from minerva.extractors.registry import read_document
from minerva.extractors.single import one_complaint
from minerva.extractors.spans import counts
from minerva.extractors.turns import without_verdict
from tests.builders import DATA, rendered, word_paragraphs


def _cases(path: Path) -> list[minerva.Case]:
    return [case for report in minerva.extract(path) for case in report.cases]


def _lines(path: Path) -> list:
    return lines_of(read_document(path))


ACCIDENT = [
    "输液器滴斗破裂质量事故调查报告",
    "一、事故经过",
    "2024年5月3日，市中心医院反馈，我公司生产的一次性输液器（批号240402）在输液时滴斗破裂，药液外漏。",
    "二、调查情况",
    "对退回的20套产品检测，其中3套滴斗壁厚低于0.6mm。",
    "三、责任认定",
    "注塑车间未按工艺更换模具冷却水路滤网，导致滴斗壁厚不均，负主要责任。",
    "四、处理意见",
    "对注塑车间主任给予警告处分。",
    "五、防范措施",
    "模具冷却水路滤网每周更换一次并记录。",
]


def test_an_accident_report_names_its_complaint_and_reads_its_sections(tmp_path):
    cases = _cases(word_paragraphs(tmp_path / "accident.docx", ACCIDENT, headings=tuple(ACCIDENT[1::2])))
    assert len(cases) == 1
    case = cases[0]
    assert case.problem == "输液器滴斗破裂"  # not 责任认定, not the title's 质量事故调查报告
    assert [c.text for c in case.causes] == ["注塑车间未按工艺更换模具冷却水路滤网，导致滴斗壁厚不均"]
    assert [m.text for m in case.measures] == ["对注塑车间主任给予警告处分", "模具冷却水路滤网每周更换一次并记录"]


def test_accident_and_change_notice_sections_have_roles():
    assert role_of("一、事故经过")[0] == "facts"
    assert role_of("三、责任认定")[0] == "cause"
    assert role_of("变更内容")[0] == "measure"
    assert role_of("库存处理")[0] == "measure"
    assert role_of("实施日期")[0] == "boilerplate"


ECN = [
    "工程变更通知单（ECN）",
    "变更原因",
    "客户东方家具有限公司2024年4月投诉：GL-80气压棒使用2个月后出现椅子缓慢下沉。经分析，密封圈永久变形偏大，导致氮气泄漏。",
    "变更内容",
    "密封圈材料由NBR70改为HNBR75。",
    "实施日期",
    "2024年6月1日起生产的产品执行新方案。",
    "库存处理",
    "库存旧密封圈2,000个报废。",
    "浙江某某五金有限公司",
]


def test_a_change_notice_is_one_case_named_by_the_complaint(tmp_path):
    headings = ("变更原因", "变更内容", "实施日期", "库存处理")
    cases = _cases(word_paragraphs(tmp_path / "ecn.docx", ECN, headings=headings))
    assert [c.problem for c in cases] == ["GL-80气压棒使用2个月后出现椅子缓慢下沉"]
    measures = [m.text for m in cases[0].measures]
    assert measures == ["密封圈材料由NBR70改为HNBR75", "库存旧密封圈2,000个报废"]  # no 实施日期 case or measure


APOLOGY = [
    "致歉声明",
    "近日，有用户在社交平台反映，其收到的午餐中吃出一段塑料扎带，对此我们深感愧疚。",
    "经内部调查，当天切配岗位顶岗员工未按规定去除蔬菜捆扎物。",
    "我们已经采取以下措施：即日起所有蔬菜在拆包区统一去除捆扎物；分装岗位增设异物复检。",
    "某某餐饮管理有限公司",
]


def test_an_apology_statement_is_named_by_what_was_reported(tmp_path):
    cases = _cases(word_paragraphs(tmp_path / "apology.docx", APOLOGY))
    assert [c.problem for c in cases] == ["收到的午餐中吃出一段塑料扎带"]


def test_a_reporting_cue_that_ends_its_clause_names_the_next_one():
    text = ["近日，有用户反映，其收到的午餐中吃出一段扎带，引发关注。"]
    assert by_cue(text) is None  # only where the caller asks for it: 反馈，使用…时 would mislead elsewhere
    assert by_cue(text, continued=True) == "收到的午餐中吃出一段扎带"
    assert by_cue(["乘客拨打热线投诉，次日又发布差评。"], continued=True) is None  # 投诉 takes no object
    assert by_cue(["投诉人反映：请有关部门关注一下，小区垃圾味很重。"], continued=True) is None  # a request
    assert by_cue(["客户某某公司4月投诉：气压棒下沉明显。"], continued=True) == "气压棒下沉明显"


def test_a_tag_in_brackets_is_no_part_of_a_name():
    assert problem_name("【投诉上报】南站接驾绕路") == "南站接驾绕路"
    assert by_cue(["主题：【投诉上报】南站接驾绕路投诉"]) is None  # the 投诉 inside the tag introduces nothing


SUMMARY = [
    "2024年度客户投诉处理工作总结",
    "一、重点投诉处理情况",
    "全年影响较大的投诉有两起。一是3月份渠道反馈的电饭煲内胆涂层起泡。经分析，供应商更换了底漆批次，"
    "导致涂层附着力下降。我们要求供应商恢复原底漆。",
    "二是6月份用户反馈的预约功能失效。经查，主控板软件存在缺陷，时钟复位后预约时间被清零。研发部已于7月发布新版本软件。",
    "二、2025年工作计划",
    "建立投诉24小时首次响应机制。",
]


def test_each_paragraph_of_a_run_under_a_complaints_heading_is_a_case(tmp_path):
    cases = _cases(word_paragraphs(tmp_path / "summary.docx", SUMMARY, headings=(SUMMARY[1], SUMMARY[4])))
    assert [c.problem for c in cases] == ["电饭煲内胆涂层起泡", "预约功能失效"]
    assert [c.text for c in cases[0].causes] == ["供应商更换了底漆批次，导致涂层附着力下降"]
    assert any("主控板软件存在缺陷" in c.text for c in cases[1].causes)
    assert not any("预约功能失效" in c.text for c in cases[1].causes)  # the reported clause states the problem


def test_a_verdict_after_a_cause_is_no_part_of_it():
    assert without_verdict("锅温控制仪表偏差12℃，锅温偏低，判定为原因之一") == "锅温控制仪表偏差12℃，锅温偏低"
    assert without_verdict("夜班缩短酸洗时间，氧化皮未清除，为主要原因。") == "夜班缩短酸洗时间，氧化皮未清除"
    assert without_verdict("设备部未按计划检测紫外灯强度，负主要责任") == "设备部未按计划检测紫外灯强度"
    assert without_verdict("原因是设备老化") == "原因是设备老化"


def test_a_status_and_its_owner_are_no_measure():
    assert only_assignment("已完成，责任人：生产部 孙志刚")
    assert only_assignment("（责任：采购部 陈丽）")
    assert not only_assignment("更换卷封头，责任人：设备部 吴浩")


def test_a_model_code_counts_nothing():
    assert not counts("SK-8045单槽水槽排水口周边有锈斑")
    assert counts("共发现不良品37套")


def test_an_effect_opens_after_the_measures_in_more_words():
    assert result_told("通过以上整改，10月份相关投诉由23件下降到4件。")


QA_REPLY = [
    "关于座椅骨架焊缝开裂质量投诉的答复",
    "贵司3月5日发出的质量投诉单已收悉，投诉内容为靠背骨架焊缝开裂。",
    "一、问题产生的原因是什么",
    "问：请说明焊缝开裂的根本原因。",
    "答：焊枪导电嘴超期使用，电弧不稳，造成焊缝熔深不足。",
    "二、为什么不良品没有在我司被拦截",
    "问：贵司出厂检验为何未发现该问题？",
    "答：焊缝外观只由操作工自检，没有限度样件。",
    "三、永久措施是什么",
    "问：请提供永久纠正措施。",
    "答：",
    "导电嘴改为按焊接次数更换，达到800次自动停机提示。",
]


def test_a_reply_in_questions_and_answers_reads_each_answer_by_its_question(tmp_path):
    headings = (QA_REPLY[2], QA_REPLY[5], QA_REPLY[8])
    cases = _cases(word_paragraphs(tmp_path / "qa.docx", QA_REPLY, headings=headings))
    assert [c.problem for c in cases] == ["靠背骨架焊缝开裂"]  # 投诉内容为X; not 单已收悉 (投诉单 is a form)
    assert [c.text for c in cases[0].causes] == ["焊枪导电嘴超期使用，电弧不稳，造成焊缝熔深不足",
                                                 "焊缝外观只由操作工自检，没有限度样件"]
    assert [m.text for m in cases[0].measures] == ["导电嘴改为按焊接次数更换，达到800次自动停机提示"]


def test_what_a_question_asks_names_the_role_of_its_answer():
    assert question_role("请说明焊缝开裂的根本原因。") == "cause"
    assert question_role("为什么不良品没有在我司被拦截") == "cause"
    assert question_role("请说明在途、库存产品的处理方式。") == "measure"
    assert question_role("改善效果如何？") == "effect"
    assert question_role("焊缝开裂") is None
    assert role_of("为什么1")[0] is None  # a 5 Why step, not a question heading


TWO_REPLIES = [
    "关于平面锁钥匙拔不出问题的回复函",
    "贵司3月12日来函反映，文件柜平面锁出现开锁后钥匙拔不出的情况。",
    "经拆解分析，锁芯弹子去毛刺时间被缩短，弹子边缘残留毛刺卡滞。",
    "我司已将去毛刺时间恢复为40分钟，并增加放大镜抽检。",
    "浙江某某锁业有限公司",
    "2025年3月21日",
    "关于抽屉锁钥匙互开问题的复函",
    "贵司4月8日来函反映，一批文件柜存在不同柜子的钥匙可以互相打开的情况。",
    "经查，该批锁芯按同一钥匙号生产，未按订单分组配钥。",
    "我司免费全部更换为新锁芯，新锁芯按一柜一码配钥。",
    "浙江某某锁业有限公司",
    "2025年4月15日",
]


def test_two_dated_replies_in_one_file_are_two_reports(tmp_path):
    path = word_paragraphs(tmp_path / "two.docx", TWO_REPLIES, headings=(TWO_REPLIES[0], TWO_REPLIES[6]))
    reports = minerva.extract(path)
    assert [r.title for r in reports] == [TWO_REPLIES[0], TWO_REPLIES[6]]
    assert [r.date for r in reports] == ["2025-03-21", "2025-04-15"]


def test_an_attachment_stays_with_its_report(tmp_path):
    parts = [*TWO_REPLIES[:6], "附件：8D报告（编号JR-8D-2404-02）", *TWO_REPLIES[7:]]
    path = word_paragraphs(tmp_path / "annex.docx", parts, headings=(parts[0], parts[6]))
    assert len(minerva.extract(path)) == 1


def test_a_name_is_not_filed_under_its_agenda_item_or_batch():
    assert plainly("议题一：地下停车场出场拥堵") == "地下停车场出场拥堵"
    assert plainly("批号20231015医用外科口罩耳带脱落质量事故") == "医用外科口罩耳带脱落"
    assert plainly("H05VV-F电源线导体电阻超标") == "H05VV-F电源线导体电阻超标"  # labellers keep the code
    assert plainly("11月6日午餐配送延误") == "午餐配送延误"
    assert plainly("2024年3月客户投诉的外壳划伤") == "客户投诉的外壳划伤"
    assert plainly("12月更换智能燃气表后燃气费翻倍") == "12月更换智能燃气表后燃气费翻倍"  # a month alone tells it
    assert plainly("3月份渠道反馈的涂层起泡") == "3月份渠道反馈的涂层起泡"


def test_a_line_that_announces_what_follows_is_no_measure():
    assert says_nothing("现将处理意见函复如下：")
    assert not says_nothing("现将库存产品全部隔离")


YEAR_END = [
    "2024年度客诉处理工作总结",
    "一、重点客诉处理情况",
    "全年影响较大的客诉有两起。",
    "第一起是德国客户3月反馈的炸篮涂层起皮问题。经分析，涂层供应商更换了喷砂砂料，基材粗糙度偏低。我们要求供应商恢复原砂料。",
    "第二起是电商平台集中出现的“用了十几分钟就断电”投诉。经排查，保险丝支架装配时被压偏。技术部随即把支架改为卡扣定位。",
    "二、主要工作开展情况",
    "完善客诉处理流程，修订了《客户投诉处理程序》。",
]


def test_incidents_counted_one_by_one_are_cases_and_other_work_stays_out(tmp_path):
    cases = _cases(word_paragraphs(tmp_path / "year.docx", YEAR_END, headings=(YEAR_END[1], YEAR_END[5])))
    assert [c.problem for c in cases] == ["炸篮涂层起皮问题", "用了十几分钟就断电"]
    assert not any("客诉处理程序" in m.text for c in cases for m in c.measures)  # the year's other work


EMAIL = [
    "西城营业所用户换表后燃气费异常投诉",
    "韩所长：",
    "报告收悉，处理及时。",
    "———————回复———————",
]


def test_a_greeting_heads_nothing(tmp_path):
    lines = _lines(word_paragraphs(tmp_path / "mail.docx", EMAIL))
    greeting = next(ln for ln in lines if ln.text.startswith("韩所长"))
    assert not greeting.heading
    assert role_of("下一步措施")[0] == "measure"
    assert role_of("一、上半年整改措施落实情况")[0] == "measure"  # a 回头看 lists the measures it checked
    assert role_of("四、上期决定事项落实情况")[0] is None  # last meeting's decisions: no measures of this report
    assert role_of("二、新发现的问题")[0] == "facts"


def test_a_cue_that_qualifies_another_names_nothing():
    assert after_cue("投诉反映的情况基本属实", ("投诉",)) is None
    assert after_cue("投诉人黄女士", ("投诉",)) is None  # who complained, not what
    assert plainly("售票窗口拒办改签引发旅客投诉") == "售票窗口拒办改签"
    assert plainly("售票窗口拒办改签引发旅客") == "售票窗口拒办改签"
    assert after_cue("支队将投诉转办我站", ("投诉",)) is None  # where the complaint went
    assert about_name("关于售票窗口拒办改签引发旅客投诉的通报批评") == "售票窗口拒办改签引发旅客"


def test_a_sentence_in_a_measures_table_is_no_organisation(tmp_path):
    (tmp_path / "src").mkdir()
    source = DATA / "lk21" / "l21-a08.src.md"  # a fishbone report whose 对策 table ends …的批次不得出厂
    (tmp_path / "src" / source.name).write_bytes(source.read_bytes())
    (tmp_path / "src" / "l21-a08.gold.json").write_bytes((DATA / "lk21" / "l21-a08.gold.json").read_bytes())
    (tmp_path / "out").mkdir()
    report = minerva.extract(rendered(tmp_path / "src", tmp_path / "out") / "l21-a08.docx")[0]
    assert report.org == "郑州禾丰源食品有限公司"
    assert one_complaint([], [], "三鲜水饺煮后破肚问题鱼骨图分析报告")[0] == "三鲜水饺煮后破肚"


def test_a_table_of_what_is_done_with_stock_is_measures_not_complaints(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("工程变更通知单（ECN）", level=0)
    document.add_heading("变更原因", level=1)
    document.add_paragraph("客户某某重工2月投诉：法兰焊后平面度超差。经分析，机加工预留的内倾量不足。")
    document.add_heading("库存处理", level=1)
    table = document.add_table(rows=3, cols=3)
    for i, row in enumerate([["状态", "数量", "处理方式"], ["成品库存", "14件", "重新上立车补加工内倾量后发货"],
                             ["在制品", "9件", "按新版图纸继续加工"]]):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    document.save(tmp_path / "ecn.docx")
    cases = _cases(tmp_path / "ecn.docx")
    assert [c.problem for c in cases] == ["法兰焊后平面度超差"]
    assert [m.text for m in cases[0].measures] == ["重新上立车补加工内倾量后发货", "按新版图纸继续加工"]
