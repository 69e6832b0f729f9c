"""The month of claims on both engines: every case with sessions or charges in the month
and its gate; a blocked case is listed with its gaps and never built; the batch builds the
ready cases only, freezes and exports them (one package each), and a refusal is that
case's outcome, not the batch's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.db.models import Claim
from desktop_app.documents.bagit import check_bag
from desktop_app.errors import UserError
from desktop_app.services.claims import claims_month
from tests.archive_fixture import Archive
from tests.services.test_claims import MAY_SESSIONS, Course, make_course

MAY = "2026-05"


def listed(archive: Archive, month: str = MAY) -> dict[int, claims_month.MonthCase]:
    with archive.uow() as u:
        return {c.case_id: c for c in claims_month.month_cases(u.session, month, archive.clock.today())}


def run(archive: Archive, batch, *args, **kwargs):  # type: ignore[no-untyped-def]
    engine = archive.uow().engine
    return batch(engine, archive.clock, archive.officer, *args, **kwargs)


def two_courses(archive: Archive) -> tuple[Course, Course]:
    return make_course(archive), make_course(archive, sign_all=False)


def test_the_month_lists_each_case_with_its_gate(archive: Archive) -> None:
    ready, blocked = two_courses(archive)
    cases = listed(archive)
    assert set(cases) == {ready.case_id, blocked.case_id}
    assert cases[ready.case_id].state == claims_month.READY and cases[ready.case_id].buildable
    assert cases[ready.case_id].sessions == len(MAY_SESSIONS) and cases[ready.case_id].charges == 2
    gone = cases[blocked.case_id]
    assert gone.state == claims_month.BLOCKED and not gone.buildable
    assert [(g.record_type, g.record_id) for g in gone.blocking] == [
        ("treatment_session", blocked.sessions[MAY_SESSIONS[-1]])]
    assert listed(archive, "2026-03") == {}  # nothing before the admission
    with archive.uow() as u:
        found = claims_month.months(u.session, archive.clock.today())
    assert found[-1] == "2026-04" and MAY in found and found == sorted(found, reverse=True)
    with archive.uow() as u, pytest.raises(UserError):
        claims_month.month_cases(u.session, "2026-13", archive.clock.today())


def test_build_finalize_export_the_ready_cases_only(archive: Archive, tmp_path: Path) -> None:
    ready, blocked = two_courses(archive)
    progress: list[tuple[str, int, int]] = []
    built = run(archive, claims_month.build_month, MAY, [ready.case_id, blocked.case_id],
                lambda *report: progress.append(report))
    assert [(o.case_id, o.ok) for o in built] == [(ready.case_id, True), (blocked.case_id, False)]
    assert "未经患者签字确认" in built[1].zh
    assert progress == [("build", 0, 2), ("build", 1, 2), ("build", 2, 2)]
    with archive.uow() as u:
        assert [(c.case_id, c.period, c.status) for c in u.session.scalars(select(Claim))] == [
            (ready.case_id, MAY, "draft")]
    assert listed(archive)[ready.case_id].state == claims_month.DRAFT
    claim_id = built[0].claim_id
    assert claim_id is not None
    [frozen] = run(archive, claims_month.finalize_month, [claim_id])
    assert frozen.ok and listed(archive)[ready.case_id].state == claims_month.FINAL
    [exported] = run(archive, claims_month.export_month, [claim_id], tmp_path)
    assert exported.ok and exported.package is not None and check_bag(exported.package).ok
    assert listed(archive)[ready.case_id].state == claims_month.EXPORTED
    [again] = run(archive, claims_month.export_month, [claim_id], tmp_path)  # never overwritten
    assert not again.ok and "已存在" in again.zh
