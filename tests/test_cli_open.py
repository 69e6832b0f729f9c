"""Opening an archive from the command line (issue 15): read commands never write, a missing
path, an empty file, a file that is not an archive or a text that is not a database URL is a
message and exit 1, never a traceback and never a new archive; ``backup`` keeps to an empty
folder and cleans up after a full disk."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import head_revision
from tests.archive_fixture import Archive
from tests.conftest import PG_URL
from tests.test_cli import run

READ_COMMANDS = (["info"], ["cases"], ["verify"], ["retention"])
SIGNED_IN = ["--user", "nobody", "--password-env", "REHAB_NO_SUCH_VARIABLE"]
WRITE_COMMANDS = (["anchor", "--out", "anchor.json"],
                  ["session", "record", "--case", "1", "--item", "X", "--therapist", "t",
                   "--start", "2026-01-01T09:00", "--end", "2026-01-01T10:00", *SIGNED_IN],
                  ["claim", "build", "--case", "1", "--period", "2026-01", *SIGNED_IN],
                  ["region", "set", "beijing", "--reason", "r", *SIGNED_IN])


def files_under(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_message(code: int, err: str, *words: str) -> None:
    assert code == 1, err
    assert "错误：" in err and "Error:" in err and "Traceback" not in err
    for word in words:
        assert word in err, err


# ------------------------------------------------------------------------ missing or not a URL


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["backup", "out"], *WRITE_COMMANDS],
                         ids=lambda c: c[0] + ("-" + c[1] if c[0] in ("session", "claim", "region") else ""))
def test_a_mistyped_path_creates_nothing(command: list[str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'typo' / 'missing.sqlite3'}"
    args = [str(tmp_path / a) if a in ("out", "anchor.json") else a for a in command]
    code, out, err = run(capsys, "--db", url, *args)
    assert_message(code, err, "档案不存在", "no archive at")
    assert "all checks passed" not in out
    assert list(tmp_path.iterdir()) == []


def test_init_still_creates_a_new_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'archive.sqlite3'}"
    assert run(capsys, "--db", url, "init")[0] == 0
    code, out, _ = run(capsys, "--db", url, "verify")
    assert code == 0 and "all checks passed" in out


@pytest.mark.parametrize("url", ["sqlite:///", "sqlite://", "sqlite:///:memory:"])
@pytest.mark.parametrize("command", [["verify"], ["info"], ["init"]], ids=lambda c: c[0])
def test_sqlite_without_a_file_is_refused(url: str, command: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", url, *command)
    assert_message(code, err, "没有文件路径", "no file path")
    assert "all checks passed" not in out


@pytest.mark.parametrize("url", ["foo", "mysql://user@localhost/rehab", "http://x", "/srv/archive.sqlite3",
                                 "postgresql+nodriver://u@h/d", "sqlite+pysqlcipher:///a.db", "://",
                                 "postgresql+psycopg://u@h:notaport/d", "sqlite:///x.sqlite3?mode=rwc",
                                 "postgresql+psycopg://\x80/d"])  # a host the resolver refuses
@pytest.mark.parametrize("command", [["info"], ["init"], ["backup", "out"]], ids=lambda c: c[0])
def test_a_text_that_is_not_a_database_url(url: str, command: list[str], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "--db", url, *command)
    assert_message(code, err, "不是", "sqlite:///")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ files that are not archives


def not_archives(folder: Path) -> dict[str, Path]:
    empty = folder / "empty.sqlite3"
    empty.touch()
    notes = folder / "notes.txt"
    notes.write_text("病历备注 not a database\n" * 20, encoding="utf-8")
    other = folder / "other.sqlite3"
    with contextlib.closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    blank = folder / "blank.sqlite3"
    with contextlib.closing(sqlite3.connect(blank)) as conn:
        conn.execute("PRAGMA user_version = 0")
        conn.execute("VACUUM")  # a valid SQLite file with no table at all
    (folder / "adir.sqlite3").mkdir()
    return {"empty": empty, "text": notes, "other": other, "blank": blank, "folder": folder / "adir.sqlite3"}


@pytest.mark.parametrize("kind", ["empty", "text", "other", "blank", "folder"])
@pytest.mark.parametrize("command", [*READ_COMMANDS, ["backup", "out"], *WRITE_COMMANDS[:2]],
                         ids=lambda c: c[0])
def test_a_file_that_is_not_an_archive_is_refused_untouched(
        kind: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = not_archives(tmp_path)[kind]
    before = files_under(tmp_path)
    args = [str(tmp_path / a) if a in ("out", "anchor.json") else a for a in command]
    code, _, err = run(capsys, "--db", f"sqlite:///{path}", *args)
    assert_message(code, err, "不是本程序的档案", "not an archive of this app")
    assert files_under(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["empty.sqlite3", "notes.txt", "other.sqlite3", "blank.sqlite3", "adir.sqlite3"])


@pytest.mark.parametrize("kind", ["text", "other", "folder"])  # 0 bytes: an interrupted creation
def test_init_does_not_turn_a_foreign_file_into_an_archive(
        kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = not_archives(tmp_path)[kind]
    before = files_under(tmp_path)
    code, _, err = run(capsys, "--db", f"sqlite:///{path}", "init")
    assert code == 1 and "Traceback" not in err and "Error:" in err
    assert files_under(tmp_path) == before


# ------------------------------------------------------------------------ read commands write nothing


def test_read_commands_leave_the_archive_bytes_alone(archive: Archive, db_url: str, db_kind: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    case_id = archive.admitted_case()
    before = database_state(db_url)
    for command in (*READ_COMMANDS, ["retention", "--all"], ["region", "show"],
                    ["leave", "list", "--case", str(case_id)]):
        code, _, err = run(capsys, "--db", db_url, *command)
        assert code == 0, (command, err)
        if db_kind == "sqlite":  # cheap: after each command
            assert database_state(db_url) == before, command
    assert database_state(db_url) == before


def database_state(url: str) -> object:
    """The archive file's bytes (SQLite) or every row of every table (PostgreSQL)."""
    path = make_url(url).database
    if url.startswith("sqlite") and path:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    from tests.test_cli import dump

    return dump(url)


