"""The administrator's home: the system's health, judged by ``domain.alerts.health_alerts``.

* the last backup: the latest ``backup`` audit event (``records.backup.make_backup`` writes one);
* the last check: the latest verified anchor (``verify --record-anchor`` records a clean check;
  a failed check records nothing, so "passed" is what is known) and the audit events chained
  after it;
* the free space where the archive lives: the SQLite file's folder; for PostgreSQL the
  server's data directory when the server runs on this PC and tells it, else unknown;
* the agreement's end (``institution.agreement_valid_to``);
* late signatures (签署时效) on the records of cases not archived — still to be acknowledged
  or explained before the claim.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop_app.db.engine import sqlite_path
from desktop_app.db.models import AuditEvent, Institution, RehabCase, VerifiedAnchor
from desktop_app.domain.alerts import Alert, HealthFacts, health_alerts
from desktop_app.domain.vocabulary import CLOSED_CASE_STATES
from desktop_app.services.clinical.worklist_view import alerts
from desktop_app.services.integrity.signature_timing import timings
from desktop_app.services.integrity.signing import SIGNABLE

LOCAL_HOSTS = (None, "", "localhost", "127.0.0.1", "::1")


def _free_space(folder: Path) -> int | None:
    """Free bytes on the disk holding ``folder`` (its nearest existing parent)."""
    for place in (folder, *folder.parents):
        if place.exists():
            try:
                return shutil.disk_usage(place).free
            except OSError:
                return None
    return None


def archive_disk(session: Session) -> tuple[str, int | None]:
    """Where the archive lives, for people, and the bytes free there (None: not known)."""
    url = session.get_bind().engine.url
    path = sqlite_path(url.render_as_string(hide_password=False))
    if path is not None:
        folder = Path(str(path).removeprefix("file:").split("?")[0]).resolve().parent
        return str(folder), _free_space(folder)
    place = f"{url.get_backend_name()} @ {url.host or 'localhost'}"
    if url.host not in LOCAL_HOSTS:
        return place, None
    try:
        with session.begin_nested():  # a refusal must not spoil the reading's transaction
            directory = session.scalar(text("SHOW data_directory"))
    except DBAPIError:
        return place, None
    return place, _free_space(Path(str(directory))) if directory else None


def late_signature_count(session: Session) -> int:
    """Late signatures on the signed records of cases not archived or sealed."""
    open_cases = select(RehabCase.id).where(RehabCase.record_state.not_in(CLOSED_CASE_STATES))
    records: list[tuple[str, int]] = []
    for record_type, model in SIGNABLE.items():
        case_id = getattr(model, "case_id", None)
        if case_id is not None:
            records += [(record_type, i) for i in session.scalars(
                select(model.id).where(case_id.in_(open_cases)).order_by(model.id))]
    return sum(1 for timing in timings(session, records) if timing.late)


def health_facts(session: Session) -> HealthFacts:
    backup = session.scalar(select(func.max(AuditEvent.occurred_at)).where(AuditEvent.action == "backup"))
    anchor = session.scalars(select(VerifiedAnchor).order_by(VerifiedAnchor.id.desc()).limit(1)).first()
    since = 0
    if anchor is not None:
        since = int(session.scalar(select(func.count()).select_from(AuditEvent)
                                   .where(AuditEvent.chain_seq > anchor.chain_seq)) or 0)
    institution = session.scalars(select(Institution).order_by(Institution.id).limit(1)).first()
    place, free = archive_disk(session)
    return HealthFacts(backup, anchor.verified_at if anchor else None, anchor.mode if anchor else None,
                       since, free, place, institution.agreement_number if institution else None,
                       institution.agreement_valid_to if institution else None,
                       late_signature_count(session))


def system_health(session: Session, today: date) -> list[Alert]:
    """One line per check, most urgent first."""
    return health_alerts(health_facts(session), today)


@dataclass(frozen=True)
class AdminHome:
    health: list[Alert]
    alerts: list[Alert]


def admin_home(session: Session, today: date) -> AdminHome:
    """An administrator's home: the system's health, and the alerts of every open case."""
    return AdminHome(system_health(session, today), alerts(session, today))
