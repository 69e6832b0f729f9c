"""The bedside signature pad and dialog, driven by real mouse, touch and tablet events,
on both database engines: a patient signs three sessions, verify accepts the signature,
the database refuses a change, and a change made behind its back is named by verify.

Set ``REHAB_SCREENSHOT_DIR`` to also keep the dialog's screenshot and the stored image.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QInputMethodEvent, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.db.models import Signature, SignatureItem, TreatmentSession
from desktop_app.domain.canonical import plain
from desktop_app.domain.strokes import render_png
from desktop_app.services.clinical import bedside, treatment
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.ui.clinical.signature_dialog import PatientSignatureDialog
from desktop_app.ui.clinical.signature_pad import SignaturePad
from desktop_app.ui.kit.fonts import install_cjk_font
from tests.archive_fixture import ADMISSION, Archive
from tests.conftest import without_guards

# 张三 as a hand would write it on the pad, stroke by stroke (pad pixels).
NAME: list[list[tuple[float, float]]] = [
    [(70, 40), (112, 40), (110, 70), (74, 70), (72, 100), (116, 100), (112, 140), (98, 134)],  # 弓
    [(178, 30), (146, 84)],  # 长
    [(134, 88), (222, 84)],
    [(154, 88), (154, 146), (176, 134)],
    [(168, 92), (224, 146)],
    [(270, 48), (338, 46)],  # 三
    [(278, 90), (330, 88)],
    [(258, 140), (352, 136)],
]


def path(points: Sequence[tuple[float, float]], step: float = 4.0) -> list[QPointF]:
    """The corner points joined by points ``step`` pixels apart, as a hand moves."""
    out = [QPointF(*points[0])]
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        n = max(1, math.ceil(math.dist((ax, ay), (bx, by)) / step))
        out += [QPointF(ax + (bx - ax) * i / n, ay + (by - ay) * i / n) for i in range(1, n + 1)]
    return out


def mouse_move(widget: QWidget, pos: QPointF) -> None:
    """A move with the left button held (sent as the window system would)."""
    QApplication.sendEvent(widget, QMouseEvent(
        QMouseEvent.Type.MouseMove, pos, widget.mapToGlobal(pos), Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def draw(qtbot: QtBot, pad: SignaturePad, strokes: Sequence[Sequence[tuple[float, float]]]) -> None:
    for stroke in strokes:
        points = path(stroke)
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0].toPoint())
        for point in points[1:]:
            mouse_move(pad, point)
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1].toPoint())
        qtbot.wait(10)  # the pen lifts between strokes


def type_text(widget: QWidget, value: str) -> None:
    """Chinese text arrives as an input-method commit, as from a real IME."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(value)
    QApplication.sendEvent(widget, event)


