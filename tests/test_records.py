"""Record building on small reports in each layout real archives hold (written here as Markdown)."""

from __future__ import annotations

from pathlib import Path

import minerva
from minerva.extractors.layout import unroll_table
from tests.builders import word_paragraphs

DATA = Path(__file__).parent / "data"


def _extract(tmp_path: Path, body: str, name: str = "report.md") -> list[minerva.Report]:
    path = tmp_path / name
    path.write_text(body.strip() + "\n", encoding="utf-8")
    return minerva.extract(path)


def _measures(case: minerva.Case) -> list[str]:
    return [m.text for m in case.measures]


def test_per_problem_blocks_keep_their_own_causes_measures_and_effect(tmp_path):
    reports = _extract(tmp_path, """
# 物流投诉整改报告

上海某某物流有限公司

2024年3月5日

## 问题一：包裹破损

1.原因

（1）纸箱强度不足，堆码时压塌；

（2）装车时野蛮装卸。

2.解决措施

（1）改用五层瓦楞纸箱；

（2）装卸作业纳入视频监控。

3.效果评估

整改后破损投诉由每月30起降至3起。

## 问题二：配送延误

1.原因

（1）高峰期运力不足。

2.解决措施

（1）与两家运输公司签订备用运力协议。

3.效果评估

延误投诉仍未明显减少，需继续跟踪。
""")
    assert len(reports) == 1
    report = reports[0]
    assert report.title == "物流投诉整改报告"
    assert report.org == "上海某某物流有限公司"
    assert report.date == "2024-03-05"
    first, second = report.cases
    assert first.problem == "包裹破损"
    assert [c.text for c in first.causes] == ["纸箱强度不足，堆码时压塌", "装车时野蛮装卸"]
    assert _measures(first) == ["改用五层瓦楞纸箱", "装卸作业纳入视频监控"]
    assert first.effective is True
    assert second.problem == "配送延误"
    assert _measures(second) == ["与两家运输公司签订备用运力协议"]
    assert second.effective is False


def test_analysis_and_measure_sections_aligned_by_numbering(tmp_path):
    (report,) = _extract(tmp_path, """
# 客户投诉分析及整改措施报告

某某汽车销售服务有限公司    2023年9月15日

## 一、投诉分析

### 1. 维修等待时间长

主要原因：

- 维修工位只有14个，工位长期饱和；
- 预约系统未与车间排产系统打通。

### 2. 服务顾问沟通不及时

主要原因：

- 服务顾问人均接待量过大。

## 二、整改措施

### 1. 缩短等待时间

- 增设快速保养工位2个；

### 2. 加强过程沟通

- 服务顾问每小时推送维修进度。
""")
    first, second = report.cases
    assert first.problem == "维修等待时间长"
    assert len(first.causes) == 2
    assert _measures(first) == ["增设快速保养工位2个"]
    assert _measures(second) == ["服务顾问每小时推送维修进度"]
    assert first.effective is None


def test_defects_with_own_causes_share_one_measure_list(tmp_path):
    (report,) = _extract(tmp_path, """
# 客诉异物问题改善报告

福建某某食品有限公司    2023年9月2日

一、基本事实

投诉异物分类如下：

（1）毛发异物：6起；

（2）塑料碎片：3起。

二、原因分析

1、毛发异物

原因分析：员工工帽未完全包住头发；车间粘尘只在上班前进行一次。

2、塑料碎片

原因分析：周转箱老化开裂，碎片混入面团。

三、改善对策

1、工帽改为全包式发网加工帽；

2、更换全部老化周转箱。

四、效果追踪

7月至8月异物投诉降为1起，塑料碎片未再发生。
""")
    hair, plastic = report.cases
    assert hair.problem == "毛发异物"
    assert [c.text for c in hair.causes] == ["员工工帽未完全包住头发", "车间粘尘只在上班前进行一次"]
    assert [c.text for c in plastic.causes] == ["周转箱老化开裂，碎片混入面团"]
    assert _measures(hair) == _measures(plastic) == ["工帽改为全包式发网加工帽", "更换全部老化周转箱"]
    assert hair.effective is True and plastic.effective is True


def test_8d_steps_give_causes_measure_kinds_and_effect(tmp_path):
    (report,) = _extract(tmp_path, """
# 8D报告

供应商 Supplier：东莞某某电子有限公司    日期 Date：2023/11/27

## D2 问题描述

客户反馈耳机充电仓不充电，现象为耳机放入充电仓后不充电。

## D3 临时措施

- 冻结库存5200套逐套测试；

## D4 根本原因

1. Pogo Pin镀金层厚度不足，氧化后接触电阻升高；

## D5 永久纠正措施

1. 更换Pogo Pin供应商（责任人：张三，完成日期：2023-12-01）；

## D6 效果验证

改善后生产11000套，客户未收到同类退货。

## D7 预防措施

1. 修订零件承认书，增加镀层厚度要求。
""")
    assert report.org == "东莞某某电子有限公司"
    assert report.date == "2023-11-27"
    (case,) = report.cases
    assert case.problem == "耳机放入充电仓后不充电"
    assert [c.text for c in case.causes] == ["Pogo Pin镀金层厚度不足，氧化后接触电阻升高"]
    assert [(m.text, m.kind) for m in case.measures] == [
        ("冻结库存5200套逐套测试", "temporary"),
        ("更换Pogo Pin供应商", "permanent"),
        ("修订零件承认书，增加镀层厚度要求", "preventive"),
    ]
    assert case.effective is True


def test_problem_cause_measure_table_gives_one_case_per_row(tmp_path):
    (report,) = _extract(tmp_path, """
# 客户投诉整改措施报告

宁波某某五金有限公司    2023年10月25日

| 序号 | 问题描述 | 原因分析 | 整改措施 | 责任人 |
|---|---|---|---|---|
| 1 | 螺栓混料 | ①换型时料斗未清空；②包装前不核对长度 | ①换型清机确认；②增加视觉检测 | 王磊 |
| 2 | 标签错误 | 标签手工填写 | 标签由ERP自动打印 | 陈芳 |
""")
    first, second = report.cases
    assert first.problem == "螺栓混料"
    assert [c.text for c in first.causes] == ["换型时料斗未清空", "包装前不核对长度"]
    assert _measures(first) == ["换型清机确认", "增加视觉检测"]
    assert _measures(second) == ["标签由ERP自动打印"]
    assert first.causes[0].source.row == 1


def test_narrative_with_inline_enumerations(tmp_path):
    (report,) = _extract(tmp_path, """
# 关于客户投诉排队时间过长的自查整改报告

分行营业管理部：

今年以来客户普遍反映在月初办理业务需等候1小时以上。

一、问题产生的原因

经分析主要有以下原因：（1）对私窗口只有3个；（2）新柜员业务不熟练。

二、整改措施

一是实行弹性排班。（1）高峰日全部窗口开放；（2）午间保证至少开放3个窗口。

二是提升柜员技能。组织新柜员开展基本功训练；每月进行一次业务效率考核。

某某银行西街支行

2023年8月8日
""")
    (case,) = report.cases
    assert [c.text for c in case.causes] == ["对私窗口只有3个", "新柜员业务不熟练"]
    assert _measures(case) == ["高峰日全部窗口开放", "午间保证至少开放3个窗口", "组织新柜员开展基本功训练",
                               "每月进行一次业务效率考核"]
    assert report.org == "某某银行西街支行"
    assert report.date == "2023-08-08"


def test_compilation_is_split_into_its_reports(tmp_path):
    reports = _extract(tmp_path, """
# 客户投诉整改报告（精选2篇）

## 篇一：关于柜面服务态度投诉的整改报告

经调查，投诉发生的原因是：第一，柜员一次性告知不到位；第二，支行缺乏检查。

为此，支行采取以下整改措施：1.制作材料清单卡片；2.全员重新学习服务规范。

甲银行河西支行

2023年10月30日

## 篇二：营业部排队时间长投诉整改报告

乙银行滨江营业部

一、原因分析

（一）对私窗口长期不足。

二、整改措施

（一）开通网点预约取号功能。

2023年12月5日
""")
    assert [r.title for r in reports] == ["关于柜面服务态度投诉的整改报告", "营业部排队时间长投诉整改报告"]
    assert [r.org for r in reports] == ["甲银行河西支行", "乙银行滨江营业部"]
    assert [r.date for r in reports] == ["2023-10-30", "2023-12-05"]
    assert _measures(reports[0].cases[0]) == ["制作材料清单卡片", "全员重新学习服务规范"]


def test_procedure_without_a_complaint_gives_no_report(tmp_path):
    reports = _extract(tmp_path, """
# 客户投诉处理管理程序

一、目的

规范客户投诉的处理流程。

二、整改措施要求

1. 整改措施应明确责任人和完成日期。
""")
    assert reports == []


def test_provenance_points_at_the_paragraph(tmp_path):
    (report,) = _extract(tmp_path, """
# 整改报告

一、原因分析

1、设备老化。

二、整改措施

1、更换设备。
""")
    measure = report.cases[0].measures[0]
    assert measure.source.file.endswith("report.md")
    assert measure.source.paragraph == 9


def test_section_tree_nests_sub_headings_under_their_problem(tmp_path):
    path = tmp_path / "tree.md"
    path.write_text("# 报告\n\n## 一、总体情况\n\n说明。\n\n## 二、问题一：包裹破损\n\n1.原因\n\n纸箱太薄。\n\n"
                    "2.解决措施\n\n更换纸箱。\n\n## 三、下一步工作\n\n持续跟踪。\n", encoding="utf-8")
    ((title, root),) = minerva.sections_of(path)
    assert title == "报告"
    assert [s.title for s in root.children] == ["一、总体情况", "二、问题一：包裹破损", "三、下一步工作"]
    problem = root.children[1]
    assert [(s.title, s.role) for s in problem.children] == [("1.原因", "cause"), ("2.解决措施", "measure")]
    assert [b.text for b in problem.children[0].blocks] == ["纸箱太薄。"]
    assert root.children[2].role == "summary"


def test_8d_form_table_with_step_numbers_in_their_own_column(tmp_path):
    (report,) = _extract(tmp_path, """
# 8D报告

| 步骤 | 项目 | 内容 |
|---|---|---|
| D2 | 问题描述 | 客户反馈外壳划伤，现象为外壳表面有划痕 |
| D3 | 临时措施 | ①库存全检；②客户端挑选 |
| D4 | 根本原因 | ①包装内衬过硬；②装配工位无防护垫 |
| D5 | 永久措施 | ①内衬改为EPE；②工位加防护垫 |
| D6 | 效果验证 | 连续3批0PPM |

编制单位：某某精密有限公司    报告日期：2024-05-06
""")
    (case,) = report.cases
    assert [c.text for c in case.causes] == ["包装内衬过硬", "装配工位无防护垫"]
    assert [(m.text, m.kind) for m in case.measures] == [
        ("库存全检", "temporary"), ("客户端挑选", "temporary"),
        ("内衬改为EPE", "permanent"), ("工位加防护垫", "permanent")]
    assert case.effective is True
    assert report.org == "某某精密有限公司" and report.date == "2024-05-06"


def test_short_unpunctuated_items_are_records_not_sub_headings(tmp_path):
    (report,) = _extract(tmp_path, """
# 整改报告

某某电器有限公司    2024年1月8日

一、原因分析

1、来料检验漏检

2、作业员未按SOP操作

二、整改措施

1、增加来料全检

2、重新培训作业员

3、首件检验由班长签字确认
""")
    (case,) = report.cases
    assert [c.text for c in case.causes] == ["来料检验漏检", "作业员未按SOP操作"]
    assert _measures(case) == ["增加来料全检", "重新培训作业员", "首件检验由班长签字确认"]


def test_auto_number_label_does_not_swallow_a_leading_number():
    block = minerva.Block("item", "8月雨水较多，纸箱受潮。", minerva.SourceRef("x.docx", paragraph=1), label="2.")
    from minerva.extractors.layout import classify

    line = classify(block)
    assert line.marker.value == 2 and line.text.startswith("8月雨水较多")


