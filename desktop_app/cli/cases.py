"""``rehab-archive case`` commands: the facts of a case the claim rules depend on — an
approval, extension or filing (``approval``, judged by the case's pack: period caps),
payment terms (``terms``), the course end and why the stay went on (``course-end``), the
one-off medical subsidy date (``subsidy``). Each goes through the same service as the
app, so the same checks and the same pack articles apply. Wired into ``cli.py``."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from desktop_app.domain.rules.coverage import OVERSTAY_CAUSES
from desktop_app.domain.rules.packs import REHAB_TYPES
from desktop_app.domain.rules.payment_methods import METHODS
from desktop_app.domain.typed_text import is_ascii_digits

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop_app.clock import Clock

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
AMOUNT = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")  # ASCII: \d would take ٣٢٠


def _amount(text: str) -> str:
    """Money stays decimal text (never float) until ``domain.rules.payment_methods`` reads it."""
    if AMOUNT.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"须为金额，如 320.00 / must be an amount such as 320.00: {text}")
    return text


def _quota(text: str) -> tuple[str, str]:
    category, sep, amount = text.partition("=")
    if not sep or not category.strip():
        raise argparse.ArgumentTypeError(f"须为 病种=金额，如 WI05=18000.00 / must be CAT=AMOUNT: {text}")
    return category.strip(), _amount(amount.strip())


def _approved_item(text: str) -> tuple[str, int | None]:
    code, sep, count = text.partition("=")
    if not code.strip() or (sep and not is_ascii_digits(count.strip())):
        raise argparse.ArgumentTypeError(f"须为 项目编码[=次数] / must be CODE[=COUNT]: {text}")
    return code.strip(), int(count) if sep else None


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env`` to a parser."""
    case = commands.add_parser("case", help="病例的结算相关事实 / a case's facts the claim rules use")
    case_commands = case.add_subparsers(dest="case_command", required=True)
    approval = case_commands.add_parser("approval", help="录入核准、延期或备案（按本地区规则包检查期限）/ "
                                        "record an approval, extension or filing (the pack's caps)")
    approval.add_argument("--case", type=int, required=True, help="病例 id / case id")
    approval.add_argument("--kind", default="approval", choices=("approval", "extension", "early_filing"),
                          help="approval / extension / early_filing")
    approval.add_argument("--number", required=True, help="核准（确认）文号 / decision number")
    approval.add_argument("--date", type=date.fromisoformat, required=True, help="核准日期 YYYY-MM-DD")
    approval.add_argument("--body", required=True, help="核准机构 / issuing body")
    approval.add_argument("--from", dest="period_from", type=date.fromisoformat, required=True,
                          help="核准期限起 / period from")
    approval.add_argument("--to", dest="period_to", type=date.fromisoformat, required=True,
                          help="核准期限止 / period to")
    approval.add_argument("--type", dest="rehab_type", default="medical", choices=REHAB_TYPES,
                          help="medical（医疗康复）/ vocational（职业康复）")
    approval.add_argument("--item", type=_approved_item, action="append", default=[],
                          metavar="CODE[=COUNT]", help="核准项目及次数，可重复 / approved item, repeatable")
    sign_in(approval)
    terms = case_commands.add_parser("terms", help="设置支付方式和标准（限本地区规则包提供的方式）/ "
                                     "set the payment terms (only methods the region's pack offers)")
    terms.add_argument("--case", type=int, required=True, help="病例 id / case id")
    terms.add_argument("--method", required=True, choices=METHODS, help="支付方式 / payment method")
    terms.add_argument("--rate", type=_amount, help="费率（元）/ rate (yuan)")
    terms.add_argument("--quota", type=_quota, action="append", default=[], metavar="CAT=AMOUNT",
                       help="按病种定额，可重复 / per-disease quota, repeatable")
    terms.add_argument("--course-days", type=int, help="每疗程天数 / days per course")
    sign_in(terms)
    end = case_commands.add_parser("course-end", help="记录康复结束日期及滞留原因 / record the "
                                   "course end and why the stay went on")
    end.add_argument("--case", type=int, required=True, help="病例 id / case id")
    end.add_argument("--date", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    end.add_argument("--cause", required=True, choices=OVERSTAY_CAUSES,
                     help="institution（机构未及时办理出院）/ worker_refused（职工拒不出院）")
    sign_in(end)
    subsidy = case_commands.add_parser("subsidy", help="记录一次性工伤医疗补助金领取日期 / record "
                                       "the day the one-off medical subsidy was taken")
    subsidy.add_argument("--case", type=int, required=True, help="病例 id / case id")
    subsidy.add_argument("--date", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    sign_in(subsidy)


def rate_of(args: argparse.Namespace) -> dict[str, object]:
    """The ``payment_rate`` JSON the service checks (decimal text, never float)."""
    rate: dict[str, object] = {}
    if args.rate is not None:
        rate["rate"] = args.rate
    if args.quota:
        rate["quotas"] = dict(args.quota)
    if args.course_days is not None:
        rate["course_days"] = args.course_days
    return rate


def run(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.claims import claims
    from desktop_app.services.clinical import course_end
    from desktop_app.services.core.lookup import get_case
    from desktop_app.services.core.uow import UnitOfWork

    clock = SystemClock()
    if args.case_command == "approval":
        return _approval(engine, args, actor, clock)
    with UnitOfWork(engine, clock=clock, actor_id=actor) as uow:
        if args.case_command == "terms":
            claims.set_payment_terms(uow, args.case, args.method, rate_of(args))
        elif args.case_command == "course-end":
            course_end.record_course_end(uow, args.case, args.date, args.cause)
        else:
            course_end.record_one_off_subsidy(uow, args.case, args.date)
    with UnitOfWork(engine, clock=clock) as uow:
        case = get_case(uow.session, args.case)
        if args.case_command == "terms":
            _terms, (zh, en) = claims.payment_terms(uow.session, case)
            print(f"病例 {case.case_number} 支付标准 / payment terms: {zh} / {en}")
        elif args.case_command == "course-end":
            print(f"病例 {case.case_number} 康复结束 / course ended: {case.course_ended_on}"
                  f"（{case.overstay_cause}）")
        else:
            print(f"病例 {case.case_number} 一次性医疗补助金 / one-off subsidy taken: "
                  f"{case.injury.one_off_medical_subsidy_date}")
    return EXIT_OK


def _approval(engine: Engine, args: argparse.Namespace, actor: int, clock: Clock) -> int:
    """Record it, print the pack's warnings (zh / en) and the new id last."""
    from desktop_app.services.core.commands import ApprovalInput, ApprovedItemInput
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.intake import intake

    inp = ApprovalInput(
        kind=args.kind, decision_number=args.number, decision_date=args.date,
        issuing_body=args.body, period_from=args.period_from, period_to=args.period_to,
        items=tuple(ApprovedItemInput(code, code, count) for code, count in args.item),
        rehab_type=args.rehab_type)
    with UnitOfWork(engine, clock=clock, actor_id=actor) as uow:
        recorded = intake.enter_approval(uow, args.case, inp)
    for warning in recorded.warnings:
        print(f"[提示] {warning.zh} / {warning.en}")
    print(f"规则包 / pack: {recorded.pack_code}")
    print(recorded.approval_id)
    return EXIT_OK
