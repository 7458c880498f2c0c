"""Write notebooks/quickstart.ipynb (the five-minute tour) from the cells below.

    python notebooks/make_quickstart.py            # regenerate the notebook, without outputs
    python notebooks/make_quickstart.py --execute  # ... and run it in place (needs nbclient, ipykernel)
    python notebooks/make_quickstart.py --tour     # run it and redraw docs/tour.png (Pareto + fishbone)

Edit the cells here, not in the notebook, so the two stay the same.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "quickstart.ipynb"
TOUR = HERE.parent / "docs" / "tour.png"

CELLS: list[tuple[str, str]] = [
    ("md", """\
# minerva quick start

From a folder of complaint rectification reports (客诉整改报告) to problem – cause – measure
knowledge, on the bundled example archive (`examples/archive/`, 12 invented Word and PDF reports):

1. ingest the archive into a knowledge base,
2. look at the cases as a DataFrame,
3. a Pareto chart of the complaint problems,
4. a 5M1E fishbone of the causes behind the biggest problem family,
5. the knowledge graph around that family,
6. the causes that came back,
7. suggestions for a new complaint, with the evidence behind them.

Needs `pip install 'minerva[notebook]'` and a font with Chinese glyphs (see step 0). Every chart is
also saved as a PNG into `$MINERVA_NOTEBOOK_OUT` (default `notebooks/out/`)."""),
    ("code", """\
%matplotlib inline
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

import minerva
from minerva import charts
from minerva import display as views

# The repository root: the folder above us holding examples/archive.
ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "examples" / "archive").is_dir())
ARCHIVE = Path(os.environ.get("MINERVA_ARCHIVE") or ROOT / "examples" / "archive")
OUT = Path(os.environ.get("MINERVA_NOTEBOOK_OUT") or ROOT / "notebooks" / "out")
OUT.mkdir(parents=True, exist_ok=True)
pd.set_option("display.max_colwidth", 60)
print("archive:", ARCHIVE)
print("charts saved to:", OUT)"""),
    ("md", """\
## 0. A font for Chinese labels

matplotlib's default font has no Chinese glyphs (labels come out as boxes). `charts.use_cjk_font()`
finds an installed CJK font (Noto Sans CJK, Source Han, WenQuanYi, SimHei, Droid Sans Fallback…) and
makes it the default. If there is none: `apt-get install fonts-noto-cjk`, or `pip install mplfonts`,
or set `MINERVA_CJK_FONT` to a font file, then restart the kernel."""),
    ("code", """\
try:
    FONT = charts.use_cjk_font()
    print("CJK font:", FONT)
    print("CJK font file:", charts.find_cjk_font())
except RuntimeError as exc:
    FONT = None
    print(exc)"""),
    ("md", """\
## 1. Ingest the archive

Into a fresh knowledge base in a temporary folder. Files are extracted in parallel, with a progress
bar; running `ingest` again only picks up new or changed files."""),
    ("code", """\
db = Path(tempfile.mkdtemp(prefix="minerva-tour-")) / "tour.db"
kb = minerva.open(db)
summary = kb.ingest(ARCHIVE)
print(f"{summary.extracted} files read, {summary.failed} failed, {summary.counts['cases']} cases")"""),
    ("md", """\
## 2. Reports and cases

`kb.reports()` and `kb.cases()` are lists that also turn into DataFrames. One row per case: the
problem, its causes and measures, and whether the measures worked (`effective`)."""),
    ("code", """\
display(HTML(views.listing_html(kb.reports().rows())))"""),
    ("code", """\
cases = kb.cases().to_pandas()
cases[["report", "org", "date", "problem", "causes", "measures", "effective"]]"""),
    ("md", """\
## 3. Pareto of complaint problems

Problems worded differently in different reports are one *concept* in the knowledge graph
(`kb.graph`); the bars count the reports per problem concept, the line is the cumulative share."""),
    ("code", """\
graph = kb.graph
ax = charts.pareto(cases, graph=graph)
ax.figure.savefig(OUT / "pareto.png", dpi=120, bbox_inches="tight")
plt.show()"""),
    ("md", """\
## 4. 5M1E fishbone of one problem family

The problem family with the most distinct causes, picked from the graph: its causes sorted onto
the six bones 人 机 料 法 环 测 (man, machine, material, method, environment, measurement)."""),
    ("code", """\
