"""Tracking sheets whose headers name their columns in words no vocabulary holds: the columns'
roles come from what their cells say (minerva/extractors/registers.py, ``content_roles``)."""

from __future__ import annotations

from pathlib import Path

import docx

import minerva
from minerva.extractors.registers import content_roles
from tests.builders import rendered

SHEET = [
    ("序号", "客户原声", "症结定位", "纠偏动作", "闭环判定"),
    ("1", "微波炉门关不严，加热时有蒸汽漏出", "门钩弹簧来料弹力不足，IQC未做弹力测试",
     "1、更换弹簧供应商；\n2、IQC增加弹力抽检，每批5件", "已闭环，10月未再发生"),
    ("2", "烤箱温控不准，设定180℃实测只有150℃", "温控器校准工装老化，校准偏差超标",
     "1、更换校准工装；\n2、校准工装每月点检", "已闭环"),
    ("3", "电饭煲内胆涂层脱落", "喷涂烘烤温度偏低，涂层附着力不足", "烘烤温度由380℃调至400℃，每班做百格测试", "跟进中"),
    ("4", "外箱标签型号与实物不符", "包装线换型后未清理上一批标签", "换型时标签清场并由班长签字确认", "已闭环"),
]

RENDERED = [
    ("编号", "客户", "客户声音", "症结", "对策落地", "闭环验证"),
    ("CS-01", "甲公司", "端子压接拉力不足，装配时脱出", "压接模具磨损，未按次数更换",
     "1、更换压接模具；<br>2、模具按5万次强制更换", "6月抽检拉力全部合格，已闭环"),
    ("CS-02", "乙公司", "线束长度短了15mm，无法装配", "裁线机定长参数被误改",
     "1、参数锁定，修改须工程批准；<br>2、首件增加长度测量", "已闭环"),
    ("CS-03", "丙公司", "护套颜色与样件不一致", "供应商换了色母批次未通知",
     "要求供应商变更前书面通知，IQC增加色差比对", "跟进中"),
]
SOURCE = "\n".join([
    "---", "id: sheet", "render: [docx-styled]", "---",
    "# 2024年二季度客户投诉跟踪表", "", "编制：苏州某线束有限公司 质量部    日期：2024年7月5日", "",
    "| " + " | ".join(RENDERED[0]) + " |", "|" + "---|" * len(RENDERED[0]),
    *("| " + " | ".join(row) + " |" for row in RENDERED[1:]), "",
])


def _word_sheet(folder: Path, title: str, rows: list[tuple[str, ...]]) -> Path:
    """A Word file holding ``title`` and ``rows`` as one table."""
    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    path = folder / "sheet.docx"
    document.save(path)
    return path


def _read_sheet(tmp_path: Path, title: str, rows: list[tuple[str, ...]]) -> tuple[list, minerva.Report]:
    """The column roles the cells of ``rows`` give, and the report a Word file of them gives."""
    (report,) = minerva.extract(_word_sheet(tmp_path, title, rows))
    return content_roles([list(row) for row in rows]), report


def _column(rows: list[tuple[str, ...]], j: int) -> list[str]:
    return [row[j] for row in rows[1:]]


def _causes(report: minerva.Report) -> list[list[str]]:
    return [[c.text for c in case.causes] for case in report.cases]


def test_column_roles_come_from_what_the_cells_say():
    assert content_roles([list(row) for row in SHEET]) == [None, "problem", "cause", "measure", None]


def test_a_table_of_facts_is_no_register():
    facts = [["项目", "内容", "备注"], ["客户", "甲公司", "华东区"], ["产品", "电饭煲", "型号RC-5"],
             ["批号", "240518", ""]]
    assert "problem" not in content_roles(facts)


def test_a_word_tracking_sheet_with_unknown_headers_gives_one_case_a_row(tmp_path):
    (report,) = minerva.extract(_word_sheet(tmp_path, "2024年第三季度客户投诉跟踪表", SHEET))
    assert [c.problem for c in report.cases] == [row[1] for row in SHEET[1:]]
    first = report.cases[0]
    assert [c.text for c in first.causes] == ["门钩弹簧来料弹力不足，IQC未做弹力测试"]
    assert [m.text for m in first.measures] == ["更换弹簧供应商", "IQC增加弹力抽检，每批5件"]


def test_a_rendered_tracking_sheet_reads_the_same_in_word_and_pdf(tmp_path):
    (tmp_path / "sheet.src.md").write_text(SOURCE, encoding="utf-8")
    rendered(tmp_path, tmp_path)
    for name in ("sheet.docx", "sheet.pdf"):
        (report,) = minerva.extract(tmp_path / name)
        assert [c.problem for c in report.cases] == [row[2] for row in RENDERED[1:]], name
        assert [m.text for m in report.cases[1].measures] == ["参数锁定，修改须工程批准", "首件增加长度测量"], name


