"""``rehab-archive claim summary|summary-sign``: the institution's monthly summary
(申报汇总表). ``summary`` makes the month's summary (the latest version again when nothing
changed, else a new one), prints its totals and sign-offs and, with ``--out``, writes its
PDF/A-3b, XLSX and canonical JSON there; ``summary-sign`` signs the month's latest version
off as the signed-in user (经办人 or 审核人), with the password given for signing in.
Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
COMMANDS = ("summary", "summary-sign")


def _month(text: str) -> str:
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text) is None:
        raise argparse.ArgumentTypeError(f"须为 YYYY-MM / must be YYYY-MM: {text}")
    return text


def add_parsers(claim_commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    summary = claim_commands.add_parser(
        "summary", help="生成本机构某月的申报汇总表（已确认的申报；草稿列为未纳入），可导出 PDF/A 与 "
        "XLSX / make the institution's monthly claim summary (frozen claims; drafts listed as not "
        "included), optionally exported as PDF/A and XLSX; prints its id last")
    summary.add_argument("--month", type=_month, required=True, help="YYYY-MM")
    summary.add_argument("--out", type=Path, help="导出到此文件夹 / write the files into this folder")
    sign_in(summary)
    sign = claim_commands.add_parser(
        "summary-sign", help="以登录用户身份签署某月最新的申报汇总表（经办人或审核人，须为不同的人）/ "
        "sign off the month's latest summary as the signed-in user (records officer or reviewer, "
        "two different people); prints the signature id last")
    sign.add_argument("--month", type=_month, required=True, help="YYYY-MM")
    sign_in(sign)


def run(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    if args.claim_command == "summary":
        return summary(engine, args, actor)
    return summary_sign(engine, args, actor)


def summary(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.documents.money import yuan
    from desktop_app.domain.text_width import pad
    from desktop_app.services.claims import monthly_summary
    from desktop_app.services.claims.monthly_summary_view import latest_summary
    from desktop_app.services.core.reads import read
    from desktop_app.services.core.uow import UnitOfWork

    if args.out is not None and not args.out.is_dir():
        raise UserError(f"文件夹不存在：{args.out}", f"No such folder: {args.out}")
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        summary_id = monthly_summary.summarise_month(uow, args.month)
    view = read(engine, latest_summary, args.month)
    assert view is not None and view.summary_id == summary_id
    print(f"申报汇总表 / monthly summary {view.month} 第 {view.version_no} 版 / version {view.version_no}："
          f"{len(view.rows)} 份申报 claims，{view.line_count} 条明细 lines，合计 total ¥{yuan(view.total)}")
    for key, amount in view.by_payer.items():
        if amount:
            print(f"  {pad(key, 12)} ¥{yuan(amount):>14}")
    for draft in view.left_out:
        print(f"  未纳入 not included: {draft.case_number} #{draft.claim_id} V{draft.version_no} "
              f"{draft.note}")
    for mark in view.sign_offs:
        state = (f"{mark.name} 签名 #{mark.signature_id}" if mark.signed_at is not None
                 else "待签署 / awaited")
        print(f"  {mark.role}: {state}")
    print(f"内容 SHA-256 / content: {view.content_sha256}")
    if args.out is not None:
        with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
            files = monthly_summary.export_summary(uow, summary_id, args.out)
        for path in (files.pdf, files.xlsx, files.json):
            print(f"已写入 / written: {path}")
    print(summary_id)
    return EXIT_OK


def summary_sign(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.claims import monthly_summary
    from desktop_app.services.claims.monthly_summary_view import latest_summary
    from desktop_app.services.core.reads import read
    from desktop_app.services.core.uow import UnitOfWork

    view = read(engine, latest_summary, args.month)
    if view is None:
        raise UserError(f"{args.month} 尚无申报汇总表，请先生成（claim summary）。",
                        f"There is no summary of {args.month} yet: make it first (claim summary).")
    password = os.environ.get(args.password_env, "")
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        signature_id = monthly_summary.sign_summary(uow, view.summary_id, password)
    print(f"申报汇总表 {args.month} 第 {view.version_no} 版已签署 / signed off, version {view.version_no}")
    print(signature_id)
    return EXIT_OK
