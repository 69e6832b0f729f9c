"""The facts the session limits are judged on (``domain.rules.limits``), read from the archive.

``judge_case`` judges every session of a case as the claim sees it; ``candidate_findings``
judges a session about to be recorded against the same facts, so recording and billing
give the same answer, and turns that judgement into what the user is told, each message
citing only the case's own pack (``services.rules.region.case_pack``):

* a conflict (the therapist or the patient in an overlapping session, the inpatient on
  leave) is refused: such a record is 串换 / 虚构 whatever the reason;
* a count or catalogue limit, or a session outside the opening hours, is refused unless
  the user states a reason; with one the session is recorded, flagged, and (counts) never
  billed to the fund;
* from 80 % of the plan's or the prescription's count, and at it, a warning.

``idle_bed_days`` lists the inpatient days with nothing done (挂床) for the alerts and the
claim gate.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    CatalogueItem,
    InpatientLeave,
    Institution,
    RehabCase,
    TreatmentPlan,
    TreatmentSession,
)
from desktop_app.domain.rules.limits import (
    LIMIT_LABELS,
    CaseLimits,
    ItemLimits,
    Judgement,
    SessionRow,
    days_of,
    idle_days,
    judge,
    share_warning,
    structured_indication,
)
from desktop_app.domain.rules.packs import PolicyPack
from desktop_app.domain.rules.policy import cite
from desktop_app.errors import FieldError
from desktop_app.services.core.lookup import approved_counts, current_plan, superseded
from desktop_app.services.rules.region import case_pack

OPENING_HOURS_SETTING = "opening_hours"  # institution.settings: ["07:30", "18:00"]
REST_WEEKDAYS_SETTING = "rest_weekdays"  # institution.settings: ISO weekdays, [7] = Sunday
DEFAULT_REST_WEEKDAYS = (7,)
CANDIDATE_ID = 0  # a session not stored yet
# The field of an error a stated reason overrides (the UI asks for one, the CLI says
# --reason): the user sees which refusals a reason can lift and which it cannot.
REASON_FIELD = "超限原因"
REASON_KEY = "limit_reason"
CONFLICT_FIELDS = {"therapist_overlap": "治疗师", "patient_overlap": "开始时间",
                   "on_leave": "治疗日期"}
CONFLICT_KEYS = {"therapist_overlap": "therapist", "patient_overlap": "started_at",
                 "on_leave": "session_date"}
PLAN_COUNTS = ("over_approved_count", "beyond_plan")
CATALOGUE = ("max_per_day", "max_per_course", "indication")


def opening_hours(session: Session) -> tuple[time, time] | None:
    """The institution's opening hours, or None when it has not set them (not checked)."""
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(OPENING_HOURS_SETTING) if institution else None
    if not (isinstance(value, list) and len(value) == 2):
        return None
    try:
        opens, closes = (time.fromisoformat(str(v)) for v in value)
    except ValueError:
        return None
    return (opens, closes) if opens < closes else None


def rest_weekdays(session: Session) -> tuple[int, ...]:
    """ISO weekdays on which no session is expected (the institution's setting, else
    Sunday); those days are never idle bed days."""
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(REST_WEEKDAYS_SETTING) if institution else None
    if isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool)
                                       and 1 <= v <= 7 for v in value):
        return tuple(value)
    return DEFAULT_REST_WEEKDAYS


def leave_periods(session: Session, case_id: int) -> tuple[tuple[date, date], ...]:
    return tuple((start, end) for start, end in session.execute(
        select(InpatientLeave.leave_from, InpatientLeave.leave_to)
        .where(InpatientLeave.case_id == case_id).order_by(InpatientLeave.leave_from)))


def case_limits(session: Session, case: RehabCase, plan: TreatmentPlan | None = None
                ) -> CaseLimits:
    """Approved, planned and catalogue limits per item, leave, opening hours (``plan``: the
    case's current plan if the caller has it, else read)."""
    approved = approved_counts(session, case.id)
    plan = plan or current_plan(session, case.id)
    planned = {item.national_code: item for item in (plan.items if plan else [])}
    catalogue: dict[int | None, CatalogueItem] = {item.id: item for item in session.scalars(
        select(CatalogueItem).where(
        CatalogueItem.id.in_([i.catalogue_item_id for i in planned.values()])))}
    items: dict[str, ItemLimits] = {}
    for code in {*approved, *planned}:
        plan_item = planned.get(code)
        listed = catalogue.get(plan_item.catalogue_item_id) if plan_item else None
        items[code] = ItemLimits(
            approved=approved.get(code), planned=plan_item.total_count if plan_item else None,
            max_per_day=listed.max_per_day if listed else None,
            max_per_course=listed.max_per_course if listed else None,
            indication=(listed.indication or "") if listed else "")
    return CaseLimits(items=items, leave=leave_periods(session, case.id),
                      opening_hours=opening_hours(session),
                      disease_category=case.injury.disease_category,
                      injured_body_parts=frozenset(case.injury.injured_body_parts or ()))


