"""``minerva ingest --scheduler``: extraction on a real Dask scheduler and its worker processes.

CI starts ``dask scheduler`` and ``dask worker`` and names the scheduler in
``MINERVA_DASK_SCHEDULER``; elsewhere a local cluster of worker processes is started for the
module. Needs the extra ``minerva[dask]`` (``distributed``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import minerva
from minerva.cli import app
from minerva.knowledge import scheduler as scheduling
from tests.kb_archive import corpus_archive

distributed = pytest.importorskip("distributed", reason="the Dask extra is not installed: pip install 'minerva[dask]'")

runner = CliRunner()
REPORTS = ("dev-001.docx", "dev-012.docx", "dev-030.docx")


@pytest.fixture(scope="module")
def address():
    given = os.environ.get("MINERVA_DASK_SCHEDULER")
    if given:
        yield given
        return
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return corpus_archive(tmp_path / "archive", REPORTS, "broken.pdf")


def _stored(db: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    with minerva.open(db) as kb:
        return sorted((Path(sc.files[0]).name, sc.case.problem, tuple(m.text for m in sc.case.measures))
                      for sc in kb.cases())


def test_the_workers_of_a_scheduler_store_what_local_processes_store(address, archive, tmp_path) -> None:
    on_cluster, local = tmp_path / "cluster.db", tmp_path / "local.db"
    result = runner.invoke(app, ["ingest", str(archive), "--db", str(on_cluster), "--scheduler", address])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["ingest", str(archive), "--db", str(local), "--workers", "2"]).exit_code == 0
    assert _stored(on_cluster) == _stored(local) and {f for f, _, _ in _stored(local)} == set(REPORTS)
    with minerva.open(on_cluster) as kb:
        (failure,) = kb.failures()
    assert failure.path.endswith("broken.pdf") and failure.reason == "corrupt"
    again = runner.invoke(app, ["ingest", str(archive), "--db", str(on_cluster), "--scheduler", address])
    assert again.exit_code == 0 and _stored(on_cluster) == _stored(local)
    assert "could not be read" in again.output  # the failure is still reported, nothing re-extracted


def test_no_scheduler_at_the_address_is_a_clear_error_and_the_store_is_kept(archive, tmp_path, monkeypatch) -> None:
    db = tmp_path / "kb.db"
    assert runner.invoke(app, ["ingest", str(archive), "--db", str(db), "--workers", "1"]).exit_code == 0
    before = _stored(db)
    monkeypatch.setattr(scheduling, "CONNECT_SECONDS", 2)
    nowhere = "tcp://127.0.0.1:9"  # the discard port: nothing answers
    result = runner.invoke(app, ["ingest", str(archive), "--db", str(db), "--scheduler", nowhere])
    assert result.exit_code == 2
    assert nowhere in result.stderr and "no Dask scheduler answers" in result.stderr
    assert _stored(db) == before


def test_workers_that_would_read_files_otherwise_get_nothing(address, archive, tmp_path, monkeypatch) -> None:
    """Vocabularies the workers lack (``MINERVA_RESOURCES`` here only) would store other records:
    the ingest stops before sending a file."""
    extra = tmp_path / "vocab"
    extra.mkdir()
    (extra / "role_cues.json").write_text('{"negation": ["从不"]}', encoding="utf-8")
    monkeypatch.setenv("MINERVA_RESOURCES", str(extra))
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["ingest", str(archive), "--db", str(db), "--scheduler", address])
    assert result.exit_code == 2 and "install the same minerva and vocabularies" in result.stderr
    with minerva.open(db) as kb:
        assert not kb.cases() and not kb.failures()