def test_ledger_details_become_case_fields(tmp_path):
    (report,) = _extract(tmp_path, """
# 客诉台账

| 序号 | 投诉内容 | 机型 | 原因分析 | 改善措施 |
|---|---|---|---|---|
| 1 | 外壳划伤 订单号：SO-2231 数量：40 | K7 | 包装内衬过硬 | 内衬改为EPE |
| 2 | 按键失灵（客户：华东某经销商） | K9 | 按键弹片疲劳 | 更换弹片供应商 |
""")
    first, second = report.cases
    assert first.problem == "外壳划伤"
    assert first.fields == {"订单号": "SO-2231", "数量": "40", "机型": "K7"}
    assert second.problem == "按键失灵" and second.fields == {"客户": "华东某经销商", "机型": "K9"}
    assert first.to_dict()["fields"]["订单号"] == "SO-2231"


def test_register_split_by_category_rows_keeps_its_header(tmp_path):
    """A sheet whose rows go on after a category row (二、服务类) are read under the first header."""
    reports = _extract(tmp_path, """
# 顾客投诉登记台账

| 序号 | 投诉事由 | 原因 | 处理结果 | 客户满意度 |
|---|---|---|---|---|
| 一、产品质量类 | | | | |
| 1 | 面包内有头发 | 员工未戴发帽 | 已退款并致歉 | 满意 |

二、服务类

| 2 | 店员态度冷淡 | 培训不足 | 约谈店员并开展服务培训 | 仍不满意 |
""")
    cases = [c for r in reports for c in r.cases]
    assert [c.problem for c in cases] == ["面包内有头发", "店员态度冷淡"]
    assert [m.text for m in cases[1].measures] == ["约谈店员并开展服务培训"]
    assert [c.effective for c in cases] == [True, False]


def test_topic_leads_give_each_problem_its_own_causes_and_measures(tmp_path):
    """关于X问题，主要原因有：(1)… in the analysis and 在X方面：(1)… in the measures: each topic is one
    problem with its own causes and measures, even where a measure topic's words differ from the
    cause topic's (电梯安全 / 电梯困人)."""
    [report] = _extract(tmp_path, """
# 关于某小区业主投诉问题的整改报告

2023年8月至9月，业主共反映投诉事项三类。

## 一、问题原因

关于服务态度问题，主要原因有：(1)前台新员工只培训半天即上岗；(2)客服没有服务规范和考核。

关于报修响应不及时问题，主要原因有：(1)维修人员只有3人且夜间无人值班；(2)报修仍用纸质登记，工单没有闭环。

关于电梯困人问题，经与维保单位共同排查，原因为：(1)电梯门机皮带老化；(2)维保单位保养存在漏项。

## 二、整改措施

在服务态度方面：(1)对前台客服进行一周集中培训；(2)制定客服首问负责制。

在报修响应方面：(1)新增维修工2名，实行24小时值班；(2)启用线上报修系统。

在电梯安全方面：(1)督促维保单位更换门机皮带；(2)对值班人员开展困人应急演练。
""")
    assert len(report.cases) == 3
    service, repair, lift = report.cases
    assert "服务态度" in service.problem and "报修" in repair.problem and "电梯" in lift.problem
    assert [len(c.causes) for c in report.cases] == [2, 2, 2]
    assert "培训半天" in service.causes[0].text and "夜间无人值班" in repair.causes[0].text
    assert "门机皮带老化" in lift.causes[0].text
    assert [len(c.measures) for c in report.cases] == [2, 2, 2]
    assert "首问负责制" in _measures(service)[1] and "应急演练" in _measures(lift)[1]


def test_a_slide_per_part_of_a_numbered_problem(tmp_path):
    """A deck gives each part of a problem its own slide (问题一：X, then 问题一：整改措施): the
    second slide is problem one's measures, not a problem named 整改措施."""
    [report] = _extract(tmp_path, """
# 家长投诉整改情况汇报

## 问题一：班主任回复不及时

原因分析

1. 班主任人均管理学员132名，工作量过大

## 问题一：整改措施

- 新招聘班主任6名，人均管理学员降至85名以内

## 问题二：退费办理周期长

原因分析

1. 退费须经三级审批

## 问题二：整改措施

- 退费审批节点由三级压缩为两级
""")
    assert [c.problem for c in report.cases] == ["班主任回复不及时", "退费办理周期长"]
    first, second = report.cases
    assert _measures(first) == ["新招聘班主任6名，人均管理学员降至85名以内"]
    assert _measures(second) == ["退费审批节点由三级压缩为两级"]
    assert "三级审批" in second.causes[0].text


def test_8d_form_with_continuation_rows_and_two_numbered_defects(tmp_path):
    """A 项目 | 内容 form whose steps run over rows with an empty label cell; D2 states 问题一 and
    问题二, D4 and D5 come back to each by number. Long problem statements are named by their
    first clause."""
    [report] = _extract(tmp_path, """
# 8D报告

| 项目 | 内容 |
|---|---|
| 客户名称 | 某城轨车辆主机厂 |
| D2 问题描述 | 问题一：安装座角焊缝存在气孔及未熔合，抽查12件中5件超标，客户判定为焊接不良 |
| | 问题二：配套橡胶减振垫硬度超差，实测邵氏硬度A78～82，图纸要求A60±5 |
| D4 根本原因分析 | 问题一 焊缝气孔： |
| | 1）焊工未按焊接工艺规程进行摆动焊接，焊接电流偏低； |
| | 2）CO2保护气体流量计损坏后未及时更换； |
| | 问题二 减振垫硬度超差： |
| | 1）供应商擅自更换胶料配方，变更前未通知我司； |
| D5 永久纠正措施 | 针对问题一： |
| | 1）重新评定立焊工艺，修订焊接工艺规程； |
| | 2）气体流量计纳入设备点检表，每班点检； |
| | 针对问题二： |
| | 1）要求供应商恢复原胶料配方，变更须提前书面申请； |
""")
    assert [c.problem for c in report.cases] == ["安装座角焊缝存在气孔及未熔合", "配套橡胶减振垫硬度超差"]
    weld, pad = report.cases
    assert [len(weld.causes), len(pad.causes)] == [2, 1]
    assert "摆动焊接" in weld.causes[0].text and "胶料配方" in pad.causes[0].text
    assert _measures(weld) == ["重新评定立焊工艺，修订焊接工艺规程", "气体流量计纳入设备点检表，每班点检"]
    assert _measures(pad) == ["要求供应商恢复原胶料配方，变更须提前书面申请"]
    assert any("抽查12件" in alt for alt in weld.problem_alt)


def test_a3_sheet_of_label_rows_over_content_rows(tmp_path):
    """An A3 / QRQC grid: ① 问题描述 | ④ 对策 above their contents, ② | ⑤ and ③ | ⑥ likewise, with
    English glosses in brackets; read in the labels' numbered order."""
    [report] = _extract(tmp_path, """
# QRQC快速反应质量控制单——接线盒脱落

| ① 问题描述（What / When） | ④ 对策（Countermeasures） |
|---|---|
| 客户反馈电站巡检发现接线盒脱落36块 | 1. 更换A胶计量泵齿轮组，打胶机增加配比在线监控<br>2. 每班开线前做配比称重验证 |
| ② 临时措施（Containment） | ⑤ 效果确认（Effect Confirmation） |
| 1. 冻结库存组件逐块做拉拔力抽测 | 8月至10月未再发生接线盒脱落，措施有效 |
| ③ 根本原因（Root Cause） | ⑥ 标准化与横向展开（Yokoten） |
| 1. 打胶机A胶计量泵齿轮磨损，配比偏移<br>2. 固化时间被压缩到1.5小时 | 1. 修订接线盒安装作业指导书 |
""")
    [case] = report.cases
    assert "接线盒脱落" in case.problem
    assert [c.text for c in case.causes] == ["打胶机A胶计量泵齿轮磨损，配比偏移", "固化时间被压缩到1.5小时"]
    measures = _measures(case)
    assert "冻结库存组件逐块做拉拔力抽测" in measures and "修订接线盒安装作业指导书" in measures
    assert any("配比在线监控" in m for m in measures)
    assert case.effective is True


def test_a3_sheet_ends_with_its_grid(tmp_path):
    """Notes, annexes and sign-offs below an A3 grid belong to none of its sections, even when its
    last section is a measure one; a long English gloss does not make a label a sentence."""
    [report] = _extract(tmp_path, """
# QRQC快速反应质量控制单——接线盒脱落

| ① 问题描述（What / When / Where / How many） | ④ 对策（Countermeasures） |
|---|---|
| 客户反馈电站巡检发现接线盒脱落36块 | 1. 更换A胶计量泵齿轮组 |
| ② 临时措施（Containment） | ⑤ 效果确认（Effect Confirmation） |
| 1. 冻结库存组件逐块做拉拔力抽测 | 8月至10月未再发生接线盒脱落，措施有效 |
| ③ 根本原因（Root Cause） | ⑥ 标准化与横向展开（Standardize / Yokoten） |
| 1. 打胶机A胶计量泵齿轮磨损，配比偏移 | 1. 修订接线盒安装作业指导书 |

附表：失效组件按生产周次分布

拉拔力测试方法：沿垂直背板方向匀速施加拉力至接线盒脱离

会签：生产部 韩立　　设备部 马骁
""")
    [case] = report.cases
    assert "接线盒脱落" in case.problem
    measures = _measures(case)
    assert "修订接线盒安装作业指导书" in measures
    assert not any("韩立" in m or "拉力" in m for m in measures)


def test_an_email_reply_with_numbered_complaints_and_header_fields(tmp_path):
    """Header fields (发件人, 主题, 电话) are no problems; a numbered complaint too long for a
    heading, followed by 原因： and 改善措施：, is one."""
    [report] = _extract(tmp_path, """
发件人: 许志斌 [mailto:xuzb@example.com]

发送时间: 2024年5月21日 18:42

主题: 答复: 【客诉】彩盒色差及糊口开胶问题

张经理：

您好！关于贵司反馈的彩盒色差及糊口开胶问题，现将分析结果及改善措施回复如下。

一、彩盒印刷颜色偏红（专色实测与签样色差ΔE 4.8，标准≤2.0）

原因：

1. 更换新一批专色油墨后，调墨师傅只凭目测比对，未用分光仪测色确认；

改善措施：

1. 专色油墨每次调配后必须用分光仪测色，ΔE≤1.5方可上机；

二、彩盒糊口开胶（客户包装线装箱时糊口张开，抽检500只中23只）

原因：

1. 糊盒机热熔胶温度设定为145℃，低于推荐的160～170℃；

改善措施：

1. 热熔胶温度调整为165℃，每班首件做撕拉测试；

电话：0769-8562 0000
""")
    assert report.title == "【客诉】彩盒色差及糊口开胶问题"  # the subject, without 答复:
    problems = [c.problem for c in report.cases]
    assert len(problems) == 2 and problems[0].startswith("彩盒印刷颜色偏红") and problems[1].startswith("彩盒糊口开胶")
    assert not any(p in ("发件人", "主题", "电话", "发送时间") for p in problems)
    first, second = report.cases
    assert "分光仪" in first.causes[0].text and "热熔胶温度" in second.causes[0].text
    assert _measures(second) == ["热熔胶温度调整为165℃，每班首件做撕拉测试"]


def test_section_headings_that_name_their_problem_after_a_colon(tmp_path):
    """原因分析：问题一 X and 改善对策：问题一 are cause and measure sections of problem one."""
    [report] = _extract(tmp_path, """
# 婴儿推车客诉问题改善汇报

## 客诉概况

- 问题一：折叠锁扣在推行过程中自动弹开
- 问题二：遮阳篷支架在转动处断裂

## 原因分析：问题一 折叠锁扣自动弹开

- 锁扣复位弹簧线径由1.0mm改为0.9mm，弹力下降约20%

## 原因分析：问题二 遮阳篷支架断裂

- 支架材料由PA66+30%玻纤改为PA6+15%玻纤，疲劳强度不足

## 改善对策：问题一

- 弹簧恢复1.0mm线径，供应商物料变更须经我司书面批准

## 改善对策：问题二

- 支架材料恢复为PA66+30%玻纤
""")
    lock, hood = report.cases
    assert "锁扣" in lock.problem and "遮阳篷" in hood.problem
    assert ["弹簧线径" in c.text for c in lock.causes] == [True] and "玻纤" in hood.causes[0].text
    assert _measures(lock) == ["弹簧恢复1.0mm线径，供应商物料变更须经我司书面批准"]
    assert _measures(hood) == ["支架材料恢复为PA66+30%玻纤"]