_COLUMNS = (TreatmentSession.id, TreatmentSession.national_code, TreatmentSession.started_at,
            TreatmentSession.ended_at, TreatmentSession.count, TreatmentSession.therapist_id)


def _row(id_: int, code: str, started: datetime, ended: datetime, count: int,
         therapist: int) -> SessionRow:
    return SessionRow(id_, code, started.astimezone(CHINA), ended.astimezone(CHINA), count, therapist)


def case_sessions_query(case_id: int
                        ) -> Select[int, str, datetime, datetime, int, int, int | None]:
    """The case's sessions in force (``_COLUMNS`` and the prescription), found through the
    case's index: never by a column without one (a prescription's sessions looked for by
    ``prescription_id`` alone made both engines read every session of a 30-year archive,
    157 of 196 ms, at each session recorded)."""
    return select(*_COLUMNS, TreatmentSession.prescription_id).where(
        TreatmentSession.case_id == case_id,
        TreatmentSession.id.not_in(superseded("treatment_session")))


def _case_rows(session: Session, case_id: int) -> list[SessionRow]:
    return _case_rows_by_prescription(session, case_id)[0]


def _case_rows_by_prescription(session: Session, case_id: int
                               ) -> tuple[list[SessionRow], dict[int, int]]:
    """The case's sessions, and the count done under each prescription."""
    rows: list[SessionRow] = []
    done: dict[int, int] = {}
    for id_, code, started, ended, count, therapist, prescription_id in session.execute(
            case_sessions_query(case_id)):
        row = _row(id_, code, started, ended, count, therapist)
        rows.append(row)
        if prescription_id is not None:
            done[prescription_id] = done.get(prescription_id, 0) + row.count
    return rows, done


def _neighbours(session: Session, case: RehabCase, rows: list[SessionRow]
                ) -> tuple[list[SessionRow], list[SessionRow]]:
    """Sessions of other cases on the days ``rows`` touch (and the day before, for one
    that runs past midnight): the same therapists' and the same worker's."""
    if not rows:
        return [], []
    days = sorted({d - timedelta(days=back) for r in rows for d in days_of(r) for back in (0, 1)})
    therapists = {r.therapist_id for r in rows}
    found = session.execute(
        select(*_COLUMNS, RehabCase.worker_id)
        .join(RehabCase, RehabCase.id == TreatmentSession.case_id)
        .where(TreatmentSession.case_id != case.id, TreatmentSession.session_date.in_(days),
               (TreatmentSession.therapist_id.in_(therapists))
               | (RehabCase.worker_id == case.worker_id),
               TreatmentSession.id.not_in(superseded("treatment_session")))).all()
    other_cases = [_row(*r[:6]) for r in found]
    same_worker = [_row(*r[:6]) for r in found if r[6] == case.worker_id]
    return other_cases, same_worker


# Made once: fresh aliases at each call would make every query a new statement to adapt and
# compile (most of the month gate's time went there).
_MINE, _OTHER = aliased(TreatmentSession, name="mine"), aliased(TreatmentSession, name="other")
_OTHER_CASE = aliased(RehabCase, name="other_case")


