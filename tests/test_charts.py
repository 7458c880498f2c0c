"""Notebook charts on a small graph from the vendored corpus: each writes a real PNG, Chinese
labels render with a CJK font (no missing-glyph boxes), and a CJK font can be found."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from minerva import charts  # noqa: E402
from minerva.knowledge.base import case_row  # noqa: E402
from minerva.knowledge.graph import build_graph  # noqa: E402
from tests.test_concepts import gold_cases  # noqa: E402

REPORTS = 12  # the first gold reports of the corpus: a small graph, built in a second


@pytest.fixture(scope="module")
def cases():
    return [sc for sc in gold_cases() if sc.report_id <= REPORTS]


@pytest.fixture(scope="module")
def graph(cases):
    return build_graph(cases)


@pytest.fixture(scope="module")
def rows(cases):
    return [case_row(sc) for sc in cases]


@pytest.fixture(scope="module")
def family(graph):
    """The problem concept with the most causes."""
    problems = [n for n, d in graph.nodes(data=True) if d["kind"] == "problem"]
    return max(problems, key=lambda n: (sum(map(len, charts.causes_by_5m1e(graph, n).values())), n))


@pytest.fixture(autouse=True)
def cjk(monkeypatch):
    monkeypatch.delenv("MINERVA_CJK_FONT", raising=False)
    with matplotlib.rc_context():
        charts.use_cjk_font()
        yield
    plt.close("all")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def save(ax, path: Path) -> Path:
    """Save the figure, failing on any glyph the font lacks (a box in the picture)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.figure.savefig(path, dpi=100, bbox_inches="tight")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:3]
    width, height = png_size(path)
    assert 400 <= width <= 4000 and 300 <= height <= 4000, (width, height)
    assert path.stat().st_size > 10_000
    return path


def test_find_cjk_font_returns_a_font_with_chinese_glyphs():
    path = charts.find_cjk_font()
    assert path, charts.INSTALL_HINT
    assert Path(path).is_file() and charts.has_cjk_glyphs(path)
    from matplotlib.ft2font import FT2Font

    assert FT2Font(path).get_char_index(ord("问")) != 0


def test_use_cjk_font_puts_it_first():
    name = charts.use_cjk_font()
    assert matplotlib.rcParams["font.sans-serif"][0] == name
    assert "sans-serif" in matplotlib.rcParams["font.family"]


def test_font_override_by_environment(monkeypatch, tmp_path):
    path = charts.find_cjk_font()
    monkeypatch.setenv("MINERVA_CJK_FONT", path)
    assert charts.find_cjk_font() == path
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_bytes(b"nothing")
    monkeypatch.setenv("MINERVA_CJK_FONT", str(not_a_font))
    with pytest.raises(RuntimeError, match="MINERVA_CJK_FONT"):
        charts.find_cjk_font()


def test_font_installed_after_matplotlib_cached_its_font_list_is_found(monkeypatch):
    """A font installed after matplotlib built its font cache is not in its list: the system
    font folders are searched and the font is registered."""
    from matplotlib import font_manager

    path = charts.find_cjk_font()
    stale = [e for e in font_manager.fontManager.ttflist if not charts.has_cjk_glyphs(e.fname)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [path])
    assert charts.find_cjk_font() == path


def test_missing_font_says_how_to_install(monkeypatch):
    monkeypatch.setattr(charts, "_cjk_entry", lambda: None)
    assert charts.find_cjk_font() is None
    with pytest.raises(RuntimeError, match="apt-get install fonts-noto-cjk") as info:
        charts.use_cjk_font()
    assert "pip install" in str(info.value)


def test_dejavu_has_no_chinese_glyphs():
    from matplotlib import font_manager

    assert not charts.has_cjk_glyphs(font_manager.findfont("DejaVu Sans"))


def test_problem_counts_from_graph_and_from_rows_agree(graph, rows):
    from_graph = charts.problem_counts(graph)
    from_rows = charts.problem_counts(rows, graph)
    assert dict(from_graph) == dict(from_rows)
    counts = [n for _, n in from_graph]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 1
    # without the graph, rows are grouped by their own wording
    assert sum(n for _, n in charts.problem_counts(rows)) >= len({(r["report_id"], r["problem"]) for r in rows}) / 2


def test_pareto_png(tmp_path, graph, rows):
    pd = pytest.importorskip("pandas")
    ax = charts.pareto(pd.DataFrame(rows), graph=graph)
    assert len(ax.patches) == min(len(charts.problem_counts(graph)), 15)
    save(ax, tmp_path / "pareto.png")


def test_pareto_of_the_graph_itself(tmp_path, graph):
    ax = charts.pareto(graph, top=5)
    assert len(ax.patches) == 5
    assert "其他" in ax.get_xticklabels()[-1].get_text()
    save(ax, tmp_path / "pareto-graph.png")


def test_causes_by_5m1e_uses_the_family_wordings(graph, rows, family):
    grouped = charts.causes_by_5m1e(graph, family, rows)
    assert set(grouped) <= {"人", "机", "料", "法", "环", "测", "unknown"}
    own = {c for r in rows if charts.problem_family(graph, r["report_id"], r["problem"]) == family for c in r["causes"]}
    labels = [label for group in grouped.values() for label in group]
    assert labels and set(labels) <= own


def test_fishbone_png(tmp_path, graph, rows, family):
    ax = charts.fishbone(graph, family, cases=rows)
    texts = [t.get_text() for t in ax.texts]
    for bone in ("人", "机", "料", "法", "环", "测"):
        assert any(t.startswith(bone) for t in texts), bone
    assert any(graph.nodes[family]["label"][:5] in t for t in texts)
    save(ax, tmp_path / "fishbone.png")


def test_graph_view_png(tmp_path, graph, family):
    ax = charts.graph_view(graph, family, radius=2)
    assert len(ax.collections) >= 3  # edges and at least problem, cause, measure nodes
    save(ax, tmp_path / "graph.png")


def test_graph_view_limits_nodes(graph, family):
    ax = charts.graph_view(graph, family, radius=2, max_nodes=10)
    labelled = [t for t in ax.texts if t.get_text() and t.get_position()[1] <= 0.5]
    assert len(labelled) <= 10


def test_labels_are_cut_and_wrapped():
    assert charts.short("一二三四五六七八九十", 5) == "一二三四…"
    assert charts.wrap("一二三四五六七八九十", 4, 2) == "一二三四\n五六七…"
    assert charts.wrap(None) == ""