def test_a_table_of_measures_under_the_measures_heading(tmp_path):
    """序号 | 对策内容 | 类型 | 责任人 | 完成日期 under 四、改善对策: the 对策内容 cells are the measures;
    a 5-Why section is an analysis of causes, and 问题定义： names the problem."""
    [report] = _extract(tmp_path, """
# 客户投诉5Why分析及改善报告

## 一、问题描述

客户售后反馈：用户骑行中整车突然断电。

问题定义：电池包电芯与镍片点焊焊点强度不足，车辆振动后虚焊脱开。

## 二、5Why分析

| 层级 | 发生原因 |
|---|---|
| Why1 | 整车为什么断电？——BMS检测到单串电压跳变。 |

## 三、根本原因结论

1. 点焊电极头修磨和更换没有定量规定，电极头磨损后焊接电流密度不足。

## 四、改善对策

| 序号 | 对策内容 | 类型 | 责任人 | 完成日期 |
|---|---|---|---|---|
| 1 | 电极头每焊接5,000点修磨一次，焊机计数器到数自动锁机 | 永久 | 工艺部 | 4月5日 |
| 2 | 成品检验增加振动测试后复测各串电压 | 永久 | 品质部 | 4月10日 |
""")
    [case] = report.cases
    assert case.problem.startswith("电池包电芯与镍片点焊焊点强度不足")
    assert _measures(case) == ["电极头每焊接5,000点修磨一次，焊机计数器到数自动锁机",
                               "成品检验增加振动测试后复测各串电压"]
    assert any("电极头修磨" in c.text for c in case.causes)



def test_numbered_complaints_in_minutes_with_inline_cause_and_measure(tmp_path):
    """Meeting minutes: 1. 客户投诉…。 as a long numbered paragraph, then 原因：… and 措施：… lines."""
    [report] = _extract(tmp_path, """
# 2023年11月份质量例会会议纪要

## 二、客户投诉处理情况

品质部汇报了11月份收到的2起客户投诉的调查及处理情况。

1. 美国客户投诉女式针织开衫水洗后缩水严重。客户第三方实验室检测缩率超标。

原因：面料定型时超喂量设定过小，面料未充分预缩。

措施：定型超喂量由8%调整为15%，每缸抽样做缩水测试。

2. 日本客户反馈童装连帽卫衣中检出1根断针。

原因：夜班员工断针后未按断针管理规定找齐残针。

措施：对退回的3,600件全部重新过检针机。
""")
    assert len(report.cases) == 2
    shrink, needle = report.cases
    assert "缩水" in shrink.problem and "断针" in needle.problem
    assert "超喂量" in shrink.causes[0].text and "残针" in needle.causes[0].text
    assert _measures(needle) == ["对退回的3,600件全部重新过检针机"]


def test_minutes_that_number_complaints_as_long_paragraphs_give_one_case_each(tmp_path):
    """The second item uses no complaint word (检出, not 投诉); being the first's sibling with its
    own 原因： and 措施： it is a complaint too."""
    reports = _extract(tmp_path, """
# 质量例会纪要

## 二、客户投诉处理情况

1. 美国客户投诉女式针织开衫（款号HL-118）水洗后缩水严重。客户实验室洗涤三次，衣长缩率-7.2%，涉及出货2,400件。

原因：面料定型时超喂量设定过小，面料未充分预缩；裁剪前未按每缸抽样做缩水测试。

措施：定型超喂量由8%调整为15%；针织面料每缸抽样做缩水测试。

2. 日本客户在童装连帽卫衣（款号MW-K2311）中检出1根断针（长约1.2cm，位于帽檐缝份内），客户要求全部退回重新检针。

原因：夜班员工断针后未按规定找齐残针登记；检针机开机后未用测试块校验灵敏度。

措施：断针须找齐拼贴在记录表上，由班长双人签字；检针机每班开机时用测试块校验。
""")
    cases = [c for r in reports for c in r.cases]
    assert len(cases) == 2
    assert "缩水" in cases[0].problem and "。" not in cases[0].problem
    assert "断针" in cases[1].problem and any("测试块" in m for m in _measures(cases[1]))
    assert not any("测试块" in m for m in _measures(cases[0]))


def test_a_news_item_without_a_title_is_named_by_its_complaint_not_its_first_paragraph(tmp_path):
    reports = _extract(tmp_path, """
某乳业公司昨晚发布公告称，6月25日17:10，公司二厂进行设备维护保养，在自动阀切换时发生延迟，导致少量清洗用碱水渗入流水线上的牛奶中。涉及产品约300盒。

公告称，公司已采取以下措施：1、立即把当天上市的该批牛奶全部下架召回。2、对已购买的消费者上门道歉和赔偿。3、对设备的稳定性进行严格测试。
""")
    assert len(reports) == 1 and reports[0].title is None
    case = reports[0].cases[0]
    assert "碱水" in case.problem and "公告" not in case.problem and len(case.problem) < 40
    assert any("自动阀" in c.text for c in case.causes)
    assert any("下架召回" in m for m in _measures(case))


def test_causes_stated_together_stay_with_the_problem_they_name():
    from minerva.extractors.attribution import attribute_causes
    from minerva.model import Case, Span

    shared = [Span("糊口位置未做开窗，胶水粘在膜面上导致开胶"), Span("调墨时未用分光仪测色，颜色偏红未被发现"),
              Span("首件检验记录不全")]
    cases = [Case(problem="彩盒颜色偏红", causes=list(shared)), Case(problem="彩盒糊口开胶", causes=list(shared))]
    attribute_causes(cases)
    assert [c.text for c in cases[0].causes] == [shared[1].text, shared[2].text]
    assert [c.text for c in cases[1].causes] == [shared[0].text, shared[2].text]


def test_a_measure_ends_where_its_owner_and_deadline_begin():
    from minerva.extractors.fields import without_assignment
    from minerva.extractors.naming import problem_name

    planned = "气体流量计纳入设备点检表，每班开工前点检并记录；责任人：周建华，完成时间：2021.03.08"
    assert without_assignment(planned) == "气体流量计纳入设备点检表，每班开工前点检并记录"
    assert without_assignment("更换密封圈") == "更换密封圈"
    assert problem_name("现场实测温度17度(户主表示刚开完空调)") == "现场实测温度17度"


def test_complaint_sheets_stacked_in_one_file_give_one_case_each(tmp_path):
    reports = _extract(tmp_path, """
# 客诉处理单汇总

客诉单号：KS-01

不良现象：衣柜门板颜色明显偏黄，与其余门板色差肉眼可见。

原因分析：补发门板使用新批次PET膜，与原批次存在色差。

永久对策：补件单增加原膜批次必填栏。

——————————

客诉单号：KS-02

不良现象：书桌抽屉推拉时有咔咔异响。

原因分析：抽屉侧板开槽尺寸偏大，滑轨安装后不平行。

永久对策：开槽工序每班首件用卡尺检验槽宽。
""")
    cases = [c for r in reports for c in r.cases]
    assert [c.problem[:6] for c in cases] == ["衣柜门板颜色", "书桌抽屉推拉"]
    assert _measures(cases[0]) == ["补件单增加原膜批次必填栏"]
    assert [c.text for c in cases[1].causes] == ["抽屉侧板开槽尺寸偏大，滑轨安装后不平行"]


def test_a_plain_news_title_that_states_the_complaint_names_it(tmp_path):
    reports = _extract(tmp_path, """
# 新买空调室内机漏水

市民张先生反映，家里新买的空调用了不到一周，室内机漏水把墙面都泡坏了，联系商家多次无果。

记者联系到该品牌售后，售后人员表示，经上门检查，系安装师傅未将排水管坡度调好所致。售后已安排师傅重新安装排水管，并为张先生修补墙面。
""")
    (case,) = [c for r in reports for c in r.cases]
    assert case.problem == "新买空调室内机漏水"


def test_a_description_is_named_by_the_clause_that_states_the_problem_and_aimed_measures_stay_measures(tmp_path):
    [report] = _extract(tmp_path, """
# 质量异常客诉分析改善报告

## 一、问题描述

2024年3月，客户在来料复检时，对我司RVV 1.5mm²护套线进行抽检，绝缘厚度实测0.52mm，\
低于标准规定的0.60mm，判定为绝缘厚度超标。涉及批次240211-07，共交货260卷。

## 二、应急处理

- 客户处260卷护套线全部召回更换；
- 库存同批次共800卷全部复检。

## 三、原因分析

### 发生原因

1. 挤出机模套磨损后未及时更换，出胶量不稳定；

### 流出原因

1. 成品绝缘厚度每20卷抽1卷，抽样量不足；

## 四、改善措施

### 针对发生原因

1. 模套列入易损件清单，每月点检并记录磨损量；

### 针对流出原因

1. 绝缘厚度检测改为每5卷抽1卷，并增加在线测径仪；
""")
    [case] = report.cases
    assert case.problem == "判定为绝缘厚度超标"
    assert [c.text for c in case.causes] == ["挤出机模套磨损后未及时更换，出胶量不稳定",
                                             "成品绝缘厚度每20卷抽1卷，抽样量不足"]
    measures = _measures(case)
    assert any("召回更换" in m for m in measures)
    assert any("易损件清单" in m for m in measures) and any("在线测径仪" in m for m in measures)


def test_measures_grouped_by_numbered_cause_stay_with_the_one_complaint(tmp_path):
    """An 8D whose D5 groups its measures under 针对原因1： / 针对原因2： (tests/data/recur1/r1-05,
    written by a helper): the labels point at the causes of D4, not at complaints; the report is
    one case (it gave two named 原因1 and 原因2)."""
    from tests.builders import rendered

    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    out.mkdir()
    for suffix in (".src.md", ".gold.json"):
        (sources / f"r1-05{suffix}").write_bytes((DATA / "recur1" / f"r1-05{suffix}").read_bytes())
    [report] = minerva.extract(rendered(sources, out) / "r1-05.docx")
    [case] = report.cases
    assert "快件破损" in case.problem
    measures = _measures(case)
    assert any("高清监控" in m for m in measures) and any("缓冲斜坡" in m for m in measures)


def test_a_letter_tells_whether_its_measures_worked_in_a_paragraph_of_its_own(tmp_path):
    """After 已采取以下整改措施：一是…二是…, a paragraph that says the complaints stopped is the
    effect, though no heading names it; a closing promise is not."""
    [report] = _extract(tmp_path, """
# 关于员工餐厅菜品中发现钢丝的整改报告

10月19日午餐时段，贵司一名员工在员工餐厅的红烧茄子中吃出一段约2cm长的钢丝，当即提交了投诉。

经调查，原因有两点：一是后厨洗锅工使用钢丝球刷洗炒锅，钢丝球掉丝残留在锅内；二是出餐前没有专人对菜品进行目视检查。

针对上述原因，我项目部已采取以下整改措施：一是全面停用钢丝球；二是由厨师长每日收市后检查清洁工具。

整改措施自10月20日起执行，至今未再发生异物投诉，菜品卫生项得分由78分提升至91分。

我们将以此为戒，持续做好食品安全管理工作。
""")
    [case] = report.cases
    assert case.effect.startswith("整改措施自10月20日起执行，至今未再发生异物投诉") and case.effective is True
    assert _measures(case) == ["全面停用钢丝球", "由厨师长每日收市后检查清洁工具"]


def test_numbered_complaints_that_run_their_cause_and_measure_labels_together_give_one_case_each(tmp_path):
    """1）X（9单）。原因：…。措施：… in one paragraph is read as X, then 原因：…, then 措施：…."""
    [report] = _extract(tmp_path, """
# 关于客户投诉问题的整改情况说明

贵司上月转来客户投诉12单，经逐单核查，归纳为以下两类问题，现将原因及整改措施说明如下：

1）包裹延迟签收，超过承诺时效（8单）。原因：分拨中心夜班人手不足，包裹滞留；派件员未按路线顺序派送。措施：夜班增加两名分拣员；派件路线由系统排定。

2）外包装破损（4单）。原因：装车时重货压在轻货上方。措施：装车执行重下轻上规则，由组长拍照留存。
""")
    assert [c.problem for c in report.cases] == ["包裹延迟签收，超过承诺时效（8单）", "外包装破损（4单）"]
    late, broken = report.cases
    assert [c.text for c in late.causes] == ["分拨中心夜班人手不足，包裹滞留", "派件员未按路线顺序派送"]
    assert _measures(broken) == ["装车执行重下轻上规则，由组长拍照留存"]


