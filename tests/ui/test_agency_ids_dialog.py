"""The agency's ids of a case, entered from the payment terms dialog: typed, refused with the
field named, saved, shown again; a therapist is refused by the service."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.db.models import RehabCase
from desktop_app.ui.claims.case_terms_dialog import AgencyIdsDialog, PaymentTermsDialog
from desktop_app.ui.kit.runner import Runner
from tests.ui.ward import Ward, keep_screenshot, loaded, type_into, ward

__all__ = ["ward"]  # the fixture


def shown_messages(widget: AgencyIdsDialog) -> list[str]:
    return [b.text() for b in widget.findChildren(QMessageBox) if b.isVisible()]


def test_enter_the_agency_ids(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    runner = Runner(ward.engine, archive.clock, archive.officer)
    terms = PaymentTermsDialog(runner, ward.case_id)
    qtbot.addWidget(terms)
    assert terms.ids_button.text() == "经办机构编号…"
    dialog = AgencyIdsDialog(runner, ward.case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cert_type.currentData() == "02"  # 身份证号 unless the agency uses another
    type_into(qtbot, dialog.psn_no, "=1+1")
    dialog.save()
    loaded(qtbot)
    shown = shown_messages(dialog)
    assert shown and "人员编号" in shown[-1] and "公式" in shown[-1]
    for box in dialog.findChildren(QMessageBox):
        box.close()
    with archive.uow() as u:
        case = u.session.get(RehabCase, ward.case_id)
        assert case is not None and case.agency_psn_no is None  # nothing written

    type_into(qtbot, dialog.psn_no, "00123456789")
    type_into(qtbot, dialog.mdtrt_id, "ZY2026-0007")
    dialog.cert_type.setCurrentIndex(dialog.cert_type.findData("03"))
    type_into(qtbot, dialog.insutype, "0410")
    keep_screenshot(dialog, "agency_ids_dialog.png", tmp_path)
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
        loaded(qtbot)
    with archive.uow() as u:
        case = u.session.get(RehabCase, ward.case_id)
        assert case is not None
        assert (case.agency_psn_no, case.agency_mdtrt_id, case.agency_mdtrt_cert_type,
                case.agency_psn_cert_type, case.agency_insutype) == ("00123456789", "ZY2026-0007",
                                                                     "03", None, "0410")
    again = AgencyIdsDialog(runner, ward.case_id)
    qtbot.addWidget(again)
    assert (again.psn_no.text(), again.cert_type.currentData()) == ("00123456789", "03")

    therapist = AgencyIdsDialog(Runner(ward.engine, archive.clock, archive.therapist), ward.case_id)
    qtbot.addWidget(therapist)
    therapist.show()
    type_into(qtbot, therapist.psn_no, "999")
    therapist.save()
    loaded(qtbot)
    assert any("无权" in text for text in shown_messages(therapist))
    with archive.uow() as u:
        case = u.session.get(RehabCase, ward.case_id)
        assert case is not None and case.agency_psn_no == "00123456789"
