"""Read models of the rehabilitation application (issue 19): a case's applications with their
checklist and answer deadline, the alerts of applications left unanswered past it, and the
alerts of the institution's agreement running out.

A checklist item's latest row counts; an application is answered once an approval refers to
it (``approval.application_id``). The deadline is computed from the application's own pack
(``domain.rules.application``) and the institution's holiday lists (settings
``public_holidays`` and ``makeup_workdays``, ISO dates), never from another region's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    ApplicationItem,
    Approval,
    Attachment,
    Institution,
    RehabApplication,
    RehabCase,
    Worker,
)
from desktop_app.domain.alerts import URGENT, WARNING, Alert
from desktop_app.domain.rules.application import (
    agreement_warning,
    answer_due,
    deadline_text,
    rules_for,
)
from desktop_app.domain.rules.packs import pack_by_code
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.vocabulary import ACTIVE_CASE_STATUSES, APPLICANT_ZH, CaseStatus, State
from desktop_app.services.core.lookup import get_case
from desktop_app.services.rules.region import case_pack

HOLIDAYS_SETTING, WORKDAYS_SETTING = "public_holidays", "makeup_workdays"


@dataclass(frozen=True)
class ChecklistRow:
    code: str
    zh: str
    en: str
    basis_zh: str
    basis_en: str
    conditional: bool
    status: str | None  # attached / not_applicable / None: not yet
    attachment_id: int | None
    attachment_name: str | None
    reason: str | None


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    case_id: int
    submitted_on: date
    accepted_on: date | None
    applicant: str
    applicant_zh: str
    submitted_to: str
    pack_code: str
    pack_zh: str
    pack_en: str
    note: str | None
    checklist: tuple[ChecklistRow, ...]
    checklist_silent: bool  # the region's text lists no materials
    deadline_zh: str
    deadline_en: str
    due: date | None  # None: the text sets no deadline
    due_extended: date | None  # with the extension the text allows "when necessary"
    answered_by: tuple[int, str, date] | None  # the approval: id, decision number, date
    # An approval of the case decided on or after the submission but recorded without naming
    # this application (from the approval page): taken as the answer, shown as unlinked.
    answered_unlinked: tuple[int, str, date] | None = None

    @property
    def complete(self) -> bool:
        return all(item.status is not None for item in self.checklist)

    @property
    def missing(self) -> tuple[ChecklistRow, ...]:
        return tuple(item for item in self.checklist if item.status is None)

    def overdue(self, today: date) -> bool:
        return (self.answered_by is None and self.answered_unlinked is None and self.due is not None
                and today > self.due)


@dataclass(frozen=True)
class ApplicationPage:
    case_id: int
    case_number: str
    can_add: bool  # the case is still open
    pack_code: str  # the pack a new application would be recorded under (today)
    checklist_zh: tuple[str, ...]  # what that pack asks for (shown before any application)
    checklist_en: tuple[str, ...]
    deadline_zh: str
    deadline_en: str
    applications: tuple[ApplicationRow, ...]
    attachments: tuple[tuple[int, str], ...]  # the case's scans: id, "filename (kind)"


def holiday_lists(session: Session) -> tuple[frozenset[date], frozenset[date]]:
    """The institution's public holidays and make-up working days (settings)."""
    institution = session.scalars(select(Institution).limit(1)).first()
    settings = (institution.settings or {}) if institution else {}

    def dates(key: str) -> frozenset[date]:
        found = set()
        listed = settings.get(key)
        for value in listed if isinstance(listed, list) else ():
            try:
                found.add(date.fromisoformat(str(value)))
            except ValueError:
                continue
        return frozenset(found)

    return dates(HOLIDAYS_SETTING), dates(WORKDAYS_SETTING)


