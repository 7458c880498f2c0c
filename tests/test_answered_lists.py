"""A list of problems answered item for item by a list of measures (minerva/extractors/answered_lists.py)."""

from __future__ import annotations

import minerva
from minerva.extractors.answered_lists import pointed_numbers, read_by_answer, without_pointer
from minerva.extractors.clauses import clauses_of
from minerva.extractors.layout import lines_of
from minerva.extractors.registry import read_document
from minerva.extractors.roles import tag
from tests.builders import DATA, rendered, word_paragraphs

# Parallel lists: the answers follow the problems in the same order and say nothing of which is which.
PARALLEL = [
    "关于业主反映问题的整改情况报告",
    "5月份物业服务中心对业主来电和意见箱反映的问题逐项进行了核查，发现存在以下问题：",
    "1、地下车库照明灯具损坏较多，夜间光线昏暗；",
    "2、小区东门快递柜旁垃圾桶满溢，异味大；",
    "3、7号楼电梯按钮失灵，业主多次报修未处理。",
    "针对上述问题，物业服务中心现将整改情况报告如下：",
    "1、工程部更换地下车库损坏灯具46盏，改为声光控LED灯，每周巡查一次；",
    "2、东门增设两个240升垃圾桶，保洁员每日清运由两次增加到三次；",
    "3、联系电梯维保单位更换7号楼电梯按钮面板，报修后24小时内处理完毕并回访业主。",
    "东湖花园物业服务中心",
    "2024年6月3日",
]

# Pointers: each answer names the problem it answers; one answers two of them.
POINTED = [
    "生鲜门店顾客投诉自查整改报告",
    "一、存在的问题",
    "1、冷柜温度偏高。顾客反映购买的酸奶回家后发现胀包，经查冷柜温度记录，夜间多次超过8℃，值班人员未处理。",
    "2、称重价签与实际不符。顾客投诉称重的排骨价签重量比实际多出120克，经核查，电子秤未按期校准。",
    "3、退货办理时间过长。顾客退货排队超过40分钟，服务台只安排一人办理。",
    "二、整改措施",
    "（一）针对第1项问题：冷柜加装温度报警器，超过6℃自动报警，值班人员每两小时记录一次温度。",
    "（二）针对第2项问题：全部电子秤送计量所校准，以后每月自校一次，价签抽查纳入店长日检。",
    "（三）针对第3项问题：高峰时段服务台增加一名退货专员，退货办理时间控制在10分钟以内。",
    "（四）针对第1、第2项问题：对全体员工开展食品安全和计量规范培训，考核合格后上岗。",
    "惠家生鲜 2024年8月20日",
]

# An 8D's numbered causes and numbered measures are one complaint's, not lists that answer each other.
EIGHT_D = [
    "8D报告：注塑外壳缩痕",
    "一、问题描述",
    "客户来料检验发现注塑外壳表面缩痕，共320件。",
    "二、原因分析",
    "1、保压时间由8秒被调为5秒，产品收缩未补足。",
    "2、模具冷却水路堵塞，局部温度偏高。",
    "三、纠正措施",
    "1、保压时间恢复为8秒，工艺参数锁定。",
    "2、清洗模具冷却水路，每月点检一次。",
]


def _read(tmp_path, paragraphs):
    (report,) = minerva.extract(word_paragraphs(tmp_path / "report.docx", paragraphs))
    return report


def test_pointers_name_the_problems_they_answer():
    assert pointed_numbers("针对第3、第4项问题：将幼儿安全接送纳入考核") == [3, 4]
    assert pointed_numbers("关于第三个问题，已约谈承运商") == [3]
    assert pointed_numbers("针对问题二：重新培训") == [2]
    assert pointed_numbers("针对发现的问题，组织培训") == []
    assert without_pointer("针对第1项问题：冷柜加装温度报警器") == "冷柜加装温度报警器"


def test_each_problem_of_a_list_gets_the_answer_at_its_position(tmp_path):
    report = _read(tmp_path, PARALLEL)
    assert len(report.cases) == 3
    lights, bins, lift = report.cases
    assert "照明" in lights.problem and "垃圾桶" in bins.problem and "电梯" in lift.problem
    assert [len(c.measures) for c in report.cases] == [1, 1, 1]
    assert "灯具" in lights.measures[0].text and "垃圾桶" in bins.measures[0].text
    assert "按钮面板" in lift.measures[0].text


def test_each_problem_gets_the_answers_that_point_at_it(tmp_path):
    report = _read(tmp_path, POINTED)
    assert [c.problem for c in report.cases] == ["冷柜温度偏高", "称重价签与实际不符", "退货办理时间过长"]
    fridge, scales, returns = report.cases
    assert any("温度报警器" in m.text for m in fridge.measures)
    assert not any("温度报警器" in m.text for m in scales.measures + returns.measures)
    assert any("计量所" in m.text for m in scales.measures)
    assert any("退货专员" in m.text for m in returns.measures)
    for case in (fridge, scales):  # 针对第1、第2项问题 answers both
        assert any("培训" in m.text for m in case.measures)
    assert not any("培训" in m.text for m in returns.measures)
    assert not any("针对" in m.text for c in report.cases for m in c.measures)
    assert any("8℃" in c.text for c in fridge.causes) and not any("8℃" in c.text for c in scales.causes)


