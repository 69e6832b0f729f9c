"""Signatures, immutability (services, ORM, database triggers), the audit hash chain, the
anchor and ``verify``: each tampering done with raw SQL must be detected."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.db.models import AttachmentBlob, AuditEvent, Signature, TreatmentSession
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.errors import ValidationFailed
from desktop_app.services.admin import accounts
from desktop_app.services.clinical import treatment
from desktop_app.services.core.audit_chain import anchor_now, read_anchor
from desktop_app.services.core.guards import SignedRecordChange
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import ADMISSION, Archive
from tests.conftest import without_guards

PASSWORD = "康复2026-secret"


def patient(seed: int = 1) -> tuple[signing.Signer, signing.Handwriting]:
    strokes = synthetic_strokes(seed)
    return (signing.Signer("patient", "张三"),
            signing.Handwriting(strokes, render_png(strokes), "ward-3 pad"))


def sessions_signed_by_patient(archive: Archive, days: int = 3) -> tuple[int, list[int], int]:
    case_id = archive.admitted_case()
    ids = []
    for offset in range(days):
        with archive.uow(archive.therapist) as u:
            ids.append(treatment.record_session(
                u, case_id, archive.session(ADMISSION + timedelta(days=offset + 1))).id)
    signer, handwriting = patient()
    with archive.uow(archive.therapist) as u:
        signature_id = signing.sign(u, [("treatment_session", i) for i in ids],
                                    "patient_confirms_sessions", signer, handwriting=handwriting)
    return case_id, ids, signature_id


def problems(engine: Engine, anchor_path: Path | None = None) -> list[str]:
    anchor = read_anchor(anchor_path) if anchor_path else None
    return [f"{p.area} {p.item} {p.en}" for p in verify_archive(engine, anchor).problems]


def chain_problems(engine: Engine) -> list[str]:
    """The chain's own findings (an edited event may also leave a row unmatched)."""
    return [p for p in problems(engine) if p.startswith("audit_chain ")]


def make_anchor(engine: Engine, path: Path) -> Path:
    anchor_now(engine, path, "2026-06-01T00:00:00Z", "test")
    return path


def test_patient_signs_the_days_sessions_at_once(archive: Archive, engine: Engine) -> None:
    _, ids, signature_id = sessions_signed_by_patient(archive)
    with archive.uow() as u:
        states = u.session.scalars(select(TreatmentSession.record_state)).all()
        signature = u.session.get(Signature, signature_id)
        assert signature is not None
        check = signing.check_signature(u.session, signature)
        assert signature.method == "handwritten" and signature.signer_kind == "patient"
        assert signature.image_sha256 and u.session.get(AttachmentBlob, signature.image_sha256)
    assert states == ["signed"] * 3
    assert check.valid, check.problems
    assert problems(engine) == []


def test_signed_session_cannot_be_changed_through_the_orm(archive: Archive) -> None:
    _, ids, _ = sessions_signed_by_patient(archive, days=1)
    with pytest.raises(SignedRecordChange) as caught, archive.uow() as u:
        row = u.session.get(TreatmentSession, ids[0])
        assert row is not None
        row.count = 2
        u.commit()
    assert "已签名" in caught.value.zh and "amendment" in caught.value.en
    with pytest.raises(SignedRecordChange,
                       match=f"treatment_session #{ids[0]} is signed and cannot be deleted"), \
            archive.uow() as u:
        u.session.delete(u.session.get(TreatmentSession, ids[0]))
        u.commit()


def test_database_refuses_raw_sql_on_signed_rows(archive: Archive, engine: Engine) -> None:
    _, ids, signature_id = sessions_signed_by_patient(archive, days=1)
    for statement in (f"UPDATE treatment_session SET count = 5 WHERE id = {ids[0]}",
                      f"DELETE FROM treatment_session WHERE id = {ids[0]}",
                      f"UPDATE treatment_session SET record_state = 'draft' WHERE id = {ids[0]}",
                      f"UPDATE signature SET signer_name = 'x' WHERE id = {signature_id}",
                      f"DELETE FROM signature_item WHERE signature_id = {signature_id}",
                      "DELETE FROM audit_event",
                      "UPDATE audit_event SET action = 'x'"):
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text(statement))
        assert "REHAB_IMMUTABLE" in str(caught.value), statement