# Problem and measure columns named in known words (异常现象, 对策), the cause column not (症结).
HALF_NAMED = [
    ("单号", "客户/机种", "异常现象", "症结", "对策", "担当"),
    ("KS-01", "甲客户/电饭煲上盖", "上盖装饰圈表面缩水痕，抽检不良率12%",
     "1、模温机加热管烧坏，模温只有55℃\n2、夜班技术员擅自缩短保压时间", "1、更换加热管\n2、成型参数锁定",
     "成型部 刘工"),
    ("KS-02", "乙客户/遥控器电池盖", "电池盖卡扣断裂，装配断扣率约3%", "回料比例加到30%，超过标准要求",
     "回料比例按标准执行，混料房增设电子秤", "品质部 何工"),
    ("KS-03", "丙客户/储物盒", "包装箱内混入其他型号2件", "两个型号同时包装，换线时清线不彻底",
     "同一包装区只包装一个型号", "生产部 陈组长"),
]


def test_the_unnamed_column_between_problem_and_measures_holds_the_causes(tmp_path):
    (report,) = minerva.extract(_word_sheet(tmp_path, "2024年3月客诉跟踪表", HALF_NAMED))
    assert [c.problem for c in report.cases] == [row[2] for row in HALF_NAMED[1:]]
    assert [c.text for c in report.cases[0].causes] == ["模温机加热管烧坏，模温只有55℃", "夜班技术员擅自缩短保压时间"]
    assert [c.text for c in report.cases[2].causes] == ["两个型号同时包装，换线时清线不彻底"]
    assert [m.text for m in report.cases[0].measures] == ["更换加热管", "成型参数锁定"]
    assert not any("刘工" in c.text for case in report.cases for c in case.causes)


# No header word is known; the cells show the problem and measure columns but not the cause one.
UNNAMED = [
    ("编号", "日期", "宾客诉点", "根因判定", "纠偏动作", "回访结论"),
    ("GR-01", "5月4日", "房间空调出风口滴水，床头柜及地毯被浸湿",
     "风机盘管接水盘排水口被灰尘堵塞，保养计划未包含接水盘清洗",
     "1、当晚为客人换房并免除当晚房费\n2、接水盘清洗纳入季度保养计划", "客人表示满意"),
    ("GR-02", "5月9日", "客人预订含早房型，入住时未发放早餐券", "渠道房价代码映射错误，系统中显示为不含早",
     "1、退还早餐费用并致歉\n2、核对全部渠道房价代码映射", "已致电，客人接受"),
    ("GR-03", "5月23日", "婚宴上菜间隔过长，两道热菜间隔约40分钟", "同一时段厨房承接两场婚宴，热菜出品岗仅排3人",
     "同时段宴会超过30桌时从中餐厨房调配出品人员", "待回访"),
]


def test_a_sheet_read_by_its_cells_finds_the_cause_column_between_problem_and_measures(tmp_path):
    _, report = _read_sheet(tmp_path, "2024年5月宾客投诉跟进表", UNNAMED)
    assert [c.problem for c in report.cases] == _column(UNNAMED, 2)
    assert _causes(report) == [[cause] for cause in _column(UNNAMED, 3)]


CALLBACK = [
    ("编号", "学员", "家长原话", "查到的原因", "我们做了什么"),
    ("A-01", "刘同学", "孩子说上课用的平板一直连不上网，整节课都在等", "教室路由器超负荷，40台设备挤在一个热点上",
     "①教室加装第二台路由器；②课前10分钟由助教检查网络"),
    ("A-02", "陈同学", "作业本上老师的批改总是晚一周才发回来", "批改老师同时带6个班，没有批改时限要求",
     "①每位老师最多带4个班；②作业48小时内批改发回"),
    ("A-03", "吴同学", "说好的试听课被临时取消，也没人提前通知我们", "排课系统调课后不会自动通知家长",
     "①调课时系统自动发短信；②课程顾问电话确认"),
]
WHY = [
    ("序号", "为什么", "回答"),
    ("1", "为什么门铰链生锈？", "镀锌层厚度只有4μm，低于要求的8μm"),
    ("2", "为什么镀层偏薄？", "电镀槽电流密度设定偏低，作业员未按工艺卡调整"),
    ("3", "为什么没有发现？", "出货检验只看外观，不测镀层厚度"),
]


