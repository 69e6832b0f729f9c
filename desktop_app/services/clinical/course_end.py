"""The day a course ended while the stay went on, and why; the day the one-off medical
subsidy was taken.

When the plan is completed or treatment is stopped and the patient is not discharged,
the costs after that day are judged by the case's pack (``domain.rules.coverage``): Beijing
Art. 14 para. 2 puts them on the institution if it did not discharge in time and on the
worker if they refused to leave; Luzhou excludes them (Art. 32(10)) and puts a refusal
on the worker (Art. 32(7)). Recorded by the physician who ends the course, like the
discharge.

Once the worker has taken the 一次性工伤医疗补助金, later costs are not the fund's
(Luzhou Art. 32(9)). The date is reported by the agency or the employer and entered by
whoever records approvals.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.rules.coverage import OVERSTAY_CAUSES
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.clinical.notice import missing_notice_errors
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case


@use_case(Action.CASE_DISCHARGE, case="case_id")
def record_course_end(uow: UnitOfWork, case_id: int, ended_on: date, overstay_cause: str) -> None:
    case = get_case(uow.session, case_id)
    if case.admission_date is None:
        raise UserError(f"病例 {case.case_number} 尚未入院。", f"Case {case.case_number} is not admitted.")
    errors = []
    if overstay_cause not in OVERSTAY_CAUSES:
        errors.append(FieldError("滞留原因", f"无效的原因：{overstay_cause}"
                                 "（机构未及时办理出院 / 职工拒不出院）",
                                 f"Invalid cause: {overstay_cause} (institution / worker_refused)",
                                 key="overstay_cause"))
    if ended_on < case.admission_date:
        errors.append(FieldError("康复结束日期", "不能早于入院日期", "Cannot be before the admission",
                                 key="course_ended_on"))
    if ended_on > uow.clock.today():
        errors.append(FieldError("康复结束日期", "不能晚于今天", "Cannot be in the future",
                                 key="course_ended_on"))
    if case.discharge_date is not None and ended_on >= case.discharge_date:
        errors.append(FieldError("康复结束日期", "须早于出院日期（否则没有滞留）",
                                 "Must be before the discharge (otherwise there was no overstay)",
                                 key="course_ended_on"))
    if overstay_cause == "worker_refused" and not errors:
        errors += missing_notice_errors(uow.session, case, "refused_to_leave", "滞留原因", "overstay_cause")
    raise_if_blocking(errors)
    case.course_ended_on = ended_on
    case.overstay_cause = overstay_cause


@use_case(Action.CASE_RECORD_APPROVAL, case="case_id")
def record_one_off_subsidy(uow: UnitOfWork, case_id: int, taken_on: date) -> None:
    """The day the worker took the one-off medical subsidy (on the case's injury)."""
    case = get_case(uow.session, case_id)
    injury = case.injury
    errors = []
    if taken_on < injury.injury_date:
        errors.append(FieldError("一次性医疗补助金领取日期", f"不能早于受伤日期 {injury.injury_date}",
                                 f"Cannot be before the injury ({injury.injury_date})",
                                 key="one_off_subsidy_date"))
    if taken_on > uow.clock.today():
        errors.append(FieldError("一次性医疗补助金领取日期", "不能晚于今天", "Cannot be in the future",
                                 key="one_off_subsidy_date"))
    raise_if_blocking(errors)
    injury.one_off_medical_subsidy_date = taken_on
