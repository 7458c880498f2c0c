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
from minerva.knowledge.database import is_url, shown
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
        "title": f"minerva knowledge graph — {shown(kb.path) if is_url(kb.path) else Path(kb.path).name}",
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


_PAGE = Path(__file__).with_name("resources")


def render_html(data: dict) -> str:
    """The page around ``data``: template, style and script are files in ``minerva/resources``
    (graph.html, graph.css, graph.js), hashed into the page's content security policy."""
    script = (_PAGE / "graph.js").read_text(encoding="utf-8").strip("\n")
    style = (_PAGE / "graph.css").read_text(encoding="utf-8").strip("\n")
    policy = "; ".join([
        "default-src 'none'",
        f"script-src '{_sha256(script)}'",
        f"style-src '{_sha256(style)}'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    return (_PAGE / "graph.html").read_text(encoding="utf-8").format(
        policy=html.escape(policy, quote=False).replace("\"", "&quot;"),
        title=html.escape(data.get("title", "minerva knowledge graph")),
        style=style,
        data=script_json(data),
        script=script,
    )


def _sha256(text: str) -> str:
    return "sha256-" + b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
