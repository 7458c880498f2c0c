"""Terse meeting minutes and written-out fishbones (layout.py, naming.py, verification.py): read
off the looked-at sets lk22 and lk23 (the twenty-third session), judged on the blind dev21/dev22.

Minutes list each complaint as one item whose parts run in after labels (• KS-2406-01 热水管爆管
（客户） 现状：… 原因：… 对策：①…②… 责任人/完成日期：…) or as a chain (名称 → 原因 → 对策｜责任人);
a fishbone lists candidate causes under 人/机/料/法/环/测 with a verdict (→要因 / →非要因)."""

from __future__ import annotations

import docx
import pytest

import minerva
from minerva.extractors.layout import classify
from minerva.extractors.naming import heading_name
from minerva.extractors.verification import ruled_out, without_verdict
from minerva.model import Block, SourceRef
from tests.builders import DATA, rendered, word_paragraphs

MINUTES_ITEMS = [
    "KS-2406-01 dn25热水管试压爆管（杭州宏筑建设，滨江项目） 现状：6/12现场打压时2根管材纵向爆裂。"
    "原因：爆口处有明显外划伤，为搬运时被钢筋头刮伤；管材仅编织袋捆扎，端口无护套。"
    "对策：①现场2根免费补发；②热水管每捆加套PE护膜，两端加塑料护帽。责任人/完成日期：杜文杰／7月15日",
    "KS-2406-02 dn20弯头热熔后渗漏（温州瓯江建材） 现状：弯头承口熔接处渗水。"
    "原因：注塑机弯头模具型芯磨损，未按计划保养。对策：①更换型芯；②承口尺寸改为每2小时抽检3只。"
    "责任人/完成日期：钱勇／7月10日",
    "KS-2406-05 管材喷码模糊（湖州经销商）→ 2#线喷码机喷头堵塞，未按时清洗 → 每班清洗喷头，纳入设备点检表"
    "｜吴海峰／已完成",
]


def _minutes(path, bulleted_by_word: bool):
    """The minutes with their complaint items typed after a bullet, or in Word's own bullet list."""
    if not bulleted_by_word:
        return word_paragraphs(path, ["6月份质量例会纪要", "客诉逐项过", *("• " + i for i in MINUTES_ITEMS)],
                               headings=("客诉逐项过",))
    document = docx.Document()
    document.add_paragraph("6月份质量例会纪要")
    document.add_heading("客诉逐项过", level=1)
    for item in MINUTES_ITEMS:
        document.add_paragraph(item, style="List Bullet")
    document.save(path)
    return path


@pytest.mark.parametrize("bulleted_by_word", [False, True])
def test_each_labelled_item_of_the_minutes_is_one_case(tmp_path, bulleted_by_word):
    path = _minutes(tmp_path / "minutes.docx", bulleted_by_word)
    cases = [case for report in minerva.extract(path) for case in report.cases]
    names = [case.problem for case in cases]
    assert names == ["dn25热水管试压爆管", "dn20弯头热熔后渗漏", "管材喷码模糊"]
    first, second, chained = cases
    assert [c.text for c in first.causes] == ["爆口处有明显外划伤，为搬运时被钢筋头刮伤",
                                              "管材仅编织袋捆扎，端口无护套"]
    assert [m.text for m in first.measures] == ["现场2根免费补发", "热水管每捆加套PE护膜，两端加塑料护帽"]
    assert [c.text for c in second.causes] == ["注塑机弯头模具型芯磨损，未按计划保养"]
    assert [c.text for c in chained.causes] == ["2#线喷码机喷头堵塞，未按时清洗"]
    assert [m.text for m in chained.measures] == ["每班清洗喷头，纳入设备点检表"]
    every_measure = [m.text for case in cases for m in case.measures]
    assert not any("杜文杰" in m or "钱勇" in m or "吴海峰" in m for m in every_measure)  # who and by when


def _line(text: str):
    return classify(Block("paragraph", text, SourceRef(file="x.docx")))


def test_a_colon_inside_an_aside_makes_no_label():
    line = _line("KS-2405-02 铜嵌件管件螺纹处渗漏（5月对策：铜嵌件滚花加深、注塑保压时间延长）→ 6月未再发生同类投诉")
    assert not line.heading and line.role is None
    labelled = _line("对策：铜嵌件滚花加深、注塑保压时间延长")
    assert labelled.heading and labelled.role == "measure"


def test_a_label_ending_in_a_field_name_heads_no_section():
    assert _line("分析日期：2020-11-05　　分析人员：品质部 曾志远").role is None
    assert _line("原因分析：模具型芯磨损，未按计划保养").role == "cause"


def test_a_complaint_filed_under_its_number_and_customer_is_named_by_what_went_wrong():
    assert heading_name("KS-2406-04 同一工地两批管材颜色深浅不一（芜湖鑫源水暖）")[0] == "同一工地两批管材颜色深浅不一"
    assert heading_name("瓶口微裂纹（口裂）")[0] == "瓶口微裂纹（口裂）"  # a short synonym stays
    assert heading_name("焊缝气孔（3件）")[0] == "焊缝气孔（3件）"


def test_a_verdict_and_its_check_are_no_part_of_the_cause():
    confirmed = "开槽压线轮深度凭经验调整，压线过深把瓦楞压溃（验证：压线处楞高实测3.1mm）→要因"
    assert without_verdict(confirmed) == "开槽压线轮深度凭经验调整，压线过深把瓦楞压溃"
    assert without_verdict("里纸环压指数低于标准（要因）") == "里纸环压指数低于标准"
    assert without_verdict("瓦楞辊磨损是本次压塌的根本原因") == "瓦楞辊磨损是本次压塌的根本原因"
    assert ruled_out("操作工技能不足（验证：当班机长上岗均满1年以上）→非要因")


