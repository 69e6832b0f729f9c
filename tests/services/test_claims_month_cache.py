"""The month screen's amounts and its gate cache on both engines: each case's claim total,
fund share and the charges still waiting, the month's totals; a gate computed once is
reused until a change of its case — or an archive-wide row change such as a signature,
which carries no case id — makes it stale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.db.models import TreatmentSession
from desktop_app.services.claims import claims_month, fees
from desktop_app.services.claims.claims_month import GateCache
from tests.archive_fixture import Archive
from tests.services.test_claims import MAY_SESSIONS, make_course
from tests.services.test_claims_month import MAY


def listed(archive: Archive, cache: GateCache | None = None) -> dict[int, claims_month.MonthCase]:
    with archive.uow() as u:
        return {c.case_id: c for c in claims_month.month_cases(
            u.session, MAY, archive.clock.today(), cache=cache)}


def test_amounts_and_the_months_totals(archive: Archive) -> None:
    ready, blocked = make_course(archive), make_course(archive, sign_all=False)
    cases = listed(archive)
    # May's other charges, not claimed yet: 2 × 28.35 out of scope and 19 bed-days
    waiting = cases[blocked.case_id].waiting_amount
    assert waiting == cases[ready.case_id].waiting_amount > Decimal("56.70")
    assert (cases[blocked.case_id].total, cases[blocked.case_id].fund) == (Decimal("0.00"), Decimal("0.00"))
    claim_id = ready.build(MAY)
    view = ready.view(claim_id)
    cases = listed(archive)
    mine = cases[ready.case_id]
    assert (mine.total, mine.fund, mine.waiting_amount) == (
        view.totals.total, view.totals.settlement.fund_amount, Decimal("0.00"))
    totals = claims_month.month_totals(list(cases.values()))
    assert (totals.cases, totals.claims, totals.total, totals.fund, totals.waiting_amount) == (
        2, 1, view.totals.total, view.totals.settlement.fund_amount, waiting)
    assert totals.sessions == 2 * len(MAY_SESSIONS)


def test_the_gate_is_cached_until_its_case_or_the_archive_changes(archive: Archive) -> None:
    ready, blocked = make_course(archive), make_course(archive, sign_all=False)
    cache = GateCache()
    first = listed(archive, cache)
    assert (cache.misses, cache.hits, len(cache)) == (2, 0, 2)
    again = listed(archive, cache)
    assert (cache.misses, cache.hits) == (2, 2)
    assert {k: c.gaps for k, c in again.items()} == {k: c.gaps for k, c in first.items()}
    assert again[blocked.case_id].state == claims_month.BLOCKED
    with archive.uow(archive.officer) as u:  # one case changes (a charge not signed off yet:
        fees.add_charge(u, ready.case_id, fees.ChargeInput(  # a sign-off is archive-wide)
            archive.codes["演示检查（X线摄影 单部位）"], date(2026, 5, 12), Decimal(1), "medical"))
    listed(archive, cache)
    assert (cache.misses, cache.hits) == (3, 3)
    # the patient signs the missing session: a signature row has no case id
    archive.sign_as_patient([("treatment_session", blocked.sessions[MAY_SESSIONS[-1]])])
    after = listed(archive, cache)
    assert (cache.misses, cache.hits) == (5, 3)
    assert after[blocked.case_id].state == claims_month.READY and not after[blocked.case_id].blocking
    uncached = listed(archive)
    assert {k: c.gaps for k, c in uncached.items()} == {k: c.gaps for k, c in after.items()}
    archive.clock.current = archive.clock.current.replace(day=2)  # another day: computed again
    listed(archive, cache)
    assert (cache.misses, cache.hits, len(cache)) == (7, 3, 2)


def test_a_session_of_another_case_that_overlaps_makes_the_gate_stale(archive: Archive) -> None:
    """A gate judges the billed sessions against other cases' sessions (the same therapist
    at the same time): a session recorded in another case is a change of this case's gate
    though none of this case's rows changed."""
    ready, other = make_course(archive), make_course(archive)
    cache = GateCache()
    before = listed(archive, cache)[ready.case_id]
    assert not any(g.code == "limit_therapist_overlap" for g in before.gaps)
    with archive.uow(archive.therapist) as u:  # inserted directly: recording refuses an overlap
        mine = u.session.get(TreatmentSession, ready.sessions[MAY_SESSIONS[0]])
        assert mine is not None
        u.session.add(TreatmentSession(
            case_id=other.case_id, national_code=mine.national_code, item_name=mine.item_name,
            therapist_id=mine.therapist_id, session_date=mine.session_date,
            started_at=mine.started_at, ended_at=mine.ended_at, count=1, over_approved_count=False,
            created_at=archive.clock.now(), created_by_id=archive.therapist))
        u.commit()
    after = listed(archive, cache)[ready.case_id]
    uncached = listed(archive)[ready.case_id]
    assert any(g.code == "limit_therapist_overlap" for g in uncached.gaps)
    assert after.gaps == uncached.gaps
