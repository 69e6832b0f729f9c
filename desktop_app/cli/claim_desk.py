"""``rehab-archive claim answer|correction|desk``: the agency's answer to a claim (submitted,
returned, deductions per line, paid), the correction version after a return or a deduction,
and the records officer's claim desk — the same services as the app's claim desk. Wired into
``cli/main.py``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
COMMANDS = ("answer", "correction", "desk")


def add_parsers(claim_commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The ``claim`` sub-commands; ``sign_in`` adds ``--user``/``--password-env``."""
    from desktop_app.domain.claim_states import DESK_STATES

    answer = claim_commands.add_parser(
        "answer", help="录入经办机构的反馈：报送、退回、扣减、支付 / record the agency's answer: "
        "submitted, returned, deductions, paid; prints the answer's id(s) last")
    answer.add_argument("--claim", type=int, required=True, help="结算申报 id / claim id")
    kinds = answer.add_subparsers(dest="answer_kind", required=True)
    submitted = kinds.add_parser("submitted", help="已报送经办机构 / submitted to the agency")
    submitted.add_argument("--on", type=date.fromisoformat, required=True, help="日期 / date (YYYY-MM-DD)")
    sign_in(submitted)
    returned = kinds.add_parser("returned", help="经办机构退回 / returned by the agency")
    returned.add_argument("--on", type=date.fromisoformat, required=True, help="日期 / date (YYYY-MM-DD)")
    returned.add_argument("--reason", required=True, help="退回原因 / the agency's reason")
    sign_in(returned)
    deduct = kinds.add_parser("deduct", help="逐行扣减 / deductions per line")
    deduct.add_argument("--on", type=date.fromisoformat, required=True, help="日期 / date (YYYY-MM-DD)")
    deduct.add_argument("--line", type=_deduction, action="append", required=True,
                        metavar="FEE_LINE_ID:AMOUNT:REASON",
                        help="费用行 id:扣减金额:原因（可重复）/ fee line id, amount and reason (repeat)")
    sign_in(deduct)
    paid = kinds.add_parser("paid", help="经办机构支付 / paid by the agency")
    paid.add_argument("--on", type=date.fromisoformat, required=True, help="日期 / date (YYYY-MM-DD)")
    paid.add_argument("--amount", type=_amount, required=True, help="支付金额（元）/ amount paid (yuan)")
    sign_in(paid)
    correction = claim_commands.add_parser(
        "correction", help="退回或扣减后出具更正版本（原因取自经办机构反馈）/ issue the correction "
        "version after a return or a deduction (its reason from the agency's answers); prints its id last")
    correction.add_argument("--claim", type=int, required=True, help="结算申报 id / claim id")
    sign_in(correction)
    desk = claim_commands.add_parser("desk", help="结算工作台：全部结算申报的状态和金额 / the claim desk: "
                                     "every claim with its state and amounts")
    desk.add_argument("--month", help="期间 YYYY-MM 或 discharge / a period")
    desk.add_argument("--state", choices=[str(s) for s in DESK_STATES], help="状态 / desk state")
    desk.add_argument("--search", default="", help="病例号或姓名 / case number or name")
    desk.add_argument("--all-versions", action="store_true", help="包括旧版本 / older versions too")


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"须为金额 / not an amount: {text}") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"须为金额 / not an amount: {text}")
    return value


def _deduction(text: str) -> tuple[int, Decimal, str]:
    parts = text.split(":", 2)
    if len(parts) != 3 or not parts[0].isdigit():
        raise argparse.ArgumentTypeError(f"须为 费用行id:金额:原因 / must be LINE:AMOUNT:REASON: {text}")
    return int(parts[0]), _amount(parts[1]), parts[2]


def run(engine: Engine, args: argparse.Namespace, signed_in: Callable[..., int | None]) -> int:
    """Dispatch; ``signed_in`` is ``cli.main._signed_in_actor``."""
    if args.claim_command == "desk":
        return _desk(engine, args)
    actor = signed_in(engine, args)
    if actor is None:
        return EXIT_USAGE
    from desktop_app.clock import SystemClock
    from desktop_app.services.claims import claim_answers
    from desktop_app.services.core.uow import UnitOfWork

    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        if args.claim_command == "correction":
            new_id = claim_answers.issue_correction(uow, args.claim)
            ids = [new_id]
        elif args.answer_kind == "submitted":
            ids = [claim_answers.record_submitted(uow, args.claim, args.on)]
        elif args.answer_kind == "returned":
            ids = [claim_answers.record_returned(uow, args.claim, args.on, args.reason)]
        elif args.answer_kind == "deduct":
            ids = claim_answers.record_deductions(uow, args.claim, args.on, [
                claim_answers.DeductionInput(line, amount, reason) for line, amount, reason in args.line])
        else:
            ids = [claim_answers.record_paid(uow, args.claim, args.on, args.amount)]
    if args.claim_command == "correction":
        print(f"更正版本（草稿）/ correction version (draft): 结算申报 claim #{ids[0]}")
    print(_state_line(engine, args.claim))
    for answer_id in ids:
        print(answer_id)
    return EXIT_OK


def _state_line(engine: Engine, claim_id: int) -> str:
    from desktop_app.clock import SystemClock
    from desktop_app.domain.claim_states import DESK_STATE_LABELS
    from desktop_app.services.claims import claims
    from desktop_app.services.claims.claim_answers import standing_of
    from desktop_app.services.core.uow import UnitOfWork

    with UnitOfWork(engine, clock=SystemClock()) as uow:
        s = standing_of(uow.session, claims.get_claim(uow.session, claim_id))
    zh, en = DESK_STATE_LABELS[s.state]
    return (f"结算申报 claim #{claim_id}: {zh} / {en}; 基金 fund {s.fund:,.2f}, 扣减 deducted "
            f"{s.deducted:,.2f}, 应付 due {s.due:,.2f}, 已付 paid {s.paid:,.2f}")


def _desk(engine: Engine, args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.domain.claim_states import DESK_STATE_LABELS
    from desktop_app.services.claims import claim_desk_view

    with Session(engine) as session:
        rows = claim_desk_view.desk_rows(session, month=args.month, state=args.state,
                                         search=args.search, all_versions=args.all_versions)
    print("申报\t病例号\t姓名\t期间\t版本\t状态\t申报总额\t基金\t扣减\t已付\t报送日\t支付日\n"
          "claim\tcase\tname\tperiod\tversion\tstate\ttotal\tfund\tdeducted\tpaid\tsubmitted\tpaid on")
    for r in rows:
        zh, en = DESK_STATE_LABELS[r.state]
        print(f"{r.claim_id}\t{r.case_number}\t{r.patient_name}\t{r.period}\tv{r.version_no}\t"
              f"{zh} {en}\t{r.total:,.2f}\t{r.fund:,.2f}\t{r.deducted:,.2f}\t{r.paid:,.2f}\t"
              f"{r.submitted_on or ''}\t{r.paid_on or ''}"
              + ("\t须更正 / correction due" if r.correction_offered else ""))
    t = claim_desk_view.totals(rows)
    print(f"合计 / total: {t.claims} 份申报 claims, 申报 claimed {t.total:,.2f}, 基金 fund {t.fund:,.2f}, "
          f"扣减 deducted {t.deducted:,.2f}, 已付 paid {t.paid:,.2f}", file=sys.stdout)
    return EXIT_OK
