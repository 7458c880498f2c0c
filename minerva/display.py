"""HTML views of reports, cases, recommendations and listings for Jupyter notebooks.

Every piece of report text goes through :func:`html.escape`: report files come from outside and
may hold anything, markup included. The HTML uses inline styles only (notebooks and exported
pages drop ``<style>`` blocks and scripts), and no script is ever emitted.

>>> from IPython.display import HTML
>>> HTML(recommendation_html(kb.suggest("快递送来的烤箱外箱压塌")))
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from minerva.model import Case, Report, SourceRef, place

FIVEM1E_ORDER = ("人", "机", "料", "法", "环", "测")
FIVEM1E_NAMES = {"人": "Man", "机": "Machine", "料": "Material", "法": "Method", "环": "Environment",
                 "测": "Measurement"}

KIND_NAMES = {"temporary": "临时 temporary", "permanent": "永久 permanent", "preventive": "预防 preventive",
              "unspecified": "未注明 unspecified"}

_BOX = "font-family:sans-serif;font-size:13px;line-height:1.45;max-width:960px"
_TABLE = "border-collapse:collapse;font-size:12px;margin:4px 0"
_TH = "border:1px solid #ccc;background:#f3f3f3;padding:3px 6px;text-align:left;vertical-align:top"
_TD = "border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top"
_MUTED = "color:#666;font-size:11px"
_BADGE = ("display:inline-block;padding:0 6px;border-radius:8px;font-size:11px;color:#fff;white-space:nowrap;"
          "background:{}")

_EFFECT = {
    True: ("#2e7d32", "effective 有效"),
    False: ("#c62828", "ineffective 无效"),
    None: ("#757575", "not evaluated 未评价"),
}


def esc(value: Any) -> str:
    """Text for HTML: ``None`` becomes empty, anything else is stringified and escaped."""
    return "" if value is None else html.escape(str(value), quote=True)


def badge(effective: bool | None) -> str:
    colour, text = _EFFECT[effective]
    return f'<span style="{_BADGE.format(colour)}">{text}</span>'


def source_text(source: SourceRef | None) -> str:
    """Where a piece of text was found, escaped: file, page, paragraph, table row."""
    if source is None:
        return ""
    return f"{esc(source.file)} {esc(source.location())}".strip()


def _source_span(source: SourceRef | None) -> str:
    text = source_text(source)
    return f' <span style="{_MUTED}">[{text}]</span>' if text else ""


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table of cells that are already HTML (escaped by the caller)."""
    head = "".join(f'<th style="{_TH}">{h}</th>' for h in header)
    body = "".join("<tr>" + "".join(f'<td style="{_TD}">{cell}</td>' for cell in row) + "</tr>" for row in rows)
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def case_html(case: Case, heading: str | None = None) -> str:
    """One case: the problem, its causes, its measures (kind) and the effect, each with its source."""
    title = esc(heading) if heading is not None else "问题 Problem"
    parts = [f'<div style="{_BOX};border-left:3px solid #1565c0;padding-left:8px;margin:6px 0">',
             f"<div><b>{title}:</b> {esc(case.problem)} {badge(case.effective)}{_source_span(case.source)}</div>"]
    if case.problem_alt:
        parts.append(f'<div style="{_MUTED}">also: {esc("; ".join(case.problem_alt))}</div>')
    if case.fields:
        details = " · ".join(f"{esc(k)}：{esc(v)}" for k, v in case.fields.items())
        parts.append(f'<div style="{_MUTED}">{details}</div>')
    if case.causes:
        items = "".join(f"<li>{esc(c.text)}{_source_span(c.source)}</li>" for c in case.causes)
        parts.append(f"<div><b>原因 Causes</b></div><ol style=\"margin:2px 0 4px 18px;padding:0\">{items}</ol>")
    if case.measures:
        rows = [(esc(m.text), esc(KIND_NAMES.get(m.kind, m.kind)), source_text(m.source)) for m in case.measures]
        parts.append("<div><b>措施 Measures</b></div>" + _table(("measure", "kind", "source"), rows))
    if case.effect:
        parts.append(f"<div><b>效果 Effect:</b> {esc(case.effect)}</div>")
    parts.append("</div>")
    return "".join(parts)


