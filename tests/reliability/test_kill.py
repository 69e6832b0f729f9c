"""The kill battery: ``init``, ``demo`` (2 patients), session recording, ``backup`` and
``archive export`` run in a child that is killed with SIGKILL after a random delay drawn within
the operation's measured duration. After every kill the archive must open and verify, nothing
committed may be missing, nothing may lie half-written under a final name, and running the
operation again must succeed. The seed is printed (set ``REHAB_KILL_SEED`` to replay a run).

SQLite takes most of the kills; PostgreSQL (``REHAB_TEST_PG_URL``) fewer, on databases named
``<test database>_k*``. Each operation's tally goes to the battery table (``tests/battery.py``).
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.clock import CHINA, FixedClock, SystemClock, china_datetime
from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import current_revision, head_revision
from desktop_app.db.models import RehabCase, TreatmentSession
from desktop_app.documents.bagit import check_bag
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovedItemInput,
    PlanItemInput,
    SessionInput,
)
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.demo import DEMO_PASSWORD
from desktop_app.services.intake import intake
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records.backup import check_backup, restore_backup
from tests import battery
from tests.archive_fixture import ADMISSION, VALID_ID, Archive, build_archive
from tests.conftest import PG_URL
from tests.reliability import killing

PASSWORD_ENV = "REHAB_KILL_PASSWORD"
# Kills per operation: SQLite takes at least 30 in all; PostgreSQL (slower here) fewer.
KILLS = {"sqlite": {"init": 10, "demo": 3, "session": 10, "backup": 7, "export": 4},
         "postgresql": {"init": 3, "demo": 2, "session": 3, "backup": 3, "export": 2}}
SEED = int(os.environ.get("REHAB_KILL_SEED") or time.time_ns() % 1_000_000)
SESSION_DAYS = 55  # from the day after admission to the clock's day (2026-06-01)
SLOTS_A_DAY = 8  # 08:00–12:00, half an hour each


@dataclass
class Tally:
    engine: str
    kills: dict[str, int] = field(default_factory=dict)
    survived: dict[str, int] = field(default_factory=dict)

    def count(self, operation: str, survived: bool) -> None:
        self.kills[operation] = self.kills.get(operation, 0) + 1
        self.survived[operation] = self.survived.get(operation, 0) + int(survived)

    def record(self) -> None:
        for operation, attempts in self.kills.items():
            battery.record(f"kill -9 during {operation}", attempts=attempts,
                           survived=self.survived[operation], engine=self.engine)


class Target:
    """Where one engine's archives live: SQLite files in a folder, or PostgreSQL databases."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind, self.folder, self.made = kind, folder, 0

    def fresh(self) -> str:
        self.made += 1
        if self.kind == "sqlite":
            return f"sqlite:///{self.folder / f'archive-{self.made}.sqlite3'}"
        assert PG_URL
        return killing.fresh_pg_database(killing.pg_url(PG_URL, f"k{self.made}"))


def usable(url: str) -> bool:
    """The archive opens at the head schema and verifies."""
    with killing.opened(url) as engine:
        return current_revision(engine) == head_revision() and verify_archive(engine).ok


def cli(url: str, *argv: str) -> list[str]:
    return ["--db", url, *argv]


def kill_delay(rng: random.Random, duration: float) -> float:
    return rng.uniform(0.05, max(0.1, duration))


# ----------------------------------------------------------------------------- operations


def kill_init(target: Target, rng: random.Random, tally: Tally, kills: int) -> None:
    url = target.fresh()
    measured = killing.run_cli(cli(url, "init"))
    assert measured.exitcode == 0 and usable(url)
    while tally.kills.get("init", 0) < kills:
        url = target.fresh()
        if not killing.run_cli(cli(url, "init"), kill_delay(rng, measured.seconds)).killed:
            continue  # it finished first: not a kill
        again = killing.run_cli(cli(url, "init"))
        tally.count("init", again.exitcode == 0 and usable(url))


def cases(url: str) -> int:
    with killing.opened(url) as engine, engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(RehabCase)) or 0)


MEASURED: dict[str, float] = {}  # the demo's duration measured on SQLite, reused on PostgreSQL


