"""Ingesting archives: bad files, interrupted runs, duplicate renderings, reruns, time limits."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

import minerva
from minerva.cli import app
from minerva.knowledge import ingest as ingest_module
from minerva.knowledge.ingest import extract_file, ingest
from minerva.knowledge.store import Store, report_key
from tests.builders import partly_scanned_pdf
from tests.conftest import CORPUS, EARLIER

RENDERING = re.compile(r"^dev-\d+\.(docx|plain\.docx|pdf|rl\.pdf|slides\.pdf)$")
runner = CliRunner()


def flat(text: str) -> str:
    return "".join(text.split())


def renderings() -> dict[str, list[Path]]:
    """Every vendored rendering of the sources written for the project, by source name (the later,
    real texts are read differently enough per rendering that their copies do not all collapse)."""
    out: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(CORPUS.iterdir()):
        if RENDERING.match(path.name) and path.name.split(".")[0] <= EARLIER:
            out[path.name.split(".")[0]].append(path)
    return out


def place(archive: Path, layout: dict[str, Path]) -> None:
    for relative, source in layout.items():
        target = archive / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def markdown(problem: str, measure: str) -> str:
    return (f"# {problem}整改报告\n\n报告日期：2023-05-12\n\n编制单位：深圳市某某科技有限公司\n\n"
            f"## 一、问题描述\n\n客户反馈{problem}，不良率3%。\n\n## 二、原因分析\n\n（1）装配工位未放置防护垫。\n\n"
            f"## 三、整改措施\n\n1、{measure}。\n2、对库存成品全检。\n\n## 四、效果验证\n\n改善后不良率降至0.1%。\n")


def snapshot(db: Path) -> tuple:
    """Everything a store holds that a user can see, ids left out."""
    with Store(db) as store:
        reports = [(r.key, r.title, r.org, r.date, r.files, [(c.case, c.files) for c in r.cases])
                   for r in store.reports()]
        files = [(f.path, f.sha256, f.size, f.mtime, f.version, f.status, f.reason, f.message) for f in store.files()]
        return reports, files, store.counts()


# --------------------------------------------------------------------------- (a) good and bad files


SOURCES = {
    "2023/dev-004.pdf": "dev-004.pdf", "2023/drafts/dev-004.plain.docx": "dev-004.plain.docx",
    "dev-006.docx": "dev-006.docx", "signed/dev-006.rl.pdf": "dev-006.rl.pdf",
    "dev-007.docx": "dev-007.docx", "dev-007.pdf": "dev-007.pdf", "copies/dev-007.docx": "dev-007.docx",
    "dev-009.docx": "dev-009.docx", "2024/dev-009.pdf": "dev-009.pdf",
    "2024/dev-010.pdf": "dev-010.pdf", "2024/dev-010.plain.docx": "dev-010.plain.docx",
    "dev-011.docx": "dev-011.docx", "dev-011.rl.pdf": "dev-011.rl.pdf",
}
BAD = {"bad/corrupt.pdf": "corrupt", "bad/empty.docx": "empty", "bad/old.doc": "corrupt",
       "bad/scan.pdf": "needs-ocr"}


def test_archive_with_good_bad_and_ignored_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINERVA_OCR", "off")  # the scan stays a failure (workers inherit the environment)
    archive = tmp_path / "archive"
    place(archive, {rel: CORPUS / name for rel, name in SOURCES.items()})
    place(archive, {"bad/scan.pdf": CORPUS / "dev-014.scan.pdf", "~$lock.docx": CORPUS / "dev-006.docx",
                    ".hidden.docx": CORPUS / "dev-006.docx", ".git/dev-001.docx": CORPUS / "dev-001.docx"})
    (archive / "bad/corrupt.pdf").write_bytes(os.urandom(5000))
    (archive / "bad/empty.docx").write_bytes(b"")
    (archive / "bad/old.doc").write_bytes(os.urandom(2048))
    db = tmp_path / "kb.db"

    result = runner.invoke(app, ["ingest", str(archive), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    for rel, reason in BAD.items():
        assert flat(f"{reason} {archive / rel}") in out
    for ignored in ("~$lock", ".hidden", ".git"):
        assert ignored not in result.stdout

    with Store(db) as store:
        files = {f.path: f for f in store.files()}
        assert set(files) == {str(archive / rel) for rel in [*SOURCES, *BAD]}
        assert {p for p, f in files.items() if f.status == "ok"} == {str(archive / rel) for rel in SOURCES}
        assert {(f.path, f.reason) for f in store.failures()} == {(str(archive / r), why) for r, why in BAD.items()}
        expected = defaultdict(set)  # key -> files of that report's source
        for rel, name in SOURCES.items():
            for rep in minerva.extract(CORPUS / name):
                expected[report_key(rep.to_dict())].add(str(archive / rel))
        assert {r.key: set(r.files) for r in store.reports()} == expected
        assert all(len(r.files) >= 2 for r in store.reports())

    listed = runner.invoke(app, ["failures", "--db", str(db), "--json"])
    assert listed.exit_code == 0, listed.output
    assert {(f["path"], f["reason"]) for f in json.loads(listed.stdout)} == {
        (str(archive / r), why) for r, why in BAD.items()}
    text = runner.invoke(app, ["failures", "--db", str(db)])
    assert flat(f"corrupt {archive / 'bad/old.doc'}") in flat(text.stdout)


def test_failures_command_without_a_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["failures", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert not (tmp_path / "none.db").exists()


def test_ingest_into_a_newer_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    (tmp_path / "archive").mkdir()
    result = runner.invoke(app, ["ingest", str(tmp_path / "archive"), "--db", str(db)])
    assert result.exit_code == 2
    assert "newerminerva" in flat(result.stderr)


# --------------------------------------------------------------------------- (b) killed and resumed


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    """Every rendering (and the scan) in two folders, and a clean ingest of it."""
    root = tmp_path_factory.mktemp("big")
    archive = root / "archive"
    sources = [p for group in renderings().values() for p in group] + [CORPUS / "dev-014.scan.pdf"]
    for folder in ("2023", "2024/copies"):
        place(archive, {f"{folder}/{p.name}": p for p in sources})
    with Store(root / "clean.db") as store:
        ingest(archive, store, workers=2, progress=False)
    return archive, snapshot(root / "clean.db")


def stored_files(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM files").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def child_pids(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from Linux /proc; none found elsewhere)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            out.add(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_interrupted_ingest_resumes_to_the_clean_result(tmp_path: Path, big_archive, sig: signal.Signals) -> None:
    archive, clean = big_archive
    total = len(clean[1])
    db = tmp_path / "kb.db"
    proc = subprocess.Popen([sys.executable, "-m", "minerva.cli", "ingest", str(archive), "--db", str(db),
                             "--workers", "1"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while stored_files(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "ingest finished before it could be interrupted"
        workers = child_pids(proc.pid)
        assert workers or not Path("/proc").is_dir()
        proc.send_signal(sig)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "worker processes outlived the ingest"
    assert proc.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL), proc.stderr.read()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    before = stored_files(db)
    assert 10 <= before < total

    with Store(db) as store:
        summary = ingest(archive, store, workers=2, progress=False)
    assert summary.skipped == before
    assert summary.extracted + summary.failed == total - before
    assert snapshot(db) == clean


# --------------------------------------------------------------------------- (c) duplicate renderings


def test_every_rendering_collapses_to_one_report_per_source(tmp_path: Path) -> None:
    groups = renderings()
    place(tmp_path / "all", {p.name: p for group in groups.values() for p in group})
    place(tmp_path / "one", {group[-1].name: group[-1] for group in groups.values()})
    stored = {}
    for name in ("all", "one"):
        with Store(tmp_path / f"{name}.db") as store:
            ingest(tmp_path / name, store, workers=2, progress=False)
            assert store.failures() == []
            stored[name] = store.reports()
    assert {r.key: len(r.cases) for r in stored["all"]} == {r.key: len(r.cases) for r in stored["one"]}
    assert len(stored["all"]) == len(stored["one"]) > 40
    for rep in stored["all"]:
        [source] = {Path(f).name.split(".")[0] for f in rep.files}
        assert sorted(Path(f).name for f in rep.files) == [p.name for p in groups[source]]
    multi = {name for name, group in groups.items() if len(group) > 1}
    assert sum(len(rep.files) > 1 for rep in stored["all"]) == sum(
        Path(rep.files[0]).name.split(".")[0] in multi for rep in stored["one"]) > 20


# --------------------------------------------------------------------------- (d) reruns and limits


def test_reruns_skip_unchanged_files_and_prune_removes_deleted(tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    (archive / "a.md").write_text(markdown("外壳划伤", "更换EPE珍珠棉内衬"), encoding="utf-8")
    (archive / "sub/b.md").write_text(markdown("按键失灵", "按键弹片改为不锈钢"), encoding="utf-8")
    (archive / "sub/c.md").write_text(markdown("屏幕漏光", "背光胶框加宽"), encoding="utf-8")
    with Store(tmp_path / "kb.db") as store, ThreadPoolExecutor(2) as pool:
        def run(**options):
            return ingest(archive, store, executor=pool, workers=2, progress=False, **options)

        first = run()
        assert (first.seen, first.extracted, first.skipped, first.counts["reports"]) == (3, 3, 0, 3)

        hashed = []
        monkeypatch.setattr(ingest_module, "sha256_of", lambda p: hashed.append(p) or "x")
        again = run()
        assert (again.extracted, again.failed, again.skipped) == (0, 0, 3)
        assert hashed == []  # size and mtime unchanged: not even read
        monkeypatch.undo()

        os.utime(archive / "a.md", (time.time() + 10, time.time() + 10))
        touched = run()
        assert (touched.extracted, touched.skipped) == (0, 3)
        stored = {Path(f.path).name: f for f in store.files()}
        assert stored["a.md"].mtime == (archive / "a.md").stat().st_mtime

        (archive / "sub/b.md").write_text(markdown("按键失灵", "按键改用硅胶导电按键"), encoding="utf-8")
        changed = run()
        assert (changed.extracted, changed.skipped) == (1, 2)
        measures = {m.text for c in store.cases() for m in c.case.measures}
        assert "按键改用硅胶导电按键" in measures and "按键弹片改为不锈钢" not in measures

        (archive / "sub/c.md").unlink()
        kept = run()
        assert kept.removed == 0 and kept.counts["reports"] == 3
        pruned = run(prune=True)
        assert (pruned.seen, pruned.removed, pruned.counts["reports"], pruned.counts["files"]) == (2, 1, 2, 2)
        assert all("屏幕漏光" not in c.case.problem for c in store.cases())

        monkeypatch.setattr(ingest_module, "extractor_version", lambda: "99.0")
        assert run().extracted == 2


def test_prune_leaves_other_archives_alone(tmp_path: Path) -> None:
    for name in ("one", "one-more"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "r.md").write_text(markdown(f"{name}外壳划伤", "更换内衬"), encoding="utf-8")
    with Store(tmp_path / "kb.db") as store, ThreadPoolExecutor(1) as pool:
        ingest(tmp_path / "one", store, executor=pool, progress=False)
        ingest(tmp_path / "one-more", store, executor=pool, progress=False)
        (tmp_path / "one" / "r.md").unlink()
        summary = ingest(tmp_path / "one", store, executor=pool, prune=True, progress=False)
        assert summary.removed == 1
        assert [Path(f.path).parent.name for f in store.files()] == ["one-more"]


def test_extract_file_returns_plain_data(tmp_path: Path, monkeypatch) -> None:
    good = tmp_path / "r.md"
    good.write_text(markdown("外壳划伤", "更换EPE珍珠棉内衬"), encoding="utf-8")
    result = extract_file(str(good))
    assert json.loads(json.dumps(result)) == result
    assert result["sha256"] == ingest_module.sha256_of(good) and result["size"] == good.stat().st_size
    assert result["reports"][0]["cases"][0]["measures"][0] == "更换EPE珍珠棉内衬"

    def boom(path):
        raise RuntimeError("reader bug")

    monkeypatch.setitem(minerva.extractors.registry._READERS, ".md", boom)
    failed = extract_file(str(good))
    assert failed["failure"] == {"reason": "corrupt", "message": "RuntimeError: reader bug"}
    assert "reports" not in failed
    assert extract_file(str(tmp_path / "gone.md"))["failure"]["reason"] == "corrupt"


def test_a_hanging_file_times_out_on_a_foreign_executor(tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("a", "hang", "z"):
        (archive / f"{name}.md").write_text(markdown(f"{name}外壳划伤", "更换内衬"), encoding="utf-8")
    release = threading.Event()
    real = ingest_module.extract_file

    def slow(path: str) -> dict:
        if Path(path).name.startswith("hang"):
            release.wait(30)
        return real(path)

    monkeypatch.setattr(ingest_module, "extract_file", slow)
    with Store(tmp_path / "kb.db") as store, ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        summary = ingest(archive, store, executor=pool, workers=2, timeout=0.5, progress=False)
        assert time.monotonic() - started < 10
        release.set()
        assert (summary.extracted, summary.failed, dict(summary.failures)) == (2, 1, {"timeout": 1})
        [failure] = store.failures()
        assert (Path(failure.path).name, failure.reason) == ("hang.md", "timeout")
        retry = ingest(archive, store, executor=pool, workers=2, timeout=5, progress=False)
        assert (retry.extracted, retry.skipped) == (1, 2) and store.failures() == []


def _misbehave() -> None:
    """Worker initializer: in this worker, .md files named hang* never finish and crash* kill it."""
    from minerva.extractors import registry

    original = registry._READERS[".md"]

    def reader(path: Path):
        if path.name.startswith("hang"):
            time.sleep(600)
        if path.name.startswith("crash"):
            os._exit(3)
        return original(path)

    registry._READERS[".md"] = reader


def _misbehaving_pool(workers: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_misbehave)
    for future in [pool.submit(ingest_module._ready) for _ in range(workers)]:
        future.result()
    return pool


def test_own_pool_kills_hung_workers_and_survives_crashes(tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("crash", "good1", "good2", "hang", "good3"):
        (archive / f"{name}.md").write_text(markdown(f"{name}外壳划伤", f"{name}更换内衬"), encoding="utf-8")
    monkeypatch.setattr(ingest_module, "_new_pool", _misbehaving_pool)
    with Store(tmp_path / "kb.db") as store:
        started = time.monotonic()
        summary = ingest(archive, store, workers=2, timeout=3, progress=False)
        assert time.monotonic() - started < 60
        assert (summary.extracted, summary.failed) == (3, 2)
        assert {(Path(f.path).name, f.reason, f.message) for f in store.failures()} == {
            ("crash.md", "corrupt", "worker crashed"), ("hang.md", "timeout", "extraction took longer than 3 s")}
        assert [r.title for r in store.reports()] == [f"good{i}外壳划伤整改报告" for i in (1, 2, 3)]
    assert multiprocessing.active_children() == []


def test_benchmark_archive_is_read(tmp_path: Path) -> None:
    from benchmarks.ingest import LAYOUTS, make_archive

    files = make_archive(tmp_path / "archive", len(LAYOUTS))
    assert {p.suffix for p in files} == {".docx", ".pdf"}
    with Store(tmp_path / "kb.db") as store, ThreadPoolExecutor(2) as pool:
        summary = ingest(tmp_path / "archive", store, executor=pool, progress=False)
        assert (summary.extracted, summary.failed, summary.counts["reports"]) == (len(LAYOUTS), 0, len(LAYOUTS))
        assert all(len(c.case.measures) >= 2 for c in store.cases())


def test_reader_warnings_are_stored_and_listed(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    partly_scanned_pdf(archive / "partly.pdf")
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["ingest", str(archive), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert flat(f"warning {archive / 'partly.pdf'}") in flat(result.stdout) and "OCR" in result.stdout
    with Store(db) as store:
        [stored] = store.files()
        assert stored.status == "ok" and any("OCR" in w for w in stored.warnings)
        assert len(store.reports()) == 1


def test_extractor_version_follows_the_vocabularies(tmp_path: Path, monkeypatch) -> None:
    from minerva.extractors import extractor_version

    before = extractor_version()
    (tmp_path / "sections.json").write_text('{"cause": ["病因"]}', encoding="utf-8")
    monkeypatch.setenv("MINERVA_RESOURCES", str(tmp_path))
    assert extractor_version() != before
