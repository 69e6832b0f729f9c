"""``audit.bulk_update`` (build and finalize of a claim set their lines with it): on both
engines it writes what the row-by-row flush writes — the same columns and versions, the
same audit events with the same details and row-state hashes in the same order — and
refuses what the flush refuses (a stale copy, a signed row)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.db.models import AuditEvent, FeeLine
from desktop_app.domain.row_state import row_state_hash
from desktop_app.domain.vocabulary import State
from desktop_app.services.claims import fees
from desktop_app.services.core import audit
from desktop_app.services.core.guards import SignedRecordChange
from tests.archive_fixture import Archive
from tests.services.test_claims import make_course


def _changes(lines: list[FeeLine]) -> list[dict[str, Any]]:
    """Different new values per line (two groups), one line left as it is."""
    return [{"coverage_rule": f"rule-{n % 2}", "coverage_reason": "理由 reason",
             "coverage": line.coverage} if n else {"coverage": line.coverage}
            for n, line in enumerate(lines)]


def _written(archive: Archive, *, bulk: bool) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The events and the lines' (id, version, rule, reason, state hash) after the change,
    made in a unit of work that is rolled back."""
    with archive.uow(archive.officer) as u:
        session = u.session
        lines = list(session.scalars(select(FeeLine).order_by(FeeLine.id.desc())))  # any order
        before = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
        if bulk:
            audit.bulk_update(session, lines, _changes(lines))
        else:
            for line, new in zip(lines, _changes(lines), strict=True):
                for key, value in new.items():
                    setattr(line, key, value)
        session.flush()
        session.flush()  # the events queued by the first
        events = [(e.action, e.record_type, e.record_id, e.case_id, e.details, e.row_sha256)
                  for e in session.scalars(select(AuditEvent).where(AuditEvent.id > before)
                                           .order_by(AuditEvent.id))]
        table = FeeLine.__table__
        rows = [(row["id"], row["version"], row["coverage_rule"], row["coverage_reason"],
                 row_state_hash(dict(row)))
                for row in session.connection().execute(select(table).order_by(table.c.id)).mappings()]
        assert [(ln.id, ln.version, ln.coverage_rule) for ln in sorted(lines, key=lambda ln: ln.id)] == \
            [r[:3] for r in rows]  # the session's objects hold what the database holds
    return events, rows


def test_bulk_update_writes_what_the_flush_writes(archive: Archive) -> None:
    course = make_course(archive)
    with archive.uow(archive.officer) as u:
        fees.charge_new_sessions(u, course.case_id)
        u.commit()
    flushed_events, flushed_rows = _written(archive, bulk=False)
    bulk_events, bulk_rows = _written(archive, bulk=True)
    assert len(flushed_rows) > 3 and len(flushed_events) == len(flushed_rows) - 1  # one unchanged
    assert bulk_rows == flushed_rows
    assert bulk_events == flushed_events
    assert all(e[0] == "update" and e[5] for e in bulk_events)
    assert [e[2] for e in bulk_events] == sorted(e[2] for e in bulk_events)  # in id order


def test_a_stale_copy_is_refused_as_a_flush_refuses_it(archive: Archive) -> None:
    make_course(archive)
    with archive.uow(archive.officer) as u:
        line = u.session.scalars(select(FeeLine)).first()
        assert line is not None
        set_committed_value(line, "version", line.version + 7)  # someone changed it since
        with pytest.raises(StaleDataError):
            audit.bulk_update(u.session, [line], [{"coverage_reason": "stale"}])


def test_a_signed_line_goes_through_the_guard(archive: Archive) -> None:
    course = make_course(archive)
    claim_id = course.build("2026-04")
    course.finalize(claim_id)
    with archive.uow(archive.officer) as u:
        lines = list(u.session.scalars(select(FeeLine).where(FeeLine.claim_id == claim_id)))
        assert lines and all(ln.record_state == State.SIGNED for ln in lines)
        with pytest.raises(SignedRecordChange):
            audit.bulk_update(u.session, lines, [{"coverage_reason": "edited"}] * len(lines))
