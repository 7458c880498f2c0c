"""Report date and organisation, read from a report's header and signature lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from minerva import read_document
from minerva.extractors.layout import Line, lines_of
from minerva.extractors.meta import parse_date, report_date
from minerva.extractors.organisation import report_org

BODY = (
    "一、问题描述\n"
    "客户反馈外壳划伤，不良率3%。\n"
    "二、原因分析\n"
    "包装内衬材料过硬。\n"
    "三、整改措施\n"
    "更换EPE珍珠棉内衬。\n"
)


def lines(tmp_path: Path, text: str, name: str = "report.txt") -> list[Line]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lines_of(read_document(path))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023-03-08", "2023-03-08"),
        ("2023/11/27", "2023-11-27"),
        ("2023.5.12", "2023-05-12"),
        ("11.05.2023  14:43", "2023-05-11"),
        ("DATE: 04-08-2003", "2003-04-08"),
        ("2023年9月15日", "2023-09-15"),
        ("2023 年 9 月 15 日", "2023-09-15"),
        ("二〇二三年八月八日", "2023-08-08"),
        ("二〇二三年十二月二十一日", "2023-12-21"),
        ("2023年4月", "2023-04"),
        ("2022年1-12月", "2022"),
        ("统计周期：2022年1—12月", "2022"),
        ("报告日期：2023-03-08，审核：张三", "2023-03-08"),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2023-13-45", "3.8mm", "不良率12.5%", "第2023号", ""])
def test_parse_date_finds_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_labelled_report_date_beats_complaint_date_on_the_same_line(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n投诉日期：2023-03-01  报告日期：2023-03-20\n" + BODY)
    assert report_date(got) == "2023-03-20"


def test_labelled_report_date_first_on_the_line(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n报告日期：2023年3月20日，投诉日期：2023年3月1日\n" + BODY)
    assert report_date(got) == "2023-03-20"


def test_bilingual_labels(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n投诉日期 Complaint Date：2023-03-01 报告日期 Report Date：2023-03-20\n"
                + BODY)
    assert report_date(got) == "2023-03-20"


def test_complaint_date_alone_is_not_the_report_date(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n投诉日期：2023-03-01\n" + BODY)
    assert report_date(got) is None


def test_no_date_from_a_body_sentence(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n一、问题描述\n2023年3月1日，客户反馈外壳划伤，不良率3%。\n"
                "二、原因分析\n包装内衬材料过硬。\n三、整改措施\n更换EPE珍珠棉内衬。\n")
    assert report_date(got) is None


def test_date_from_the_signature(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n" + BODY + "四、效果验证\n改善后未再发生。\n\n杭州某某电器有限公司\n"
                "二〇二三年六月二日\n")
    assert report_date(got) == "2023-06-02"


def test_markdown_header_fields(tmp_path: Path) -> None:
    got = lines(tmp_path, "# 客户投诉整改报告\n\n报告日期：2023-05-12\n\n编制单位：深圳市某某科技有限公司\n\n"
                "## 一、问题描述\n\n客户反馈外壳划伤。\n\n## 二、原因分析\n\n内衬过硬。\n", name="report.md")
    assert report_date(got) == "2023-05-12"
    assert report_org(got) == "深圳市某某科技有限公司"


@pytest.mark.parametrize(
    "header",
    [
        "客户 Customer：乙方汽车有限公司\n供应商 Supplier：甲方电子有限公司\n",
        "供应商 Supplier：甲方电子有限公司\n客户 Customer：乙方汽车有限公司\n",
        "客户 Customer：乙方汽车有限公司  供应商 Supplier：甲方电子有限公司\n",
    ],
)
def test_org_prefers_the_supplier_over_the_customer(tmp_path: Path, header: str) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n" + header + BODY)
    assert report_org(got) == "甲方电子有限公司"


@pytest.mark.parametrize(
    "header",
    [
        "SCAR编号：SCAR-2024-017  发出单位：江苏康维医疗器械有限公司 供应商质量部  发出日期：2024-03-12\n"
        "供应商：常州精塑医用部件有限公司  回复日期：2024-04-08\n",
        "发出单位：江苏鸿润酒业有限公司 品管部\n接收单位：徐州晶瑞玻璃制品有限公司\n"
        "回复人/日期：常州精塑医用部件有限公司 质量部 刘晓峰 2024年3月21日\n",
    ],
)
def test_a_reply_names_itself_before_a_generic_unit_field(tmp_path: Path, header: str) -> None:
    """发出单位： in a reply to a SCAR is the customer that issued it; 供应商： or 回复人： is the
    organisation that answers."""
    got = lines(tmp_path, "供应商纠正措施报告\n" + header + BODY)
    assert report_org(got) == "常州精塑医用部件有限公司"


@pytest.mark.parametrize(
    ("signed", "org"),
    [
        ("宁波嘉力电线电缆有限公司 Ningbo Jiali Wire & Cable Co., Ltd.", "宁波嘉力电线电缆有限公司"),
        ("清河市第二人民医院患者服务中心", "清河市第二人民医院"),
        ("江城市殡仪馆", "江城市殡仪馆"),
    ],
)
def test_org_signed_with_an_english_name_a_service_desk_or_a_hall(tmp_path: Path, signed: str, org: str) -> None:
    assert report_org(lines(tmp_path, SIGNED_REPORT.format(signed))) == org


def test_the_addressee_line_and_a_thank_you_name_no_reporting_org(tmp_path: Path) -> None:
    """致：X集团 采购中心 is the addressee throughout, 报送：… too; 再次感谢您对我店的支持 is a
    sentence; the signature names the reporting organisation."""
    header = "致：中晟置业集团有限公司 采购中心 供应商质量管理部\n报送：锦程酒店管理集团华东区运营部\n"
    signed = "再次感谢您对我店的支持\n佛山市宏陶陶瓷有限公司 品质部\n2023年6月2日\n"
    got = lines(tmp_path, "整改报告\n" + header + BODY + signed)
    assert report_org(got) == "佛山市宏陶陶瓷有限公司"


def test_customer_alone_is_not_the_reporting_org(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n客户：乙方汽车有限公司\n" + BODY)
    assert report_org(got) is None


@pytest.mark.parametrize("line", ["深圳市某某科技有限公司 品质部", "深圳市某某科技有限公司品质部"])
def test_org_without_its_department(tmp_path: Path, line: str) -> None:
    got = lines(tmp_path, f"客户投诉整改报告\n{line}\n" + BODY)
    assert report_org(got) == "深圳市某某科技有限公司"


SIGNED_REPORT = "客户投诉整改报告\n" + BODY + "四、效果验证\n改善后未再发生。\n\n{}\n2023年6月2日\n"


@pytest.mark.parametrize(
    ("signed", "org"),
    [
        ("湖州林语木业 生产技术部", "湖州林语木业"),
        ("嘉兴二院 医务科", "嘉兴二院"),
        ("宏晟塑胶 品保课 / 2023年3月20日", "宏晟塑胶"),
        ("客户：珠海凌越空调    供方：常州恒岳注塑（品质保证部）", "常州恒岳注塑"),
    ],
)
def test_org_named_before_its_department_without_a_suffix(tmp_path: Path, signed: str, org: str) -> None:
    got = lines(tmp_path, SIGNED_REPORT.format(signed))
    assert report_org(got) == org


@pytest.mark.parametrize("signed", ["张三 品质部", "编制 品质部", "整改责任部门 生产部", "质量部 张三"])
def test_a_person_or_a_label_before_a_department_is_no_org(tmp_path: Path, signed: str) -> None:
    got = lines(tmp_path, SIGNED_REPORT.format(signed))
    assert report_org(got) is None


def test_org_from_the_signature(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n" + BODY + "四、效果验证\n改善后未再发生。\n\n编制：张三  审核：李四\n"
                "杭州某某电器有限公司\n2023年6月2日\n")
    assert report_org(got) == "杭州某某电器有限公司"
    assert report_date(got) == "2023-06-02"


def test_org_not_taken_from_a_body_sentence(tmp_path: Path) -> None:
    got = lines(tmp_path, "客户投诉整改报告\n一、问题描述\n客户乙方汽车有限公司反馈外壳划伤，不良率3%。\n"
                "二、原因分析\n包装内衬材料过硬。\n三、整改措施\n更换EPE珍珠棉内衬。\n")
    assert report_org(got) is None


def test_a_numbered_complaint_filed_under_its_customer_names_no_reporting_org(tmp_path: Path) -> None:
    """（一）广州某门窗有限公司投诉：… in a review meeting's minutes is a complaint and its customer;
    the minutes' own organisation signs them."""
    got = lines(tmp_path, "客诉评审会议纪要\n（一）广州某门窗有限公司投诉：型材色差\n原因：粉末批号不同。\n"
                "整改措施：粉末进厂对色。\n佛山某铝业有限公司 质量部\n2024年4月12日\n")
    assert report_org(got) == "佛山某铝业有限公司"


