"""The tamper suite: changes an attacker with full database access makes with the guard
triggers off (SQLite: dropped for the transaction and made again; PostgreSQL: replica
mode), each on an archived case with signed sessions and an anchor written before it.

Every attack must be found by ``verify`` with the anchor; ``NEEDS_ANCHOR`` names the ones
that only the anchor can reveal (the attacker rewrote the audit trail consistently). The
battery's table counts attacks and detections per engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    AuditEvent,
    RetentionRecord,
    Signature,
    SignatureItem,
    TreatmentSession,
    Worker,
)
from desktop_app.domain.canonical import content_hash
from desktop_app.domain.row_state import row_state_hash
from desktop_app.services.core.audit_chain import (
    GENESIS,
    anchor_now,
    event_hash,
    event_payload,
    read_anchor,
)
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.verify import verify_archive
from tests import battery
from tests.archive_fixture import Archive
from tests.conftest import without_guards

Attack = Callable[[Engine, int], None]
# PostgreSQL test databases are emptied between tests, not made again: what an attack does
# to the schema there is undone after the test (SQLite files are per test).
UNDO: list[str] = []


def _case_rows(engine: Engine, case_id: int) -> list[str]:
    """Every statement deleting one case and what hangs on it, children first."""
    with Session(engine) as session:
        session_ids = list(session.scalars(select(TreatmentSession.id)
                                           .where(TreatmentSession.case_id == case_id)))
        signature_ids = list(session.scalars(select(SignatureItem.signature_id).where(
            SignatureItem.record_type.in_(("treatment_session", "treatment_plan")),
            SignatureItem.record_id.in_(session_ids + _plan_ids(session, case_id)))))
    listed = ", ".join(str(i) for i in signature_ids) or "0"
    return [f"DELETE FROM signature_item WHERE signature_id IN ({listed})",
            f"DELETE FROM signature WHERE id IN ({listed})",
            f"DELETE FROM treatment_session WHERE case_id = {case_id}",
            "DELETE FROM plan_item WHERE plan_id IN "
            f"(SELECT id FROM treatment_plan WHERE case_id = {case_id})",
            f"DELETE FROM treatment_plan WHERE case_id = {case_id}",
            "DELETE FROM approved_item WHERE approval_id IN "
            f"(SELECT id FROM approval WHERE case_id = {case_id})",
            f"DELETE FROM approval WHERE case_id = {case_id}",
            f"DELETE FROM retention_record WHERE record_type = 'rehab_case' AND record_id = {case_id}",
            f"DELETE FROM rehab_case WHERE id = {case_id}"]


def _plan_ids(session: Session, case_id: int) -> list[int]:
    return list(session.scalars(text(f"SELECT id FROM treatment_plan WHERE case_id = {case_id}")))


def shorten_retention(engine: Engine, case_id: int) -> None:
    without_guards(engine, "UPDATE retention_record SET retain_until = :soon "
                   f"WHERE record_type = 'rehab_case' AND record_id = {case_id}", soon=date(2026, 7, 1))


def delete_archived_case(engine: Engine, case_id: int) -> None:
    without_guards(engine, *_case_rows(engine, case_id))


def rename_worker(engine: Engine, case_id: int) -> None:
    without_guards(engine, "UPDATE worker SET name = '李四', resident_id = '110105194912310021' "
                   f"WHERE id = (SELECT worker_id FROM rehab_case WHERE id = {case_id})")


def recount_and_resign(engine: Engine, case_id: int) -> None:
    """The count changed, then every hash the signature holds recomputed with the app's
    own functions, so the signature checks out again."""
    with Session(engine) as session:
        target = session.scalars(select(TreatmentSession).where(TreatmentSession.case_id == case_id)
                                 .order_by(TreatmentSession.id)).first()
        assert target is not None
        session_id = target.id
    without_guards(engine, f"UPDATE treatment_session SET count = count + 3 WHERE id = {session_id}")
    statements = []
    with Session(engine) as session:
        covering = list(session.scalars(select(SignatureItem).where(
            SignatureItem.record_type == "treatment_session", SignatureItem.record_id == session_id)))
        assert len(covering) == 2  # the therapist's and the patient's
        new_item_hash = signing.record_hash(session, "treatment_session", session_id)
        for item in covering:  # every signature over the session, re-hashed
            with session.no_autoflush:  # the new hashes are computed here, written by raw SQL
                signature = session.get(Signature, item.signature_id)
                assert signature is not None
                items = list(session.scalars(select(SignatureItem).where(
                    SignatureItem.signature_id == signature.id)))
                item.content_sha256 = new_item_hash
                strokes = content_hash(signature.strokes) if signature.strokes is not None else None
                new_signature_hash = content_hash(signing.signature_payload(signature, items, strokes))
            statements += [f"UPDATE signature_item SET content_sha256 = '{new_item_hash}' "
                           f"WHERE id = {item.id}",
                           f"UPDATE signature SET content_sha256 = '{new_signature_hash}' "
                           f"WHERE id = {signature.id}"]
        session.rollback()
    without_guards(engine, *statements)


def insert_session(engine: Engine, case_id: int) -> None:
    """A session row copied from a real one, with no audit event."""
    columns = ", ".join(c.name for c in TreatmentSession.__table__.columns if c.name != "id")
    without_guards(engine, f"INSERT INTO treatment_session ({columns}) SELECT {columns} "
                   f"FROM treatment_session WHERE case_id = {case_id} ORDER BY id LIMIT 1")


def drop_a_guard(engine: Engine, _case_id: int) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER treatment_session_signed_no_update"))
        else:
            UNDO.append(conn.scalar(text("SELECT pg_get_triggerdef(oid) FROM pg_trigger "
                                         "WHERE tgname = 'treatment_session_signed'")))
            conn.execute(text("DROP TRIGGER treatment_session_signed ON treatment_session"))


def disarm_a_guard(engine: Engine, _case_id: int) -> None:
    """Disabled on PostgreSQL; on SQLite, which cannot disable one, rewritten to never fire."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            sql = conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = "
                                   "'treatment_session_signed_no_update'"))
            conn.execute(text("DROP TRIGGER treatment_session_signed_no_update"))
            conn.exec_driver_sql(sql.replace(" WHEN ", " WHEN 0 AND ", 1))
        else:
            conn.execute(text("ALTER TABLE treatment_session DISABLE TRIGGER treatment_session_signed"))
            UNDO.append("ALTER TABLE treatment_session ENABLE TRIGGER treatment_session_signed")


