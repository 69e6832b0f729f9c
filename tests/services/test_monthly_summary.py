"""The monthly summary (申报汇总表): totals are the sum of the month's frozen claims (by
category and payer, corrections added in), drafts are listed as not included, the record
is append-only and versioned, two different people sign it off, and its PDF/A-3b and XLSX
say the same numbers."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import threading
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.db.models import AuditEvent, Claim, MonthlySummary, Signature
from desktop_app.documents.money import yuan
from desktop_app.domain.canonical import sha256_hex
from desktop_app.errors import FieldError, UserError, ValidationFailed
from desktop_app.services.admin import accounts, setup
from desktop_app.services.claims import claims, monthly_summary
from desktop_app.services.claims.monthly_summary_view import latest_summary
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import Archive
from tests.documents.pdf_checks import font_width_errors, pdfa_3b_report, unexpected_preflight_errors
from tests.services.test_claims import PASSWORD, make_course

APRIL = "2026-04"


def with_password(archive: Archive, *actors: int) -> None:
    for actor in actors:
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, actor, PASSWORD)
        archive.passwords[actor] = PASSWORD


def second_officer(archive: Archive) -> int:
    with archive.uow(archive.admin) as u:
        officer = setup.add_staff(u, "ro2", "周档案员", "records_officer")
    with_password(archive, officer)
    return officer


def summarise(archive: Archive, month: str = APRIL) -> int:
    with archive.uow(archive.officer) as u:
        return monthly_summary.summarise_month(u, month)


def sign(archive: Archive, actor: int, summary_id: int, password: str = PASSWORD) -> int:
    with archive.uow(actor) as u:
        return monthly_summary.sign_summary(u, summary_id, password)


def april_with_correction(archive: Archive) -> tuple[list[int], int]:
    """April frozen (V1), corrected and frozen again (V2: reversals and replacements); May
    built and left a draft. Returns the April versions and the May draft."""
    course = make_course(archive)
    v1 = course.build(APRIL)
    course.finalize(v1)
    with archive.uow(archive.officer) as u:
        v2 = claims.correct_claim(u, v1, "医保经办机构退回：补正床位费", reverse_all=True)
    course.finalize(v2)
    may = course.build("2026-05")
    return [v1, v2], may


def frozen_totals(archive: Archive, claim_ids: list[int]
                  ) -> tuple[dict[str, Decimal], dict[str, Decimal], Decimal]:
    by_category: dict[str, Decimal] = {}
    by_payer: dict[str, Decimal] = {}
    total = Decimal(0)
    with archive.uow() as u:
        for claim in u.session.scalars(select(Claim).where(Claim.id.in_(claim_ids))):
            for key, amount in claim.totals["by_category"].items():  # type: ignore[union-attr]
                by_category[key] = by_category.get(key, Decimal(0)) + Decimal(str(amount))
            for key, amount in claim.totals["by_payer"].items():  # type: ignore[union-attr]
                by_payer[key] = by_payer.get(key, Decimal(0)) + Decimal(str(amount))
            total += Decimal(str(claim.totals["total"]))
    return by_category, by_payer, total


def test_the_totals_are_the_sum_of_the_months_frozen_claims(archive: Archive) -> None:
    april, may = april_with_correction(archive)
    summary_id = summarise(archive)
    with archive.uow() as u:
        view = latest_summary(u.session, APRIL)
    assert view is not None and view.summary_id == summary_id and view.version_no == 1
    by_category, by_payer, total = frozen_totals(archive, april)
    assert total > 0
    assert view.total == total
    assert {k: v for k, v in view.by_category.items() if v} == {k: v for k, v in by_category.items() if v}
    assert {k: v for k, v in view.by_payer.items() if v} == {k: v for k, v in by_payer.items() if v}
    assert sum(view.by_category.values()) == sum(view.by_payer.values()) == view.total
    (row,) = view.rows  # one row per case and period: the latest frozen version, amounts net
    assert (row.claim_id, row.version_no, row.total) == (april[1], 2, total)
    assert view.left_out == ()  # April has no draft
    with archive.uow() as u:
        may_view = latest_summary(u.session, "2026-05")
    assert may_view is None
    may_id = summarise(archive, "2026-05")
    with archive.uow() as u:
        may_view = latest_summary(u.session, "2026-05")
    assert may_view is not None and may_view.summary_id == may_id
    assert may_view.rows == () and may_view.total == 0  # a draft is never counted…
    assert [d.claim_id for d in may_view.left_out] == [may]  # …but listed as not included
    assert "未纳入" in may_view.left_out[0].note


def test_summarised_again_only_after_a_change_and_never_edited(archive: Archive, engine: Engine) -> None:
    course = make_course(archive)
    v1 = course.build(APRIL)
    course.finalize(v1)
    first = summarise(archive)
    assert summarise(archive) == first  # nothing changed: the same version
    with archive.uow(archive.officer) as u:
        v2 = claims.correct_claim(u, v1, "补正", reverse_all=True)
    corrected_draft = summarise(archive)  # the correction's draft is listed, not counted
    with archive.uow() as u:
        view = latest_summary(u.session, APRIL)
    assert view is not None and corrected_draft != first and view.version_no == 2
    assert [d.claim_id for d in view.left_out] == [v2] and "更正草稿" in view.left_out[0].note
    assert view.rows[0].version_no == 1
    course.finalize(v2)
    third = summarise(archive)
    with archive.uow() as u:
        rows = u.session.scalars(select(MonthlySummary).order_by(MonthlySummary.id)).all()
        assert [(r.month, r.version_no) for r in rows] == [(APRIL, 1), (APRIL, 2), (APRIL, 3)]
        assert rows[-1].id == third
        assert sha256_hex(rows[0].content.encode("utf-8")) == rows[0].content_sha256
        created = u.session.scalars(select(AuditEvent.record_id).where(
            AuditEvent.record_type == "monthly_summary", AuditEvent.action == "create")).all()
        assert sorted(created) == [first, corrected_draft, third]  # audited in the same transaction
    for statement in ("UPDATE monthly_summary SET content_sha256 = 'x'",
                      "UPDATE monthly_summary SET record_state = 'draft'",
                      "DELETE FROM monthly_summary"):
        with pytest.raises(DBAPIError, match="REHAB_IMMUTABLE"), engine.begin() as conn:
            conn.execute(text(statement))


def test_two_different_people_sign_it_off(archive: Archive) -> None:
    make_course_and_freeze(archive)
    with_password(archive, archive.officer, archive.admin)
    summary_id = summarise(archive)
    with pytest.raises(ValidationFailed) as wrong:
        sign(archive, archive.officer, summary_id, "不对的口令")
    assert any(isinstance(e, FieldError) and e.key == "password" for e in wrong.value.errors)
    prepared = sign(archive, archive.officer, summary_id)
    with pytest.raises(ValidationFailed) as twice:  # the same person cannot also review
        sign(archive, archive.officer, summary_id)
    assert "同一人" in twice.value.zh
    with archive.uow(archive.therapist) as u, pytest.raises(PermissionDenied):
        monthly_summary.sign_summary(u, summary_id, PASSWORD)
    reviewed = sign(archive, archive.admin, summary_id)
    with archive.uow() as u:
        view = latest_summary(u.session, APRIL)
        assert view is not None and view.signed_off
        marks = {s.role: s for s in view.sign_offs}
        assert (marks["经办人"].signature_id, marks["经办人"].name) == (prepared, "孙档案员")
        assert marks["审核人"].signature_id == reviewed
        for signature_id in (prepared, reviewed):
            signature = u.session.get(Signature, signature_id)
            assert signature is not None and signing.check_signature(u.session, signature).valid
        assert {s.meaning for s in u.session.scalars(select(Signature).where(
            Signature.id.in_([prepared, reviewed])))} == {"summary_prepares", "summary_reviews"}
        failed = u.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "sign_failed", AuditEvent.record_type == "monthly_summary"))
    assert failed == 1  # the wrong password is audited
    officer_two = second_officer(archive)
    with pytest.raises(UserError, match="已签署"):  # both places are taken
        sign(archive, officer_two, summary_id)
    report = verify_archive(archive_engine(archive))  # rows reconcile, signatures recompute
    assert report.ok, report.problems


def archive_engine(archive: Archive) -> Engine:
    with archive.uow() as u:
        return u.engine


def test_another_records_officer_may_review_and_an_old_version_is_not_signed(archive: Archive) -> None:
    course = make_course_and_freeze(archive)
    with_password(archive, archive.officer)
    reviewer = second_officer(archive)
    first = summarise(archive)
    sign(archive, archive.officer, first)
    sign(archive, reviewer, first)
    with archive.uow(archive.officer) as u:
        v2 = claims.correct_claim(u, course, "补正", reverse_all=True)
    claims_finalize(archive, v2)
    second = summarise(archive)
    assert second != first
    with pytest.raises(UserError, match="更新"):
        sign(archive, archive.officer, first)
    with archive.uow() as u:
        view = latest_summary(u.session, APRIL)
    assert view is not None and not view.signed_off and all(s.signed_at is None for s in view.sign_offs)


def make_course_and_freeze(archive: Archive) -> int:
    course = make_course(archive)
    claim_id = course.build(APRIL)
    course.finalize(claim_id)
    return claim_id


def claims_finalize(archive: Archive, claim_id: int) -> None:
    with archive.uow(archive.officer) as u:
        claims.finalize_claim(u, claim_id)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_pdf_and_the_spreadsheet_say_the_same_numbers(archive: Archive, tmp_path: Path) -> None:
    april, may = april_with_correction(archive)
    with_password(archive, archive.officer, archive.admin)
    summary_id = summarise(archive)
    unsigned = tmp_path / "unsigned"
    unsigned.mkdir()
    with archive.uow(archive.officer) as u:
        files = monthly_summary.export_summary(u, summary_id, unsigned)
    flat = "".join(pdf_text(files.pdf).split())
    assert "待签署" in flat  # blank lines await both sign-offs
    sign(archive, archive.officer, summary_id)
    sign(archive, archive.admin, summary_id)
    with archive.uow(archive.officer) as u:
        files = monthly_summary.export_summary(u, summary_id, tmp_path)
        row = u.session.get(MonthlySummary, summary_id)
        assert row is not None
        content_sha256 = row.content_sha256
        view = latest_summary(u.session, APRIL)
    assert view is not None
    _by_category, _by_payer, total = frozen_totals(archive, april)
    # The PDF: PDF/A-3b, Chinese text, the totals and both sign-offs.
    pdf = files.pdf.read_bytes()
    assert pdfa_3b_report(pdf).passed
    assert unexpected_preflight_errors(files.pdf) == []  # PDFBox, independently
    assert font_width_errors(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 1
    flat = "".join(pdf_text(files.pdf).split())
    assert "工伤康复费用申报汇总表" in flat and "本月合计" in flat
    assert yuan(total) in flat and yuan(view.by_payer["fund"]) in flat
    assert "待签署" not in flat
    for mark in view.sign_offs:  # name and signature number of each
        assert mark.name in flat and f"签名#{mark.signature_id}" in flat
    assert content_sha256 in flat
    assert sha256_hex(files.json.read_bytes()) == content_sha256
    assert json.loads(files.json.read_text(encoding="utf-8"))["month"] == APRIL
    # The XLSX: numbers sum to the total, codes stay text, two header rows frozen.
    book = load_workbook(files.xlsx)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    fields = [c.value for c in sheet[2]]
    assert headers[0] == "病例号" and fields[0] == "case_number" and "total" in fields
    assert sheet.freeze_panes == "A3"
    column = fields.index("total") + 1
    amounts = [sheet.cell(row=r, column=column).value for r in range(3, sheet.max_row + 1)]
    numbers = [a for a in amounts if isinstance(a, int | float | Decimal)]
    assert Decimal(str(round(sum(numbers), 2))) == total
    assert str(amounts[-1]).startswith("=SUM(")  # 本月合计: a formula people can check
    assert sheet.cell(row=3, column=column).number_format == "#,##0.00"
    case_number = sheet.cell(row=3, column=1)
    assert case_number.data_type == "s" and case_number.value == view.rows[0].case_number
    fund = fields.index("payer_fund") + 1
    funds = [sheet.cell(row=r, column=fund).value for r in range(3, sheet.max_row)]  # the SUM row left out
    assert Decimal(str(round(sum(funds), 2))) == view.by_payer["fund"]
    assert book.worksheets[1].max_row == 2  # no draft in April: the header rows only
    for png in sorted(tmp_path.glob("*.png")):
        png.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(files.pdf), str(tmp_path / "summary")], check=True)
    assert sorted(tmp_path.glob("summary*.png"))


def test_two_officers_summarising_at_once_get_one_version(archive: Archive,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Both read the versions before either writes (a barrier holds the first there): without
    the month's lock both would number version 1 and one would fail on the database."""
    course = make_course(archive)
    course.finalize(course.build(APRIL))
    other = second_officer(archive)
    both_read = threading.Barrier(2)
    read_versions = monthly_summary.versions

    def versions_then_wait(session: object, month: str) -> list[MonthlySummary]:
        found = read_versions(session, month)  # type: ignore[arg-type]
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=2)  # the lock makes the other wait outside: no meeting
        return found

    monkeypatch.setattr(monthly_summary, "versions", versions_then_wait)
    results: dict[int, object] = {}

    def summarise_as(actor: int) -> None:
        try:
            with archive.uow(actor) as u:
                results[actor] = monthly_summary.summarise_month(u, APRIL)
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            results[actor] = error

    threads = [threading.Thread(target=summarise_as, args=(a,)) for a in (archive.officer, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(isinstance(r, int) for r in results.values()), results
    assert results[archive.officer] == results[other]  # the second found the first's version
    with archive.uow() as u:
        assert [(r.month, r.version_no) for r in u.session.scalars(select(MonthlySummary))] == [(APRIL, 1)]
