"""A knowledge base on a real PostgreSQL server (``--db postgresql://...``).

CI starts a server and names it in ``MINERVA_TEST_POSTGRES`` (a URL to a database the tests may
create databases from); each test works in a database of its own, dropped afterwards. Needs the
extra ``minerva[postgres]`` (psycopg).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

import minerva
from minerva.cli import app
from tests.kb_archive import corpus_archive

psycopg = pytest.importorskip("psycopg", reason="the PostgreSQL extra is missing: pip install 'minerva[postgres]'")
SERVER = os.environ.get("MINERVA_TEST_POSTGRES")
if not SERVER:
    pytest.skip("no PostgreSQL server named in MINERVA_TEST_POSTGRES (.ci/run starts one)", allow_module_level=True)

runner = CliRunner()
REPORTS = ("dev-001.docx", "dev-012.docx", "dev-030.docx", "dev-013.docx")


def _url(database: str) -> str:
    base, _, _ = SERVER.rpartition("/")
    return f"{base}/{database}"


@pytest.fixture
def database():
    """A fresh, empty database on the server; its URL."""
    name = f"minerva_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield _url(name)
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return corpus_archive(tmp_path / "archive", REPORTS, "broken.docx")


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_server_base_answers_as_a_file_base_does(database, archive, tmp_path) -> None:
    file_db = str(tmp_path / "kb.db")
    for db, workers in ((database, "2"), (file_db, "1")):  # answers do not depend on the order files finish
        result = runner.invoke(app, ["ingest", str(archive), "--db", db, "--workers", workers])
        assert result.exit_code == 0, result.output
    on_server, in_file = _json(["stats", "--db", database]), _json(["stats", "--db", file_db])
    assert on_server["counts"] == in_file["counts"] and on_server["counts"]["failures"] == 1
    complaint = "客户说耳机放回盒子充不进电"
    assert _json(["suggest", complaint, "--db", database]) == _json(["suggest", complaint, "--db", file_db])
    with minerva.open(database) as kb:
        assert [c.case.problem for c in kb.cases()] == [c.case.problem for c in minerva.open(file_db).cases()]
        assert kb.failures()[0].path.endswith("broken.docx")
    again = runner.invoke(app, ["ingest", str(archive), "--db", database])
    assert again.exit_code == 0 and _json(["stats", "--db", database])["counts"] == in_file["counts"]


def test_settings_and_scope_are_kept_on_the_server(database, archive) -> None:
    assert runner.invoke(app, ["ingest", str(archive), "--db", database, "--workers", "1"]).exit_code == 0
    assert runner.invoke(app, ["scope", "某某电子有限公司", "--db", database]).exit_code == 0
    with minerva.open(database) as kb:
        assert kb.scope == "某某电子有限公司"


def test_a_version_3_server_base_is_upgraded_and_keeps_its_reports(database, archive) -> None:
    """Server bases made before schema version 4 (settings and cache tables already present)."""
    assert runner.invoke(app, ["ingest", str(archive), "--db", database, "--workers", "1"]).exit_code == 0
    before = _json(["stats", "--db", database])["counts"]
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("UPDATE minerva_schema SET version = 3")
    assert _json(["stats", "--db", database])["counts"] == before
    assert runner.invoke(app, ["scope", "某某电子有限公司", "--db", database]).exit_code == 0
    with psycopg.connect(database, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM minerva_schema").fetchone()[0] == 4


def test_a_database_that_holds_other_tables_is_refused_without_showing_the_password(database) -> None:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    with_password = database.replace("://postgres@", "://postgres:s3cret@")
    result = runner.invoke(app, ["stats", "--db", with_password])
    assert result.exit_code == 2 and "not a minerva store" in result.stderr
    assert "s3cret" not in result.output + result.stderr and "***" in result.stderr


def test_no_base_and_no_server_are_clear_errors(database) -> None:
    empty = runner.invoke(app, ["stats", "--db", database])
    assert empty.exit_code != 0 and "no knowledge base at" in empty.stderr
    with psycopg.connect(database) as conn:  # reading created nothing there
        assert not conn.execute("SELECT count(*) FROM information_schema.tables"
                                " WHERE table_schema = current_schema()").fetchone()[0]
    nowhere = "postgresql://postgres@127.0.0.1:9/none"
    result = runner.invoke(app, ["stats", "--db", nowhere])
    assert result.exit_code == 2 and "cannot connect" in result.stderr and "127.0.0.1:9" in result.stderr
