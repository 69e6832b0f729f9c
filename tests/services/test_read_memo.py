"""A reading step's memo: the same answers as the archive gives, kept only while nothing
is pending, and only inside the step."""

from __future__ import annotations

from desktop_app.db.models import RehabCase
from desktop_app.services.core import read_memo
from desktop_app.services.integrity.signature_timing import timings
from desktop_app.services.records.document_view import case_header
from tests.archive_fixture import Archive
from tests.services.test_claims import make_course


def test_answers_are_the_archives_and_kept_only_inside_a_clean_reading_step(archive: Archive) -> None:
    course = make_course(archive, charges=False)
    records = [("treatment_session", i) for i in course.sessions.values()]
    with archive.uow() as u:
        session = u.session
        fresh = timings(session, records)
        assert fresh and read_memo.store(session, "signature_timings") is None  # outside: none
        with read_memo.reading(session):
            part = timings(session, records[:2])
            whole = timings(session, list(reversed(records)) + records)
            memo = read_memo.store(session, "signature_timings")
            assert memo is not None and set(memo) == set(records)
            assert part == [t for t in fresh if (t.record_type, t.record_id) in records[:2]]
            assert whole == sorted(fresh, key=lambda t: records[::-1].index((t.record_type, t.record_id)))
            case = session.get(RehabCase, course.case_id)
            assert case is not None
            header = case_header(session, case)
            assert case_header(session, case) is header  # the same answer, not asked again
            case.rehab_value_assessment = "changed"  # a pending change: the step is no longer read-only
            assert read_memo.store(session, "case_header") is None
            assert case_header(session, case) is not header
        assert "read_memo" not in session.info
        session.rollback()
