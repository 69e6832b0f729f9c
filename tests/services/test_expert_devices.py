"""Expert evaluations and assistive devices (issue 19 items 5 and 6), on both engines.

Under Baotou's pack (Arts. 9, 10, 13, 19) an approval of vocational rehab, a prescription of a
vocational, TCM or psychological item and packaged payment are refused without an expert
evaluation supporting them dated on or before, with a Chinese and an English message naming
the article; Luzhou's and Beijing's texts are silent, so nothing is refused there. The
evaluation is checked, recorded by a physician only, never changed. Devices: Baotou Art. 11
wants the opinion filed before fitting and pays the fitting (a fee line of category other at
the catalogue price), Luzhou Art. 6 pays without a filing, Beijing records and claims nothing;
adjustments and training come after the fitting; everything verifies."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from desktop_app.clock import china_datetime
from desktop_app.db.models import DeviceRecord, ExpertEvaluation, FeeLine
from desktop_app.documents.bagit import check_bag
from desktop_app.domain.rules.expert_devices import care_of_item
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.claims import catalogue, claims
from desktop_app.services.clinical import device, expert, treatment
from desktop_app.services.clinical.expert_view import expert_device_page
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovedItemInput,
    AttachmentInput,
    PlanInput,
    PlanItemInput,
    PrescriptionInput,
)
from desktop_app.services.core.guards import SignedRecordChange
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import intake
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import archive_export, disposal, retention
from tests.archive_fixture import ADMISSION, APPROVAL, PERIOD_TO, VALID_ID, Archive
from tests.region_fixture import regional_archive
from tests.services.test_claims import make_course
from tests.services.test_retention import PASSWORD, in_2056, set_passwords

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCAN = AttachmentInput("专家评估意见.pdf", PDF, "expert_evaluation")
DEVICE_CODE = "FZQJ00001"  # a catalogue code: 9+ digits or capitals
DEVICE_PRICE = Decimal("1280.00")


def keys(error: ValidationFailed) -> set[str]:
    return {e.key for e in error.errors if not e.warning}


def evaluate(a: Archive, case_id: int, on: date, supports: tuple[str, ...] = ("vocational",),
             **changes: object) -> int:
    fields: dict[str, object] = {
        "evaluated_on": on,
        "experts": (expert.Expert("刘专家", "主任医师"), expert.Expert("陈专家", "副主任医师")),
        "supports": supports, "conclusion": "具备职业康复条件，建议职业康复", "scan": SCAN, **changes}
    with a.uow(a.physician) as u:
        return expert.add_evaluation(u, case_id, expert.EvaluationInput(**fields))  # type: ignore[arg-type]


def vocational_approval(a: Archive, case_id: int, on: date = APPROVAL) -> int:
    with a.uow(a.officer) as u:
        return intake.record_approval(u, case_id, a.approval(
            rehab_type="vocational", decision_date=on, period_from=on, period_to=on + timedelta(days=50)))


def test_baotou_refuses_vocational_approval_without_an_evaluation(uow, clock) -> None:  # type: ignore[no-untyped-def]
    baotou = regional_archive(uow, clock, "baotou")
    case_id = baotou.register()
    with pytest.raises(ValidationFailed) as caught:
        vocational_approval(baotou, case_id)
    (error,) = [e for e in caught.value.errors if e.key == "rehab_type"]
    assert "第十三条" in error.zh and "Baotou Art. 13" in error.en and "专家评估" in error.zh
    # An evaluation after the decision does not count; one on the day does.
    evaluate(baotou, case_id, APPROVAL + timedelta(days=1))
    with pytest.raises(ValidationFailed):
        vocational_approval(baotou, case_id)
    # One supporting other care does not count either.
    evaluate(baotou, case_id, APPROVAL - timedelta(days=2), supports=("psychological",))
    with pytest.raises(ValidationFailed):
        vocational_approval(baotou, case_id)
    evaluate(baotou, case_id, APPROVAL)
    approval_id = vocational_approval(baotou, case_id)
    assert approval_id > 0
    # Medical rehab needs no evaluation.
    other = baotou.register()
    with baotou.uow(baotou.officer) as u:
        assert intake.record_approval(u, other, baotou.approval()) > 0


@pytest.mark.parametrize("region", ["luzhou", "beijing"])
def test_a_silent_text_requires_no_evaluation(uow, clock, region: str) -> None:  # type: ignore[no-untyped-def]
    archive = regional_archive(uow, clock, region)
    case_id = archive.register()
    assert vocational_approval(archive, case_id) > 0
    with archive.uow() as u:
        page = expert_device_page(u.session, case_id, clock.today())
    assert page.gates == () and page.evaluations == ()


def _admitted_with_vocational_item(a: Archive) -> int:
    vocational = a.codes["职业功能训练"]
    with a.at(china_datetime(APPROVAL, 9)):
        case_id = a.register()
        with a.uow(a.officer) as u:
            intake.record_approval(u, case_id, a.approval(items=(
                ApprovedItemInput(a.codes["运动疗法"], "运动疗法", 10),
                ApprovedItemInput(vocational, "职业功能训练", 10))))
    with a.at(china_datetime(ADMISSION, 9)), a.uow(a.officer) as u:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, VALID_ID))
    with a.at(china_datetime(ADMISSION, 10)), a.uow(a.physician) as u:
        treatment.create_plan(u, case_id, PlanInput(
            period_from=ADMISSION, period_to=PERIOD_TO, goals="重返工作", expected_effect="恢复搬运能力",
            precautions="防跌倒", items=(PlanItemInput(a.codes["运动疗法"], "每日1次", 10),
                                         PlanItemInput(vocational, "每日1次", 10))))
    return case_id


def _prescribe(a: Archive, case_id: int, name: str, on: date) -> int:
    with a.uow(a.physician) as u:
        return treatment.prescribe(u, case_id, PrescriptionInput(
            a.codes[name], 10, "每日1次", on, a.physician)).id


def test_baotou_refuses_a_vocational_prescription_without_an_evaluation(uow, clock) -> None:  # type: ignore[no-untyped-def]
    baotou = regional_archive(uow, clock, "baotou")
    case_id = _admitted_with_vocational_item(baotou)
    day = ADMISSION + timedelta(days=1)
    assert _prescribe(baotou, case_id, "运动疗法", day) > 0  # not gated
    with pytest.raises(ValidationFailed) as caught:
        _prescribe(baotou, case_id, "职业功能训练", day)
    (error,) = [e for e in caught.value.errors if e.key == "prescription_item"]
    assert "处方" in error.zh and "prescription" in error.en and "Baotou Art. 13" in error.en
    evaluate(baotou, case_id, day)
    assert _prescribe(baotou, case_id, "职业功能训练", day) > 0


def test_luzhou_prescribes_vocational_items_without_an_evaluation(uow, clock) -> None:  # type: ignore[no-untyped-def]
    luzhou = regional_archive(uow, clock, "luzhou")
    case_id = _admitted_with_vocational_item(luzhou)
    assert _prescribe(luzhou, case_id, "职业功能训练", ADMISSION + timedelta(days=1)) > 0


def test_packaged_payment_needs_the_evaluation_in_baotou(uow, clock) -> None:  # type: ignore[no-untyped-def]
    baotou = regional_archive(uow, clock, "baotou")
    case_id = baotou.register()
    with baotou.uow(baotou.officer) as u:
        intake.record_approval(u, case_id, baotou.approval())
    rate = {"rate": "9000.00", "course_days": 28}
    with pytest.raises(ValidationFailed) as caught, baotou.uow(baotou.officer) as u:
        claims.set_payment_terms(u, case_id, "package_course", rate)
    assert "Baotou Art. 19" in " ".join(e.en for e in caught.value.errors)
    evaluate(baotou, case_id, clock.today(), supports=("package",), conclusion="长期卧床生活不能自理")
    with baotou.uow(baotou.officer) as u:
        claims.set_payment_terms(u, case_id, "package_course", rate)


def test_the_evaluation_is_checked_recorded_by_a_physician_and_never_changed(
        archive: Archive, engine: Engine) -> None:
    case_id = archive.register()
    today = archive.clock.today()
    for changes, wrong in (({"evaluated_on": today + timedelta(days=1)}, {"evaluated_on"}),
                           ({"evaluated_on": date(2026, 2, 1)}, {"evaluated_on"}),
                           ({"experts": ()}, {"experts"}),
                           ({"experts": (expert.Expert("刘专家", " "),)}, {"experts.1"}),
                           ({"supports": ("massage",)}, {"supports"}),
                           ({"conclusion": " "}, {"conclusion"}),
                           ({"scan": None}, {"scan"})):
        with pytest.raises(ValidationFailed) as caught:
            evaluate(archive, case_id, changes.pop("evaluated_on", today), **changes)  # type: ignore[arg-type]
        assert keys(caught.value) == wrong, changes
        assert all(e.zh and e.en for e in caught.value.errors)
    with pytest.raises(PermissionDenied), archive.uow(archive.officer) as u:
        expert.add_evaluation(u, case_id, expert.EvaluationInput(
            today, (expert.Expert("刘专家", "主任医师"),), ("tcm",), "可中医康复", SCAN))
    evaluation_id = evaluate(archive, case_id, today, supports=("tcm", "vocational"))
    with archive.uow() as u:
        row = u.session.get(ExpertEvaluation, evaluation_id)
        assert row is not None and row.created_by_id == archive.physician
        assert row.supports == ["tcm", "vocational"] and row.attachment_id is not None
        page = expert_device_page(u.session, case_id, today)
    (shown,) = page.evaluations
    assert shown.experts_text == "刘专家（主任医师）、陈专家（副主任医师）"
    assert shown.supports_zh == "中医/蒙医康复、职业康复" and shown.recorded_by == "王医生"
    for statement in ("UPDATE expert_evaluation SET conclusion = 'x'", "DELETE FROM expert_evaluation"):
        with pytest.raises(SignedRecordChange), archive.uow() as u:
            u.session.execute(text(statement))
    report = verify_archive(engine)
    assert report.ok, report.lines()


def _device_catalogue(a: Archive) -> None:
    folder = Path(tempfile.mkdtemp())
    path = folder / "devices.csv"
    path.write_text("national_code,local_code,name,unit,price,category,max_per_day,max_per_course,"
                    f"indication,source,note\n{DEVICE_CODE},{DEVICE_CODE},膝踝足矫形器,具,{DEVICE_PRICE},"
                    "other,,,,test,test\n", encoding="utf-8")
    with a.uow(a.admin) as u:
        catalogue.import_catalogue(u, path, catalogue.PackInfo(
            region="演示", version="辅具1", name="辅助器具目录（测试）", effective_from=date(2020, 1, 1),
            is_demo=True))


def opinion(a: Archive, case_id: int, on: date = ADMISSION) -> int:
    with a.uow(a.physician) as u:
        return device.add_opinion(u, case_id, device.OpinionInput(
            on, DEVICE_CODE, "膝踝足矫形器", a.physician, "右下肢无力，步行需矫形器"))


def fit(a: Archive, case_id: int, opinion_id: int, on: date, price: Decimal = DEVICE_PRICE
        ) -> device.DeviceRecorded:
    with a.uow(a.officer) as u:
        return device.fit_device(u, case_id, device.FittingInput(
            opinion_id, on, "包头市假肢矫形器公司", Decimal(1), price))


def test_baotou_fits_after_the_filing_and_claims_the_fitting(uow, clock, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    baotou = regional_archive(uow, clock, "baotou")
    _device_catalogue(baotou)
    case_id = baotou.admitted_case()
    opinion_id = opinion(baotou, case_id)
    fitted_on = ADMISSION + timedelta(days=10)
    with pytest.raises(ValidationFailed) as caught:
        fit(baotou, case_id, opinion_id, fitted_on)
    (error,) = [e for e in caught.value.errors if e.key == "filing"]
    assert "备案" in error.zh and "Baotou Art. 11" in error.en
    with pytest.raises(ValidationFailed) as caught, baotou.uow(baotou.officer) as u:
        device.file_opinion(u, case_id, device.FilingInput(opinion_id, ADMISSION - timedelta(days=1), "BA-1"))
    assert keys(caught.value) == {"filed_on"}
    with baotou.uow(baotou.officer) as u:
        device.file_opinion(u, case_id, device.FilingInput(opinion_id, ADMISSION + timedelta(days=2),
                                                           "包人社辅备〔2026〕8号"))
    with pytest.raises(ValidationFailed) as caught:  # the price must be the catalogue's
        fit(baotou, case_id, opinion_id, fitted_on, Decimal("1500.00"))
    assert keys(caught.value) == {"unit_price"}
    # Training before the fitting is refused; after it, recorded.
    with pytest.raises(ValidationFailed) as caught, baotou.uow(baotou.therapist) as u:
        device.train_device(u, case_id, device.FollowUpInput(opinion_id, fitted_on, baotou.therapist,
                                                             "穿戴训练"))
    assert keys(caught.value) == {"done_on"}
    done = fit(baotou, case_id, opinion_id, fitted_on)
    assert done.fee_line_id is not None and done.warnings == ()
    with baotou.uow(baotou.therapist) as u:
        device.adjust_device(u, case_id, device.FollowUpInput(opinion_id, fitted_on + timedelta(days=3),
                                                              baotou.therapist, "调整踝关节角度"))
        device.train_device(u, case_id, device.FollowUpInput(opinion_id, fitted_on + timedelta(days=4),
                                                             baotou.therapist, "穿戴与步行训练"))
    with baotou.uow() as u:
        line = u.session.get(FeeLine, done.fee_line_id)
        assert line is not None
        assert (line.category, line.national_code, line.amount, line.occurred_on) == (
            "other", DEVICE_CODE, DEVICE_PRICE, fitted_on)
        page = expert_device_page(u.session, case_id, clock.today())
    assert [d.kind for d in page.devices] == ["opinion", "filing", "fitting", "adjustment", "training"]
    assert page.device_filing[1] == "Baotou Art. 11" and page.device_paid[1] == "Baotou Art. 11"
    assert page.devices[2].amount == DEVICE_PRICE and page.devices[4].staff_name == "李治疗师"
    for statement in ("UPDATE device_record SET supplier = 'x'", "DELETE FROM device_record"):
        with pytest.raises(SignedRecordChange), baotou.uow() as u:
            u.session.execute(text(statement))
    report = verify_archive(engine)
    assert report.ok, report.lines()


def test_beijing_records_the_fitting_and_claims_nothing(uow, clock) -> None:  # type: ignore[no-untyped-def]
    beijing = regional_archive(uow, clock, "beijing")
    _device_catalogue(beijing)
    case_id = beijing.admitted_case()
    done = fit(beijing, case_id, opinion(beijing, case_id), ADMISSION + timedelta(days=5))
    assert done.fee_line_id is None and done.warnings == ()  # no filing asked, nothing claimed
    with beijing.uow() as u:
        assert u.session.scalar(select(FeeLine.id).where(FeeLine.national_code == DEVICE_CODE)) is None
        assert u.session.scalar(select(DeviceRecord.supplier).where(DeviceRecord.kind == "fitting"))


def test_luzhou_claims_without_a_filing_and_warns_without_a_catalogue_item(uow, clock) -> None:  # type: ignore[no-untyped-def]
    luzhou = regional_archive(uow, clock, "luzhou")
    case_id = luzhou.admitted_case()
    opinion_id = opinion(luzhou, case_id)
    done = fit(luzhou, case_id, opinion_id, ADMISSION + timedelta(days=5))
    assert done.fee_line_id is None
    (warning,) = done.warnings
    assert warning.warning and "Luzhou Art. 6" in warning.en and "不计入结算" in warning.zh
    _device_catalogue(luzhou)
    assert fit(luzhou, case_id, opinion_id, ADMISSION + timedelta(days=6)).fee_line_id is not None


def test_device_steps_name_an_opinion_of_the_case(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with pytest.raises(UserError), archive.uow(archive.officer) as u:
        device.file_opinion(u, case_id, device.FilingInput(999, ADMISSION, "X"))
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.physician) as u:
        device.add_opinion(u, case_id, device.OpinionInput(ADMISSION, " ", "", archive.therapist))
    assert keys(caught.value) == {"device", "physician"}
    with pytest.raises(PermissionDenied), archive.uow(archive.admin) as u:
        device.add_opinion(u, case_id, device.OpinionInput(ADMISSION, DEVICE_CODE, "矫形器",
                                                           archive.physician))


def test_which_care_an_item_is() -> None:
    assert care_of_item("003402000320000", "职业功能训练") == "vocational"
    assert care_of_item("340200032") == "vocational"
    assert care_of_item("410000001", "普通针刺") == "tcm"
    assert care_of_item("X-1", "心理治疗") == "psychological"
    assert care_of_item("003402000200000", "运动疗法") is None


def test_the_binder_holds_the_evaluations_the_devices_and_their_scans(uow, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    baotou = regional_archive(uow, clock, "baotou")
    case_id = baotou.admitted_case()
    evaluate(baotou, case_id, ADMISSION)
    opinion_id = opinion(baotou, case_id)
    with baotou.uow(baotou.officer) as u:
        receipt = AttachmentInput("备案.pdf", PDF + b"%2", "device_document")
        device.file_opinion(u, case_id, device.FilingInput(opinion_id, ADMISSION, "包人社辅备〔2026〕8号",
                                                           receipt))
    fit(baotou, case_id, opinion_id, ADMISSION + timedelta(days=3))
    with baotou.uow(baotou.officer) as u:
        result = archive_export.export_archive(u, case_id, tmp_path / "out")
    assert check_bag(result.zip_path).ok
    data = result.folder / "data"
    evaluations = json.loads((data / "01_application" / "expert_evaluations.json").read_text("utf-8"))
    assert [e["supports"] for e in evaluations] == [["vocational"]]
    assert evaluations[0]["experts"] == [["刘专家", "主任医师"], ["陈专家", "副主任医师"]]
    devices = json.loads((data / "04_execution" / "assistive_devices.json").read_text(encoding="utf-8"))
    assert [d["kind"] for d in devices] == ["opinion", "filing", "fitting"]
    assert devices[1]["filing_number"] == "包人社辅备〔2026〕8号"
    scans = sorted(p.name for p in data.rglob("attachment-*"))
    assert any("专家评估意见" in n for n in scans) and any("备案" in n for n in scans)
    assert any(p.parent.name == "01_application" and "专家评估意见" in p.name
               for p in data.rglob("attachment-*"))


@pytest.mark.parametrize(("region", "claimed"), [("baotou", True), ("beijing", False)])
def test_a_fitting_is_in_the_claim_only_where_the_pack_pays(uow, clock, region: str,  # type: ignore[no-untyped-def]
                                                          claimed: bool) -> None:
    archive = regional_archive(uow, clock, region)
    _device_catalogue(archive)
    course = make_course(archive, charges=False)
    opinion_id = opinion(archive, course.case_id)
    if region == "baotou":
        with archive.uow(archive.officer) as u:
            device.file_opinion(u, course.case_id, device.FilingInput(opinion_id, ADMISSION, "BA-8"))
    fit(archive, course.case_id, opinion_id, date(2026, 4, 15))
    if claimed:
        archive.sign_charges(course.case_id)  # 录入人签名确认: the fitting's line, like any charge
    april = course.view(course.build("2026-04"))
    lines = [ln for ln in april.lines if ln.national_code == DEVICE_CODE]
    if not claimed:
        assert lines == [] and april.totals.by_category["other"] == 0
        return
    (line,) = lines
    assert (line.category, line.amount, line.coverage) == ("other", DEVICE_PRICE, "fund")
    assert april.totals.by_category["other"] == DEVICE_PRICE


def test_a_disposal_destroys_the_evaluations_and_devices_with_their_case(archive: Archive,
                                                                        engine: Engine) -> None:
    case_id = archive.discharged_case()
    evaluate(archive, case_id, ADMISSION)
    opinion_id = opinion(archive, case_id)
    with archive.uow(archive.officer) as u:
        device.file_opinion(u, case_id, device.FilingInput(opinion_id, ADMISSION, "BA-8"))
    fit(archive, case_id, opinion_id, ADMISSION + timedelta(days=2))  # recorded (no catalogue item)
    with archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)
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
        assert u.session.scalar(select(func.count()).select_from(ExpertEvaluation)) == 0
        assert u.session.scalar(select(func.count()).select_from(DeviceRecord)) == 0
    report = verify_archive(engine)
    assert report.ok, report.lines()
