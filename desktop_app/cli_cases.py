"""``rehab-archive case`` commands: the facts of a case the claim rules depend on —
payment terms (``terms``), the course end and why the stay went on (``course-end``), the
one-off medical subsidy date (``subsidy``). Each goes through the same service as the
app, so the same checks and the same pack articles apply. Wired into ``cli.py``."""

from __future__ import annotations

import argparse
import re
from datetime import date

from desktop_app.domain.coverage import OVERSTAY_CAUSES
from desktop_app.domain.payment_methods import METHODS

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def _amount(text: str) -> str:
    """Money stays decimal text (never float) until ``domain.payment_methods`` reads it."""
    if AMOUNT.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"须为金额，如 320.00 / must be an amount such as 320.00: {text}")
    return text


def _quota(text: str) -> tuple[str, str]:
    category, sep, amount = text.partition("=")
    if not sep or not category.strip():
        raise argparse.ArgumentTypeError(f"须为 病种=金额，如 WI05=18000.00 / must be CAT=AMOUNT: {text}")
    return category.strip(), _amount(amount.strip())


def add_parsers(commands: argparse._SubParsersAction, sign_in: object) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env`` to a parser."""
    case = commands.add_parser("case", help="病例的结算相关事实 / a case's facts the claim rules use")
    case_commands = case.add_subparsers(dest="case_command", required=True)
    terms = case_commands.add_parser("terms", help="设置支付方式和标准（限本地区规则包提供的方式）/ "
                                     "set the payment terms (only methods the region's pack offers)")
    terms.add_argument("--case", type=int, required=True, help="病例 id / case id")
    terms.add_argument("--method", required=True, choices=METHODS, help="支付方式 / payment method")
    terms.add_argument("--rate", type=_amount, help="费率（元）/ rate (yuan)")
    terms.add_argument("--quota", type=_quota, action="append", default=[], metavar="CAT=AMOUNT",
                       help="按病种定额，可重复 / per-disease quota, repeatable")
    terms.add_argument("--course-days", type=int, help="每疗程天数 / days per course")
    sign_in(terms)  # type: ignore[operator]
    end = case_commands.add_parser("course-end", help="记录康复结束日期及滞留原因 / record the "
                                   "course end and why the stay went on")
    end.add_argument("--case", type=int, required=True, help="病例 id / case id")
    end.add_argument("--date", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    end.add_argument("--cause", required=True, choices=OVERSTAY_CAUSES,
                     help="institution（机构未及时办理出院）/ worker_refused（职工拒不出院）")
    sign_in(end)  # type: ignore[operator]
    subsidy = case_commands.add_parser("subsidy", help="记录一次性工伤医疗补助金领取日期 / record "
                                       "the day the one-off medical subsidy was taken")
    subsidy.add_argument("--case", type=int, required=True, help="病例 id / case id")
    subsidy.add_argument("--date", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    sign_in(subsidy)  # type: ignore[operator]


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


def run(engine, args: argparse.Namespace, actor: int) -> int:  # type: ignore[no-untyped-def]
    from desktop_app.clock import SystemClock
    from desktop_app.services import claims, course_end
    from desktop_app.services.lookup import get_case
    from desktop_app.services.uow import UnitOfWork

    clock = SystemClock()
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