def test_complaint_items_that_tell_what_was_done_in_running_text(tmp_path):
    """投诉1：X。… names X; the rest of the item, told without labels, gives its measures."""
    [report] = _extract(tmp_path, """
# 2024年5月客户投诉汇总

本月共受理客户投诉2起，具体如下：

投诉1：保养后机油渗漏。车主做完保养第二天发现地面有油渍。已免费为客户更换机滤并清洗发动机舱，同时要求机修班组更换机滤时确认旧密封圈已取下。

投诉2：维修等待时间过长。车主预约更换刹车片，实际等待了3个半小时。原因是服务顾问未按工位能力控制预约数量。措施：预约系统按工位设置每时段预约上限。

投诉1180条的统计不是投诉编号。
""")
    assert [c.problem for c in report.cases] == ["保养后机油渗漏", "维修等待时间过长"]
    oil, wait = report.cases
    assert any("更换机滤" in m for m in _measures(oil))
    assert _measures(wait) == ["预约系统按工位设置每时段预约上限"]


def test_a_measure_table_that_points_at_numbered_problems_gives_each_its_rows(tmp_path):
    [report] = _extract(tmp_path, """
# 客户投诉原因分析及整改报告

## 一、投诉概况

（一）消费者反映乳液出现分层、瓶底析出透明水层，抽查库存分层比例约为8%。

（二）部分消费者反映泵头按压后出液不畅，需按压5～6次才出料。

## 二、问题一：乳液分层——原因分析

乳化降温速度过快，工艺规程未规定降温速率。

## 三、问题二：泵头出液不畅——原因分析

泵头内弹簧行程偏短，泵芯单向阀回弹不良。

## 四、整改措施

| 问题 | 措施 | 责任人 |
|---|---|---|
| 问题一 | 工艺规程增加降温速率要求 | 研发部 |
| 问题一 | 冷却水阀门改为自动控温 | 工程部 |
| 问题二 | 要求泵头供应商修模并提交8D报告 | 采购部 |
""")
    emulsion, pump = report.cases
    assert "分层" in emulsion.problem and "分析" not in emulsion.problem
    assert _measures(emulsion) == ["工艺规程增加降温速率要求", "冷却水阀门改为自动控温"]
    assert _measures(pump) == ["要求泵头供应商修模并提交8D报告"]


def test_a_reply_letter_is_named_by_what_its_title_is_about_not_by_a_count_or_a_finding(tmp_path):
    [report] = _extract(tmp_path, """
# 关于贵司反馈6205轴承异响问题的回复函

贵司于4月9日来函反馈，我司供应的6205轴承在贵司总装试机时有异响声，共发现不良品37套。

## 一、原因分析

追溯生产过程发现，清洗机过滤网破损，金属颗粒混入润滑脂。

## 二、整改措施

1. 清洗机过滤网更换为双层不锈钢滤网。
""")
    [case] = report.cases
    assert case.problem == "6205轴承异响问题"


def test_a_reply_that_quotes_the_complaint_it_answers_is_named_by_the_quote(tmp_path):
    [report] = _extract(tmp_path, """
尊敬的网友：

您反映“小区门口路灯长期不亮”的问题，我局高度重视，立即安排工作人员实地核查。经查，系线路老化短路所致。我局已更换线路并恢复照明，并将路灯巡查纳入每周检查。
""")
    [case] = report.cases
    assert case.problem == "小区门口路灯长期不亮"


def test_reports_compiled_under_an_organisation_name_take_it_as_their_org(tmp_path):
    reports = _extract(tmp_path, """
宣城市某某供水有限公司 客户服务部

## 7月份客户投诉处理情况报告

报告日期：2024年8月5日

### 一、原因分析

1. 管网老化，水压不足。

### 二、整改措施

1. 更换老旧管网300米。

## 关于水表读数异常投诉的处理报告

### 一、原因分析

1. 水表计数器卡滞。

### 二、整改措施

1. 更换同批次水表120只。
""")
    assert len(reports) == 2
    assert [r.org for r in reports] == ["宣城市某某供水有限公司", "宣城市某某供水有限公司"]


def test_a_measure_item_loses_its_run_in_label_but_not_its_subject(tmp_path):
    reports = _extract(tmp_path, """
# 关于601路公交车到站不停车的整改报告

问题描述：601路公交车到站不停车，直接开走。

原因分析：当班驾驶员未按规定进站停靠。

整改措施：

1、批评教育与惩处：责令当事驾驶员深入学习服务条例，深刻反思自身失误。

2、成品增加颠簸测试：每批抽5台，在试验台运行2小时。
""")
    measures = [m.text for m in reports[0].cases[0].measures]
    assert measures[0].startswith("责令当事驾驶员深入学习服务条例")
    assert measures[1].startswith("成品增加颠簸测试：每批抽5台")


def test_tongshi_after_a_comma_starts_a_second_statement():
    from minerva.extractors.spans import sentences

    two = sentences("责令当事驾驶员深刻反思，同时扣除其当月安全服务奖。")
    assert two == ["责令当事驾驶员深刻反思", "扣除其当月安全服务奖"]
    assert sentences("同时加强巡查，每日两次。") == ["加强巡查，每日两次"]


def test_an_english_action_table_under_a_measure_heading(tmp_path):
    reports = _extract(tmp_path, """
# Customer Complaint Report 客户投诉报告

## 1. Problem Description

固化后涂层表面出现缩孔。

## 2. Root Cause

流平剂供应商更换了载体树脂，入厂未做试板验证。

## 3. Corrective Action

| No. | Action | Owner | Due Date | Status |
|---|---|---|---|---|
| 1 | 停用新载体流平剂，恢复原规格 | 采购部 | 2023-10-15 | Closed |
| 2 | 助剂类原料每批入厂做试板验证 | 品管部 | 2023-10-20 | Closed |
""")
    assert _measures(reports[0].cases[0]) == ["停用新载体流平剂，恢复原规格", "助剂类原料每批入厂做试板验证"]


def test_minutes_file_each_complaint_under_customer_and_product(tmp_path):
    reports = _extract(tmp_path, """
# 2024年10月质量例会会议纪要

## 二、客户投诉通报及处理

（一）宁波嘉禾服饰有限公司：T/C 65/35府绸（品号HF-P2108，藏青）批间色差

现象：两缸与前期大货对色，客户灯箱下色差3级。

原因（技术部许文涛分析）：两缸所用分散染料为新到批次，上染前未做小样复核。

会议决定：退回布料由染色车间剥色回修。

（二）苏州锐途户外用品有限公司：纯棉弹力斜纹（品号HF-T3320）经向缩水超标

现象：客户成衣厂洗水后测经向缩水-4.6%。

原因：预缩机橡胶毯使用超过14个月，表面磨损硬化。

会议决定：设备部更换预缩机橡胶毯。
""")
    cases = reports[0].cases
    assert [c.problem for c in cases] == ["批间色差", "经向缩水超标"]
    assert [c.causes[0].text for c in cases][0].startswith("两缸所用分散染料为新到批次")


def test_a_short_aside_after_a_section_heading_does_not_hide_its_role(tmp_path):
    reports = _extract(tmp_path, """
# 电梯困人投诉原因分析及整改报告

## 一、投诉情况

2#电梯频繁困人。

## 二、困人原因分析（鱼骨图）

层门门锁触点氧化，接触电阻达到2.8Ω。

## 三、整改措施（编号与原因对应）

更换全部18个层门门锁触点。
""")
    assert len(reports[0].cases) == 1
    case = reports[0].cases[0]
    assert [c.text for c in case.causes] == ["层门门锁触点氧化，接触电阻达到2.8Ω"]
    assert _measures(case) == ["更换全部18个层门门锁触点"]


def test_a_greeting_that_opens_a_reply_names_no_problem(tmp_path):
    [report] = _extract(tmp_path, """
尊敬的网友：

您好，您反映的情况已收悉，现将相关情况回复如下：

一、投诉对象反映的情况

投诉人反映：安置房周围遇到吹风天都能闻到一股垃圾的味道。

二、现场核实情况

由于个别垃圾车压缩斗损坏，导致运输过程中污水滴漏。

三、整改措施

一是督促镇政府对垃圾收集房周边垃圾及时清运。
""")
    assert report.cases and all("尊敬" not in c.problem for c in report.cases)


def _plain_docx(tmp_path: Path, paragraphs: list[tuple[str, bool]]) -> list[minerva.Report]:
    """A Word file typed without styles: every line a Normal paragraph, headings only bold."""
    import docx

    doc = docx.Document()
    for text, bold in paragraphs:
        doc.add_paragraph().add_run(text).bold = bold
    path = tmp_path / "plain.docx"
    doc.save(path)
    return minerva.extract(path)


def test_plain_bold_headings_outrank_the_typed_bullets_below_them(tmp_path):
    [report] = _plain_docx(tmp_path, [
        ("婴儿推车客诉问题改善汇报", True),
        ("客诉概况", True),
        ("• 问题一：折叠锁扣在推行过程中自动弹开", False),
        ("• 问题二：遮阳篷支架在转动处断裂", False),
        ("原因分析：问题一 折叠锁扣自动弹开", True),
        ("• 锁扣复位弹簧线径由1.0mm改为0.9mm", False),
        ("原因分析：问题二 遮阳篷支架断裂", True),
        ("• 转动处圆角R0.5过小，应力集中", False),
        ("改善对策：问题一", True),
        ("• 弹簧恢复1.0mm线径", False),
        ("改善对策：问题二", True),
        ("• 转动处圆角加大到R2", False),
    ])
    assert [c.problem for c in report.cases] == ["折叠锁扣在推行过程中自动弹开", "遮阳篷支架在转动处断裂"]
    assert [_measures(c) for c in report.cases] == [["弹簧恢复1.0mm线径"], ["转动处圆角加大到R2"]]


def test_a_second_official_title_opens_a_second_report(tmp_path):
    """关于…的情况说明 is a document's title, though 情况说明 alone names a section."""
    reports = _plain_docx(tmp_path, [
        ("关于旅客托运行李破损投诉的整改报告", True),
        ("3月共收到旅客托运行李破损投诉12起。", False),
        ("原因：装卸员抛掷行李。", False),
        ("整改措施：对全体装卸员开展文明装卸培训。", False),
        ("关于燃气用户投诉问题的整改情况说明", True),
        ("部分用户反映安检人员上门时间不固定。", False),
        ("原因：安检人员任务量过大。", False),
        ("整改措施：上线安检预约系统。", False),
    ])
    assert [r.title for r in reports] == ["关于旅客托运行李破损投诉的整改报告", "关于燃气用户投诉问题的整改情况说明"]


def test_a_bilingual_title_typed_without_styles_is_the_title_not_the_problem(tmp_path):
    [report] = _plain_docx(tmp_path, [
        ("客户投诉调查及纠正预防措施报告 Customer Complaint Investigation & CAPA Report", False),
        ("日期 Date：2023-11-06", False),
        ("1. 投诉描述 Complaint Description", True),
        ("客户反馈：针座与导管连接处渗液。", False),
        ("2. 根本原因 Root Cause", True),
        ("UV固化灯使用时间超过寿命，固化能量不足。", False),
        ("3. 纠正措施 Corrective Actions", True),
        ("更换UV固化灯，每班测量固化能量。", False),
    ])
    assert report.title.startswith("客户投诉调查及纠正预防措施报告")
    assert [c.problem for c in report.cases] == ["针座与导管连接处渗液"]


