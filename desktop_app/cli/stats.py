"""``rehab-archive stats --year 2026 [--quarter N | --month M] [--out FILE.xlsx|.pdf]``: the
institution's statistics of a period (docs/statistics.md) printed, or written as XLSX or as
the annual self-evaluation report (PDF/A-3b). A read: the archive is opened read-only and
must exist (``cli/main.READS``). Writing a file is not: its user signs in, and the export is
audited (``services.statistics.stats_export.export_statistics``). Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.text_width import pad
from desktop_app.domain.vocabulary import SETTINGS, STAGES

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK = 0
EXIT_USAGE = 2


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """``--out`` needs ``--user``/``--password-env`` (checked in ``check_arguments``): the
    files name the patients behind every figure."""
    stats = commands.add_parser(
        "stats", help="本机构统计指标（年度自评、费用监测），可导出 XLSX 或 PDF/A 年度自评报告 / the "
        "institution's statistics (annual evaluation, cost monitoring), optionally written as XLSX or "
        "as the annual self-evaluation report (PDF/A)")
    stats.add_argument("--year", type=int, required=True, help="统计年度 / the year")
    part = stats.add_mutually_exclusive_group()
    part.add_argument("--quarter", type=int, choices=range(1, 5), help="季度 1–4 / quarter 1–4")
    part.add_argument("--month", type=int, choices=range(1, 13), help="月份 1–12 / month 1–12")
    stats.add_argument("--stage", choices=STAGES, help="只统计该分期 / only this stage")
    stats.add_argument("--setting", choices=SETTINGS, help="只统计该方式 / only this setting")
    stats.add_argument("--category", help="只统计该病种（如 WI01）/ only this disease category")
    stats.add_argument("--therapist", metavar="USER", help="只统计该治疗师（用户名）治疗的病例及其治疗 / "
                       "only the cases this therapist (user name) treated, and their sessions")
    stats.add_argument("--out", type=Path, help="写入 .xlsx 或 .pdf 文件（须 --user 登录）/ write this "
                       ".xlsx or .pdf file (needs --user)")
    stats.add_argument("--user", help="导出文件时以此用户身份登录 / sign in as this user to write a file")
    stats.add_argument("--password-env", metavar="VAR", help="保存密码的环境变量名 / the environment "
                       "variable holding the password")


def check_arguments(args: argparse.Namespace) -> None:
    """Before the archive is opened: the output file's kind and folder."""
    if args.out is not None:
        from desktop_app.errors import UserError
        from desktop_app.services.statistics.stats_export import check_target

        check_target(args.out)
        if not (args.user and args.password_env):
            raise UserError(
                "导出的文件列出每项指标涉及的患者，须登录：加上 --user 用户名 --password-env 环境变量名",
                "The file names the patients behind each figure, so sign in: add --user NAME "
                "--password-env VAR")


def run(engine: Engine, args: argparse.Namespace,
        signed_in: Callable[[Engine, argparse.Namespace], int | None]) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.clock import SystemClock
    from desktop_app.domain.statistics.report import Filters, Period
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.statistics.stats_export import export_statistics
    from desktop_app.services.statistics.stats_view import statistics_report, therapist_filter

    period = Period(args.year, args.quarter, args.month)
    filters = Filters(args.stage, args.setting, args.category)
    if args.therapist:
        with Session(engine) as session:
            filters = therapist_filter(session, args.therapist, filters)
    if args.out is not None:
        actor = signed_in(engine, args)
        if actor is None:
            return EXIT_USAGE
        with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
            report = export_statistics(uow, period, args.out, filters)
    else:
        with Session(engine) as session:
            report = statistics_report(session, period, filters)
    print(f"统计期间 / period: {period.label_zh} ({period.label_en})，上年同期 / last year: "
          f"{period.last_year().label_en}")
    for group in report.groups:
        print(f"[{group.label_zh} / {group.label_en}]")
        for f in group.figures:
            print(f"  {pad(f.label_zh, 30)} {_shown(f.value):>14} {pad(f.unit_zh, 2)} "
                  f"上年 last year {_shown(f.last_year):>12} ({len(f.case_ids)} 例 cases)  {f.key}")
    print("[费用监测预警 / cost-monitoring warnings]")
    for f in report.warnings:
        print(f"  {pad(f.label_zh, 30)} {_shown(f.value):>14} 例 上年 last year "
              f"{_shown(f.last_year):>12}  {f.key}")
    if args.out is not None:
        print(f"已写入 / written: {args.out}")
    return EXIT_OK


def _shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(str(value)):,.2f}"
