"""Exports of a knowledge base: spreadsheet, CSV, gold-format JSON, GraphML and an offline HTML graph.

Every exporter takes an open :class:`~minerva.knowledge.base.KnowledgeBase` and a path::

    with minerva.open("minerva.db") as kb:
        to_xlsx(kb, "knowledge.xlsx")
        to_html(kb, "graph.html")

The spreadsheet and CSV hold one row per problem–cause–measure *triple*: every cause of a case
paired with every measure of it (a case without causes or without measures still gives rows, with
that column empty), so a filter on one cause shows all the measures taken against it. The file,
page and paragraph are where the measure was written.

The HTML page is one file with its data, script and style inline and a Content-Security-Policy
that forbids any request, so it opens from a USB stick or a mail attachment with no network.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
from base64 import b64encode
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minerva import __version__
from minerva.knowledge.base import case_row
from minerva.knowledge.fivem1e import fivem1e
from minerva.knowledge.records import StoredCase

if TYPE_CHECKING:  # pragma: no cover
    from minerva.knowledge.base import KnowledgeBase

FORMATS = ("xlsx", "csv", "json", "graphml", "html")

TRIPLE_COLUMNS = (
    "report_id", "report", "org", "date", "case_id", "problem", "cause", "cause_5m1e",
    "measure", "measure_kind", "effect", "effective", "fields", "file", "page", "paragraph",
)
CASE_COLUMNS = (
    "case_id", "report_id", "report", "org", "date", "problem", "causes", "measures", "measure_kinds",
    "effect", "effective", "fields", "files",
)


# ---------------------------------------------------------------------------------------- triples

def triples(cases: Iterable[StoredCase]) -> list[dict[str, Any]]:
    """One row per (case, cause, measure); ``None`` stands for a missing cause or measure."""
    rows = []
    for sc in cases:
        case = sc.case
        for cause in case.causes or [None]:
            for measure in case.measures or [None]:
                source = (measure.source if measure else None) or (cause.source if cause else None) or case.source
                rows.append({
                    "report_id": sc.report_id,
                    "report": sc.report_title,
                    "org": sc.org,
                    "date": sc.date,
                    "case_id": sc.id,
                    "problem": case.problem,
                    "cause": cause.text if cause else None,
                    "cause_5m1e": fivem1e(cause.text) if cause else None,
                    "measure": measure.text if measure else None,
                    "measure_kind": measure.kind if measure else None,
                    "effect": case.effect,
                    "effective": case.effective,
                    "fields": "；".join(f"{k}：{v}" for k, v in case.fields.items()) or None,
                    "file": (source.file if source else None) or (sc.files[0] if sc.files else None),
                    "page": source.page if source else None,
                    "paragraph": source.paragraph if source else None,
                })
    return rows


def _case_rows(cases: Iterable[StoredCase]) -> list[dict[str, Any]]:
    out = []
    for sc in cases:
        row = case_row(sc)
        for key in ("causes", "measures", "measure_kinds", "files"):
            row[key] = "\n".join(row[key])
        row["fields"] = "\n".join(f"{k}：{v}" for k, v in row["fields"].items())
        out.append(row)
    return out


# ------------------------------------------------------------------------------------------- xlsx

def to_xlsx(kb: KnowledgeBase, path: str | Path) -> int:
    """Write a workbook with a ``triples`` sheet and a ``cases`` sheet; returns the triple count."""
    try:
        from openpyxl import Workbook
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the xlsx export needs openpyxl: pip install 'minerva[export]'") from exc

    cases = kb.cases()
    rows = triples(cases)
    book = Workbook()
    sheet = book.active
    sheet.title = "triples"
    _fill_sheet(sheet, TRIPLE_COLUMNS, rows, wide={"problem", "cause", "measure", "effect", "report", "file"})
    _fill_sheet(book.create_sheet("cases"), CASE_COLUMNS, _case_rows(cases),
                wide={"problem", "causes", "measures", "effect", "report", "files"})
    book.save(str(path))
    return len(rows)


def _fill_sheet(sheet, columns: tuple[str, ...], rows: list[dict], wide: set[str]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for c, key in enumerate(columns, start=1):
            value = row.get(key)
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                # Set as a string explicitly: report text starting with "=" must not become a formula.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"
                cell.alignment = wrap
            else:
                cell.value = value
    for c, key in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = 40 if key in wide else 12
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


# -------------------------------------------------------------------------------------------- csv

def to_csv(kb: KnowledgeBase, path: str | Path) -> int:
    """Write the triples as CSV (UTF-8 with a byte-order mark, so Excel shows the Chinese text);
    ``effective`` is ``true``, ``false`` or empty. Returns the row count."""
    rows = triples(kb.cases())
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(TRIPLE_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(v) for k, v in row.items()})
    return len(rows)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


# ------------------------------------------------------------------------------------------- json

def reports_json(kb: KnowledgeBase) -> dict:
    """The reports in the gold-record format (title, org, date, cases with problem, problem_alt,
    causes, measures, effect, effective), plus ``report_id``, ``files`` and case provenance."""
    return {
        "generator": f"minerva {__version__}",
        "reports": [
            {
                "report_id": r.id,
                "title": r.title,
                "org": r.org,
                "date": r.date,
                "files": list(r.files),
                "cases": [sc.case.to_dict() for sc in r.cases],
            }
            for r in kb.reports()
        ],
    }


def to_json(kb: KnowledgeBase, path: str | Path) -> int:
    """Write :func:`reports_json` (UTF-8, Chinese kept readable); returns the report count."""
    data = reports_json(kb)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(data["reports"])


# ---------------------------------------------------------------------------------------- graphml

def to_graphml(kb: KnowledgeBase, path: str | Path) -> int:
    """Write the knowledge graph as GraphML; returns the node count."""
    from minerva.knowledge.graph import to_graphml as write

    write(kb.graph, path)
    return kb.graph.number_of_nodes()


# ------------------------------------------------------------------------------------------- html

def graph_data(kb: KnowledgeBase) -> dict:
    """What the HTML page draws: nodes with their evidence, edges as node indexes, report details."""
    graph = kb.graph
    order = {"report": 0, "problem": 1, "cause": 2, "measure": 3}
    names = sorted(graph.nodes, key=lambda n: (order.get(graph.nodes[n].get("kind"), 9), _ident(n)))
    index = {name: i for i, name in enumerate(names)}
    nodes = []
    for name in names:
        attrs = graph.nodes[name]
        kind = attrs.get("kind")
        node: dict[str, Any] = {"id": name, "kind": kind}
        if kind == "report":
            node.update(label=attrs.get("title") or "(untitled report)", org=attrs.get("org"),
                        date=attrs.get("date"), files=list(attrs.get("files", [])))
        else:
            node.update(label=attrs.get("label", ""), texts=list(attrs.get("texts", [])),
                        reports=list(attrs.get("reports", [])), support_reports=attrs.get("support_reports", 0),
                        support_cases=attrs.get("support_cases", 0), first_date=attrs.get("first_date"),
                        last_date=attrs.get("last_date"))
            for key in ("fivem1e", "measure_kind", "effective", "ineffective", "not_evaluated"):
                if key in attrs:
                    node[key] = attrs[key]
        nodes.append(node)
    edges = [[index[s], index[t], data.get("relation", ""), data.get("cases", 1)]
             for s, t, data in graph.edges(data=True)]
    return {
        "title": f"minerva knowledge graph — {kb.path.name}",
        "generated": date.today().isoformat(),
        "generator": f"minerva {__version__}",
        "nodes": nodes,
        "edges": edges,
    }


def _ident(name: str) -> int:
    tail = name.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def script_json(data: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` (and
    the JavaScript line separators) are written as ``\\uXXXX`` escapes, so no report text can close
    the element or open a comment, and ``JSON.parse`` gives the text back unchanged."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def to_html(kb: KnowledgeBase, path: str | Path) -> int:
    """Write the interactive graph page (one self-contained file); returns the node count."""
    data = graph_data(kb)
    Path(path).write_text(render_html(data), encoding="utf-8")
    return len(data["nodes"])


def render_html(data: dict) -> str:
    script, style = _HTML_SCRIPT.strip("\n"), _HTML_STYLE.strip("\n")
    policy = "; ".join([
        "default-src 'none'",
        f"script-src '{_sha256(script)}'",
        f"style-src '{_sha256(style)}'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    return _HTML_PAGE.format(
        policy=html.escape(policy, quote=False).replace("\"", "&quot;"),
        title=html.escape(data.get("title", "minerva knowledge graph")),
        style=style,
        data=script_json(data),
        script=script,
    )


def _sha256(text: str) -> str:
    return "sha256-" + b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


_HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
  <h1 id="page-title"></h1>
  <span id="summary"></span>
  <input id="search" type="search" placeholder="搜索 search…" autocomplete="off">
  <span id="kinds"></span>
  <span class="legend"><span class="ring"></span>多被评为无效 mostly ineffective</span>
  <label><input id="all-labels" type="checkbox"> 全部标签 all labels</label>
  <button id="fit" type="button">适应窗口 fit</button>
</header>
<main>
  <svg id="graph" role="img" aria-label="knowledge graph"></svg>
  <aside id="panel">
    <p id="panel-hint">点击节点查看证据。Click a node to see its evidence.</p>
    <div id="panel-body"></div>
  </aside>
</main>
<script type="application/json" id="graph-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""

_HTML_STYLE = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 14px/1.45 system-ui, "PingFang SC", "Microsoft YaHei",
  "Noto Sans CJK SC", sans-serif; color: #1d2630; background: #f6f7f9; }
body { display: flex; flex-direction: column; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 8px 14px;
  background: #fff; border-bottom: 1px solid #dde1e6; }
header h1 { font-size: 16px; margin: 0; }
#summary { color: #5b6672; }
#search { padding: 4px 8px; border: 1px solid #c5ccd3; border-radius: 4px; min-width: 14em; }
#kinds label { margin-right: 8px; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 3px 0 2px; }
.legend { color: #5b6672; white-space: nowrap; }
.ring { display: inline-block; width: 11px; height: 11px; border-radius: 50%; border: 2.5px solid #c0392b;
  background: #1b9e77; margin-right: 4px; vertical-align: -1px; }
button { border: 1px solid #c5ccd3; background: #fff; border-radius: 4px; padding: 3px 9px; cursor: pointer; }
main { flex: 1; display: flex; min-height: 0; }
#graph { flex: 1; min-width: 0; height: 100%; cursor: grab; background: #fbfcfd; user-select: none; }
#graph.panning { cursor: grabbing; }
#panel { width: 380px; max-width: 45vw; overflow-y: auto; padding: 12px 16px; background: #fff;
  border-left: 1px solid #dde1e6; }
#panel-hint { color: #5b6672; }
#panel h2 { font-size: 17px; margin: 4px 0 8px; word-break: break-word; }
#panel h3 { font-size: 13px; margin: 14px 0 4px; color: #5b6672; text-transform: uppercase; }
#panel ul { margin: 0; padding-left: 18px; }
#panel li { margin: 3px 0; word-break: break-word; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; }
.meta { color: #5b6672; font-size: 12px; word-break: break-all; }
.effect { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
.effect span { padding: 2px 8px; border-radius: 4px; font-size: 12px; white-space: nowrap; }
.eff-yes { background: #dff3e6; color: #17623a; }
.eff-no { background: #fbe1e1; color: #9c1f1f; }
.eff-na { background: #eceff2; color: #4a5560; }
.link { color: #1f5fa8; cursor: pointer; }
.link:hover { text-decoration: underline; }
.edge { stroke: #aab4be; stroke-opacity: .55; }
.edge.r-reports { stroke-dasharray: 3 3; }
.node circle { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
.node.failed circle { stroke: #c0392b; stroke-width: 2.5; }
.node text { font-size: 11px; fill: #26313b; pointer-events: none; paint-order: stroke;
  stroke: #fbfcfd; stroke-width: 3px; }
.node text.hidden { display: none; }
#graph.all-labels .node text.hidden { display: inline; }
#graph.focus .node, #graph.focus .edge { opacity: .12; }
#graph.focus .node.near, #graph.focus .edge.near { opacity: 1; }
#graph.focus .node.near text.hidden { display: inline; }
.node.selected circle { stroke: #111; stroke-width: 3; }
.node.match circle { stroke: #111; stroke-width: 2.5; }
#graph.hide-report .k-report, #graph.hide-problem .k-problem, #graph.hide-cause .k-cause,
#graph.hide-measure .k-measure { display: none; }
"""