def test_a_bulleted_role_label_followed_by_a_short_statement_is_content(tmp_path):
    """• 原因：配件包人工分装，无称重核对 states a cause; it does not name a topic the way
    原因分析：问题一 锁扣弹开 names the problem its section is about."""
    [report] = _extract(tmp_path, """
# 客诉改善汇报——实木餐桌椅系列

## 问题1 桌面漆面开裂

- 原因：PU底漆一次喷涂过厚（>120μm）
- 原因：车间温度低，面漆未干透即叠放
- 对策：底漆分两遍喷涂，每遍≤60μm
- 对策：窑干后增加平衡养生48小时

## 问题2 五金配件缺失

- 原因：配件包人工分装，无称重核对
- 对策：配件包出库前电子秤称重
""")
    paint, parts = report.cases
    assert [c.text for c in paint.causes] == ["PU底漆一次喷涂过厚（>120μm）", "车间温度低，面漆未干透即叠放"]
    assert _measures(paint) == ["底漆分两遍喷涂，每遍≤60μm", "窑干后增加平衡养生48小时"]
    assert [c.text for c in parts.causes] == ["配件包人工分装，无称重核对"]


def test_numbered_complaints_before_the_first_with_a_cue_word_are_complaints_too(tmp_path):
    """一、X（41件）。… followed by 原因：and 措施： is a complaint, like its sibling 三、 whose text says 反映."""
    (report,) = _extract(tmp_path, """
2024年上半年供热投诉分析报告

上半年共受理供热投诉96件，主要为以下三类。

一、室温不达标（41件）。1月寒潮期间部分高层住户室温低于18℃。

原因：①二级管网水力失调，末端楼栋流量不足；②部分住户私自加装暖气片。

措施：①对12个小区管网做水力平衡调节；②对私自加装户逐户上门整改。

二、维修响应慢（30件）。报修后维修人员超过24小时才到场。

原因：维修班组由3个合并为2个，覆盖范围扩大。

措施：恢复3个维修班组，报修4小时内到场。

三、收费争议（25件）。用户反映按建筑面积收费不合理，空置房也照常收费。

原因：空置房报停政策宣传不到位，用户不知道可以申请报停。

措施：通过短信和小区公告宣传报停政策，开通线上报停申请。
""")
    assert [c.problem[:5] for c in report.cases] == ["室温不达标", "维修响应慢", "收费争议"]
    first = report.cases[0]
    assert any("水力失调" in c.text for c in first.causes)
    assert not any("班组" in m.text for m in first.measures)


def test_numbered_complaint_lines_inside_a_measure_section_are_its_measures(tmp_path):
    """投诉1：… under 临时措施 states what was done for complaint 1, not another name for it."""
    (report,) = _extract(tmp_path, """
# 纠正预防措施报告

## 一、投诉情况

投诉1：顾客购买的酸奶到家后发现已过期，同货架另有6组过期酸奶在售。

投诉2：多位顾客投诉电子价签价格与收银结算价格不一致。

## 二、原因分析

投诉1原因：低温柜夜间只有1人检查临期商品，检查遗漏。

投诉2原因：价签基站下发失败的信息未反馈给门店。

## 三、临时措施

投诉1：对顾客赔偿并致歉；全部门店当天进行临期清查，下架过期商品。

投诉2：对顾客退还差价；当天逐一比对两店全部电子价签，修正不一致价签。

## 四、永久措施

投诉1：（1）系统上线临期预警功能，自动推送下架任务；（2）低温柜夜间检查改为两人交叉检查。

投诉2：（1）基站下发失败时自动通知值班经理；（2）开店前价签巡检扩大至全部货架。
""")
    first, second = report.cases
    assert _measures(first) == ["对顾客赔偿并致歉", "全部门店当天进行临期清查，下架过期商品",
                                "系统上线临期预警功能，自动推送下架任务", "低温柜夜间检查改为两人交叉检查"]
    assert len(second.measures) == 4 and _measures(second)[-1] == "开店前价签巡检扩大至全部货架"
    assert not any("临期清查" in alt for alt in first.problem_alt)


def test_a_listed_line_that_joins_two_statements_with_a_semicolon_gives_two(tmp_path):
    (report,) = _extract(tmp_path, """
# 整改报告

## 一、问题描述

门诊抽血等候时间长，高峰期排队平均52分钟。

## 二、原因分析

- 采血窗口高峰期只开放5个，另3名护士在做标本交接；空腹采血患者集中在早晨到达。

## 三、整改措施

- 高峰期采血窗口全部开放，标本交接改由物流专员负责；开通自助预约采血时段，分时段到检。
- 采血等候时间纳入月度质量监测；超标通报。
""")
    (case,) = report.cases
    assert [c.text for c in case.causes] == ["采血窗口高峰期只开放5个，另3名护士在做标本交接",
                                             "空腹采血患者集中在早晨到达"]
    # a part too short to state anything on its own (超标通报) stays with its line
    assert _measures(case) == ["高峰期采血窗口全部开放，标本交接改由物流专员负责", "开通自助预约采血时段，分时段到检",
                               "采血等候时间纳入月度质量监测；超标通报"]


def test_an_investigation_section_names_no_problem(tmp_path):
    (report,) = _extract(tmp_path, """
# CAPA Report 纠正与预防措施报告

## 1. Complaint Description 投诉描述

医院护理部反馈：输液器在输液过程中滴斗下端与PVC管连接处漏液，药液沿管壁滴落。

## 2. Investigation 调查

质量部对退回样品和留样进行检测：退回样品连接处均有气泡冒出，留样中有3套粘接不完整。

## 3. Root Cause 根本原因

（1）滴斗与PVC管粘接靠人工蘸溶剂，部分产品粘接面溶剂不足；

（2）成品密封性检测只抽样，粘接不良的产品未被检出。

## 4. Corrective Actions 纠正措施

（1）滴斗粘接由人工蘸胶改为定量点胶机点胶；

（2）成品密封性检测改为100%在线正压检测。
""")
    (case,) = report.cases
    assert "Investigation" not in case.problem and "漏液" in case.problem
    assert len(case.causes) == 2 and len(case.measures) == 2


def test_lettered_complaints_picked_up_again_under_one_word_sections(tmp_path):
    """经过 / 分析 / 对策 / 结果, each with 问题A：… and 问题B：… lines: the later lines are the
    causes, measures and effect of the complaints the first section states."""
    (report,) = _extract(tmp_path, """
# 关于贵司ERP月结报表错误及系统卡顿问题的说明

赵经理，您好：贵司2月28日反馈的两个问题，我们已完成排查和修复，处理情况说明如下。

## 经过

问题A：2月月结时，存货收发存汇总表中冷冻品仓的期末金额比明细账合计少38,652.40元，财务无法结账。

问题B：2月26日起，每天上午9:00—10:30，销售订单列表页面打开需要15秒以上，部分业务员提交订单时出现请求超时。

## 分析

问题A：2月20日发布的新版本修改了移动加权平均成本的计算逻辑，成本重算时漏取了当日入库金额；该场景未包含在回归测试用例中。

问题B：订单表缺少按客户和日期的组合索引，列表查询全表扫描；该时段与系统自动备份任务重叠，数据库IO占满。

## 对策

问题A：3月1日发布热修复补丁，修正成本计算逻辑；为贵司重新执行2月成本计算；将同日先出后入等成本场景补充进回归测试用例。

问题B：3月4日为订单表增加组合索引；自动备份时间由9:00调整至凌晨2:00。

## 结果

问题A：重算后存货收发存汇总表与明细账一致，贵司已于3月5日完成2月结账。

问题B：3月5日至14日监测，订单列表页面平均响应时间由15.6秒降至1.2秒，未再出现请求超时。
""")
    first, second = report.cases
    assert [c.text for c in first.causes][0].startswith("2月20日发布的新版本修改了移动加权平均成本的计算逻辑")
    assert _measures(second) == ["3月4日为订单表增加组合索引", "自动备份时间由9:00调整至凌晨2:00"]
    assert second.effective is True


def test_causes_and_measures_told_by_topic_give_one_case_a_topic(tmp_path):
    """Two complaints told once, then 塌箱问题的原因：… and 条码扫描不良的原因：…, then 针对塌箱问题，一是…
    and 针对条码扫描不良，一是…: each topic is a case with its own causes and measures."""
    (report,) = _extract(tmp_path, """
# 关于纸箱塌箱及条码扫描不良投诉的整改报告

## 一、投诉情况

5月9日，客户仓库反映我司供应的外箱在堆码6层、存放约10天后，底层纸箱出现侧壁鼓胀、塌箱。

5月21日，客户物流中心反映同规格外箱侧面条码扫描枪无法识读，影响出库效率。

## 二、原因分析

我司质量部对客户退回纸箱进行了检测，塌箱问题的原因：一是进厂的一批箱板纸克重偏低，来料检验未实测克重；二是瓦楞机预热器温度偏低，纸板粘合强度不足。

条码扫描不良的原因：一是印刷机网纹辊部分网穴堵塞，条码边缘出现毛刺；二是印刷工序只做目视首检，未配备条码检测仪。

## 三、整改措施

针对塌箱问题，一是召回更换客户仓库剩余的同批次纸箱；二是来料检验增加克重和含水率实测。

针对条码扫描不良，一是更换印刷机网纹辊并每月清洗；二是购置条码检测仪，首件抽检条码等级。
""")
    collapse, barcode = report.cases
    assert (collapse.problem, barcode.problem) == ("塌箱问题", "条码扫描不良")
    assert [c.text for c in collapse.causes] == ["进厂的一批箱板纸克重偏低，来料检验未实测克重",
                                                 "瓦楞机预热器温度偏低，纸板粘合强度不足"]
    assert _measures(barcode) == ["更换印刷机网纹辊并每月清洗", "购置条码检测仪，首件抽检条码等级"]
    assert not any("进行了检测" in c.text for c in collapse.causes)


def test_a_reply_letter_that_names_each_complaints_causes_in_prose(tmp_path):
    """铰链生锈的原因是：… 滑轨异响的原因是：… then 针对上述问题，我司已落实以下整改：… in a letter
    with no headings: two cases; 上述问题 points back and names none."""
    (report,) = _extract(tmp_path, """
# 关于贵司投诉铰链生锈及滑轨异响问题的回复函

尊敬的某橱柜有限公司品质部：

贵司反映我司3月份交付的铰链存放三周后表面出现锈斑，滑轨装柜后推拉有明显异响。

经我司品质部分析，铰链生锈的原因是：镀镍槽温控器失灵，镀液温度偏低，镍层厚度不足；另外成品包装内未放置防锈纸和干燥剂。滑轨异响的原因是：保持架冲压模具磨损，孔位偏移；同时新员工注油量不足，部分滑轨未涂抹润滑脂。

针对上述问题，我司已落实以下整改：更换镀镍槽温控器，并增加每两小时人工测温记录；铰链成品包装内加放防锈纸和干燥剂；对保持架冲压模具进行修模。
""")
    hinge, slide = report.cases
    assert (hinge.problem, slide.problem) == ("铰链生锈", "滑轨异响")
    assert [c.text for c in slide.causes] == ["保持架冲压模具磨损，孔位偏移", "新员工注油量不足，部分滑轨未涂抹润滑脂"]
    assert "更换镀镍槽温控器，并增加每两小时人工测温记录" in _measures(hinge)


def test_numbered_complaints_under_a_section_named_for_complaints_and_their_fixes(tmp_path):
    """一、典型投诉及整改情况 names complaints as well as measures: its numbered paragraphs with their
    own 原因： and 措施： are complaints, not measures."""
    (report,) = _extract(tmp_path, """
# 2024年第二季度患者投诉处理工作总结

## 一、典型投诉及整改情况

1、门诊患者反映心内科专家号一号难求，网上预约放号即满（共9件）。

原因：部分号源被号贩子利用抢号软件占用；现场放号时间不固定。

措施：①网上预约改为实名制；②现场号固定于每日7:30放号。

2、住院患者家属投诉夜间按呼叫铃后15分钟无人应答（共4件）。

原因：夜班护士人手不足，呼叫铃主机设在护士站。

措施：①夜班增加1名辅助护士；②呼叫系统升级为护士随身腕表提醒。
""")
    assert len(report.cases) == 2
    first, second = report.cases
    assert "专家号" in first.problem and "呼叫铃" in second.problem
    assert _measures(first) == ["网上预约改为实名制", "现场号固定于每日7:30放号"]


