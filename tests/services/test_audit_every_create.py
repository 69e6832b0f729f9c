"""Every row a unit of work creates is audited, whichever of its flushes wrote it."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop_app.db.models import AuditEvent
from tests.archive_fixture import Archive


def test_registration_audits_each_row_it_creates_in_order(archive: Archive) -> None:
    with archive.uow() as u:
        before = u.session.scalar(select(func.max(AuditEvent.id)))
    case_id = archive.register()  # several flushes: employer, then injury and worker, then case
    with archive.uow() as u:
        created = [(e.record_type, e.record_id, e.case_id) for e in u.session.scalars(
            select(AuditEvent).where(AuditEvent.id > before, AuditEvent.action == "create")
            .order_by(AuditEvent.id))]
    kinds = [kind for kind, _, _ in created]
    for kind in ("employer", "worker", "injury", "diagnosis", "rehab_case"):
        assert kinds.count(kind) == 1, (kind, kinds)
    assert ("rehab_case", case_id, case_id) in created
    assert kinds.index("employer") < kinds.index("rehab_case")  # in the order of the flushes
