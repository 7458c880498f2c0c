"""Numbering markers: style and ordinal of a leading label, stacked labels, inline enumerations."""

from __future__ import annotations

import pytest

from minerva.extractors.markers import cn_number, parse_marker, split_inline, split_inline_rest, strip_marker


@pytest.mark.parametrize(
    ("text", "style", "value", "raw", "rest"),
    [
        ("一、问题描述", "cn", 1, "一、", "问题描述"),
        ("十二、结论", "cn", 12, "十二、", "结论"),
        ("（一）原因分析", "cn_paren", 1, "（一）", "原因分析"),
        ("(三)整改措施", "cn_paren", 3, "(三)", "整改措施"),
        ("1.更换内衬", "num_dot", 1, "1.", "更换内衬"),
        ("2．更换内衬", "num_dot", 2, "2．", "更换内衬"),
        ("3、更换内衬", "num_comma", 3, "3、", "更换内衬"),
        ("（4）更换内衬", "num_paren", 4, "（4）", "更换内衬"),
        ("(5)更换内衬", "num_paren", 5, "(5)", "更换内衬"),
        ("6）更换内衬", "num_half", 6, "6）", "更换内衬"),
        ("7)更换内衬", "num_half", 7, "7)", "更换内衬"),
        ("②更换内衬", "circled", 2, "②", "更换内衬"),
        ("⑶更换内衬", "paren_circled", 3, "⑶", "更换内衬"),
        ("• 更换内衬", "bullet", None, "•", "更换内衬"),
        ("- 更换内衬", "bullet", None, "-", "更换内衬"),
        ("D4 根本原因分析", "8d", 4, "D4", "根本原因分析"),
        ("D5：永久纠正措施", "8d", 5, "D5", "永久纠正措施"),
        ("问题一：外壳划伤", "problem", 1, "问题一", "外壳划伤"),
        ("投诉事项二：充电异常", "problem", 2, "投诉事项二", "充电异常"),
        ("篇一 客诉整改报告", "problem", 1, "篇一", "客诉整改报告"),
        ("第2篇 客诉整改报告", "problem", 2, "第2篇", "客诉整改报告"),
        ("【原因】来料不良", "bracket", None, "【原因】", "来料不良"),
        ("一是加强员工培训", "cn_shi", 1, "一是", "加强员工培训"),
        ("二是，完善检验标准", "cn_shi", 2, "二是", "完善检验标准"),
        ("1.1 原因分析", "num_multi", 1, "1.1", "原因分析"),
    ],
)
def test_parse_marker_styles(text: str, style: str, value: int | None, raw: str, rest: str) -> None:
    marker, after = parse_marker(text)
    assert marker is not None
    assert (marker.style, marker.value, marker.raw) == (style, value, raw)
    assert after == rest


def test_siblings_share_a_style_and_count_up() -> None:
    markers = [parse_marker(t)[0] for t in ("（一）来料", "（二）制程", "（三）检验")]
    assert {m.style for m in markers} == {"cn_paren"}
    assert [m.value for m in markers] == [1, 2, 3]


@pytest.mark.parametrize(
    "text",
    [
        "2023年4月客户投诉外壳划伤",
        "3.8mm的间隙过大",
        "12.5%的不良率",
        "01 基本事实",
        "-5℃低温测试开裂",
        "D10 不存在的步骤",
        "客户反馈外壳划伤",
        "",
    ],
)
def test_not_markers(text: str) -> None:
    marker, rest = parse_marker(text)
    assert marker is None
    assert rest == text.strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二、问题一：外壳划伤", "外壳划伤"),
        ("（一）1、更换内衬", "更换内衬"),
        ("D4：问题二：焊点虚焊", "焊点虚焊"),
        ("1. 更换内衬", "更换内衬"),
        ("更换内衬", "更换内衬"),
        ("（2）3.8mm的间隙过大", "3.8mm的间隙过大"),
    ],
)
def test_strip_marker_removes_stacked_markers(text: str, expected: str) -> None:
    assert strip_marker(text) == expected


def test_strip_marker_keeps_a_bracket_label_after_a_number() -> None:
    # 【原因】 names a field; stripping stops there so the label is not lost as if it were numbering.
    assert strip_marker("一、【原因】来料不良") == "【原因】来料不良"
    assert strip_marker("【原因】来料不良") == "来料不良"