def test_a_sheet_whose_cells_read_as_causes_and_measures_holds_the_complaints_before_them(tmp_path):
    """家长原话 | 查到的原因 | 我们做了什么: the model reads a customer's own words as background, but
    the column of text before the causes is where sheets keep the complaint."""
    roles, report = _read_sheet(tmp_path, "2024年3月家长意见回访表", CALLBACK)
    assert roles[2] == "problem"
    assert [c.problem for c in report.cases] == _column(CALLBACK, 2)


def test_a_five_why_table_holds_no_complaints():
    assert "problem" not in content_roles([list(row) for row in WHY])


UNREAD_CAUSES = [
    ("单号", "网点", "顾客怎么说", "根子在哪", "当天怎么办", "以后怎么防", "回访"),
    ("W-03", "东门店", "你们师傅装完洗衣机第二天，我家卫生间地板全泡了", "安装师傅一天排了9单，排水管只插进地漏就走了",
     "当天派人重新安装并赔偿地板清洁费", "1、安装完成须拍排水管卡箍照片上传；\n2、每天抽查3单安装照片", "未再发生"),
    ("W-08", "南湖店", "送冰箱的人走了我才看到门口瓷砖掉了一个角", "两名搬运工在楼道转弯处直接把冰箱竖着拖行",
     "上门道歉并修补瓷砖", "1、送货车标配防护垫和护角；\n2、入户前先铺垫再搬运", "顾客满意"),
    ("W-11", "西站店", "约好周六上午来移空调，我在家等到下午三点", "派单系统把周六的单排给了当天请假的师傅",
     "改派其他师傅当天下午完成并减免移机费", "1、请假与派单系统联动；\n2、超时30分钟自动提醒客服", "待观察"),
]


def test_the_text_column_just_before_the_measures_is_their_cause_and_the_one_before_it_the_complaint(tmp_path):
    """顾客怎么说 | 根子在哪 | 当天怎么办 | 以后怎么防: the model reads the measure columns but neither of the
    two before them surely; sheets keep the complaint first and its cause next to what was done."""
    roles, report = _read_sheet(tmp_path, "2024年8月上门服务投诉跟踪表", UNREAD_CAUSES)
    assert roles[2] == "problem"
    assert [c.problem for c in report.cases] == _column(UNREAD_CAUSES, 2)
    assert _causes(report) == [[cause] for cause in _column(UNREAD_CAUSES, 3)]


FAULTS_AS_ACTIONS = [
    ("工单", "日期", "用户诉求", "问题定位", "处理动作", "核验"),
    ("K-101", "3月2日", "新买的电热毯通电后一边不热", "发热丝接头压接不牢，运输颠簸后松脱",
     "1、上门更换新品\n2、发热丝接头改为焊接加热缩管", "用户确认正常"),
    ("K-117", "3月6日", "收到的电饭煲内胆有明显划痕", "仓库拣货员未开箱检查，退货品重新上架",
     "1、补发全新内胆\n2、退货品须质检复核后方可上架", "回访满意"),
    ("K-130", "3月11日", "下单后承诺次日达，实际第4天才送到", "区域仓库存数据延迟同步，超卖后从外省调货",
     "1、补偿20元优惠券\n2、库存数据改为实时同步", "满意"),
]


def test_a_measure_column_read_far_less_surely_than_the_next_one_holds_the_causes(tmp_path):
    """问题定位 | 处理动作 with no cause column: the model reads the stated faults as actions, but much
    less surely than the real actions beside them, so that column is the causes."""
    roles, report = _read_sheet(tmp_path, "2024年3月用户投诉跟进表", FAULTS_AS_ACTIONS)
    assert roles[3] == "cause" and roles[4] == "measure"
    assert _causes(report) == [[cause] for cause in _column(FAULTS_AS_ACTIONS, 3)]


CAPA = [
    ("序号", "不合格描述", "根本原因", "纠正", "纠正措施", "验证"),
    ("1", "外壳注塑件表面缩痕", "保压时间不足", "库存件全检挑选", "保压时间由3秒调为5秒", "连续5批无缩痕"),
    ("2", "螺丝柱开裂", "模温偏低，熔接线强度不足", "更换开裂件", "模温由60℃调为80℃并每班点检", "客户装配未再开裂"),
]


