"""Theme catalogues: named kinds of cause, measure and problem that join phrases words cannot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from minerva.knowledge.concepts import THEME_APART, similarity_matrix
from minerva.knowledge.themes import CATALOGUES, themes, themes_of


def test_one_kind_of_cause_in_two_industries_shares_a_theme():
    bearing = themes_of("我司IQC对轴承只抽检尺寸，未做旋转噪音测试", "cause")
    plating = themes_of("来料检验只检查Pogo Pin外观和尺寸，未测量镀层厚度", "cause")
    assert bearing & plating
    film = themes_of("耳机充电触点电镀层有助焊剂残留，形成绝缘膜", "cause")
    oxide = themes_of("热电偶与电磁阀插接端子氧化，接触电阻大", "cause")
    assert film & oxide


def test_siblings_of_one_process_get_different_themes():
    stencil = themes_of("钢网厚度0.15mm偏厚，IC焊盘锡膏量过多", "cause")
    carton = themes_of("纸箱为三层瓦楞，抗压强度不足", "cause")
    stacking = themes_of("码垛9层，超出规定的7层", "cause")
    assert stencil and carton and stacking and not carton & stacking
    assert not themes_of("印刷机刮刀压力偏大，锡膏被挤出焊盘外", "cause") & stencil


def test_text_is_normalised_before_matching():
    assert themes_of("ＡＯＩ程序未设置连锡检测框", "cause") == themes_of("AOI程序未设置连锡检测框", "cause") != set()


def test_unknown_kind_has_no_themes():
    assert themes_of("钢网厚度偏厚", "report") == frozenset()


def test_shared_theme_raises_similarity_and_different_themes_lower_it():
    a, b = "耳机充电触点电镀层有助焊剂残留，形成绝缘膜", "热电偶与电磁阀插接端子氧化，接触电阻大"
    words = similarity_matrix([a, b])[0, 1]
    assert similarity_matrix([a, b], kind="cause")[0, 1] > words + 0.2
    weak, damp = "纸箱为三层瓦楞，抗压强度不足", "外箱受冷凝水浸湿后强度下降"
    words = similarity_matrix([weak, damp], kind="cause", themes=False)[0, 1]
    assert words > 0.05
    assert similarity_matrix([weak, damp], kind="cause")[0, 1] == pytest.approx(words * THEME_APART)


def test_every_catalogue_is_bundled_with_themes():
    found = themes()
    assert set(found) == set(CATALOGUES) and all(len(names) >= 20 for names in found.values())


def run_with_resources(folder: Path, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MINERVA_RESOURCES": str(folder)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_user_catalogue_adds_themes_and_patterns(tmp_path):
    (tmp_path / "cause_themes.json").write_text(json.dumps({
        "顶针磨损": ["顶针.{0,4}磨损"],
        "漏装漏放": ["少装"],
    }, ensure_ascii=False), encoding="utf-8")
    code = (
        "from minerva.knowledge.themes import themes_of\n"
        "print(sorted(themes_of('顶针严重磨损', 'cause')), sorted(themes_of('垫圈少装', 'cause')))\n"
    )
    result = run_with_resources(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['顶针磨损'] ['漏装漏放']"


def test_bad_user_pattern_names_the_file_and_theme(tmp_path):
    (tmp_path / "measure_themes.json").write_text('{"坏主题": ["(未闭合"]}', encoding="utf-8")
    result = run_with_resources(tmp_path, "from minerva.knowledge.themes import themes_of; themes_of('x', 'measure')")
    assert result.returncode != 0
    assert "measure_themes.json" in result.stderr and "坏主题" in result.stderr


@pytest.mark.parametrize("kind", sorted(CATALOGUES))
def test_bundled_catalogues_are_valid_json_with_lists_of_patterns(kind):
    path = Path(__file__).parent.parent / "minerva" / "knowledge" / "resources" / f"{CATALOGUES[kind]}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert all(isinstance(v, list) and v and all(isinstance(p, str) for p in v)
               for k, v in data.items() if not k.startswith("_"))
