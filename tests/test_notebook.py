"""The quick-start notebook runs top to bottom on the example archive and saves real charts."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHARTS = ("pareto.png", "fishbone.png", "graph.png")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def stdout_of(nb) -> str:
    return "".join(o.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                   for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stdout")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    out = tmp_path_factory.mktemp("notebook-out")
    nb = nbformat.read(NOTEBOOKS / "quickstart.ipynb", as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MINERVA_NOTEBOOK_OUT", str(out))
        mp.delenv("MINERVA_CJK_FONT", raising=False)
        client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                         resources={"metadata": {"path": str(NOTEBOOKS)}})
        client.execute()
    return nb, out


def test_notebook_runs_without_errors(executed):
    nb, _ = executed
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, [f"{e['ename']}: {e['evalue']}" for e in errors]
    read = re.search(r"(\d+) files read, 0 failed", stdout_of(nb))
    assert read and int(read.group(1)) >= 12, stdout_of(nb)


@pytest.mark.parametrize("name", CHARTS)
def test_notebook_saves_each_chart_as_a_real_png(executed, name):
    _, out = executed
    path = out / name
    assert path.is_file(), sorted(p.name for p in out.iterdir())
    assert path.stat().st_size > 10_000
    width, height = png_size(path)
    assert 500 <= width <= 4000 and 400 <= height <= 4000, (width, height)


def test_notebook_shows_the_charts_and_the_recommendation(executed):
    nb, _ = executed
    images = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) == len(CHARTS)
    html = "".join(o["data"]["text/html"] for cell in nb.cells if cell.cell_type == "code"
                   for o in cell.get("outputs", []) if "text/html" in o.get("data", {}))
    assert "快递送来的烤箱外箱压塌、玻璃门碎了" in html and "Suggested measures" in html
    assert "ranked by words" in html
    assert "Likely causes" in html and "01-jiadian-baozhuang.docx" in html


def test_notebook_uses_a_real_cjk_font(executed):
    nb, _ = executed
    text = stdout_of(nb)
    found = re.search(r"^CJK font file: (.+)$", text, re.M)
    assert found, f"the notebook names no CJK font:\n{text}"
    from matplotlib.ft2font import FT2Font

    path = found.group(1).strip()
    assert Path(path).is_file()
    assert FT2Font(path).get_char_index(ord("问")) != 0


def test_committed_notebook_matches_its_generator():
    """notebooks/quickstart.ipynb is what make_quickstart.py writes (regenerate after editing)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_quickstart", NOTEBOOKS / "make_quickstart.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = nbformat.read(NOTEBOOKS / "quickstart.ipynb", as_version=4)
    built = module.build()
    assert [(c.cell_type, c.source) for c in committed.cells] == [(c.cell_type, c.source) for c in built.cells]
