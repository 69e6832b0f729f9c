"""Vocational rehabilitation and 先康复后鉴定 (issue 19, item 7) on the command line:

* ``rehab-archive vocational goal --case N --goal G --on D`` and ``vocational outcome --case N
  --outcome S --on D [--note T]`` (``services.clinical.vocational``; physicians, therapists);
* ``rehab-archive appraisal-conclude CASE --conclusion C --note T``: the physician's
  conclusion, confirmed with the password of ``--password-env``
  (``services.clinical.appraisal_summary.conclude``);
* ``rehab-archive appraisal-summary CASE --out F.pdf``: the summary for the labour-capacity
  appraisal committee, issued and audited (physicians, records officers).

Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_USAGE = 0, 2
VOCATIONAL, CONCLUDE, SUMMARY = "vocational", "appraisal-conclude", "appraisal-summary"
COMMANDS = (VOCATIONAL, CONCLUDE, SUMMARY)


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    from desktop_app.domain.vocabulary import APPRAISAL_CONCLUSIONS, RETURN_TO_WORK, VOCATIONAL_GOALS

    vocational = commands.add_parser(VOCATIONAL, help="职业康复目标与结局 / the vocational goal and outcome")
    sub = vocational.add_subparsers(dest="vocational_command", required=True)
    goal = sub.add_parser("goal", help="确定职业康复目标 / set the vocational goal")
    goal.add_argument("--case", type=int, required=True, help="病例 id / case id")
    goal.add_argument("--goal", required=True, choices=list(VOCATIONAL_GOALS),
                      help="原岗位、调整岗位、转换工作、职业培训 / same job, adapted job, other job, "
                      "training")
    goal.add_argument("--on", type=date.fromisoformat, required=True, help="日期 / the day (YYYY-MM-DD)")
    sign_in(goal)
    outcome = sub.add_parser("outcome", help="录入职业康复结局 / record the vocational outcome")
    outcome.add_argument("--case", type=int, required=True, help="病例 id / case id")
    outcome.add_argument("--outcome", required=True, choices=list(RETURN_TO_WORK),
                         help="就业状况 / work status")
    outcome.add_argument("--on", type=date.fromisoformat, required=True, help="日期 / the day (YYYY-MM-DD)")
    outcome.add_argument("--note", help="说明（岗位、单位）/ note (job, employer)")
    sign_in(outcome)
    conclude = commands.add_parser(CONCLUDE, help="医师鉴定前结论（以口令确认）/ the physician's "
                                   "conclusion for the appraisal (confirmed with the password)")
    conclude.add_argument("case", type=int, help="病例 id / case id")
    conclude.add_argument("--conclusion", required=True, choices=list(APPRAISAL_CONCLUSIONS),
                          help="伤情稳定可鉴定 / 尚未稳定 / stable and ready, or not yet")
    conclude.add_argument("--note", required=True, help="结论说明 / the physician's words")
    sign_in(conclude)
    summary = commands.add_parser(SUMMARY, help="先康复后鉴定工伤康复总结（PDF/A）/ the rehab-first "
                                  "summary for the appraisal committee (PDF/A)")
    summary.add_argument("case", type=int, help="病例 id / case id")
    summary.add_argument("--out", type=Path, required=True, help="写入的 .pdf 文件 / the .pdf file to write")
    sign_in(summary)


def run(engine: Engine, args: argparse.Namespace, signed_in_actor: Callable[..., int | None]) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical import appraisal_summary, vocational
    from desktop_app.services.core.uow import UnitOfWork

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        if args.command == SUMMARY:
            appraisal_summary.check_target(args.out)
            doc = appraisal_summary.issue_summary(uow, args.case)  # committed as it returns
            args.out.write_bytes(doc.pdf)
            print(f"{doc.doc_id} sha256 {doc.pdf_sha256}")
            print(f"已写入 / written: {args.out}")
        elif args.command == CONCLUDE:
            appraisal_summary.conclude(uow, args.case, appraisal_summary.ConclusionInput(
                args.conclusion, args.note), os.environ.get(args.password_env, ""))
            print("已记录医师结论 / conclusion recorded")
        elif args.vocational_command == "goal":
            vocational.set_vocational_goal(uow, args.case, vocational.VocationalGoalInput(args.goal, args.on))
            print("已确定职业康复目标 / goal set")
        else:
            vocational.record_vocational_outcome(uow, args.case, vocational.VocationalOutcomeInput(
                args.outcome, args.on, args.note))
            print("已录入职业康复结局 / outcome recorded")
    return EXIT_OK
