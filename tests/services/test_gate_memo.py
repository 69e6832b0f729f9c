"""The gate handed on from one step of a claim to the next (``claims.gate_memo``): taken
again only where nothing it read changed, equal to the gate judged afresh, never across
databases; PostgreSQL always judges afresh. Both engines."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from desktop_app.db.engine import make_engine
from desktop_app.db.models import Claim, RehabCase
from desktop_app.services.claims import claim_export, claim_gate, claims, gate_memo
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import PrescriptionInput
from desktop_app.services.core.uow import UnitOfWork
from tests.archive_fixture import ADMISSION, Archive
from tests.services.test_claims import APRIL_SESSIONS, Course, make_course

APRIL = "2026-04"


def sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def finalize_key(archive: Archive, claim_id: int) -> tuple[gate_memo.Key, claim_gate.GateReport]:
    """The key a finalize or an export of ``claim_id`` looks for, and the gate judged afresh."""
    with archive.uow() as u:
        claim = u.session.get(Claim, claim_id)
        assert claim is not None
        case = u.session.get(RehabCase, claim.case_id)
        assert case is not None
        billed = [ln for ln in claims.lines_of(u.session, claim_id)
                  if ln.reverses_id is None and ln.quantity > 0]
        window = claims._window(claim)
        fresh = claim_gate.check(u.session, case, claim.period, window, billed)
        return gate_memo.key_of(case.id, claim.period, window, billed), fresh


def handed(archive: Archive, key: gate_memo.Key) -> claim_gate.GateReport | None:
    with archive.uow() as u:
        return gate_memo.handed_on(u.session, key)


def counts(archive: Archive) -> tuple[int, int]:
    with archive.uow() as u:
        return gate_memo.counts(u.session)


def test_each_step_hands_on_the_gate_a_fresh_one_would_give(archive: Archive, engine: Engine) -> None:
    course = make_course(archive)
    april = course.build(APRIL)
    key, fresh = finalize_key(archive, april)
    assert fresh.ok and fresh.gaps, "a gate with warnings, so that equality says something"
    if not sqlite(engine):
        assert handed(archive, key) is None  # PostgreSQL: every step judges afresh
        course.finalize(april)
        assert counts(archive) == (0, 0)
        return
    after_build = handed(archive, key)
    assert after_build is not None and after_build.gaps == fresh.gaps  # the build's own writes
    hits = counts(archive)[0]
    course.finalize(april)
    assert counts(archive)[0] == hits + 1  # the finalize took it
    _same_key, fresh_after_finalize = finalize_key(archive, april)
    after_finalize = handed(archive, key)
    assert after_finalize is not None and after_finalize.gaps == fresh_after_finalize.gaps == fresh.gaps
    with archive.uow(archive.officer) as u:  # the export checks it once more: taken again
        claim = u.session.get(Claim, april)
        assert claim is not None
        case = u.session.get(RehabCase, claim.case_id)
        assert case is not None
        assert claim_export.export_gate(u.session, claim, case, claims._window(claim)).gaps == fresh.gaps
    assert counts(archive)[0] == hits + 2


def draft_prescription(archive: Archive, case_id: int) -> None:
    """An unsigned prescription: a blocking gap."""
    with archive.uow(archive.physician) as u:
        treatment.prescribe(u, case_id, PrescriptionInput(
            archive.codes["运动疗法"], 2, "每日1次", ADMISSION, archive.physician, archive.therapist,
            "步态训练"))


def test_a_change_of_the_case_between_steps_is_judged_afresh(archive: Archive, engine: Engine) -> None:
    course = make_course(archive, prescribe=True, charges=False)  # still in treatment
    april = course.build(APRIL)
    draft_prescription(archive, course.case_id)
    key, fresh = finalize_key(archive, april)
    assert not fresh.ok and any(g.code == "prescription_unsigned" for g in fresh.blocking)
    assert handed(archive, key) is None
    with pytest.raises(claim_gate.ClaimBlocked, match="未签名"):
        course.finalize(april)


def test_another_cases_session_or_a_setting_makes_every_gate_judged_afresh(
        archive: Archive, engine: Engine) -> None:
    kept = sqlite(engine)  # PostgreSQL keeps nothing: every gate judged afresh
    course = make_course(archive)
    april = course.build(APRIL)
    key, _fresh = finalize_key(archive, april)
    assert (handed(archive, key) is not None) == kept
    other = archive.admitted_case()  # another case, a session in the same days
    archive.record_session(other, APRIL_SESSIONS[0] + timedelta(days=2))
    assert handed(archive, key) is None
    course.finalize(april)  # judged afresh, handed on again
    assert (handed(archive, key) is not None) == kept
    with archive.uow(archive.admin) as u:  # a case-less change: the institution's setting
        claim_gate.set_mid_assessment_after_days(u, 45)
    assert handed(archive, key) is None


@pytest.mark.sqlite_only  # a database file replaced under its path
def test_a_database_replaced_under_the_same_path_is_not_trusted(
        archive: Archive, engine: Engine, tmp_path: Path) -> None:
    course = make_course(archive)
    path = Path(engine.url.database or "")
    before = tmp_path / "before-build.sqlite3"
    engine.dispose()
    shutil.copyfile(path, before)
    april = course.build(APRIL)
    key, _fresh = finalize_key(archive, april)
    assert handed(archive, key) is not None
    engine.dispose()
    shutil.copyfile(before, path)  # restored to the state before the build
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    again = make_engine(f"sqlite:///{path}")
    try:
        with UnitOfWork(again) as u:
            assert gate_memo.handed_on(u.session, key) is None
            assert u.session.get(Claim, april) is None
    finally:
        again.dispose()


def test_a_step_after_a_failed_commit_is_never_handed_on(archive: Archive, engine: Engine) -> None:
    """``before_commit``: what a step keeps runs only once its commit succeeded."""
    ran: list[str] = []
    with archive.uow(archive.officer) as u:
        u.before_commit(lambda _session: lambda: ran.append("kept"))
        u.session.add(Claim(case_id=10_000_000, period=APRIL, version_no=1, status="draft",
                            totals={}, created_at=archive.clock.now()))  # no such case
        with pytest.raises(Exception):  # noqa: B017 - the database's refusal, engine's own type
            u.commit()
    assert ran == []
    with archive.uow(archive.officer) as u:
        u.before_commit(lambda _session: lambda: ran.append("kept"))
        u.session.get(RehabCase, 1)
        u.commit()
    assert ran == ["kept"]


def test_the_month_listing_hands_each_gate_to_the_build(archive: Archive, engine: Engine) -> None:
    from desktop_app.services.claims import claims_month

    course: Course = make_course(archive)
    today = date(2026, 6, 1)
    with archive.uow() as u:
        listed = claims_month.month_cases(u.session, APRIL, today)
    assert [c.case_id for c in listed if c.buildable] == [course.case_id]
    before = counts(archive)
    course.build(APRIL)
    hits = counts(archive)[0] - before[0]
    assert hits == (1 if sqlite(engine) else 0)
