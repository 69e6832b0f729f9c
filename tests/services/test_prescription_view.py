"""The prescriptions page's data: rows with names and the signature state, the plan's
items to prescribe from, and who may be assigned."""

from __future__ import annotations

from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.prescription_view import assignable_staff, prescription_page
from desktop_app.services.core.commands import PrescriptionInput
from tests.archive_fixture import ADMISSION, Archive


def test_rows_plan_items_and_assignable_staff(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with archive.uow(archive.physician) as u:
        treatment.prescribe(u, case_id, PrescriptionInput(
            archive.codes["运动疗法"], 4, "隔日1次", ADMISSION, archive.physician))
    with archive.uow() as u:
        data = prescription_page(u.session, case_id)
        staff = assignable_staff(u.session)
    assert data.plan_version == 1 and [(i.name, i.total_count) for i in data.plan_items] == [
        ("运动疗法", 10)]
    (row,) = data.rows
    assert (row.item_name, row.count, row.therapist, row.prescriber, row.state) == (
        "运动疗法", 4, "未指定", "王医生", "draft")
    assert row.awaiting_signature and not row.superseded
    assert sorted((s.staff_id, s.label) for s in staff) == [
        (archive.therapist, "李治疗师（治疗师）"), (archive.assistant, "赵助理（治疗师助理）")]