def test_read_commands_never_upgrade_an_older_schema(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    older = "0005"
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
    engine.dispose()
    code, out, _ = run(capsys, "--db", db_url, "info")
    assert code == 0 and f"schema version: {older}" in out
    for command in (["cases"], ["verify"], ["retention"]):
        code, _, err = run(capsys, "--db", db_url, *command)
        assert_message(code, err, "init", older)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == older
    engine.dispose()


def test_read_connections_cannot_write(db_url: str) -> None:
    from desktop_app.db import opening

    engine = opening.open_existing(db_url, read_only=True)
    try:
        with pytest.raises(Exception, match="(?i)read.?only") as caught, engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'x'"))
        assert "read" in str(caught.value).lower()
    finally:
        engine.dispose()
    check = make_engine(db_url)
    with check.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
    check.dispose()


@pytest.mark.skipif(not PG_URL, reason="needs REHAB_TEST_PG_URL")
def test_a_postgres_database_without_the_archive_is_refused(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    assert PG_URL
    name = f"{make_url(PG_URL).database}_blank"  # kept between runs: creating one takes seconds
    server = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    blank = create_engine(url)
    with blank.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    try:
        for command in (["info"], ["verify"], ["anchor", "--out", str(tmp_path / "anchor.json")]):
            code, _, err = run(capsys, "--db", url, *command)
            assert_message(code, err, "不是本程序的档案", "not an archive of this app")
        with blank.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) == 0
    finally:
        blank.dispose()


# ------------------------------------------------------------------------ read-only media


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[bool]:
    """A small tmpfs at ``folder`` (True), or False where mounting is not permitted."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False, timeout=30)
    try:
        yield done.returncode == 0
    finally:
        if done.returncode == 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False, timeout=30)


@pytest.mark.sqlite_only  # SQLite's own storage and locking
def test_verify_an_archive_on_read_only_media(migrated_template: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    media = tmp_path / "dvd"
    with tmpfs(media, "8m") as mounted:
        if not mounted:
            pytest.skip("mount is not permitted here (see test_read_only_media_is_opened_immutable)")
        shutil.copy(Path(migrated_template.removeprefix("sqlite:///")), media / "archive.sqlite3")
        assert not (media / "archive.sqlite3-wal").exists()  # a checkpointed, closed archive
        subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True, timeout=30)
        before = files_under(media)
        code, out, err = run(capsys, "--db", f"sqlite:///{media / 'archive.sqlite3'}", "verify")
        assert (code, err) == (0, "") and "all checks passed" in out
        assert files_under(media) == before


@pytest.mark.sqlite_only  # SQLite's own storage and locking
def test_back_up_an_archive_on_read_only_media(migrated_template: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Read-only media: the backup is made from a read-only opening, nothing is written beside
    the archive, and the backup itself checks out."""
    from desktop_app.services.records.backup import check_backup

    media = tmp_path / "dvd"
    with tmpfs(media, "8m") as mounted:
        if not mounted:
            pytest.skip("mount is not permitted here (see test_read_only_media_is_opened_immutable)")
        shutil.copy(Path(migrated_template.removeprefix("sqlite:///")), media / "archive.sqlite3")
        subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True, timeout=30)
        before = files_under(media)
        code, out, err = run(capsys, "--db", f"sqlite:///{media / 'archive.sqlite3'}", "backup",
                             str(tmp_path / "copy"))
        assert (code, err) == (0, ""), err
        assert "read-only media" in out and files_under(media) == before
        assert check_backup(tmp_path / "copy") == []


