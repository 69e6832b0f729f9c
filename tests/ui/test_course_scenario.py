"""Issue 19's scenario, worked through the screens of the case workspace as the ward does it:
the application with its materials checklist → the approval answering it (vocational rehab),
refused until an expert evaluation is recorded → a vocational course with its goal and an
assistive device (opinion, filing, fitting) → a transfer out with the agency's consent and
its transfer summary; then the same worker's relapse opens a second course on the same injury
(no second injury record) linked to the first; and each course's archive binder, exported as
档案 → 导出病例档案… does it, holds that course's documents in the binder's order.

Which pack each step follows (no pack text has both the materials checklist and the expert
gate, so the institution's region changes between the application and the approval — before
the approval fixes the case's pack, ``region.case_pack``):

* the application and its checklist: Luzhou (泸市人社规〔2025〕1号) Art. 13 (一)–(四), the
  answer deadline Art. 12 — the application keeps the pack it was recorded under;
* the administrator then sets the region to Baotou; the approval fixes Baotou's pack on the
  case: vocational rehabilitation only after the expert panel's evaluation (Art. 13), a device
  fitted only after its filing with the agency (Art. 11);
* the transfer: Baotou's text is silent on transfers (no consent required); the agency's
  consent is recorded anyway and printed in the summary.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    ApplicationItem,
    Approval,
    CaseTransfer,
    DeviceRecord,
    Injury,
    IssuedDocument,
    RehabApplication,
    RehabCase,
)
from desktop_app.documents.archive_list import ArchiveEntry, ordered
from desktop_app.documents.bagit import check_bag
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims.claim_export import PackageResult
from desktop_app.services.rules import region
from desktop_app.ui.clinical.appraisal_dialog import AppraisalDialog
from desktop_app.ui.clinical.discharge import DischargePage
from desktop_app.ui.clinical.expert_devices import DeviceDialog, EvaluationDialog, ExpertDevicesPage
from desktop_app.ui.clinical.transfer_page import TransferPage
from desktop_app.ui.intake.admission_dialog import AdmissionDialog
from desktop_app.ui.intake.application_page import AnswerDialog, ApplicationPage
from desktop_app.ui.intake.approval_page import ApprovalPage
from desktop_app.ui.intake.intake_dialog import IntakeDialog
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.records.package_export import binder_export_dialog
from tests.archive_fixture import VALID_ID
from tests.ui.test_assessments import choose
from tests.ui.test_claims_export import run_export
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIRST_INSTITUTION_TO = "包头市第二工伤康复中心"


def cells(table: object, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]  # type: ignore[attr-defined]


def qdate(text: str) -> QDate:
    return QDate.fromString(text, "yyyy-MM-dd")


def count(ward: Ward, model: type, **where: object) -> int:
    with ward.archive.uow() as u:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(u.session.scalar(query) or 0)


class Desk:
    """The screens a member of staff opens, each with their own runner."""

    def __init__(self, ward: Ward, qtbot: QtBot) -> None:
        a = ward.archive
        self.ward, self.qtbot = ward, qtbot
        self.officer = (Runner(ward.engine, a.clock, a.officer),
                        SignedIn(a.officer, "ro", "孙档案员", "records_officer"))
        self.physician = (Runner(ward.engine, a.clock, a.physician),
                          SignedIn(a.physician, "doc", "王医生", "physician"))

    def page(self, kind: type, who: tuple[Runner, SignedIn], case_id: int) -> object:
        page = kind(*who)
        self.qtbot.addWidget(page)
        page.resize(1100, 640)
        page.show()
        page.load(case_id)
        loaded(self.qtbot)
        return page


def scan(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(PDF + name.encode())
    return path


def answer(page: ApplicationPage, qtbot: QtBot) -> AnswerDialog:
    """The approval answering the selected application: vocational rehabilitation."""
    dialog = page.open_answer_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_chinese(dialog.number, "包人社康核〔2026〕3号")
    dialog.decision_date.setDate(qdate("2026-05-22"))
    dialog.period_from.setDate(qdate("2026-05-22"))
    dialog.period_to.setDate(qdate("2026-08-31"))
    choose(dialog.rehab_type, "vocational")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    return dialog


def export_binder(desk: Desk, case_id: int, folder: Path) -> tuple[PackageResult, list[ArchiveEntry]]:
    """档案 → 导出病例档案…: the binder, and its index's entries in the order it lists them."""
    dialog = binder_export_dialog(desk.officer[0], case_id, "张三", None)
    desk.qtbot.addWidget(dialog)
    folder.mkdir()
    result = run_export(desk.qtbot, dialog, folder)
    assert "已写入" in dialog.outcome.text()
    index = result.documents[0]
    assert index.kind == "archive_list"
    content = json.loads(index.content)
    entries = [ArchiveEntry(**e) for e in find_entries(content)]
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=index.pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    listed = ordered(entries)
    # the printed index lists them so (each row's hash, its first line, unique)
    positions = [text.find(e.sha256[:30]) for e in listed]
    assert -1 not in positions and positions == sorted(set(positions)), (positions, text)
    check = check_bag(result.zip_path)
    assert check.ok, check.problems
    return result, listed


