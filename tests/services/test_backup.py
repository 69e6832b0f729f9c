"""Backup and restore on both engines: the restored archive is the backup moment's and passes
verify with the backup's anchor; a damaged or incomplete backup is refused before anything
is touched."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.db import pg_tools
from desktop_app.db.engine import make_engine, sqlite_path
from desktop_app.db.models import Base, RehabCase, Signature, TreatmentSession
from desktop_app.domain.identity import make_resident_id
from desktop_app.errors import EnvironmentProblem, UserError
from desktop_app.services.core.audit_chain import read_anchor
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import backup, retention
from desktop_app.services.records.backup import check_backup, make_backup, restore_backup
from tests.archive_fixture import Archive
from tests.conftest import without_guards
from tests.services.test_integrity import sessions_signed_by_patient

OTHER_ID = make_resident_id("510502", date(1980, 5, 6), 12, "M")
Rows = dict[str, list[tuple[object, ...]]]


def snapshot(engine: Engine) -> Rows:
    """Every row of every table, in primary-key order; the audit events a restore adds
    about itself left out."""
    with engine.connect() as conn:
        rows = {name: [tuple(r) for r in conn.execute(table.select().order_by(*table.primary_key))]
                for name, table in Base.metadata.tables.items()}
    action = list(Base.metadata.tables["audit_event"].columns.keys()).index("action")
    rows["audit_event"] = [r for r in rows["audit_event"] if r[action] != "restore"]
    return rows


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(text("SELECT action FROM audit_event ORDER BY id")))


def sealed_signed_case(archive: Archive) -> tuple[int, list[int], int]:
    """A case whose sessions the patient signed, then sealed: its rows are frozen by triggers."""
    case_id, ids, signature_id = sessions_signed_by_patient(archive)
    with archive.uow(archive.officer) as u:
        retention.seal_case(u, case_id, "医疗纠纷，患者申请封存")
    return case_id, ids, signature_id


def register_another(archive: Archive) -> int:
    return archive.register(name="李四", resident_id=OTHER_ID, recognition_number="泸人社工认〔2026〕102号")


def flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def case_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(RehabCase)) or 0


def test_restore_brings_back_the_backup_moment(archive: Archive, engine: Engine, tmp_path: Path) -> None:
    case_id, session_ids, signature_id = sealed_signed_case(archive)
    folder = tmp_path / "backup"
    result = make_backup(engine, folder, clock=archive.clock)
    manifest = result.manifest
    data_file = backup.DATA_FILE[engine.dialect.name]
    assert manifest.engine == engine.dialect.name and manifest.head_seq > 20
    assert sorted(p.name for p in folder.iterdir()) == sorted([data_file, "anchor.json", "manifest.json"])
    assert {f.name: f.size for f in manifest.files}[data_file] == (folder / data_file).stat().st_size
    assert check_backup(folder) == []
    at_backup = snapshot(engine)

    extra = register_another(archive)
    assert case_count(engine) == 2 and snapshot(engine) != at_backup

    restored = restore_backup(folder, engine, clock=archive.clock, keep_dir=tmp_path / "kept")
    assert restored.report.ok and restored.report.anchored
    assert verify_archive(engine, read_anchor(folder / "anchor.json")).ok
    assert snapshot(engine) == at_backup
    assert audit_actions(engine)[-2:] == ["backup", "restore"]  # both traced, in order
    with archive.uow() as u:
        assert u.session.get(RehabCase, extra) is None
        assert u.session.get(RehabCase, case_id).record_state == "sealed"  # type: ignore[union-attr]
        assert u.session.get(Signature, signature_id) is not None
        states = u.session.scalars(select(TreatmentSession.record_state)
                                   .where(TreatmentSession.id.in_(session_ids))).all()
    assert states == ["signed"] * len(session_ids)

    # The previous archive was kept, with the extra case in it.
    assert restored.kept is not None and restored.kept.exists()
    if engine.dialect.name == "sqlite":
        assert restored.kept.name.startswith("archive.sqlite3.before-restore-")
        with sqlite3.connect(restored.kept) as kept:
            assert kept.execute("SELECT count(*) FROM rehab_case").fetchone() == (2,)
    else:
        assert restored.kept.parent == tmp_path / "kept" and check_backup(restored.kept) == []
        assert restored.kept.joinpath("manifest.json").is_file()

    # The restored archive is guarded again (PostgreSQL: triggers come back after the data)…
    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        conn.execute(text(f"UPDATE treatment_session SET count = 5 WHERE id = {session_ids[0]}"))
    assert "REHAB_IMMUTABLE" in str(caught.value)
    # …and takes new work without id clashes (sequences restored).
    assert register_another(archive) > case_id
    assert verify_archive(engine).ok


def test_a_flipped_byte_is_refused_and_the_archive_is_untouched(archive: Archive, engine: Engine,
                                                                tmp_path: Path) -> None:
    sealed_signed_case(archive)
    folder = tmp_path / "backup"
    make_backup(engine, folder, clock=archive.clock)
    register_another(archive)
    before = snapshot(engine)
    data_file = backup.DATA_FILE[engine.dialect.name]
    flip_one_byte(folder / data_file)

    problems = check_backup(folder)
    assert [(p.key, p.field, p.warning) for p in problems] == [("database", data_file, False)]
    assert "SHA-256" in problems[0].en
    with pytest.raises(UserError) as caught:
        restore_backup(folder, engine, clock=archive.clock, keep_dir=tmp_path / "kept")
    assert data_file in caught.value.zh and data_file in caught.value.en
    assert "未做任何修改" in caught.value.zh and "nothing was changed" in caught.value.en
    assert snapshot(engine) == before and case_count(engine) == 2
    assert verify_archive(engine).ok
    assert not (tmp_path / "kept").exists()
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name or "restoring" in p.name]


def test_a_missing_manifest_is_refused(archive: Archive, engine: Engine, tmp_path: Path) -> None:
    sessions_signed_by_patient(archive, days=1)
    folder = tmp_path / "backup"
    make_backup(engine, folder, clock=archive.clock)
    (folder / "manifest.json").unlink()
    before = snapshot(engine)
    assert [(p.key, p.field) for p in check_backup(folder)] == [("manifest", "manifest.json")]
    with pytest.raises(UserError) as caught:
        restore_backup(folder, engine, clock=archive.clock, keep_dir=tmp_path / "kept")
    assert "manifest.json" in caught.value.zh and "manifest.json" in caught.value.en
    assert snapshot(engine) == before


def test_problems_already_in_the_backup_are_reported_after_restore(archive: Archive, engine: Engine,
                                                                  tmp_path: Path) -> None:
    """Intact files, but the archive was tampered with before the backup: restore goes ahead
    (it may be the best copy there is) and verify names the problem."""
    _, ids, signature_id = sessions_signed_by_patient(archive, days=1)
    without_guards(engine, f"UPDATE treatment_session SET count = 2 WHERE id = {ids[0]}")
    folder = tmp_path / "backup"
    make_backup(engine, folder, clock=archive.clock)
    register_another(archive)
    restored = restore_backup(folder, engine, clock=archive.clock, keep_dir=tmp_path / "kept")
    assert not restored.report.ok
    assert [(p.area, f"#{signature_id}" in p.item or f"#{ids[0]}" in p.item)
            for p in restored.report.problems] == [("row_state", True), ("signature", True)]
    assert case_count(engine) == 1 and restored.kept is not None


def test_a_missing_or_truncated_file_is_named(archive: Archive, engine: Engine, tmp_path: Path) -> None:
    archive.admitted_case()
    folder = tmp_path / "backup"
    make_backup(engine, folder, clock=archive.clock)
    (folder / "anchor.json").unlink()
    data_file = backup.DATA_FILE[engine.dialect.name]
    with (folder / data_file).open("r+b") as file:
        file.truncate(1000)
    (folder / "notes.txt").write_text("not part of the backup", encoding="utf-8")
    found = {p.key: p for p in check_backup(folder)}
    assert set(found) == {"anchor", "database", "unlisted"} and found["unlisted"].field == "notes.txt"
    assert "missing" in found["anchor"].en and "size differs" in found["database"].en
    assert found["unlisted"].warning and not found["database"].warning


def test_a_folder_holding_a_backup_is_never_overwritten(archive: Archive, engine: Engine,
                                                        tmp_path: Path) -> None:
    archive.admitted_case()
    folder = tmp_path / "backup"
    first = make_backup(engine, folder, clock=archive.clock).manifest
    register_another(archive)
    with pytest.raises(UserError) as caught:
        make_backup(engine, folder, clock=archive.clock)
    assert "不会覆盖" in caught.value.zh and "never overwritten" in caught.value.en
    assert check_backup(folder) == [] and backup.read_manifest(folder) == first
    # A folder with other files (but no backup) is fine; the extra file is only a warning.
    other = tmp_path / "usb"
    other.mkdir()
    (other / "readme.txt").write_text("x", encoding="utf-8")
    make_backup(engine, other, clock=archive.clock)
    assert [(p.key, p.field, p.warning) for p in check_backup(other)] == [("unlisted", "readme.txt", True)]


def test_a_backup_of_the_other_engine_is_refused(archive: Archive, engine: Engine, tmp_path: Path) -> None:
    archive.admitted_case()
    folder = tmp_path / "backup"
    make_backup(engine, folder, clock=archive.clock)
    # Relabel it as the other engine's backup, consistently, so only the engine differs.
    kind = engine.dialect.name
    other = "postgresql" if kind == "sqlite" else "sqlite"
    (folder / backup.DATA_FILE[kind]).rename(folder / backup.DATA_FILE[other])
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data["engine"] = other
    for entry in data["files"]:
        if entry["name"] == backup.DATA_FILE[kind]:
            entry["name"] = backup.DATA_FILE[other]
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    assert check_backup(folder) == []
    before = snapshot(engine)
    with pytest.raises(UserError) as caught:
        restore_backup(folder, engine, clock=archive.clock, keep_dir=tmp_path / "kept")
    assert backup.ENGINE_LABEL[other] in caught.value.en and "cannot be restored" in caught.value.en
    assert snapshot(engine) == before


def test_a_backup_from_a_newer_app_is_refused(archive: Archive, engine: Engine, tmp_path: Path) -> None:
    archive.admitted_case()
    folder = tmp_path / "backup"
    make_backup(engine, folder, clock=archive.clock)
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data["schema_revision"] = "9999"
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EnvironmentProblem) as caught:
        restore_backup(folder, engine, clock=archive.clock, keep_dir=tmp_path / "kept")
    assert "9999" in caught.value.zh and "newer version" in caught.value.en


@contextmanager
def reading(db_url: str) -> Iterator[int]:
    """Another user in the middle of a read transaction (it holds its snapshot and locks)."""
    path = sqlite_path(db_url)
    if path is not None:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("BEGIN")
            yield conn.execute("SELECT count(*) FROM rehab_case").fetchone()[0]
            conn.execute("COMMIT")
        finally:
            conn.close()
        return
    other = make_engine(db_url)
    try:
        with other.connect() as pg, pg.begin():
            yield pg.scalar(select(func.count()).select_from(RehabCase)) or 0
    finally:
        other.dispose()


def test_an_archive_in_use_is_not_replaced(archive: Archive, engine: Engine, db_url: str,
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone mid-transaction (another PC, a script): the restore gives up after a short wait
    and changes nothing; once they are done it goes through."""
    archive.admitted_case()
    folder = tmp_path / "backup"
    make_backup(engine, folder, clock=archive.clock)
    register_another(archive)
    before = snapshot(engine)
    monkeypatch.setattr(backup, "IN_USE_TIMEOUT_S", 0.3)
    with reading(db_url) as count:
        assert count == 2
        with pytest.raises(EnvironmentProblem) as caught:
            restore_backup(folder, engine, clock=archive.clock, keep_dir=tmp_path / "kept")
    assert "其他程序" in caught.value.zh and "in use" in caught.value.en
    if engine.dialect.name == "sqlite":  # SQLite: even an idle open connection (an app left open)
        idle = make_engine(db_url)
        try:
            with idle.connect() as conn:
                assert conn.scalar(select(func.count()).select_from(RehabCase)) == 2
            with pytest.raises(EnvironmentProblem):
                restore_backup(folder, engine, clock=archive.clock)
        finally:
            idle.dispose()
    assert snapshot(engine) == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name or "restoring" in p.name]
    restored = restore_backup(folder, engine, clock=archive.clock, keep_dir=tmp_path / "kept")
    assert case_count(engine) == 1 and restored.kept is not None