def test_a_problem_statement_section_names_a_report_of_one_complaint(tmp_path):
    """The background says 用户集中投诉宽带质量问题; the 问题描述 section states the problem itself."""
    (report,) = _extract(tmp_path, """
# 东湖花园小区宽带晚高峰掉线投诉整改报告

## 1. Background 背景

2024年7月，东湖花园小区用户通过10000号集中投诉宽带质量问题，全月报障26件。

## 2. Problem Statement 问题描述

晚高峰时段宽带频繁掉线，实际速率远低于签约速率。现场抽测12户，晚高峰丢包率4%～11%。

## 3. Root Cause 原因分析

- 单PON口下挂用户达305户，晚高峰上联带宽利用率超过95%；
- 装维人员处理报障时只重启光猫，未测量光功率。

## 4. Actions 整改措施

- 东湖OLT-02扩容，新增2个PON口；
- 报障处理须测量并记录光功率。
""")
    (case,) = report.cases
    assert case.problem == "晚高峰时段宽带频繁掉线，实际速率远低于签约速率"


def test_an_8d_with_english_step_headings_reads_each_step_in_its_role(tmp_path):
    """D3 Interim Containment Actions, D4 Root Cause Analysis, D7 Prevent Recurrence: the standard
    English step names, after their step codes, name the same roles as their Chinese ones."""
    reports = _extract(tmp_path, """
# 8D Report：KX-9 电动牙刷充电座不充电

## D1 Team Formation

质量部 王工（组长）

## D2 Problem Description

客户投诉KX-9充电座插电后指示灯不亮，牙刷无法充电，3月退货64台。

## D3 Interim Containment Actions

1. 库存2,300台充电座全部通电复检。

## D4 Root Cause Analysis

1. 线圈焊点虚焊，冷热循环后开路。

2. 出货测试只测空载电压，未测带载充电电流。

## D5 Permanent Corrective Actions

1. 焊接温度由320℃调整为350℃，焊点100%目检。

## D7 Prevent Recurrence

1. 出货测试增加带载充电电流测试。

## D8 Closure

4月28日关闭。
""")
    (case,) = [c for r in reports for c in r.cases]
    assert [c.text for c in case.causes] == ["线圈焊点虚焊，冷热循环后开路", "出货测试只测空载电压，未测带载充电电流"]
    assert _measures(case) == ["库存2,300台充电座全部通电复检", "焊接温度由320℃调整为350℃，焊点100%目检",
                               "出货测试增加带载充电电流测试"]


def test_a_table_that_names_only_measures_lists_the_reports_measures(tmp_path):
    """A CAPA form's action table (序号 | 措施内容 | 类型 | 责任部门) after its description and causes:
    each row is a measure of the report's complaint, though no measure heading precedes it."""
    reports = _extract(tmp_path, """
# 纠正和预防措施报告

| 项目 | 内容 |
|---|---|
| 来源 | 客户投诉 |
| 问题描述 | 客户反映维生素C片瓶内干燥剂包破裂，药片表面沾有白色颗粒。 |
| 根本原因 | 干燥剂包封口温度偏低，运输振动后封口开裂。 |

| 序号 | 措施内容 | 类型 | 责任部门 |
|---|---|---|---|
| 1 | 库存同批次产品全部开瓶检查并更换干燥剂包 | 纠正 | 质量部 |
| 2 | 干燥剂包封口温度由150℃调整为170℃，每班做封口拉力测试 | 纠正措施 | 生产部 |
| 3 | 干燥剂供应商来料每批抽检封口强度 | 预防措施 | 采购部 |
""")
    (case,) = [c for r in reports for c in r.cases]
    assert _measures(case) == ["库存同批次产品全部开瓶检查并更换干燥剂包",
                               "干燥剂包封口温度由150℃调整为170℃，每班做封口拉力测试",
                               "干燥剂供应商来料每批抽检封口强度"]


def test_answers_to_audit_findings_give_a_case_per_finding(tmp_path):
    """不符合项 | 原因 | 纠正措施: each nonconformity a customer's auditor found is a case."""
    reports = _extract(tmp_path, "# 二方审核不符合项整改回复\n\n"
                       "| 序号 | 不符合项 | 原因 | 纠正措施 |\n|---|---|---|---|\n"
                       "| 1 | 注塑车间首件检验记录缺失，抽查3个批次均无记录 | 首件检验由班长口头确认，未规定填写记录 "
                       "| 制定首件检验记录表，每批首件签字存档 |\n"
                       "| 2 | 不合格品区未隔离，与合格品混放 | 车间未划分不合格品区域 "
                       "| 设置带锁不合格品隔离区并标识 |\n")
    cases = [c for r in reports for c in r.cases]
    assert [c.problem for c in cases] == ["注塑车间首件检验记录缺失，抽查3个批次均无记录",
                                          "不合格品区未隔离，与合格品混放"]
    assert [_measures(c) for c in cases] == [["制定首件检验记录表，每批首件签字存档"], ["设置带锁不合格品隔离区并标识"]]


def test_a_heading_numbered_like_a_complaint_is_one_though_its_causes_run_in_prose(tmp_path):
    """一、X的问题 with 经查…原因有二：一是… in prose, beside 二、Y的问题 whose 整改措施： label makes it
    a complaint: the writer numbered both as complaints, so both are cases."""
    reports = _extract(tmp_path, """
# 关于营业厅投诉问题整改情况的报告

市通信管理局：

## 一、营业厅办理携号转网等候时间长的问题

经查，原因有二：一是办理窗口只开设2个，周末客流集中；二是系统校验环节需人工复核，单笔耗时约25分钟。对此，我厅一是将办理窗口增至4个；二是上线自动校验功能，单笔耗时降至8分钟。

## 二、宽带报修上门不及时的问题

经查，装维人员按片区固定派单，片区之间忙闲不均。

整改措施：派单系统改为按装维人员实时位置就近派单，超时未上门自动升级提醒。

特此报告。
""")
    problems = [c.problem for r in reports for c in r.cases]
    assert len(problems) == 2 and "携号转网等候时间长" in problems[0] and "宽带报修上门不及时" in problems[1]


def test_numbered_items_that_file_detail_under_a_defect_label_are_one_case_each(tmp_path):
    """(1) 缝线跳针：… followed by 原因：/措施： under a 不良概况 section: each label names a defect and
    opens its case; 不良概况 names the section, and the 批次处置 section after it is no complaint."""
    reports = _extract(tmp_path, """
# 退货不良品处理报告

## 一、不良概况

客户退回背包共2,000只，复检结果如下：

(1) 缝线跳针：肩带与包身连接处跳针，共96只。

原因：缝纫机针距调节旋钮松动，换线后未复核针距。

措施：旋钮加装锁紧螺母；换线后首件检查针距并记录。

(2) 拉链头脱落：拉链头受力后从链牙脱出，共41只。

原因：拉链供应商更换模具后拉头内腔尺寸偏大。

措施：要求供应商恢复原模具；来料每批抽检拉头拉脱力。

## 二、批次处置

合格品1,863只重新包装补发；不良品137只返修后由客户复检。
""")
    cases = [c for r in reports for c in r.cases]
    assert [c.problem for c in cases] == ["缝线跳针", "拉链头脱落"]
    assert [c.causes[0].text for c in cases] == ["缝纫机针距调节旋钮松动，换线后未复核针距",
                                                 "拉链供应商更换模具后拉头内腔尺寸偏大"]
    assert "要求供应商恢复原模具" in " ".join(_measures(cases[1]))


def test_labels_that_count_rounds_of_analysis_name_no_complaint(tmp_path):
    """第一轮：/第二轮： under 分析 and 对策 say when each was done, not which complaint: one case."""
    reports = _extract(tmp_path, """
# 白乳胶粘度偏低客诉改善报告

## 经过

2024年3月，客户投诉我司白乳胶（20 kg/桶）粘度偏低，施胶后木板开胶。

## 分析

第一轮（3月）：怀疑运输途中受冻，判断为储运问题。

第二轮（5月）：客户再次投诉，重新排查发现聚乙烯醇原料批次含水率偏高，投料量按湿重计算导致有效成分不足。

## 对策

第一轮：冬季发货加保温棉被。

第二轮：聚乙烯醇投料前测含水率并按干重折算；每批成品出厂前测粘度。

## 结果

第二轮对策实施后连续4个月无同类投诉。
""")
    cases = [c for r in reports for c in r.cases]
    assert len(cases) == 1 and "粘度偏低" in cases[0].problem
    assert len(cases[0].measures) >= 3


def test_a_notices_decisions_and_rectification_requirements_are_its_measures(tmp_path):
    """处理决定 (penalties) and 整改要求 in a 通报批评 are what was done about the complaint."""
    reports = _extract(tmp_path, """
# 关于客服中心坐席人员辱骂用户的通报批评

2024年6月，用户投诉客服坐席在通话中辱骂用户，录音属实。

## 原因分析

坐席人员情绪管理培训缺失，高峰时段连续接听超过4小时未轮休。

## 处理决定

给予坐席人员张某记过处分，调离坐席岗位。

## 整改要求

客服中心高峰时段坐席每2小时轮休15分钟；每月开展一次情绪管理培训。
""")
    (case,) = [c for r in reports for c in r.cases]
    measures = " ".join(_measures(case))
    assert "记过处分" in measures and "轮休" in measures
    assert not any("记过" in c.text or "每2小时轮休" in c.text for c in case.causes)


def test_an_incident_report_names_its_problem_without_the_date_tag_and_reads_its_sections(tmp_path):
    """“3·08”X事件 tags the incident by its date; 暴露问题 lists causes; 立即措施 and 长效措施 are two
    kinds of measures, not two complaints; 责任追究 is what was done too."""
    reports = _extract(tmp_path, """
# 关于“3·08”婴儿车托运损坏服务质量事件的调查报告

## 事件经过

3月8日，旅客托运的婴儿车在到达后发现车架断裂，旅客现场投诉。

## 暴露问题

1、装卸人员未按易损行李要求单独装舱；
2、易损行李未粘贴醒目标识。

## 整改措施

立即措施：

1、向旅客致歉并按价赔偿婴儿车。

长效措施：

1、婴儿车等易损行李统一使用专用标签并单独装舱；
2、每月抽查装卸作业视频。

## 责任追究

1、当班装卸组长扣罚当月绩效800元。
""")
    (case,) = [c for r in reports for c in r.cases]
    assert case.problem == "婴儿车托运损坏"
    assert [c.text for c in case.causes] == ["装卸人员未按易损行李要求单独装舱", "易损行李未粘贴醒目标识"]
    measures = " ".join(_measures(case))
    assert "按价赔偿" in measures and "专用标签" in measures and "扣罚" in measures


def test_minutes_are_named_by_their_subject_line_which_is_no_cause_section(tmp_path):
    """会议主题：X客诉分析 says what the meeting was about: it names the complaint of minutes whose
    title is only 会议纪要, and its trailing 分析 opens no cause section."""
    reports = _extract(tmp_path, """
# 客诉专题会议纪要

会议主题：YT-30电动牙刷刷头断裂客诉分析

时间：2024年5月6日　　主持：品质部经理

## 原因分析

刷头注塑时保压不足，刷柄连接处有缩孔。

## 会议决定

1、注塑保压时间由2秒调整为3.5秒；
2、刷头连接处增加拉力抽检。
""")
    (case,) = [c for r in reports for c in r.cases]
    assert case.problem == "YT-30电动牙刷刷头断裂"
    assert [c.text for c in case.causes] == ["刷头注塑时保压不足，刷柄连接处有缩孔"]
    assert len(case.measures) == 2


def test_a_measures_paragraph_aimed_at_this_incident_and_a_signature_line_name_no_complaints(tmp_path):
    """针对此次事故，… points the measures at the report's one complaint; 编写：X 审核：Y signs it."""
    reports = _extract(tmp_path, """
# 关于纸箱印刷色差的质量事故分析报告

## 事故经过

客户验货发现纸箱印刷色差，整批2,000只拒收。

## 原因分析

换版后未做首件色样比对。

## 整改措施

针对此次事故，公司决定：一是整批重新印刷；二是换版后首件与标准色样比对并签字。

编写：李明　　审核：王强
""")
    (case,) = [c for r in reports for c in r.cases]
    assert "纸箱印刷色差" in case.problem
    assert len(case.measures) == 2


