"""``minerva export``: xlsx and csv triples, gold-format json, GraphML and the offline HTML graph."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from base64 import b64encode
from html.parser import HTMLParser
from itertools import product
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import minerva
from minerva.cli import app
from tests.kb_archive import FORMULA_MEASURE, HOSTILE_CAUSE, HOSTILE_PROBLEM, MARKUP_CAUSE, build_kb

runner = CliRunner()

HEADER = ["report_id", "report", "org", "date", "case_id", "problem", "cause", "cause_5m1e", "measure",
          "measure_kind", "effect", "effective", "fields", "file", "page", "paragraph"]


@pytest.fixture(scope="module")
def kb_db(tmp_path_factory) -> Path:
    _, db = build_kb(tmp_path_factory.mktemp("export"))
    return db


def export(db: Path, out: Path, *fmt: str) -> None:
    result = runner.invoke(app, ["export", *fmt, "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def expected_triples(db: Path) -> list[tuple]:
    """(case id, problem, cause, measure) for every cause x measure of every case, counted here from
    kb.cases() so the exporter's own pairing is not used to check itself."""
    out = []
    with minerva.open(db) as kb:
        for sc in kb.cases():
            causes = [c.text for c in sc.case.causes] or [None]
            measures = [m.text for m in sc.case.measures] or [None]
            out.extend((sc.id, sc.case.problem, c, m) for c, m in product(causes, measures))
    return out


def test_xlsx_one_row_per_triple(kb_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb.xlsx"
    export(kb_db, out, "--format", "xlsx")
    book = load_workbook(out)
    assert book.sheetnames == ["triples", "cases"]
    rows = list(book["triples"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    body = [dict(zip(HEADER, row)) for row in rows[1:]]
    expected = expected_triples(kb_db)
    assert len(body) == len(expected) > 50
    got = sorted((r["case_id"], r["problem"], r["cause"] or "", r["measure"] or "") for r in body)
    assert got == sorted((i, p, c or "", m or "") for i, p, c, m in expected)
    assert {r["effective"] for r in body} <= {True, False, None}
    assert all(r["file"] and r["report_id"] for r in body)
    pdf_rows = [r for r in body if str(r["file"]).endswith(".pdf")]
    assert pdf_rows and all(isinstance(r["page"], int) for r in pdf_rows)
    # report text beginning with "=" stays text, it does not become a formula
    cells = [c for row in book["triples"].iter_rows(min_row=2) for c in row if c.value == FORMULA_MEASURE]
    assert cells and all(c.data_type == "s" for c in cells)
    with minerva.open(kb_db) as kb:
        cases = kb.cases()
    case_rows = list(book["cases"].iter_rows(values_only=True))
    assert case_rows[0][:6] == ("case_id", "report_id", "report", "org", "date", "problem")
    assert len(case_rows) - 1 == len(cases)


def test_csv_rows(kb_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb.csv"
    export(kb_db, out)  # format from the suffix
    with open(out, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == HEADER
        rows = list(reader)
    expected = expected_triples(kb_db)
    assert len(rows) == len(expected)
    got = sorted((int(r["case_id"]), r["problem"], r["cause"], r["measure"]) for r in rows)
    assert got == sorted((i, p, c or "", m or "") for i, p, c, m in expected)
    assert {r["effective"] for r in rows} <= {"true", "false", ""}
    hostile = [r for r in rows if r["problem"] == HOSTILE_PROBLEM]
    assert {r["cause"] for r in hostile} == {HOSTILE_CAUSE, MARKUP_CAUSE}


def test_json_reports_in_gold_format(kb_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb.json"
    export(kb_db, out, "-f", "json")
    data = json.loads(out.read_text(encoding="utf-8"))
    with minerva.open(kb_db) as kb:
        reports = kb.reports()
    assert len(data["reports"]) == len(reports)
    for got, want in zip(data["reports"], reports):
        assert (got["title"], got["org"], got["date"], got["report_id"]) == (want.title, want.org, want.date, want.id)
        assert got["files"] == want.files
        assert [c["problem"] for c in got["cases"]] == [sc.case.problem for sc in want.cases]
        for case, sc in zip(got["cases"], want.cases):
            assert {"problem", "problem_alt", "causes", "measures", "effect", "effective"} <= set(case)
            assert case["causes"] == [c.text for c in sc.case.causes]
            assert case["measures"] == [m.text for m in sc.case.measures]
            assert case["effective"] == sc.case.effective
    # the gold scorer reads it: an export scored against itself is perfect
    from minerva.evaluate import score_document

    score = score_document(data, data)
    assert score.f1("cases") == score.f1("measures") == 1.0


def test_graphml_readable_by_networkx(kb_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb.graphml"
    export(kb_db, out, "--format", "graphml")
    graph = nx.read_graphml(out)
    with minerva.open(kb_db) as kb:
        assert graph.number_of_nodes() == kb.graph.number_of_nodes()
        assert graph.number_of_edges() == kb.graph.number_of_edges()
    assert {d["kind"] for _, d in graph.nodes(data=True)} == {"problem", "cause", "measure", "report"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_escaped(kb_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    export(kb_db, out, "--format", "html")
    page = out.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        for key in ("src", "href", "action", "data", "srcset"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("http://", "https://", "//")), (tag, key, value)
    assert "<link" not in page.lower()
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert "//cdn" not in page and "@import" not in page
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "graph-data"}, {}]
    # hostile report text is escaped: it cannot close the data element or start markup
    assert page.count("</script>") == 2
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert" in page
    assert "innerHTML" not in page and "insertAdjacentHTML" not in page and "document.write" not in page
    # and the data still reads back as the original text
    raw = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    texts = {t for n in data["nodes"] for t in [n["label"], *n.get("texts", [])]}
    assert HOSTILE_PROBLEM in texts and HOSTILE_CAUSE in texts and FORMULA_MEASURE in texts
    with minerva.open(kb_db) as kb:
        assert len(data["nodes"]) == kb.graph.number_of_nodes()
    # no request may leave the page: the policy forbids it, and its hashes match the inline code
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "default-src 'none'" in policy
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    for code in (script, style):
        digest = b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_export_errors_name_the_file(kb_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = runner.invoke(app, ["export", "--db", str(missing), "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert str(missing) in result.output
    bad = runner.invoke(app, ["export", "--db", str(kb_db), "-o", str(tmp_path / "x.txt")])
    assert bad.exit_code == 2 and "x.txt" in bad.output
    wrong = runner.invoke(app, ["export", "--db", str(kb_db), "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert wrong.exit_code != 0
