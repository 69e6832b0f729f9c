"""The case documents an agency asks for, on both engines: the prescriptions, each approval
and the rehab value assessment as PDFs in the binder; in a claim package only where the
case's rules ask (Luzhou Art. 30), not under Beijing's; the whole case header (recognition
number, grade, stay, agreement, approved items) on each; the assessment's 结论 column
filled; rebuilt byte for byte."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from desktop_app.clock import FixedClock
from desktop_app.documents.bagit import check_bag
from desktop_app.services.admin import setup
from desktop_app.services.claims import claim_export
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.records import archive_export
from tests.archive_fixture import RECOGNITION
from tests.region_fixture import REGION_TEXT, regional_archive
from tests.services.test_claims import Course, make_course

AGREEMENT = "LZGS-KF-2026-003"
VALUE = "经评估具有康复价值，髋关节功能可望明显改善。"
RECOMMENDATION = "建议住院康复治疗，以运动疗法为主。"
NEW_KINDS = ("approval", "value_assessment", "prescription")
PREFIXES = {"approval": "APPR-", "value_assessment": "VALUE-", "prescription": "PRESC-"}


def course_in(uow: Callable[..., UnitOfWork], clock: FixedClock, region: str) -> Course:
    """The claims test course (approved, admitted, signed plan and sessions, pre/mid/post
    assessments, discharged) with a signed prescription, a disability grade, a recorded
    value assessment and the institution's agreement number."""
    archive = regional_archive(uow, clock, region)
    archive.registration_defaults.update(
        disability_grade=7, rehab_value_assessment=VALUE, rehab_value_date=RECOGNITION,
        treatment_recommendation=RECOMMENDATION)
    with uow(archive.admin) as u:
        setup.save_institution(u, setup.InstitutionInput(name="测试康复医院", region=REGION_TEXT[region],
                                                         agreement_number=AGREEMENT))
    return make_course(archive, prescribe=True)


