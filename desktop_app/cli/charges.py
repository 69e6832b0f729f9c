"""``rehab-archive charge add|bed-days|import|list|reverse|sign``: every charge of a case
other than its sessions, entered, imported from a HIS export (CSV in UTF-8 or GBK, or
XLSX), listed, reversed and signed off by who entered it, through the same services as
the charge page (``services.claims.fees``, ``bed_days``, ``charge_signing``,
``charges_view``). A refused import prints every bad row and exits non-zero; nothing is
imported then. Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop_app.services.core.uow import UnitOfWork

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
CATEGORIES = ("drug", "medical", "bed", "other", "meals")


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"须为数字 / must be a number: {text}") from None


def _time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为 HH:MM / must be HH:MM: {text}") from None


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env`` to a parser."""
    charge = commands.add_parser("charge", help="费用（床日、药品、检查、材料等）/ charges (bed-days, "
                                 "drugs, examinations, materials…)")
    sub = charge.add_subparsers(dest="charge_command", required=True)
    add = sub.add_parser("add", help="录入一笔费用（按当日有效目录价格）/ enter a charge at the "
                         "catalogue price in force that day; prints its id last")
    add.add_argument("--case", type=int, required=True, help="病例 id / case id")
    add.add_argument("--code", required=True, help="项目国家编码 / the item's national code")
    add.add_argument("--date", type=date.fromisoformat, required=True, help="发生日期 / day (YYYY-MM-DD)")
    add.add_argument("--time", type=_time, help="发生时间（北京时间）/ time (HH:MM, China time)")
    add.add_argument("--qty", type=_decimal, required=True, help="数量 / quantity")
    add.add_argument("--category", choices=CATEGORIES,
                     help="费用类别（默认取目录项目的类别）/ category (default: the item's)")
    add.add_argument("--charge-kind", help="费用性质 / what the charge is for (coverage)")
    add.add_argument("--body-part", help="部位 / body part treated")
    add.add_argument("--dept-code", help="开单科室编码 / ordering department code")
    add.add_argument("--dept-name", help="开单科室 / ordering department")
    add.add_argument("--physician-code", help="开单医师编码 / ordering physician code")
    add.add_argument("--physician-name", help="开单医师 / ordering physician")
    add.add_argument("--out-of-scope", action="store_true", help="目录外项目 / outside the catalogues")
    add.add_argument("--name", default="", help="目录外项目名称 / out-of-scope item's name")
    add.add_argument("--unit", default="", help="目录外项目单位 / out-of-scope item's unit")
    add.add_argument("--price", type=_decimal, help="单价 / unit price")
    add.add_argument("--without-consent", action="store_true",
                     help="目录外项目未经书面同意（由本机构承担）/ out of scope, used without consent")
    sign_in(add)
    beds = sub.add_parser("bed-days", help="按日计床位费：入院日计、出院日不计、请假日不计，已计的日子"
                          "不重复 / charge each uncharged inpatient day through a date")
    beds.add_argument("--case", type=int, required=True, help="病例 id / case id")
    beds.add_argument("--through", type=date.fromisoformat, required=True,
                      help="计至日期 / through this day (YYYY-MM-DD)")
    beds.add_argument("--code", help="床位项目编码（目录中有多个床位项目时）/ the bed item's code")
    sign_in(beds)
    imp = sub.add_parser("import", help="导入 HIS 费用文件（CSV：UTF-8/GBK；XLSX），有一行错误则全部不导入 / "
                         "import a HIS export; nothing is imported if any row is bad")
    imp.add_argument("--case", type=int, required=True, help="病例 id / case id")
    imp.add_argument("file", type=Path, help="CSV 或 XLSX 文件 / the CSV or XLSX file")
    sign_in(imp)
    listing = sub.add_parser("list", help="列出病例的费用 / list a case's charges")
    listing.add_argument("--case", type=int, required=True, help="病例 id / case id")
    rev = sub.add_parser("reverse", help="冲销一笔费用（新增负数行，原行不变）/ reverse a charge (a "
                         "negative line; the line itself never changes); prints its id last")
    rev.add_argument("--line", type=int, required=True, help="费用 id / the charge's id")
    rev.add_argument("--reason", required=True, help="冲销原因 / reason")
    sign_in(rev)
    sign = sub.add_parser("sign", help="录入人签名确认：以口令签署本人录入、尚未确认的全部费用 / sign off, "
                          "with your password, every charge of the case you entered; prints the "
                          "signature id last")
    sign.add_argument("--case", type=int, required=True, help="病例 id / case id")
    sign_in(sign)


