"""Transfers between institutions (issue 19 item 3), on both engines: a transfer out needs the
agency's consent where the case's own pack asks for it (Luzhou Art. 24 out of the city,
Ningxia No. 9 out of the region; Baotou silent: none) and issues the transfer summary; after
the transfer day the case takes no session; a transfer in needs the earlier institution's
summary and its used counts, which come off what the approval allows here, so the 16th session
after 25 used elsewhere of 40 approved is refused and flagged exactly like the 41st without a
transfer; the rows never change; the archive verifies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from desktop_app.clock import china_datetime
from desktop_app.db.models import CaseTransfer, IssuedDocument, RehabCase, TransferUsedCount, TreatmentSession
from desktop_app.domain.identity import make_resident_id
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.clinical import transfer, transfer_view, treatment, worklist_view
from desktop_app.services.core.commands import AttachmentInput, DischargeInput
from desktop_app.services.core.guards import SignedRecordChange
from desktop_app.services.core.lookup import approved_counts, approved_items, current_plan
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import archive_export, disposal, retention
from desktop_app.services.rules.session_limits import REASON_KEY, judge_case
from tests.archive_fixture import ADMISSION, DISCHARGE, Archive
from tests.region_fixture import regional_archive
from tests.services.test_retention import PASSWORD, in_2056, set_passwords
from tests.services.test_session_limits import admitted, record, session_at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUMMARY = AttachmentInput("转院小结.pdf", PDF, "transfer_summary")
OUT_DAY = ADMISSION + timedelta(days=10)
CONSENT = {"consent_number": "泸人社康转〔2026〕8号", "consent_date": OUT_DAY - timedelta(days=2)}


def keys(error: ValidationFailed) -> set[str]:
    return {e.key for e in error.errors if not e.warning}


def out(a: Archive, case_id: int, **changes: object) -> transfer.TransferredOut:
    fields: dict[str, object] = {"to_institution": "成都市第二康复医院", "transfer_date": OUT_DAY,
                                 "reason": "需要专科康复条件", "outside_region": True, **CONSENT,
                                 **changes}
    with a.uow(a.physician) as u:
        return transfer.transfer_out(u, case_id, transfer.TransferOutInput(**fields))  # type: ignore[arg-type]


def transfer_in(a: Archive, case_id: int, used: dict[str, int], **changes: object) -> int:
    fields: dict[str, object] = {
        "from_institution": "泸县人民医院康复科", "transfer_date": ADMISSION, "summary": SUMMARY,
        "used": tuple(transfer.UsedCount(a.codes[name], n) for name, n in used.items()), **changes}
    with a.uow(a.physician) as u:
        return transfer.transfer_in(u, case_id, transfer.TransferInInput(**fields))  # type: ignore[arg-type]


def fill(a: Archive, case_id: int, sessions: int, hour: int) -> None:
    """``sessions`` of 运动疗法 here: two a day (the catalogue's most), one on the last day if odd."""
    for n in range(sessions // 2):
        record(a, case_id, session_at(a, ADMISSION + timedelta(days=1 + n), hour, count=2))
    if sessions % 2:
        record(a, case_id, session_at(a, ADMISSION + timedelta(days=1 + sessions // 2), hour))


def test_the_counts_continue_across_a_transfer_in(archive: Archive, engine: Engine) -> None:
    code = archive.codes["运动疗法"]
    moved = admitted(archive, approved=40, planned=60)
    transfer_in(archive, moved, {"运动疗法": 25})
    other = make_resident_id("510502", date(1980, 1, 2), 11, "M")
    plain = admitted(archive, approved=40, planned=60, resident_id=other, name="李四", number="2")
    with archive.uow() as u:
        assert approved_counts(u.session, moved)[code] == 15  # 40 approved − 25 used elsewhere
        assert dict((c, n) for c, _name, n in approved_items(u.session, moved))[code] == 40  # as decided
        (row,) = [c for c in transfer_view.transfer_page(u.session, moved).counts if c.national_code == code]
        assert (row.approved, row.used_before, row.used_here, row.remaining) == (40, 25, 0, 15)
    fill(archive, moved, 15, 9)
    fill(archive, plain, 40, 14)
    after = ADMISSION + timedelta(days=25)
    refusals = []
    for case_id, hour in ((moved, 9), (plain, 14)):
        with pytest.raises(ValidationFailed) as caught:
            record(archive, case_id, session_at(archive, after, hour))
        refusals.append(caught.value)
        assert keys(caught.value) == {REASON_KEY}
    moved_refusal, plain_refusal = (next(e for e in r.errors if not e.warning) for r in refusals)
    assert "核准" in moved_refusal.zh and "核准" in plain_refusal.zh
    assert moved_refusal.zh.replace("16", "N").replace("15", "M") == \
        plain_refusal.zh.replace("41", "N").replace("40", "M")  # the same words, the counts continued
    flagged = []
    for case_id, hour in ((moved, 9), (plain, 14)):
        recorded = record(archive, case_id, session_at(archive, after, hour, limit_reason="医嘱加强"))
        with archive.uow() as u:
            row_ = u.session.get(TreatmentSession, recorded.id)
            assert row_ is not None
            flagged.append((row_.over_approved_count, list(row_.limit_flags)))
    assert flagged[0] == flagged[1] == (True, ["over_approved_count"])
    with archive.uow() as u:  # the claim gate's judgement (judge_case) agrees with the recording
        broken = {}
        for case_id in (moved, plain):
            case = u.session.get(RehabCase, case_id)
            assert case is not None
            judged = judge_case(u.session, case)
            broken[case_id] = sorted(n for n, j in judged.items() if "over_approved_count" in j.broken)
    assert len(broken[moved]) == len(broken[plain]) == 1  # only the 16th, only the 41st
    with archive.uow() as u:  # the worklist's count marks read the same remaining count
        facts = {f.case_id: f for f in worklist_view.open_case_facts(u.session)}
    (moved_count,) = facts[moved].counts
    (plain_count,) = facts[plain].counts
    assert (moved_count.done, moved_count.approved) == (16, 15)
    assert (plain_count.done, plain_count.approved) == (41, 40)
    assert verify_archive(engine).ok


def test_a_transfer_in_needs_the_summary_and_counts_of_approved_items(archive: Archive) -> None:
    case_id = admitted(archive, approved=40)
    with pytest.raises(ValidationFailed) as caught:
        transfer_in(archive, case_id, {"运动疗法": 5}, summary=None)
    assert keys(caught.value) == {"summary"}
    assert "转院小结" in caught.value.errors[0].zh and "transfer summary" in caught.value.errors[0].en
    with pytest.raises(ValidationFailed) as caught:
        transfer_in(archive, case_id, {"运动疗法": 41, "作业疗法": 1})  # 作业疗法 not approved here
    assert keys(caught.value) == {"used.1", "used.2"}
    transfer_id = transfer_in(archive, case_id, {"运动疗法": 5}, reason="回本地康复")
    with archive.uow() as u:
        page = transfer_view.transfer_page(u.session, case_id)
        assert page.standing == transfer_view.TRANSFERRED_IN
        (row,) = page.rows
        assert (row.id, row.direction, row.summary_attachment, row.used) == (
            transfer_id, "in", "转院小结.pdf", ((archive.codes["运动疗法"], 5),))


def test_luzhou_refuses_a_transfer_out_of_the_city_without_the_agencys_consent(archive: Archive) -> None:
    case_id = admitted(archive)
    with pytest.raises(ValidationFailed) as caught:
        out(archive, case_id, consent_number=" ", consent_date=None)
    assert keys(caught.value) == {"consent_number", "consent_date"}
    first = caught.value.errors[0]
    assert "经办机构同意" in first.zh and "第二十四条" in first.zh and "Luzhou Art. 24" in first.en
    with archive.uow() as u:
        assert u.session.scalars(select(CaseTransfer)).all() == []
    with pytest.raises(ValidationFailed) as caught:  # consent dated after the transfer
        out(archive, case_id, consent_date=OUT_DAY + timedelta(days=1))
    assert keys(caught.value) == {"consent_date"}
    done = out(archive, case_id)
    assert done.summary.pdf.startswith(b"%PDF") and done.summary.kind == "transfer_summary"
    with archive.uow() as u:
        issued = u.session.scalars(select(IssuedDocument).where(
            IssuedDocument.kind == "transfer_summary")).one()
        assert (issued.case_id, issued.source_type, issued.source_id) == (
            case_id, "case_transfer", done.transfer_id)
        page = transfer_view.transfer_page(u.session, case_id)
        assert (page.standing, page.transferred_out_on) == (transfer_view.TRANSFERRED_OUT, OUT_DAY)
        assert page.rule.required_outside and "Luzhou Art. 24" in page.rule.basis_en
    other = make_resident_id("510502", date(1980, 1, 2), 11, "M")
    within = admitted(archive, resident_id=other, name="李四", number="2")
    out(archive, within, outside_region=False, consent_number=None, consent_date=None)  # in the city: silent


def test_a_silent_region_asks_no_consent_and_ningxia_asks_its_filing(uow, clock) -> None:  # type: ignore[no-untyped-def]
    baotou = regional_archive(uow, clock, "baotou")
    case_id = admitted(baotou)
    out(baotou, case_id, consent_number=None, consent_date=None)  # Baotou: silent on transfers
    with baotou.uow() as u:
        assert transfer_view.transfer_page(u.session, case_id).rule.required_outside is False


def test_ningxia_asks_the_transfer_filing(uow, clock) -> None:  # type: ignore[no-untyped-def]
    ningxia = regional_archive(uow, clock, "ningxia")
    case_id = admitted(ningxia)
    with pytest.raises(ValidationFailed) as caught:
        out(ningxia, case_id, consent_number=None, consent_date=None)
    assert "转院备案" in caught.value.errors[0].zh and "No. 9" in caught.value.errors[0].en


def test_no_session_after_the_transfer_out(archive: Archive) -> None:
    case_id = admitted(archive)
    record(archive, case_id, session_at(archive, OUT_DAY - timedelta(days=1), 9))
    with pytest.raises(ValidationFailed) as caught:  # before the last session here
        out(archive, case_id, transfer_date=OUT_DAY - timedelta(days=2),
            consent_date=OUT_DAY - timedelta(days=3))
    assert keys(caught.value) == {"transfer_date"}
    out(archive, case_id)
    record(archive, case_id, session_at(archive, OUT_DAY, 9))  # the transfer day itself
    with pytest.raises(ValidationFailed) as caught:
        record(archive, case_id, session_at(archive, OUT_DAY + timedelta(days=1), 9))
    assert keys(caught.value) == {"session_date"}
    refusal = caught.value.errors[0]
    assert "转出" in refusal.zh and "transferred out" in refusal.en
    with pytest.raises(UserError, match="转出"):
        out(archive, case_id)


def test_transfer_rows_never_change(archive: Archive) -> None:
    case_id = admitted(archive, approved=40)
    transfer_in(archive, case_id, {"运动疗法": 5})
    for statement in ("UPDATE case_transfer SET other_institution = 'x'", "DELETE FROM case_transfer",
                      "UPDATE transfer_used_count SET used_count = 0", "DELETE FROM transfer_used_count"):
        with pytest.raises(SignedRecordChange), archive.uow() as u:
            u.session.execute(text(statement))
    with archive.uow() as u:
        assert [r.used_count for r in u.session.scalars(select(TransferUsedCount))] == [5]


def test_the_summary_lists_the_course_so_far(archive: Archive) -> None:
    case_id = admitted(archive, approved=40)
    transfer_in(archive, case_id, {"运动疗法": 25})
    record(archive, case_id, session_at(archive, ADMISSION + timedelta(days=1), 9, count=2))
    done = out(archive, case_id)
    with archive.uow() as u:
        data = transfer_view.summary_data(u.session, case_id, done.transfer_id)
    (item,) = data.counts
    assert (item.approved, item.used_before, item.used_here, item.remaining) == (40, 25, 2, 13)
    assert data.diagnoses == ("S72.001 股骨颈骨折",) and data.goals == "改善步行能力"
    assert data.consent.startswith("泸人社康转〔2026〕8号") and data.physician == "王医生"
    assert "泸县人民医院康复科" in data.transferred_in_from and "第二十四条" in data.basis
    with archive.uow(archive.physician) as u:
        again = transfer.print_summary(u, case_id, done.transfer_id)
    assert again.identical_to_first and again.pdf == done.summary.pdf
    assert replace(data, goals="x") != data


def test_the_binder_holds_the_summary_and_a_disposal_destroys_the_transfer(archive: Archive,
                                                                             engine: Engine,
                                                                             tmp_path: Path) -> None:
    case_id = archive.admitted_case()
    transfer_in(archive, case_id, {"运动疗法": 3})
    ids = [archive.record_session(case_id, ADMISSION + timedelta(days=n)) for n in (1, 2)]
    with archive.uow() as u:
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    archive.sign_as_patient([("treatment_plan", plan_id)])
    archive.sign_as_therapist(ids)
    archive.sign_as_patient([("treatment_session", i) for i in ids])
    done = out(archive, case_id, transfer_date=DISCHARGE, consent_date=DISCHARGE - timedelta(days=1))
    with archive.at(china_datetime(DISCHARGE, 16)), archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "transfer_out", None,
                                                       "other_institution", "not_working"))
    with archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)
    with archive.uow(archive.officer) as u:
        result = archive_export.export_archive(u, case_id, tmp_path / "out")
    summaries = list((result.folder / "data").rglob("TRANSFER-*.pdf"))
    assert [p.read_bytes() for p in summaries] == [done.summary.pdf]  # the one issued at the transfer
    assert "transfer_summary" in [d.kind for d in result.documents]
    set_passwords(archive)
    in_2056(archive)
    with archive.uow(archive.officer) as u:
        request_id = disposal.propose(u, [r.id for r in disposal.eligible(u)], "保管期满")
    with archive.uow(archive.admin) as u:
        disposal.approve(u, request_id, PASSWORD)
    for witness in (archive.physician, archive.therapist):
        with archive.uow(witness) as u:
            disposal.witness(u, request_id, PASSWORD)
    with archive.uow(archive.officer) as u:
        disposal.carry_out(u, request_id)
    with archive.uow() as u:
        assert u.session.scalars(select(CaseTransfer)).all() == []
        assert u.session.scalars(select(TransferUsedCount)).all() == []
    report = verify_archive(engine)
    assert report.ok, report.lines()
