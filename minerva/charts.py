"""Charts for notebooks: a Pareto of complaint problems, a 5M1E fishbone, the graph around a problem.

matplotlib is imported inside the functions (``pip install 'minerva[notebook]'``), so importing
this module costs nothing. Report text is Chinese: call :func:`use_cjk_font` first, or labels
come out as empty boxes.
"""

from __future__ import annotations

import importlib.util
import os
import textwrap
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from minerva.display import FIVEM1E_ORDER

# Family names of fonts known to hold Simplified Chinese, most preferred first.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "SimHei",
    "Noto Serif CJK SC", "Noto Serif SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN",
    "AR PL UKai CN", "Droid Sans Fallback", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR",
    "Noto Sans Mono CJK SC", "Source Han Mono SC", "SimSun", "Arial Unicode MS",
)
# Words in the family name or file name of other fonts likely to hold Chinese.
CJK_HINTS = ("cjk", "han sans", "han serif", "sourcehan", "wenquanyi", "wqy", "droidsansfallback",
             "droid sans fallback", "simhei", "simsun", "yahei", "pingfang", "heiti", "ukai", "uming", " sc", " cn",
             "gb")
# Words in the file names of CJK fonts, for font files matplotlib does not list yet.
CJK_FILE_HINTS = ("cjk", "sourcehan", "hansans", "hanserif", "wqy", "wenquanyi", "droidsansfallback", "simhei",
                  "simsun", "msyh", "yahei", "pingfang", "heiti", "ukai", "uming", "notosanssc", "notoserifsc")
PROBE = "问"

INSTALL_HINT = ("No font with Chinese glyphs found. Install one: `apt-get install fonts-noto-cjk` (Debian/Ubuntu), "
                "or `pip install mplfonts` (bundles Noto Sans CJK SC), or point MINERVA_CJK_FONT at a .ttf/.otf/.ttc "
                "file; then restart the kernel.")

KIND_COLOURS = {"problem": "#e53935", "cause": "#fb8c00", "measure": "#43a047", "report": "#1e88e5"}
KIND_NAMES = {"problem": "问题 problem", "cause": "原因 cause", "measure": "措施 measure", "report": "报告 report"}
BONES = {"人": "人 Man", "机": "机 Machine", "料": "料 Material", "法": "法 Method", "环": "环 Environment",
         "测": "测 Measurement"}


def has_cjk_glyphs(path: str | os.PathLike, index: int = 0) -> bool:
    """Whether the font file (face ``index`` of a collection) has a glyph for 问."""
    from matplotlib.ft2font import FT2Font

    try:
        try:
            font = FT2Font(str(path), face_index=index)
        except TypeError:  # matplotlib < 3.10 reads the first face only
            font = FT2Font(str(path))
        return font.get_char_index(ord(PROBE)) != 0
    except (OSError, RuntimeError, ValueError):
        return False


def _font_entries():
    from matplotlib import font_manager

    return font_manager.fontManager.ttflist


def _rank(name: str) -> int:
    return CJK_FAMILIES.index(name) if name in CJK_FAMILIES else len(CJK_FAMILIES)


def _hinted(entry) -> bool:
    text = f" {entry.name} {Path(entry.fname).name}".lower()
    return entry.name in CJK_FAMILIES or any(h in text for h in CJK_HINTS)


def _unlisted_font_files() -> list[str]:
    """CJK font files matplotlib may not list yet: mplfonts' bundled fonts, and system font files
    installed after matplotlib built its font cache."""
    from matplotlib import font_manager

    found = []
    spec = importlib.util.find_spec("mplfonts")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            found.extend(str(p) for p in sorted(Path(folder, "fonts").glob("*.[ot]t[fc]")))
    known = {e.fname for e in _font_entries()}
    for path in font_manager.findSystemFonts():
        name = Path(path).name.lower()
        if path not in known and any(h in name.replace("-", "").replace("_", "") for h in CJK_FILE_HINTS):
            found.append(path)
    return found


def _best_entry(fname: str | None = None):
    """The listed font entry with Chinese glyphs, by preference (only faces of ``fname`` if
    given); ``None`` if there is none."""
    entries = [e for e in _font_entries() if e.fname == fname] if fname else [e for e in _font_entries() if _hinted(e)]
    ranked = sorted(entries, key=lambda e: (_rank(e.name), e.weight != 400, e.style != "normal", e.fname,
                                            getattr(e, "index", 0)))
    for entry in ranked:
        if has_cjk_glyphs(entry.fname, getattr(entry, "index", 0)):
            return entry
    return None