def test_a_self_reference_is_no_organisation_name(tmp_path):
    text = "业主反映小区水压低。\n经核查，我局已要求水厂增加人手，加强抢修力度。\n"
    assert report_org(lines(tmp_path, text)) is None


def test_org_from_a_form_whose_label_and_name_are_cells() -> None:
    """dv2-06 opens with a Field | Value table: Supplier | 佛山丽涂新材料有限公司."""
    path = Path(__file__).parent / "data" / "dev2" / "dv2-06.docx"
    assert report_org(lines_of(read_document(path))) == "佛山丽涂新材料有限公司"


def test_a_dated_reply_names_its_author(tmp_path: Path) -> None:
    got = lines(tmp_path, "网友：自来水一直都是黄黄的浑浊的。\n兴宁市水务局2024年2月18日回复：\n"
                "你好，经我局了解，系供水能力不足所致。已加大管网冲洗频次。\n")
    assert report_org(got) == "兴宁市水务局"


def test_a_copy_line_in_an_email_header_does_not_end_the_header(tmp_path: Path) -> None:
    got = lines(tmp_path, "主题：关于系统问题的处理结果\n发件人：杭州某某软件科技有限公司 技术支持中心\n"
                "抄送：客户成功部 张颖\n日期：2024年2月27日 16:42\n李经理，您好！\n" + BODY)
    assert report_date(got) == "2024-02-27"