def test_changed_session_count_makes_the_signature_invalid(archive: Archive, engine: Engine) -> None:
    _, ids, signature_id = sessions_signed_by_patient(archive)
    without_guards(engine, f"UPDATE treatment_session SET count = 2 WHERE id = {ids[1]}")
    found = problems(engine)
    assert len(found) == 2
    assert found[0] == (f"row_state treatment_session #{ids[1]} "
                        "the row differs from its last audited state: changed outside the app")
    assert f"#{signature_id}" in found[1] and f"treatment_session #{ids[1]} content changed" in found[1]


def test_a_signature_cannot_be_moved_to_another_record(archive: Archive, engine: Engine) -> None:
    case_id, ids, signature_id = sessions_signed_by_patient(archive, days=1)
    with archive.uow(archive.therapist) as u:
        unsigned = treatment.record_session(u, case_id, archive.session(ADMISSION + timedelta(days=5)))
    without_guards(engine, f"UPDATE signature_item SET record_id = {unsigned.id} "
                           f"WHERE signature_id = {signature_id} AND record_id = {ids[0]}")
    assert any(f"#{signature_id}" in p for p in problems(engine))


def test_altered_signer_or_strokes_are_detected(archive: Archive, engine: Engine) -> None:
    _, _, signature_id = sessions_signed_by_patient(archive, days=1)
    without_guards(engine, f"UPDATE signature SET signer_name = '李四' WHERE id = {signature_id}")
    assert any("signature itself was altered" in p for p in problems(engine))


def test_staff_sign_by_re_entering_their_password(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.physician, PASSWORD)
    with archive.uow() as u:
        plan_id = u.session.scalar(text(f"SELECT id FROM treatment_plan WHERE case_id = {case_id}"))
    wrong = signing.Signer("staff", staff_user_id=archive.physician, password="not-it-123")
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.physician) as u:
        signing.sign(u, [("treatment_plan", plan_id)], "physician_signs", wrong)
    assert "密码" in caught.value.zh
    right = signing.Signer("staff", staff_user_id=archive.physician, password=PASSWORD)
    with archive.uow(archive.physician) as u:
        signature_id = signing.sign(u, [("treatment_plan", plan_id)], "physician_signs", right)
    with archive.uow() as u:
        signature = u.session.get(Signature, signature_id)
        assert signature is not None and signature.signer_name == "王医生"
        assert signature.method == "password"
        plan_items = u.session.execute(text(
            f"SELECT count(*) FROM plan_item WHERE plan_id = {plan_id}")).scalar()
    assert plan_items == 1
    # Items of a signed plan are frozen with it.
    with pytest.raises(SignedRecordChange,
                       match="database refused .* the treatment_plan of this plan_item is signed"), \
            archive.uow() as u:
        u.session.execute(text(f"UPDATE plan_item SET total_count = 99 WHERE plan_id = {plan_id}"))


def test_patient_side_signatures_need_ink_and_a_relationship(archive: Archive) -> None:
    _, ids, _ = sessions_signed_by_patient(archive, days=1)
    tap = [[(10.0, 10.0, 0), (11.0, 10.0, 5)]]
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.therapist) as u:
        signing.sign(u, [("treatment_session", ids[0])], "patient_confirms_sessions",
                     signing.Signer("patient", "张三"),
                     handwriting=signing.Handwriting(tap, render_png(tap)))
    assert "笔迹太少" in caught.value.zh
    strokes = synthetic_strokes(2)
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.therapist) as u:
        signing.sign(u, [("treatment_session", ids[0])], "patient_confirms_sessions",
                     signing.Signer("relative", "张大"),
                     handwriting=signing.Handwriting(strokes, render_png(strokes)))
    assert "关系" in caught.value.zh


# ----------------------------------------------------------------------------- audit chain