def _register(path: str) -> bool:
    from matplotlib import font_manager

    if not (Path(path).is_file() and has_cjk_glyphs(path)):
        return False
    try:
        font_manager.fontManager.addfont(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def _cjk_entry():
    """The font entry to use for Chinese, registering with matplotlib a file it does not list."""
    override = os.environ.get("MINERVA_CJK_FONT")
    if override:
        if not _register(override):
            raise RuntimeError(f"MINERVA_CJK_FONT={override}: not a readable font with Chinese glyphs")
        return _best_entry(override)
    entry = _best_entry()
    if entry is not None:
        return entry
    for path in _unlisted_font_files():
        if _register(path):
            return _best_entry(path)
    return None


def find_cjk_font() -> str | None:
    """Path of an installed font with Chinese glyphs (checked: it has a glyph for 问), or ``None``.

    ``MINERVA_CJK_FONT`` (a font file) wins; otherwise matplotlib's fonts are searched for Noto
    Sans CJK, Source Han, WenQuanYi, SimHei, Droid Sans Fallback and the like, then system and
    mplfonts font files matplotlib does not list yet.
    """
    entry = _cjk_entry()
    return entry.fname if entry is not None else None


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese: put a CJK font first in the sans-serif list.

    Returns the font's family name; raises ``RuntimeError`` saying how to install one if none
    is found.
    """
    import matplotlib

    entry = _cjk_entry()
    if entry is None:
        raise RuntimeError(INSTALL_HINT)
    sans = [entry.name, *[f for f in matplotlib.rcParams["font.sans-serif"] if f != entry.name]]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = sans
    matplotlib.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212
    return entry.name


def short(text: Any, width: int = 14) -> str:
    """A label cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def wrap(text: Any, width: int = 14, lines: int = 2) -> str:
    """A label broken every ``width`` characters (Chinese has no spaces to break at), at most
    ``lines`` lines."""
    text = " ".join(str(text or "").split())
    chunks = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(chunks) > lines:
        chunks = chunks[:lines]
        chunks[-1] = chunks[-1][: width - 1] + "…"
    return "\n".join(chunks)


def _axes(ax, size):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size)
    return ax


def problem_family(graph: nx.DiGraph, report_id: int, problem: str) -> str | None:
    """The problem concept node that a case (report id and problem wording) belongs to."""
    report = f"report:{report_id}"
    if report not in graph:
        return None
    for node in graph.successors(report):
        data = graph.nodes[node]
        if data.get("kind") == "problem" and problem in data.get("texts", ()):
            return node
    return None


def problem_counts(data, graph: nx.DiGraph | None = None) -> list[tuple[str, int]]:
    """Complaint problems by number of distinct reports, most first.

    ``data`` is the knowledge graph (problem concepts by ``support_reports``) or a cases
    DataFrame (``kb.cases().to_pandas()``). For a DataFrame, rows are grouped by problem concept
    when ``graph`` is given, by a ``family`` column if it has one, else by problem wording.
    """
    if isinstance(data, nx.Graph):
        counts = Counter({d["label"]: d.get("support_reports", 0) for _, d in data.nodes(data=True)
                          if d.get("kind") == "problem"})
    else:
        reports: dict[str, set] = defaultdict(set)
        for row in _records(data):
            family = None
            if graph is not None:
                node = problem_family(graph, row["report_id"], row["problem"])
                family = graph.nodes[node]["label"] if node else None
            family = family or row.get("family") or row["problem"]
            reports[family].add(row["report_id"])
        counts = Counter({family: len(ids) for family, ids in reports.items()})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def pareto(cases_df, ax=None, graph: nx.DiGraph | None = None, top: int = 15):
    """Pareto chart of complaint problems: bars of reports per problem, most first, and the
    cumulative share as a line on a second axis (80 % marked). ``cases_df`` may also be the
    knowledge graph itself; see :func:`problem_counts`. Returns the bar axes."""
    from matplotlib.ticker import PercentFormatter

    counts = problem_counts(cases_df, graph)
    total = sum(n for _, n in counts) or 1
    if len(counts) > top:
        rest = sum(n for _, n in counts[top - 1:])
        counts = counts[: top - 1] + [(f"其他 other ({len(counts) - top + 1})", rest)]
    ax = _axes(ax, (max(8, 0.6 * len(counts) + 3), 6))
    labels = [short(name, 12) for name, _ in counts]
    values = [n for _, n in counts]
    xs = range(len(values))
    ax.bar(xs, values, color="#1e88e5", edgecolor="#0d47a1")
    ax.set_xticks(list(xs), labels, fontsize=9, rotation=40, ha="right", rotation_mode="anchor")
    ax.set_ylabel("报告数 reports")
    ax.set_title("客诉问题帕累托图 Pareto of complaint problems")
    ax.yaxis.get_major_locator().set_params(integer=True)
    share = ax.twinx()
    cumulative, running = [], 0
    for n in values:
        running += n
        cumulative.append(100 * running / total)
    share.plot(list(xs), cumulative, color="#e53935", marker="o", linewidth=1.5)
    share.axhline(80, color="#e53935", linestyle=":", linewidth=1)
    share.set_ylim(0, 105)
    share.yaxis.set_major_formatter(PercentFormatter())
    share.set_ylabel("累计 cumulative %")
    ax.figure.tight_layout()
    return ax