def causes_of(node):
    return [c for _, c, e in graph.out_edges(node, data=True) if e["relation"] == "caused_by"]


problems = [n for n, d in graph.nodes(data=True) if d["kind"] == "problem"]
families = sorted(problems, key=lambda n: (-len(causes_of(n)), -graph.nodes[n]["support_reports"], n))
pd.DataFrame([{"node": n, "problem family": graph.nodes[n]["label"], "causes": len(causes_of(n)),
               "reports": graph.nodes[n]["support_reports"]} for n in families]).head()"""),
    ("code", """\
family = families[0]
ax = charts.fishbone(graph, family, cases=cases)
ax.figure.savefig(OUT / "fishbone.png", dpi=120, bbox_inches="tight")
plt.show()"""),
    ("md", """\
## 5. The knowledge graph around that family

Everything within two steps of the family: the reports that raised it, its causes and measures,
and the other problems that share them."""),
    ("code", """\
ax = charts.graph_view(graph, family, radius=2)
ax.figure.savefig(OUT / "graph.png", dpi=120, bbox_inches="tight")
plt.show()"""),
    ("md", """\
## 6. Causes that came back, and causes many share

A cause recurs when the same organisation finds it again for the same problem in a later report.
*Declared effective, came back anyway* lists the measures a report called effective against that
cause before it returned: the fixes that did not hold. The example archive holds one report per
organisation, so nothing recurs in it. Causes that several organisations found are listed below
the recurrences: shared experience, not a recurrence."""),
    ("code", """\
rows = [{"cause": r.label, "5M1E": r.fivem1e, "first": r.occurrences[0].date, "last": r.occurrences[-1].date,
         "reports": len(r.occurrences),
         "declared effective, came back anyway": [m.label for m in r.relapsed_measures]}
        for r in kb.recurring_causes()]
display(HTML(views.listing_html(rows)))
shared = [{"cause": c.label, "5M1E": c.fivem1e, "organisations": len(c.organisations), "reports": len(c.reports)}
          for c in kb.common_causes()]
display(HTML(views.listing_html(shared)))"""),
    ("md", """\
## 7. A new complaint

`kb.suggest(text)` finds the most similar past cases and ranks the measures taken for them, proven
ones first, each with the reports it comes from; then the likely causes by 5M1E."""),
    ("code", """\
rec = kb.suggest("快递送来的烤箱外箱压塌、玻璃门碎了")
display(HTML(views.recommendation_html(rec)))"""),
    ("code", """\
for png in sorted(OUT.glob("*.png")):
    print(f"{png.name}: {png.stat().st_size // 1024} KB")
kb.close()"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in CELLS:
        nb.cells.append(new_markdown_cell(source) if kind == "md" else new_code_cell(source))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"  # stable ids, so regenerating changes nothing
    return nb


def execute(nb: nbformat.NotebookNode) -> None:
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()


def side_by_side(images: list[Path], target: Path, height: int = 720, gap: int = 24) -> None:
    """The images scaled to one height, next to each other on white (the README screenshot)."""
    from PIL import Image

    scaled = []
    for path in images:
        with Image.open(path) as img:
            img = img.convert("RGB")
            scaled.append(img.resize((round(img.width * height / img.height), height), Image.LANCZOS))
    canvas = Image.new("RGB", (sum(i.width for i in scaled) + gap * (len(scaled) + 1), height + 2 * gap), "white")
    x = gap
    for img in scaled:
        canvas.paste(img, (x, gap))
        x += img.width + gap
    target.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(target, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", action="store_true", help="run the notebook and keep its outputs")
    parser.add_argument("--tour", action="store_true", help="run the notebook and redraw docs/tour.png")
    args = parser.parse_args()
    nb = build()
    nbformat.validate(nb)
    nbformat.write(nb, NOTEBOOK)
    print(f"wrote {NOTEBOOK}")
    if args.execute or args.tour:
        out = Path(os.environ.setdefault("MINERVA_NOTEBOOK_OUT", str(HERE / "out")))
        executed = build()
        execute(executed)
        if args.execute:
            nbformat.write(executed, NOTEBOOK)
            print(f"ran {NOTEBOOK} in place; charts in {out}")
        if args.tour:
            side_by_side([out / "pareto.png", out / "fishbone.png"], TOUR)
            print(f"wrote {TOUR}")


if __name__ == "__main__":
    main()
