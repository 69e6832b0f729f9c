"""Every write all or nothing: schema creation and upgrade killed at chosen SQL statements, a
demo that fails half-way, backups and packages that fail on a full disk or find a killed run's
leftovers. The random kills are in ``test_kill.py``; these place the interruption exactly.

A full disk is real where this machine lets root mount a small tmpfs (``small_disk``) and is
otherwise skipped; the database side uses SQLite's ``max_page_count``, and the clean-up logic
is also driven by an ``OSError(ENOSPC)`` raised from the writing function, which runs anywhere.
"""

from __future__ import annotations

import ctypes
import errno
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import OperationalError

from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import (
    EMPTY,
    alembic_config,
    current_revision,
    head_revision,
    unversioned_state,
    upgrade_database,
)
from desktop_app.db.models import Base, Claim, RehabCase, StaffUser, TreatmentSession
from desktop_app.documents import bagit
from desktop_app.errors import EnvironmentProblem
from desktop_app.services import demo
from desktop_app.services.claims import claim_export
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import archive_export, backup
from tests import battery
from tests.archive_fixture import ADMISSION, Archive
from tests.conftest import PG_URL
from tests.reliability import killing
from tests.services.test_claim_export import final_april_claim

PREVIOUS = "0005"  # the revision before head, built as an archive of the last release


def _archive_url(db_kind: str, tmp_path: Path, name: str) -> str:
    if db_kind == "sqlite":
        return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    assert PG_URL
    return killing.fresh_pg_database(killing.pg_url(PG_URL, name))


def _statements(url: str, work: str) -> int:
    """How many SQL statements the child's ``work`` runs when nothing stops it."""
    with killing.opened(url) as engine:
        seen = [0]
        event.listen(engine, "after_cursor_execute", lambda *_a: seen.__setitem__(0, seen[0] + 1))
        _WORK[work](engine, url)
        return seen[0]


def _create(engine: Engine, url: str) -> None:
    upgrade_database(engine, Path(url.split("///")[-1]).parent / "backups"
                     if url.startswith("sqlite") else Path("/tmp") / "rehab-atomic-backups")


_WORK = {"create": _create, "upgrade": _create}


def _killed_child(url: str, work: str, after: int) -> None:
    engine = make_engine(url)
    killing.kill_after_statements(engine, after)
    _WORK[work](engine, url)
    engine.dispose()


def _at_previous_revision(url: str) -> None:
    """An archive of the last release: schema at ``PREVIOUS`` with one institution row."""
    with killing.opened(url) as engine:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, PREVIOUS)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO institution (name, region, settings, version) "
                              "VALUES ('旧机构', '泸州市', '{}', 1)"))


