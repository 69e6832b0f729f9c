"""``rehab-archive device opinion|file|fit|adjust|train|list``: assistive devices (辅助器具) of a
case (``services.clinical.device``): the physician's opinion (a free device code and name: no
national device catalogue is in the reference data), the agency's filing (备案), the fitting
(a fee line where the case's pack pays it), adjustments and training sessions.
Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_USAGE = 0, 2
COMMAND = "device"


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser(COMMAND, help="辅助器具配置 / assistive devices")
    sub = parser.add_subparsers(dest="device_command", required=True)
    opinion = sub.add_parser("opinion", help="录入辅助器具配置意见 / record a device opinion; prints its "
                             "id last")
    opinion.add_argument("--case", type=int, required=True, help="病例 id / case id")
    opinion.add_argument("--on", type=date.fromisoformat, required=True, help="意见日期 / date (YYYY-MM-DD)")
    opinion.add_argument("--code", required=True, help="器具编码 / device code")
    opinion.add_argument("--name", required=True, help="器具名称 / device name")
    opinion.add_argument("--physician", type=int, required=True, help="开具医师 id / physician's id")
    opinion.add_argument("--reason", help="配置理由 / why")
    opinion.add_argument("--scan", type=Path, help="意见扫描件 / scan of the opinion")
    sign_in(opinion)
    filing = sub.add_parser("file", help="录入经办机构备案 / record the agency's filing; prints its id last")
    filing.add_argument("--case", type=int, required=True, help="病例 id / case id")
    filing.add_argument("--opinion", type=int, required=True, help="配置意见 id / opinion id")
    filing.add_argument("--on", type=date.fromisoformat, required=True, help="备案日期 / date")
    filing.add_argument("--number", required=True, help="备案编号 / filing number")
    filing.add_argument("--scan", type=Path, help="备案回执扫描件 / scan of the receipt")
    sign_in(filing)
    fit = sub.add_parser("fit", help="录入配置（供应商、数量、单价）/ record the fitting; prints its id last")
    fit.add_argument("--case", type=int, required=True, help="病例 id / case id")
    fit.add_argument("--opinion", type=int, required=True, help="配置意见 id / opinion id")
    fit.add_argument("--on", type=date.fromisoformat, required=True, help="配置日期 / date")
    fit.add_argument("--supplier", required=True, help="供应商 / supplier")
    fit.add_argument("--quantity", type=Decimal, default=Decimal(1), help="数量 / quantity")
    fit.add_argument("--price", type=Decimal, required=True, help="单价（元）/ unit price (yuan)")
    fit.add_argument("--code", help="器具编码（默认同意见）/ device code (default: the opinion's)")
    fit.add_argument("--name", help="器具名称 / device name")
    fit.add_argument("--note", help="备注 / note")
    sign_in(fit)
    for name, help_text in (("adjust", "录入调整 / record an adjustment"),
                            ("train", "录入使用训练 / record a training session")):
        step = sub.add_parser(name, help=f"{help_text}; prints its id last")
        step.add_argument("--case", type=int, required=True, help="病例 id / case id")
        step.add_argument("--opinion", type=int, required=True, help="配置意见 id / opinion id")
        step.add_argument("--on", type=date.fromisoformat, required=True, help="日期 / date")
        step.add_argument("--therapist", type=int, required=True, help="治疗师 id / therapist's id")
        step.add_argument("--note", required=True, help="内容 / what was done")
        sign_in(step)
    listing = sub.add_parser("list", help="列出病例的辅助器具记录 / list a case's device records")
    listing.add_argument("--case", type=int, required=True, help="病例 id / case id")


def run(engine: Engine, args: argparse.Namespace,
        signed_in_actor: Callable[..., int | None]) -> int:
    if args.device_command == "list":
        return _list(engine, args.case)
    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical import device
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.records.attachments import read_file

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    scan_path = getattr(args, "scan", None)
    scan = read_file(scan_path, "device_document") if scan_path is not None else None
    command = args.device_command
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        if command == "opinion":
            row_id = device.add_opinion(uow, args.case, device.OpinionInput(
                args.on, args.code, args.name, args.physician, args.reason, scan))
        elif command == "file":
            row_id = device.file_opinion(uow, args.case, device.FilingInput(
                args.opinion, args.on, args.number, scan))
        elif command == "fit":
            done = device.fit_device(uow, args.case, device.FittingInput(
                args.opinion, args.on, args.supplier, args.quantity, args.price, args.code, args.name,
                args.note))
            for warning in done.warnings:
                print(f"注意 / warning: {warning.zh} / {warning.en}")
            print("计入费用 / charged: " + (f"fee line #{done.fee_line_id}" if done.fee_line_id
                                            else "否 / no"))
            row_id = done.record_id
        elif command == "adjust":
            row_id = device.adjust_device(uow, args.case, device.FollowUpInput(
                args.opinion, args.on, args.therapist, args.note))
        else:
            row_id = device.train_device(uow, args.case, device.FollowUpInput(
                args.opinion, args.on, args.therapist, args.note))
    print(row_id)
    return EXIT_OK


def _list(engine: Engine, case_id: int) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical.expert_view import DEVICE_KIND_NAMES, expert_device_page

    with Session(engine) as session:
        page = expert_device_page(session, case_id, SystemClock().today())
    print(f"{page.pack_code}\t备案 / filing: {page.device_filing[0] or '本地区办法未要求 / not required'}\t"
          f"结算 / claimed: {page.device_paid[0] or '本地区办法未规定 / not claimed'}")
    if not page.devices:
        print("尚无辅助器具记录 / no device record yet")
    for d in page.devices:
        detail = [d.device_code or "", d.device_name or "", d.filing_number or "", d.supplier or "",
                  f"{d.quantity} × {d.unit_price}" if d.quantity is not None else "", d.staff_name or "",
                  f"fee line #{d.fee_line_id}" if d.fee_line_id else "", d.note or ""]
        parent = f"(#{d.opinion_id})" if d.opinion_id else ""
        print(f"#{d.id}{parent}\t{d.done_on}\t{d.kind_zh} / {DEVICE_KIND_NAMES[d.kind][1]}\t"
              + "\t".join(x for x in detail if x))
    return EXIT_OK
