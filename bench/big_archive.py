"""A large synthetic archive for the desktop benchmarks (not for anything else).

1,000 admitted cases and 1,000,000 sessions, one case holding 5,000 of them. Rows are
written with bulk inserts, not through the services: a benchmark fixture needs volume,
not an audit trail (the triggers that guard signed rows still run). Built once and
reused from ``bench/.data/`` unless ``--rebuild``.

    .venv/bin/python bench/big_archive.py [--cases 1000] [--sessions 1000000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert, select

from desktop_app.clock import CHINA
from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import head_revision, upgrade_database
from desktop_app.db.models import (
    Approval,
    Employer,
    Injury,
    Institution,
    RehabCase,
    StaffUser,
    TreatmentSession,
    Worker,
)
from desktop_app.domain.identity import make_resident_id
from desktop_app.services.intake.intake import name_initials

DATA = Path(__file__).parent / ".data"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志文斌宇浩凯"
COMPOUND = ("欧阳", "司马", "诸葛", "上官")
ITEMS = (("DEMO0001", "运动疗法"), ("DEMO0002", "作业疗法"), ("DEMO0003", "物理治疗"),
         ("DEMO0004", "言语训练"))
START = date(2025, 1, 6)
BIG_CASE_NUMBER = "GS2025-000001"
CHUNK = 20_000


def patient_name(rng: random.Random) -> str:
    """One to four characters: 王 alone, 王伟, 王建国, 欧阳娜娜."""
    roll = rng.random()
    if roll < 0.02:
        return rng.choice(SURNAMES)
    if roll < 0.05:
        return rng.choice(COMPOUND) + "".join(rng.choices(GIVEN, k=2))
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=1 if roll < 0.45 else 2))


def default_path(cases: int, sessions: int) -> Path:
    """Named after the schema too: a new migration means a new archive."""
    return DATA / f"big-{cases}-{sessions}-{head_revision()}.sqlite3"


def build(engine: Engine, cases: int, sessions: int, big_case_sessions: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = datetime(2025, 1, 1, 8, tzinfo=CHINA)
    with engine.begin() as conn:
        institution = conn.execute(insert(Institution).values(
            name="基准测试康复医院", region="泸州市", settings={}, version=1)).inserted_primary_key[0]
        therapist = conn.execute(insert(StaffUser).values(
            username="bench_pt", display_name="基准治疗师", role="therapist", active=True,
            created_at=now, version=1)).inserted_primary_key[0]
        employer = conn.execute(insert(Employer).values(
            name="基准建筑公司", created_at=now, version=1)).inserted_primary_key[0]
        workers = []
        for n in range(cases):
            name = patient_name(rng)
            birth = date(1960, 1, 1) + timedelta(days=7 * n)  # unique with the sequence
            workers.append({"id": n + 1, "name": name, "name_initials": name_initials(name),
                            "sex": "M", "birth_date": birth,
                            "resident_id": make_resident_id("510502", birth, n % 499 + 1, "M"),
                            "employer_id": employer, "employment_status": "employed",
                            "insurance_status": "active", "created_at": now, "version": 1})
        conn.execute(insert(Worker), workers)
        conn.execute(insert(Injury), [{
            "id": n + 1, "worker_id": n + 1, "recognition_number": f"泸人社工认〔2024〕{n + 1}号",
            "recognition_date": date(2024, 12, 1), "injury_date": date(2024, 11, 1),
            "injured_body_parts": ["右膝"], "disease_category": "WI05",
            "occupational_disease": False, "created_at": now, "version": 1} for n in range(cases)])
        conn.execute(insert(RehabCase), [{
            "id": n + 1, "case_number": f"GS2025-{n + 1:06d}", "worker_id": n + 1,
            "injury_id": n + 1, "institution_id": institution, "status": "admitted",
            "stage": "STABLE", "setting": "inpatient", "modes": [], "eligibility": {},
            "payment_method": "per_item", "payment_rate": {}, "admission_date": START,
            "created_at": now, "record_state": "draft", "version": 1} for n in range(cases)])
        conn.execute(insert(Approval), [{
            "case_id": n + 1, "kind": "approval", "decision_number": f"泸工康核〔2025〕{n + 1}号",
            "decision_date": START, "issuing_body": "泸州市劳动能力鉴定委员会",
            "period_from": START, "period_to": START + timedelta(days=3650), "created_at": now,
            "record_state": "draft", "version": 1} for n in range(cases)])
        per_case = (sessions - big_case_sessions) // max(cases - 1, 1)
        counts = [big_case_sessions] + [per_case] * (cases - 1)
        batch: list[dict[str, object]] = []
        for case_id, count in enumerate(counts, start=1):
            for k in range(count):
                code, item = ITEMS[k % len(ITEMS)]
                day = START + timedelta(days=k // len(ITEMS))
                started = datetime(day.year, day.month, day.day, 8 + k % 8, tzinfo=CHINA)
                batch.append({"case_id": case_id, "national_code": code, "item_name": item,
                              "therapist_id": therapist, "session_date": day,
                              "started_at": started, "ended_at": started + timedelta(minutes=30),
                              "count": 1, "over_approved_count": False, "created_at": started,
                              "record_state": "draft", "version": 1})
                if len(batch) >= CHUNK:
                    conn.execute(insert(TreatmentSession), batch)
                    batch.clear()
        if batch:
            conn.execute(insert(TreatmentSession), batch)


def new_archive(path: Path) -> tuple[Path, Engine]:
    """An empty archive at the schema's head, written to a ``.partial`` file beside ``path``
    (renamed by the caller once filled, so an interrupted build is never reused)."""
    DATA.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{partial}")
    upgrade_database(engine, Path(tempfile.mkdtemp(prefix="bench-backups-")))
    return partial, engine


def big_archive(cases: int = 1000, sessions: int = 1_000_000, big_case_sessions: int = 5000,
                rebuild: bool = False) -> str:
    """The URL of the archive, built if needed."""
    path = default_path(cases, sessions)
    if path.exists() and not rebuild:
        return f"sqlite:///{path}"
    partial, engine = new_archive(path)
    started = time.perf_counter()
    build(engine, cases, sessions, big_case_sessions)
    with engine.connect() as conn:
        assert conn.scalar(select(RehabCase.id).where(RehabCase.case_number == BIG_CASE_NUMBER))
    engine.dispose()
    partial.rename(path)
    print(f"built {path.name}: {cases} cases, {sessions} sessions in "
          f"{time.perf_counter() - started:.0f} s")
    return f"sqlite:///{path}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    print(big_archive(args.cases, args.sessions, rebuild=args.rebuild))