@pytest.mark.sqlite_only  # SQLite's own storage and locking
def test_read_only_media_is_opened_immutable(migrated_template: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.db import opening

    path = tmp_path / "archive.sqlite3"
    shutil.copy(Path(migrated_template.removeprefix("sqlite:///")), path)
    assert opening.sqlite_read_url(path).database == f"{path.as_uri()}?mode=ro"
    monkeypatch.setattr(opening, "on_read_only_media", lambda _folder: True)
    assert opening.sqlite_read_url(path).database == f"{path.as_uri()}?mode=ro&immutable=1"
    engine = opening.open_existing(f"sqlite:///{path}", read_only=True)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
    finally:
        engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.sqlite3"]


# ------------------------------------------------------------------------ backup


def test_backup_refuses_a_non_empty_folder(db_url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8 photo")
    code, _, err = run(capsys, "--db", db_url, "backup", str(folder))
    assert_message(code, err, "不是空文件夹", "not empty")
    assert [p.name for p in folder.iterdir()] == ["holiday.jpg"]
    assert run(capsys, "--db", db_url, "backup", str(tmp_path / "empty-new"))[0] == 0


def test_backup_onto_a_full_disk(migrated_template: str, db_kind: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import fresh_database

    url = fresh_database(migrated_template, db_kind, tmp_path)  # its schema alone fills 16 kB
    disk = tmp_path / "full"
    with tmpfs(disk, "16k") as mounted:
        if not mounted:
            pytest.skip("mount is not permitted here: no small disk to fill")
        target = disk / "backup"
        code, _, err = run(capsys, "--db", url, "backup", str(target))
        assert_message(code, err, "磁盘", "disk")
        assert "已清理" in err and "removed" in err
        assert [p.name for p in disk.rglob("*")] == [], list(disk.rglob("*"))


# ------------------------------------------------------------------------ the desktop app


def test_the_desktop_app_does_not_create_an_archive_for_a_mistyped_path(tmp_path: Path) -> None:
    from desktop_app import app
    from desktop_app.errors import UserError

    url = f"sqlite:///{tmp_path / 'typo' / f'{uuid.uuid4().hex}.sqlite3'}"
    with pytest.raises(UserError, match="no archive at"):
        app._open_archive(url, demo=False)
    with pytest.raises(UserError, match="not a database URL"):
        app._open_archive("D:/archive.sqlite3", demo=False)
    assert list(tmp_path.iterdir()) == []