def _records(cases) -> list[dict]:
    """Rows of a cases DataFrame, or a list of dicts (``kb.cases().rows()``) as they are."""
    return cases.to_dict("records") if hasattr(cases, "to_dict") else list(cases)


def causes_by_5m1e(graph: nx.DiGraph, problem_node: str, cases=None) -> dict[str, list[str]]:
    """The cause concepts behind ``problem_node`` grouped by 5M1E category (``unknown`` too),
    most supported first.

    A concept is labelled by its medoid phrasing, which may come from a report about something
    else; given ``cases`` (the cases DataFrame or rows), each cause is labelled instead with the
    wording of a case of this problem family.
    """
    causes = [c for _, c, e in graph.out_edges(problem_node, data=True) if e.get("relation") == "caused_by"]
    wording: dict[str, str] = {}
    if cases is not None:
        for row in _records(cases):
            if problem_family(graph, row["report_id"], row["problem"]) != problem_node:
                continue
            for text in row.get("causes") or []:
                for cause in causes:
                    if text in graph.nodes[cause].get("texts", ()):
                        wording.setdefault(cause, text)
    grouped: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for cause in causes:
        data = graph.nodes[cause]
        label = wording.get(cause, data["label"])
        grouped[data.get("fivem1e") or "unknown"].append((data.get("support_reports", 0), label))
    return {k: [label for _, label in sorted(v, key=lambda item: (-item[0], item[1]))] for k, v in grouped.items()}


def fishbone(graph: nx.DiGraph, problem_node: str, ax=None, cases=None):
    """5M1E fishbone (Ishikawa) diagram of the causes behind one problem concept: a spine to the
    problem, bones 人 机 料 法 (top) and 环 测 ... (bottom) with the cause labels. Causes with no
    5M1E category are listed under the spine. ``cases``: label causes with this family's own
    wordings (see :func:`causes_by_5m1e`). Returns the axes."""
    grouped = causes_by_5m1e(graph, problem_node, cases)
    ax = _axes(ax, (13, 7.5))
    ax.set_axis_off()
    head_x, tail_x, rise, most = 13.0, 0.3, 4.2, 5
    ax.plot([tail_x, head_x], [0, 0], color="#333", linewidth=3, solid_capstyle="round")
    ax.annotate("", xy=(head_x + 0.15, 0), xytext=(head_x - 0.4, 0),
                arrowprops={"arrowstyle": "-|>", "color": "#333", "lw": 3})
    problem = graph.nodes[problem_node]["label"]
    ax.text(head_x + 0.3, 0, wrap(problem, 7, 4), ha="left", va="center", fontsize=13, fontweight="bold",
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "#ffebee", "edgecolor": "#e53935"})
    joints = [3.9, 7.6, 11.3]
    for i, key in enumerate(FIVEM1E_ORDER):
        side = 1 if i < 3 else -1
        x0 = joints[i % 3]
        x1, y1 = x0 - 2.6, side * rise
        ax.plot([x1, x0], [y1, 0], color="#555", linewidth=2)
        ax.text(x1, y1 + side * 0.35, BONES[key], ha="center", va="bottom" if side > 0 else "top", fontsize=13,
                fontweight="bold", color="#0d47a1",
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "#e3f2fd", "edgecolor": "#1e88e5"})
        causes = grouped.get(key, [])
        shown = causes[:most]
        for j, label in enumerate(shown):
            t = (j + 1) / (len(shown) + 1)
            px, py = x1 + (x0 - x1) * t, y1 * (1 - t)
            ax.plot([px - 0.3, px], [py, py], color="#888", linewidth=1)
            ax.text(px - 0.35, py, wrap(label, 12, 3 if len(shown) <= 3 else 2), ha="right", va="center",
                    fontsize=9.5, color="#222")
        if len(causes) > most:
            ax.text(x1, y1 - side * 0.4, f"+{len(causes) - most} more", fontsize=8, color="#666", ha="right")
    unknown = grouped.get("unknown", [])
    if unknown:
        note = "未归类 unclassified: " + "；".join(short(c, 24) for c in unknown[:4])
        ax.text(tail_x, -rise - 1.3, note, fontsize=9, color="#555", ha="left", va="top")
    ax.set_xlim(-2.4, head_x + 2.4)
    ax.set_ylim(-rise - (1.9 if unknown else 1.1), rise + 1.1)
    ax.set_title("5M1E 鱼骨图 fishbone: " + short(problem, 30), fontsize=14)
    return ax