def test_an_8d_causes_and_measures_are_no_answered_list(tmp_path):
    lines = lines_of(read_document(word_paragraphs(tmp_path / "8d.docx", EIGHT_D)))
    tagged = tag(clauses_of(lines), len(lines))
    assert read_by_answer(lines, tagged, []) is None
    report = _read(tmp_path, EIGHT_D)
    assert len(report.cases) == 1 and len(report.cases[0].measures) == 2


# A reply letter: the problems numbered, the answers plain paragraphs that point back at them, out
# of order, one answering two problems.
LETTER = [
    "关于业主反映小区问题的答复",
    "尊敬的业主委员会：",
    "贵会6月12日来函反映的问题，我公司已逐一核实，情况如下：",
    "一、地下车库积水，雨后两三天排不干，多辆车辆底盘受损。",
    "二、夜间巡逻缺失，单元门禁常年损坏，外来人员随意进出。",
    "三、垃圾清运不及时，西门垃圾站气味大。",
    "对您反映的第三个问题，保洁班自7月1日起每日清运两次，垃圾站每周冲洗消毒。",
    "关于第一个问题，经排查为集水井排污泵故障，已更换两台排污泵并加装液位报警器。",
    "对您反映的第二、三个问题，公司已将夜间巡逻和保洁纳入项目经理月度考核，每月向业委会通报。",
    "特此答复。",
    "锦华物业服务有限公司",
    "2024年7月5日",
]


def test_answers_written_as_paragraphs_go_to_the_problems_they_point_at(tmp_path):
    report = _read(tmp_path, LETTER)
    assert len(report.cases) == 3
    garage, patrol, rubbish = report.cases
    assert "积水" in garage.problem and "巡逻" in patrol.problem and "垃圾" in rubbish.problem
    assert any("排污泵" in m.text for m in garage.measures)
    assert not any("排污泵" in m.text for m in patrol.measures + rubbish.measures)
    assert any("每日清运两次" in m.text for m in rubbish.measures)
    for case in (patrol, rubbish):  # 对您反映的第二、三个问题 answers both
        assert any("月度考核" in m.text for m in case.measures)
    assert not any("月度考核" in m.text for m in garage.measures)
    assert not any(m.text.startswith(("对您", "关于")) for c in report.cases for m in c.measures)


def test_a_word_numbered_problem_list_whose_items_give_their_causes(tmp_path):
    """lists24 l24-06: four complaints in Word's automatic numbering, each stating its cause after
    it, answered in order by a second numbered list; the problem items open with the problem, so
    they are no list of causes."""
    source = tmp_path / "src"
    source.mkdir()
    for suffix in (".src.md", ".gold.json"):
        name = "l24-06" + suffix
        (source / name).write_text((DATA / "lists24" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (report,) = minerva.extract(rendered(source, source) / "l24-06.docx")
    assert len(report.cases) == 4
    clips, sleeves, mixed, labels = report.cases
    assert "卡扣断裂" in clips.problem and "保压时间" in clips.causes[0].text
    assert [len(c.measures) for c in report.cases] == [1, 2, 1, 2]
    assert "保压时间调整" in clips.measures[0].text and "换线作业指导书" in mixed.measures[0].text
    assert any("MES" in m.text for m in labels.measures)


# Problems labelled 问题一：… (which the layout reads as headings), a paragraph of causes shared by
# all, and answers that point back by number or by the problem's name and first tell what was found.
LABELLED = [
    "关于食堂就餐问题的整改报告",
    "近期职工代表座谈会上集中反映了职工食堂的三个问题：",
    "问题一：午餐高峰排队超过二十分钟。",
    "问题二：部分菜品偏咸偏油。",
    "问题三：餐具清洗不净，有油渍残留。",
    "经后勤部调查，食堂外包合同中对服务标准约定不细，承包方考核流于形式。",
    "针对问题一，经实地计时，高峰时段只开放了三个打饭窗口。已增开两个窗口，并实行分楼层错峰就餐。",
    "就“菜品偏咸偏油”问题，厨师长按营养师给出的配方调整用盐用油量，每周公布菜谱及用量标准。",
    "针对问题三，经查，洗碗机喷淋嘴堵塞。已更换喷淋嘴，餐具改为高温消毒后上架，每日抽检。",
    "后勤保障部",
    "2024年3月15日",
]


def test_labelled_problems_answered_by_name_or_number_keep_what_was_found(tmp_path):
    report = _read(tmp_path, LABELLED)
    assert len(report.cases) == 3
    queue, salt, dishes = report.cases
    assert "排队" in queue.problem and "偏咸" in salt.problem and "餐具" in dishes.problem
    assert any("增开两个窗口" in m.text for m in queue.measures)
    assert any("用盐用油量" in m.text for m in salt.measures)
    assert not any("用盐用油量" in m.text for m in queue.measures + dishes.measures)
    assert any("喷淋嘴堵塞" in c.text for c in dishes.causes)  # what was found stays a cause
    assert not any("喷淋嘴堵塞" in m.text for m in dishes.measures)
    for case in report.cases:  # the causes between the lists are found for each problem
        assert any("考核流于形式" in c.text for c in case.causes)
