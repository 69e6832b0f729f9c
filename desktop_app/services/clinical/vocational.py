"""Vocational rehabilitation (职业康复, issue 19 item 7): the goal set at its start and the
outcome at its end, on the case (migration 0022).

The goal is one of ``VOCATIONAL_GOALS`` (the same job, an adapted job at the same employer,
another job, vocational training — ``RETURN_TO_WORK``'s words) with the day it was set; the
outcome a ``RETURN_TO_WORK`` code with its day and a note (the job, the employer). Either may be
set again while the case is open (the audit trail keeps every earlier value). The outcome needs
a goal first and is not before it; neither is in the future. The return-to-work statistics
count the outcome (``follow_up_view.latest_return_to_work``): the later of it and the status at
discharge, a follow-up after both. Regions' texts: Baotou Art. 13 (vocational rehab after the
experts' assessment), Beijing Art. 8(2) (the vocational period), Shandong §二(一) (vocational
rehab as the core) — ``domain.rules.appraisal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.vocabulary import RETURN_TO_WORK, VOCATIONAL_GOALS, Action
from desktop_app.errors import FieldError, raise_if_blocking
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

NOTE_LENGTH = 500


@dataclass(frozen=True)
class VocationalGoalInput:
    goal: str  # domain.vocabulary.VOCATIONAL_GOALS
    set_on: date


@dataclass(frozen=True)
class VocationalOutcomeInput:
    outcome: str  # domain.vocabulary.RETURN_TO_WORK
    on: date
    note: str | None = None


def _day_errors(day: date, today: date, label: str, key: str) -> list[FieldError]:
    if day > today:
        return [FieldError(label, f"{label}不能晚于今天",
                           f"The {key.replace('_', ' ')} cannot be in the future", key=key)]
    return []


@use_case(Action.VOCATIONAL_RECORD, case="case_id")
def set_vocational_goal(uow: UnitOfWork, case_id: int, inp: VocationalGoalInput) -> None:
    """Set (or set again) the case's vocational goal."""
    case = get_case(uow.session, case_id)
    errors: list[FieldError] = []
    if inp.goal not in VOCATIONAL_GOALS:
        errors.append(FieldError("职业康复目标", f"无效的职业康复目标：{inp.goal}",
                                 f"Invalid vocational goal: {inp.goal}", key="goal"))
    errors += _day_errors(inp.set_on, uow.clock.today(), "目标确定日期", "set_on")
    if case.vocational_outcome_on is not None and inp.set_on > case.vocational_outcome_on:
        errors.append(FieldError("目标确定日期",
                                 f"目标确定日期晚于已录入的结局日期（{case.vocational_outcome_on}）",
                                 f"The goal is set after the recorded outcome ({case.vocational_outcome_on})",
                                 key="set_on"))
    raise_if_blocking(errors)
    case.vocational_goal = inp.goal
    case.vocational_goal_set_on = inp.set_on
    uow.session.flush()


@use_case(Action.VOCATIONAL_RECORD, case="case_id")
def record_vocational_outcome(uow: UnitOfWork, case_id: int, inp: VocationalOutcomeInput) -> None:
    """Record the outcome of vocational rehabilitation (its work status at the end)."""
    case = get_case(uow.session, case_id)
    errors: list[FieldError] = []
    if case.vocational_goal is None or case.vocational_goal_set_on is None:
        errors.append(FieldError("职业康复目标", "请先确定职业康复目标，再录入结局",
                                 "Set the vocational goal before recording the outcome", key="goal"))
    elif inp.on < case.vocational_goal_set_on:
        errors.append(FieldError("结局日期", f"结局日期早于目标确定日期（{case.vocational_goal_set_on}）",
                                 f"The outcome is before the goal was set ({case.vocational_goal_set_on})",
                                 key="on"))
    if inp.outcome not in RETURN_TO_WORK:
        errors.append(FieldError("职业康复结局", f"无效的就业状况：{inp.outcome}",
                                 f"Invalid work status: {inp.outcome}", key="outcome"))
    errors += _day_errors(inp.on, uow.clock.today(), "结局日期", "on")
    note = (inp.note or "").strip() or None
    if note is not None and len(note) > NOTE_LENGTH:
        errors.append(FieldError("说明", f"说明不能超过 {NOTE_LENGTH} 字",
                                 f"The note is over {NOTE_LENGTH} characters", key="note"))
    raise_if_blocking(errors)
    case.vocational_outcome = inp.outcome
    case.vocational_outcome_on = inp.on
    case.vocational_note = note
    uow.session.flush()

