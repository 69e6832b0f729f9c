"""Administration: institution settings (retention only ever longer, the mid assessment
setting) and catalogue packs (the row-level report before anything is imported)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.db.models import CatalogueItem, CataloguePack
from desktop_app.services.admin.admin_view import institution_settings
from desktop_app.services.claims import catalogue
from desktop_app.services.integrity import signature_timing
from desktop_app.ui.admin.institution_dialog import InstitutionDialog
from desktop_app.ui.claims.catalogue_dialog import CatalogueDialog
from desktop_app.ui.kit.runner import Runner
from tests.documents.tsa_server import local_tsa
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture


def admin_runner(ward: Ward) -> Runner:
    return Runner(ward.engine, ward.archive.clock, ward.archive.admin)


def settings(ward: Ward):  # type: ignore[no-untyped-def]
    with ward.archive.uow() as u:
        return institution_settings(u.session)


def open_institution(ward: Ward, qtbot: QtBot) -> InstitutionDialog:
    dialog = InstitutionDialog(admin_runner(ward), None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_institution_settings(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_institution(ward, qtbot)
    assert dialog.name.text() == "测试康复医院" and dialog.retention.value() == 30
    assert dialog.retention.minimum() == 30  # fewer than 30 years cannot even be entered
    dialog.agreement.setText("LZGS-2026-018")
    dialog.agreement_from.setText("2026-13-01")
    dialog.ok_button.click()
    assert "YYYY-MM-DD" in dialog.error.text()
    assert settings(ward).institution.agreement_number is None  # nothing saved
    dialog.agreement_from.setText("2026-01-01")
    dialog.name.clear()
    type_chinese(dialog.name, "泸州市康复医院")
    dialog.retention.setValue(35)
    dialog.mid_days.setValue(45)
    assert (dialog.patient_limit.value(), dialog.staff_limit.value()) == (0, 0)  # the same day
    assert dialog.patient_limit.text() == "当日"
    dialog.patient_limit.setValue(1)
    assert not dialog.check_hours.isChecked() and not dialog.opens.isEnabled()
    assert [box.isChecked() for box in dialog.rest_days] == [False] * 6 + [True]  # Sunday
    dialog.check_hours.setChecked(True)
    dialog.opens.setTime(QTime(7, 30))
    dialog.rest_days[5].setChecked(True)  # Saturday too
    keep_screenshot(dialog, "institution_dialog.png", tmp_path)
    dialog.ok_button.click()
    assert not dialog.isEnabled()  # until the archive has taken every setting
    loaded(qtbot)
    assert not dialog.isVisible()
    saved = settings(ward)
    assert saved.opening_hours == (time(7, 30), time(18, 0)) and saved.rest_weekdays == (6, 7)
    assert saved.institution.name == "泸州市康复医院"
    assert saved.institution.agreement_number == "LZGS-2026-018"
    assert str(saved.institution.agreement_valid_from) == "2026-01-01"
    assert (saved.institution.retention_years, saved.mid_assessment_after_days) == (35, 45)
    with ward.archive.uow() as u:
        assert signature_timing.signature_limits(u.session) == signature_timing.Limits(1, 0)

    again = open_institution(ward, qtbot)
    assert again.retention.value() == 35
    assert again.patient_limit.value() == 1
    again.retention.setValue(31)  # shorter than before: refused by the service
    again.mid_days.setValue(60)  # written after the institution: not reached
    again.ok_button.click()
    loaded(qtbot)
    assert "保管" in again.error.text() and again.isVisible() and again.isEnabled()
    saved = settings(ward)
    assert (saved.institution.retention_years, saved.mid_assessment_after_days) == (35, 45)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def packs(ward: Ward) -> list[tuple[str, str, int]]:
    with ward.archive.uow() as u:
        return [(p.region, p.version, u.session.scalar(select(func.count()).select_from(
            CatalogueItem).where(CatalogueItem.pack_id == p.id)) or 0)
            for p in u.session.scalars(select(CataloguePack).order_by(CataloguePack.id))]


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_imported(
        ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CatalogueDialog(admin_runner(ward))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pack_table.rowCount() == 1  # the fixture's demo pack
    good = catalogue.demo_pack_path().read_text(encoding="utf-8").splitlines()
    bad = write(tmp_path / "bad.csv", "\n".join([good[0], good[1].replace(good[1].split(",")[0], ""),
                                                 *good[2:4]]) + "\n")
    dialog.check_file(bad)
    qtbot.waitUntil(lambda: dialog.parsed is not None and dialog.job is None, timeout=10_000)
    assert not dialog.parsed.ok and dialog.error_table.rowCount() >= 1  # type: ignore[union-attr]
    assert dialog.error_table.item(0, 0).text().startswith("第2行")  # the row as the user counts it
    assert not dialog.import_button.isEnabled()
    keep_screenshot(dialog, "catalogue_dialog_errors.png", tmp_path)
    assert len(packs(ward)) == 1


def test_importing_a_new_version(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CatalogueDialog(admin_runner(ward))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check_file(catalogue.demo_pack_path())
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    rows = len(dialog.parsed.items)  # type: ignore[union-attr]
    type_chinese(dialog.region, "演示")
    dialog.version.setText("1")  # already imported: refused inline
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and bool(dialog.form_error.text()), timeout=10_000)
    assert "已导入" in dialog.form_error.text()
    assert len(packs(ward)) == 1
    dialog.version.setText("2")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.pack_table.rowCount() == 2, timeout=10_000)
    assert packs(ward)[-1] == ("演示", "2", rows)
    assert "已导入" in dialog.file_label.text()


def test_the_region_shows_its_pack_and_changes_only_with_a_reason(ward: Ward, qtbot: QtBot) -> None:
    from desktop_app.db.models import AuditEvent, Institution

    dialog = open_institution(ward, qtbot)
    assert dialog.rules.currentData() == "luzhou"
    assert "泸州" in dialog.pack.text() and "2025-03-24" in dialog.pack.text()
    assert not dialog.rules_reason.isEnabled()
    dialog.rules.setCurrentIndex(dialog.rules.findData("beijing"))
    assert dialog.rules_reason.isEnabled()
    dialog.ok_button.click()
    assert "原因" in dialog.error.text() and dialog.isVisible()
    type_chinese(dialog.rules_reason, "机构迁至北京")
    dialog.ok_button.click()
    loaded(qtbot)
    assert not dialog.isVisible()
    with ward.archive.uow() as u:
        assert u.session.scalars(select(Institution.policy_region)).one() == "beijing"
        event = u.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "policy_region_changed")).one()
        assert event.details["reason"] == "机构迁至北京"
    assert "北京" in open_institution(ward, qtbot).pack.text()


def test_the_administrator_sets_and_tests_the_timestamp_service(ward: Ward, qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    dialog = open_institution(ward, qtbot)
    assert dialog.timestamp.text() == ""
    dialog.test_timestamp.click()
    assert "本机时钟" in dialog.timestamp_result.text()
    dialog.timestamp.setText("tsa.example.cn")
    dialog.test_timestamp.click()
    qtbot.waitUntil(lambda: "http" in dialog.timestamp_result.text())
    dialog.ok_button.click()
    loaded(qtbot)
    assert "时间戳服务" in dialog.error.text() and dialog.isVisible()
    assert settings(ward).timestamp_url is None
    with local_tsa() as tsa:
        gone = tsa.url.replace("/tsa", "/none")  # the server answers that path with an HTTP error
        dialog.timestamp.setText(gone)
        dialog.test_timestamp.click()
        qtbot.waitUntil(lambda: "未给出有效的时间戳" in dialog.timestamp_result.text(), timeout=20_000)
        dialog.timestamp.setText(tsa.url)
        assert dialog.timestamp_result.text() == ""  # an edited address clears the old answer
        dialog.test_timestamp.click()
        qtbot.waitUntil(lambda: "服务可用" in dialog.timestamp_result.text(), timeout=20_000)
        assert "Local test TSA" in dialog.timestamp_result.text()
        keep_screenshot(dialog, "institution_timestamp.png", tmp_path)
    dialog.ok_button.click()
    loaded(qtbot)
    assert not dialog.isVisible()
    assert settings(ward).timestamp_url == tsa.url
    again = open_institution(ward, qtbot)
    assert again.timestamp.text() == tsa.url
    again.timestamp.clear()
    again.ok_button.click()
    loaded(qtbot)
    assert settings(ward).timestamp_url is None
