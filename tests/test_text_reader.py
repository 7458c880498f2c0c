"""The plain-text/Markdown reader: encoding detection, Markdown structure, provenance, failure reasons."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from minerva import read_document
from minerva.errors import ExtractionError

REPORT = (
    "客户投诉整改报告\n"
    "\n"
    "一、问题描述\n"
    "客户反馈蓝牙耳机外壳划伤，不良率3.2%。\n"
    "\n"
    "二、原因分析\n"
    "（1）包装内衬材料过硬，运输中摩擦外壳；\n"
    "（2）装配工位未放置防护垫。\n"
    "\n"
    "三、整改措施\n"
    "1、更换EPE珍珠棉内衬。\n"
    "2、装配工位增加防护垫，每班点检。\n"
)

ENCODINGS = {
    "utf-8": REPORT.encode("utf-8"),
    "utf-8-bom": codecs.BOM_UTF8 + REPORT.encode("utf-8"),
    "gb18030": REPORT.encode("gb18030"),
    "gbk": REPORT.encode("gbk"),
    "utf-16-le-bom": codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"),
    "utf-16-be-bom": codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"),
}


def _blocks(path: Path) -> list[tuple[str, str, int | None]]:
    return [(b.kind, b.text, b.source.paragraph) for b in read_document(path).blocks]


def test_reference_text_reads_as_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(ENCODINGS["utf-8"])
    assert _blocks(path) == [
        ("paragraph", "客户投诉整改报告", 1),
        ("paragraph", "一、问题描述", 3),
        ("paragraph", "客户反馈蓝牙耳机外壳划伤，不良率3.2%。", 4),
        ("paragraph", "二、原因分析", 6),
        ("paragraph", "（1）包装内衬材料过硬，运输中摩擦外壳；", 7),
        ("paragraph", "（2）装配工位未放置防护垫。", 8),
        ("paragraph", "三、整改措施", 10),
        ("paragraph", "1、更换EPE珍珠棉内衬。", 11),
        ("paragraph", "2、装配工位增加防护垫，每班点检。", 12),
    ]


@pytest.mark.parametrize("encoding", [e for e in ENCODINGS if e != "utf-8"])
def test_every_encoding_reads_back_identically(tmp_path: Path, encoding: str) -> None:
    reference = tmp_path / "utf8.txt"
    reference.write_bytes(ENCODINGS["utf-8"])
    other = tmp_path / f"{encoding}.txt"
    other.write_bytes(ENCODINGS[encoding])
    got = _blocks(other)
    assert got == _blocks(reference)
    assert not got[0][1].startswith("\ufeff")


def test_windows_line_endings_in_gbk(tmp_path: Path) -> None:
    reference = tmp_path / "utf8.txt"
    reference.write_bytes(ENCODINGS["utf-8"])
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(REPORT.replace("\n", "\r\n").encode("gbk"))
    assert _blocks(crlf) == _blocks(reference)


def test_markdown_structure(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(
        "# 客户投诉整改报告\n"
        "\n"
        "## 一、问题描述\n"
        "\n"
        "客户反馈外壳划伤。\n"
        "\n"
        "- 更换内衬\n"
        "* 增加防护垫\n"
        "\n"
        "| 项目 | 内容 |\n"
        "| --- | :---: |\n"
        "| 原因 | 内衬过硬<br>未放防护垫 |\n"
        "| 措施 | 更换内衬 |\n"
        "\n"
        "结论段落\n",
        encoding="utf-8",
    )
    blocks = read_document(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("title", "客户投诉整改报告"),
        ("heading", "一、问题描述"),
        ("paragraph", "客户反馈外壳划伤。"),
        ("item", "更换内衬"),
        ("item", "增加防护垫"),
        ("table", "项目 | 内容\n原因 | 内衬过硬\n未放防护垫\n措施 | 更换内衬"),
        ("paragraph", "结论段落"),
    ]
    title, heading, _, item, item2, table, _ = blocks
    assert title.level == 0
    assert heading.level == 1
    assert item.label == "•" and item2.label == "•"
    # The alignment rule row is not a data row; <br> is a line break inside the cell.
    assert table.rows == [["项目", "内容"], ["原因", "内衬过硬\n未放防护垫"], ["措施", "更换内衬"]]
    assert [b.source.paragraph for b in blocks] == [1, 3, 5, 7, 8, 10, 15]


def test_txt_keeps_markdown_syntax_as_text(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("# 标题\n- 条目\n", encoding="utf-8")
    assert [(b.kind, b.text, b.label) for b in read_document(path).blocks] == [
        ("paragraph", "# 标题", ""),
        ("paragraph", "- 条目", ""),
    ]


def test_txt_paragraphs_separated_by_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("第一段\n\n\n\u3000\u3000第二段\n   \n第三段\n", encoding="utf-8")
    assert _blocks(path) == [("paragraph", "第一段", 1), ("paragraph", "第二段", 4), ("paragraph", "第三段", 6)]


def test_provenance_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("# 标题\n\n正文一\n正文二\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.path == str(path)
    assert [b.source.file for b in doc.blocks] == [str(path)] * 3
    assert [b.source.paragraph for b in doc.blocks] == [1, 3, 4]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空报告.txt"
    path.write_bytes(b"")
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert info.value.reason == "empty"
    assert str(path) in str(info.value)
    assert info.value.path == str(path)


@pytest.mark.parametrize("data", [b"  \n\n\t \r\n", "\u3000\u3000\n  \n".encode(), codecs.BOM_UTF8,
                                  codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_whitespace_only_file_is_empty(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(data)
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert info.value.reason == "empty"
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".DOC"])
def test_legacy_word_formats_are_converted_not_refused(tmp_path: Path, suffix: str) -> None:
    """Old Word/WPS files go to the converter (tests/test_legacy_formats.py); a broken one fails."""
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert info.value.reason in ("corrupt", "converter-missing")
    assert str(path) in str(info.value)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.xyz"
    path.write_text("客户投诉整改报告", encoding="utf-8")
    with pytest.raises(ExtractionError) as info:
        read_document(path)
    assert info.value.reason == "unsupported"
    assert str(path) in str(info.value)


def test_front_matter_keeps_file_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("---\ntitle: 报告\nauthor: 品质部\n---\n# 客户投诉整改报告\n\n正文\n", encoding="utf-8")
    blocks = read_document(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [("title", "客户投诉整改报告"), ("paragraph", "正文")]
    assert [b.source.paragraph for b in blocks] == [5, 7]


def test_leading_rule_without_front_matter_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("---\n# 客户投诉整改报告\n\n外壳划伤\n\n| 项目 | 内容 |\n| --- | --- |\n| 原因 | 内衬过硬 |\n",
                    encoding="utf-8")
    texts = [b.text for b in read_document(path).blocks]
    assert "客户投诉整改报告" in texts
    assert "外壳划伤" in texts
    assert read_document(path).blocks[-1].rows == [["项目", "内容"], ["原因", "内衬过硬"]]