def report_html(report: Report) -> str:
    """A report: title, organisation, date and source, then each of its cases."""
    meta = " · ".join(esc(v) for v in (report.org, report.date) if v)
    parts = [f'<div style="{_BOX}">',
             f'<div style="font-size:15px;font-weight:bold">{esc(report.title) or "(untitled report)"}</div>',
             f'<div style="{_MUTED}">{meta}{" · " if meta and report.source else ""}{source_text(report.source)}</div>']
    if not report.cases:
        parts.append(f'<div style="{_MUTED}">no cases found</div>')
    for i, case in enumerate(report.cases, 1):
        parts.append(case_html(case, heading=f"问题 {i}"))
    for warning in report.warnings:
        parts.append(f'<div style="{_MUTED}">warning: {esc(warning)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _effect_counts(counts: Mapping[str, int]) -> str:
    return (f'<span style="{_MUTED}">{counts.get("effective", 0)} effective · '
            f'{counts.get("ineffective", 0)} ineffective · {counts.get("not_evaluated", 0)} not evaluated</span>')


def _file(path: str | None) -> str:
    """A file by its name, the full path shown on hover."""
    if not path:
        return ""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return f'<span title="{esc(path)}">{esc(name)}</span>'


def recommendation_html(rec) -> str:
    """A :class:`~minerva.knowledge.recommend.Recommendation`: suggested measures best first, each
    with its score, effect record, wordings and evidence, then the likely causes by 5M1E."""
    parts = [f'<div style="{_BOX}">',
             f'<div style="font-size:15px"><b>新投诉 Complaint:</b> {esc(rec.query)}</div>']
    if not rec.suggestions:
        parts.append(f'<div style="{_MUTED}">{esc(rec.reason or "no similar past cases, no suggestion")}</div>')
    else:
        parts.append('<div style="margin-top:6px"><b>建议措施 Suggested measures</b> (best first, ranked by '
                     f'{esc(" and ".join(rec.ranked_by))})</div>')
    for rank, s in enumerate(rec.suggestions, 1):
        kind = KIND_NAMES.get(s.kind, s.kind)
        parts.append(f'<div style="border:1px solid #ddd;border-radius:4px;padding:6px 8px;margin:6px 0">'
                     f"<div><b>{rank}. {esc(s.measure)}</b> {badge(s.effective)} "
                     f'<span style="{_MUTED}">score {s.score:.3f} · {esc(kind)} · '
                     f"{s.support_reports} report(s)</span></div>"
                     f"<div>{_effect_counts(s.effect_counts)}</div>")
        if s.addresses:
            parts.append(f'<div><span style="{_MUTED}">addresses 针对原因:</span> {esc(s.addresses)}</div>')
        for r in s.relapsed:
            parts.append(f'<div style="color:#b45309">came back 复发: {esc(r.org or "-")} declared it effective '
                         f"{esc(r.effective_date)}, its cause was found again {esc(r.recurred_date)}</div>")
        others = [w for w in s.wordings if w != s.measure]
        if others:
            items = "".join(f"<li>{esc(w)}</li>" for w in others)
            parts.append(f'<div style="{_MUTED}">other wordings:</div><ul style="margin:0 0 4px 18px;padding:0">'
                         f"{items}</ul>")
        rows = [(esc(e.report), esc(e.org), esc(e.date), _file(e.file), esc(place(e.page, e.paragraph)),
                 esc(e.wording), badge(e.effective), f"{e.similarity:.2f}") for e in s.evidence]
        if rows:
            parts.append(_table(("report", "org", "date", "file", "page", "wording there", "effect", "similarity"),
                                rows))
        parts.append("</div>")
    grouped = rec.causes_by_5m1e() if rec.causes else {}
    if grouped:
        parts.append("<div style=\"margin-top:6px\"><b>可能原因 Likely causes</b> by 5M1E</div>")
        order = [k for k in FIVEM1E_ORDER if k in grouped] + sorted(k for k in grouped if k not in FIVEM1E_ORDER)
        rows = []
        for key in order:
            name = f"{esc(key)} {FIVEM1E_NAMES.get(key, '')}".strip()
            for cause in grouped[key]:
                rows.append((name, esc(cause.cause), f"{cause.score:.2f}"))
        parts.append(_table(("5M1E", "cause", "similarity"), rows))
    parts.append("</div>")
    return "".join(parts)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, (list, tuple)):
        return "<br>".join(esc(v) for v in value)
    return esc(value)


def listing_html(rows: list[dict], max_rows: int = 50) -> str:
    """A table of dict rows (``Listing.rows()``): columns in first-seen order, lists one item a line."""
    rows = list(rows)
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    shown = rows[:max_rows]
    body = [[_cell(row.get(c)) for c in columns] for row in shown]
    out = f'<div style="{_BOX}">' + _table((esc(c) for c in columns), body)
    if len(rows) > len(shown):
        out += f'<div style="{_MUTED}">{len(shown)} of {len(rows)} rows shown</div>'
    if not rows:
        out += f'<div style="{_MUTED}">no rows</div>'
    return out + "</div>"
