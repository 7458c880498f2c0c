"""The SQLite knowledge base: per-file transactions, reports recognised by content, provenance."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import pytest

from minerva.knowledge.records import Failure
from minerva.knowledge.store import SCHEMA_VERSION, Store, StoreError, report_key
from minerva.model import Case, Measure, Report, SourceRef, Span


def report(file: str, title: str = "客户投诉整改报告", problem: str = "蓝牙耳机外壳划伤",
           measures: tuple[str, ...] = ("更换EPE珍珠棉内衬", "装配工位增加防护垫，每班点检")) -> Report:
    """A one-case report as a reader of ``file`` (a PDF page or a Word paragraph) would give it."""
    pdf = file.endswith(".pdf")

    def ref(n: int) -> SourceRef:
        return SourceRef(file, page=1 + n // 10) if pdf else SourceRef(file, paragraph=n)

    case = Case(problem=problem, causes=[Span("包装内衬材料过硬，运输中摩擦外壳", ref(5))],
                measures=[Measure(m, ref(8 + i), "permanent") for i, m in enumerate(measures)],
                effect="不良率降至0.1%", effective=True, source=ref(3))
    return Report(title=title, org="深圳市某某科技有限公司", date="2023-05-12", cases=[case], source=ref(0))


def store_file(store: Store, path: str, reports: list[Report], sha: str = "sha") -> None:
    store.replace_file(path, sha, 100, 1.5, "0.1.0", [r.to_dict() for r in reports], None)


@pytest.fixture()
def store(tmp_path: Path):
    with Store(tmp_path / "kb.db") as s:
        yield s


def test_new_store_is_wal_with_schema_version(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.db"):
        pass
    db = sqlite3.connect(tmp_path / "kb.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    with Store(tmp_path / "kb.db") as again:
        assert again.counts()["files"] == 0


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.db"):
        pass
    db = sqlite3.connect(tmp_path / "kb.db")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer minerva"):
        Store(tmp_path / "kb.db")


def test_other_databases_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a minerva store"):
        Store(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a minerva store"):
        Store(junk)


def test_one_file(store: Store) -> None:
    store_file(store, "/a/r.docx", [report("/a/r.docx")], sha="abc")
    assert store.file_state("/a/r.docx") == ("abc", "0.1.0")
    assert store.file_state("/a/other.docx") is None
    [rep] = store.reports()
    assert (rep.title, rep.org, rep.date, rep.files) == ("客户投诉整改报告", "深圳市某某科技有限公司", "2023-05-12",
                                                          ["/a/r.docx"])
    assert rep.key == report_key(report("/a/r.docx").to_dict())
    [case] = store.cases()
    assert case.report_id == rep.id and case.report_title == rep.title and case.files == ["/a/r.docx"]
    assert store.counts() == {"files": 1, "failed": 0, "reports": 1, "cases": 1, "causes": 1, "measures": 2}


def test_provenance_round_trip(store: Store) -> None:
    original = report("/a/r.pdf")
    original.cases[0].problem_alt = ["外壳刮花"]
    original.cases[0].measures.append(Measure("对库存成品全检", SourceRef("/a/r.pdf", page=2, table=1, row=3, cell=2),
                                              "temporary"))
    original.cases.append(Case(problem="说明书缺页", effective=None,
                               causes=[Span("装订机缺页检测失效", None)],
                               measures=[Measure("装订机加装缺页检测", SourceRef("/a/r.pdf", table=0, row=1))]))
    original.cases.append(Case(problem="按键失灵", effective=False, effect="仍有投诉"))
    store_file(store, "/a/r.pdf", [original])
    [rep] = store.reports()
    assert [c.case for c in rep.cases] == original.cases
    assert rep.cases[0].case.measures[2].source == SourceRef("/a/r.pdf", page=2, table=1, row=3, cell=2)
    assert [m.kind for m in rep.cases[0].case.measures] == ["permanent", "permanent", "temporary"]
    assert rep.cases[1].case.measures[0].kind == "unspecified"


def test_same_report_from_two_files_is_stored_once(store: Store) -> None:
    store_file(store, "/a/r.docx", [report("/a/r.docx")])
    store_file(store, "/b/r.pdf", [report("/b/r.pdf")])
    [rep] = store.reports()
    assert rep.files == ["/a/r.docx", "/b/r.pdf"]
    assert store.counts()["reports"] == 1 and store.counts()["cases"] == 1
    [case] = store.cases()
    assert case.files == ["/a/r.docx", "/b/r.pdf"]
    assert case.case.source == SourceRef("/a/r.docx", paragraph=3)  # the first file by path speaks


def test_content_does_not_depend_on_ingest_order(tmp_path: Path) -> None:
    files = {"/b/r.pdf": [report("/b/r.pdf")], "/a/r.docx": [report("/a/r.docx")],
             "/c/two.docx": [report("/c/two.docx", title="第二份报告", problem="按键失灵")]}
    seen = []
    for order in (list(files), list(reversed(files))):
        with Store(tmp_path / f"{len(seen)}.db") as store:
            for path in order:
                store_file(store, path, files[path])
            seen.append([(r.key, r.files, [c.case for c in r.cases]) for r in store.reports()])
    assert seen[0] == seen[1]


def test_order_is_first_file_then_document_order(store: Store) -> None:
    x = report("/b/f.docx", title="报告X", problem="问题X")
    y = report("/b/f.docx", title="报告Y", problem="问题Y")
    z = report("/a/g.docx", title="报告Z", problem="问题Z")
    store_file(store, "/b/f.docx", [x, y])
    store_file(store, "/a/g.docx", [z])
    assert [r.title for r in store.reports()] == ["报告Z", "报告X", "报告Y"]
    assert [c.case.problem for c in store.cases()] == ["问题Z", "问题X", "问题Y"]
    store_file(store, "/0/h.pdf", [report("/0/h.pdf", title="报告Y", problem="问题Y")])
    assert [r.title for r in store.reports()] == ["报告Y", "报告Z", "报告X"]
    assert store.reports()[0].files == ["/0/h.pdf", "/b/f.docx"]


def test_replacing_a_file_replaces_its_records(store: Store) -> None:
    store_file(store, "/a/r.docx", [report("/a/r.docx")], sha="v1")
    store_file(store, "/b/other.docx", [report("/b/other.docx", title="另一份", problem="按键失灵",
                                               measures=("按键弹片改为不锈钢",))])
    store_file(store, "/a/r.docx", [report("/a/r.docx", measures=("外箱更换为五层瓦楞纸箱",))], sha="v2")
    assert store.file_state("/a/r.docx") == ("v2", "0.1.0")
    measures = {m.text for c in store.cases() for m in c.case.measures}
    assert "外箱更换为五层瓦楞纸箱" in measures and "更换EPE珍珠棉内衬" not in measures
    assert store.counts()["reports"] == 2
    assert len({r.id for r in store.reports()}) == 2


def test_rewriting_a_file_with_the_same_reports_keeps_their_ids(store: Store) -> None:
    store_file(store, "/a/r.docx", [report("/a/r.docx")])
    before = store.reports()[0].id
    store_file(store, "/a/r.docx", [report("/a/r.docx")])
    assert store.reports()[0].id == before
    assert store.counts()["cases"] == 1


def test_a_failed_write_leaves_the_file_as_it_was(store: Store) -> None:
    store_file(store, "/a/r.docx", [report("/a/r.docx")], sha="v1")
    good = report("/a/r.docx", title="新标题").to_dict()
    broken = copy.deepcopy(good)
    broken["title"] = "另一份报告"  # a second report of the file, whose case cannot be stored
    del broken["cases"][0]["problem"]
    with pytest.raises(KeyError):
        store.replace_file("/a/r.docx", "v2", 1, 2.0, "0.1.0", [good, broken], None)
    assert store.file_state("/a/r.docx") == ("v1", "0.1.0")
    assert [r.title for r in store.reports()] == ["客户投诉整改报告"]
    assert store.counts() == {"files": 1, "failed": 0, "reports": 1, "cases": 1, "causes": 1, "measures": 2}


def test_failures_replace_and_are_replaced(store: Store) -> None:
    store_file(store, "/a/r.pdf", [report("/a/r.pdf")])
    store.replace_file("/a/r.pdf", "sha2", 10, 2.0, "0.1.0", None,
                       Failure("/a/r.pdf", "needs-ocr", "scanned PDF without a text layer"))
    assert store.reports() == []
    assert store.failures() == [Failure("/a/r.pdf", "needs-ocr", "scanned PDF without a text layer")]
    assert [(f.path, f.status, f.reason) for f in store.files()] == [("/a/r.pdf", "failed", "needs-ocr")]
    store_file(store, "/a/r.pdf", [report("/a/r.pdf")], sha="sha3")
    assert store.failures() == [] and len(store.reports()) == 1
    with pytest.raises(ValueError):
        store.replace_file("/a/r.pdf", "x", 1, 1.0, "0.1.0", [report("/a/r.pdf").to_dict()],
                           Failure("/a/r.pdf", "corrupt", "both"))


def test_a_file_without_reports_is_stored_ok(store: Store) -> None:
    store_file(store, "/a/template.docx", [])
    assert store.counts()["files"] == 1 and store.failures() == [] and store.reports() == []


def test_remove_file(store: Store) -> None:
    store_file(store, "/a/r.docx", [report("/a/r.docx")])
    store_file(store, "/b/r.pdf", [report("/b/r.pdf")])
    store_file(store, "/c/only.docx", [report("/c/only.docx", title="只在这里", problem="按键失灵")])
    store.remove_file("/a/r.docx")
    assert [(r.title, r.files) for r in store.reports()] == [("客户投诉整改报告", ["/b/r.pdf"]),
                                                            ("只在这里", ["/c/only.docx"])]
    assert store.cases()[0].case.source == SourceRef("/b/r.pdf", page=1)
    store.remove_file("/c/only.docx")
    store.remove_file("/not/stored.docx")
    assert [r.title for r in store.reports()] == ["客户投诉整改报告"]
    assert store.counts() == {"files": 1, "failed": 0, "reports": 1, "cases": 1, "causes": 1, "measures": 2}
    store.remove_file("/b/r.pdf")
    assert store.counts() == {"files": 0, "failed": 0, "reports": 0, "cases": 0, "causes": 0, "measures": 0}


def test_update_stat_keeps_the_content(store: Store) -> None:
    store_file(store, "/a/r.docx", [report("/a/r.docx")], sha="abc")
    store.update_stat("/a/r.docx", 123, 9.25)
    [f] = store.files()
    assert (f.sha256, f.size, f.mtime) == ("abc", 123, 9.25)
    assert len(store.cases()) == 1


def test_a_report_twice_in_one_file_is_stored_once(store: Store) -> None:
    store_file(store, "/a/compilation.docx", [report("/a/compilation.docx")] * 2)
    assert store.counts()["reports"] == 1 and store.counts()["cases"] == 1


def test_report_key_ignores_what_renderings_change() -> None:
    word = report("/a/r.docx").to_dict()
    pdf = copy.deepcopy(word)
    pdf["title"] = " 客户投诉 整改报告 "
    pdf["org"], pdf["date"] = None, "2023-05-20"
    case = pdf["cases"][0]
    case["problem"] = "1. 蓝牙耳机外壳划伤。"
    case["causes"] = ["（1）包装内衬材料过硬，运输中摩擦"]  # a clipped table cell
    # full-width letters, numbering, punctuation, a stray fragment
    case["measures"] = ["① 更换ＥＰＥ珍珠棉内衬；", "2、装配工位增加防护垫, 每班点检", "待"]
    assert report_key(pdf) == report_key(word)


def test_report_key_tells_reports_apart() -> None:
    base = report("/a/r.docx").to_dict()
    changes = ({"title": "另一份整改报告"}, {"problem": "蓝牙耳机按键失灵"}, {"measures": ("全部重新设计外壳结构",)})
    for change in changes:
        title = change.get("title", "客户投诉整改报告")
        other = report("/a/r.docx", title=title, problem=change.get("problem", "蓝牙耳机外壳划伤"),
                       measures=change.get("measures", ("更换EPE珍珠棉内衬", "装配工位增加防护垫，每班点检")))
        assert report_key(other.to_dict()) != report_key(base), change


def test_reader_warnings_are_kept_per_file(store: Store) -> None:
    scanned = report("/a/r.pdf")
    scanned.warnings = ["pages 2 have no text layer (needs OCR)"]
    store_file(store, "/a/r.pdf", [scanned])
    store.replace_file("/b/r.pdf", "sha", 1, 1.0, "0.1.0", [], None, warnings=["page 1 needs OCR"])
    assert [f.warnings for f in store.files()] == [["pages 2 have no text layer (needs OCR)"], ["page 1 needs OCR"]]


def test_a_rescan_with_misread_characters_is_the_same_report(store: Store) -> None:
    scan = report("/scans/r.pdf").to_dict()
    scan["cases"][0]["problem"] = scan["cases"][0]["problem"][:-2] + "压"  # OCR lost characters
    store_file(store, "/a/r.docx", [report("/a/r.docx")])
    store.replace_file("/scans/r.pdf", "s", 1, 1.0, "0.1.0", [scan], None)
    (only,) = store.reports()
    assert only.files == ["/a/r.docx", "/scans/r.pdf"]
    other = report("/b/x.docx", title="完全不同的报告").to_dict()
    other["cases"][0]["measures"] = ["更换供应商"]
    other["cases"][0]["causes"] = ["来料不良"]
    store.replace_file("/b/x.docx", "x", 1, 1.0, "0.1.0", [other], None)
    assert len(store.reports()) == 2


def older_store(path: Path, version: int, *undo: str) -> Path:
    """A store with one report, taken back to schema ``version`` by the ``undo`` statements."""
    with Store(path) as s:
        store_file(s, "/a/r.docx", [report("/a/r.docx")])
    db = sqlite3.connect(path)
    for statement in undo:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    return path


def test_a_version_1_store_is_upgraded(tmp_path: Path) -> None:
    path = older_store(tmp_path / "old.db", 1, "DROP TABLE report_prints", "ALTER TABLE cases DROP COLUMN fields")
    with Store(path) as s:
        assert len(s.reports()) == 1
        store_file(s, "/b/r.pdf", [report("/b/r.pdf")])
        assert len(s.reports()) == 1
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_version_2_store_gains_case_fields(tmp_path: Path) -> None:
    path = older_store(tmp_path / "v2.db", 2, "ALTER TABLE cases DROP COLUMN fields")
    with Store(path) as s:
        (old,) = s.cases()
        assert old.case.fields == {}
        new = report("/b/x.docx", title="另一份台账").to_dict()
        new["cases"][0]["fields"] = {"订单号": "SO-2231", "数量": "40"}
        new["cases"][0]["measures"] = ["改用加厚纸箱"]
        s.replace_file("/b/x.docx", "x", 1, 1.0, "0.1.0", [new], None)
        assert {"订单号": "SO-2231", "数量": "40"} in [c.case.fields for c in s.cases()]


def test_a_version_3_store_without_cache_or_settings_tables_is_upgraded(tmp_path: Path) -> None:
    """Stores made before the derived-value cache and the settings were part of the schema lack
    those tables; opening one adds them, and reading a setting or a cached value never fails."""
    path = older_store(tmp_path / "v3.db", 3, "DROP TABLE derived", "DROP TABLE settings")
    with Store(path) as s:
        assert s.setting("scope") is None
        assert s.get_derived("search-index", "x") is None
        s.set_setting("scope", "浙江美辰电器")
        s.put_derived("search-index", "x", "{}")
        assert len(s.reports()) == 1
    with Store(path, create=False) as s:
        assert s.setting("scope") == "浙江美辰电器"
        assert s.get_derived("search-index", "x") == "{}"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert {"derived", "settings"} <= {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