def test_strip_marker_keeps_a_leading_decimal() -> None:
    assert parse_marker("0.5毫米的装配间隙不足")[0] is None
    assert strip_marker("（2）0.5毫米的装配间隙不足") == "0.5毫米的装配间隙不足"


@pytest.mark.parametrize(
    ("text", "lead", "items"),
    [
        ("主要原因有：（1）内衬过硬；（2）未放防护垫；（3）员工未培训。后续持续跟踪。",
         "主要原因有：", ["内衬过硬；", "未放防护垫；", "员工未培训。"]),
        ("原因如下：①内衬过硬；②未放防护垫；③员工未培训。",
         "原因如下：", ["内衬过硬；", "未放防护垫；", "员工未培训。"]),
        ("采取措施：一是更换内衬，二是增加防护垫，三是加强培训。",
         "采取措施：", ["更换内衬", "增加防护垫", "加强培训。"]),
        ("整改如下：第一，更换内衬；第二，增加防护垫；第三，加强培训。",
         "整改如下：", ["更换内衬；", "增加防护垫；", "加强培训。"]),
        ("措施：1、更换内衬；2、增加防护垫。", "措施：", ["更换内衬；", "增加防护垫。"]),
    ],
)
def test_split_inline(text: str, lead: str, items: list[str]) -> None:
    found = split_inline(text)
    assert found is not None
    assert found[0] == lead
    assert found[1] == items


def test_split_inline_last_item_ends_with_its_sentence() -> None:
    _, items = split_inline("原因：（1）内衬过硬；（2）未放防护垫。另外客户要求8D回复。")
    assert items[-1] == "未放防护垫。"
    assert split_inline_rest("原因：（1）内衬过硬；（2）未放防护垫。另外客户要求8D回复。")[2] == "另外客户要求8D回复。"


def test_split_inline_skips_numbers_out_of_sequence() -> None:
    # The list counts 1, 2; a later (5) is a reference inside item two, not a new item.
    assert split_inline("原因有：（1）内衬过硬；（2）未放防护垫，详见附表（5）。") == (
        "原因有：", ["内衬过硬；", "未放防护垫，详见附表（5）。"])


@pytest.mark.parametrize(
    "text",
    [
        "详见附件(1)。",
        "本月共3起，其中2起为划伤。",
        "共3起，其中2起",
        "（2）内衬过硬；（3）未放防护垫。",
        "统一是本次整改的要求，统二是笔误",
        "外壳划伤",
    ],
)
def test_split_inline_needs_a_counted_list(text: str) -> None:
    assert split_inline(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("九十九", 99), ("两", 2), ("7", 7)],
)
def test_cn_number(text: str, value: int) -> None:
    assert cn_number(text) == value


@pytest.mark.parametrize("text", ["", "甲", "一x"])
def test_cn_number_rejects_non_numerals(text: str) -> None:
    assert cn_number(text) is None


def test_english_8d_discipline_headings_are_steps():
    marker, rest = parse_marker("DISCIPLINE 4: Define and Verify Root Cause (定義及驗證根本原因) DATE: 04-08-2003")
    assert marker is not None and marker.style == "8d" and marker.value == 4
    assert rest.startswith("Define and Verify Root Cause")


@pytest.mark.parametrize(("text", "value"), [("Do准备与紧急响应", 0), ("DO 准备与紧急响应", 0), ("D0 准备", 0)])
def test_ocr_letter_o_for_zero_in_d0_is_still_the_step(text: str, value: int) -> None:
    marker, rest = parse_marker(text)
    assert marker is not None and marker.style == "8d" and marker.value == value
    assert rest.startswith("准备")


@pytest.mark.parametrize("text", ["Do not touch", "Door"])
def test_english_words_starting_with_do_are_no_step(text: str) -> None:
    assert parse_marker(text)[0] is None


def test_lettered_problem_labels_are_problem_markers():
    marker, rest = parse_marker("问题B：缩水率超标")
    assert (marker.style, marker.value, rest) == ("problem", 2, "缩水率超标")
    assert parse_marker("问题Analysis")[0] is None


def test_a_bracketed_problem_number_is_a_problem_marker_unless_a_role_follows():
    marker, rest = parse_marker("问题（二）信用卡分期")
    assert (marker.style, marker.value, rest) == ("problem", 2, "信用卡分期")
    assert parse_marker("问题（一）的原因：营销话术未经审核")[0] is None
