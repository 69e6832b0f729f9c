"""Backup and restore of the whole archive. Plain Python, no Qt.

A backup is a folder holding:

* ``archive.sqlite3`` (SQLite, copied with the online backup API, so a running app can
  be backed up) or ``archive.dump`` (PostgreSQL, ``pg_dump --format=custom``);
* ``anchor.json``: the audit chain's anchor taken from the very copy (SQLite) or the
  very snapshot pg_dump reads (PostgreSQL), so it pins exactly the backed-up chain;
* ``manifest.json``, written last: every file with its size and SHA-256, the engine,
  schema revision, app version, creation time and chain head. A folder without it is
  an unfinished backup.

Every file is written under a hidden ``.partial`` name and flushed; only then are they
renamed, the manifest last. A failure (a full disk) removes the partial files; partial files
a killed backup left are removed by the next backup into that folder, never refused.
``check_backup`` reports a missing or unreadable manifest, a missing file and a size
or SHA-256 mismatch as blocking problems; a file the manifest does not list is only a
warning (it is ignored by restore). ``restore_backup`` checks all of that before it
touches anything, refuses while someone else uses the archive, never deletes the archive
it replaces, and runs ``verify`` on the restored archive against the backup's anchor.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from desktop_app import __version__
from desktop_app.clock import Clock
from desktop_app.db.engine import make_engine, sqlite_path
from desktop_app.db.migrate import check_not_newer, current_revision, known_revisions
from desktop_app.db.pg_tools import pg_tool, run_pg_tool
from desktop_app.errors import EnvironmentProblem, FieldError, SchemaTooNew, UserError
from desktop_app.services.core.audit import record_event
from desktop_app.services.core.audit_chain import (
    Anchor,
    build_anchor,
    chain_pending,
    read_anchor,
    write_anchor,
)
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.integrity.verify import Progress, VerifyReport, verify_archive

MANIFEST = "manifest.json"
ANCHOR = "anchor.json"
DATA_FILE = {"sqlite": "archive.sqlite3", "postgresql": "archive.dump"}
MANIFEST_FORMAT = "rehab-archive-backup/1"
PARTIAL = ".partial"
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
BACKUP_STEP_PAGES = 4096
IN_USE_TIMEOUT_S = 10.0  # how long a restore waits for other users of a SQLite archive
ENGINE_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
IN_USE = ("档案正在被其他程序使用，请先关闭所有桌面程序再恢复；未做任何修改。",
          "The archive is in use by another program; close every desktop app before restoring. "
          "Nothing was changed.")


@dataclass(frozen=True)
class BackupFile:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    engine: str  # sqlite / postgresql
    schema_revision: str | None
    app_version: str
    created_at: str
    database: str  # the source, password hidden
    head_seq: int
    head_hash: str
    files: tuple[BackupFile, ...]

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True)
class BackupResult:
    directory: Path
    manifest: Manifest


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    manifest: Manifest
    kept: Path | None  # where the replaced archive was kept (None: there was none)
    report: VerifyReport  # verify of the restored archive against the backup's anchor
    warnings: tuple[FieldError, ...]  # files in the backup folder the manifest does not list


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


# ----------------------------------------------------------------------------- backup


def make_backup(engine: Engine, out_dir: Path, *, clock: Clock,
                progress: Progress | None = None, traced: bool = True) -> BackupResult:
    """Copy the archive, its anchor and a manifest into ``out_dir`` (new or without a backup).
    ``traced=False`` for an archive that cannot be written (read-only media): no audit event,
    no chaining, the copy pins the chain as it stands."""
    progress = progress or _no_progress
    kind = engine.dialect.name
    if kind not in DATA_FILE:
        raise EnvironmentProblem(f"不支持备份此数据库：{kind}", f"Cannot back up a {kind} database.")
    _refuse_existing_backup(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    written_at = clock.now().isoformat()
    database = engine.url.render_as_string(hide_password=True)
    # Traced before the copy, so the backup holds the trace of its own making.
    if traced:
        _audit(engine, clock, "backup", {"folder": str(out_dir)})
        with Session(engine) as session, session.begin():
            chain_pending(session)  # as `anchor` does: the anchor then pins every event
    try:
        manifest = _write_partials(engine, kind, out_dir, written_at, database, progress)
        for name in (DATA_FILE[kind], ANCHOR, MANIFEST):  # the manifest last: it says "complete"
            os.replace(_partial(out_dir, name), out_dir / name)
        _fsync_dir(out_dir)
    except BaseException as error:
        _remove_leftovers(out_dir)
        if isinstance(error, OSError | sqlite3.Error):
            raise _not_written(error, out_dir) from error
        if isinstance(error, EnvironmentProblem):  # pg_dump's own report (a full disk, say)
            raise EnvironmentProblem(f"{error.zh}；{out_dir} 中的未完成文件已删除，档案未受影响。",
                                     f"{error.en}. Its unfinished files in {out_dir} were removed "
                                     "and the archive is unchanged.") from error
        raise
    return BackupResult(out_dir, manifest)


def _partial(out_dir: Path, name: str) -> Path:
    return out_dir / f".{name}{PARTIAL}"


def _write_partials(engine: Engine, kind: str, out_dir: Path, written_at: str, database: str,
                    progress: Progress) -> Manifest:
    """Every file of the backup under its hidden ``.partial`` name, flushed to the disk."""
    data_name = DATA_FILE[kind]
    data = _partial(out_dir, data_name)
    if kind == "sqlite":
        anchor, revision = _sqlite_copy(engine, data, written_at, database, progress)
    else:
        anchor, revision = _pg_copy(engine, data, written_at, database, progress)
    _fsync_file(data)
    write_anchor(anchor, _partial(out_dir, ANCHOR))
    _fsync_file(_partial(out_dir, ANCHOR))
    files = tuple(BackupFile(name, *_digest(_partial(out_dir, name))) for name in (data_name, ANCHOR))
    manifest = Manifest(kind, revision, __version__, written_at, database, anchor.head_seq,
                        anchor.head_hash, files)
    _write_manifest(manifest, _partial(out_dir, MANIFEST))
    return manifest


def is_leftover(path: Path) -> bool:
    """A hidden partial file an interrupted backup (killed, or a full disk) left: never a
    backup, so it never blocks the next one (which removes it)."""
    stem = path.name.removeprefix(".").split(PARTIAL, 1)[0]
    return path.name.startswith(".") and PARTIAL in path.name and path.is_file() \
        and stem in {*DATA_FILE.values(), ANCHOR, MANIFEST}


def _remove_leftovers(out_dir: Path) -> None:
    for path in out_dir.iterdir():
        if is_leftover(path):
            path.unlink(missing_ok=True)


SQLITE_FULL = 13


def _not_written(error: OSError | sqlite3.Error, out_dir: Path) -> EnvironmentProblem:
    full = getattr(error, "errno", None) == errno.ENOSPC \
        or getattr(error, "sqlite_errorcode", None) == SQLITE_FULL
    if full:
        return EnvironmentProblem(
            f"磁盘已满，备份未写成；{out_dir} 中的未完成文件已删除，档案未受影响。"
            "请腾出空间或换一个位置后重试。",
            f"The disk is full: the backup was not written. Its unfinished files in {out_dir} "
            "were removed and the archive is unchanged. Free some space or choose another place, "
            "then try again.")
    return EnvironmentProblem(
        f"备份未写成（{error}）；{out_dir} 中的未完成文件已删除，档案未受影响。",
        f"The backup was not written ({error}); its unfinished files in {out_dir} were removed "
        "and the archive is unchanged.")


def _audit(engine: Engine, clock: Clock, action: str, details: dict[str, Any]) -> None:
    """Backups and restores are traced like every export."""
    with UnitOfWork(engine, clock=clock) as uow:
        record_event(uow.session, action, "archive", details=details)
        uow.commit()


def _refuse_existing_backup(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"{out_dir} 不是文件夹。", f"{out_dir} is not a folder.")
    ours = {MANIFEST, ANCHOR, *DATA_FILE.values()}  # a leftover .partial is removed, not refused
    found = sorted(p.name for p in out_dir.iterdir() if p.name in ours) if out_dir.is_dir() else []
    if found:
        raise UserError(f"文件夹 {out_dir} 中已有备份（{', '.join(found)}），不会覆盖；请选择一个空文件夹。",
                        f"The folder {out_dir} already holds a backup ({', '.join(found)}); it is "
                        "never overwritten. Choose an empty folder.")


def _sqlite_copy(engine: Engine, target: Path, written_at: str, database: str,
                 progress: Progress) -> tuple[Anchor, str | None]:
    if sqlite_path(engine.url.render_as_string(hide_password=False)) is None:
        raise EnvironmentProblem("内存数据库无法备份。", "An in-memory database cannot be backed up.")

    def step(_status: int, remaining: int, total: int) -> None:
        progress("backup", total - remaining, total)

    target.unlink(missing_ok=True)
    copy = sqlite3.connect(target)
    try:
        with engine.connect() as conn:
            source = conn.connection.dbapi_connection
            source.backup(copy, pages=BACKUP_STEP_PAGES, progress=step)  # type: ignore[union-attr]
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal
    finally:
        copy.close()
    reader = _sqlite_reader(target)
    try:
        with Session(reader) as session:
            anchor = build_anchor(session, written_at, database)
        return anchor, current_revision(reader)
    finally:
        reader.dispose()


def _sqlite_reader(path: Path) -> Engine:
    """A plain engine on a file (no WAL switch, no pool): reading it changes nothing."""
    return create_engine(URL.create("sqlite", database=str(path)), poolclass=NullPool)


def _pg_copy(engine: Engine, target: Path, written_at: str, database: str,
             progress: Progress) -> tuple[Anchor, str | None]:
    """pg_dump reads the snapshot this transaction exports, and the anchor is built in it."""
    pg_dump = pg_tool("pg_dump")
    progress("pg_dump", 0, 1)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
            with Session(bind=conn) as session:
                anchor = build_anchor(session, written_at, database)
            revision = MigrationContext.configure(conn).get_current_revision()
            run_pg_tool(engine, [pg_dump, "--format=custom", f"--snapshot={snapshot}",
                                  f"--file={target}"], "备份", "backup")
    progress("pg_dump", 1, 1)
    return anchor, revision


def _describe(path: Path) -> BackupFile:
    size, sha = _digest(path)
    return BackupFile(path.name, size, sha)


def _digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as file:
        sha = hashlib.file_digest(file, "sha256").hexdigest()
    return path.stat().st_size, sha


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a folder for fsync; NTFS journals the rename
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_manifest(manifest: Manifest, path: Path) -> None:
    data: dict[str, Any] = {
        "format": MANIFEST_FORMAT, "engine": manifest.engine,
        "schema_revision": manifest.schema_revision, "app_version": manifest.app_version,
        "created_at": manifest.created_at, "database": manifest.database,
        "chain_head": {"seq": manifest.head_seq, "hash": manifest.head_hash},
        "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in manifest.files],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    _fsync_file(path)


# ----------------------------------------------------------------------------- check


def read_manifest(directory: Path) -> Manifest:
    """The backup's manifest; ``UserError`` if it is missing or unreadable."""
    path = directory / MANIFEST
    if not path.is_file():
        raise UserError(f"{directory} 中没有 {MANIFEST}：不是备份，或备份未完成。",
                        f"{directory} has no {MANIFEST}: not a backup, or an unfinished one.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"unknown format {data.get('format')!r}")
        files = tuple(BackupFile(str(f["name"]), int(f["size"]), str(f["sha256"])) for f in data["files"])
        manifest = Manifest(str(data["engine"]), data["schema_revision"], str(data["app_version"]),
                            str(data["created_at"]), str(data["database"]),
                            int(data["chain_head"]["seq"]), str(data["chain_head"]["hash"]), files)
        names = {f.name for f in files}
        if manifest.engine not in DATA_FILE or not {DATA_FILE[manifest.engine], ANCHOR} <= names:
            raise ValueError("engine or files missing")
        if any(Path(n).name != n for n in names):
            raise ValueError("file names must not contain folders")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"无法读取备份清单 {path}：{exc}",
                        f"Cannot read the backup manifest {path}: {exc}") from exc
    return manifest