def find_entries(content: object) -> list[dict[str, str]]:
    """The archive list's entries in the index's canonical content."""
    if isinstance(content, dict):
        if "entries" in content:
            return list(content["entries"])
        for value in content.values():
            found = find_entries(value)
            if found:
                return found
    return []


def test_application_to_transfer_then_a_relapse_and_both_binders(
        ward: Ward, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REHAB_DATA_DIR", str(tmp_path / "data"))  # the export folder remembered
    archive = ward.archive
    desk = Desk(ward, qtbot)
    first = ward.case_id  # 张三, registered on the injury of 2026-03-01
    injuries = count(ward, Injury)

    # 1. The application (Luzhou Art. 13): every item attached or not applicable with a reason.
    applications = desk.page(ApplicationPage, desk.officer, first)
    assert isinstance(applications, ApplicationPage)
    assert "泸州" in applications.rule.text()
    dialog = applications.open_application_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.submitted.setDate(qdate("2026-05-18"))
    type_chinese(dialog.body, "包头市劳动能力鉴定委员会")
    dialog.has_accepted.setChecked(True)
    dialog.accepted_date.setDate(qdate("2026-05-19"))
    dialog.ok_button.click()
    loaded(qtbot)
    assert applications.dialog is None
    assert cells(applications.applications, 0)[:2] == ["2026-05-18", "2026-05-19"]
    assert applications.checklist.rowCount() == 4
    materials = {0: "康复申请表.pdf", 1: "工伤认定决定书.pdf", 2: "诊断证明及病历.pdf"}
    for row in range(4):
        applications.checklist.selectRow(row)
        item = applications.open_item_dialog()
        assert item is not None
        qtbot.waitExposed(item)
        if row in materials:
            item.scan.add_paths([scan(tmp_path, materials[row])])
        else:  # the latest value report: a first application has none
            choose(item.status, "not_applicable")
            type_chinese(item.reason, "首次申请，无以往康复价值评估报告")
        item.ok_button.click()
        loaded(qtbot)
        assert applications.dialog is None, item.error.text()
    assert [cells(applications.checklist, r)[1] for r in range(4)] == ["已附", "已附", "已附", "不适用"]
    assert cells(applications.checklist, 0)[2].endswith("康复申请表.pdf")
    assert cells(applications.checklist, 3)[2] == "首次申请，无以往康复价值评估报告"
    with archive.uow() as u:
        application_id, pack = u.session.execute(
            select(RehabApplication.id, RehabApplication.pack_code)).one()
        marks = [(i.item_code, i.status) for i in u.session.scalars(
            select(ApplicationItem).order_by(ApplicationItem.id))]
    assert pack == "luzhou/2025-1"
    assert marks == [("application_form", "attached"), ("recognition_decision", "attached"),
                     ("diagnosis_records", "attached"), ("latest_value_report", "not_applicable")]
    keep_screenshot(applications, "scenario_application.png", tmp_path)

    # The institution's region becomes Baotou (administration, not a screen of the case).
    with archive.uow(archive.admin) as u:
        region.set_policy_region(u, "baotou", "机构迁至包头市")

    # 2. The approval answering it: refused without the expert evaluation (Baotou Art. 13).
    applications.load(first)
    loaded(qtbot)
    applications.applications.selectRow(0)
    refused = answer(applications, qtbot)
    assert refused.isVisible(), "vocational rehab approved without an expert evaluation"
    text = refused.error.text()
    assert "职业康复须先经康复专家库成员评估" in text and "第十三条" in text, text
    assert refused.rehab_type.property("invalid") is True
    keep_screenshot(refused, "scenario_approval_refused.png", tmp_path)
    refused.reject()
    assert count(ward, Approval) == 0

    # 3. The expert evaluation, recorded by the physician on 评估与辅具.
    experts = desk.page(ExpertDevicesPage, desk.physician, first)
    assert isinstance(experts, ExpertDevicesPage)
    assert "第十三条" in experts.rule.text() and "备案" in experts.device_rule.text()
    evaluation = experts.open_evaluation_dialog()
    assert isinstance(evaluation, EvaluationDialog)
    qtbot.waitExposed(evaluation)
    evaluation.evaluated_on.setDate(qdate("2026-05-21"))
    evaluation.set_expert(0, "刘专家", "主任医师")
    evaluation.set_expert(1, "陈专家", "副主任医师")
    evaluation.care["vocational"].setChecked(True)
    type_chinese(evaluation.conclusion, "具备职业康复条件，建议个性化职业康复")
    evaluation.scan.add_paths([scan(tmp_path, "专家评估意见.pdf")])
    evaluation.ok_button.click()
    loaded(qtbot)
    assert experts.dialog is None, evaluation.error.text()
    assert cells(experts.evaluations, 0)[:3] == ["2026-05-21", "刘专家（主任医师）、陈专家（副主任医师）",
                                                "职业康复"]

    # ... and the approval accepted, linked to the application.
    applications.load(first)
    loaded(qtbot)
    applications.applications.selectRow(0)
    answer(applications, qtbot)
    assert applications.dialog is None  # saved and closed
    with archive.uow() as u:
        approval = u.session.scalars(select(Approval)).one()
        assert (approval.application_id, approval.rehab_type) == (application_id, "vocational")
        approval_id = approval.id
        case = u.session.get(RehabCase, first)
        assert case is not None and case.policy_pack == "baotou/2025-1"
    assert cells(applications.applications, 0)[5] == "已核准：包人社康核〔2026〕3号（2026-05-22）"

    # 4. The vocational course: admitted, its goal set, a device opined, filed and fitted.
    admission = AdmissionDialog(*desk.officer, first)
    qtbot.addWidget(admission)
    admission.show()
    qtbot.waitExposed(admission)
    qtbot.keyClicks(admission.resident_id, VALID_ID)
    admission.admission_date.setDate(qdate("2026-05-25"))
    with qtbot.waitSignal(admission.admitted):
        qtbot.mouseClick(admission.ok_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)

    goal = AppraisalDialog(desk.physician[0], desk.physician[1], first)
    qtbot.addWidget(goal)
    goal.show()
    loaded(qtbot)
    choose(goal.goal, "same_job")
    goal.goal_on.setDate(qdate("2026-05-25"))
    qtbot.mouseClick(goal.goal_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "目标：重返原岗位" in goal.summary.text()
    goal.close()

    def device_step(step: str, day: str) -> DeviceDialog:
        found = experts.open_device_dialog()
        assert isinstance(found, DeviceDialog)
        qtbot.waitExposed(found)
        found.set_step(step)
        found.day.setDate(qdate(day))
        return found

    experts.load(first)
    loaded(qtbot)
    opinion = device_step("opinion", "2026-05-26")
    type_chinese(opinion.code, "FZQJ00001")
    type_chinese(opinion.name, "膝踝足矫形器")
    opinion.ok_button.click()
    loaded(qtbot)
    assert experts.dialog is None, opinion.error.text()
    filing = device_step("filing", "2026-05-27")
    type_chinese(filing.number, "包人社辅备〔2026〕8号")
    filing.ok_button.click()
    loaded(qtbot)
    assert experts.dialog is None, filing.error.text()
    fitting = device_step("fitting", "2026-05-28")
    type_chinese(fitting.supplier, "包头市假肢矫形器公司")
    type_chinese(fitting.price, "1280.00")
    fitting.ok_button.click()
    loaded(qtbot)
    assert experts.dialog is None, fitting.error.text()
    rows = [cells(experts.devices, r) for r in range(experts.devices.rowCount())]
    assert [r[1] for r in rows] == ["配置意见", "经办机构备案", "配置"]
    assert rows[1][3] == "包人社辅备〔2026〕8号" and rows[2][4] == "1,280.00"
    assert count(ward, DeviceRecord, case_id=first) == 3
    keep_screenshot(experts, "scenario_expert_devices.png", tmp_path)

    # 5. Transferred out with the agency's consent, and its transfer summary.
    transfers = desk.page(TransferPage, desk.physician, first)
    assert isinstance(transfers, TransferPage)
    assert transfers.standing.text() == "未转院"
    out = transfers.open_out_dialog()
    assert out is not None
    qtbot.waitExposed(out)
    type_chinese(out.institution, FIRST_INSTITUTION_TO)
    type_chinese(out.reason, "需要职业技能训练条件")
    out.day.setDate(qdate("2026-05-29"))
    type_chinese(out.consent_number, "包人社康转〔2026〕2号")
    out.has_consent_date.setChecked(True)
    out.consent_date.setDate(qdate("2026-05-28"))
    out.ok_button.click()
    loaded(qtbot)
    assert transfers.dialog is None, out.error.text()
    assert out.transferred is not None and out.transferred.summary.pdf.startswith(b"%PDF")
    assert transfers.standing.text().startswith(f"已转出：2026-05-29 转往 {FIRST_INSTITUTION_TO}")
    assert cells(transfers.transfers, 0)[:4] == ["转出", "2026-05-29", FIRST_INSTITUTION_TO,
                                                "包人社康转〔2026〕2号（2026-05-28）"]
    summary = tmp_path / "转院小结.pdf"
    transfers.save_summary(summary)
    loaded(qtbot)
    qtbot.waitUntil(lambda: transfers.saved == summary)
    assert summary.read_bytes() == out.transferred.summary.pdf
    with archive.uow() as u:
        transfer = u.session.scalars(select(CaseTransfer)).one()
        assert (transfer.case_id, transfer.consent_number) == (first, "包人社康转〔2026〕2号")
        kinds = list(u.session.scalars(select(IssuedDocument.kind).where(IssuedDocument.case_id == first)))
    assert "transfer_summary" in kinds

    # The course ends here on the transfer day (结束原因 转出).
    discharge = desk.page(DischargePage, desk.physician, first)
    assert isinstance(discharge, DischargePage)
    choose(discharge.reason, "transfer_out")
    loaded(qtbot)
    discharge.discharge_date.setDate(qdate("2026-05-29"))
    choose(discharge.destination, "other_institution")
    choose(discharge.work, "vocational_training")
    qtbot.mouseClick(discharge.discharge_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "已办理出院" in discharge.outcome.text(), discharge.form_error.text()
    with archive.uow() as u:
        case = u.session.get(RehabCase, first)
        assert case is not None
        assert (case.status, case.end_reason, case.vocational_goal) == (
            "discharged", "transfer_out", "same_job")
        first_number, injury_id = case.case_number, case.injury_id

    # 6. Three months on, 张三's old injury recurs: a second course at this institution.
    archive.clock.current = datetime(2026, 9, 1, 9, 0, tzinfo=CHINA)
    intake = IntakeDialog(*desk.officer)
    qtbot.addWidget(intake)
    intake.show()
    qtbot.waitExposed(intake)
    qtbot.keyClicks(intake.resident_id.edit, VALID_ID)
    loaded(qtbot)
    assert intake.course_box.isVisible() and intake.name.text() == "张三"
    assert intake.injury_choice.count() == 2  # a new injury, and 张三's one
    intake.injury_choice.setCurrentIndex(1)
    choice = intake.chosen_injury()
    assert choice is not None and choice.injury_id == injury_id
    assert first_number in intake.course_note.text() and "沿用原工伤记录" in intake.course_note.text()
    assert intake.course_reason.currentData() == "relapse" and intake.stage.currentData() == "RECUR"
    keep_screenshot(intake, "scenario_relapse_intake.png", tmp_path)
    intake.save_button.click()
    loaded(qtbot)
    assert not intake.isVisible(), intake.error.text()
    second = intake.case_id
    assert second is not None and second != first
    assert count(ward, Injury) == injuries  # no second injury record
    with archive.uow() as u:
        new = u.session.get(RehabCase, second)
        assert new is not None
        assert (new.injury_id, new.previous_case_id, new.course_reason, new.stage) == (
            injury_id, first, "relapse", "RECUR")
        second_number = new.case_number

    earlier = desk.page(ApplicationPage, desk.officer, second)
    assert isinstance(earlier, ApplicationPage)
    assert earlier.earlier.isVisible() and "1 次" in earlier.earlier.title.text()
    course = cells(earlier.earlier.table, 0)
    assert course[0] == first_number and course[2] == "2026-05-25 – 2026-05-29"
    assert course[3:5] == ["转出", "职业培训中"]  # its end and return to work
    keep_screenshot(earlier, "scenario_earlier_course.png", tmp_path)

    # Its own approval (medical rehab: no expert gate) on 核准.
    approvals = desk.page(ApprovalPage, desk.officer, second)
    assert isinstance(approvals, ApprovalPage)
    qtbot.mouseClick(approvals.add_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    again = approvals.dialog
    assert again is not None
    qtbot.waitExposed(again)
    type_chinese(again.number, "包人社康核〔2026〕41号")
    type_chinese(again.body, "包头市劳动能力鉴定委员会")
    choose(again.rehab_type, "medical")
    qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert approvals.dialog is None, again.error.text()
    assert count(ward, Approval, case_id=second) == 1

    # 7. Each course's binder, as the index lists it: the statutory sections in order, each
    # by date — the application's materials, the evaluation and the approval it allowed, the
    # devices, the transfer summary; the second course holds its own documents only.
    binder, listed = export_binder(desk, first, tmp_path / "first")
    assert [(e.section, e.title, e.reference) for e in listed] == [
        ("申请材料与核准", "康复申请及申请材料清单（1 份）", "applications.json"),
        ("申请材料与核准", "专家评估记录（1 份）", "expert_evaluations.json"),
        ("申请材料与核准", "工伤康复核准（确认）结论记录（1 份）", "approvals.json"),
        ("申请材料与核准", "工伤康复核准（确认）结论 包人社康核〔2026〕3号", f"APPR-{first_number}-1"),
        ("申请材料与核准", "康复申请表.pdf", "attachment #1"),
        ("申请材料与核准", "工伤认定决定书.pdf", "attachment #2"),
        ("申请材料与核准", "诊断证明及病历.pdf", "attachment #3"),
        ("申请材料与核准", "专家评估意见.pdf", "attachment #4"),
        ("康复执行记录", "辅助器具配置记录（3 项）", "assistive_devices.json"),
        ("其他", f"工伤康复转院小结（转往{FIRST_INSTITUTION_TO}）", f"TRANSFER-{first_number}-1")]
    data = binder.folder / "data"
    (applied,) = json.loads((data / "01_application" / "applications.json").read_text("utf-8"))
    assert (applied["submitted_on"], applied["accepted_on"], applied["pack_code"]) == (
        "2026-05-18", "2026-05-19", "luzhou/2025-1")
    assert applied["answered_by_approval_id"] == approval_id
    assert [(i["item"], i["status"], i["attachment_id"], i["reason"]) for i in applied["checklist"]] == [
        ("application_form", "attached", 1, None), ("recognition_decision", "attached", 2, None),
        ("diagnosis_records", "attached", 3, None),
        ("latest_value_report", "not_applicable", None, "首次申请，无以往康复价值评估报告")]
    for scan_id in (1, 2, 3):  # each attached item's scan is in the binder beside it
        assert len(list((data / "01_application").glob(f"attachment-{scan_id}-*.pdf"))) == 1
    (evaluated,) = json.loads((data / "01_application" / "expert_evaluations.json").read_text("utf-8"))
    assert evaluated["supports"] == ["vocational"] and evaluated["scan_attachment_id"] == 4
    devices = json.loads((data / "04_execution" / "assistive_devices.json").read_text("utf-8"))
    assert [(d["kind"], d["filing_number"]) for d in devices] == [
        ("opinion", None), ("filing", "包人社辅备〔2026〕8号"), ("fitting", None)]
    (in_binder,) = [d for d in binder.documents if d.kind == "transfer_summary"]
    assert in_binder.content_sha256 == out.transferred.summary.content_sha256  # the one issued
    assert (data / "07_other" / in_binder.filename).read_bytes().startswith(b"%PDF")

    binder2, listed2 = export_binder(desk, second, tmp_path / "second")
    assert [(e.section, e.title, e.reference) for e in listed2] == [
        ("申请材料与核准", "工伤康复核准（确认）结论 包人社康核〔2026〕41号", f"APPR-{second_number}-2"),
        ("申请材料与核准", "工伤康复核准（确认）结论记录（1 份）", "approvals.json")]
    folders = sorted(p.name for p in (binder2.folder / "data").iterdir())
    assert folders == ["00_index", "01_application", "audit"]
