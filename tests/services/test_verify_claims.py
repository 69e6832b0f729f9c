"""``verify`` checks every frozen claim against its hash: a fee line or the claim itself
changed with raw SQL around the database's guards is named; drafts are not checked."""

from __future__ import annotations

from sqlalchemy import Engine

from desktop_app.services.claims import claims
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import Archive
from tests.conftest import without_guards
from tests.services.test_claims import make_course


def claim_problems(engine: Engine) -> list[str]:
    return [p.item for p in verify_archive(engine).problems if p.area == "claim"]


def test_verify_names_a_frozen_claim_changed_behind_the_guards(archive: Archive, engine: Engine) -> None:
    course = make_course(archive)
    april, may = course.build("2026-04"), course.build("2026-05")
    course.finalize(april)
    course.finalize(may)
    report = verify_archive(engine)
    assert report.ok, report.lines()
    assert report.checked["冻结的结算申报 frozen claims"] == 2
    with archive.uow() as u:
        line = claims.lines_of(u.session, april)[0].id
        number = u.session.get(claims.RehabCase, course.case_id).case_number  # type: ignore[union-attr]
    without_guards(engine, "UPDATE fee_line SET amount = amount + 1 WHERE id = :line", line=line)
    assert claim_problems(engine) == [f"结算申报 #{april}（{number} 2026-04 第1版）"]
    without_guards(engine, "UPDATE claim SET correction_reason = '改' WHERE id = :claim", claim=may)
    assert claim_problems(engine) == [f"结算申报 #{april}（{number} 2026-04 第1版）",
                                      f"结算申报 #{may}（{number} 2026-05 第1版）"]
    without_guards(engine, "UPDATE fee_line SET claim_id = NULL WHERE id = :line", line=line)
    assert f"fee_line #{line}" in claim_problems(engine)  # taken out of its claim


def test_a_draft_is_not_frozen_and_not_checked(archive: Archive, engine: Engine) -> None:
    course = make_course(archive)
    draft = course.build("2026-04")
    without_guards(engine, "UPDATE claim SET correction_reason = '草稿' WHERE id = :claim", claim=draft)
    report = verify_archive(engine)
    assert report.checked["冻结的结算申报 frozen claims"] == 0 and not claim_problems(engine)
