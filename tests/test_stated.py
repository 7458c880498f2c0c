"""Causes a structural case's own paragraph states without a cue word (minerva/extractors/stated.py)."""

from __future__ import annotations

from pathlib import Path

import minerva
from minerva.model import place

SUMMARY = """
# 2024年5月客户投诉汇总分析

本月共受理客户投诉2起，均已处理完毕。具体如下：

投诉1：保养后机油渗漏。5月6日，车主在我店做完保养，第二天发现车位地面有油渍。经检查为机油滤清器密封圈未更换，新旧密封圈叠装导致渗漏。已免费为客户更换机滤，并在保养检查单中增加“机滤密封圈确认”一项。

投诉2：维修等待时间过长。车主反映实际等待了3个半小时。原因是服务顾问未按工位能力控制预约数量。措施：预约系统按工位设置每时段预约上限。
"""


def test_a_cause_told_in_the_complaints_own_paragraph_joins_its_case(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_text(SUMMARY.strip() + "\n", encoding="utf-8")
    oil, wait = minerva.extract(path)[0].cases
    assert oil.problem == "保养后机油渗漏"
    # what the check found is the cause; 经检查为 only says how it was found
    assert [c.text for c in oil.causes] == ["机油滤清器密封圈未更换，新旧密封圈叠装导致渗漏"]
    assert [c.text for c in wait.causes] == ["服务顾问未按工位能力控制预约数量"]  # no cause of case 1 here


def test_pdf_paragraphs_have_places_of_their_own() -> None:
    doc = minerva.read_document(Path(__file__).parent / "data" / "pdf" / "dev-002.rl.pdf")
    places = [(b.source.page, b.source.paragraph) for b in doc.blocks if b.kind != "table"]
    assert all(paragraph is not None for _, paragraph in places)
    assert len(set(places)) == len(places)
    assert str(doc.blocks[0].source).endswith("p.1 ¶1")


def test_a_place_reads_as_a_reader_looks_it_up() -> None:
    assert [place(3, 2), place(3, None), place(None, 12), place(None, None)] == ["p.3 ¶2", "p.3", "¶12", ""]
    assert place(3, 2, page_label="第{}页") == "第3页 ¶2"


LETTER = """
# 关于KM-220电热水壶壶盖弹不开问题的回复函

尊敬的南京惠邦家电商贸有限公司：

贵司10月8日来函收悉，对给贵司带来的不便深表歉意。

我司对退回的18台样机逐台拆解，壶盖按键按下后锁扣不回位。经分析，锁扣弹簧由新供应商供货，线径偏细，弹力不足；另外锁扣塑件注塑时保压时间偏短，卡扣尺寸偏大。

针对上述问题，我司已采取以下措施：弹簧恢复由原供应商供货，每批抽检弹力；注塑保压时间由3秒调整为5秒，首件全尺寸检验。

此致

敬礼！

广东美厨电器有限公司
2024年10月20日
"""


def test_the_one_complaint_of_a_letter_named_by_its_title_takes_the_causes_its_prose_states(tmp_path: Path) -> None:
    """No heading names a cause and the complaint is named from the title, not from a paragraph:
    the causes the letter states plainly are still its causes."""
    path = tmp_path / "letter.md"
    path.write_text(LETTER.strip() + "\n", encoding="utf-8")
    (case,) = minerva.extract(path)[0].cases
    causes = " ".join(c.text for c in case.causes)
    assert "线径偏细，弹力不足" in causes
    assert not any("保压时间由3秒调整为5秒" in c.text for c in case.causes)
