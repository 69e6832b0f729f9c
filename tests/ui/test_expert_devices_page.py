"""The 评估与辅具 page (issue 19 items 5 and 6) and the refusal it answers, under Baotou's pack:
the approval dialog refuses vocational rehab without an expert evaluation and names the article;
the physician records the evaluation in the page's dialog (a missing conclusion refused inline);
the approval is then saved; a device opinion, a fitting refused before its filing, the filing and
the fitting (recorded, not claimed: no catalogue item) are listed with the pack's rules."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.db.models import Approval, DeviceRecord, ExpertEvaluation, Prescription
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.rules import region
from desktop_app.ui.clinical.expert_devices import DeviceDialog, EvaluationDialog, ExpertDevicesPage
from desktop_app.ui.intake.approval_page import ApprovalPage
from desktop_app.ui.kit.runner import Runner
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def count(ward: Ward, model: type) -> int:
    with ward.archive.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(model)) or 0)


def cells(table: object, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]  # type: ignore[attr-defined]


def physician(ward: Ward) -> tuple[Runner, SignedIn]:
    a = ward.archive
    return Runner(ward.engine, a.clock, a.physician), SignedIn(a.physician, "doc", "王医生", "physician")


def try_vocational_approval(ward: Ward, qtbot: QtBot) -> ApprovalPage:
    page = ApprovalPage(*physician(ward))
    qtbot.addWidget(page)
    page.show()
    page.load(ward.case_id)
    loaded(qtbot)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_chinese(dialog.number, "包人社康核〔2026〕3号")
    type_chinese(dialog.body, "包头市社会保险事业管理局")
    dialog.rehab_type.setCurrentIndex(dialog.rehab_type.findData("vocational"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    return page


def test_vocational_care_waits_for_the_expert_evaluation(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    with archive.uow(archive.admin) as u:
        region.set_policy_region(u, "baotou", "机构位于包头市")
    approvals = try_vocational_approval(ward, qtbot)
    dialog = approvals.dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.error.text()
    assert "职业康复须先经康复专家库成员评估" in text and "第十三条" in text, text
    assert dialog.rehab_type.property("invalid") is True
    keep_screenshot(dialog, "approval_refused_without_evaluation.png", tmp_path)
    dialog.reject()
    assert count(ward, Approval) == 0

    page = ExpertDevicesPage(*physician(ward))
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    page.load(ward.case_id)
    loaded(qtbot)
    assert "职业康复" in page.rule.text() and "第十三条" in page.rule.text()
    assert "备案" in page.device_rule.text() and page.add_button.isEnabled()
    evaluation = page.open_evaluation_dialog()
    assert isinstance(evaluation, EvaluationDialog)
    qtbot.waitExposed(evaluation)
    evaluation.set_expert(0, "刘专家", "主任医师")
    evaluation.set_expert(1, "陈专家", "副主任医师")
    evaluation.care["vocational"].setChecked(True)
    scan = tmp_path / "专家评估意见.pdf"
    scan.write_bytes(PDF)
    evaluation.scan.add_paths([scan])
    evaluation.ok_button.click()  # no conclusion
    loaded(qtbot)
    assert evaluation.isVisible() and "请填写评估结论" in evaluation.error.text()
    assert count(ward, ExpertEvaluation) == 0
    type_chinese(evaluation.conclusion, "具备职业康复条件，建议个性化职业康复")
    keep_screenshot(evaluation, "expert_evaluation_dialog.png", tmp_path)
    evaluation.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None and count(ward, ExpertEvaluation) == 1
    assert cells(page.evaluations, 0)[:3] == ["2026-06-01", "刘专家（主任医师）、陈专家（副主任医师）",
                                             "职业康复"]

    approvals = try_vocational_approval(ward, qtbot)
    assert approvals.dialog is None and count(ward, Approval) == 1  # saved now

    # Devices: the opinion, a fitting refused before its filing, the filing, the fitting.
    def device_dialog() -> DeviceDialog:
        found = page.open_device_dialog()
        assert isinstance(found, DeviceDialog)
        qtbot.waitExposed(found)
        return found

    opinion = device_dialog()
    opinion.set_step("opinion")
    type_chinese(opinion.code, "FZQJ00001")
    type_chinese(opinion.name, "膝踝足矫形器")
    opinion.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None and page.devices.rowCount() == 1
    fitting = device_dialog()
    assert fitting.step.currentData() == "fitting"
    type_chinese(fitting.supplier, "包头市假肢矫形器公司")
    type_chinese(fitting.price, "1280.00")
    fitting.ok_button.click()
    loaded(qtbot)
    assert fitting.isVisible() and "备案" in fitting.error.text() and "第十一条" in fitting.error.text()
    fitting.reject()
    filing = device_dialog()
    filing.set_step("filing")
    type_chinese(filing.number, "包人社辅备〔2026〕8号")
    filing.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None
    fitting = device_dialog()
    type_chinese(fitting.supplier, "包头市假肢矫形器公司")
    type_chinese(fitting.price, "1280.00")
    keep_screenshot(fitting, "device_dialog.png", tmp_path)
    fitting.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None and count(ward, DeviceRecord) == 3
    assert "不计入结算" in page.warnings.text()  # Baotou pays, but no catalogue item
    rows = [cells(page.devices, r) for r in range(page.devices.rowCount())]
    assert [r[1] for r in rows] == ["配置意见", "经办机构备案", "配置"]
    assert rows[1][3] == "包人社辅备〔2026〕8号" and rows[2][4] == "1,280.00" and "未计入结算" in rows[2][6]
    keep_screenshot(page, "expert_devices_page.png", tmp_path)


def test_the_prescriptions_page_shows_the_refusal(ward: Ward, qtbot: QtBot) -> None:
    from desktop_app.ui.clinical.prescriptions import PrescriptionsPage
    from tests.services.test_expert_devices import _admitted_with_vocational_item

    archive = ward.archive
    with archive.uow(archive.admin) as u:
        region.set_policy_region(u, "baotou", "机构位于包头市")
    case_id = _admitted_with_vocational_item(archive)
    page = PrescriptionsPage(*physician(ward))
    qtbot.addWidget(page)
    page.resize(1100, 520)
    page.show()
    page.load(case_id)
    loaded(qtbot)
    index = next(i for i in range(page.item.count()) if page.item.itemText(i).startswith("职业功能训练"))
    page.item.setCurrentIndex(index)
    loaded(qtbot)
    page.prescribe()
    loaded(qtbot)
    text = page.form_error.text()
    assert "职业康复须先经康复专家库成员评估" in text and "第十三条" in text and "评估与辅具" in text, text
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Prescription)) == 0
