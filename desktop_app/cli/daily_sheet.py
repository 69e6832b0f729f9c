"""``rehab-archive daily-sheet --date D --therapist LOGIN --out F.pdf``: the therapist's daily
sheet (治疗师每日治疗单, ``documents.daily_sheet``) — their own patients of the day with the
items prescribed to them, counts done and left, the day's times and a column for the
patient's signature. A read: the archive is opened read-only and must exist
(``cli/main.READS``). Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK = 0
COMMAND = "daily-sheet"


def add_parsers(commands: argparse._SubParsersAction) -> None:
    sheet = commands.add_parser(
        COMMAND, help="治疗师每日治疗单（PDF/A）：本人当日患者、处方项目、剩余次数、患者签名栏 / a "
        "therapist's daily sheet (PDF/A): their patients of the day, the prescribed items, the "
        "counts left, a column for the patient's signature")
    sheet.add_argument("--date", dest="day", type=date.fromisoformat, required=True,
                       help="日期 / the day (YYYY-MM-DD)")
    sheet.add_argument("--therapist", required=True, help="治疗师用户名 / the therapist's username")
    sheet.add_argument("--out", type=Path, required=True, help="写入的 .pdf 文件 / the .pdf file to write")


def check_arguments(args: argparse.Namespace) -> None:
    """Before the archive is opened: the output file's kind and folder."""
    from desktop_app.services.clinical.daily_sheet_view import check_target

    check_target(args.out)


def run(engine: Engine, args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical.daily_sheet_view import therapist_by_login, write_daily_sheet

    with Session(engine) as session:
        therapist = therapist_by_login(session, args.therapist)
        data = write_daily_sheet(session, therapist, args.day, args.out, SystemClock().now())
    items = sum(len(p.items) for p in data.patients)
    print(f"患者 {len(data.patients)} 人，项目 {items} 项 / {len(data.patients)} patients, {items} items")
    print(f"已写入 / written: {args.out}")
    return EXIT_OK