def test_the_password_goes_in_the_environment_never_on_the_command_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def fake_run(command: list[str], *, env: dict[str, str], **_: object) -> subprocess.CompletedProcess[str]:
        seen.update(command=command, env=env)
        return subprocess.CompletedProcess(command, 1, "", "pg_dump: error: connection refused")

    monkeypatch.setattr(pg_tools.subprocess, "run", fake_run)
    engine = create_engine("postgresql+psycopg://archivist:s3cret-pw@db.example:5433/archive?sslmode=require")
    with pytest.raises(EnvironmentProblem) as caught:
        pg_tools.run_pg_tool(engine, ["pg_dump", "--format=custom"], "备份", "backup")
    command = seen["command"]
    assert isinstance(command, list) and "s3cret-pw" not in " ".join(command)
    assert command[-1] == "--dbname=postgresql://archivist@db.example:5433/archive?sslmode=require"
    assert seen["env"]["PGPASSWORD"] == "s3cret-pw"  # type: ignore[index]
    assert "备份失败" in caught.value.zh and "connection refused" in caught.value.en


def test_pg_tools_are_found_on_path_or_in_the_server_folders(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_tools.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pg_tools, "PG_LIB", tmp_path)
    with pytest.raises(EnvironmentProblem) as caught:
        pg_tools.pg_tool("pg_dump")
    assert "找不到 pg_dump" in caught.value.zh and "postgresql-client" in caught.value.en
    for version in ("9.6", "16", "13"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "pg_dump").touch()
    assert pg_tools.pg_tool("pg_dump") == str(tmp_path / "16" / "bin" / "pg_dump")
    monkeypatch.setattr(pg_tools.shutil, "which", lambda name: f"/opt/bin/{name}")
    assert pg_tools.pg_tool("pg_restore") == "/opt/bin/pg_restore"