def _file_key(name: str) -> str:
    """The key of a backup's file in its problems: manifest, anchor, database or file."""
    return {MANIFEST: "manifest", ANCHOR: "anchor"}.get(
        name, "database" if name in DATA_FILE.values() else "file")


def check_backup(directory: Path) -> list[FieldError]:
    """Every problem of a backup folder, each naming its file (its key: ``_file_key``);
    warnings do not block."""
    try:
        manifest = read_manifest(directory)
    except UserError as error:
        return [FieldError(MANIFEST, error.zh, error.en, key="manifest")]
    problems: list[FieldError] = []
    for listed in manifest.files:
        path = directory / listed.name
        if not path.is_file():
            problems.append(FieldError(listed.name, "文件缺失", "the file is missing",
                                       key=_file_key(listed.name)))
            continue
        size, sha = _digest(path)
        if size != listed.size:
            problems.append(FieldError(listed.name,
                                       f"大小不符：清单记为 {listed.size} 字节，实际 {size} 字节",
                                       f"size differs: {listed.size} bytes in the manifest, {size} found",
                                       key=_file_key(listed.name)))
        elif sha != listed.sha256:
            problems.append(FieldError(listed.name, "SHA-256 与清单不符：文件已损坏或被改动",
                                       "SHA-256 does not match the manifest: the file is damaged or altered",
                                       key=_file_key(listed.name)))
    if not problems:
        try:
            anchor = read_anchor(directory / ANCHOR)
            if (anchor.head_seq, anchor.head_hash) != (manifest.head_seq, manifest.head_hash):
                problems.append(FieldError(ANCHOR, "锚定文件的链头与清单不符",
                                           "the anchor's chain head differs from the manifest's",
                                           key="anchor"))
        except UserError as error:
            problems.append(FieldError(ANCHOR, error.zh, error.en, key="anchor"))
    listed_names = {f.name for f in manifest.files} | {MANIFEST}
    problems += [FieldError(p.name, "清单未列出此文件，恢复时忽略",
                            "not listed in the manifest; ignored by restore", warning=True, key="unlisted")
                 for p in sorted(directory.iterdir()) if p.name not in listed_names]
    return problems