FISHBONE = [
    "纸箱堆码压塌客诉特性要因分析",
    "问题",
    "客户10月26日投诉：我司供应的矿泉水外箱在仓库堆码6层约一周后，底层纸箱大面积压塌。",
    "鱼骨分析",
    "人",
    "操作工上岗时间短、技能不足（验证：当班机长上岗均满1年以上）→非要因",
    "开槽压线轮深度靠操作工凭经验调整，压线过深把瓦楞压溃（验证：楞高实测3.1mm）→要因",
    "机",
    "瓦楞机B楞瓦楞辊磨损，成型楞高由2.7mm降至2.4mm（验证：已使用26个月）→要因",
    "糊箱机涂胶量不均（验证：剥离试验全部为纸面撕裂）→非要因",
    "对策",
    "1. 制定各楞型压线深度标准卡，开槽机首件检验合格后方可开机。",
    "2. 更换B楞瓦楞辊，建立瓦楞辊使用台账。",
]


def test_a_written_out_fishbone_gives_its_confirmed_causes(tmp_path):
    path = word_paragraphs(tmp_path / "fishbone.docx", FISHBONE,
                           headings=("问题", "鱼骨分析", "对策"))
    cases = [case for report in minerva.extract(path) for case in report.cases]
    assert len(cases) == 1
    assert [c.text for c in cases[0].causes] == [
        "开槽压线轮深度靠操作工凭经验调整，压线过深把瓦楞压溃",
        "瓦楞机B楞瓦楞辊磨损，成型楞高由2.7mm降至2.4mm",
    ]
    assert not cases[0].effect  # the checks of the candidates are no effect of the measures


def test_the_renderer_gives_a_row_number_column_room_in_a_crowded_table(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    # six short columns take more than half the page between them, so every column shares it in
    # proportion to its text, and the 序号 column's share is less than its cell padding
    header = ("| 序号 | " + " | ".join(f"短列{k}号" for k in range(6)) + " | "
              + " | ".join(f"长列{k}" for k in range(4)) + " |")
    row = ("| 1 | " + " | ".join("满意度一般" for _ in range(6)) + " | "
           + " | ".join("这是一段相当长的单元格文字，" * 12 for _ in range(4)) + " |")
    (source / "w.src.md").write_text(
        "---\nid: w\nrender: [pdf-lo]\n---\n# 投诉回访记录表\n\n" + header + "\n|" + "---|" * 11 + "\n" + row + "\n",
        encoding="utf-8")
    (source / "w.gold.json").write_text('{"id": "w", "reports": []}', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    rendered(source, out)
    assert (out / "w.pdf").stat().st_size > 0


def test_lk23_fishbone_is_read(tmp_path):
    out = rendered(DATA / "lk23", tmp_path)
    reports = minerva.extract(out / "l23-a07.docx")
    causes = [c.text for report in reports for case in report.cases for c in case.causes]
    assert "开槽压线轮深度靠操作工凭经验调整，压线过深把瓦楞压溃" in causes
    assert not any(c.endswith("要因") for c in causes)


TICKETS = [
    "投诉类工单明细导出",
    "记录 1",
    "工单号：TS20220803-0112",
    "问题描述：客户反映近一周晚上收看高清频道时画面频繁出现马赛克、声音断续。",
    "处理过程：",
    "到户检测，发现楼道四分支器接头进水锈蚀，导致信号衰减。",
    "更换楼道四分支器及本户入户F头。",
    "记录 2",
    "工单号：TS20220812-0521",
    "问题描述：客户反映家中4K智能机顶盒近半个月每天自动重启三四次。",
    "处理过程：",
    "机顶盒固件版本过旧，存在内存泄漏。",
    "远程推送固件升级，并上门更换电源适配器。",
]


def test_a_ticket_numbered_only_as_a_record_is_named_by_its_description(tmp_path):
    path = word_paragraphs(tmp_path / "tickets.docx", TICKETS, headings=("记录 1", "记录 2"))
    cases = [case for report in minerva.extract(path) for case in report.cases]
    assert len(cases) == 2
    assert "马赛克" in cases[0].problem and "记录 1" in cases[0].problem_alt
    assert "自动重启" in cases[1].problem and "记录 2" in cases[1].problem_alt


def test_a_heading_keeps_its_role_behind_a_note_of_who_answers_for_it():
    assert _line("永久对策 （责任：生产部 罗志坚、工程部 梁永晖、采购部 邝丽）").role == "measure"
    assert _line("临时对策 （责任：售后服务部 黄文彬，6/14完成）").qualifier == ""  # names no complaint


def test_a_complaint_cue_joined_to_another_noun_names_nothing():
    from minerva.extractors.naming import after_cue, by_cue

    assert after_cue("公司发生一起因产品干燥性能不合格引起的客户投诉和索赔事件") is None
    assert by_cue(["发现我司LF280K电芯批次2408-11至2408-14中"]) is None  # where it was found, not what
    assert after_cue("客户投诉漆膜施工48小时后仍然发粘") == "漆膜施工48小时后仍然发粘"


def test_a_ticket_exports_form_rows_do_not_name_its_complaint(tmp_path):
    """In PDF a ticket's form row (受理时间：… 业务类型：数字电视 紧急程度：普通) reads in clauses of its own;
    what the ticket is about is still its 问题描述."""
    out = rendered(DATA / "lk23", tmp_path)
    for suffix in (".docx", ".pdf"):
        names = [case.problem for report in minerva.extract(out / f"l23-b04{suffix}") for case in report.cases]
        assert "马赛克" in names[0], (suffix, names)