def rename_and_rewrite_the_trail(engine: Engine, case_id: int) -> None:
    """A careful forger: the worker renamed, the last event of that row given the new state
    hash, and the whole chain recomputed so it is consistent again."""
    rename_worker(engine, case_id)
    with Session(engine) as session:
        worker_id = session.scalar(text(f"SELECT worker_id FROM rehab_case WHERE id = {case_id}"))
        row = session.connection().execute(select(Worker.__table__).where(
            Worker.__table__.c.id == worker_id)).mappings().one()
        last = session.scalars(select(AuditEvent).where(
            AuditEvent.record_type == "worker", AuditEvent.record_id == worker_id)
            .order_by(AuditEvent.id.desc())).first()
        assert last is not None
        forged = row_state_hash(dict(row))
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.chain_seq)).all()
        prev, statements = GENESIS, [f"UPDATE audit_event SET row_sha256 = '{forged}' "
                                     f"WHERE id = {last.id}"]
        for seq, event in enumerate(events, start=1):
            payload = event_payload(event)
            if event.id == last.id:
                payload["row_sha256"] = forged
            digest = event_hash(seq, prev, payload)
            statements.append(f"UPDATE audit_event SET chain_seq = {seq}, prev_hash = '{prev}', "
                              f"hash = '{digest}' WHERE id = {event.id}")
            prev = digest
        session.rollback()
    without_guards(engine, *statements)


ATTACKS: dict[str, Attack] = {
    "retention shortened": shorten_retention,
    "archived case deleted with its signatures": delete_archived_case,
    "worker's name and ID number changed": rename_worker,
    "session count changed, signature re-hashed": recount_and_resign,
    "session row inserted": insert_session,
    "guard trigger dropped": drop_a_guard,
    "guard trigger disabled or disarmed": disarm_a_guard,
    "row changed and audit trail re-hashed": rename_and_rewrite_the_trail,
}
NEEDS_ANCHOR = {"row changed and audit trail re-hashed"}


@pytest.fixture
def undo_schema_attacks(engine: Engine) -> Iterator[None]:
    yield
    with engine.begin() as conn:
        while UNDO:
            conn.execute(text(UNDO.pop()))


@pytest.mark.usefixtures("undo_schema_attacks")
@pytest.mark.parametrize("attack", list(ATTACKS))
def test_every_attack_is_detected(archive: Archive, engine: Engine, tmp_path: Path,
                                  attack: str) -> None:
    case_id = archive.archived_case()
    anchor_path = tmp_path / "anchor.json"
    anchor_now(engine, anchor_path, "2026-06-01T00:00:00Z", "test")
    anchor = read_anchor(anchor_path)
    assert verify_archive(engine, anchor).ok
    ATTACKS[attack](engine, case_id)
    without_anchor = verify_archive(engine).problems
    with_anchor = verify_archive(engine, anchor).problems
    battery.record(f"tamper: {attack}", attempts=1, detected=int(bool(with_anchor)),
                   engine=engine.dialect.name)
    battery.record(f"tamper without the anchor: {attack}", attempts=1,
                   detected=int(bool(without_anchor)), engine=engine.dialect.name)
    assert with_anchor, f"{attack}: not detected even with the anchor"
    if attack in NEEDS_ANCHOR:
        assert not without_anchor, f"{attack}: found without the anchor, NEEDS_ANCHOR is wrong"
        assert any(p.area == "audit_chain" and "recomputed" in p.en for p in with_anchor)
    else:
        assert without_anchor, f"{attack}: needs the anchor, but is not listed in NEEDS_ANCHOR"


def test_each_attack_is_named_for_what_it_did(archive: Archive, engine: Engine) -> None:
    """The findings say which rows and what happened, not merely that something is wrong."""
    case_id = archive.archived_case()
    with Session(engine) as session:
        retention_id = session.scalar(select(RetentionRecord.id).where(
            RetentionRecord.record_type == "rehab_case", RetentionRecord.record_id == case_id))
        worker_id = session.scalar(text(f"SELECT worker_id FROM rehab_case WHERE id = {case_id}"))
    shorten_retention(engine, case_id)
    rename_worker(engine, case_id)
    found = {(p.area, p.item, p.en) for p in verify_archive(engine).problems}
    changed = "the row differs from its last audited state: changed outside the app"
    assert ("row_state", f"retention_record #{retention_id}", changed) in found
    assert ("row_state", f"worker #{worker_id}", changed) in found
    delete_archived_case(engine, case_id)
    found = {(p.area, p.item, p.en) for p in verify_archive(engine).problems}
    gone = "the row is gone but no deletion was audited: deleted outside the app"
    assert ("row_state", f"rehab_case #{case_id}", gone) in found
    assert ("row_state", f"retention_record #{retention_id}", gone) in found