def test_a_news_item_is_dated_by_the_day_the_organisation_answered(tmp_path: Path) -> None:
    got = lines(tmp_path, "网民报料\n我是某村村民，从2022年12月份开始自来水都是黄色的，很浑浊。\n记者调查\n"
                "某水厂工作人员前往该村实地调查后，于2022年12月28日答复，系管网改道维修后杂质流出。\n")
    assert report_date(got) == "2022-12-28"


@pytest.mark.parametrize("text, org", [
    ("7月19日晚，一网民发布视频，投诉外国旅客将打火机带到登机口。\n7月22日晚，无锡苏南硕放机场针对此事"
     "发布情况通报，机场工作人员第一时间将打火机没收。\n目前，我机场已对相关责任人员进行严肃处理。\n",
     "无锡苏南硕放机场"),
    ("近日，网传某航班因等待旅客登机造成延误。\n7月27日，东港航空官方微博发文回应，"
     "该航班受台风天气影响延误。\n东港航空将全面复盘运行保障过程。\n", "东港航空"),  # its own account
    ("网民报料：自来水浑浊。\n目前该市民家中水质正常。后续城南水厂将加强管网维修后的排污力度。\n",
     "城南水厂"),  # a time word before the name is not part of it
    ("1月5日，针对顾客反映所售茶叶中存在苍蝇的问题，北湖超市官方迅速作出回应。\n"
     "北湖超市官方称，已将同批次茶叶全部下架排查。\n", "北湖超市"),  # its official self
    ("有用户反映，在星途出行叫车时被司机绕路多收费。\n记者就此事向星途出行求证。随后，星途出行发布情况说明，"
     "已对涉事司机作出封禁处理。\n", "星途出行"),  # a brand under its bare name
    ("消费者投诉蓝湾笔记本电脑开机黑屏。\n记者联系到了蓝湾，蓝湾方面表示将尽快解决。\n", "蓝湾"),
    ("网友反映出租车拒载。\n青川县交通运输局近日通过问政平台进行了回复，将开展专项整治。\n", "青川县交通运输局"),
    ("消费者投诉商家虚假宣传。\n东湖区市场监督管理局12315工作人员表示，已约谈涉事企业。\n", "东湖区市场监督管理局"),
    ("网友反映路边垃圾桶破损。\n市长专线转交金水区政府办理，该区安排专人调查处理。\n", "金水区政府"),
    ("徐先生反映小区停水。\n西湖区人民政府：经核查，徐先生反映的问题属实，已督促修复。\n", "西湖区人民政府"),
    ("市民投诉商家缺斤短两。\n据南岗区市场监督管理局工作人员介绍，已约谈涉事商户。\n", "南岗区市场监督管理局"),
    ("河西新区综合行政执法局接到市民投诉后，持续对辖区餐饮店进行检查。\n", "河西新区综合行政执法局"),
])
def test_the_organisation_that_answers_in_a_news_item(tmp_path: Path, text: str, org: str) -> None:
    assert report_org(lines(tmp_path, text)) == org