def kill_demo(target: Target, rng: random.Random, tally: Tally, kills: int) -> str:
    """Returns a complete demo archive (the run again after the kills) for the operations that
    follow. The kills are drawn within the demo's duration measured on SQLite; PostgreSQL,
    slower here, reuses it rather than paying for a run of its own."""
    if "demo" not in MEASURED:
        measured = killing.run_cli(cli(target.fresh(), "demo", "--patients", "2"))
        assert measured.exitcode == 0
        MEASURED["demo"] = measured.seconds
    url = target.fresh()
    assert killing.run_cli(cli(url, "init")).exitcode == 0
    while tally.kills.get("demo", 0) < kills:
        if not killing.run_cli(cli(url, "demo", "--patients", "2"),
                               kill_delay(rng, MEASURED["demo"])).killed:
            url = target.fresh()  # it finished first: start again on a new archive
            assert killing.run_cli(cli(url, "init")).exitcode == 0
            continue
        # All or nothing: no half demo (a kill after the commit leaves the whole demo, and
        # the demo may then not run again there); the archive verifies.
        made = cases(url)
        tally.count("demo", made in (0, 2) and usable(url))
        if made:
            url = target.fresh()
            assert killing.run_cli(cli(url, "init")).exitcode == 0
    if cases(url) == 0:
        again = killing.run_cli(cli(url, "demo", "--patients", "2"))
        assert again.exitcode == 0
    assert cases(url) == 2 and usable(url)
    return url


def session_archive(url: str) -> tuple[int, int, str]:
    """A small archive with one admitted case whose plan allows a session in every slot."""
    clock = FixedClock(datetime(2026, 6, 1, 9, 0, tzinfo=CHINA))
    with killing.opened(url) as engine:
        def uow(actor_id: int | None = None) -> UnitOfWork:
            return UnitOfWork(engine, clock=clock, actor_id=actor_id)

        archive: Archive = build_archive(uow, clock)
        many = SESSION_DAYS * SLOTS_A_DAY
        code = archive.codes["运动疗法"]
        case_id = archive.register()
        with uow(archive.officer) as u:
            intake.record_approval(u, case_id, archive.approval(
                items=(ApprovedItemInput(code, "运动疗法", many),)))
        with uow(archive.officer) as u:
            intake.admit(u, case_id, AdmissionInput(ADMISSION, VALID_ID))
        with uow(archive.physician) as u:
            treatment.create_plan(u, case_id, archive.plan(
                items=(PlanItemInput(code, "每日8次", many),)))
        return case_id, archive.therapist, code


