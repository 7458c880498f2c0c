"""A small knowledge base for the CLI, export and draft tests: the bundled example archive plus one
markdown report whose text is hostile (HTML, script, rich markup, a spreadsheet formula), ingested
with ``minerva ingest`` through CliRunner."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from minerva.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "archive"

HOSTILE_PROBLEM = '外壳划伤</script><script>alert("pwned")</script>'
HOSTILE_CAUSE = "包装内衬材料过硬<img src=x onerror=alert(1)>，运输中摩擦外壳"
MARKUP_CAUSE = "装配工位未放置防护垫 & \"引号\" '单引号' [bold]rich[/bold]"
FORMULA_MEASURE = '=HYPERLINK("http://evil.example","点击")装配工位增加防护垫'

HOSTILE_REPORT = f"""# 外壳划伤客户投诉整改报告

报告日期：2023-05-12

编制单位：深圳市某某科技有限公司

## 一、问题描述

客户反馈{HOSTILE_PROBLEM}，不良率3%。

## 二、原因分析

（1）{HOSTILE_CAUSE}。
（2）{MARKUP_CAUSE}。

## 三、整改措施

1、更换EPE珍珠棉内衬。
2、{FORMULA_MEASURE}。

## 四、效果验证

改善后连续3批出货，不良率降至0.1%，未再收到同类投诉。
"""


def build_kb(root: Path) -> tuple[Path, Path]:
    """(archive folder, knowledge base file) under ``root``."""
    archive = root / "archive"
    shutil.copytree(EXAMPLES, archive)
    (archive / "13-hostile.md").write_text(HOSTILE_REPORT, encoding="utf-8")
    db = root / "kb.db"
    result = CliRunner().invoke(app, ["ingest", str(archive), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return archive, db


def flat(text: str) -> str:
    """Console output without the line wrapping and tree rules rich adds at its width."""
    return "".join(text.replace("│", "").split())


def corpus_archive(folder: Path, names: tuple[str, ...], broken: str) -> Path:
    """``folder`` holding copies of these development-corpus reports and one damaged file named
    ``broken`` (a PDF or a Word file in name only), for the tests of where extraction runs or the
    base is stored."""
    from tests.conftest import CORPUS

    folder.mkdir()
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    (folder / broken).write_bytes(b"%PDF-1.4\nnot really a pdf" if broken.endswith(".pdf") else b"PK\x03\x04 no zip")
    return folder