def _overlapping_stored(session: Session, case: RehabCase, asked: list[SessionRow]
                        ) -> tuple[list[SessionRow], list[SessionRow]]:
    """Sessions of other cases that overlap one of ``asked`` (stored sessions of ``case``),
    found by the database: the same therapist's, and the same worker's. A month's gate asks
    this of every case; loading every neighbour of a busy ward would cost far more."""
    if not asked:
        return [], []
    mine, other, other_case = _MINE, _OTHER, _OTHER_CASE
    columns = (other.id, other.national_code, other.started_at, other.ended_at, other.count,
               other.therapist_id, other_case.worker_id)
    query = (select(*columns)
             .join(mine, (mine.case_id == case.id) & mine.id.in_([r.id for r in asked])
                   & (other.started_at < mine.ended_at) & (other.ended_at > mine.started_at))
             .join(other_case, other_case.id == other.case_id)
             .where(other.case_id != case.id,
                    other.id.not_in(superseded("treatment_session"))))
    # The therapist's sessions of the same day (index by therapist and day), and the rare
    # one begun the day before that runs past midnight into it.
    therapists = list(session.execute(query.where(other.therapist_id == mine.therapist_id,
                                                  other.session_date == mine.session_date)).all())
    days = {r.started_at.date() for r in asked}
    past_midnight = or_(*(
        (other.session_date == day - timedelta(days=1))
        & (other.ended_at > datetime.combine(day, time(0), tzinfo=CHINA)) for day in days))
    therapists += session.execute(
        select(*columns).join(other_case, other_case.id == other.case_id)
        .where(other.case_id != case.id, past_midnight,
               other.therapist_id.in_({r.therapist_id for r in asked}),
               other.id.not_in(superseded("treatment_session")))).all()
    worker = session.execute(query.where(other_case.worker_id == case.worker_id)).all()
    found = {r[0]: r for r in (*therapists, *worker)}
    return ([_row(*r[:6]) for r in found.values()],
            [_row(*r[:6]) for r in found.values() if r[6] == case.worker_id])


def judge_case(session: Session, case: RehabCase,
               billed: Collection[int] | None = None) -> dict[int, Judgement]:
    """Every (current) session of the case, judged; counts run over all of them, overlaps
    with other cases are looked for for the ``billed`` ones (all when None), the only ones
    a claim asks about."""
    rows = _case_rows(session, case.id)
    wanted = None if billed is None else set(billed)
    asked = rows if wanted is None else [r for r in rows if r.id in wanted]
    return judge(rows, case_limits(session, case), *_overlapping_stored(session, case, asked))


def stay_window(case: RehabCase, start: date, end: date) -> tuple[date, date] | None:
    """The inpatient days of ``case`` inside ``start``..``end``: from admission to the day
    before discharge, or to ``end`` while it is not discharged (None: no such day)."""
    if case.setting != "inpatient" or case.admission_date is None:
        return None
    last = case.discharge_date - timedelta(days=1) if case.discharge_date else end
    first, last = max(start, case.admission_date), min(end, last)
    return (first, last) if first <= last else None


def idle_bed_days(session: Session, case: RehabCase, start: date, end: date) -> list[date]:
    """The inpatient days inside ``start``..``end`` with no session, not on leave and not a
    rest weekday (挂床). The stay runs from admission to the day before discharge, or while
    not discharged to ``end`` (callers pass today at the latest)."""
    window = stay_window(case, start, end)
    if window is None:
        return []
    first, last = window
    days = set(session.scalars(select(TreatmentSession.session_date).distinct().where(
        TreatmentSession.case_id == case.id, TreatmentSession.session_date >= first,
        TreatmentSession.session_date <= last,
        TreatmentSession.id.not_in(superseded("treatment_session")))))
    return idle_days(first, last, days, leave_periods(session, case.id), rest_weekdays(session))


@dataclass(frozen=True)
class Findings:
    """What recording a session would break: refusals, warnings, and the limit keys the
    session is flagged with when it is recorded (with the stated reason)."""

    errors: tuple[FieldError, ...]
    warnings: tuple[FieldError, ...]
    flags: tuple[str, ...]


def _basis(pack: PolicyPack, topic: str) -> tuple[str, str]:
    zh, en = cite(pack.basis(topic))
    return (f"（{zh}）" if zh else "", f" ({en})" if en else "")


