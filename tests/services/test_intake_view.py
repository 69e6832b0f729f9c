"""Read models of the intake screens: the ID preview, approvable items, approvals listed."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.services.core.commands import ApprovedItemInput, AttachmentInput
from desktop_app.services.intake import intake, intake_view
from tests.archive_fixture import APPROVAL, PERIOD_TO, VALID_ID, Archive

TODAY = date(2026, 6, 1)


def test_id_preview_says_nothing_until_18_characters_then_sex_birth_age_province() -> None:
    assert intake_view.id_preview("1101051949", TODAY) == intake_view.IdPreview(10, ())
    good = intake_view.id_preview(VALID_ID.lower(), TODAY)
    assert good.valid
    assert (good.sex, good.birth_date, good.age, good.province) == (
        "F", date(1949, 12, 31), 76, "北京")
    bad = intake_view.id_preview(VALID_ID[:17] + "5", TODAY)
    assert not bad.valid and "校验位错误（应为 X）" in bad.errors[0].zh


def test_approvable_items_are_the_rehab_items_in_force(archive: Archive) -> None:
    with archive.uow() as u:
        items = intake_view.approvable_items(u.session, TODAY)
        before = intake_view.approvable_items(u.session, date(2019, 12, 31))
    codes = {item.national_code for item in items}
    assert archive.codes["运动疗法"] in codes and archive.codes["作业疗法"] in codes
    assert len(codes) == len(items)
    assert [i.name for i in items] == sorted(i.name for i in items)
    assert before == []  # the demo pack takes effect on 2020-01-01


def test_approval_rows_list_kind_items_and_scan(archive: Archive) -> None:
    case_id = archive.register()
    scan = AttachmentInput("结论书.pdf", b"%PDF-1.4 x", "approval_decision")
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(decision_scan=scan))
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(
            kind="extension", decision_number="泸工康核〔2026〕9号", decision_date=TODAY,
            period_from=PERIOD_TO + timedelta(days=1), period_to=date(2026, 8, 31),
            items=(ApprovedItemInput(archive.codes["运动疗法"], "运动疗法", None),)))
    with archive.uow() as u:
        rows = intake_view.approval_rows(u.session, case_id)
        facts = intake_view.case_facts(u.session, case_id)
    assert [(r.kind_label, r.period_from, r.scan_filename) for r in rows] == [
        ("核准", APPROVAL, "结论书.pdf"), ("延期", PERIOD_TO + timedelta(days=1), None)]
    assert rows[0].items_text == "运动疗法×10、作业疗法×20"
    assert rows[1].items_text == "运动疗法（不限次数）"
    assert (facts.patient_name, facts.masked_resident_id, facts.status) == (
        "张三", "110105********002X", "approved")
    assert facts.periods == ((APPROVAL, PERIOD_TO), (PERIOD_TO + timedelta(days=1), date(2026, 8, 31)))


def test_lists_and_diagnoses_typed_by_people() -> None:
    assert intake_view.split_list(" 右髋、右大腿, 左膝；腰  ") == ("右髋", "右大腿", "左膝", "腰")
    assert [e.code for e in intake_view.icd_matches("股骨")] == ["S72.0", "S72.3"]
    assert [e.code for e in intake_view.icd_matches("s72.0")] == ["S72.0"]
    assert intake_view.icd_matches("  ") == []
    assert intake_view.parse_diagnosis("s72.001  股骨颈骨折") == ("S72.001", "股骨颈骨折")
    assert intake_view.parse_diagnosis("股骨颈骨折") is None