def chained_events(archive: Archive) -> list[tuple[int, int]]:
    with archive.uow() as u:
        return [(e.id, e.chain_seq) for e in u.session.scalars(
            select(AuditEvent).order_by(AuditEvent.chain_seq))]


def test_every_event_is_chained_and_the_chain_verifies(archive: Archive, engine: Engine) -> None:
    sessions_signed_by_patient(archive)
    events = chained_events(archive)
    assert len(events) > 20
    assert [seq for _, seq in events] == list(range(1, len(events) + 1))
    assert problems(engine) == []


def _middle(archive: Archive) -> tuple[int, int]:
    events = chained_events(archive)
    return events[len(events) // 2]


ALTERED = "the event does not match its hash: it was altered"
REORDERED = "previous hash does not match: an earlier event was deleted, inserted or swapped"


@pytest.mark.parametrize("attack", ["edit", "delete", "insert", "swap"])
def test_chain_tampering_is_detected_without_an_anchor(archive: Archive, engine: Engine,
                                                       attack: str) -> None:
    """Each attack is reported at the positions and events it touched, as the kind of break
    it is, and nowhere else."""
    sessions_signed_by_patient(archive)
    events = chained_events(archive)
    middle = len(events) // 2
    event_id, seq = events[middle]
    next_id, after_id = events[middle + 1][0], events[middle + 2][0]
    statements = {
        "edit": [f"UPDATE audit_event SET action = 'view' WHERE id = {event_id}"],
        "delete": [f"DELETE FROM audit_event WHERE id = {event_id}"],
        "insert": [f"UPDATE audit_event SET chain_seq = chain_seq + 1000000 WHERE chain_seq > {seq}",
                   "INSERT INTO audit_event (occurred_at, action, record_type, details, chain_seq, "
                   f"prev_hash, hash) SELECT occurred_at, 'create', 'worker', '{{}}', {seq + 1}, hash, "
                   f"hash FROM audit_event WHERE id = {event_id}",
                   "UPDATE audit_event SET chain_seq = chain_seq - 999999 WHERE chain_seq > 1000000"],
        "swap": [f"UPDATE audit_event SET chain_seq = -1 WHERE chain_seq = {seq}",
                 f"UPDATE audit_event SET chain_seq = {seq} WHERE chain_seq = {seq + 1}",
                 f"UPDATE audit_event SET chain_seq = {seq + 1} WHERE chain_seq = -1"],
    }[attack]
    without_guards(engine, *statements)
    if attack == "edit":  # only the edited event fails its own hash
        expected = [f"#{seq} (event {event_id}) {ALTERED}"]
    elif attack == "delete":  # a gap at its position; its successor no longer links back
        expected = [f"#{seq} chain positions {seq}-{seq} are missing: events were deleted",
                    f"#{seq + 1} (event {next_id}) {REORDERED}"]
    elif attack == "insert":  # the forged event, and every event it pushed one place down
        forged = {s: i for i, s in chained_events(archive)}[seq + 1]
        assert forged not in {i for i, _ in events}
        expected = [f"#{seq + 1} (event {forged}) {ALTERED}"] + [
            f"#{s + 1} (event {i}) {ALTERED}" for i, s in events[middle + 1:]]
    else:  # the two swapped events, each out of place, and the one after them
        expected = [f"#{seq} (event {next_id}) {REORDERED}", f"#{seq} (event {next_id}) {ALTERED}",
                    f"#{seq + 1} (event {event_id}) {REORDERED}",
                    f"#{seq + 1} (event {event_id}) {ALTERED}",
                    f"#{seq + 2} (event {after_id}) {REORDERED}"]
    assert chain_problems(engine) == [f"audit_chain {line}" for line in expected], attack


def recompute_chain(engine: Engine) -> None:
    """What a careful forger does after an edit: rebuild every hash from the first one."""
    from sqlalchemy.orm import Session

    from desktop_app.services.core.audit_chain import GENESIS, event_hash, event_payload

    with Session(engine) as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.chain_seq)).all()
        prev, rows = GENESIS, []
        for seq, event in enumerate(events, start=1):
            digest = event_hash(seq, prev, event_payload(event))
            rows.append((event.id, seq, prev, digest))
            prev = digest
    without_guards(engine, *[f"UPDATE audit_event SET chain_seq = {seq}, prev_hash = '{p}', "
                             f"hash = '{h}' WHERE id = {i}" for i, seq, p, h in rows])


