"""``rehab-archive intake --injury-id N [--follows CASE]``: a new course (a new case) of an injury
already registered — an old-injury relapse (旧伤复发), a repeat application — linked to the earlier
course it follows (``services.intake.intake.register_course``: refused while a course of the
injury is open, or for another worker's injury). ``rehab-archive courses CASE``: every course of
the injury the case treats, with dates, how it ended, the return to work and the sessions used
per item. Wired into ``cli/main.py`` (``cases --injury N`` lists the same cases)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop_app.services.intake.earlier_courses_view import Course

EXIT_OK, EXIT_USAGE = 0, 2


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """``intake`` and ``courses``; ``sign_in`` adds ``--user``/``--password-env``."""
    from desktop_app.domain.vocabulary import COURSE_REASONS, MODES, SETTINGS, STAGES

    intake = commands.add_parser("intake", help="为已登记的工伤开始新的疗程（旧伤复发、再次申请）/ open a "
                                 "new course of an injury already registered (relapse, repeat "
                                 "application); prints the case id and number")
    intake.add_argument("--injury-id", type=int, required=True, help="工伤记录 id / injury id")
    intake.add_argument("--resident-id", required=True,
                        help="职工身份证号（须为该工伤的职工）/ the worker's ID number (the injury's worker)")
    intake.add_argument("--follows", type=int, default=None,
                        help="接续的前次病例 id（默认该工伤最近的病例）/ the earlier case it follows "
                             "(default: the injury's latest)")
    intake.add_argument("--reason", required=True, choices=list(COURSE_REASONS),
                        help="relapse（旧伤复发）/ repeat_application（再次申请）/ other（其他）")
    intake.add_argument("--stage", default=None, choices=list(STAGES),
                        help="康复阶段（旧伤复发默认 RECUR）/ stage (a relapse: RECUR by default)")
    intake.add_argument("--setting", required=True, choices=list(SETTINGS), help="康复形式 / setting")
    intake.add_argument("--mode", action="append", default=[], choices=list(MODES),
                        help="康复模式，可重复 / mode, repeatable")
    intake.add_argument("--value-assessment", default=None,
                        help="康复价值评估意见（默认沿用前次疗程）/ rehab value assessment "
                             "(default: the earlier course's)")
    intake.add_argument("--value-date", type=date.fromisoformat, default=None,
                        help="评估日期 YYYY-MM-DD（默认今天）/ the assessment's date (default: today)")
    intake.add_argument("--recommendation", default=None,
                        help="康复治疗建议（默认沿用前次疗程）/ treatment recommendation "
                             "(default: the earlier course's)")
    sign_in(intake)
    courses = commands.add_parser("courses", help="列出同一工伤的各次疗程 / list the courses of the "
                                  "injury a case treats")
    courses.add_argument("case", type=int, help="病例 id / case id")


def run(engine: Engine, args: argparse.Namespace,
        signed_in_actor: Callable[..., int | None]) -> int:
    if args.command == "courses":
        return _courses(engine, args.case)
    from sqlalchemy.orm import Session

    from desktop_app.clock import SystemClock
    from desktop_app.db.models import RehabCase
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.intake import intake
    from desktop_app.services.intake.earlier_courses_view import injury_courses

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    value, recommendation = args.value_assessment, args.recommendation
    if value is None or recommendation is None:  # start from the earlier course's
        with Session(engine) as session:
            earlier = [c.case_id for c in injury_courses(session, args.injury_id)]
            follows = args.follows if args.follows is not None else (earlier[-1] if earlier else None)
            case = session.get(RehabCase, follows) if follows in earlier else None
            if case is not None:
                value = case.rehab_value_assessment if value is None else value
                recommendation = (case.treatment_recommendation if recommendation is None
                                  else recommendation)
    clock = SystemClock()
    stage = args.stage or ("RECUR" if args.reason == "relapse" else "STABLE")
    inp = intake.CourseInput(
        args.resident_id, args.injury_id, args.reason, stage, args.setting,
        follows_case_id=args.follows, modes=tuple(args.mode), rehab_value_assessment=value,
        rehab_value_date=(args.value_date or clock.today()) if value else None,
        treatment_recommendation=recommendation)
    with UnitOfWork(engine, clock=clock, actor_id=actor) as uow:
        done = intake.register_course(uow, inp)
    for warning in done.warnings:
        print(f"提示 / warning: {warning.zh} / {warning.en}")
    print(f"{done.case_id}\t{done.case_number}")
    return EXIT_OK


def course_line(c: Course) -> str:
    """One course on one line, tab-separated: id, number, why, stage, dates, how it ended."""
    from desktop_app.domain.vocabulary import (
        COURSE_REASON_ZH,
        END_REASON_ZH,
        RETURN_TO_WORK_ZH,
        STAGE_ZH,
        zh,
    )

    items = "; ".join(f"{i.national_code} {i.name} {i.used}/{i.approved if i.approved is not None else '-'}"
                      for i in c.items)
    state = "在治 / open" if c.open else "已结束 / ended"
    return (f"{c.case_id}\t{c.case_number}\t{zh(COURSE_REASON_ZH, c.course_reason, '首次疗程')}"
            f"{' ← ' + str(c.previous_case_id) if c.previous_case_id else ''}\t"
            f"{zh(STAGE_ZH, c.stage)}\t{c.admission_date or '-'} ~ {c.discharge_date or '-'}\t{state}\t"
            f"{zh(END_REASON_ZH, c.end_reason)}\t{zh(RETURN_TO_WORK_ZH, c.return_to_work)}\t"
            f"{items or '-'}")


def _courses(engine: Engine, case_id: int) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.services.intake.earlier_courses_view import case_courses

    with Session(engine) as session:
        courses = case_courses(session, case_id)
    print("id\t病例号 / case\t原因 / why ← 接续 / follows\t阶段 / stage\t入院 ~ 出院 / admitted ~ "
          "discharged\t状态 / state\t结束原因 / end reason\t重返工作 / return to work\t"
          "项目 已用/核准 / item used/approved")
    for c in courses:
        print(course_line(c))
    return EXIT_OK
