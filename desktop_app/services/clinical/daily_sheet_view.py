"""The therapist's daily sheet (治疗师每日治疗单, ``documents.daily_sheet``): their own patients
of a day with the items prescribed to them, read from the worklist's query
(``worklist_view.todays_work``) plus the times of the day's sessions. A read: nothing in the
archive changes, so the ``daily-sheet`` command opens the archive read-only and the home
screen builds it in a background job."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import StaffUser, TreatmentSession
from desktop_app.documents.daily_sheet import DailyItem, DailyPatient, DailySheetData, build_daily_sheet
from desktop_app.documents.identity import AuditAnchor
from desktop_app.errors import NotFound, UserError
from desktop_app.services.clinical.worklist_view import todays_work
from desktop_app.services.core.audit_chain import chain_head
from desktop_app.services.core.files import write_whole
from desktop_app.services.core.lookup import superseded
from desktop_app.services.core.progress import Progress
from desktop_app.services.records import document_view


def therapist_by_login(session: Session, login: str) -> int:
    staff_id = session.scalars(select(StaffUser.id).where(StaffUser.username == login)).first()
    if staff_id is None:
        raise NotFound(f"没有用户 {login}。", f"No user {login!r}.")
    return staff_id


def daily_sheet_data(session: Session, therapist_id: int, day: date, made_at: datetime) -> DailySheetData:
    """The therapist's patients of ``day`` (admitted cases with a signed prescription assigned
    to them), by bed, each item with its count done and prescribed and the day's times."""
    staff = session.get(StaffUser, therapist_id)
    if staff is None:
        raise NotFound(f"没有工作人员 #{therapist_id}。", f"No staff member #{therapist_id}.")
    work = todays_work(session, therapist_id, day)
    times: dict[tuple[int, str], list[str]] = defaultdict(list)
    t = TreatmentSession
    for case_id, code, start, end in session.execute(
            select(t.case_id, t.national_code, t.started_at, t.ended_at)
            .where(t.case_id.in_({w.case_id for w in work}), t.session_date == day,
                   t.id.not_in(superseded("treatment_session")))
            .order_by(t.started_at, t.id)):
        times[case_id, code].append(f"{start.astimezone(CHINA):%H:%M}–{end.astimezone(CHINA):%H:%M}")
    patients: dict[int, DailyPatient] = {}
    for w in work:
        item = DailyItem(w.item_name, w.frequency, w.prescribed_count, w.done_count,
                         tuple(times[w.case_id, w.national_code]))
        known = patients.get(w.case_id)
        patients[w.case_id] = DailyPatient(w.case_number, w.patient_name, w.bed_number,
                                           (*known.items, item) if known else (item,))
    return DailySheetData(staff.display_name, staff.username, day, tuple(patients.values()), made_at)


@dataclass(frozen=True)
class PrintedSheet:
    pdf: bytes
    filename: str
    patients: int


def daily_sheet_pdf(session: Session, therapist_id: int, day: date, made_at: datetime,
                    progress: Progress | None = None) -> PrintedSheet:
    """The sheet to print from the home screen (a background read: ``progress`` unused)."""
    del progress
    data = daily_sheet_data(session, therapist_id, day, made_at)
    pdf = build_daily_sheet(data, institution=document_view.institution(session),
                            anchor=AuditAnchor(*chain_head(session))).pdf
    return PrintedSheet(pdf, daily_file_name(data.therapist_name, day), len(data.patients))


def check_target(path: Path) -> None:
    """Refused before any work: not a .pdf, or a folder that does not exist."""
    if path.suffix.lower() != ".pdf":
        raise UserError(f"输出文件须为 .pdf：{path}", f"The output file must be a .pdf: {path}")
    if not path.parent.is_dir():
        raise UserError(f"文件夹不存在：{path.parent}", f"No such folder: {path.parent}")


def write_daily_sheet(session: Session, therapist_id: int, day: date, path: Path,
                      made_at: datetime) -> DailySheetData:
    """Write the sheet to ``path`` (whole or not at all); the data it holds."""
    check_target(path)
    data = daily_sheet_data(session, therapist_id, day, made_at)
    pdf = build_daily_sheet(data, institution=document_view.institution(session),
                            anchor=AuditAnchor(*chain_head(session))).pdf
    write_whole(path, pdf)
    return data


def daily_file_name(therapist_name: str, day: date) -> str:
    """A name for people: "治疗单-李治疗师-2026-12-05.pdf"."""
    return f"治疗单-{therapist_name}-{day.isoformat()}.pdf"
