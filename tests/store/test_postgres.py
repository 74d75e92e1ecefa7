"""PostgreSQL as the server's store (issue 13 item 5; security checklist D1): the application
role cannot rewrite the audit log, and a server killed mid-ingest loses nothing committed.
Runs on the PostgreSQL pass of scripts/test.sh (a real, throw-away server)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError
from tests.store.test_audit import _fill
from tests.store.test_concurrency import store_count_all

from clew.ingest import ingest_paths
from clew.store import Workspace
from clew.store.auditstore import postgres_grants

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not __import__("os").environ.get("CLEW_TEST_POSTGRES_URL"), reason="the PostgreSQL pass only"
)


def test_application_role_may_append_and_read_but_not_rewrite_the_audit_log(workspace):
    _fill(workspace, 2)
    owner = create_engine(workspace.url, isolation_level="AUTOCOMMIT")
    role = f"app_{workspace.log_id}"
    with owner.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        for sql in postgres_grants(role):
            conn.execute(text(sql))
        conn.execute(text("DROP TRIGGER audit_append_only ON audit"))  # the grants alone must hold
    app_url = make_url(workspace.url).set(username=role)
    app = Workspace(workspace.path, {**workspace.settings, "database_url": app_url.render_as_string(False)})
    with app.store() as store:
        store.audit("subject.read", "subj-1")
        assert store.verify_audit().entries == 3
    engine = create_engine(app_url)
    for sql in ("UPDATE audit SET target = 'x'", "DELETE FROM audit", "TRUNCATE audit"):
        with engine.connect() as conn, pytest.raises(DBAPIError, match="permission denied"):
            conn.execute(text(sql))
    engine.dispose()
    owner.dispose()
    assert store_count_all(workspace) == 3  # nothing was removed


def _case(folder: Path, files: int = 4, per_file: int = 3000) -> Path:
    folder.mkdir(parents=True)
    for f in range(files):
        lines = [
            {
                "id": f"p{f}-{i}",
                "schema": "Person",
                "properties": {"name": [f"Test Person {f} {i}"], "phone": [f"+63917{f:02d}{i:05d}"]},
            }
            for i in range(per_file)
        ]
        (folder / f"part{f}.ftm.jsonl").write_text("".join(__import__("json").dumps(x) + "\n" for x in lines))
    return folder


def _content(store) -> tuple:
    return (
        sorted((r["entity_id"], r["prop"], r["raw"]) for r in store.select("statements")),
        sorted(r["key"] for r in store.select("identifiers")),
        store.count("sources"),
    )


INGEST = (
    "import sys; from pathlib import Path; from clew.store import Workspace; "
    "from clew.ingest import ingest_paths; s = Workspace.open(Path(sys.argv[1])).store(); "
    "ingest_paths(s, [Path(sys.argv[2])]); s.close()"
)


@pytest.mark.slow
def test_server_killed_mid_ingest_then_rerun_matches_a_clean_run(tmp_path):
    """`pg_ctl stop -m immediate` (a crash: no shutdown checkpoint) while files are being
    ingested; after restart the store holds only whole files, and a re-run gives a clean run's rows."""
    server = Path(
        tempfile.mkdtemp(prefix="clew-pg-", dir="/tmp")
    )  # short (socket path), reachable by postgres
    url = subprocess.run(
        ["bash", str(ROOT / "scripts/postgres.sh"), "start", str(server)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE crash"))
            conn.execute(text("CREATE DATABASE clean"))
        admin.dispose()
        folder = _case(tmp_path / "case")
        crash_ws = Workspace.init(
            tmp_path / "crash", "op", url=make_url(url).set(database="crash").render_as_string(False)
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", INGEST, str(crash_ws.path), str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(2.0)
        ctl = [
            "bash",
            "-c",
            f'runuser -u postgres -- "$(ls -d /usr/lib/postgresql/*/bin | tail -1)/pg_ctl" '
            f"-D {server}/data -m immediate -w stop",
        ]
        subprocess.run(ctl, check=True, capture_output=True)
        proc.wait(timeout=120)
        start = ctl[-1].replace(
            "-m immediate -w stop",
            f"-l {server}/server.log -w -o \"-k {server} -c listen_addresses=''\" start",
        )
        subprocess.run(["bash", "-c", start], check=True, capture_output=True)
        with crash_ws.store() as store:
            stored = store.count("sources")
            per_file = store.count("fragments") / max(stored, 1)
            assert stored < 4 and (stored == 0 or per_file == 3000)  # whole files only
            ingest_paths(store, [folder])
            after = _content(store)
        clean_ws = Workspace.init(
            tmp_path / "clean", "op", url=make_url(url).set(database="clean").render_as_string(False)
        )
        with clean_ws.store() as store:
            ingest_paths(store, [folder])
            assert _content(store) == after
    finally:
        subprocess.run(["bash", str(ROOT / "scripts/postgres.sh"), "stop", str(server)], capture_output=True)
