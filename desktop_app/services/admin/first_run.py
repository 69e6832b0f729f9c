"""The first run of a PC, without Qt: the wizard's pages only collect and check answers.

Order of the pages (``ui/admin/first_run_wizard.py``): the database (the embedded archive on this
PC, or a PostgreSQL server, whose connection is tested at once), the institution (name,
agreement number, region), the first administrator, and whether to make the demo archive
for training. A server that already holds an archive (another PC set it up) needs neither
institution nor administrator: this PC only records where the archive is.

Nothing is written before ``finish``: cancelling at any page leaves the PC and the server
as they were. ``finish`` creates the archive (SQLite: under a temporary name, renamed at
the end; PostgreSQL: migrated, and on failure every object it created dropped again), the
institution and the administrator in one transaction, the demo archive if asked (also
under a temporary name), and writes the local configuration last. If any of that fails,
what was created is removed and the error is raised.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.clock import Clock, SystemClock
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.paths import DEMO_FILE, config_path, data_dir_path, embedded_database_path
from desktop_app.services.admin.setup import InstitutionInput, institution_errors

if TYPE_CHECKING:
    from sqlalchemy import Engine

EMBEDDED, SERVER = "embedded", "postgresql"
DEMO_PATIENTS, DEMO_SEED = 50, 1
CONFIG_VERSION = 1


@dataclass(frozen=True)
class DatabaseChoice:
    kind: str  # EMBEDDED / SERVER
    url: str  # with the password (written to the local configuration only)
    label: str  # for people: the password hidden
    state: str  # server_check.NEW / NO_ADMINISTRATOR / READY
    institution: str | None  # the existing archive's institution, if any


@dataclass(frozen=True)
class AdministratorAnswers:
    username: str
    display_name: str
    password: str


@dataclass(frozen=True)
class Finished:
    url: str
    label: str
    administrator: str | None  # the username created (None: the archive had one)
    demo_url: str | None


class FirstRun:
    """The answers of one first run, checked page by page; nothing is written until
    ``finish``."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()
        self.database: DatabaseChoice | None = None
        self.institution: InstitutionInput | None = None
        self.administrator: AdministratorAnswers | None = None
        self.load_demo = False

    # --- the pages ----------------------------------------------------------------------------

    def use_embedded(self) -> DatabaseChoice:
        """The embedded archive in this PC's data folder."""
        from desktop_app.db.server_check import NEW, probe

        path = embedded_database_path()
        url = f"sqlite:///{path}"
        state = probe(url) if path.exists() else None
        self.database = DatabaseChoice(EMBEDDED, url, str(path), state.state if state else NEW,
                                       state.institution if state else None)
        return self.database

    def use_server(self, host: str, port: int, database: str, user: str, password: str) -> DatabaseChoice:
        """A PostgreSQL server: connect now and say what it holds (``DatabaseUnusable``, with
        what to fix, if it cannot be used)."""
        from desktop_app.db.engine import redact_url
        from desktop_app.db.server_check import probe, server_url

        errors = [FieldError(label, f"{label_zh}不能为空", f"The {label_en} is required", key=key)
                  for value, key, label, label_zh, label_en in (
                      (host, "host", "服务器", "服务器地址", "server address"),
                      (database, "database", "数据库", "数据库名", "database name"),
                      (user, "user", "用户名", "用户名", "user name")) if not value.strip()]
        if not 0 < port < 65536:
            errors.append(FieldError("端口", "端口须在 1–65535 之间", "The port must be 1–65535", key="port"))
        raise_if_blocking(errors)
        self.database = None
        url = server_url(host, port, database, user, password)
        state = probe(url)
        self.database = DatabaseChoice(SERVER, url, redact_url(url), state.state, state.institution)
        return self.database

    @property
    def needs_setup(self) -> bool:
        """The chosen database has no administrator yet: institution and administrator pages."""
        from desktop_app.db.server_check import READY

        return self.database is not None and self.database.state != READY

    def set_institution(self, name: str, agreement_number: str, region: str,
                        policy_region: str | None = None) -> None:
        """``policy_region``: whose rules apply (``domain.rules.packs.REGIONS``); None: the one the
        统筹地区 names (``region_from_text``), the baseline if it names none."""
        from desktop_app.domain.rules.packs import region_from_text

        answers = InstitutionInput(name=name.strip(), region=region.strip(),
                                   agreement_number=agreement_number.strip() or None,
                                   policy_region=policy_region or region_from_text(region))
        raise_if_blocking(institution_errors(answers))
        self.institution = answers

    def rules_label(self) -> tuple[str, str] | None:
        """The region's rules chosen and the pack in force today (zh, en), for the summary."""
        from desktop_app.domain.rules.packs import REGIONS, pack_for

        if self.institution is None or self.institution.policy_region is None:
            return None
        code = self.institution.policy_region
        zh, en = pack_for(code, self.clock.today()).label
        return f"{REGIONS[code][0]}：{zh}", f"{REGIONS[code][1]}: {en}"

    def set_administrator(self, username: str, display_name: str, password: str, again: str) -> None:
        from desktop_app.services.admin.sign_in import confirmation_errors

        errors = []
        if not username.strip():
            errors.append(FieldError("用户名", "用户名不能为空", "The username is required", key="username"))
        if not display_name.strip():
            errors.append(FieldError("姓名", "姓名不能为空", "The name is required", key="name"))
        raise_if_blocking(errors + confirmation_errors(password, again))
        self.administrator = AdministratorAnswers(username.strip(), display_name.strip(), password)

    def summary(self) -> list[str]:
        """What ``finish`` will do, one line each, for the last page."""
        lines = []
        if self.database:
            lines.append(f"数据库 Database: {self.database.label}")
            if not self.needs_setup:
                lines.append(f"使用已有档案 Existing archive: {self.database.institution or ''}")
        if self.needs_setup and self.institution:
            lines.append(f"机构 Institution: {self.institution.name}（{self.institution.region}）"
                         f" {self.institution.agreement_number or ''}")
        rules = self.rules_label()
        if self.needs_setup and rules:
            lines.append(f"适用规则 Rules: {rules[0]} / {rules[1]}")
        if self.needs_setup and self.administrator:
            lines.append(f"系统管理员 Administrator: {self.administrator.username} "
                         f"{self.administrator.display_name}")
        lines.append("演示档案 Demo archive: " + ("生成（培训用，独立文件） create (for training, a "
                                                "separate file)" if self.load_demo else "不生成 no"))
        return lines

    # --- the end --------------------------------------------------------------------------------

    def finish(self, progress: Callable[[str], None] = lambda _step: None) -> Finished:
        """Create everything, or nothing: on any failure what was created is removed."""
        database = self.database
        if database is None:
            raise UserError("请先选择数据库。", "Choose the database first.")
        if self.needs_setup and (self.institution is None or self.administrator is None):
            raise UserError("请先填写机构和系统管理员。",
                            "Enter the institution and the administrator first.")
        folder = data_dir_path()
        undo = _Undo(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            progress("archive")
            url = self._create_archive(database, folder, undo)
            demo_url = None
            if self.load_demo:
                progress("demo")
                demo_url = self._create_demo(folder, undo)
            progress("configuration")
            _write_config(database)
            undo.files.append(config_path())
            undo.commit_renames()
        except BaseException:
            undo.run()
            raise
        admin = self.administrator.username if self.needs_setup and self.administrator else None
        return Finished(url, database.label, admin, demo_url)

    def _create_archive(self, database: DatabaseChoice, folder: Path, undo: _Undo) -> str:
        from desktop_app.db.engine import make_engine
        from desktop_app.db.server_check import NEW, drop_created, schema_objects

        target = database.url
        if database.kind == EMBEDDED and database.state == NEW:
            temporary = undo.temporary(embedded_database_path())
            target = f"sqlite:///{temporary}"
        engine = make_engine(target)
        try:
            if database.kind == SERVER and database.state == NEW:
                before = schema_objects(engine)
                undo.actions.append(lambda: _drop_on(database.url, before, drop_created))
            self._migrate_and_set_up(engine)
        finally:
            engine.dispose()
        return database.url

    def _migrate_and_set_up(self, engine: Engine) -> None:
        from desktop_app.db.migrate import upgrade_database
        from desktop_app.services.admin.sign_in import create_first_administrator
        from desktop_app.services.core.uow import UnitOfWork

        upgrade_database(engine, data_dir_path() / "backups")
        if not self.needs_setup:
            return
        assert self.institution is not None and self.administrator is not None
        from desktop_app.services.admin.setup import save_institution

        with UnitOfWork(engine, clock=self.clock) as uow, uow.atomic():
            save_institution(uow, self.institution)
            admin = self.administrator
            create_first_administrator(uow, admin.username, admin.display_name, admin.password)

    def _create_demo(self, folder: Path, undo: _Undo) -> str | None:
        """The training archive, unless there is one already."""
        from desktop_app.db.engine import make_engine
        from desktop_app.db.migrate import upgrade_database
        from desktop_app.services.demo import generate_demo

        final = folder / DEMO_FILE
        if final.exists():
            return f"sqlite:///{final}"
        engine = make_engine(f"sqlite:///{undo.temporary(final)}")
        try:
            upgrade_database(engine, folder / "backups")
            generate_demo(engine, DEMO_PATIENTS, DEMO_SEED, statistics_examples=True)
        finally:
            engine.dispose()
        return f"sqlite:///{final}"


def _drop_on(url: str, before: set[tuple[str, str]],
             drop: Callable[..., None]) -> None:
    from desktop_app.db.engine import make_engine

    engine = make_engine(url)
    try:
        drop(engine, before)
    finally:
        engine.dispose()


def _write_config(database: DatabaseChoice) -> None:
    """config.json in the data folder, written whole or not at all; only its owner may read it
    (it holds the server password)."""
    content: dict[str, object] = {"version": CONFIG_VERSION, "database": database.kind}
    if database.kind == SERVER:
        content["database_url"] = database.url
    path = config_path()
    handle, temporary = tempfile.mkstemp(prefix=".config-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(content, out, ensure_ascii=False, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Undo:
    """What a first run created, to remove if it fails: SQLite files made under temporary
    names (renamed into place only at the very end), other files, server objects, and the
    data folder itself if the run made it."""

    def __init__(self, folder: Path) -> None:
        self.folder_existed = folder.exists()
        self.folder = folder
        self.renames: list[tuple[Path, Path]] = []
        self.files: list[Path] = []
        self.actions: list[Callable[[], None]] = []

    def temporary(self, final: Path) -> Path:
        temporary = final.with_name(final.name + ".first-run")
        _remove_sqlite(temporary)
        self.renames.append((temporary, final))
        return temporary

    def commit_renames(self) -> None:
        for temporary, final in self.renames:
            os.replace(temporary, final)
            self.files.append(final)

    def run(self) -> None:
        for action in reversed(self.actions):
            action()
        for temporary, _final in self.renames:
            _remove_sqlite(temporary)
        for path in self.files:
            _remove_sqlite(path)
        if not self.folder_existed and self.folder.exists():
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