def test_people_and_generic_parties_are_no_organisation(tmp_path: Path) -> None:
    got = lines(tmp_path, "顾客周嘉反映房间毛巾有异味。\n周嘉表示，前台没有及时处理。\n"
                "餐厅表示会加强管理。餐厅随后致歉。物业公司表示已派人清理，物业公司已道歉。\n")
    assert report_org(got) is None


def test_a_signature_at_the_end_of_the_last_paragraph(tmp_path: Path) -> None:
    got = lines(tmp_path, "尊敬的网友：您反映的路灯不亮问题已收悉。\n"
                "已安排人员修复。感谢您的支持！南山市照明管理处，2022年3月1日\n")
    assert report_org(got) == "南山市照明管理处"
    assert report_date(got) == "2022-03-01"


def test_a_reply_day_without_its_year_takes_the_year_of_the_text(tmp_path: Path) -> None:
    got = lines(tmp_path, "市民来信：2024年12月8日到医院办理手续被拒。\n对此，12月17日，西城区卫生健康局进行了回复。\n")
    assert report_date(got) == "2024-12-17"
    next_year = lines(tmp_path, "市民来信：2024年12月8日到医院办理手续被拒。\n1月6日，西城区卫生健康局作出答复。\n")
    assert report_date(next_year) == "2025-01-06"


def test_the_day_of_the_answer_beats_the_day_the_complaint_was_posted(tmp_path: Path) -> None:
    board = lines(tmp_path, "公交车到站不停车\n已发布2025-02-12\n市民留言：公交车到站不停车。\n已回复2025-03-06\n"
                  "经调查核实，驾驶员注意力不集中。已对驾驶员批评教育。\n")
    assert report_date(board) == "2025-03-06"
    form = lines(tmp_path, "信件编号：4035 提交日期：2020-09-15\n"
                 "回复人：教育局 回复日期：2020-09-17\n已责令学校整改。\n")
    assert report_date(form) == "2020-09-17"


def test_an_email_thread_is_signed_by_its_newest_message(tmp_path: Path) -> None:
    got = lines(tmp_path, "发件人: 许工\n主题: 答复: 彩盒色差问题\n张经理：\n原因：调墨只凭目测。\n"
                "改善措施：每次调配后用分光仪测色。\n许工　质量经理\n东莞美嘉包装有限公司\n"
                "-----原始邮件-----\n发件人: 张莉\n许工：该批已判退，请回复改善措施。\n张莉\n深圳声派科技有限公司\n")
    assert report_org(got) == "东莞美嘉包装有限公司"


def test_a_headline_about_somebody_names_no_organisation(tmp_path: Path) -> None:
    got = lines(tmp_path, "网友投诉万州区人民医院\n患者家属反映医生态度差。\n"
                "重庆三峡医药高等专科学校附属人民医院回复称，已对涉事医生批评教育。\n")
    assert report_org(got) == "重庆三峡医药高等专科学校附属人民医院"


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("市民投诉公园垃圾多。\n新泰市园林绿化中心在2019-08-21回复:您好，已要求公园保洁到位。\n",
         "新泰市园林绿化中心"),
        ("某品牌笔记本电池召回\n因正极材料涂层过厚，电池可能过热。微盟电子(昆山)有限公司将免费为客户更换电池。\n",
         "微盟电子(昆山)有限公司"),
        ("城关区教育局关于网民反映第32中学校服问题的情况说明:\n经检验，校服布料为新布料。\n", "城关区教育局"),
        ("椰果饮料里滚出大量椰果，台糖公司今天表示是贴错标签所致，已启动回收。\n", "台糖公司"),
        ("Q 网友反映外卖食品变质\nA 湖南省市场监督管理局回应：已责令商家整改。\n", "湖南省市场监督管理局"),
        ("中国建筑第八工程局有限公司(以下简称:中建八局)回应称，将逐一排查渗漏。\n", "中建八局"),
    ],
)
def test_the_organisation_that_answers_after_a_day_with_its_seat_or_in_its_own_headline(
        tmp_path: Path, text: str, org: str) -> None:
    assert report_org(lines(tmp_path, text)) == org
