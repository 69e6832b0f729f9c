"""Migration 0006 (policy packs and limits) on an archive signed before it.

Its new columns must not break a signature made before they existed: at the values the
migration gives old rows, they are left out of what a signature covers, so the content
of an old record is exactly its columns at revision 0005."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session

from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import alembic_config
from desktop_app.db.models import RehabCase
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import Archive
from tests.db.test_migrations import empty_engine  # noqa: F401 - a fixture

NOW = "2026-06-01 08:00:00+00:00"
ROWS_AT_0005 = [
    "INSERT INTO institution (id, name, region, settings, version) "
    "VALUES (1, '测试医院', '北京市朝阳区', '{}', 1)",
    f"INSERT INTO employer (id, name, created_at, version) VALUES (1, '某公司', '{NOW}', 1)",
    "INSERT INTO worker (id, name, name_initials, sex, birth_date, resident_id, employer_id, "
    f"employment_status, insurance_status, created_at, version) VALUES (1, '张三', 'zs', 'M', "
    f"'1949-12-31', '11010519491231002X', 1, 'employed', 'active', '{NOW}', 1)",
    "INSERT INTO injury (id, worker_id, recognition_number, recognition_date, injury_date, "
    "injured_body_parts, disease_category, occupational_disease, created_at, version) VALUES "
    f"(1, 1, 'R1', '2026-02-01', '2026-01-10', '[]', 'WI05', false, '{NOW}', 1)",
    "INSERT INTO rehab_case (id, case_number, worker_id, injury_id, institution_id, status, "
    "stage, setting, modes, eligibility, payment_method, payment_rate, created_at, record_state, "
    "version) VALUES (1, 'K1', 1, 1, 1, 'discharged', 'STABLE', 'inpatient', '[]', '{}', "
    f"'per_item', '{{}}', '{NOW}', 'archived', 1)",
    "INSERT INTO approval (id, case_id, kind, decision_number, decision_date, issuing_body, "
    "period_from, period_to, created_at, record_state, version) VALUES (1, 1, 'approval', 'A1', "
    f"'2026-03-02', '朝阳区社保中心', '2026-03-02', '2026-08-31', '{NOW}', 'archived', 1)",
]


def columns_at_0005(tmp_path: Path) -> dict[str, set[str]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'at-0005.sqlite3'}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    found = {t: {c["name"] for c in inspect(engine).get_columns(t)}
             for t in ("approval", "treatment_session", "rehab_case")}
    engine.dispose()
    return found


def test_signed_content_of_old_records_is_their_0005_columns(archive: Archive, engine: Engine,
                                                             tmp_path: Path) -> None:
    case_id = archive.archived_case()
    old = columns_at_0005(tmp_path)
    with Session(engine) as session:
        approval_id = session.scalar(select(RehabCase).where(RehabCase.id == case_id)).approvals[0].id
        session_ids = [i for i in signing_items(session, "treatment_session")]
        for record_type, record_id in (("approval", approval_id),
                                       ("treatment_session", session_ids[0])):
            content = signing.record_content(session, record_type, record_id)["content"]
            keys = set(content) - set(signing.CHILDREN.values())
            assert keys == old[record_type] - signing.NOT_CONTENT, record_type
    assert verify_archive(engine).problems == []


def signing_items(session: Session, record_type: str) -> list[int]:
    from desktop_app.db.models import SignatureItem
    return list(session.scalars(select(SignatureItem.record_id).where(
        SignatureItem.record_type == record_type)))


def test_0006_fills_the_region_and_the_pack_of_an_archived_case(empty_engine: Engine) -> None:  # noqa: F811
    cfg = alembic_config()
    with empty_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        for statement in ROWS_AT_0005:
            conn.execute(text(statement))
    with empty_engine.begin() as conn:  # the archived case's triggers are in place
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    with empty_engine.connect() as conn:
        assert conn.scalar(text("SELECT policy_region FROM institution")) == "beijing"
        assert conn.scalar(text("SELECT policy_pack FROM rehab_case")) == "beijing/2026-1"
        assert conn.scalar(text("SELECT rehab_type FROM approval")) == "medical"
