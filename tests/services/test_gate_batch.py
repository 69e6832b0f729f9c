"""The claim gate computed for many cases at once (``claim_gate.reports``, the month screen's
listing) gives exactly the gates computed case by case (``claim_gate.report``, each in a
session of its own): the same gaps in the same order with the same texts, the same late
signatures with the same acknowledgements — on both engines, over cases in different states
(ready, blocked, late-signed and acknowledged, bare, discharged)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import event

from desktop_app.clock import CHINA, china_datetime
from desktop_app.db.models import RehabCase, TreatmentSession
from desktop_app.services.claims import claim_gate, claims_month, late_signatures
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import DischargeInput
from desktop_app.services.core.lookup import current_plan
from desktop_app.services.rules import session_limits
from tests.archive_fixture import ADMISSION, DISCHARGE, Archive
from tests.services.test_claims import make_course
from tests.services.test_signature_timing import DAY, _patient_signs, _sign_next_day

MAY = "2026-05"


def picture(report: claim_gate.GateReport) -> tuple[object, ...]:
    """Everything a gate says (an acknowledgement by its id: rows of different sessions)."""
    return (report.case_id, report.period, report.window, report.gaps,
            tuple((i.timing, i.acknowledgement.id if i.acknowledgement else None)
                  for i in report.late))


def one_by_one(archive: Archive, case_ids: list[int], period: str) -> dict[int, tuple[object, ...]]:
    out = {}
    for case_id in case_ids:
        with archive.uow() as u:  # a fresh session: nothing loaded before
            out[case_id] = picture(claim_gate.report(u.session, case_id, period, archive.clock.today()))
    return out


def at_once(archive: Archive, case_ids: list[int], period: str) -> dict[int, tuple[object, ...]]:
    with archive.uow() as u:
        found = claim_gate.reports(u.session, case_ids, period, archive.clock.today())
        assert list(found) == case_ids
        return {case_id: picture(report) for case_id, report in found.items()}


@contextmanager
def counted(archive: Archive) -> Iterator[list[int]]:
    engine = archive.uow().engine
    count = [0]

    def one(*_args: object) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", one)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", one)


def varied(archive: Archive) -> list[int]:
    """Cases whose May gates differ: ready, blocked, bare with a late signature, late and
    acknowledged."""
    ready = make_course(archive).case_id
    blocked = make_course(archive, sign_all=False).case_id
    late = archive.admitted_case()
    _sign_next_day(archive, archive.record_session(late, DAY))
    acknowledged = archive.admitted_case()
    _sign_next_day(archive, archive.record_session(acknowledged, DAY))
    _sign_next_day(archive, archive.record_session(acknowledged, DAY + timedelta(days=1)),
                   DAY + timedelta(days=1))
    with archive.uow(archive.officer) as u:
        assert late_signatures.acknowledge(u, acknowledged, MAY, "患者次日补签") == 2
    archive.record_session(acknowledged, DAY + timedelta(days=3))  # signed by nobody yet
    return [ready, blocked, late, acknowledged]


def test_the_month_gates_at_once_are_the_gates_case_by_case(archive: Archive) -> None:
    case_ids = varied(archive)
    with counted(archive) as alone:
        expected = one_by_one(archive, case_ids, MAY)
    with counted(archive) as together:
        found = at_once(archive, case_ids, MAY)
    assert found == expected
    assert together[0] < alone[0]  # the records read by id come in a few queries
    codes = [g.code for gate in expected.values() for g in gate[3]]  # type: ignore[attr-defined]
    assert {"session_not_signed_by_patient", "session_not_signed_by_therapist", "late_signatures",
            "late_signatures_acknowledged", "no_pre_assessment", "idle_bed_days"} <= set(codes)
    assert expected[case_ids[0]][3] != expected[case_ids[1]][3]
    # the month screen lists the same gaps, computed or taken from its cache
    cache = claims_month.GateCache()
    for _ in range(2):
        with archive.uow() as u:
            listed = {c.case_id: c.gaps for c in claims_month.month_cases(
                u.session, MAY, archive.clock.today(), cache=cache)}
        assert {i: listed[i] for i in case_ids} == {i: g[3] for i, g in expected.items()}
    assert cache.hits >= len(case_ids)


def test_discharge_gates_at_once_are_the_gates_case_by_case(archive: Archive) -> None:
    case_id = archive.admitted_case()
    ids = [archive.record_session(case_id, ADMISSION + timedelta(days=n)) for n in (1, 2)]
    archive.sign_as_patient([("treatment_session", i) for i in ids])
    with archive.at(china_datetime(DISCHARGE, 16)), archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home", "same_job"))
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    with archive.at(china_datetime(DISCHARGE + timedelta(days=2), 10)):
        _patient_signs(archive, ("treatment_plan", plan_id), "patient_confirms_plan")
    ready = make_course(archive).case_id
    expected = one_by_one(archive, [case_id], "discharge")
    assert at_once(archive, [case_id], "discharge") == expected
    assert "signed_after_discharge" in {g.code for g in expected[case_id][3]}  # type: ignore[attr-defined]
    assert at_once(archive, [case_id, ready], "2026-04") == one_by_one(archive, [case_id, ready], "2026-04")


def resident_id(first17: str) -> str:
    """The ID number with its check character (GB 11643)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def _stored_session(archive: Archive, case_id: int, start: datetime, minutes: int) -> int:
    """A session stored as it is (recording would refuse an overlap)."""
    with archive.uow(archive.therapist) as u:
        row = TreatmentSession(
            case_id=case_id, national_code=archive.codes["运动疗法"], item_name="运动疗法",
            therapist_id=archive.therapist, session_date=start.astimezone(CHINA).date(),
            started_at=start, ended_at=start + timedelta(minutes=minutes), count=1,
            over_approved_count=False, created_at=archive.clock.now(), created_by_id=archive.therapist)
        u.session.add(row)
        u.session.flush()
        u.commit()
        return row.id


def test_a_session_past_midnight_overlaps_the_next_days_in_both_paths(archive: Archive) -> None:
    """The therapist's session of another case begun the day before and running past
    midnight overlaps an early session; one ending at midnight does not."""
    early, evening = archive.admitted_case(), archive.admitted_case()
    night = archive.register(resident_id=resident_id("11010519800101123"))  # another worker
    midnight = china_datetime(DAY, 0)
    mine = _stored_session(archive, early, midnight + timedelta(minutes=10), 30)
    _stored_session(archive, night, midnight - timedelta(minutes=30), 60)  # 23:30–00:30
    _stored_session(archive, evening, midnight - timedelta(minutes=60), 60)  # 23:00–00:00
    apart = _stored_session(archive, evening, midnight + timedelta(hours=10), 30)
    expected = one_by_one(archive, [early, evening], MAY)
    assert at_once(archive, [early, evening], MAY) == expected
    overlaps = {case_id: [g.record_id for g in gate[3] if g.code == "limit_therapist_overlap"]  # type: ignore[attr-defined]
                for case_id, gate in expected.items()}
    assert overlaps[early] == [mine]
    assert apart not in overlaps[evening]
    with archive.uow() as u:
        case = u.session.get(RehabCase, early)
        assert case is not None
        judged = session_limits.judge_case(u.session, case, [mine])
    assert "therapist_overlap" in judged[mine].broken