def candidate_findings(session: Session, case: RehabCase, national_code: str,
                       started_at: datetime, ended_at: datetime, count: int, therapist_id: int,
                       *, item_name: str = "", prescription_id: int | None = None,
                       prescribed: int | None = None, reason: str | None = None,
                       plan: TreatmentPlan | None = None) -> Findings:
    """A session about to be recorded, judged and told in the case pack's words (``plan``:
    the case's current plan if the caller has it)."""
    pack = case_pack(session, case)
    limits = case_limits(session, case, plan)
    rows, done_by_prescription = _case_rows_by_prescription(session, case.id)
    candidate = SessionRow(CANDIDATE_ID, national_code, started_at.astimezone(CHINA),
                           ended_at.astimezone(CHINA), count, therapist_id)
    judged = judge([*rows, candidate], limits, *_neighbours(session, case, [candidate]),
                   counted_last=CANDIDATE_ID)[CANDIDATE_ID]
    item = limits.items.get(national_code, ItemLimits())
    name = item_name or national_code
    total = sum(r.count for r in rows if r.national_code == national_code) + count
    day = candidate.started_at.date()
    day_total = sum(r.count for r in rows if r.national_code == national_code
                    and r.started_at.date() == day) + count
    stated = (reason or "").strip()
    errors: list[FieldError] = []
    warnings: list[FieldError] = []
    flags: list[str] = []
    records = _basis(pack, "records")
    for key, field in CONFLICT_FIELDS.items():
        if key in judged.broken:
            zh, en = LIMIT_LABELS[key]
            errors.append(FieldError(field, f"{zh}，不能记录{records[0]}",
                                     f"Not recorded: {en}{records[1]}", key=CONFLICT_KEYS[key]))
    if "outside_hours" in judged.broken and limits.opening_hours is not None:
        opens, closes = (t.strftime("%H:%M") for t in limits.opening_hours)
        zh, en = f"不在机构开放时间（{opens}–{closes}）内", \
            f"outside the institution's opening hours ({opens}–{closes})"
        if stated:
            flags.append("outside_hours")
            warnings.append(FieldError("开始时间", f"{zh}，已按所述原因记录并标记{records[0]}",
                                       f"{en[0].upper()}{en[1:]}: recorded and flagged with the "
                                       f"stated reason{records[1]}", warning=True, key="started_at"))
        else:
            errors.append(FieldError(REASON_FIELD, f"{zh}，须说明原因才能记录{records[0]}",
                                     f"{en[0].upper()}{en[1:]}: state a reason to record it"
                                     f"{records[1]}", key=REASON_KEY))
    numbers = {"over_approved_count": (total, item.approved), "beyond_plan": (total, item.planned),
               "max_per_course": (total, item.max_per_course),
               "max_per_day": (day_total, item.max_per_day)}
    for key in (*PLAN_COUNTS, *CATALOGUE):
        if key not in judged.broken:
            continue
        basis = _basis(pack, "plan_count" if key in PLAN_COUNTS else "catalogue_limit")
        label_zh, label_en = LIMIT_LABELS[key]
        if key == "indication":
            what_zh = f"{name}{label_zh}（{item.indication}）"
            what_en = f"{name}: {label_en} ({item.indication})"
        else:
            done, limit = numbers[key]
            what_zh = f"{name}{label_zh}：累计 {done} 次，限 {limit} 次"
            what_en = f"{name}: {label_en}: {done} against a limit of {limit}"
        if stated:
            flags.append(key)
            warnings.append(FieldError(REASON_FIELD, f"{what_zh}；已按所述原因记录，不由工伤保险基金"
                                       f"支付{basis[0]}", f"{what_en}; recorded with the stated "
                                       f"reason, not billed to the fund{basis[1]}", warning=True,
                                       key=REASON_KEY))
        else:
            errors.append(FieldError(REASON_FIELD, f"{what_zh}；须说明原因才能记录，且不由工伤保险"
                                     f"基金支付{basis[0]}", f"{what_en}; state a reason to record "
                                     f"it, and it is not billed to the fund{basis[1]}", key=REASON_KEY))
    plan_basis = _basis(pack, "plan_count")
    for done, limit, whose_zh, whose_en, beyond in (
            (total, item.planned, "方案", "the plan's", "beyond_plan"),
            (done_by_prescription.get(prescription_id, 0) + count if prescription_id else 0,
             prescribed, "处方", "the prescription's", None)):
        share = share_warning(done, limit) if limit else None
        if share is None or (share == "beyond" and beyond is not None):
            continue  # beyond the plan: refused or flagged above
        text = {"near": (f"已达{whose_zh}次数的 80% 以上", f"past 80 % of {whose_en} count"),
                "at": (f"已达{whose_zh}次数", f"{whose_en} count reached"),
                "beyond": (f"超出{whose_zh}次数，请医师续开处方",
                           f"beyond {whose_en} count; the physician should prescribe again")}[share]
        warnings.append(FieldError("次数", f"{name} 已做 {done}/{limit} 次：{text[0]}{plan_basis[0]}",
                                   f"{name}: {done} of {limit} done: {text[1]}{plan_basis[1]}",
                                   warning=True, key="count"))
    if item.indication and not structured_indication(item.indication):
        basis = _basis(pack, "catalogue_limit")
        warnings.append(FieldError("治疗项目", f"目录适应症：{item.indication}。请确认本病例符合"
                                   f"{basis[0]}", f"Catalogue indication: {item.indication}. "
                                   f"Check that the case meets it{basis[1]}", warning=True, key="item"))
    return Findings(tuple(errors), tuple(warnings), tuple(flags))