def _kill_points(total: int) -> list[int]:
    return sorted({1, total // 4, total // 2, (3 * total) // 4, total - 1})


def test_a_creation_killed_at_any_statement_is_finished_by_init(db_kind: str, tmp_path: Path) -> None:
    total = _statements(_archive_url(db_kind, tmp_path, "count_create"), "create")
    survived = 0
    points = _kill_points(total)
    for n, after in enumerate(points):
        url = _archive_url(db_kind, tmp_path, f"create{n}")
        assert killing.run_child(_killed_child, (url, "create", after)).killed
        with killing.opened(url) as engine:
            assert current_revision(engine) is None  # nothing of it was committed
            _create(engine, url)  # init again
            survived += current_revision(engine) == head_revision() and verify_archive(engine).ok
    battery.record("kill -9 at a statement of schema creation", attempts=len(points),
                   survived=survived, engine=db_kind)
    assert survived == len(points)


def test_an_upgrade_killed_at_any_statement_leaves_the_old_schema(db_kind: str, tmp_path: Path) -> None:
    counted = _archive_url(db_kind, tmp_path, "count_upgrade")
    _at_previous_revision(counted)
    total = _statements(counted, "upgrade")
    points = _kill_points(total)
    survived = 0
    for n, after in enumerate(points):
        url = _archive_url(db_kind, tmp_path, f"upgrade{n}")
        _at_previous_revision(url)
        assert killing.run_child(_killed_child, (url, "upgrade", after)).killed
        with killing.opened(url) as engine:
            old = current_revision(engine) == PREVIOUS
            with engine.connect() as conn:  # the last release's data, readable as before
                old = old and conn.scalar(text("SELECT name FROM institution")) == "旧机构"
            _create(engine, url)  # the upgrade runs again
            survived += old and current_revision(engine) == head_revision() \
                and verify_archive(engine).ok
    battery.record("kill -9 at a statement of a schema upgrade", attempts=len(points),
                   survived=survived, engine=db_kind)
    assert survived == len(points)


# ----------------------------------------------------------------------------- a new file


def test_a_file_left_by_an_interrupted_creation_is_created_again(tmp_path: Path) -> None:
    """An older app committed tables without a version when killed: init recreates the file."""
    engine = make_engine(f"sqlite:///{tmp_path / 'bricked.sqlite3'}")
    Base.metadata.create_all(engine)
    upgrade_database(engine, tmp_path / "backups")
    assert current_revision(engine) == head_revision()
    assert verify_archive(engine).ok
    engine.dispose()


@pytest.mark.parametrize("left", ["0 bytes", "tables without a version"])
@pytest.mark.parametrize("command", ["init", "demo"])
def test_init_and_demo_create_the_archive_a_killed_creation_left(
        left: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line too: neither is refused as "not an archive"; a reader still is."""
    from desktop_app.cli.main import main

    path = tmp_path / "archive.sqlite3"
    if left == "0 bytes":
        path.touch()
    else:
        engine = make_engine(f"sqlite:///{path}")
        Base.metadata.create_all(engine)
        engine.dispose()
        assert main(["--db", f"sqlite:///{path}", "cases"]) == 1
        assert "Run init" in capsys.readouterr().err
    argv = ["demo", "--patients", "1", "--as-of", "2026-06-01"] if command == "demo" else ["init"]
    assert main(["--db", f"sqlite:///{path}", *argv]) == 0
    with killing.opened(f"sqlite:///{path}") as engine:
        assert current_revision(engine) == head_revision() and verify_archive(engine).ok


def test_an_unversioned_file_with_records_is_refused_and_kept(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'held.sqlite3'}")
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_event (occurred_at, action, record_type, details) "
                          "VALUES ('2026-01-01 00:00:00', 'create', 'rehab_case', '{}')"))
    with pytest.raises(EnvironmentProblem) as refused:
        upgrade_database(engine, tmp_path / "backups")
    assert "restore" in refused.value.en and "备份" in refused.value.zh
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM audit_event")) == 1
    engine.dispose()


def test_an_empty_file_becomes_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    engine = make_engine(f"sqlite:///{path}")
    upgrade_database(engine, tmp_path / "backups")
    assert current_revision(engine) == head_revision()
    engine.dispose()


# ----------------------------------------------------------------------------- demo


def test_a_demo_failing_half_way_leaves_nothing_and_runs_again(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    real = demo._Demo.patient

    def patient(self: demo._Demo, index: int) -> None:
        if index == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, index)

    monkeypatch.setattr(demo._Demo, "patient", patient)
    with pytest.raises(OSError):
        demo.generate_demo(engine, 2, 1, date(2026, 6, 1))
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(RehabCase)) == 0
        assert conn.scalar(select(func.count()).select_from(StaffUser)) == 0
    monkeypatch.setattr(demo._Demo, "patient", real)
    assert demo.generate_demo(engine, 2, 1, date(2026, 6, 1)).cases == 2
    assert verify_archive(engine).ok


# ----------------------------------------------------------------------------- backup


def test_a_killed_backups_leftovers_never_block_the_next(engine: Engine, archive: Archive,
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "backup"
    folder.mkdir()
    data = backup.DATA_FILE[engine.dialect.name]
    (folder / f".{data}.partial").write_bytes(b"half a copy")
    (folder / ".anchor.json.partial.tmp").write_text("{")
    backup.make_backup(engine, folder, clock=archive.clock)
    assert backup.check_backup(folder) == []
    assert sorted(p.name for p in folder.iterdir()) == sorted([data, "anchor.json", "manifest.json"])


def test_the_backup_command_is_not_blocked_by_a_killed_backups_leftovers(
        db_url: str, archive: Archive, tmp_path: Path) -> None:
    from desktop_app.cli.main import main

    folder = tmp_path / "usb-backup"
    folder.mkdir()
    (folder / ".archive.sqlite3.partial").write_bytes(b"half a copy")
    (folder / ".archive.dump.partial").write_bytes(b"half a dump")
    assert main(["--db", db_url, "backup", str(folder)]) == 0
    assert backup.check_backup(folder) == []
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_a_backup_failing_on_a_full_disk_leaves_no_file(engine: Engine, archive: Archive,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "write_anchor", full)
    folder = tmp_path / "backup"
    with pytest.raises(EnvironmentProblem) as failed:
        backup.make_backup(engine, folder, clock=archive.clock)
    assert "disk is full" in failed.value.en and "磁盘已满" in failed.value.zh
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    backup.make_backup(engine, folder, clock=archive.clock)  # the same folder, then
    assert backup.check_backup(folder) == []


# ----------------------------------------------------------------------------- packages

BAG = bagit.make_bag({"a.txt": b"a" * 1000, "b/c.txt": b"c" * 1000}, [("Source-Organization", "x")])


def test_a_package_failing_half_way_leaves_nothing(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = bagit._write, [0]

    def third_write_fails(path: Path, content: bytes) -> None:
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, content)

    monkeypatch.setattr(bagit, "_write", third_write_fails)
    with pytest.raises(OSError):
        bagit.write_package(BAG, tmp_path, "pkg")
    assert list(tmp_path.iterdir()) == []


def test_a_killed_packages_leftovers_never_block_the_next(tmp_path: Path) -> None:
    half = bagit.partial_name(tmp_path / "pkg")
    (half / "data").mkdir(parents=True)
    (half / "data" / "a.txt").write_bytes(b"half")
    bagit.partial_name(tmp_path / "pkg.zip").write_bytes(b"PK half")
    folder, zipped = bagit.write_package(BAG, tmp_path, "pkg")
    assert bagit.check_bag(folder).ok and bagit.check_bag(zipped).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg", "pkg.zip"]


# ----------------------------------------------------------------------------- a real full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs: smaller than any package or backup of an archive."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs is not permitted here (the ENOSPC tests above "
                    "cover the clean-up)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_init_on_a_full_disk(small_disk: Path, tmp_path: Path) -> None:
    """The schema does not fit in 64 KiB: nothing of it is committed; elsewhere it is created."""
    path = small_disk / "archive.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with pytest.raises(OperationalError, match="full"):
        upgrade_database(engine, tmp_path / "backups")
    engine.dispose()
    (tmp_path / "moved.sqlite3").write_bytes(path.read_bytes())  # what the user would do
    moved = make_engine(f"sqlite:///{tmp_path / 'moved.sqlite3'}")
    with moved.connect() as conn:
        assert unversioned_state(conn) == EMPTY
    upgrade_database(moved, tmp_path / "backups")
    assert current_revision(moved) == head_revision()
    moved.dispose()


@pytest.mark.sqlite_only  # SQLite's own storage and locking
def test_demo_on_a_full_database(db_kind: str, db_url: str, engine: Engine) -> None:
    """``max_page_count`` at the empty archive's size: the demo fails and leaves nothing."""
    full = make_engine(db_url)
    event.listen(full, "connect", _no_page_beyond_the_current)
    with pytest.raises(EnvironmentProblem, match="the archive is unchanged"):
        demo.generate_demo(full, 2, 1, date(2026, 6, 1))
    full.dispose()
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(StaffUser)) == 0
    assert demo.generate_demo(engine, 2, 1, date(2026, 6, 1)).cases == 2


def _no_page_beyond_the_current(dbapi: object, _record: object) -> None:
    cursor = dbapi.cursor()  # type: ignore[attr-defined]
    pages = cursor.execute("PRAGMA page_count").fetchone()[0]
    cursor.execute(f"PRAGMA max_page_count = {pages}")
    cursor.close()


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*"))


def test_backup_on_a_full_disk(engine: Engine, archive: Archive, small_disk: Path) -> None:
    archive.discharged_case()
    with pytest.raises(EnvironmentProblem) as failed:
        backup.make_backup(engine, small_disk / "backup", clock=archive.clock)
    assert "were removed" in failed.value.en and "已删除" in failed.value.zh
    assert "disk is full" in failed.value.en or "No space left" in failed.value.en
    assert _left(small_disk) in ([], ["backup"])
    assert verify_archive(engine).ok


def test_claim_export_on_a_full_disk(engine: Engine, archive: Archive, small_disk: Path) -> None:
    claim_id = final_april_claim(archive)
    with pytest.raises(EnvironmentProblem) as failed, archive.uow(archive.officer) as u:
        claim_export.export_claim(u, claim_id, small_disk)
    assert "disk is full" in failed.value.en and "磁盘已满" in failed.value.zh
    assert _left(small_disk) == []
    with engine.connect() as conn:  # not marked exported: nothing of the export was committed
        assert conn.scalar(select(Claim.status).where(Claim.id == claim_id)) == "final"
    assert verify_archive(engine).ok


def test_archive_export_on_a_full_disk(engine: Engine, archive: Archive, small_disk: Path,
                                       tmp_path: Path) -> None:
    case_id = archive.discharged_case()
    with pytest.raises(EnvironmentProblem) as failed, archive.uow(archive.officer) as u:
        archive_export.export_archive(u, case_id, small_disk)
    assert "disk is full" in failed.value.en
    assert _left(small_disk) == []
    assert verify_archive(engine).ok
    with archive.uow(archive.officer) as u:  # elsewhere, it works
        result = archive_export.export_archive(u, case_id, tmp_path / "out")
    assert bagit.check_bag(result.folder).ok


@pytest.mark.sqlite_only  # SQLite's own storage and locking
def test_session_recording_on_a_full_database(db_kind: str, engine: Engine, archive: Archive,
                                              db_url: str) -> None:
    """SQLite's ``max_page_count`` at the file's size: the next page cannot be had."""
    case_id = archive.admitted_case()
    full = make_engine(db_url)
    event.listen(full, "connect", _no_page_beyond_the_current)

    def on_full_disk(actor_id: int | None = None) -> UnitOfWork:
        return UnitOfWork(full, clock=archive.clock, actor_id=actor_id)

    stuck = replace(archive, uow=on_full_disk)
    recorded = [archive.record_session(case_id, ADMISSION)]
    for day in range(1, 20):  # until a page is needed
        try:
            recorded.append(stuck.record_session(case_id, ADMISSION + timedelta(days=day)))
        except EnvironmentProblem as failed:
            assert "could not be written" in failed.en and "无法写入" in failed.zh
            break
    else:
        pytest.fail("the database never filled up")
    full.dispose()
    with engine.connect() as conn:  # every session whose commit returned is there
        stored = set(conn.scalars(select(TreatmentSession.id)))
    assert set(recorded) <= stored and len(stored) == len(recorded)
    assert verify_archive(engine).ok
    archive.record_session(case_id, ADMISSION + timedelta(days=25))  # room again: it goes on


def test_a_package_is_flushed_by_one_syncfs_on_linux(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """One ``syncfs`` flushes the package's files and folders; when it fails (an I/O error
    at the flush), nothing of the package is left under its final name."""
    assert bagit._SYNCFS is not None  # CI and this machine run Linux
    flushed: list[int] = []
    real = bagit._SYNCFS
    monkeypatch.setattr(bagit, "_SYNCFS", lambda fd: flushed.append(fd) or real(fd))
    folder, zipped = bagit.write_package(BAG, tmp_path, "pkg")
    assert len(flushed) == 1 and bagit.check_bag(folder).ok and bagit.check_bag(zipped).ok

    def failing(fd: int) -> int:
        ctypes.set_errno(errno.EIO)
        return -1

    monkeypatch.setattr(bagit, "_SYNCFS", failing)
    with pytest.raises(OSError):
        bagit.write_package(BAG, tmp_path, "pkg2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg", "pkg.zip"]