def _checked_manifest(directory: Path) -> tuple[Manifest, list[FieldError]]:
    """The manifest of an intact backup and its warnings; ``UserError`` naming each damaged file."""
    problems = check_backup(directory)
    blocking = [p for p in problems if not p.warning]
    if blocking:
        raise UserError("备份未通过核验，未做任何修改：" + "；".join(f"{p.field}：{p.zh}" for p in blocking),
                        "The backup failed its check; nothing was changed: "
                        + "; ".join(f"{p.field}: {p.en}" for p in blocking))
    return read_manifest(directory), problems


# ----------------------------------------------------------------------------- restore


def restore_backup(source: Path, target: str | Engine, *, clock: Clock, keep_dir: Path | None = None,
                   progress: Progress | None = None) -> RestoreResult:
    """Replace the archive at ``target`` (URL or engine) by the backup in ``source``.

    The backup is checked first and nothing is touched if it is damaged. SQLite: the
    current file (with its -wal/-shm) is kept beside it as ``<name>.before-restore-<time>``.
    PostgreSQL: the current database is first backed up to ``keep_dir/before-restore-<time>``.
    The result carries ``verify`` of the restored archive against the backup's anchor; its
    problems are reported, not undone (the backup may be the best copy there is).
    """
    progress = progress or _no_progress
    manifest, warnings = _checked_manifest(source)
    anchor = read_anchor(source / ANCHOR)
    engine = make_engine(target) if isinstance(target, str) else target
    try:
        kind = engine.dialect.name
        if manifest.engine != kind:
            raise UserError(
                f"这是 {ENGINE_LABEL[manifest.engine]} 的备份，不能恢复到 {ENGINE_LABEL.get(kind, kind)} "
                "数据库；未做任何修改。",
                f"This is a {ENGINE_LABEL[manifest.engine]} backup; it cannot be restored into a "
                f"{ENGINE_LABEL.get(kind, kind)} database. Nothing was changed.")
        if manifest.schema_revision not in known_revisions():
            raise SchemaTooNew(
                f"备份由更新版本的程序写入（结构版本 {manifest.schema_revision}），请升级本程序后再恢复。",
                f"The backup was written by a newer version of the app (schema "
                f"{manifest.schema_revision}); upgrade the app before restoring it.")
        stamp = clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        if kind == "sqlite":
            path = sqlite_path(engine.url.render_as_string(hide_password=False))
            if path is None:
                raise UserError("不能恢复到内存数据库。", "Cannot restore into an in-memory database.")
            engine.dispose()
            kept = _restore_sqlite(source / DATA_FILE[kind], manifest, path, stamp, progress)
        else:
            _refuse_postgres_in_use(engine)
            kept = _keep_postgres(engine, (keep_dir or _default_keep_dir()) / f"before-restore-{stamp}",
                                  clock)
            engine.dispose()
            _refuse_postgres_in_use(engine)
            progress("pg_restore", 0, 1)
            run_pg_tool(engine, [pg_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction",
                                  "--no-owner", str(source / DATA_FILE[kind])], "恢复", "restore")
            progress("pg_restore", 1, 1)
        report = verify_archive(engine, anchor, progress)
        _audit(engine, clock, "restore", {"folder": str(source), "backup_written_at":
                                          manifest.created_at, "verified": report.ok})
    finally:
        if isinstance(target, str):
            engine.dispose()
    return RestoreResult(source, manifest, kept, report, tuple(warnings))


