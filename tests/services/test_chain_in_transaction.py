"""A write and the chaining of its audit events are one transaction, and a recording reads
each row it needs once (issue 18: the round trips of recording a session on PostgreSQL)."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import Engine, event, select, text

from desktop_app.db.models import AuditEvent, RehabCase, TreatmentSession
from desktop_app.services.core.audit_chain import CHAIN_LOCK_KEY, chain_pending, unchained_count
from tests.archive_fixture import Archive

DAY = date(2026, 4, 7)


def _watch(engine: Engine) -> tuple[list[str], list[int]]:
    """The statements run and the commits made from now on."""
    statements: list[str] = []
    commits: list[int] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: statements.append(" ".join(statement.split())))
    event.listen(engine, "commit", lambda _c: commits.append(1))
    return statements, commits


def test_a_recording_and_its_chain_commit_once(archive: Archive, engine: Engine) -> None:
    case_id = archive.admitted_case()
    with archive.uow(archive.admin) as u:
        u.session.execute(select(1))
        u.commit()  # whatever set-up left unchained is chained now
    statements, commits = _watch(engine)
    session_id = archive.record_session(case_id, DAY)
    assert len(commits) == 1  # no second transaction for the chain
    with archive.uow(archive.admin) as u:
        assert unchained_count(u.session) == 0
        chained = u.session.scalar(select(AuditEvent.chain_seq).where(
            AuditEvent.record_type == "treatment_session", AuditEvent.record_id == session_id))
        assert chained is not None
    if engine.dialect.name == "sqlite":  # the lock begins the transaction again: all re-read
        return
    # the case, the actor and the plan read once each (the lock reads the case again)
    entity_reads = [s for s in statements if s.startswith("SELECT rehab_case.id, rehab_case.case_number")]
    assert len(entity_reads) <= 2, entity_reads
    assert sum(s.startswith("SELECT staff_user.id, staff_user.username") for s in statements) == 1
    assert sum(s.startswith("SELECT treatment_plan.id") for s in statements) == 1
    assert sum("lock_timeout" in s for s in statements) <= 1


def test_a_writer_never_waits_for_the_chain(archive: Archive, engine: Engine) -> None:
    """PostgreSQL: someone holding the chain lock leaves this write's events unchained, for
    the next commit to chain; the write does not wait. SQLite: writers are serialised, so
    every commit chains its own events."""
    case_id = archive.admitted_case()
    if engine.dialect.name == "sqlite":
        archive.record_session(case_id, DAY)
        with archive.uow(archive.admin) as u:
            assert unchained_count(u.session) == 0
        return
    with engine.connect() as other, other.begin():
        other.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
        began = time.monotonic()
        first = archive.record_session(case_id, DAY)
        assert time.monotonic() - began < 5  # a wait would last until the lock is let go
        with archive.uow(archive.admin) as u:
            assert unchained_count(u.session) > 0
    second = archive.record_session(case_id, date(2026, 4, 8))
    with archive.uow(archive.admin) as u:
        assert unchained_count(u.session) == 0
        seqs = u.session.execute(select(AuditEvent.record_id, AuditEvent.chain_seq).where(
            AuditEvent.record_type == "treatment_session",
            AuditEvent.record_id.in_([first, second]))).all()
        by_id = dict(seqs)
        assert by_id[first] < by_id[second]  # chained in the order written
        assert u.session.get(TreatmentSession, first) is not None


def test_a_failed_commit_leaves_no_chain_behind(archive: Archive, engine: Engine) -> None:
    """The chain positions given in a transaction that does not commit are not taken."""
    case_id = archive.admitted_case()
    archive.record_session(case_id, DAY)
    with archive.uow(archive.admin) as u:
        head = u.session.scalar(select(AuditEvent.chain_seq).order_by(
            AuditEvent.chain_seq.desc()).limit(1))
    try:
        with archive.uow(archive.therapist) as u:
            u.session.add(AuditEvent(occurred_at=archive.clock.now(), actor_id=archive.therapist,
                                     action="note", record_type="rehab_case",
                                     record_id=case_id, case_id=case_id, details={}))
            u.session.flush()
            assert chain_pending(u.session, wait=True) == 1
            raise RuntimeError("the power went out before the commit")
    except RuntimeError:
        pass
    archive.record_session(case_id, date(2026, 4, 8))
    with archive.uow(archive.admin) as u:
        seqs = list(u.session.scalars(select(AuditEvent.chain_seq)
                                      .where(AuditEvent.chain_seq > (head or 0))
                                      .order_by(AuditEvent.chain_seq)))
        assert seqs == list(range((head or 0) + 1, (head or 0) + 1 + len(seqs)))  # no gap
        assert not u.session.scalars(select(AuditEvent).where(AuditEvent.action == "note")).all()


def test_a_commit_after_a_commit_writes_what_was_added_and_nothing_else(
        archive: Archive, engine: Engine) -> None:
    """A commit with nothing begun since the last does nothing (no transaction only to try
    the chain lock); one after adding or changing a row writes it."""
    case_id = archive.admitted_case()
    _, commits = _watch(engine)
    with archive.uow(archive.admin) as u:
        u.commit()
        assert commits == []
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        u.commit()  # a read only: ends the read transaction
        reads = len(commits)
        case.bed_number = "B-12"  # changed after the commit: the session begins again
        u.commit()
        assert len(commits) == reads + 1
    with archive.uow(archive.admin) as u:
        assert u.session.get(RehabCase, case_id).bed_number == "B-12"  # type: ignore[union-attr]