COLUMNS = {"report": 0, "problem": 1, "cause": 2, "measure": 3}


def _column_layout(graph: nx.DiGraph, center: str) -> dict[str, tuple[float, float]]:
    """Nodes in columns by kind (report, problem, cause, measure), each column ordered so that
    nodes sit near their neighbours (a few barycentre sweeps), the centre first."""
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(graph.nodes):
        columns[COLUMNS.get(graph.nodes[node].get("kind"), 4)].append(node)
    height = max(len(nodes) for nodes in columns.values())
    y = {}
    for nodes in columns.values():
        nodes.sort(key=lambda n: (n != center, -graph.nodes[n].get("support_reports", 1), n))
        for i, node in enumerate(nodes):
            y[node] = _spread(i, len(nodes), height)
    undirected = graph.to_undirected(as_view=True)
    for _ in range(4):
        for col in sorted(columns):
            nodes = columns[col]
            bary = {n: sum(y[m] for m in undirected[n]) / len(undirected[n]) if len(undirected[n]) else y[n]
                    for n in nodes}
            nodes.sort(key=lambda n: (bary[n], n))
            for i, node in enumerate(nodes):
                y[node] = _spread(i, len(nodes), height)
    return {node: (2.0 * COLUMNS.get(graph.nodes[node].get("kind"), 4), y[node]) for node in graph.nodes}


def _spread(i: int, n: int, height: int) -> float:
    """Position ``i`` of ``n`` spread over a column ``height`` nodes tall, top to bottom."""
    return -(i + 0.5) * height / n


def graph_view(graph: nx.DiGraph, center_node: str, ax=None, radius: int = 2, max_nodes: int = 40):
    """The knowledge graph around ``center_node``: its ego graph (nodes within ``radius`` steps,
    either direction) in columns report → problem → cause → measure, coloured by kind and
    labelled. Past ``max_nodes`` the farthest and least supported nodes are left out. Returns
    the axes."""
    ego = nx.ego_graph(graph, center_node, radius=radius, undirected=True)
    distance = nx.single_source_shortest_path_length(ego.to_undirected(as_view=True), center_node)
    ranked = sorted(ego.nodes, key=lambda n: (distance[n], -ego.nodes[n].get("support_reports", 1), n))
    sub = ego.subgraph(ranked[:max_nodes])
    pos = _column_layout(sub, center_node)
    tallest = max(Counter(COLUMNS.get(d.get("kind"), 4) for _, d in sub.nodes(data=True)).values())
    ax = _axes(ax, (16, max(6, 0.42 * tallest + 2)))
    ax.set_axis_off()
    near = [(u, v) for u, v in sub.edges if center_node in (u, v)]
    far = [(u, v) for u, v in sub.edges if center_node not in (u, v)]
    nx.draw_networkx_edges(sub, pos, edgelist=far, ax=ax, edge_color="#d0d0d0", arrows=True, arrowsize=7,
                           width=0.6, node_size=220)
    nx.draw_networkx_edges(sub, pos, edgelist=near, ax=ax, edge_color="#e57373", arrows=True, arrowsize=9,
                           width=1.2, node_size=220)
    for kind, colour in KIND_COLOURS.items():
        nodes = [n for n in sub.nodes if sub.nodes[n].get("kind") == kind]
        if not nodes:
            continue
        sizes = [700 if n == center_node else 120 + 60 * sub.nodes[n].get("support_reports", 1) for n in nodes]
        nx.draw_networkx_nodes(sub, pos, nodelist=nodes, node_color=colour, node_size=sizes, ax=ax,
                               label=KIND_NAMES[kind], alpha=0.95, edgecolors="white")
    for node in sub.nodes:
        data = sub.nodes[node]
        text = data.get("title") if data.get("kind") == "report" else data.get("label")
        x, y = pos[node]
        centre = node == center_node
        ax.text(x + 0.12, y, short(text or node, 22), fontsize=10 if centre else 8, ha="left", va="center",
                fontweight="bold" if centre else "normal", color="#b71c1c" if centre else "#222")
    for kind, col in COLUMNS.items():
        ax.text(2.0 * col, 0.6, KIND_NAMES[kind], ha="left", va="bottom", fontsize=11, fontweight="bold",
                color=KIND_COLOURS[kind])
    ax.set_xlim(-0.4, 2.0 * max(COLUMNS.values()) + 2.0)
    ax.set_title("知识图谱 knowledge graph around: " + short(graph.nodes[center_node].get("label", center_node), 30)
                 + f" (radius {radius})", fontsize=13)
    return ax
