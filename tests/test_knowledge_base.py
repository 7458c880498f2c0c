"""minerva.open(): the notebook entry point over store, graph and listings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

import minerva
from minerva.cli import app
from tests.conftest import CORPUS

SOURCES = ["dev-001", "dev-012", "dev-034", "dev-005"]


def _archive(tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in SOURCES:
        shutil.copy(CORPUS / f"{name}.gold.json", tmp_path)  # not in the archive: only reports are
        for suffix in (".docx", ".pdf", ".slides.pdf", ".plain.docx"):
            if (CORPUS / f"{name}{suffix}").exists():
                shutil.copy(CORPUS / f"{name}{suffix}", archive / f"{name}{suffix}")
                break
    return archive


def test_open_ingest_list_and_graph(tmp_path):
    archive = _archive(tmp_path)
    with minerva.open(tmp_path / "kb.db") as kb:
        summary = kb.ingest(archive, workers=1, progress=False)
        assert summary.failed == 0
        reports = kb.reports()
        assert len(reports) == len(SOURCES)
        cases = kb.cases()
        assert sum(len(r.cases) for r in reports) == len(cases)
        frame = cases.to_pandas()
        assert list(frame.columns[:6]) == ["case_id", "report_id", "report", "org", "date", "problem"]
        assert len(frame) == len(cases)
        graph = kb.graph
        kinds = {data.get("kind") for _, data in graph.nodes(data=True)}
        assert {"problem", "cause", "measure", "report"} <= kinds
        assert isinstance(kb.recurring_causes(), list)
    with minerva.open(tmp_path / "kb.db") as again:
        assert len(again.reports()) == len(SOURCES)


def test_export_graph_cli(tmp_path):
    archive = _archive(tmp_path)
    db = tmp_path / "kb.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(archive), "--db", str(db), "--workers", "1"]).exit_code == 0
    result = runner.invoke(app, ["export-graph", str(tmp_path / "g.graphml"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert graph.number_of_nodes() > 10
    result = runner.invoke(app, ["export-graph", str(tmp_path / "g.json"), "--db", str(db)])
    assert result.exit_code == 0
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    bad = runner.invoke(app, ["export-graph", str(tmp_path / "g.txt"), "--db", str(db)])
    assert bad.exit_code == 2


def test_search_index_is_cached_until_the_store_changes(tmp_path, monkeypatch):
    from minerva.knowledge import index as index_module

    archive = _archive(tmp_path)
    db = tmp_path / "kb.db"
    with minerva.open(db) as kb:
        kb.ingest(archive, workers=1, progress=False)
        first = [s.measure for s in kb.suggest("耳机放回充电仓充不进电").suggestions]
    builds = []
    real_build = index_module.SearchIndex.build.__func__
    monkeypatch.setattr(index_module.SearchIndex, "build",
                        classmethod(lambda cls, *a, **kw: builds.append(1) or real_build(cls, *a, **kw)))
    with minerva.open(db) as kb:
        assert [s.measure for s in kb.suggest("耳机放回充电仓充不进电").suggestions] == first
    assert builds == []
    (archive / "extra.md").write_text("# 整改报告\n\n一、原因分析\n\n1、烤箱门铰链松动。\n\n二、整改措施\n\n"
                                      "1、铰链螺丝增加螺纹胶。\n", encoding="utf-8")
    with minerva.open(db) as kb:
        kb.ingest(archive, workers=1, progress=False)
        assert kb.suggest("烤箱门铰链松动").suggestions[0].measure == "铰链螺丝增加螺纹胶"
    assert builds == [1]


def test_what_a_base_answers_does_not_depend_on_the_order_files_were_stored(tmp_path: Path) -> None:
    """Parallel workers finish files in any order, and the store numbers cases as they come. A
    base that received the example archive's later half first answers ``stats`` and ``suggest``
    exactly as one that received the files in path order (before: the common causes' order and
    two of three suggestion lists differed)."""
    examples = Path(__file__).resolve().parent.parent / "examples" / "archive"
    runner = CliRunner()

    def answers(db: Path) -> list:
        out = []
        for args in (["stats"], *(["suggest", q] for q in ("快递送来的烤箱外箱压塌、玻璃门碎了", "柜员态度差",
                                                          "耳机放回盒子充不进电"))):
            result = runner.invoke(app, [*args, "--db", str(db), "--json"])
            assert result.exit_code == 0, result.output
            data = json.loads(result.stdout)
            data.pop("db", None)
            out.append(data)
        return out

    archive = shutil.copytree(examples, tmp_path / "archive")
    in_order = tmp_path / "in_order.db"
    assert runner.invoke(app, ["ingest", str(archive), "--db", str(in_order), "--workers", "1"]).exit_code == 0
    held = tmp_path / "held"
    held.mkdir()
    names = sorted(p.name for p in archive.iterdir())
    for name in names[: len(names) // 2]:
        shutil.move(archive / name, held / name)
    reversed_db = tmp_path / "later_half_first.db"
    assert runner.invoke(app, ["ingest", str(archive), "--db", str(reversed_db), "--workers", "1"]).exit_code == 0
    for name in names[: len(names) // 2]:
        shutil.move(held / name, archive / name)
    assert runner.invoke(app, ["ingest", str(archive), "--db", str(reversed_db), "--workers", "1"]).exit_code == 0
    with minerva.open(in_order) as a, minerva.open(reversed_db) as b:
        assert [c.id for c in a.cases()] != [c.id for c in b.cases()]  # the ids did differ
    assert answers(in_order) == answers(reversed_db)
