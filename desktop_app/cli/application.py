"""``rehab-archive application add|checklist|list``: the rehabilitation application of a case
(``services.intake.application``; records officers and physicians). ``add`` records when it
was submitted (and accepted), by whom and to which body; ``checklist`` marks one materials
item of the region pack's checklist attached (a scan already in the case's archive, or a file
stored now) or not applicable with a reason; ``list`` shows each application with its
checklist, the answer deadline of the pack and the approval that answered it.
Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_USAGE = 0, 2
COMMAND = "application"


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env``."""
    from desktop_app.domain.attachments import KINDS
    from desktop_app.domain.vocabulary import APPLICANTS

    parser = commands.add_parser(COMMAND, help="康复申请及申请材料 / the rehabilitation application "
                                 "and its materials")
    sub = parser.add_subparsers(dest="application_command", required=True)
    add = sub.add_parser("add", help="录入康复申请（提交日期、受理日期、申请人、受理机构）/ record the "
                         "application; prints its id last")
    add.add_argument("--case", type=int, required=True, help="病例 id / case id")
    add.add_argument("--submitted-on", type=date.fromisoformat, required=True,
                     help="提交日期 / the day it was submitted (YYYY-MM-DD)")
    add.add_argument("--accepted-on", type=date.fromisoformat,
                     help="受理日期（答复期限自此起算）/ the day it was accepted (the deadline runs from it)")
    add.add_argument("--applicant", required=True, choices=list(APPLICANTS),
                     help="申请人：用人单位、职工本人、近亲属 / employer, worker, relative")
    add.add_argument("--to", dest="submitted_to", required=True,
                     help="受理机构 / the body it was submitted to")
    add.add_argument("--note", help="备注 / note")
    sign_in(add)
    mark = sub.add_parser("checklist", help="标记一项申请材料：已附（附件 id 或扫描件）或不适用（须说明原因）"
                          " / mark one materials item attached or not applicable; prints the row id last")
    mark.add_argument("--case", type=int, required=True, help="病例 id / case id")
    mark.add_argument("--application", type=int, required=True, help="申请 id / application id")
    mark.add_argument("--item", required=True, help="材料项代码（见 list）/ the item's code (see list)")
    how = mark.add_mutually_exclusive_group(required=True)
    how.add_argument("--attachment", type=int, help="档案中已有附件的 id / an attachment already in the case")
    how.add_argument("--scan", type=Path, help="扫描件（PDF、图片）/ a scanned file (PDF, image)")
    how.add_argument("--not-applicable", action="store_true", help="不适用 / not applicable")
    mark.add_argument("--kind", default="application_material", choices=list(KINDS),
                      help="扫描件类别 / the scan's kind")
    mark.add_argument("--reason", help="不适用的原因 / why it does not apply")
    sign_in(mark)
    listing = sub.add_parser("list", help="列出病例的康复申请、材料与答复期限 / list a case's applications")
    listing.add_argument("--case", type=int, required=True, help="病例 id / case id")


def run(engine: Engine, args: argparse.Namespace,
        signed_in_actor: Callable[..., int | None]) -> int:
    if args.application_command == "list":
        return _list(engine, args.case)
    from desktop_app.clock import SystemClock
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.intake import application
    from desktop_app.services.records.attachments import read_file

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    if args.application_command == "add":
        inp = application.ApplicationInput(args.submitted_on, args.applicant, args.submitted_to,
                                           args.accepted_on, args.note)
        with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
            row_id = application.add_application(uow, args.case, inp)
    else:
        scan = read_file(args.scan, args.kind) if args.scan is not None else None
        status = "not_applicable" if args.not_applicable else "attached"
        item = application.ItemMark(args.item, status, args.attachment, scan, args.reason)
        with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
            row_id = application.mark_item(uow, args.case, args.application, item)
    print(row_id)
    return EXIT_OK


STATUS = {"attached": "已附 / attached", "not_applicable": "不适用 / not applicable",
          None: "未提交 / missing"}


def _list(engine: Engine, case_id: int) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.clock import SystemClock
    from desktop_app.services.intake.application_view import application_page

    with Session(engine) as session:
        page = application_page(session, case_id, SystemClock().today())
    if not page.applications:
        print(f"尚无康复申请 / no application yet\t{page.pack_code}\t{page.deadline_zh} / {page.deadline_en}")
        return EXIT_OK
    for a in page.applications:
        answer = a.answered_by or a.answered_unlinked
        answered = (f"已答复 / answered: {answer[1]} {answer[2]}" if answer else "未答复 / not answered")
        print(f"#{a.id}\t提交 / submitted {a.submitted_on}\t受理 / accepted {a.accepted_on or '-'}\t"
              f"{a.applicant_zh} / {a.applicant}\t{a.submitted_to}\t{a.pack_code}")
        print(f"  答复期限 / answer by: {a.due or '-'}"
              + (f"（延长至 / extended to {a.due_extended}）" if a.due_extended else "")
              + f"\t{answered}\t{a.deadline_zh}")
        if a.checklist_silent:
            print("  本地区办法未列申请材料 / the region's text lists no materials")
        for item in a.checklist:
            detail = (f"#{item.attachment_id} {item.attachment_name or ''}" if item.status == "attached"
                      else item.reason or "")
            print(f"  {item.code}\t{STATUS[item.status]}\t{item.zh}\t{detail}\t{item.basis_zh}")
    return EXIT_OK
