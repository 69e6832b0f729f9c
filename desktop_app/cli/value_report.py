"""``rehab-archive value-report add|sign|list|print`` and ``rehab-archive notice
add|sign|list|print``: the signed, versioned 康复价值评估报告及康复治疗建议 and the written notice
ending a course (Beijing Art. 14) (``services.clinical.value_report`` / ``notice``; physicians
write and sign, with their password). ``add`` prints the new row's id last; ``sign`` asks the
password again from ``--password-env``; ``print`` writes the PDF/A. Wired into ``cli/main.py``."""

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
VALUE, NOTICE = "value-report", "notice"


def add_parsers(
    commands: argparse._SubParsersAction, sign_in: Callable[[argparse.ArgumentParser], None]
) -> None:
    from desktop_app.domain.vocabulary import (
        MODES,
        NOTICE_ACKNOWLEDGEMENTS,
        NOTICE_DELIVERIES,
        NOTICE_REASONS,
        SETTINGS,
        STAGES,
        VALUE_CONCLUSIONS,
    )

    parser = commands.add_parser(
        VALUE,
        help="康复价值评估报告及康复治疗建议（医师撰写并签名）/ the signed "
        "rehab value report and treatment recommendation",
    )
    sub = parser.add_subparsers(dest="value_command", required=True)
    add = sub.add_parser(
        "add",
        help="撰写新版本（草稿；同一工伤以往疗程已签署的报告可用 --carry 沿用）/ write a "
        "new version (a draft); prints its id last",
    )
    add.add_argument("--case", type=int, required=True, help="病例 id / case id")
    add.add_argument("--assessed-on", type=date.fromisoformat, required=True, help="评估日期 / YYYY-MM-DD")
    add.add_argument("--stage", required=True, choices=list(STAGES), help="康复阶段 / stage")
    add.add_argument(
        "--conclusion",
        required=True,
        choices=list(VALUE_CONCLUSIONS),
        help="评估结论 / has or has no rehabilitation value",
    )
    add.add_argument("--assessment", required=True, help="康复价值评估意见 / the assessment")
    add.add_argument("--recommendation", required=True, help="康复治疗建议 / the recommendation")
    add.add_argument(
        "--mode", action="append", default=[], choices=list(MODES), help="建议康复模式（可多次）"
    )
    add.add_argument("--setting", choices=list(SETTINGS), help="建议康复形式 / setting")
    add.add_argument("--days", type=int, help="预期康复期限（天）/ intended period in days")
    add.add_argument("--goals", help="康复目标 / goals")
    add.add_argument(
        "--carry",
        action="store_true",
        help="沿用同一工伤以往疗程最新的已签署报告 / carry over the earlier course's signed report",
    )
    sign_in(add)
    _common_sign_list_print(sub, sign_in, "report", "报告版本 id / report version id")

    notice = commands.add_parser(
        NOTICE,
        help="终止康复治疗书面通知（北京市办法第十四条）/ the written notice "
        "ending a course (Beijing Art. 14)",
    )
    nsub = notice.add_subparsers(dest="notice_command", required=True)
    nadd = nsub.add_parser("add", help="签发通知（草稿）/ write the notice (a draft); prints its id last")
    nadd.add_argument("--case", type=int, required=True, help="病例 id / case id")
    nadd.add_argument("--issued-on", type=date.fromisoformat, required=True, help="通知日期 / YYYY-MM-DD")
    nadd.add_argument(
        "--reason",
        required=True,
        choices=list(NOTICE_REASONS),
        help="不配合治疗 / 拒不出院: non_cooperation / refused_to_leave",
    )
    nadd.add_argument("--facts", required=True, help="事实经过 / the facts")
    nadd.add_argument(
        "--delivery", required=True, choices=list(NOTICE_DELIVERIES), help="送达方式 / delivery"
    )
    nadd.add_argument(
        "--acknowledgement",
        required=True,
        choices=list(NOTICE_ACKNOWLEDGEMENTS),
        help="签收情况：signed 本人签收 / refused 拒绝签收 / absent 未当面签收",
    )
    nadd.add_argument("--note", help="送达说明（拒签时必填：拒签情况及见证人）/ delivery note")
    sign_in(nadd)
    _common_sign_list_print(nsub, sign_in, "notice", "通知 id / notice id")