def test_truncation_and_recomputation_need_the_anchor(archive: Archive, engine: Engine,
                                                      tmp_path: Path) -> None:
    sessions_signed_by_patient(archive)
    anchor = make_anchor(engine, tmp_path / "anchor.json")
    assert problems(engine, anchor) == []
    event_id, _ = _middle(archive)
    # Recomputation: edit one event, then rebuild the whole chain so it is consistent again.
    without_guards(engine, f"UPDATE audit_event SET action = 'view' WHERE id = {event_id}")
    recompute_chain(engine)
    assert chain_problems(engine) == [], "a recomputed chain is consistent on its own"
    assert any("recomputed" in p for p in problems(engine, anchor))


def test_truncated_chain_is_caught_by_the_anchor(archive: Archive, engine: Engine,
                                                 tmp_path: Path) -> None:
    sessions_signed_by_patient(archive)
    anchor = make_anchor(engine, tmp_path / "anchor.json")
    head = read_anchor(anchor).head_seq
    without_guards(engine, f"DELETE FROM audit_event WHERE chain_seq > {head - 5}")
    assert chain_problems(engine) == [], "a cut tail leaves a consistent chain"
    assert any("truncated" in p for p in problems(engine, anchor))


def test_altered_attachment_is_detected(archive: Archive, engine: Engine) -> None:
    _, _, signature_id = sessions_signed_by_patient(archive, days=1)
    with archive.uow() as u:
        sha = u.session.get(Signature, signature_id).image_sha256  # type: ignore[union-attr]
    damaged = render_png(synthetic_strokes(9))
    with engine.begin() as conn, pytest.raises(
            DBAPIError, match="REHAB_IMMUTABLE: attachment content is never changed"):
        conn.execute(text("UPDATE attachment_blob SET content = :c WHERE sha256 = :s"),
                     {"c": damaged, "s": sha})
    without_guards(engine, "UPDATE attachment_blob SET content = :c WHERE sha256 = :s",
                   c=damaged, s=sha)
    found = problems(engine)
    assert any(p.startswith("attachment") for p in found)
    assert any("signature image" in p for p in found)


def test_verify_cli_reports_and_exits_non_zero(archive: Archive, engine: Engine, db_url: str,
                                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.cli import main

    _, ids, _ = sessions_signed_by_patient(archive, days=1)
    anchor = tmp_path / "anchor.json"
    assert main(["--db", db_url, "anchor", "--out", str(anchor)]) == 0
    assert main(["--db", db_url, "verify", "--anchor", str(anchor)]) == 0
    assert "全部通过" in capsys.readouterr().out
    without_guards(engine, f"UPDATE treatment_session SET notes = 'x' WHERE id = {ids[0]}")
    assert main(["--db", db_url, "verify", "--anchor", str(anchor)]) == 1
    out = capsys.readouterr().out
    assert f"treatment_session #{ids[0]}" in out and "发现 2 个问题" in out
    assert "changed outside the app" in out


def test_signed_date_cannot_be_backdated_by_sql(archive: Archive, engine: Engine) -> None:
    _, ids, _ = sessions_signed_by_patient(archive, days=1)
    new_day = (ADMISSION + timedelta(days=9)).isoformat()
    with pytest.raises(DBAPIError, match="REHAB_IMMUTABLE: treatment_session is signed or "
                                         "archived and cannot be changed"), engine.begin() as conn:
        conn.execute(text(f"UPDATE treatment_session SET session_date = '{new_day}' WHERE id = {ids[0]}"))
    with archive.uow() as u:
        row = u.session.get(TreatmentSession, ids[0])
        assert row is not None and row.session_date == date(2026, 4, 4)