def test_a_bilingual_heading_longer_than_a_heading_is_read_by_its_chinese():
    """A bold 效果确认 Effectiveness Verification heads an effect section though the line runs past 30
    characters; a Chinese statement as long is no heading."""
    from minerva.extractors.layout import classify

    def line(text):
        return classify(minerva.Block("paragraph", text, minerva.SourceRef("x.docx", paragraph=1), bold=True))

    assert line("效果确认 Effectiveness Verification").role == "effect"
    assert line("纠正措施 Corrective and Preventive Actions").role == "measure"
    assert line("措施实施后连续跟踪三个月生产的批次全部合格客户未再投诉措施有效").role is None


def test_a_forms_reply_part_and_an_audit_findings_answers(tmp_path):
    """供应商回复栏 holds the supplier's causes and measures but names no complaint; each audit finding
    (不符合项1（严重）：X) is answered by 原因：/纠正：/预防： lines, and 纠正/预防 are measures."""
    reports = _extract(tmp_path, """
# 客户审核不符合项整改报告

## 不符合项1（严重）：冲压车间安全光栅失效

原因：光栅控制器接线松动，点检表未列入光栅功能测试。

纠正：当日紧固接线并测试合格。

预防：光栅功能测试纳入每班开机点检。

## 不符合项2：量具校准超期

原因：计量台账未设到期提醒。

纠正：送检全部超期量具。

预防：台账在ERP中设置到期前30天提醒。
""")
    cases = [c for r in reports for c in r.cases]
    assert [c.problem for c in cases] == ["冲压车间安全光栅失效", "量具校准超期"]
    assert [len(c.measures) for c in cases] == [2, 2]

    reports = _extract(tmp_path, """
# 品质异常联络单

| 项目 | 内容 |
|---|---|
| 异常描述 | 来料抽检发现瓶盖螺纹毛刺12只 |

## 供应商回复栏

### 原因分析

修边刀片磨损未及时更换。

### 临时对策

库存瓶盖全检挑选。

### 长期对策

修边刀片每班点检，磨损超限即更换。
""", name="form.md")
    cases = [c for r in reports for c in r.cases]
    assert len(cases) == 1 and "供应商回复栏" not in cases[0].problem


def test_an_english_labelled_reply_and_index_labels_that_look_like_sections():
    """Problem：… states the complaint and Actions taken heads the measures of an e-mail answered in
    English labels; Issue 1 and Problem A index complaints, they open no facts section."""
    from minerva.extractors.layout import role_of

    assert role_of("Actions taken")[0] == "measure"
    assert role_of("Problem")[0] == "facts"
    assert [role_of(t)[0] for t in ("Issue 1", "Problem A", "问题二")] == [None, None, None]


def test_an_english_labelled_e_mail_gives_its_case(tmp_path):
    reports = _extract(tmp_path, """
RE: Complaint CN-0815 — connector pins bent / 端子弯针

Dear Mr. Lee,

Problem：贵司 IQC 抽检时发现 lot 240701 的连接器端子弯曲，抽检 315 pcs 中 9 pcs 不良。

Root cause：

- 插针机导向块磨损，插针时端子受力偏斜。

Actions taken

- 已更换导向块，并每班点检。
- 出货前增加端子共面度全检。

Best regards,
""", name="mail.md")
    (case,) = [c for r in reports for c in r.cases]
    assert "端子弯曲" in case.problem
    assert len(case.measures) == 2


def test_an_8d_in_prose_with_run_in_step_labels(tmp_path):
    """D3 临时措施：①…②… runs the step's content in after its name: the content is the step's, and
    the step is no complaint of its own."""
    reports = _extract(tmp_path, """
# 8D报告——尾灯灯罩裂纹

D2 问题描述：客户反馈装车后尾灯灯罩边缘出现裂纹，共15件。

D3 临时措施：①冻结库存成品800件逐件检查；②客户线边库存派员挑选。

D4 根本原因：灯罩注塑后退火时间不足，内应力大。

D5 永久措施：退火时间由2小时延长至4小时；每批做应力开裂试验。

D7 预防再发生：修订注塑作业指导书，退火参数纳入首件确认。
""")
    (case,) = [c for r in reports for c in r.cases]
    assert "灯罩边缘出现裂纹" in case.problem
    assert case.causes[0].text == "灯罩注塑后退火时间不足，内应力大"
    assert len(case.measures) >= 4


def test_minutes_whose_circled_items_each_state_a_complaint_with_its_own_lines(tmp_path):
    """①客户反馈X。 followed by 原因：/措施：/责任： is one complaint each; 责任：… names who, it is no
    measure; a section that gathers cases (典型投诉案例) names none itself."""
    reports = _extract(tmp_path, """
# 客诉评审会会议纪要

## 会议内容

①经销商反馈A型台灯灯头松动，共8台。

原因：灯头螺母扭力不足。

措施：螺母改用扭力枪紧固并抽检扭力。

责任：装配车间，1月20日前完成。

②客户反馈B型台灯开关接触不良，共5台。

原因：开关弹片镀层偏薄。

措施：要求供应商加厚镀层，来料抽检接触电阻。

责任：采购部，1月25日前完成。
""")
    cases = [c for r in reports for c in r.cases]
    assert len(cases) == 2 and "灯头松动" in cases[0].problem and "开关接触不良" in cases[1].problem
    assert not any("装配车间" in m.text for c in cases for m in c.measures)

    reports = _extract(tmp_path, """
# 二季度服务质量报告

## 典型投诉案例

### 案例一：空调不制冷

原因：外机冷媒泄漏。

处理：上门补漏加氟。

### 案例二：安装师傅迟到

原因：派单路线不合理。

处理：按距离就近派单。
""", name="cases.md")
    assert [c.problem for r in reports for c in r.cases] == ["空调不制冷", "安装师傅迟到"]


def test_a_cover_letter_with_an_8d_attached_is_one_report_of_one_complaint(tmp_path):
    """附件：8D报告 attaches the 8D, it names no complaint; 问题描述 that files its figures under the defect
    (X：复测…) is named by the defect."""
    reports = _extract(tmp_path, """
# 关于轴承座开裂投诉的整改报告

贵司来函反映我司供应的轴承座开裂，我司已完成分析，详见附件。

## 附件：8D报告（编号8D-2405-01）

### 问题描述

轴承座安装孔边缘开裂：贵司退回样件12件，裂纹均起于安装孔倒角处。

### 原因分析

安装孔倒角漏加工，应力集中。

### 纠正措施

倒角工序增加防漏检测；库存件全检。
""")
    (case,) = [c for r in reports for c in r.cases]
    assert case.problem == "轴承座安装孔边缘开裂"
    assert len(case.measures) == 2


FORM_BY_PROBLEM = [
    "客诉回复单",
    "客户投诉内容",
    "问题1：外壳表面缩痕，客户来料检验退回120件；",
    "问题2：按键按下后卡滞不回弹，共18件。",
    "原因分析",
    "问题1 外壳缩痕：",
    "①保压时间设定为2秒，短于工艺要求的4秒；",
    "②模温机水路结垢，模温偏低。",
    "问题2 按键卡滞：",
    "①按键导柱拔模斜度不足，与面壳孔配合过紧。",
    "永久对策",
    "问题1：",
    "①保压时间恢复为4秒并锁定参数；",
    "②模温机水路每月除垢一次。",
    "问题2：",
    "①修模加大导柱拔模斜度至1度。",
]


def test_problem_labels_inside_a_cause_section_keep_their_causes_and_bare_labels_point_back(tmp_path):
    """问题1 X： under 原因分析 heads the causes of problem one; a bare 问题1： under 永久对策 points at it."""
    (report,) = minerva.extract(word_paragraphs(tmp_path / "form.docx", FORM_BY_PROBLEM))
    assert len(report.cases) == 2 and all(c.problem for c in report.cases)
    shrink, key = report.cases
    assert [c.text for c in shrink.causes] == ["保压时间设定为2秒，短于工艺要求的4秒", "模温机水路结垢，模温偏低"]
    assert [m.text for m in shrink.measures] == ["保压时间恢复为4秒并锁定参数", "模温机水路每月除垢一次"]
    assert [c.text for c in key.causes] == ["按键导柱拔模斜度不足，与面壳孔配合过紧"]
    assert [m.text for m in key.measures] == ["修模加大导柱拔模斜度至1度"]


LAUNDRY = """
# 关于门店投诉的内部整改报告

## 一、投诉一：洗衣后羊绒大衣缩水

10月3日，客户赵女士送洗的羊绒大衣取回后明显缩水，袖长短了约4cm。

| 序号 | 原因分析 | 整改措施 | 责任人 |
|---|---|---|---|
| 1 | 收衣员未核对洗涤标签，将只可干洗的大衣按水洗分拣 | 收衣时逐件拍照记录洗涤标签，系统按标签自动分拣 | 门店 李娜 |
| 2 | 水洗机温度设定为40℃，高于羊毛制品允许的30℃ | 羊毛类衣物单独设立洗涤程序，温度上限锁定30℃ | 工厂 王刚 |

## 二、投诉二：取衣等待时间长

10月9日，客户反映取衣时排队40分钟。

| 序号 | 原因分析 | 整改措施 | 责任人 |
|---|---|---|---|
| 1 | 晚高峰只安排一名店员，衣物按送洗日期堆放，查找慢 | 晚高峰增派一名店员，衣物按取衣码上架 | 店长 |

## 三、共性整改

组织全体店员进行服务规范培训。

洁雅洗衣服务有限公司

2024年10月20日
"""


def test_a_cause_and_measure_table_under_a_complaint_heading_is_that_complaints(tmp_path):
    """序号 | 原因分析 | 整改措施 under 投诉一：X names no problem column: its rows are X's causes and
    measures; 共性整改 gives its measure to both complaints and is no complaint of its own."""
    (report,) = _extract(tmp_path, LAUNDRY)
    assert [c.problem for c in report.cases] == ["洗衣后羊绒大衣缩水", "取衣等待时间长"]
    coat, queue = report.cases
    assert [c.text for c in coat.causes] == ["收衣员未核对洗涤标签，将只可干洗的大衣按水洗分拣",
                                             "水洗机温度设定为40℃，高于羊毛制品允许的30℃"]
    assert _measures(coat) == ["收衣时逐件拍照记录洗涤标签，系统按标签自动分拣",
                               "羊毛类衣物单独设立洗涤程序，温度上限锁定30℃", "组织全体店员进行服务规范培训"]
    assert [c.text for c in queue.causes] == ["晚高峰只安排一名店员，衣物按送洗日期堆放，查找慢"]
    assert _measures(queue) == ["晚高峰增派一名店员，衣物按取衣码上架", "组织全体店员进行服务规范培训"]


KETTLES = """
# 供应商质量改善报告

## 一、问题描述

| 序号 | 问题 | 投诉数量 |
|---|---|---|
| 1 | 壶盖按键卡死 | 12起 |
| 2 | 底座接触不良 | 5起 |

## 二、原因分析

### （一）壶盖按键卡死

1. 按键弹簧线径由0.8mm改为0.7mm，弹力不足，按下后不能回位；
2. 按键导槽注塑飞边未修除，按键运动受阻。

### （二）底座接触不良

1. 底座弹片镀层厚度不足，使用后氧化，接触电阻增大。

## 三、改善措施

| 问题 | 改善措施 | 责任人 |
|---|---|---|
| 壶盖按键卡死 | 弹簧恢复0.8mm线径，来料每批测弹力 | 采购 |
| 底座接触不良 | 弹片镀层厚度纳入来料检验，每批抽检5件 | 品质 |
| 共性措施 | 两项问题纳入出货检验必检项目 | 品质 |

顺德佳美电器有限公司

2024年6月3日
"""


def test_cause_sub_headings_beside_a_measure_table_go_to_the_rows_they_name(tmp_path):
    """A problem table, causes under sub-headings that name each problem, and a measure table with a
    problem column: the table rows are the cases, and the sections' causes are theirs."""
    (report,) = _extract(tmp_path, KETTLES)
    assert [c.problem for c in report.cases] == ["壶盖按键卡死", "底座接触不良"]
    lid, base = report.cases
    assert [c.text for c in lid.causes] == ["按键弹簧线径由0.8mm改为0.7mm，弹力不足，按下后不能回位",
                                            "按键导槽注塑飞边未修除，按键运动受阻"]
    assert [c.text for c in base.causes] == ["底座弹片镀层厚度不足，使用后氧化，接触电阻增大"]
    assert _measures(lid) == ["弹簧恢复0.8mm线径，来料每批测弹力", "两项问题纳入出货检验必检项目"]
    assert _measures(base) == ["弹片镀层厚度纳入来料检验，每批抽检5件", "两项问题纳入出货检验必检项目"]