def _common_sign_list_print(
    sub: argparse._SubParsersAction,
    sign_in: Callable[[argparse.ArgumentParser], None],
    name: str,
    help_id: str,
) -> None:
    sign = sub.add_parser("sign", help="医师以本人密码签名 / the physician signs with their password")
    sign.add_argument("--case", type=int, required=True, help="病例 id / case id")
    sign.add_argument(f"--{name}", type=int, required=True, help=help_id)
    sign_in(sign)
    listing = sub.add_parser("list", help="列出 / list")
    listing.add_argument("--case", type=int, required=True, help="病例 id / case id")
    printing = sub.add_parser("print", help="输出 PDF/A / write the PDF/A")
    printing.add_argument("--case", type=int, required=True, help="病例 id / case id")
    printing.add_argument(
        f"--{name}",
        type=int,
        required=name == "notice",
        help=help_id + "（默认最新已签署版本 / default: the latest signed one）",
    )
    printing.add_argument("--out", type=Path, required=True, help="PDF 文件 / the PDF file")
    sign_in(printing)


def run(engine: Engine, args: argparse.Namespace, signed_in_actor: Callable[..., int | None]) -> int:
    command = args.value_command if args.command == VALUE else args.notice_command
    if command == "list":
        return _list(engine, args)
    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical import notice, value_report, value_report_documents
    from desktop_app.services.core.uow import UnitOfWork

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    clock = SystemClock()
    password = os.environ.get(args.password_env or "", "") if getattr(args, "password_env", None) else ""
    with UnitOfWork(engine, clock=clock, actor_id=actor) as uow:
        if args.command == VALUE and command == "add":
            carried = None
            if args.carry:
                case = value_report.get_case(uow.session, args.case)
                earlier = value_report.earlier_value_report(uow.session, case.injury_id, case.id)
                if earlier is None:
                    print(
                        "同一工伤没有以往疗程已签署的报告 / "
                        "no signed report of an earlier course for this injury"
                    )
                    return 1
                carried = earlier.report_id
            inp = value_report.ValueReportInput(
                args.assessed_on,
                args.stage,
                args.conclusion,
                args.assessment,
                args.recommendation,
                tuple(args.mode),
                args.setting,
                args.days,
                args.goals,
                carried,
            )
            print(value_report.add_value_report(uow, args.case, inp))
        elif args.command == VALUE and command == "sign":
            print(value_report.sign_value_report(uow, args.case, args.report, password))
        elif args.command == VALUE:
            doc = value_report_documents.print_value_report(uow, args.case, args.report)
            args.out.write_bytes(doc.pdf)
            print(args.out)
        elif command == "add":
            ninp = notice.NoticeInput(
                args.issued_on, args.reason, args.facts, args.delivery, args.acknowledgement, args.note
            )
            print(notice.add_notice(uow, args.case, ninp))
        elif command == "sign":
            print(notice.sign_notice(uow, args.case, args.notice, password))
        else:
            doc = value_report_documents.print_notice(uow, args.case, args.notice)
            args.out.write_bytes(doc.pdf)
            print(args.out)
    return EXIT_OK


def _list(engine: Engine, args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.domain.vocabulary import NOTICE_REASON_ZH, STATE_ZH, VALUE_CONCLUSION_ZH
    from desktop_app.services.clinical.notice import notices
    from desktop_app.services.clinical.value_report import value_reports

    with Session(engine) as session:
        if args.command == VALUE:
            for r in value_reports(session, args.case):
                mark = "当前 / current" if r.current else "已被取代 / superseded"
                print(
                    f"#{r.report_id}\t第 {r.version_no} 版 / v{r.version_no}\t{r.assessed_on}\t"
                    f"{VALUE_CONCLUSION_ZH[r.conclusion]}\t{STATE_ZH.get(r.record_state, r.record_state)}\t"
                    f"{r.physician}\t{r.signed_at or '-'}\t{mark}"
                )
        else:
            for n in notices(session, args.case):
                print(
                    f"#{n.notice_id}\t{n.issued_on}\t{NOTICE_REASON_ZH[n.reason]}\t"
                    f"{STATE_ZH.get(n.record_state, n.record_state)}\t{n.issued_by}\t{n.signed_at or '-'}"
                )
    return EXIT_OK
