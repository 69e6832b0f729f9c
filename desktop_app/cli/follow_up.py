"""``rehab-archive follow-up add|list``: the follow-up of a discharged case at 3, 6 and 12
months (``services.clinical.follow_up``; physicians, therapists, records officers). ``list``
shows each milestone with its due day and what counts (the latest row of the milestone).
Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_USAGE = 0, 2
COMMAND = "follow-up"


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env``."""
    from desktop_app.domain.vocabulary import FOLLOW_UP_METHODS, FOLLOW_UP_MONTHS, RETURN_TO_WORK

    follow = commands.add_parser(COMMAND, help="出院随访（3、6、12个月）/ follow-up after discharge "
                                 "(3, 6 and 12 months)")
    follow_commands = follow.add_subparsers(dest="follow-up_command", required=True)
    add = follow_commands.add_parser("add", help="录入一次随访（更正即再录一次，以最新为准）/ record a "
                                     "follow-up (a correction is another one; the latest counts); "
                                     "prints its id last")
    add.add_argument("--case", type=int, required=True, help="病例 id / case id")
    add.add_argument("--months", type=int, required=True, choices=list(FOLLOW_UP_MONTHS),
                     help="随访节点（月）/ the milestone in months")
    add.add_argument("--on", dest="contacted_on", type=date.fromisoformat, required=True,
                     help="随访日期 / the day of contact (YYYY-MM-DD)")
    add.add_argument("--method", required=True, choices=list(FOLLOW_UP_METHODS),
                     help="随访方式：电话、上门/来院、信函、其他 / phone, visit, letter, other")
    add.add_argument("--return-to-work", required=True, choices=list(RETURN_TO_WORK),
                     help="就业状况 / work status")
    add.add_argument("--satisfaction", type=int, help="满意度 1–5（可选）/ satisfaction 1–5 (optional)")
    add.add_argument("--note", help="备注 / note")
    sign_in(add)
    listing = follow_commands.add_parser("list", help="列出病例的随访节点 / list a case's follow-up")
    listing.add_argument("--case", type=int, required=True, help="病例 id / case id")


def run(engine: Engine, args: argparse.Namespace,
        signed_in_actor: Callable[..., int | None]) -> int:
    if getattr(args, "follow-up_command") == "list":
        return _list(engine, args.case)
    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical import follow_up
    from desktop_app.services.core.uow import UnitOfWork

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    inp = follow_up.FollowUpInput(args.months, args.contacted_on, args.method, args.return_to_work,
                                  args.satisfaction, args.note)
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        row_id = follow_up.record_follow_up(uow, args.case, inp)
    print(row_id)
    return EXIT_OK


def _list(engine: Engine, case_id: int) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.domain.vocabulary import FOLLOW_UP_METHOD_ZH, RETURN_TO_WORK_ZH, zh
    from desktop_app.services.clinical.follow_up_view import follow_up_sheet

    with Session(engine) as session:
        sheet = follow_up_sheet(session, case_id)
    if sheet.discharge_date is None:
        print("病例尚未出院 / the case has not been discharged")
        return EXIT_OK
    print(f"出院 / discharged {sheet.discharge_date}\t{zh(RETURN_TO_WORK_ZH, sheet.return_to_work)}"
          f" / {sheet.return_to_work or '-'}")
    for m in sheet.milestones:
        if m.latest is None:
            print(f"{m.months} 个月 / months\t应于 / due {m.due_on}\t未随访 / not recorded")
            continue
        r = m.latest
        print(f"{m.months} 个月 / months\t应于 / due {m.due_on}\t{r.contacted_on}\t"
              f"{zh(FOLLOW_UP_METHOD_ZH, r.method)}\t{zh(RETURN_TO_WORK_ZH, r.return_to_work)} / "
              f"{r.return_to_work}\t{r.satisfaction if r.satisfaction is not None else '-'}\t"
              f"{r.note or ''}" + (f"\t（更正 {m.earlier} 次 / corrects {m.earlier})" if m.earlier else ""))
    return EXIT_OK