def text_of(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def flat(path: Path) -> str:
    """The text in reading order (a wrapped cell's lines together), without spaces or breaks."""
    return text_of(path).replace(" ", "").replace("\n", "")


def assert_identity(text: str) -> None:
    """What an auditor matches a document against, all on it."""
    for expected in ("认定书编号", "泸人社工认〔2026〕101号", "伤残等级", "7级", "入院日期", "2026-04-03",
                     "出院日期", "2026-05-20", "协议编号", AGREEMENT, "核准项目", "运动疗法10次",
                     "作业疗法20次"):
        assert expected in text, expected


def test_binder_holds_the_case_documents_with_the_whole_header(uow: Callable[..., UnitOfWork],
                                                               clock: FixedClock, tmp_path: Path) -> None:
    course = course_in(uow, clock, "luzhou")
    course.finalize(course.build("discharge"))
    a = course.archive
    with a.uow(a.officer) as u:
        result = archive_export.export_archive(u, course.case_id, tmp_path / "out")
    assert check_bag(result.zip_path).ok
    data = result.folder / "data"
    kinds = [d.kind for d in result.documents]
    assert kinds.count("approval") == 1 and kinds.count("value_assessment") == 1
    assert kinds.count("prescription") == 1
    application = sorted(p.name for p in (data / "01_application").iterdir())
    assert any(n.startswith("APPR-") for n in application)
    assert any(n.startswith("VALUE-") for n in application)
    assert "approvals.json" in application  # the records stay, for machines
    orders = sorted(p.name for p in (data / "03_prescriptions").iterdir())
    assert [n for n in orders if n.endswith(".pdf")][0].startswith("PRESC-")
    assert "prescriptions.json" in orders
    for pdf in data.glob("0[13]_*/*.pdf"):  # each with the content its footer's hash covers
        assert pdf.with_suffix(".content.json").exists(), pdf.name

    # every PDF of the binder names the case as the agency knows it
    for doc in result.documents:
        path = next(data.glob(f"**/{doc.filename}"))
        assert_identity(flat(path))
    value = flat(next(data.glob("01_application/VALUE-*.pdf")))
    assert VALUE in value and RECOMMENDATION in value and "稳定期" in value and "骨折" in value
    assert "《泸州市工伤康复管理暂行办法》" in value and "第十三条第（四）项" in value  # the case's rules
    approval = flat(next(data.glob("01_application/APPR-*.pdf")))
    assert "泸工康核〔2026〕1号" in approval and "泸州市劳动能力鉴定委员会" in approval
    prescription = flat(next(data.glob("03_prescriptions/PRESC-*.pdf")))
    assert "髋关节活动度训练" in prescription and "王医生" in prescription and "李治疗师" in prescription

    # the 结论 column: the outcome rule's verdict for each assessment
    report = flat(next(data.glob("05_assessment/*.pdf")))
    assert "首次评估（基线）" in report
    assert "较上次" in report  # mid and post judged against the one before

    index = flat(data / "00_index" / result.documents[0].filename)
    assert "工伤康复核准（确认）结论" in index and "康复价值评估报告" in index and "工伤康复治疗处方" in index
    readme = (result.folder / "README.txt").read_text(encoding="utf-8")
    for prefix in PREFIXES.values():
        assert prefix in readme  # described, and each file listed
    for doc in result.documents:
        if doc.kind in NEW_KINDS:
            assert doc.filename in readme
    manifest = (result.folder / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert all(doc.filename in manifest for doc in result.documents)

    with a.uow(a.officer) as u:  # rebuilt: the same documents, byte for byte
        again = archive_export.export_archive(u, course.case_id, tmp_path / "again")
    first = {d.doc_id: d.pdf for d in result.documents[1:]}
    assert {d.doc_id: d.pdf for d in again.documents[1:]} == first
    assert all(d.identical_to_first and not d.first_issue for d in again.documents if d.kind in NEW_KINDS)


def _claim_package(course: Course, tmp_path: Path) -> claim_export.PackageResult:
    claim_id = course.build("discharge")
    course.finalize(claim_id)
    a = course.archive
    with a.uow(a.officer) as u:
        return claim_export.export_claim(u, claim_id, tmp_path)


def test_luzhou_claim_package_carries_what_art_30_asks(uow: Callable[..., UnitOfWork], clock: FixedClock,
                                                       tmp_path: Path) -> None:
    result = _claim_package(course_in(uow, clock, "luzhou"), tmp_path)
    assert check_bag(result.zip_path).ok
    kinds = [d.kind for d in result.documents]
    assert kinds[:3] == ["claim_cover", "fee_list", "execution_sheet"]
    assert kinds[-3:] == ["approval", "value_assessment", "prescription"]
    names = sorted(p.name for p in (result.folder / "data" / "documents").iterdir())
    for prefix in PREFIXES.values():
        assert sum(n.startswith(prefix) and n.endswith(".pdf") for n in names) == 1, prefix
    readme = (result.folder / "README.txt").read_text(encoding="utf-8")
    assert all(d.filename in readme for d in result.documents)
    for doc in result.documents:  # the cover, the fee list and the rest: the same identity
        assert_identity(flat(result.folder / "data" / "documents" / doc.filename))


def test_beijing_claim_package_carries_only_what_every_package_does(
        uow: Callable[..., UnitOfWork], clock: FixedClock, tmp_path: Path) -> None:
    """Beijing's text asks nothing more with a claim (its Art. 17 leaves it to the agency's
    rules): no approval, value assessment or prescription PDF in its package."""
    course = course_in(uow, clock, "beijing")
    result = _claim_package(course, tmp_path / "claim")
    assert not {d.kind for d in result.documents} & set(NEW_KINDS)
    names = [p.name for p in (result.folder / "data" / "documents").iterdir()]
    assert not [n for n in names if n.startswith(tuple(PREFIXES.values()))]
    a = course.archive
    with a.uow(a.officer) as u:  # the binder holds them whatever the region
        binder = archive_export.export_archive(u, course.case_id, tmp_path / "binder")
    assert {d.kind for d in binder.documents} >= set(NEW_KINDS)