_HTML_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("graph");
  var NS = svg.namespaceURI;
  var COLORS = { problem: "#d1495b", cause: "#e89f1c", measure: "#1b9e77", report: "#3d6fb6" };
  var KIND_NAMES = { problem: "问题 problem", cause: "原因 cause", measure: "措施 measure", report: "报告 report" };
  var MEASURE_KINDS = { temporary: "临时 temporary", permanent: "永久 permanent",
    preventive: "预防 preventive", unspecified: "未注明 unspecified" };
  var nodes = data.nodes, edges = data.edges, n = nodes.length;
  var byId = {};
  nodes.forEach(function (d, i) { d.index = i; byId[d.id] = d; });
  var reportById = {};
  nodes.forEach(function (d) { if (d.kind === "report") { reportById[d.id.split(":")[1]] = d; } });
  var neighbours = nodes.map(function () { return []; });
  edges.forEach(function (e) { neighbours[e[0]].push(e[1]); neighbours[e[1]].push(e[0]); });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function svgEl(tag, attrs) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function short(text, max) { text = text || ""; return text.length > max ? text.slice(0, max - 1) + "…" : text; }
  function radius(d) { return d.kind === "report" ? 7 : 5 + 2.5 * Math.sqrt(d.support_reports || 1); }

  // ---------------------------------------------------------------- header
  document.getElementById("page-title").textContent = data.title || "minerva";
  var counts = {};
  nodes.forEach(function (d) { counts[d.kind] = (counts[d.kind] || 0) + 1; });
  document.getElementById("summary").textContent = ["problem", "cause", "measure", "report"].map(function (k) {
    return (counts[k] || 0) + " " + KIND_NAMES[k].split(" ")[0];
  }).join(" · ") + " · " + (data.generator || "") + " · " + (data.generated || "");
  var kindBox = document.getElementById("kinds");
  ["problem", "cause", "measure", "report"].forEach(function (k) {
    var label = el("label");
    var box = el("input", { type: "checkbox", "data-kind": k });
    box.checked = true;
    box.addEventListener("change", function () { svg.classList.toggle("hide-" + k, !box.checked); });
    var swatch = el("span", { "class": "swatch" });
    swatch.style.background = COLORS[k];
    label.appendChild(box); label.appendChild(swatch); label.appendChild(document.createTextNode(KIND_NAMES[k]));
    kindBox.appendChild(label);
  });

  // ---------------------------------------------------------------- layout (force-directed, seeded)
  var seed = 20240601;
  function random() {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  var xs = new Float64Array(n), ys = new Float64Array(n), dx = new Float64Array(n), dy = new Float64Array(n);
  var K = 60, spread = Math.sqrt(n) * K * 0.8 + 1;
  for (var i = 0; i < n; i++) {
    var a = random() * 2 * Math.PI, r = spread * Math.sqrt(random());
    xs[i] = r * Math.cos(a); ys[i] = r * Math.sin(a);
  }
  var cell = 3 * K, temperature = spread / 3;
  var iterations = n > 3000 ? 80 : n > 800 ? 150 : 300;
  var cooling = Math.pow(0.5 / temperature, 1 / iterations);
  for (var it = 0; it < iterations; it++) {
    dx.fill(0); dy.fill(0);
    var grid = new Map();
    for (i = 0; i < n; i++) {
      var key = Math.floor(xs[i] / cell) + "," + Math.floor(ys[i] / cell);
      var bucket = grid.get(key);
      if (bucket) { bucket.push(i); } else { grid.set(key, [i]); }
    }
    for (i = 0; i < n; i++) {
      var cx = Math.floor(xs[i] / cell), cy = Math.floor(ys[i] / cell);
      for (var ox = -1; ox <= 1; ox++) {
        for (var oy = -1; oy <= 1; oy++) {
          var near = grid.get((cx + ox) + "," + (cy + oy));
          if (!near) { continue; }
          for (var q = 0; q < near.length; q++) {
            var j = near[q];
            if (j === i) { continue; }
            var ddx = xs[i] - xs[j], ddy = ys[i] - ys[j], d2 = ddx * ddx + ddy * ddy;
            if (d2 < 0.01) { ddx = random() - 0.5; ddy = random() - 0.5; d2 = 0.5; }
            if (d2 > cell * cell) { continue; }
            var f = K * K / d2;
            dx[i] += ddx * f; dy[i] += ddy * f;
          }
        }
      }
    }
    for (q = 0; q < edges.length; q++) {
      var s = edges[q][0], t = edges[q][1];
      var ex = xs[s] - xs[t], ey = ys[s] - ys[t], dist = Math.sqrt(ex * ex + ey * ey) || 0.01;
      var pull = dist / K;
      dx[s] -= ex * pull; dy[s] -= ey * pull; dx[t] += ex * pull; dy[t] += ey * pull;
    }
    for (i = 0; i < n; i++) {
      dx[i] -= xs[i] * 0.03; dy[i] -= ys[i] * 0.03;
      var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (len > 0) {
        var step = Math.min(len, temperature) / len;
        xs[i] += dx[i] * step; ys[i] += dy[i] * step;
      }
    }
    temperature *= cooling;
  }

  // ---------------------------------------------------------------- drawing
  var view = svgEl("g", { id: "viewport" });
  var edgeLayer = svgEl("g", { "class": "edges" }), nodeLayer = svgEl("g", { "class": "nodes" });
  view.appendChild(edgeLayer); view.appendChild(nodeLayer); svg.appendChild(view);
  var edgeEls = edges.map(function (e) {
    var line = svgEl("line", {
      x1: xs[e[0]].toFixed(1), y1: ys[e[0]].toFixed(1), x2: xs[e[1]].toFixed(1), y2: ys[e[1]].toFixed(1),
      "class": "edge r-" + e[2] + " k-" + nodes[e[0]].kind + " k-" + nodes[e[1]].kind,
      "stroke-width": (0.8 + Math.log(e[3] || 1)).toFixed(2)
    });
    edgeLayer.appendChild(line);
    return line;
  });
  var nodeEls = nodes.map(function (d, i) {
    var failed = d.kind === "measure" && (d.ineffective || 0) > (d.effective || 0);
    var g = svgEl("g", { "class": "node k-" + d.kind + (failed ? " failed" : ""), "data-id": d.id,
      transform: "translate(" + xs[i].toFixed(1) + "," + ys[i].toFixed(1) + ")" });
    var circle = svgEl("circle", { r: radius(d).toFixed(1), fill: COLORS[d.kind] || "#888" });
    var tip = svgEl("title");
    tip.textContent = KIND_NAMES[d.kind] + ": " + d.label;
    circle.appendChild(tip);
    var label = svgEl("text", { x: (radius(d) + 3).toFixed(1), y: "4" });
    label.textContent = short(d.label, 16);
    var always = n <= 400 && (d.kind === "problem" || (d.support_reports || 0) >= 3);
    if (!always) { label.setAttribute("class", "hidden"); }
    g.appendChild(circle); g.appendChild(label);
    g.addEventListener("click", function (event) { event.stopPropagation(); select(i); });
    nodeLayer.appendChild(g);
    return g;
  });
  var incident = nodes.map(function () { return []; });
  edges.forEach(function (e, q) { incident[e[0]].push(q); incident[e[1]].push(q); });

  // ---------------------------------------------------------------- pan and zoom
  var state = { x: 0, y: 0, k: 1 };
  function apply() {
    view.setAttribute("transform", "translate(" + state.x + "," + state.y + ") scale(" + state.k + ")");
  }
  function fit() {
    var w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    if (!n) { state = { x: w / 2, y: h / 2, k: 1 }; apply(); return; }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var i = 0; i < n; i++) {
      minX = Math.min(minX, xs[i]); maxX = Math.max(maxX, xs[i]);
      minY = Math.min(minY, ys[i]); maxY = Math.max(maxY, ys[i]);
    }
    var k = Math.min(w / (maxX - minX + 120), h / (maxY - minY + 80), 2.5);
    state = { k: k, x: w / 2 - k * (minX + maxX) / 2, y: h / 2 - k * (minY + maxY) / 2 };
    apply();
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var box = svg.getBoundingClientRect(), px = event.clientX - box.left, py = event.clientY - box.top;
    var factor = Math.exp(-event.deltaY * 0.0015), k = Math.max(0.05, Math.min(8, state.k * factor));
    state.x = px - (px - state.x) * k / state.k; state.y = py - (py - state.y) * k / state.k; state.k = k;
    apply();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest(".node")) { return; }
    drag = { x: event.clientX, y: event.clientY, sx: state.x, sy: state.y, moved: false };
    svg.classList.add("panning");
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var mx = event.clientX - drag.x, my = event.clientY - drag.y;
    if (Math.abs(mx) + Math.abs(my) > 3) { drag.moved = true; }
    state.x = drag.sx + mx; state.y = drag.sy + my; apply();
  });
  window.addEventListener("pointerup", function () {
    svg.classList.remove("panning");
    setTimeout(function () { drag = null; }, 0);
  });
  svg.addEventListener("click", function () { if (!drag || !drag.moved) { clear(); } });
  document.getElementById("fit").addEventListener("click", fit);
  window.addEventListener("resize", fit);
  document.getElementById("all-labels").addEventListener("change", function (event) {
    svg.classList.toggle("all-labels", event.target.checked);
  });

  // ---------------------------------------------------------------- selection and evidence panel
  var body = document.getElementById("panel-body"), hint = document.getElementById("panel-hint");
  var selected = -1;
  function clear() {
    selected = -1;
    svg.classList.remove("focus");
    nodeEls.forEach(function (g) { g.classList.remove("near", "selected"); });
    edgeEls.forEach(function (line) { line.classList.remove("near"); });
    body.replaceChildren(); hint.hidden = false;
  }
  function select(i) {
    clear();
    selected = i;
    svg.classList.add("focus");
    nodeEls[i].classList.add("near", "selected");
    neighbours[i].forEach(function (j) { nodeEls[j].classList.add("near"); });
    incident[i].forEach(function (q) { edgeEls[q].classList.add("near"); });
    hint.hidden = true;
    show(nodes[i]);
  }
  function section(title) { body.appendChild(el("h3", null, title)); }
  function list(items, render) {
    var ul = el("ul");
    items.forEach(function (item) { var li = el("li"); render(li, item); ul.appendChild(li); });
    body.appendChild(ul);
  }
  function reportItem(li, report) {
    li.appendChild(nodeLink(report));
    li.appendChild(el("div", { "class": "meta" }, [report.org || "—", report.date || "—"].join(" · ")));
    (report.files || []).forEach(function (f) { li.appendChild(el("div", { "class": "meta" }, f)); });
  }
  function nodeLink(d) {
    var link = el("span", { role: "button", tabindex: "0", "class": "link" }, d.label);
    function go() { select(d.index); centre(d.index); }
    link.addEventListener("click", go);
    link.addEventListener("keydown", function (event) { if (event.key === "Enter") { go(); } });
    return link;
  }
  function centre(i) {
    var w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    state.x = w / 2 - state.k * xs[i]; state.y = h / 2 - state.k * ys[i];
    apply();
  }
  function show(d) {
    body.replaceChildren();
    var badge = el("span", { "class": "badge" }, KIND_NAMES[d.kind] || d.kind);
    badge.style.background = COLORS[d.kind] || "#888";
    body.appendChild(badge);
    body.appendChild(el("h2", { id: "panel-title" }, d.label));
    if (d.kind === "report") {
      body.appendChild(el("div", { "class": "meta" }, [d.org || "—", d.date || "—"].join(" · ")));
      section("文件 files");
      list(d.files || [], function (li, f) { li.textContent = f; });
    } else {
      var facts = [];
      if (d.fivem1e) { facts.push("5M1E: " + d.fivem1e); }
      if (d.measure_kind) { facts.push(MEASURE_KINDS[d.measure_kind] || d.measure_kind); }
      facts.push("支持 support: " + d.support_reports + " 份报告 reports, " + d.support_cases + " 个案例 cases");
      if (d.first_date) {
        facts.push(d.first_date === d.last_date ? d.first_date : d.first_date + " – " + d.last_date);
      }
      facts.forEach(function (text) { body.appendChild(el("div", { "class": "meta" }, text)); });
      if (d.kind === "measure") {
        var effect = el("div", { "class": "effect", id: "panel-effect" });
        effect.appendChild(el("span", { "class": "eff-yes" }, "有效 effective " + (d.effective || 0)));
        effect.appendChild(el("span", { "class": "eff-no" }, "无效 ineffective " + (d.ineffective || 0)));
        effect.appendChild(el("span", { "class": "eff-na" }, "未评价 not evaluated " + (d.not_evaluated || 0)));
        body.appendChild(effect);
      }
      var others = (d.texts || []).filter(function (t) { return t !== d.label; });
      if (others.length) {
        section("其他说法 other wordings");
        list(others, function (li, t) { li.textContent = t; });
      }
      var reports = (d.reports || []).map(function (id) { return reportById[id]; }).filter(Boolean);
      if (reports.length) { section("报告 reports"); list(reports, reportItem); }
    }
    ["problem", "cause", "measure"].forEach(function (kind) {
      var linked = neighbours[d.index].map(function (j) { return nodes[j]; })
        .filter(function (x, pos, all) { return x.kind === kind && all.indexOf(x) === pos; });
      if (!linked.length) { return; }
      section("相关" + KIND_NAMES[kind].split(" ")[0] + " linked " + KIND_NAMES[kind].split(" ")[1] + "s");
      list(linked, function (li, x) { li.appendChild(nodeLink(x)); });
    });
  }

  // ---------------------------------------------------------------- search
  var search = document.getElementById("search");
  search.addEventListener("input", function () {
    var needle = search.value.trim().toLowerCase();
    nodes.forEach(function (d, i) {
      var hay = [d.label].concat(d.texts || []).join("\n").toLowerCase();
      nodeEls[i].classList.toggle("match", needle.length > 0 && hay.indexOf(needle) >= 0);
    });
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    var hit = nodeEls.findIndex(function (g) { return g.classList.contains("match"); });
    if (hit >= 0) { select(hit); centre(hit); }
  });

  fit();
  document.body.setAttribute("data-ready", "1");
})();
"""