def run(engine: Engine, args: argparse.Namespace, signed_in: Callable[..., int | None]) -> int:
    """Dispatch ``charge``; ``signed_in`` is ``cli._signed_in_actor``."""
    if args.charge_command == "list":
        return _list(engine, args.case)
    actor = signed_in(engine, args)
    if actor is None:
        return EXIT_USAGE
    from desktop_app.clock import SystemClock
    from desktop_app.services.core.uow import UnitOfWork

    steps = {"add": _add, "bed-days": _bed_days, "import": _import, "reverse": _reverse, "sign": _sign}
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as work:
        return steps[args.charge_command](work, args)


def _add(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop_app.services.claims import fees
    from desktop_app.services.claims.charges_view import item_in_force

    category = args.category
    if category is None:
        item = None if args.out_of_scope else item_in_force(uow.session, args.code, args.date)
        if item is None:
            print("请用 --category 指定费用类别 / give the category with --category", file=sys.stderr)
            return EXIT_USAGE
        category = item.category
    moment = datetime.combine(args.date, args.time) if args.time is not None else None
    line_id = fees.add_charge(uow, args.case, fees.ChargeInput(
        args.code, args.date, args.qty, category, args.charge_kind, args.body_part, args.out_of_scope,
        args.name, args.unit, args.price, moment, args.dept_code, args.dept_name, args.physician_code,
        args.physician_name, args.without_consent))
    print(line_id)
    return EXIT_OK


def _bed_days(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop_app.services.claims import bed_days
    done = bed_days.charge_bed_days(uow, args.case, args.through, args.code)
    print(f"新计床日 / bed-days charged: {len(done.lines)}；已计 / already charged: {done.already}；"
          f"请假 / on leave: {len(done.on_leave)}")
    for day in done.on_leave:
        print(f"请假未计 / on leave, not charged: {day}")
    return EXIT_OK


def _import(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop_app.services.claims import fees
    if not args.file.is_file():
        print(f"文件不存在 / no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    report = fees.import_charge_file(uow, args.case, args.file.read_bytes(), args.file.name)
    if not report.ok:
        print(f"未导入任何费用：{len(report.errors)}处错误 / nothing imported: {len(report.errors)} "
              "problem(s)", file=sys.stderr)
        for error in report.errors:
            print(f"{error.field}：{error.zh} / {error.en}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"已导入 {len(report.imported)} 笔费用 / imported {len(report.imported)} charge(s): "
          + " ".join(str(i) for i in report.imported))
    print("请录入人签名确认：charge sign / sign them off: charge sign")
    return EXIT_OK


def _reverse(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop_app.services.claims import fees
    print(fees.reverse_charge(uow, args.line, args.reason))
    return EXIT_OK


def _sign(uow: UnitOfWork, args: argparse.Namespace) -> int:
    from desktop_app.services.claims import charge_signing
    print(charge_signing.sign_charges(uow, args.case, os.environ.get(args.password_env, "")))
    return EXIT_OK


def _list(engine: Engine, case_id: int) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.documents.money import quantity, yuan
    from desktop_app.services.claims.charges_view import charges

    with Session(engine) as session:
        view = charges(session, case_id)
    print("id\t日期 day\t时间\t编码 code\t名称 name\t单位\t数量 qty\t单价 price\t金额 amount\t类别\t"
          "科室 dept\t医师 physician\t录入 entered by\t签名确认 signed off\t备注 note")
    for r in view.rows:
        note = []
        if r.reverses_id:
            note.append(f"冲销 #{r.reverses_id} reverses：{r.reason}")
        if r.reversed_by_id:
            note.append(f"已被 #{r.reversed_by_id} 冲销 reversed")
        if r.claim_id:
            note.append(f"申报 claim #{r.claim_id} {r.claim_status}")
        signed = r.signed_by or ("未确认 unsigned" if r.entry else ("治疗记录 session" if r.from_session
                                                                  else "—"))
        print(f"{r.id}\t{r.occurred_on}\t{r.occurred_at}\t{r.national_code}\t{r.name}\t{r.unit}\t"
              f"{quantity(r.quantity)}\t{yuan(r.unit_price)}\t{yuan(r.amount)}\t{r.category}\t{r.dept}\t"
              f"{r.physician}\t{r.entered_by}\t{signed}\t{'；'.join(note)}")
    print(f"合计 total: {yuan(view.total)}；{len(view.rows)} 笔 line(s)；"
          f"未签名确认 unsigned: {view.unsigned}")
    return EXIT_OK