def test_a_capa_table_gives_a_case_a_row_with_correction_and_verification_columns(tmp_path):
    """不合格描述 | 根本原因 | 纠正 | 纠正措施 | 验证: the correction is a measure too, the verification the effect."""
    (report,) = minerva.extract(_word_sheet(tmp_path, "纠正预防措施报告（CAPA）", CAPA))
    assert [c.problem for c in report.cases] == ["外壳注塑件表面缩痕", "螺丝柱开裂"]
    assert [len(c.measures) for c in report.cases] == [2, 2]
    assert report.cases[1].effect == "客户装配未再开裂"


ACCEPTANCE = [
    ("编号", "顾客诉点", "根子在哪", "当初承诺的整改动作", "验收结论"),
    ("A-1", "结账时会员价没有生效，多付了12元", "收银系统会员价同步延迟一天", "会员价改为实时同步并补退差价",
     "已通过，未再投诉"),
    ("A-2", "生鲜区鸡蛋有裂纹还在卖", "理货员上架前未逐盒检查", "鸡蛋上架前逐盒照检，破损即下架", "已通过"),
    ("A-3", "停车场出口排队二十分钟", "出口只开一条车道", "高峰时段开放第二出口并加派引导员", "未通过，周末仍排队"),
]


def test_a_sheet_whose_header_names_are_long_phrases_is_still_read_by_its_cells(tmp_path):
    """当初承诺的整改动作 is a column label though it runs to nine characters."""
    roles, report = _read_sheet(tmp_path, "一季度顾客投诉整改验收表", ACCEPTANCE)
    assert roles[1] == "problem" and roles[3] == "measure"
    assert [c.problem for c in report.cases] == _column(ACCEPTANCE, 1)


def test_a_row_with_an_empty_problem_cell_goes_on_with_the_complaint_above(tmp_path):
    """| 问题 | 原因类别 | 具体原因 |: a kind column is a detail, and a row whose problem cell is empty
    (the writer did not repeat it) adds its cause to the complaint of the row above."""
    rows = [
        ("问题", "原因类别", "具体原因", "整改措施"),
        ("洗碗机洗后餐具有水渍", "设备", "漂洗喷臂喷孔被水垢堵塞", "喷臂每周除垢"),
        ("", "人员", "操作工未按规定添加光亮剂", "光亮剂液位纳入开机点检"),
        ("外卖餐盒漏汤", "物料", "新批次餐盒盖扣位偏浅", "退回该批餐盒"),
    ]
    (report,) = minerva.extract(_word_sheet(tmp_path, "餐饮部客诉整改台账", rows))
    assert [c.problem for c in report.cases] == ["洗碗机洗后餐具有水渍", "外卖餐盒漏汤"]
    spots = report.cases[0]
    assert [c.text for c in spots.causes] == ["漂洗喷臂喷孔被水垢堵塞", "操作工未按规定添加光亮剂"]
    assert [m.text for m in spots.measures] == ["喷臂每周除垢", "光亮剂液位纳入开机点检"]
    assert spots.fields.get("原因类别") == "设备"


SORTED_CAUSES = [
    ("类别", "原因", "验证方式", "结论"),
    ("发生原因", "注塑保压时间由4秒缩短为2秒，卡扣尺寸偏小", "试模对比", "主因"),
    ("发生原因", "模具冷却水路堵塞，局部模温偏高", "模温测量", "次因"),
    ("流出原因", "出货检验只看外观，未做卡扣拉脱力测试", "流程审查", "确认"),
]


def test_a_column_headed_as_a_kind_sorts_causes_and_names_no_complaint():
    """类别 | 原因: 发生原因 / 流出原因 say what kind of cause a row holds; no complaint stands there."""
    assert "problem" not in content_roles([list(row) for row in SORTED_CAUSES])


def test_a_problem_cell_that_files_two_defects_under_their_labels_gives_two_complaints(tmp_path):
    rows = [
        ("序号", "发现问题", "整改措施"),
        ("1", "配送超时：8月6日午高峰暗访3单中2单超时，最长超时38分钟；虚假点送达：骑手未联系顾客即点击“已送达”",
         "站点调整午高峰运力，骑手点击送达须上传照片"),
        ("2", "外卖包装未使用食品安全封签；汤类餐品仅用保鲜膜封口，送达时撒漏", "全部餐品加贴封签"),
    ]
    (report,) = minerva.extract(_word_sheet(tmp_path, "外卖平台暗访检查通报", rows))
    names = [case.problem for case in report.cases]
    assert names[:2] == ["配送超时：8月6日午高峰暗访3单中2单超时，最长超时38分钟",
                         "虚假点送达：骑手未联系顾客即点击“已送达”"]
    assert len(names) == 3  # a cell whose pieces carry no defect labels stays one complaint
    assert all(any("上传照片" in m.text for m in case.measures) for case in report.cases[:2])
