"""A 30-year synthetic archive that ``verify`` accepts: 30 years x 800 cases, ~2 million
sessions, each signed, every row with its audit event, every event in the hash chain.

Rows are written in bulk (executemany, one transaction per year), not through the
services, but every hash is the product's own: a row's state hash is ``row_state_hash``
of the row as read back from the database (as the audit hook does), a signed content is
``signing.content_of`` of the read-back row, a signature's hash is ``signature_payload``,
and the chain is ``event_hash``/``event_payload``. So a full ``verify`` of the result must
come out clean, and ``bench/suite.py`` measures it. Built once and cached in
``bench/.data/`` by engine, size and schema revision (PostgreSQL: a database name).

    .venv/bin/python bench/thirty_years.py [--years 30] [--cases-per-year 800]
        [--sessions-per-case 85] [--engine sqlite|postgresql --pg-url URL] [--rebuild]

A development archive: ``--years 2 --cases-per-year 100`` (about a minute).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, Table, insert, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
from big_archive import COMPOUND, GIVEN, SURNAMES, patient_name  # noqa: E402,F401

from desktop_app.clock import CHINA  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.migrate import head_revision, upgrade_database  # noqa: E402
from desktop_app.db.models import (  # noqa: E402
    Approval,
    Attachment,
    AttachmentBlob,
    AuditEvent,
    Base,
    Employer,
    Injury,
    Institution,
    RehabCase,
    Signature,
    SignatureItem,
    StaffUser,
    TreatmentSession,
    Worker,
)
from desktop_app.domain.canonical import content_hash, plain, sha256_hex  # noqa: E402
from desktop_app.domain.identity import make_resident_id  # noqa: E402
from desktop_app.domain.row_state import row_state_hash  # noqa: E402
from desktop_app.services.core.audit import BULKY  # noqa: E402
from desktop_app.services.core.audit_chain import GENESIS, event_hash, event_payload  # noqa: E402
from desktop_app.services.intake.intake import name_initials  # noqa: E402
from desktop_app.services.integrity.signing import content_of, signature_payload  # noqa: E402

DATA = Path(__file__).parent / ".data"
FIRST_YEAR = 1997
ITEMS = (("DEMO0001", "运动疗法"), ("DEMO0002", "作业疗法"), ("DEMO0003", "物理治疗"),
         ("DEMO0004", "言语训练"), ("DEMO0005", "中医推拿"))
THERAPISTS = 24
EMPLOYERS = 300
CHUNK = 20_000
STAGES = ("ACUTE", "STABLE", "MAINT", "RECUR")
SETTINGS = ("inpatient", "inpatient", "outpatient", "community")
DESTINATIONS = ("home", "work", "work", "other_institution", "other")
RTW = ("same_job", "same_job", "other_job_same_employer", "other_employer", "not_working",
       "vocational_training", "unknown")


@dataclass(frozen=True)
class Size:
    years: int = 30
    cases_per_year: int = 800
    sessions_per_case: int = 85  # mean; the largest case of each year has 4x as many
    attachment_kb: int = 48  # mean size of the one scanned document per case

    @property
    def tag(self) -> str:
        return f"{self.years}y-{self.cases_per_year}c-{self.sessions_per_case}s-{self.attachment_kb}k"


def sqlite_path(size: Size) -> Path:
    return DATA / f"thirty-{size.tag}-{head_revision()}.sqlite3"


def pg_database(size: Size) -> str:
    return f"rehab_scale_{size.tag.replace('-', '_')}_{head_revision()}"


class Chain:
    """The audit events of the archive, with ids and chain fields given as they are written."""

    def __init__(self) -> None:
        self.seq, self.prev = 0, GENESIS
        self.pending: list[dict[str, Any]] = []

    def add(self, occurred_at: datetime, actor_id: int | None, action: str, record_type: str,
            record_id: int | None, case_id: int | None, details: dict[str, Any],
            row_sha256: str | None) -> None:
        self.seq += 1
        row = {"id": self.seq, "occurred_at": occurred_at, "actor_id": actor_id, "action": action,
               "record_type": record_type, "record_id": record_id, "case_id": case_id,
               "details": details, "row_sha256": row_sha256, "chain_seq": self.seq,
               "prev_hash": self.prev}
        row["hash"] = event_hash(self.seq, self.prev, event_payload(SimpleNamespace(**row)))  # type: ignore[arg-type]
        self.prev = row["hash"]
        self.pending.append(row)


def _created(conn: Any, chain: Chain, table: Table, ids: Iterable[int], actor_id: int | None,  # noqa: ANN401
             at: Mapping[int, datetime] | None = None) -> dict[int, Mapping[str, Any]]:
    """Read back the rows just inserted and add each one's ``create`` event, as the audit hook
    writes it (snapshot without bulky columns, the state hash of the row as stored)."""
    wanted = sorted(ids)
    rows: dict[int, Mapping[str, Any]] = {}
    for start in range(0, len(wanted), CHUNK):
        lo, hi = wanted[start], wanted[min(start + CHUNK, len(wanted)) - 1]
        for row in conn.execute(select(table).where(table.c.id.between(lo, hi))
                                .order_by(table.c.id)).mappings():
            rows[int(row["id"])] = row
    for row_id in wanted:
        row = rows[row_id]
        values = dict(row)
        when = at[row_id] if at else values.get("created_at") or values.get("signed_at")
        case_id = values["id"] if table.name == "rehab_case" else values.get("case_id")
        snapshot = {k: plain(v) for k, v in values.items() if k not in BULKY}
        chain.add(when, actor_id, "create", table.name, row_id, case_id, {"new": snapshot},
                  row_state_hash(values))
    return rows


def _flush_events(conn: Any, chain: Chain) -> None:  # noqa: ANN401
    for start in range(0, len(chain.pending), CHUNK):
        conn.execute(insert(AuditEvent), chain.pending[start:start + CHUNK])
    chain.pending.clear()


def _insert(conn: Any, model: type[Base], rows: list[dict[str, Any]]) -> None:  # noqa: ANN401
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(model), rows[start:start + CHUNK])


def build(engine: Engine, size: Size, seed: int = 30, log: Any = print) -> dict[str, int]:  # noqa: ANN401
    rng = random.Random(seed)
    chain = Chain()
    counts = dict.fromkeys(("cases", "sessions", "signatures", "events", "attachment_bytes"), 0)
    started = time.perf_counter()
    origin = datetime(FIRST_YEAR, 1, 1, 8, tzinfo=CHINA)
    with engine.begin() as conn:
        institution = conn.execute(insert(Institution).values(
            name="三十年基准康复医院", region="泸州市", settings={}, version=1)).inserted_primary_key[0]
        conn.execute(insert(StaffUser), [{
            "id": n + 1, "username": f"pt{n + 1:02d}", "display_name": f"治疗师{n + 1:02d}",
            "role": "therapist", "active": True, "created_at": origin, "version": 1}
            for n in range(THERAPISTS)])
        conn.execute(insert(Employer), [{"id": n + 1, "name": f"基准用人单位{n + 1:03d}",
                                         "created_at": origin, "version": 1}
                                        for n in range(EMPLOYERS)])
        _created(conn, chain, Employer.__table__, range(1, EMPLOYERS + 1), 1)  # type: ignore[arg-type]
        _flush_events(conn, chain)
    ids = dict.fromkeys(("case", "session", "signature", "item", "attachment"), 0)
    for year_index in range(size.years):
        year = FIRST_YEAR + year_index
        with engine.begin() as conn:
            _build_year(conn, chain, rng, size, year, institution, ids, counts)
            _flush_events(conn, chain)
        counts["events"] = chain.seq
        elapsed = time.perf_counter() - started
        log(f"  {year}: {counts['cases']:,} cases, {counts['sessions']:,} sessions, "
            f"{counts['signatures']:,} signatures, {chain.seq:,} events  ({elapsed:.0f} s)", flush=True)
    return counts


def _build_year(conn: Any, chain: Chain, rng: random.Random, size: Size, year: int,  # noqa: ANN401, PLR0913
                institution: int, ids: dict[str, int], counts: dict[str, int]) -> None:
    first_case = ids["case"] + 1
    n_cases = size.cases_per_year
    case_ids = range(first_case, first_case + n_cases)
    workers, injuries, cases, approvals, blobs, attachments = [], [], [], [], [], []
    plan: list[tuple[int, date, int, int]] = []  # case, admission, sessions, therapist
    for k, case_id in enumerate(case_ids):
        name = patient_name(rng)
        birth = date(1940, 1, 1) + timedelta(days=case_id % 16000)
        admitted = date(year, 1, 1) + timedelta(days=rng.randrange(330))
        at = datetime(admitted.year, admitted.month, admitted.day, 9, tzinfo=CHINA)
        when = at - timedelta(days=3)
        sessions = size.sessions_per_case * 4 if k == 0 else max(
            8, int(rng.gauss(size.sessions_per_case, size.sessions_per_case / 3)))
        stay = sessions // 2 + 1
        discharged = admitted + timedelta(days=stay)
        therapist = 1 + case_id % THERAPISTS
        plan.append((case_id, admitted, sessions, therapist))
        workers.append({"id": case_id, "name": name, "name_initials": name_initials(name),
                        "sex": "M" if case_id % 3 else "F", "birth_date": birth,
                        "resident_id": make_resident_id("510502", birth, case_id % 499 + 1,
                                                        "M" if case_id % 3 else "F"),
                        "employer_id": 1 + case_id % EMPLOYERS, "employment_status": "employed",
                        "insurance_status": "active", "created_at": when, "version": 1})
        injuries.append({"id": case_id, "worker_id": case_id,
                         "recognition_number": f"泸人社工认〔{year}〕{case_id}号",
                         "recognition_date": admitted - timedelta(days=20),
                         "injury_date": admitted - timedelta(days=60),
                         "injured_body_parts": ["右膝"], "disease_category": f"WI{1 + case_id % 9:02d}",
                         "occupational_disease": False, "created_at": when, "version": 1})
        closed = discharged < date(FIRST_YEAR + size.years - 1, 12, 1)
        cases.append({"id": case_id, "case_number": f"GS{year}-{case_id:06d}", "worker_id": case_id,
                      "injury_id": case_id, "institution_id": institution,
                      "status": "discharged" if closed else "admitted",
                      "stage": STAGES[case_id % len(STAGES)], "setting": SETTINGS[case_id % len(SETTINGS)],
                      "modes": [], "eligibility": {}, "payment_method": "per_item", "payment_rate": {},
                      "admission_date": admitted, "discharge_date": discharged if closed else None,
                      "end_reason": "completed" if closed else None,
                      "discharge_destination": rng.choice(DESTINATIONS) if closed else None,
                      "return_to_work": rng.choice(RTW) if closed else None,
                      "discharge_satisfaction": rng.randint(3, 5) if closed else None,
                      "created_at": when, "record_state": "draft", "version": 1})
        approvals.append({"id": case_id, "case_id": case_id, "kind": "approval",
                          "decision_number": f"泸工康核〔{year}〕{case_id}号", "decision_date": admitted,
                          "issuing_body": "泸州市劳动能力鉴定委员会", "period_from": admitted,
                          "period_to": admitted + timedelta(days=365), "created_at": when,
                          "record_state": "draft", "version": 1})
        content = rng.randbytes(max(1024, int(rng.expovariate(1 / (size.attachment_kb * 1024)))))
        sha = sha256_hex(content)
        blobs.append({"sha256": sha, "size": len(content), "content": content})
        attachments.append({"id": case_id, "case_id": case_id, "kind": "recognition",
                            "filename": f"认定书{case_id}.pdf", "media_type": "application/pdf",
                            "sha256": sha, "created_at": when})
        counts["attachment_bytes"] += len(content)
    ids["case"] += n_cases
    for model, rows in ((Worker, workers), (Injury, injuries), (RehabCase, cases),
                        (Approval, approvals), (AttachmentBlob, blobs), (Attachment, attachments)):
        _insert(conn, model, rows)
    for model in (Worker, Injury, RehabCase, Approval, Attachment):
        _created(conn, chain, model.__table__, case_ids, 1)  # type: ignore[arg-type]
    counts["cases"] += n_cases
    # Sessions, signed by their therapist one day at a time (one signature, that day's items).
    sessions: list[dict[str, Any]] = []
    days: list[tuple[int, int, datetime, list[int]]] = []  # case, therapist, signed at, sessions
    for case_id, admitted, count, therapist in plan:
        for k in range(count):
            code, item = ITEMS[k % len(ITEMS)]
            day = admitted + timedelta(days=k // 2)
            begins = datetime(day.year, day.month, day.day, 8 + (k % 2) * 3, tzinfo=CHINA)
            ids["session"] += 1
            sessions.append({"id": ids["session"], "case_id": case_id, "national_code": code,
                             "item_name": item, "therapist_id": therapist, "session_date": day,
                             "started_at": begins, "ended_at": begins + timedelta(minutes=30),
                             "count": 1, "over_approved_count": False, "limit_flags": [],
                             "created_at": begins + timedelta(minutes=31), "created_by_id": therapist,
                             "record_state": "signed", "version": 1})
            if k % 2 == 0:
                days.append((case_id, therapist, datetime(day.year, day.month, day.day, 17,
                                                          tzinfo=CHINA), []))
            days[-1][3].append(ids["session"])
    _insert(conn, TreatmentSession, sessions)
    first_session = sessions[0]["id"]
    stored = _created(conn, chain, TreatmentSession.__table__,  # type: ignore[arg-type]
                      range(first_session, ids["session"] + 1), None)
    counts["sessions"] += len(sessions)
    signatures, items = [], []
    for _case, therapist, signed_at, session_ids in days:
        ids["signature"] += 1
        sig = {"id": ids["signature"], "record_type": "treatment_session", "record_id": session_ids[0],
               "signer_kind": "staff", "staff_user_id": therapist,
               "signer_name": f"治疗师{therapist:02d}", "relationship_to_patient": None,
               "proof_note": None, "meaning": "therapist_signs", "method": "password",
               "signed_at": signed_at, "image_sha256": None, "attachment_id": None,
               "device": None, "strokes": None}
        mine = []
        for session_id in session_ids:
            ids["item"] += 1
            mine.append({"id": ids["item"], "signature_id": sig["id"],
                         "record_type": "treatment_session", "record_id": session_id,
                         "content_sha256": content_hash(content_of(
                             "treatment_session", session_id, stored[session_id]))})
        sig["content_sha256"] = content_hash(signature_payload(
            SimpleNamespace(**sig), [SimpleNamespace(**i) for i in mine], None))  # type: ignore[arg-type]
        signatures.append(sig)
        items += mine
    _insert(conn, Signature, signatures)
    _insert(conn, SignatureItem, items)
    _created(conn, chain, Signature.__table__, [s["id"] for s in signatures], None)  # type: ignore[arg-type]
    signed_at = {s["id"]: s["signed_at"] for s in signatures}
    _created(conn, chain, SignatureItem.__table__, [i["id"] for i in items], None,  # type: ignore[arg-type]
             {i["id"]: signed_at[i["signature_id"]] for i in items})
    counts["signatures"] += len(signatures)


def _pg_admin(url: str, database: str, *, drop: bool) -> bool:
    """Create (or drop and create) ``database`` on the server of ``url``; True if it existed."""
    admin = make_engine(str(make_url(url).set(database="postgres")))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            exists = bool(conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                      {"n": database}))
            if exists and drop:
                conn.execute(text(f'DROP DATABASE "{database}"'))
            if drop or not exists:
                conn.execute(text(f'CREATE DATABASE "{database}"'))
    finally:
        admin.dispose()
    return exists


# An archive cached at an older schema revision is brought to the current one in place, through
# the product's own upgrade (the backup before it included), not built again: the migrations only
# add (nullable columns, tables), and upgrading a 30-year archive is itself worth timing.

def _older_sqlite(size: Size) -> Path | None:
    found = sorted(DATA.glob(f"thirty-{size.tag}-*.sqlite3"))
    return found[-1] if found else None


def _upgraded_sqlite(older: Path, path: Path) -> str:
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{older}")
    backups = Path(tempfile.mkdtemp(prefix="bench-backups-", dir=DATA))
    try:
        upgrade_database(engine, backups)
    finally:
        engine.dispose()
        shutil.rmtree(backups, ignore_errors=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{older}{suffix}").unlink(missing_ok=True)
    older.rename(path)
    print(f"upgraded {older.name} to {path.name} in {time.perf_counter() - started:.0f} s "
          "(the backup before the upgrade included)", flush=True)
    return f"sqlite:///{path}"


def _pg_drop(pg_url: str, database: str) -> None:
    admin = make_engine(str(make_url(pg_url).set(database="postgres")))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
    finally:
        admin.dispose()


def _older_pg(pg_url: str, size: Size, current: str) -> str | None:
    """A finished build of this size at an older revision than ``current`` (its ``_done``
    marker present)."""
    prefix = f"rehab_scale_{size.tag.replace('-', '_')}_"
    admin = make_engine(str(make_url(pg_url).set(database="postgres")))
    try:
        with admin.connect() as conn:
            names = sorted(n for (n,) in conn.execute(text(
                "SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": prefix + "%"})
                if n[len(prefix):].isdigit() and n < current)
    finally:
        admin.dispose()
    for name in reversed(names):
        engine = make_engine(str(make_url(pg_url).set(database=name)))
        try:
            with engine.connect() as conn:
                if conn.scalar(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": name + "_done"}):
                    return name
        finally:
            engine.dispose()
    return None


def _upgraded_pg(pg_url: str, older: str, database: str) -> str:
    started = time.perf_counter()
    engine = make_engine(str(make_url(pg_url).set(database=older)))
    backups = Path(tempfile.mkdtemp(prefix="bench-backups-", dir=DATA))
    try:
        upgrade_database(engine, backups)
        with engine.begin() as conn:
            conn.execute(text(f'ALTER TABLE "{older}_done" RENAME TO "{database}_done"'))
    finally:
        engine.dispose()
        shutil.rmtree(backups, ignore_errors=True)
    admin = make_engine(str(make_url(pg_url).set(database="postgres")))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'ALTER DATABASE "{older}" RENAME TO "{database}"'))
    finally:
        admin.dispose()
    print(f"upgraded {older} to {database} in {time.perf_counter() - started:.0f} s "
          "(the backup before the upgrade included)", flush=True)
    return str(make_url(pg_url).set(database=database))


def thirty_years(size: Size = Size(), engine_name: str = "sqlite", pg_url: str | None = None,
                 rebuild: bool = False) -> str:
    """The URL of the archive of this size, built first if there is none."""
    if engine_name == "postgresql":
        if not pg_url:
            raise SystemExit("--pg-url is needed for PostgreSQL")
        database = pg_database(size)
        url = str(make_url(pg_url).set(database=database))
        done = database + "_done"
        existed = _pg_admin(pg_url, database, drop=False)
        if existed and not rebuild:
            engine = make_engine(url)
            with engine.connect() as conn:  # finished builds leave a marker table
                ready = conn.scalar(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": done})
            engine.dispose()
            if ready:
                return url
        older = None if rebuild else _older_pg(pg_url, size, database)
        if older is not None:
            _pg_drop(pg_url, database)  # the empty or unfinished one just looked at
            return _upgraded_pg(pg_url, older, database)
        _pg_admin(pg_url, database, drop=True)
        engine = make_engine(url)
        upgrade_database(engine, Path(tempfile.mkdtemp(prefix="bench-backups-")))
        partial: Path | None = None
    else:
        path = sqlite_path(size)
        url = f"sqlite:///{path}"
        if path.exists() and not rebuild:
            return url
        older = None if rebuild else _older_sqlite(size)
        if older is not None:
            return _upgraded_sqlite(older, path)
        DATA.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        engine = make_engine(f"sqlite:///{partial}")
        upgrade_database(engine, Path(tempfile.mkdtemp(prefix="bench-backups-")))
    started = time.perf_counter()
    print(f"building {size.tag} on {engine.dialect.name} …", flush=True)
    counts = build(engine, size)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in Base.metadata.sorted_tables:  # ids were given: move the sequences on
                if "id" in table.c and table.c.id.autoincrement in (True, "auto") \
                        and table.c.id.primary_key:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"))
            conn.execute(text("ANALYZE"))
            conn.execute(text(f'CREATE TABLE "{done}" (built_at text)'))
    engine.dispose()
    if partial is not None:
        partial.rename(sqlite_path(size))
    took = time.perf_counter() - started
    print(f"built in {took:.0f} s: {counts['cases']:,} cases, {counts['sessions']:,} sessions, "
          f"{counts['signatures']:,} signatures, {counts['events']:,} audit events, "
          f"{counts['attachment_bytes'] / 2**20:.0f} MiB of attachments "
          f"({counts['events'] / took:,.0f} events/s)", flush=True)
    return url


def size_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--cases-per-year", type=int, default=800)
    parser.add_argument("--sessions-per-case", type=int, default=85)
    parser.add_argument("--attachment-kb", type=int, default=48)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("REHAB_BENCH_PG_URL"))


def size_of(args: argparse.Namespace) -> Size:
    return Size(args.years, args.cases_per_year, args.sessions_per_case, args.attachment_kb)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    size_arguments(parser)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    print(thirty_years(size_of(args), args.engine, args.pg_url, args.rebuild))