def dark_pixels(widget: QWidget) -> int:
    """Pixels of the pad painted in ink (the hint and the lines are lighter grey)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixelColor(x, y).value() < 90)


def three_sessions(archive: Archive) -> tuple[list[int], bedside.SigningSummary]:
    case_id = archive.admitted_case()
    ids = []
    for offset in range(3):
        with archive.uow(archive.therapist) as u:
            ids.append(treatment.record_session(
                u, case_id, archive.session(ADMISSION + timedelta(days=offset + 1))).id)
    with archive.uow() as u:
        return ids, bedside.sessions_to_sign(u.session, ids)


def open_dialog(qtbot: QtBot, summary: bedside.SigningSummary) -> PatientSignatureDialog:
    dialog = PatientSignatureDialog(summary.lines, heading=summary.heading,
                                    patient_name=summary.patient_name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def signatures(archive: Archive) -> int:
    with archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(Signature)) or 0


def keep_picture(name: str, save: object, tmp_path: Path) -> None:
    for folder in filter(None, (tmp_path, os.environ.get("REHAB_SCREENSHOT_DIR"))):
        target = Path(folder) / name
        assert save(target), target  # type: ignore[operator]


# ----------------------------------------------------------------------------- Done-when


def test_patient_signs_three_sessions_on_the_pad(qtbot: QtBot, qapp: QApplication, archive: Archive,
                                                 engine: Engine, tmp_path: Path) -> None:
    install_cjk_font(qapp)
    ids, summary = three_sessions(archive)
    assert summary.records == tuple(("treatment_session", i) for i in ids)
    dialog = open_dialog(qtbot, summary)
    assert [dialog.summary.item(r).text() for r in range(dialog.summary.count())] == list(summary.lines)
    assert dialog.name_edit.text() == "张三" and dialog.kind_buttons["patient"].isChecked()
    assert dark_pixels(dialog.pad) == 0

    draw(qtbot, dialog.pad, NAME)
    assert len(dialog.pad.strokes()) == len(NAME) and dialog.pad.is_valid()
    assert dark_pixels(dialog.pad) > 100
    keep_picture("signature_dialog.png", lambda p: dialog.grab().save(str(p)), tmp_path)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    signer, handwriting = dialog.signer(), dialog.handwriting()
    assert signer == signing.Signer("patient", "张三")
    assert handwriting.device.startswith("mouse (core pointer); screen ")
    times = [t for stroke in handwriting.strokes for _, _, t in stroke]
    assert times[0] == 0 and times == sorted(times) and times[-1] >= 10 * (len(NAME) - 1)
    assert handwriting.image_png == render_png(handwriting.strokes, fit=True)
    keep_picture("signature_image.png", lambda p: p.write_bytes(handwriting.image_png) > 0, tmp_path)

    with archive.uow(archive.therapist) as u:
        signature_id = signing.sign(u, [("treatment_session", i) for i in ids],
                                    "patient_confirms_sessions", signer, handwriting=handwriting)
    report = verify_archive(engine)
    assert report.ok, report.lines()
    assert report.checked["签名 signatures"] == 1
    with archive.uow() as u:
        stored = u.session.get(Signature, signature_id)
        assert stored is not None
        assert (stored.signer_kind, stored.signer_name, stored.method) == ("patient", "张三", "handwritten")
        assert stored.strokes == plain(handwriting.strokes)
        covered = u.session.scalars(select(SignatureItem.record_id).where(
            SignatureItem.signature_id == signature_id).order_by(SignatureItem.record_id)).all()
        states = set(u.session.scalars(select(TreatmentSession.record_state)))
    assert covered == sorted(ids) and states == {"signed"}

    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        conn.execute(text(f"UPDATE treatment_session SET count = 3 WHERE id = {ids[1]}"))
    assert "REHAB_IMMUTABLE" in str(caught.value)
    assert verify_archive(engine).ok

    without_guards(engine, f"UPDATE treatment_session SET count = 3 WHERE id = {ids[1]}")
    report = verify_archive(engine)
    assert not report.ok
    failed = [line for line in report.lines() if f"签名 #{signature_id}" in line]
    assert len(failed) == 1, report.lines()
    assert f"treatment_session #{ids[1]} 内容已被改动" in failed[0]
    assert f"treatment_session #{ids[1]} content changed" in failed[0]


# ----------------------------------------------------------------------------- refusals


def test_a_tap_or_a_tiny_scribble_is_refused(qtbot: QtBot, archive: Archive) -> None:
    _, summary = three_sessions(archive)
    dialog = open_dialog(qtbot, summary)
    qtbot.mouseClick(dialog.pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 100))
    assert len(dialog.pad.strokes()) == 1
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.isVisible()
    assert "签名笔迹太少" in dialog.message.text()
    with pytest.raises(RuntimeError):
        dialog.handwriting()

    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    zigzag = [(200 + (i % 2) * 24, 100 + (i % 3) * 3) for i in range(30)]
    draw(qtbot, dialog.pad, [zigzag])
    assert not dialog.message.isVisible(), "drawing again hides the old message"
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "签名太小" in dialog.message.text()
    assert signatures(archive) == 0


def test_clear_empties_the_pad(qtbot: QtBot, archive: Archive) -> None:
    _, summary = three_sessions(archive)
    dialog = open_dialog(qtbot, summary)
    draw(qtbot, dialog.pad, NAME)
    assert dark_pixels(dialog.pad) > 0
    with qtbot.waitSignal(dialog.pad.changed):
        qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.pad.strokes() == [] and dialog.pad.is_empty() and not dialog.pad.is_valid()
    assert dark_pixels(dialog.pad) == 0
    draw(qtbot, dialog.pad, NAME[:1])
    assert dialog.pad.strokes()[0][0][2] == 0, "time counts again from the first point"


def test_someone_signing_for_the_patient_needs_relationship_and_proof(
        qtbot: QtBot, archive: Archive, engine: Engine) -> None:
    ids, summary = three_sessions(archive)
    dialog = open_dialog(qtbot, summary)
    assert not dialog.relationship_edit.isVisible()
    qtbot.mouseClick(dialog.kind_buttons["relative"], Qt.MouseButton.LeftButton)
    assert dialog.signer_kind() == "relative" and dialog.relationship_edit.isVisible()
    assert dialog.name_edit.text() == "", "the relative signs with their own name"
    type_text(dialog.name_edit, "张大")
    draw(qtbot, dialog.pad, NAME)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "代签须写明与患者的关系" in dialog.message.text()
    assert "代签依据" not in dialog.message.text() or "证明" in dialog.message.text()

    type_text(dialog.relationship_edit, "儿子")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "查验的证明" in dialog.message.text()
    assert signatures(archive) == 0

    type_text(dialog.proof_edit, "患者右手骨折不能书写，查验户口簿")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signer() == signing.Signer("relative", "张大", relationship="儿子",
                                             proof_note="患者右手骨折不能书写，查验户口簿")
    with archive.uow(archive.therapist) as u:
        signing.sign(u, list(summary.records), "patient_confirms_sessions", dialog.signer(),
                     handwriting=dialog.handwriting())
    assert verify_archive(engine).ok


def test_cancel_signs_nothing(qtbot: QtBot, archive: Archive) -> None:
    _, summary = three_sessions(archive)
    dialog = open_dialog(qtbot, summary)
    draw(qtbot, dialog.pad, NAME)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    with pytest.raises(RuntimeError):
        dialog.signer()
    assert signatures(archive) == 0


# ----------------------------------------------------------------------------- other inputs


def pad_on_screen(qtbot: QtBot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(560, 200)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def touch(pad: SignaturePad, finger: QPointingDevice) -> QTest.QTouchEventSequence:
    """A touch event sequence, sent through the window system when Python drops it
    (auto-commit, like a C++ temporary at the end of its statement)."""
    return QTest.touchEvent(pad, finger)


def test_a_finger_writes_a_stroke(qtbot: QtBot) -> None:
    pad = pad_on_screen(qtbot)
    finger = QTest.createTouchDevice()
    points = [p.toPoint() for p in path([(40, 60), (200, 120), (320, 50)])]
    touch(pad, finger).press(0, points[0], pad)
    for point in points[1:-1]:
        touch(pad, finger).move(0, point, pad)
    touch(pad, finger).release(0, points[-1], pad)
    strokes = pad.strokes()
    assert len(strokes) == 1, "no second stroke from a mouse made up from the touch"
    assert len(strokes[0]) == len(points)
    assert (strokes[0][0][0], strokes[0][0][1]) == (40.0, 60.0)
    assert pad.device_description().startswith("touch")


def test_a_second_finger_does_not_write(qtbot: QtBot) -> None:
    pad = pad_on_screen(qtbot)
    finger = QTest.createTouchDevice()
    touch(pad, finger).press(0, QPoint(40, 60), pad).press(
        1, QPoint(300, 150), pad)
    for x in range(50, 200, 10):
        touch(pad, finger).move(0, QPoint(x, 60), pad).move(
            1, QPoint(300, 150 - x // 10), pad)
    touch(pad, finger).release(0, QPoint(200, 60), pad).release(
        1, QPoint(300, 130), pad)
    assert [len(s) for s in pad.strokes()] == [17]
    assert {y for _, y, _ in pad.strokes()[0]} == {60.0}


def stylus(name: str, system_id: int, pointer: QPointingDevice.PointerType) -> QPointingDevice:
    """A tablet device; the caller keeps it alive while its events are sent."""
    return QPointingDevice(name, system_id, QInputDevice.DeviceType.Stylus, pointer,
                           QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 2)


def tablet(pad: SignaturePad, device: QPointingDevice, kind: QTabletEvent.Type, pos: QPointF,
           touching: bool = True) -> None:
    """One tablet event, as QApplication delivers it to the widget under the pen."""
    button = Qt.MouseButton.NoButton if kind == QTabletEvent.Type.TabletMove else Qt.MouseButton.LeftButton
    held = touching and kind != QTabletEvent.Type.TabletRelease
    event = QTabletEvent(kind, device, pos, pad.mapToGlobal(pos), 0.6 if touching else 0.0,
                         0.0, 0.0, 0.0, 0.0, 0.0, Qt.KeyboardModifier.NoModifier, button,
                         Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton)
    assert QApplication.sendEvent(pad, event)


def test_a_pen_writes_a_stroke(qtbot: QtBot) -> None:
    """Offscreen there is no tablet driver: the QTabletEvents are sent to the pad the way
    QApplication delivers them, which tests the pad's handling but not the platform's."""
    pad = pad_on_screen(qtbot)
    pen = stylus("test pen", 42, QPointingDevice.PointerType.Pen)
    for point in path([(30, 30), (60, 40)]):
        tablet(pad, pen, QTabletEvent.Type.TabletMove, point, touching=False)  # hovering: no ink
    assert pad.is_empty()
    points = path([(60, 40), (160, 150), (300, 60)])
    tablet(pad, pen, QTabletEvent.Type.TabletPress, points[0])
    for point in points[1:-1]:
        tablet(pad, pen, QTabletEvent.Type.TabletMove, point)
    tablet(pad, pen, QTabletEvent.Type.TabletRelease, points[-1])
    assert [len(s) for s in pad.strokes()] == [len(points)]
    assert pad.device_description().startswith("pen (test pen); screen ")
    eraser = stylus("test eraser", 43, QPointingDevice.PointerType.Eraser)
    for kind in (QTabletEvent.Type.TabletPress, QTabletEvent.Type.TabletMove,
                 QTabletEvent.Type.TabletRelease):
        tablet(pad, eraser, kind, QPointF(100, 100))
    assert len(pad.strokes()) == 1, "the eraser end draws nothing"


def test_mouse_events_made_up_from_a_touch_draw_nothing(qtbot: QtBot) -> None:
    pad = pad_on_screen(qtbot)
    finger = QTest.createTouchDevice()
    for kind in (QMouseEvent.Type.MouseButtonPress, QMouseEvent.Type.MouseButtonRelease):
        QApplication.sendEvent(pad, QMouseEvent(kind, QPointF(50, 50), QPointF(50, 50),
                                                Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                                                Qt.KeyboardModifier.NoModifier, finger))
    assert pad.is_empty()


def test_points_outside_the_pad_are_kept_on_its_edge(qtbot: QtBot) -> None:
    pad = pad_on_screen(qtbot)
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(500, 100))
    mouse_move(pad, QPointF(700, -40))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(700, -40))
    assert [(x, y) for x, y, _ in pad.strokes()[0]] == [(500.0, 100.0), (560.0, 0.0)]
