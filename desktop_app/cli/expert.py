"""``rehab-archive expert add|list``: expert evaluations (专家评估) of a case
(``services.clinical.expert``; physicians). ``add`` records the date, the experts (``--expert
"姓名:职称"``, repeated), the care it supports (``--supports``, repeated), the conclusion and the
scan of the signed opinion; ``list`` shows them with what the case's pack requires.
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
COMMAND = "expert"


def _expert(text: str) -> tuple[str, str]:
    name, sep, title = text.partition(":")
    if not sep:
        name, sep, title = text.partition("：")
    if not sep or not name.strip() or not title.strip():
        raise argparse.ArgumentTypeError(f"须为 姓名:职称 / must be name:title: {text}")
    return name.strip(), title.strip()


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    from desktop_app.domain.rules.expert_devices import CARE_KINDS

    parser = commands.add_parser(COMMAND, help="专家评估 / expert evaluations")
    sub = parser.add_subparsers(dest="expert_command", required=True)
    add = sub.add_parser("add", help="录入专家评估（医师）/ record an expert evaluation (physicians); "
                         "prints its id last")
    add.add_argument("--case", type=int, required=True, help="病例 id / case id")
    add.add_argument("--on", dest="evaluated_on", type=date.fromisoformat, required=True,
                     help="评估日期 / the day of the evaluation (YYYY-MM-DD)")
    add.add_argument("--expert", dest="experts", type=_expert, action="append", required=True,
                     help="专家 姓名:职称（可重复）/ an expert as name:title (repeat)")
    add.add_argument("--supports", action="append", default=[], choices=list(CARE_KINDS),
                     help="评估支持的康复方式（可重复；不填：均不支持）/ the care it supports (repeat)")
    add.add_argument("--conclusion", required=True, help="评估结论 / the conclusion")
    add.add_argument("--scan", type=Path, required=True,
                     help="专家签字的评估意见扫描件 / the scan of the signed opinion")
    sign_in(add)
    listing = sub.add_parser("list", help="列出病例的专家评估 / list a case's expert evaluations")
    listing.add_argument("--case", type=int, required=True, help="病例 id / case id")


def run(engine: Engine, args: argparse.Namespace,
        signed_in_actor: Callable[..., int | None]) -> int:
    if args.expert_command == "list":
        return _list(engine, args.case)
    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical import expert
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.records.attachments import read_file

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    inp = expert.EvaluationInput(
        args.evaluated_on, tuple(expert.Expert(n, t) for n, t in args.experts), tuple(args.supports),
        args.conclusion, read_file(args.scan, "expert_evaluation"))
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        row_id = expert.add_evaluation(uow, args.case, inp)
    print(row_id)
    return EXIT_OK


def _list(engine: Engine, case_id: int) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.clock import SystemClock
    from desktop_app.domain.rules.expert_devices import CARE_NAMES
    from desktop_app.services.clinical.expert_view import expert_device_page

    with Session(engine) as session:
        page = expert_device_page(session, case_id, SystemClock().today())
    for care, zh, en in page.gates:
        names = CARE_NAMES[care]
        print(f"须先专家评估 / evaluation required: {names[0]} / {names[1]}\t{zh} / {en}")
    if not page.gates:
        print(f"本地区办法未要求专家评估 / the region's text requires no expert evaluation\t{page.pack_code}")
    if not page.evaluations:
        print("尚无专家评估 / no expert evaluation yet")
    for e in page.evaluations:
        print(f"#{e.id}\t{e.evaluated_on}\t{e.experts_text}\t支持 / supports: "
              f"{','.join(e.supports) or '-'} {e.supports_zh}\t{e.conclusion}\t"
              f"扫描件 / scan #{e.attachment_id}\t{e.recorded_by}")
    return EXIT_OK
