"""The treatment plan page: a physician picks items from the catalogue, the estimate
follows, the patient signs on the pad and the plan is locked; a revision is version 2
and needs the patient's signature again. Bad input is said inline and nothing is saved."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemView, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Signature, TreatmentPlan
from desktop_app.errors import UserError
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import AdmissionInput
from desktop_app.services.core.guards import SignedRecordChange
from desktop_app.services.intake import intake
from desktop_app.ui.clinical.plan_editor import COUNT, PlanPage
from tests.archive_fixture import ADMISSION, VALID_ID
from tests.ui.test_signature_pad import NAME, draw
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture


def admitted(ward: Ward) -> int:
    archive = ward.archive
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, ward.case_id, archive.approval())
    with archive.uow(archive.officer) as u:
        intake.admit(u, ward.case_id, AdmissionInput(ADMISSION, VALID_ID))
    return ward.case_id


def page_for(ward: Ward, qtbot: QtBot, user_id: int, role: str) -> PlanPage:
    page = PlanPage(ward.runner.as_actor(user_id), SignedIn(user_id, role, role, role))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    return page


def plans(ward: Ward) -> list[tuple[int, str, Decimal, list[tuple[str, str, int]], str | None]]:
    with Session(ward.engine) as session:
        return [(p.version_no, p.record_state, p.cost_estimate,
                 [(i.name, i.frequency, i.total_count) for i in p.items], p.revision_reason)
                for p in session.scalars(select(TreatmentPlan).order_by(TreatmentPlan.version_no))]


def set_count(qtbot: QtBot, page: PlanPage, row: int, count: int) -> None:
    """As a person does: F2 on the count cell opens a spin box; type, Enter."""
    page.items.setFocus()
    page.items.setCurrentCell(row, COUNT)
    loaded(qtbot)
    qtbot.keyClick(page.items, Qt.Key.Key_F2)
    loaded(qtbot)
    editor = page.items.focusWidget()
    assert isinstance(editor, QSpinBox), editor
    editor.selectAll()
    qtbot.keyClicks(editor, str(count))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    loaded(qtbot)
    qtbot.waitUntil(lambda: page.items.item(row, COUNT).data(Qt.ItemDataRole.EditRole) == count)


def pick(qtbot: QtBot, page: PlanPage, query: str, expected: str) -> None:
    if query.isascii():
        type_into(qtbot, page.search, query)
    else:
        page.search.clear()
        type_chinese(page.search, query)
    assert page.results.count() >= 1
    assert page.results.currentItem().text().startswith(expected), page.results.currentItem().text()
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter adds the first match
    loaded(qtbot)


def write_texts(page: PlanPage) -> None:
    type_chinese(page.goals, "改善步行能力")
    type_chinese(page.expected, "独立步行100米")
    type_chinese(page.precautions, "防跌倒")


def test_plan_written_signed_on_the_pad_locked_and_revised(ward: Ward, qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    case_id = admitted(ward)
    archive = ward.archive
    page = page_for(ward, qtbot, archive.physician, "physician")
    page.load(case_id)
    loaded(qtbot)
    assert page.mode == "new" and page.save_button.isEnabled() and not page.sign_button.isEnabled()
    assert "2026-04-01 至 2026-06-30" in page.approved_hint.text()

    pick(qtbot, page, "ydlf", "运动疗法")  # pinyin initials
    pick(qtbot, page, "340200031", "作业疗法")  # code
    assert [line.total_count for line in page.lines] == [10, 20]  # the approved counts
    set_count(qtbot, page, 1, 7)
    page.items.item(1, 3).setText("每周3次")
    # hand-computed: 运动疗法 85.00 × 10 + 作业疗法 40.50 × 7 = 850.00 + 283.50
    assert "¥1,133.50" in page.estimate.text()
    write_texts(page)
    assert "费用估算：¥1133.50" in page.preview.toPlainText()
    assert "项目2：作业疗法　每周3次　共 7 次" in page.preview.toPlainText()
    type_into(qtbot, page.search, "zyl")
    qtbot.wait(20)
    keep_screenshot(page, "plan_editor.png", tmp_path)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert plans(ward) == [(1, "draft", Decimal("1133.50"),
                            [("运动疗法", "每日1次", 10), ("作业疗法", "每周3次", 7)], None)]
    assert page.mode is None and not page.save_button.isEnabled() and page.sign_button.isEnabled()
    assert "待患者签名" in page.status.text()

    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None and "费用估算：¥1133.50" in "\n".join(
        dialog.summary.item(n).text() for n in range(dialog.summary.count()))
    assert dialog.meaning.text() == "签名含义：患者确认治疗方案"
    qtbot.waitExposed(dialog)
    draw(qtbot, dialog.pad, NAME)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert [p[1] for p in plans(ward)] == ["signed"]
    with Session(ward.engine) as session:
        signed = session.scalars(select(Signature)).one()
        assert (signed.meaning, signed.signer_kind, signed.signer_name) == (
            "patient_confirms_plan", "patient", "张三")

    # Locked: nothing to edit on the page, and the archive refuses a change.
    assert "已签名（锁定）" in page.status.text() and "签名：张三" in page.versions.item(0).text()
    for widget in (page.save_button, page.sign_button, page.add_button, page.period_from,
                   page.search):
        assert not widget.isEnabled()
    assert page.items.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert page.goals.isReadOnly()
    with pytest.raises(SignedRecordChange, match=r"treatment_plan #\d+ 已签名，不能修改"), \
            archive.uow(archive.physician) as u:
        plan = u.session.scalars(select(TreatmentPlan)).one()
        plan.goals = "改过的目标"
        u.commit()
    with pytest.raises(UserError, match="已有治疗方案，请使用“修订方案”"), \
            archive.uow(archive.physician) as u:
        treatment.create_plan(u, case_id, archive.plan())

    qtbot.mouseClick(page.revise_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.mode == "revise" and page.reason.isVisible() and page.save_button.isEnabled()
    set_count(qtbot, page, 0, 8)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "修订原因不能为空" in page.form_error.text() and len(plans(ward)) == 1
    type_chinese(page.reason, "减少运动疗法次数")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    rows = plans(ward)
    assert [(v, s, c) for v, s, c, _, _ in rows] == [
        (1, "signed", Decimal("1133.50")), (2, "draft", Decimal("963.50"))]
    assert rows[1][3][0] == ("运动疗法", "每日1次", 8) and rows[1][4] == "减少运动疗法次数"
    assert page.versions.count() == 2 and page.sign_button.isEnabled()  # to be signed again
    assert "第2版" in page.status.text() and "待患者签名" in page.status.text()


def test_bad_plans_are_refused_inline_and_nothing_is_saved(ward: Ward, qtbot: QtBot) -> None:
    case_id = admitted(ward)
    page = page_for(ward, qtbot, ward.archive.physician, "physician")
    page.load(case_id)
    loaded(qtbot)
    write_texts(page)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "方案至少包含一个项目" in page.form_error.text() and page.form_error.isVisible()

    pick(qtbot, page, "运动", "运动疗法")  # part of the name
    page.period_to.setDate(QDate(2026, 7, 31))  # beyond the approval
    set_count(qtbot, page, 0, 0)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    text = page.form_error.text()
    assert "方案期限须在核准期限内" in text and "次数须为正整数" in text
    assert "within the approved period" not in text  # one language
    assert plans(ward) == []


def test_roles_that_may_not_write_plans_see_no_editor(ward: Ward, qtbot: QtBot) -> None:
    case_id = admitted(ward)
    page = page_for(ward, qtbot, ward.archive.therapist, "therapist")
    page.load(case_id)
    loaded(qtbot)
    assert not page.save_button.isEnabled() and not page.search.isEnabled()
    assert page.goals.isReadOnly()