def _rows(session: Session, applications: list[RehabApplication]) -> list[ApplicationRow]:
    if not applications:
        return []
    ids = [a.id for a in applications]
    latest: dict[tuple[int, str], ApplicationItem] = {}
    for mark in session.scalars(select(ApplicationItem).where(ApplicationItem.application_id.in_(ids))
                                .order_by(ApplicationItem.id)):
        latest[mark.application_id, mark.item_code] = mark
    names = {a.id: a.filename for a in session.scalars(select(Attachment).where(
        Attachment.id.in_({i.attachment_id for i in latest.values() if i.attachment_id})))}
    answers: dict[int, tuple[int, str, date]] = {}
    unlinked: dict[int, list[tuple[int, str, date]]] = {}
    for approval in session.scalars(select(Approval).where(
            Approval.case_id.in_({a.case_id for a in applications}))
            .order_by(Approval.decision_date, Approval.id)):
        answer = (approval.id, approval.decision_number, approval.decision_date)
        if approval.application_id is None:
            unlinked.setdefault(approval.case_id, []).append(answer)
        else:
            answers.setdefault(approval.application_id, answer)
    holidays, workdays = holiday_lists(session)
    rows = []
    for a in applications:
        rules = rules_for(a.pack_code)
        pack = pack_by_code(a.pack_code)
        checklist = []
        for item in rules.checklist:
            found = latest.get((a.id, item.code))
            basis_zh, basis_en = cite(item.articles)
            checklist.append(ChecklistRow(
                item.code, item.zh, item.en, basis_zh, basis_en, item.conditional,
                found.status if found else None, found.attachment_id if found else None,
                names.get(found.attachment_id) if found and found.attachment_id else None,
                found.reason if found else None))
        start = a.accepted_on or a.submitted_on
        deadline = rules.deadline
        due = answer_due(deadline, start, holidays, workdays) if deadline else None
        extended = (answer_due(deadline, start, holidays, workdays, extended=True)
                    if deadline and deadline.extension_days else None)
        zh, en = deadline_text(deadline)
        rows.append(ApplicationRow(
            a.id, a.case_id, a.submitted_on, a.accepted_on, a.applicant,
            APPLICANT_ZH.get(a.applicant, a.applicant), a.submitted_to, a.pack_code, pack.label[0],
            pack.label[1], a.note, tuple(checklist), not rules.checklist, zh, en, due, extended,
            answers.get(a.id),
            next((x for x in unlinked.get(a.case_id, ()) if x[2] >= a.submitted_on), None)))
    return rows


def case_applications(session: Session, case_id: int) -> list[ApplicationRow]:
    """The applications of a case, oldest first, with checklist, deadline and answer."""
    return _rows(session, list(session.scalars(select(RehabApplication).where(
        RehabApplication.case_id == case_id).order_by(RehabApplication.submitted_on, RehabApplication.id))))


def application_page(session: Session, case_id: int, today: date) -> ApplicationPage:
    """The application page of a case (read only)."""
    case = get_case(session, case_id)
    pack = case_pack(session, case, today)
    rules = rules_for(pack.code)
    zh, en = deadline_text(rules.deadline)
    attachments = tuple((a.id, a.filename) for a in session.scalars(
        select(Attachment).where(Attachment.case_id == case_id).order_by(Attachment.id)))
    return ApplicationPage(case_id, case.case_number, case.record_state == State.DRAFT, pack.code,
                           tuple(item.zh for item in rules.checklist),
                           tuple(item.en for item in rules.checklist), zh, en,
                           tuple(case_applications(session, case_id)), attachments)


def application_alerts(session: Session, today: date) -> list[Alert]:
    """An alert for each application of a case still waiting for approval whose answer
    deadline has passed without an approval linked to it: a warning while the extension the
    text allows runs, urgent after it (or at once where the text allows none)."""
    waiting = (CaseStatus.REGISTERED, *ACTIVE_CASE_STATUSES)
    rows = session.execute(
        select(RehabApplication, RehabCase.case_number, Worker.name)
        .join(RehabCase, RehabCase.id == RehabApplication.case_id)
        .join(Worker, Worker.id == RehabCase.worker_id)
        .where(RehabCase.status.in_(waiting), RehabCase.record_state == State.DRAFT)
        .order_by(RehabApplication.id)).all()
    if not rows:
        return []
    names = {a.id: (number, name) for a, number, name in rows}
    found = []
    for row in _rows(session, [a for a, *_ in rows]):
        if not row.overdue(today):
            continue
        number, name = names[row.id]
        late_extended = row.due_extended is None or today > row.due_extended
        if row.due_extended is not None and not late_extended:
            zh = (f"康复申请（{row.submitted_on} 提交）已过答复期限 {row.due}，尚无核准结论；"
                  f"延长期限至 {row.due_extended}")
            en = (f"The application submitted on {row.submitted_on} passed its answer deadline "
                  f"{row.due} without an approval; the extended deadline is {row.due_extended}")
        else:
            last = row.due_extended or row.due
            zh = (f"康复申请（{row.submitted_on} 提交）已过答复期限 {last}，尚无核准结论，"
                  f"请向{row.submitted_to}查询")
            en = (f"The application submitted on {row.submitted_on} passed its answer deadline {last} "
                  f"without an approval: ask {row.submitted_to}")
        found.append(Alert("application_overdue", URGENT if late_extended else WARNING,
                           row.case_id, number, name, zh, en))
    return found


def agreement_alerts(session: Session, today: date) -> list[Alert]:
    """The institution's agreement ending within 90 or 30 days, or ended (case id 0: the
    alert is the institution's, not a case's)."""
    institution = session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        return []
    found = agreement_warning(institution.agreement_valid_to, today)
    if found is None:
        return []
    kind, severity, zh, en = found
    return [Alert(kind, severity, 0, institution.agreement_number or "—", institution.name, zh, en,
                  opens="institution")]  # a double-click opens the institution settings
