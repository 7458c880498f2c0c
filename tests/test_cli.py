"""The ``minerva extract`` command, run through typer's CliRunner on reports written to tmp_path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minerva.cli import app
from tests.builders import partly_scanned_pdf

REPORT = """# 客户投诉整改报告

报告日期：2023-05-12

编制单位：深圳市某某科技有限公司

## 一、问题描述

客户反馈蓝牙耳机外壳划伤，不良率3%。

## 二、原因分析

（1）包装内衬材料过硬，运输中摩擦外壳。
（2）装配工位未放置防护垫。

## 三、整改措施

1、更换EPE珍珠棉内衬。
2、装配工位增加防护垫，每班点检。
3、对库存成品全检。

## 四、效果验证

改善后连续3批出货，不良率降至0.1%，未再收到同类投诉。
"""

MEASURES = ["更换EPE珍珠棉内衬", "装配工位增加防护垫，每班点检", "对库存成品全检"]
CAUSES = ["包装内衬材料过硬，运输中摩擦外壳", "装配工位未放置防护垫"]

runner = CliRunner()


def flat(text: str) -> str:
    """Console output without the line wrapping and tree rules rich adds at its width."""
    return "".join(text.replace("│", "").split())


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "整改报告.md"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_extract_prints_problem_causes_and_measures(report: Path) -> None:
    result = runner.invoke(app, ["extract", str(report)])
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "客户投诉整改报告" in out
    assert "深圳市某某科技有限公司" in out and "2023-05-12" in out
    assert "外壳划伤" in out
    for text in CAUSES + MEASURES:
        assert flat(text) in out
    assert "effective" in out
    assert out.index(flat(MEASURES[0])) < out.index(flat(MEASURES[1])) < out.index(flat(MEASURES[2]))


def test_out_writes_gold_format_json(report: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(report), "--out", str(out_dir)])
    assert result.exit_code == 0, result.output
    target = out_dir / "整改报告.json"
    assert sorted(p.name for p in out_dir.iterdir()) == ["整改报告.json"]
    data = json.loads(target.read_text(encoding="utf-8"))
    [rep] = data["reports"]
    assert rep["title"] == "客户投诉整改报告"
    assert rep["org"] == "深圳市某某科技有限公司"
    assert rep["date"] == "2023-05-12"
    [case] = rep["cases"]
    assert set(case) >= {"problem", "causes", "measures", "effect", "effective"}
    assert "外壳划伤" in case["problem"]
    assert case["causes"] == CAUSES
    assert case["measures"] == MEASURES
    assert "降至0.1%" in case["effect"]
    assert case["effective"] is True


def test_json_prints_valid_json(report: Path) -> None:
    result = runner.invoke(app, ["extract", str(report), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [str(report)]
    [rep] = data[str(report)]["reports"]
    assert rep["cases"][0]["measures"] == MEASURES


def test_folder_with_a_corrupt_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.md").write_text(REPORT, encoding="utf-8")
    bad = folder / "bad.docx"
    bad.write_bytes(os.urandom(4096))
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out_dir)])
    assert result.exit_code == 0, result.output
    good = json.loads((out_dir / "good.json").read_text(encoding="utf-8"))
    assert good["reports"][0]["cases"][0]["measures"] == MEASURES
    bad_json = out_dir / "bad.json"
    if bad_json.exists():
        assert json.loads(bad_json.read_text(encoding="utf-8"))["reports"] == []
    err = flat(result.stderr)
    assert flat(str(bad)) in err
    assert "corrupt" in err
    assert "good.md" not in err


def test_only_unreadable_files_exit_nonzero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(os.urandom(1024))
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 1
    assert flat(str(bad)) in flat(result.stderr)


def test_hidden_and_lock_files_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / ".backup").mkdir(parents=True)
    (folder / "sub").mkdir()
    (folder / "good.md").write_text(REPORT, encoding="utf-8")
    (folder / "sub" / "deep.md").write_text(REPORT, encoding="utf-8")
    (folder / ".hidden.md").write_text(REPORT, encoding="utf-8")
    (folder / ".backup" / "old.md").write_text(REPORT, encoding="utf-8")
    (folder / "~$lock.docx").write_bytes(os.urandom(162))
    (folder / "notes.xyz").write_text("不是报告", encoding="utf-8")
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out_dir)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out_dir.iterdir()) == ["deep.json", "good.json"]
    assert result.stderr == ""
    result = runner.invoke(app, ["extract", str(folder), "--json"])
    assert sorted(Path(k).name for k in json.loads(result.stdout)) == ["deep.md", "good.md"]


def test_folder_given_relative_to_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    result = runner.invoke(app, ["extract", "../reports", "--json"])
    assert result.exit_code == 0, result.output
    assert [Path(k).name for k in json.loads(result.stdout)] == ["good.md"]


def test_out_keeps_one_json_per_input(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "report.md").write_text(REPORT, encoding="utf-8")
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out_dir)])
    assert result.exit_code == 0, result.output
    assert len(list(out_dir.glob("*.json"))) == 2


def test_pages_without_text_layer_are_named_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "partly.pdf"
    partly_scanned_pdf(path)
    result = CliRunner().invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0
    assert "partly.pdf" in result.stderr and "pages 2" in result.stderr and "OCR" in result.stderr
    payload = json.loads(result.stdout)
    assert payload[str(path)]["reports"][0]["warnings"]