EIGHT_D = """
# 8D报告——电源适配器外壳卡扣断裂

## D2 问题描述

2024年3月5日，客户在整机跌落测试中发现适配器外壳卡扣断裂，批次共抽检50台，断裂6台。

问题定义：适配器外壳卡扣断裂，跌落后外壳分离。

## D4 根本原因

| 类别 | 原因 | 验证方式 | 结论 |
|---|---|---|---|
| 发生原因 | 注塑保压时间由4秒缩短为2秒，卡扣根部强度不足 | 试模对比 | 主因 |
| 流出原因 | 出货检验只看外观，未做卡扣拉脱力测试 | 流程审查 | 确认 |

## D5 永久纠正措施

1. 保压时间恢复为4秒并锁定工艺参数；
2. 出货检验增加卡扣拉脱力测试，每批抽检10台。

深圳恒通电源有限公司

2024年3月20日
"""


def test_an_8d_whose_cause_table_sorts_causes_by_kind_stays_one_complaint_named_as_defined(tmp_path):
    """A D4 table 类别 | 原因 | 验证方式 | 结论 lists causes, it is no register of complaints; the
    problem is what 问题定义： says, not the sentence that tells who found it."""
    (report,) = _extract(tmp_path, EIGHT_D)
    (case,) = report.cases
    assert case.problem == "适配器外壳卡扣断裂，跌落后外壳分离"
    assert [c.text for c in case.causes] == ["注塑保压时间由4秒缩短为2秒，卡扣根部强度不足",
                                             "出货检验只看外观，未做卡扣拉脱力测试"]
    assert _measures(case) == ["保压时间恢复为4秒并锁定工艺参数", "出货检验增加卡扣拉脱力测试，每批抽检10台"]


MONTHLY = """
# 2024年10月客户投诉处理情况报告

## 一、投诉一：快递包裹外箱破损

10月5日客户反映收到的电饭煲外箱压塌。

原因：外箱为三层瓦楞纸箱，堆码超过6层后底层受压变形。

整改措施：

1. 外箱改为五层瓦楞纸箱；（责任：包装组 刘伟）
2. 仓库堆码不超过4层。

## 二、措施验证

11月共发出包裹3,200件，未再收到外箱破损投诉。

## 三、第四季度工作重点

1. 完成仓库消防设施年度检测；
2. 做好年底促销期间的发货保障。

特此报告。

客服热线：400-800-1234

华南家电物流有限公司

2024年11月30日
"""


def test_what_closes_a_report_is_no_measure(tmp_path):
    """措施验证 says how the measures went; a next-quarter plan, 特此报告, a phone number and an owner
    split off by its own semicolon are no measures of the complaint."""
    (report,) = _extract(tmp_path, MONTHLY)
    (case,) = report.cases
    assert _measures(case) == ["外箱改为五层瓦楞纸箱", "仓库堆码不超过4层"]
    assert "未再收到外箱破损投诉" in (case.effect or "")


NOTICE = """
# 关于读者意见办理情况的公告

## （一）自习座位被物品长期占用

多名读者反映，自习区开馆不久即被书本、水杯占满，实际就座人数不足一半。经核查，自习区实行先到先坐、不限时使用的管理方式，离座读者可以留下物品长期占座。

改进措施：

- 自习区启用预约选座系统；
- 暂离座位超过30分钟的，座位自动释放。

## （二）饮水机热水不足

读者反映饮水机下午经常没有热水。

改进措施：

- 增设一台开水器。

市图书馆

2024年11月
"""


def test_a_finding_told_after_the_complaint_in_its_paragraph_is_the_cause(tmp_path):
    """读者反映X。经核查，Y: the description, then the cause, without the words that announce it."""
    (report,) = _extract(tmp_path, NOTICE)
    seats, water = report.cases
    assert seats.problem == "自习座位被物品长期占用"
    assert [c.text for c in seats.causes] == ["自习区实行先到先坐、不限时使用的管理方式，离座读者可以留下物品长期占座"]
    assert not water.causes


def test_a_measure_cell_that_lists_two_lines_gives_two_measures(tmp_path):
    """In a cause | measure table under a complaint, a cell written as two lines holds two measures."""
    import docx

    document = docx.Document()
    document.add_heading("投诉一：冰箱门封条脱落", level=2)
    document.add_paragraph("客户反映冰箱使用两个月后门封条脱落。")
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["序号", "原因分析", "整改措施"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["1", "门封条卡槽注塑尺寸偏大，封条卡合不紧",
                              "修模将卡槽宽度减小0.2mm\n门封条装配后增加拉脱力抽检"]):
        table.cell(1, c).text = text
    document.add_paragraph("顺德华凌冰箱有限公司")
    path = tmp_path / "fridge.docx"
    document.save(path)
    (report,) = minerva.extract(path)
    (case,) = report.cases
    assert [c.text for c in case.causes] == ["门封条卡槽注塑尺寸偏大，封条卡合不紧"]
    assert _measures(case) == ["修模将卡槽宽度减小0.2mm", "门封条装配后增加拉脱力抽检"]


def test_a_key_value_form_whose_metadata_rows_outnumber_its_sections_is_read_as_sections(tmp_path):
    """A work-order form (项目 | 内容) has more rows of metadata than of sections; its 投诉内容, 原因
    and 处理措施 rows are still its sections, and the rows after the measures (家长意见, 回访记录) are
    rows of their own, not measures or complaints; 投诉时间/渠道 names no complaint."""
    import docx

    rows = [
        ("项目", "内容"), ("记录编号", "KS-2024-0311"), ("投诉人", "住户 刘先生"),
        ("投诉时间/渠道", "2024年3月11日 / 物业热线"),
        ("投诉内容", "小区地下车库照明灯大面积不亮，夜间停车看不清车位。"),
        ("受理人", "客服 赵敏"),
        ("原因调查", "车库照明回路漏电保护器老化跳闸，值班电工巡查时未发现。"),
        ("处理措施", "1、3月12日更换漏电保护器并恢复照明；2、电工每日22点巡查车库照明并登记。"),
        ("住户意见", "对处理结果表示认可，不再追究"),
        ("回访记录", "3月20日电话回访，住户表示照明已恢复，对处理结果满意。"),
        ("回访人", "客服 赵敏"),
    ]
    document = docx.Document()
    document.add_paragraph("物业客户投诉处理记录表")
    table = document.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "form.docx"
    document.save(path)
    (report,) = minerva.extract(path)
    (case,) = report.cases
    assert case.problem.startswith("小区地下车库照明灯大面积不亮")
    assert [c.text for c in case.causes] == ["车库照明回路漏电保护器老化跳闸，值班电工巡查时未发现"]
    assert _measures(case) == ["3月12日更换漏电保护器并恢复照明", "电工每日22点巡查车库照明并登记"]
    sections = [b.text for b in unroll_table(minerva.read_document(path).blocks[1]) if b.kind == "heading"]
    assert sections == ["投诉内容", "原因调查", "处理措施", "住户意见", "回访记录"]  # 回访人 | 客服 赵敏 is a field


ROSTER = """
# 客户投诉整改报告

## 一、投诉情况

8月3日，客户投诉电梯维保后轿厢门开关时异响。

## 二、原因分析

维保人员更换门机皮带后未调整张紧度。

## 三、整改措施

1. 重新调整门机皮带张紧度；
2. 维保作业完成后增加开关门试运行检查。

## 四、值班安排

1. 国庆期间每日安排两名维保人员值守；
2. 值班表报物业服务中心备案。

安达电梯工程有限公司

2024年9月20日
"""


def test_a_section_after_the_measures_that_names_no_role_is_no_part_of_them(tmp_path):
    """四、值班安排 stands like 三、整改措施 and names no role: its items are no measures of the complaint."""
    (report,) = _extract(tmp_path, ROSTER)
    (case,) = report.cases
    assert _measures(case) == ["重新调整门机皮带张紧度", "维保作业完成后增加开关门试运行检查"]


TWO_ITEMS = """
# 关于门店客诉的整改报告

## 一、投诉情况

本月本店收到2起客诉：

（一）蛋糕送达时奶油塌陷。5月3日，顾客李女士订购的生日蛋糕送达时奶油明显塌陷，顾客拒收。

（二）外卖订单漏送饮品。5月9日，顾客王先生的订单少送一杯奶茶，门店未主动联系补送。

## 二、原因分析

1. 配送箱未配置冰袋，午后气温高，奶油在途中融化；
2. 打包员未按订单逐项核对，饮品放在另一个出餐口被遗漏。

## 三、整改措施

1. 蛋糕配送一律放置冰袋并使用保温箱；
2. 打包台张贴核对清单，打包员逐项勾选后封袋。

甜心烘焙连锁有限公司

2024年5月20日
"""


def test_items_after_a_line_that_counts_the_complaints_are_the_complaints(tmp_path):
    """本月本店收到2起客诉： only counts; the numbered items after it name the complaints, each by its
    first sentence."""
    (report,) = _extract(tmp_path, TWO_ITEMS)
    assert [c.problem for c in report.cases] == ["蛋糕送达时奶油塌陷", "外卖订单漏送饮品"]



def test_a_letter_answers_each_complaint_under_a_heading_about_it(tmp_path):
    """A reply letter (dev15's d15-b02) answers two complaints under 一、关于X的问题 / 二、关于Y的问题,
    each in prose that no heading below names as cause or measure: one complaint each."""
    import shutil

    from tests.builders import rendered

    source = tmp_path / "src"
    source.mkdir()
    for name in ("d15-b02.src.md", "d15-b02.gold.json"):
        shutil.copy(DATA / "dev15" / name, source / name)
    (tmp_path / "out").mkdir()
    out = rendered(source, tmp_path / "out")
    (report,) = minerva.extract(out / "d15-b02.docx")
    assert len(report.cases) == 2
    fee, wait = report.cases
    assert "收费高于术前报价" in fee.problem and "候诊时间过长" in wait.problem


MINUTES_ACCOUNT = """
# 服务质量例会会议纪要

会议时间：2024年12月2日

一、议题一：索道候车排队时间过长

客服部通报：周六上午索道下站排队最长达70分钟，收到投诉11件。

运营部王刚说明：周末只开了两条检票通道，团队游客与散客混排，检票速度慢。

会议决定：

①周末及节假日开放全部四条检票通道；

②设立团队专用通道。

云岭山旅游开发有限公司

2024年12月2日
"""


def test_a_departments_account_under_a_complaint_in_minutes_is_its_cause(tmp_path):
    """运营部王刚说明：… under 议题一 says why, though 说明 alone would name a notes section."""
    (report,) = _extract(tmp_path, MINUTES_ACCOUNT)
    (case,) = report.cases
    assert "两条检票通道" in " ".join(c.text for c in case.causes)
    assert _measures(case) == ["周末及节假日开放全部四条检票通道", "设立团队专用通道"]


def test_the_last_complaint_listed_under_a_section_does_not_own_the_next_sections(tmp_path):
    """③ 多名学生反映刷卡机余额不同步 is the last item listed under 一、学生反映集中的问题; 二、原因分析 and
    三、整改措施 after it are the report's sections, not parts of that item."""
    from minerva.extractors.layout import lines_of

    path = tmp_path / "minutes.md"
    path.write_text("\n\n".join([
        "# 2024年第三季度服务质量例会纪要", "## 一、学生反映集中的问题", "① 第一餐厅饭菜中出现头发；",
        "② 晚餐高峰排队时间过长；", "③ 多名学生反映刷卡机余额不同步。", "## 二、原因分析",
        "1. 临时工未按规定佩戴发网。", "## 三、整改措施", "1. 后厨人员必须佩戴发网。"]) + "\n", encoding="utf-8")
    item = next(ln for ln in lines_of(minerva.read_document(path)) if "刷卡机" in ln.text)
    assert not item.opens_problem
