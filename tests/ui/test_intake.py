"""Intake through the widgets: a new case typed like a person (Chinese through an input
method), its approval with the decision scan, admission with the identity check; each
form's errors shown inline with nothing saved; who may register a case."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.db.models import Approval, Attachment, Diagnosis, RehabCase, Worker
from desktop_app.domain.identity import make_resident_id
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.intake.admission_dialog import AdmissionDialog
from desktop_app.ui.intake.approval_page import ApprovalDialog, ApprovalPage
from desktop_app.ui.intake.fields import INVALID
from desktop_app.ui.intake.intake_dialog import IntakeDialog
from desktop_app.ui.kit.runner import Runner
from tests.ui.test_i18n import english
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["english", "ward"]  # the fixtures

NEW_ID = make_resident_id("510502", date(1985, 7, 14), 123, "M")
PDF = b"%PDF-1.7\n% scan of the application form\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
USERS = {"records_officer": "ro", "physician": "doc", "therapist": "pt", "admin": "admin"}


def as_user(ward: Ward, role: str) -> tuple[Runner, SignedIn]:
    user_id = ward.archive.staff[role]
    return (Runner(ward.engine, ward.archive.clock, user_id),
            SignedIn(user_id, USERS[role], USERS[role], role))


def count(ward: Ward, model: type) -> int:
    with ward.archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(model)) or 0


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def intake_dialog(ward: Ward, qtbot: QtBot, role: str = "records_officer") -> IntakeDialog:
    runner, user = as_user(ward, role)
    dialog = IntakeDialog(runner, user)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def scans(tmp_path: Path) -> tuple[Path, Path]:
    form, card = tmp_path / "康复申请表.pdf", tmp_path / "身份证正反面.png"
    form.write_bytes(PDF)
    card.write_bytes(PNG)
    return form, card


def fill_intake(qtbot: QtBot, dialog: IntakeDialog, tmp_path: Path) -> None:
    """What a records officer types for 李建国, hand injury at a construction company."""
    type_chinese(dialog.name, "李建国")
    qtbot.keyClicks(dialog.resident_id.edit, NEW_ID[:17] + ("0" if NEW_ID[17] != "0" else "1"))
    assert "校验位错误" in dialog.resident_id.preview.text()  # the live check
    dialog.resident_id.edit.clear()
    qtbot.keyClicks(dialog.resident_id.edit, NEW_ID.lower())
    assert "性别：男" in dialog.resident_id.preview.text()
    assert "1985-07-14（40岁）" in dialog.resident_id.preview.text()
    qtbot.keyClicks(dialog.phone, "13908301234")
    qtbot.keyClicks(dialog.card, "510502198507141234")
    type_chinese(dialog.address, "四川省泸州市江阳区大山坪街道12号")
    type_chinese(dialog.relative_name, "王秀英")
    type_chinese(dialog.relative_relation, "配偶")
    qtbot.keyClicks(dialog.relative_phone, "13908305678")

    dialog.tabs.setCurrentIndex(1)
    loaded(qtbot)
    type_chinese(dialog.employer, "泸州市江阳建筑工程有限公司")
    qtbot.keyClicks(dialog.credit_code, "91310110666007217A")
    assert "校验位不符" in dialog.credit_note.text()  # a warning, not a stop
    dialog.credit_code.clear()
    qtbot.keyClicks(dialog.credit_code, "91310110666007217T")
    assert dialog.credit_note.isHidden()
    type_chinese(dialog.recognition_number, "泸人社工认〔2026〕205号")
    dialog.injury_date.setDate(QDate(2026, 3, 12))
    dialog.recognition_date.setDate(QDate(2026, 4, 8))
    type_chinese(dialog.body_parts, "右手、右前臂")
    type_chinese(dialog.diagnoses.search, "手指骨折")  # one match in the list: Enter takes it
    qtbot.keyClick(dialog.diagnoses.search, Qt.Key.Key_Return)
    loaded(qtbot)
    qtbot.keyClicks(dialog.diagnoses.search, "s54.1")
    qtbot.keyClick(dialog.diagnoses.search, Qt.Key.Key_Return)
    loaded(qtbot)
    dialog.category.setCurrentIndex(dialog.category.findText("手外伤"))
    loaded(qtbot)
    dialog.grade.setCurrentIndex(dialog.grade.findData(9))
    loaded(qtbot)

    dialog.tabs.setCurrentIndex(2)
    loaded(qtbot)
    dialog.setting.setCurrentIndex(dialog.setting.findData("inpatient"))
    loaded(qtbot)
    dialog.modes["vocational"].setChecked(True)
    type_chinese(dialog.value_assessment, "右手功能障碍，经康复可望恢复抓握，具有康复价值。")
    type_chinese(dialog.recommendation, "住院康复8周：手功能训练、作业疗法、运动疗法。")

    dialog.tabs.setCurrentIndex(3)
    loaded(qtbot)
    form, card = scans(tmp_path)
    wrong = tmp_path / "说明.txt"
    wrong.write_text("not a scan")
    dialog.materials.add_paths([form, card, wrong])
    assert "不是图片" in dialog.materials.error.text()  # refused at once, named
    assert dialog.materials.table.rowCount() == 2
    dialog.materials.table.selectRow(1)
    qtbot.mouseClick(dialog.materials.remove_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog.materials.kind.setCurrentIndex(dialog.materials.kind.findData("identity_document"))
    loaded(qtbot)
    dialog.materials.add_paths([card])
    assert [dialog.materials.table.item(r, 1).text() for r in range(2)] == [
        "康复申请材料", "身份证件"]


def test_intake_approval_and_admission_through_the_widgets(ward: Ward, qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    dialog = intake_dialog(ward, qtbot)
    fill_intake(qtbot, dialog, tmp_path)
    for tab, name in ((1, "injury"), (2, "rehab"), (3, "materials")):
        dialog.tabs.setCurrentIndex(tab)
        loaded(qtbot)
        qtbot.wait(20)
        keep_screenshot(dialog, f"intake_dialog_{name}.png", tmp_path)
    dialog.tabs.setCurrentIndex(0)
    loaded(qtbot)
    qtbot.wait(20)
    keep_screenshot(dialog, "intake_dialog.png", tmp_path)
    with qtbot.waitSignal(dialog.case_created) as created:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    case_id = created.args[0]
    assert dialog.result() == IntakeDialog.DialogCode.Accepted
    with ward.archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        worker = case.worker
        assert (worker.name, worker.resident_id, worker.sex, worker.birth_date) == (
            "李建国", NEW_ID, "M", date(1985, 7, 14))
        assert (worker.relative_name, worker.relative_relation) == ("王秀英", "配偶")
        assert (case.status, case.setting, case.modes) == ("registered", "inpatient", ["vocational"])
        assert case.injury.injured_body_parts == ["右手", "右前臂"]
        assert (case.injury.disease_category, case.injury.disability_grade) == ("WI07", 9)
        assert case.rehab_value_date == ward.archive.clock.today()
        diagnoses = u.session.scalars(select(Diagnosis.icd_code).where(
            Diagnosis.injury_id == case.injury_id).order_by(Diagnosis.position)).all()
        assert diagnoses == ["S62.6", "S54.1"]
        kept = u.session.execute(select(Attachment.filename, Attachment.kind, Attachment.media_type)
                                 .where(Attachment.case_id == case_id)
                                 .order_by(Attachment.id)).all()
    assert [tuple(k) for k in kept] == [("康复申请表.pdf", "application_material", "application/pdf"),
                                        ("身份证正反面.png", "identity_document", "image/png")]

    # The approval, with its decision scan.
    runner, user = as_user(ward, "records_officer")
    page = ApprovalPage(runner, user)
    qtbot.addWidget(page)
    page.resize(1100, 420)
    page.show()
    page.load(case_id)
    loaded(qtbot)
    assert page.model.rowCount() == 0 and "李建国" in page.heading.text()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    approval = page.dialog
    assert isinstance(approval, ApprovalDialog)
    qtbot.waitExposed(approval)
    assert approval.kind.currentData() == "approval"
    type_chinese(approval.number, "泸工康核〔2026〕37号")
    approval.body.clear()
    type_chinese(approval.body, "泸州市劳动能力鉴定委员会")
    approval.decision_date.setDate(QDate(2026, 5, 20))
    approval.period_from.setDate(QDate(2026, 5, 21))
    approval.period_to.setDate(QDate(2026, 8, 20))
    for name, times in (("手功能训练", 40), ("作业疗法", 0), ("运动疗法", 30)):
        approval.item.setCurrentIndex(approval.item.findText(name, Qt.MatchFlag.MatchStartsWith))
        loaded(qtbot)
        approval.count.setValue(times)
        qtbot.mouseClick(approval.add_item_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    assert approval.items.rowCount() == 3 and approval.items.item(1, 2).text() == "不限"
    decision = tmp_path / "工伤康复确认结论书.pdf"
    decision.write_bytes(PDF + b"decision")
    approval.scan.add_paths([decision])
    qtbot.wait(20)
    keep_screenshot(approval, "approval_dialog.png", tmp_path)
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(approval.ok_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    assert page.model.rowCount() == 1
    assert page.model.index(0, 6).data() == "工伤康复确认结论书.pdf"
    assert "手功能训练×40" in page.model.index(0, 5).data()
    with ward.archive.uow() as u:
        saved = u.session.scalars(select(Approval).where(Approval.case_id == case_id)).one()
        assert (saved.decision_number, saved.period_to) == ("泸工康核〔2026〕37号", date(2026, 8, 20))
        assert sorted((i.name, i.approved_count) for i in saved.items) == [
            ("作业疗法", None), ("手功能训练", 40), ("运动疗法", 30)]
        scan = u.session.get(Attachment, saved.attachment_id)
        assert scan is not None and scan.kind == "approval_decision"
    qtbot.wait(20)
    keep_screenshot(page, "approval_page.png", tmp_path)

    # Admission: the wrong ID number is refused and admits nothing; the right one admits.
    admission = AdmissionDialog(runner, user, case_id)
    qtbot.addWidget(admission)
    admission.show()
    qtbot.waitExposed(admission)
    assert NEW_ID not in admission.patient.text()  # only masked: the check means something
    other = make_resident_id("510502", date(1985, 7, 14), 124, "M")
    qtbot.keyClicks(admission.resident_id, other)
    qtbot.keyClicks(admission.bed, "3-12")
    admission.admission_date.setDate(QDate(2026, 5, 25))
    qtbot.keyClick(admission.resident_id, Qt.Key.Key_Return)  # Enter submits
    loaded(qtbot)
    assert "身份核验未通过，未办理入院" in admission.error.text()
    assert admission.resident_id.property(INVALID) is True
    assert admission.isVisible()
    qtbot.wait(20)
    keep_screenshot(admission, "admission_dialog.png", tmp_path)
    with ward.archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert (case.status, case.admission_date, case.bed_number) == ("approved", None, None)
    admission.resident_id.clear()
    qtbot.keyClicks(admission.resident_id, NEW_ID)
    with qtbot.waitSignal(admission.admitted):
        qtbot.mouseClick(admission.ok_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    with ward.archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert (case.status, case.admission_date, case.bed_number, case.identity_check_method) == (
            "admitted", date(2026, 5, 25), "3-12", "id_card_reader")


def test_empty_and_bad_intake_input_is_shown_inline_and_nothing_saved(ward: Ward,
                                                                     qtbot: QtBot) -> None:
    cases, workers = count(ward, RehabCase), count(ward, Worker)
    dialog = intake_dialog(ward, qtbot)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    text = dialog.error.text()
    for field in ("姓名", "身份证号", "用人单位", "工伤认定决定书编号", "受伤部位", "诊断"):
        assert f"{field}：" in text, field
    assert dialog.name.property(INVALID) is True and dialog.tabs.currentIndex() == 0
    assert dialog.isVisible()

    type_chinese(dialog.name, "赵敏")
    qtbot.keyClicks(dialog.resident_id.edit, "11010519491231002" + "5")  # wrong check digit
    assert "校验位错误（应为 X）" in dialog.resident_id.preview.text()
    dialog.tabs.setCurrentIndex(1)
    loaded(qtbot)
    type_chinese(dialog.employer, "包头稀土冶炼有限公司")
    type_chinese(dialog.recognition_number, "包人社工认〔2026〕3号")
    type_chinese(dialog.body_parts, "左膝")
    qtbot.keyClicks(dialog.diagnoses.search, "S83.5")
    qtbot.keyClick(dialog.diagnoses.search, Qt.Key.Key_Return)
    loaded(qtbot)
    tomorrow = ward.archive.clock.today() + timedelta(days=1)
    dialog.injury_date.setDate(qdate(tomorrow))
    dialog.recognition_date.setDate(qdate(tomorrow))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    text = dialog.error.text()
    assert "校验位错误" in text and "受伤日期" in text and "不能晚于今天" in text
    assert "姓名：" not in text and "诊断：" not in text
    assert dialog.name.property(INVALID) is False
    assert dialog.resident_id.edit.property(INVALID) is True
    assert dialog.tabs.currentIndex() == 0  # the first field named is on the worker tab
    assert (count(ward, RehabCase), count(ward, Worker)) == (cases, workers)


def test_approval_errors_inline_and_nothing_saved(ward: Ward, qtbot: QtBot) -> None:
    runner, user = as_user(ward, "physician")
    page = ApprovalPage(runner, user)
    qtbot.addWidget(page)
    page.show()
    page.load(ward.case_id)
    loaded(qtbot)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # number empty
    loaded(qtbot)
    assert "核准文号：" in dialog.error.text() and dialog.number.property(INVALID) is True
    type_chinese(dialog.number, "京朝社康〔2026〕8号")
    type_chinese(dialog.body, "北京市朝阳区社会保险事业管理中心")
    today = ward.archive.clock.today()
    dialog.decision_date.setDate(qdate(today + timedelta(days=3)))
    dialog.period_from.setDate(qdate(today))
    dialog.period_to.setDate(qdate(today - timedelta(days=10)))
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)  # Enter submits
    loaded(qtbot)
    text = dialog.error.text()
    assert "核准期限开始" in text and "晚于结束" in text
    assert "核准日期" in text and "不能晚于今天" in text
    dialog.item.setEditText("不存在的项目")
    qtbot.mouseClick(dialog.add_item_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "请从目录中选择项目" in dialog.error.text() and dialog.items.rowCount() == 0
    assert dialog.isVisible() and page.model.rowCount() == 0
    assert count(ward, Approval) == 0


def test_admission_of_a_case_not_yet_approved_is_refused(ward: Ward, qtbot: QtBot) -> None:
    runner, user = as_user(ward, "records_officer")
    dialog = AdmissionDialog(runner, user, ward.case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()  # nothing to admit before the approval
    qtbot.keyClicks(dialog.resident_id, "11010519491231002X")
    dialog.admission_date.setDate(qdate(ward.archive.clock.today() + timedelta(days=2)))
    dialog.submit()  # the service is the control, not the button
    loaded(qtbot)
    text = dialog.error.text()
    assert "只有已核准" in text and "入院日期" in text and "不能晚于今天" in text
    assert "身份核验未通过" not in text
    with ward.archive.uow() as u:
        case = u.session.get(RehabCase, ward.case_id)
        assert case is not None and case.status == "registered"


def test_a_physician_may_register_a_case(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = intake_dialog(ward, qtbot, "physician")
    assert dialog.save_button.isEnabled() and dialog.role_note.isHidden()
    fill_intake(qtbot, dialog, tmp_path)
    with qtbot.waitSignal(dialog.case_created) as created:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    with ward.archive.uow() as u:
        case = u.session.get(RehabCase, created.args[0])
        assert case is not None and case.created_by_id == ward.archive.physician


def test_a_therapist_is_refused_by_the_service(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    cases = count(ward, RehabCase)
    dialog = intake_dialog(ward, qtbot, "therapist")
    assert not dialog.save_button.isEnabled()
    assert "治疗师无权登记病例" in dialog.role_note.text()
    fill_intake(qtbot, dialog, tmp_path)
    dialog.submit()  # as if the button were enabled: the service refuses
    loaded(qtbot)
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.objectName() == "errorMessage"]
    assert boxes and "治疗师无权登记病例" in boxes[-1].text()
    assert dialog.isVisible()
    assert count(ward, RehabCase) == cases and count(ward, Attachment) == 0
    assert ward.events("denied")[-1].details["action"] == "case.register"


def test_the_intake_forms_in_english(ward: Ward, qtbot: QtBot, english: None,
                                     tmp_path: Path) -> None:
    dialog = intake_dialog(ward, qtbot)
    assert dialog.windowTitle() == "New case" and dialog.save_button.text() == "Save case"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "1 Worker", "2 Employer and injury", "3 Rehabilitation request", "4 Application materials"]
    qtbot.keyClicks(dialog.resident_id.edit, NEW_ID)
    assert "Sex: male" in dialog.resident_id.preview.text()
    assert dialog.setting.itemText(dialog.setting.findData("inpatient")) == "Inpatient"
    assert dialog.diagnoses.table.horizontalHeaderItem(1).text() == "Diagnosis"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    lines = dialog.error.text().splitlines()
    assert any(line.startswith("Name: ") for line in lines), lines  # the field named in English
    assert not any("姓名" in line for line in lines)
    qtbot.wait(20)
    keep_screenshot(dialog, "intake_dialog_en.png", tmp_path)

    runner, user = as_user(ward, "records_officer")
    admission = AdmissionDialog(runner, user, ward.case_id)
    qtbot.addWidget(admission)
    assert admission.windowTitle() == "Admission · identity check"
    assert "Awaiting approval" in admission.status.text()  # 张三 is registered, not yet approved
    assert admission.method.currentText() == "ID card reader"


def test_approval_page_names_the_pack_and_shows_the_period_warning(ward: Ward, qtbot: QtBot) -> None:
    from desktop_app.services.rules import region

    with ward.archive.uow(ward.archive.admin) as u:
        region.set_policy_region(u, "beijing", "机构迁至北京")
    runner, user = as_user(ward, "records_officer")
    page = ApprovalPage(runner, user)
    qtbot.addWidget(page)
    page.show()
    page.load(ward.case_id)
    loaded(qtbot)
    assert "北京市工伤康复管理暂行办法" in page.note.text() and "泸州" not in page.note.text()
    assert not page.warnings.isVisible()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None
    type_chinese(dialog.number, "京朝社康〔2026〕8号")
    dialog.body.clear()
    type_chinese(dialog.body, "北京市朝阳区社会保险事业管理中心")
    today = ward.archive.clock.today()
    dialog.decision_date.setDate(qdate(today))
    dialog.period_from.setDate(qdate(today))
    dialog.period_to.setDate(qdate(today + timedelta(days=89)))  # 90 vocational days
    dialog.rehab_type.setCurrentIndex(dialog.rehab_type.findData("vocational"))
    loaded(qtbot)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert page.warnings.isVisible() and "第八条第（二）项" in page.warnings.text()
    assert "一般为60日" in page.warnings.text()
    with ward.archive.uow() as u:
        saved = u.session.scalars(select(Approval)).one()
        assert saved.rehab_type == "vocational"
        assert u.session.get(RehabCase, ward.case_id).policy_pack == "beijing/2026-1"  # type: ignore[union-attr]


def test_approval_page_sets_the_payment_terms_the_pack_offers(ward: Ward, qtbot: QtBot) -> None:
    from desktop_app.services.rules import region

    with ward.archive.uow(ward.archive.admin) as u:
        region.set_policy_region(u, "beijing", "机构迁至北京")
    runner, user = as_user(ward, "records_officer")
    page = ApprovalPage(runner, user)
    qtbot.addWidget(page)
    page.load(ward.case_id)
    loaded(qtbot)
    dialog = page.edit_terms()
    assert dialog is not None
    offered = [dialog.method.itemData(i) for i in range(dialog.method.count())]
    assert offered == ["per_item", "quota", "per_disease"]  # Beijing Art. 16
    dialog.method.setCurrentIndex(offered.index("quota"))
    loaded(qtbot)
    dialog.rate.setText("15000.00")
    dialog.save()
    loaded(qtbot)
    with ward.archive.uow() as u:
        case = u.session.get(RehabCase, ward.case_id)
        assert case is not None
        assert (case.payment_method, case.payment_rate) == ("quota", {"rate": "15000.00"})