def _default_keep_dir() -> Path:
    from desktop_app.paths import subdir

    return subdir("backups")


def _restore_sqlite(backup_file: Path, manifest: Manifest, target: Path, stamp: str,
                    progress: Progress) -> Path | None:
    """Copy beside the target, check it, keep the current file, then swap atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = _free_name(target.with_name(f"{target.name}.restoring-{stamp}"))
    listed = next(f for f in manifest.files if f.name == backup_file.name)
    try:
        progress("copy", 0, listed.size)
        shutil.copyfile(backup_file, incoming)
        _fsync_file(incoming)
        progress("copy", listed.size, listed.size)
        if _digest(incoming) != (listed.size, listed.sha256):
            raise EnvironmentProblem(f"复制到 {incoming} 的备份与清单不符，请检查磁盘。",
                                     f"The copy of the backup at {incoming} differs from the manifest; "
                                     "check the disk.")
        _integrity_check(incoming)
        kept = _move_aside(target, stamp)
        os.replace(incoming, target)
        _fsync_dir(target.parent)
    finally:
        for path in (incoming, *(Path(f"{incoming}{s}") for s in SQLITE_SIDECARS)):
            path.unlink(missing_ok=True)
    return kept


def _integrity_check(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    finally:
        conn.close()
    if rows != ["ok"]:
        detail = "; ".join(rows[:3])
        raise UserError(f"备份中的数据库未通过完整性检查（{detail}），未做任何修改。",
                        f"The database in the backup fails its integrity check ({detail}); "
                        "nothing was changed.")


def _refuse_sqlite_in_use(target: Path) -> None:
    """An exclusive lock is refused while any other connection has the file open, even an idle
    one (a desktop app left open would go on writing to the file kept aside). Closing this,
    the last connection, folds the -wal into the file."""
    try:
        conn = sqlite3.connect(target, timeout=IN_USE_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorname in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise EnvironmentProblem(*IN_USE) from exc
    except sqlite3.DatabaseError:
        pass  # a damaged archive is kept as it is, sidecars and all


def _move_aside(target: Path, stamp: str) -> Path | None:
    """Keep the current archive (and its -wal/-shm) as ``<name>.before-restore-<stamp>``."""
    if not target.exists():
        return None
    _refuse_sqlite_in_use(target)
    kept = _free_name(target.with_name(f"{target.name}.before-restore-{stamp}"))
    os.replace(target, kept)
    for suffix in SQLITE_SIDECARS:  # the old file's sidecars go with it, never onto the new one
        sidecar = Path(f"{target}{suffix}")
        if sidecar.exists():
            os.replace(sidecar, Path(f"{kept}{suffix}"))
    return kept


def _free_name(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``… whichever does not exist yet."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _refuse_postgres_in_use(engine: Engine) -> None:
    """Another session holding a lock on a table would make pg_restore wait for it with no
    time limit (the dump itself sets ``lock_timeout = 0``): refuse instead. A session that
    takes a lock after this check only delays the restore until its transaction ends."""
    with engine.connect() as conn:
        holders = conn.scalar(text(
            "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE d.datname = current_database() "
            "AND l.locktype = 'relation' AND a.backend_type = 'client backend' "
            "AND l.pid <> pg_backend_pid()"))
    engine.dispose()
    if holders:
        raise EnvironmentProblem(*IN_USE)


def _keep_postgres(engine: Engine, keep: Path, clock: Clock) -> Path | None:
    """Back up the current PostgreSQL archive before it is replaced (nothing if it is empty)."""
    check_not_newer(engine)  # refuses a database that is not this app's archive
    if not inspect(engine).get_table_names():
        return None
    return make_backup(engine, _free_name(keep), clock=clock).directory