def slot(n: int) -> datetime:
    day = ADMISSION + timedelta(days=1 + n // SLOTS_A_DAY)
    return china_datetime(day, 8) + timedelta(minutes=30 * (n % SLOTS_A_DAY))


def record_sessions(url: str, case_id: int, therapist: int, code: str, first: int,
                    report_fd: int, limit: int = SESSION_DAYS * SLOTS_A_DAY) -> None:
    """The child: record up to ``limit`` sessions one after the other, each its own
    transaction, and report each id once its commit returned."""
    engine = make_engine(url)
    clock = FixedClock(datetime(2026, 6, 1, 9, 0, tzinfo=CHINA))
    for n in range(first, min(first + limit, SESSION_DAYS * SLOTS_A_DAY)):
        start = slot(n)
        with UnitOfWork(engine, clock=clock, actor_id=therapist) as u:
            recorded = treatment.record_session(u, case_id, SessionInput(
                national_code=code, therapist_id=therapist, started_at=start,
                ended_at=start + timedelta(minutes=30), limit_reason="杀进程试验"))
        os.write(report_fd, f"{recorded.id}\n".encode())
    os._exit(0)


def session_ids(url: str) -> set[int]:
    with killing.opened(url) as engine, engine.connect() as conn:
        return set(conn.scalars(select(TreatmentSession.id)))


def kill_sessions(target: Target, rng: random.Random, tally: Tally, kills: int) -> None:
    url = target.fresh()
    assert killing.run_cli(cli(url, "init")).exitcode == 0
    case_id, therapist, code = session_archive(url)
    per_session = measure_sessions(url, case_id, therapist, code)
    while tally.kills.get("session recording", 0) < kills:
        before = session_ids(url)
        read_fd, write_fd = os.pipe()
        outcome = killing.run_child(record_sessions, (url, case_id, therapist, code, len(before),
                                                      write_fd), kill_delay(rng, 12 * per_session))
        os.close(write_fd)
        with os.fdopen(read_fd) as reports:
            committed = {int(line) for line in reports.read().split()}
        assert outcome.killed, "the session recorder ran out of slots before it was killed"
        after = session_ids(url)
        tally.count("session recording", before <= after and committed <= after and usable(url))
    before = session_ids(url)
    read_fd, write_fd = os.pipe()
    again = killing.run_child(record_sessions, (url, case_id, therapist, code, len(before),
                                                write_fd, 2))  # recording goes on: two more
    os.close(write_fd)
    os.close(read_fd)
    assert again.exitcode == 0 and len(session_ids(url)) == len(before) + 2


def measure_sessions(url: str, case_id: int, therapist: int, code: str) -> float:
    """Seconds one session takes to record here (a child records for a second)."""
    before = len(session_ids(url))
    read_fd, write_fd = os.pipe()
    killing.run_child(record_sessions, (url, case_id, therapist, code, before, write_fd), 1.5)
    os.close(write_fd)
    os.close(read_fd)
    recorded = len(session_ids(url)) - before
    assert recorded > 0
    return 1.5 / recorded


def backup_is_whole_or_absent(folder: Path) -> bool:
    """Under final names: nothing of ours, or a backup that checks (never half a backup)."""
    if not folder.exists():
        return True
    final = [p.name for p in folder.iterdir() if not p.name.startswith(".")]
    return not final or not [e for e in check_backup(folder) if not e.warning]


def kill_backup(url: str, folder: Path, rng: random.Random, tally: Tally, kills: int) -> Path:
    measured = killing.run_cli(cli(url, "backup", str(folder / "measured")))
    assert measured.exitcode == 0 and not check_backup(folder / "measured")
    made = 0
    target = folder / "b0"
    while tally.kills.get("backup", 0) < kills:
        if not killing.run_cli(cli(url, "backup", str(target)), kill_delay(rng, measured.seconds)).killed:
            made += 1
            target = folder / f"b{made}"  # done: the next goes elsewhere
            continue
        tally.count("backup", backup_is_whole_or_absent(target) and usable(url))
    if not (target / "manifest.json").exists():
        again = killing.run_cli(cli(url, "backup", str(target)))  # leftovers never block it
        assert again.exitcode == 0 and not check_backup(target)
    return target


def backup_drill(backup: Path, target: Target, tmp_path: Path) -> None:
    """The last backup made after the kills, restored into a new archive: it verifies against
    the backup's own anchor and holds the demo."""
    url = target.fresh()
    restored = restore_backup(backup, url, clock=SystemClock(), keep_dir=tmp_path / "kept")
    whole = restored.report.ok and restored.report.anchored and cases(url) == 2
    battery.record("backup drill (restore, verify)", attempts=1, survived=int(whole),
                   engine=target.kind)
    assert whole


def packages_whole(folder: Path) -> bool:
    """Every package under a final name checks; nothing hidden is taken for one."""
    if not folder.exists():
        return True
    return all(check_bag(p).ok for p in folder.iterdir() if not p.name.startswith("."))


def kill_export(url: str, folder: Path, rng: random.Random, tally: Tally, kills: int) -> None:
    os.environ[PASSWORD_ENV] = DEMO_PASSWORD
    with killing.opened(url) as engine, engine.connect() as conn:
        case_id = conn.scalar(select(func.min(RehabCase.id)))
    export = cli(url, "archive", "export", "--case", str(case_id), "--out", str(folder),
                 "--user", "ro_sun", "--password-env", PASSWORD_ENV)
    measured = killing.run_cli(export)
    assert measured.exitcode == 0 and packages_whole(folder)
    while tally.kills.get("archive export", 0) < kills:
        if not killing.run_cli(export, kill_delay(rng, measured.seconds)).killed:
            continue
        tally.count("archive export", packages_whole(folder) and usable(url))
    assert killing.run_cli(export).exitcode == 0 and packages_whole(folder)


# ----------------------------------------------------------------------------- the battery


def test_kill_battery(db_kind: str, tmp_path: Path) -> None:
    seed = SEED + (1 if db_kind == "postgresql" else 0)
    print(f"kill battery on {db_kind}: seed {seed} (REHAB_KILL_SEED={SEED} replays it)")
    rng = random.Random(seed)
    kills = KILLS[db_kind]
    target = Target(db_kind, tmp_path)
    tally = Tally(db_kind)
    started = time.monotonic()
    try:
        kill_init(target, rng, tally, kills["init"])
        lap = _lap("init", started)
        demo_url = kill_demo(target, rng, tally, kills["demo"])
        lap = _lap("demo", lap)
        kill_sessions(target, rng, tally, kills["session"])
        lap = _lap("session recording", lap)
        last = kill_backup(demo_url, tmp_path / "backups", rng, tally, kills["backup"])
        backup_drill(last, target, tmp_path)
        lap = _lap("backup and its drill", lap)
        kill_export(demo_url, tmp_path / "exports", rng, tally, kills["export"])
        _lap("archive export", lap)
    finally:
        tally.record()
        print(f"kill battery on {db_kind}: {sum(tally.kills.values())} kills, "
              f"{sum(tally.survived.values())} survived, {time.monotonic() - started:.0f} s; "
              f"{tally.kills}")
    assert tally.survived == tally.kills
    if db_kind == "sqlite":
        assert sum(tally.kills.values()) >= 30


def _lap(operation: str, since: float) -> float:
    now = time.monotonic()
    print(f"  {operation}: {now - since:.1f} s")
    return now


@pytest.fixture(autouse=True)
def _no_leftover_password() -> object:
    yield
    os.environ.pop(PASSWORD_ENV, None)

