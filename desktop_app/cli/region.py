"""``rehab-archive region``: the institution's region and the pack in force (``show``), and
changing the region (``set``, administrators, with a reason that is audited). Wired into
``cli.py``; the rules come from ``services.rules.region`` so the CLI and the UI say the same."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, time
from typing import TYPE_CHECKING

from desktop_app.domain.rules.packs import REGIONS

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_USAGE = 0, 2


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env`` to a parser."""
    region = commands.add_parser("region", help="适用地区规则 / the region whose rules apply")
    region_commands = region.add_subparsers(dest="region_command", required=True)
    show = region_commands.add_parser("show", help="显示地区、现行规则包及其规则（含条款）/ show the "
                                      "region, the pack in force and its rules with articles")
    show.add_argument("--as-of", type=date.fromisoformat, default=None,
                      help="按此日期的规则包 / the pack in force on this date (default: today)")
    change = region_commands.add_parser("set", help="更改适用地区（管理员，须说明原因，记入审计）/ "
                                        "change the region (administrators; the reason is audited)")
    change.add_argument("region", help="地区 / region: " + ", ".join(REGIONS))
    change.add_argument("--reason", required=True, help="更改原因 / why it changes")
    sign_in(change)
    ward = region_commands.add_parser("ward", help="病区开放时间和休息日（管理员）/ the ward's "
                                      "opening hours and rest days (administrators)")
    hours = ward.add_mutually_exclusive_group(required=True)
    hours.add_argument("--hours", type=_hours, metavar="HH:MM-HH:MM",
                       help="开放时间，如 08:00-18:00 / opening hours")
    hours.add_argument("--no-hours", action="store_true", help="不检查开放时间 / do not check")
    ward.add_argument("--rest", type=_weekdays, default=(7,), metavar="N[,N…]",
                      help="休息日（1=周一 … 7=周日），不计挂床 / rest weekdays, not idle beds (default 7)")
    sign_in(ward)


def _hours(text: str) -> tuple[time, time]:
    try:
        opens, closes = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为 HH:MM-HH:MM / must be HH:MM-HH:MM: {text}") from None
    return opens, closes


def _weekdays(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为 1–7 的数字，逗号分隔 / weekdays 1-7: {text}") from None


def run(engine: Engine, args: argparse.Namespace,
        signed_in_actor: Callable[..., int | None]) -> int:
    if args.region_command == "show":
        return show(engine, args.as_of)
    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    if args.region_command == "ward":
        return ward_rules(engine, args, actor)
    return change(engine, args, actor)


def ward_rules(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.admin import setup
    from desktop_app.services.core.uow import UnitOfWork

    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        setup.set_ward_rules(uow, None if args.no_hours else args.hours, args.rest)
    return show(engine, None)


def show(engine: Engine, as_of: date | None) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.rules.region import region_summary
    from desktop_app.services.rules.session_limits import opening_hours, rest_weekdays

    today = as_of or SystemClock().today()
    with UnitOfWork(engine) as uow:
        summary = region_summary(uow.session, today)
    print(f"适用地区 / region: {summary.region_zh} / {summary.region_en} ({summary.region})")
    print(f"{today} 现行规则包 / pack in force: {summary.pack.code}")
    for zh, en in summary.lines:
        print(f"  {zh}\n    {en}")
    with UnitOfWork(engine) as uow:
        hours, rest = opening_hours(uow.session), rest_weekdays(uow.session)
    shown = f"{hours[0]:%H:%M}-{hours[1]:%H:%M}" if hours else "不检查 / not checked"
    print(f"开放时间 / opening hours: {shown}；休息日 / rest weekdays: "
          f"{','.join(str(d) for d in rest)}")
    return EXIT_OK


def change(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.rules.region import institution_region, set_policy_region

    clock = SystemClock()
    with UnitOfWork(engine, clock=clock) as uow:
        before = institution_region(uow.session)
    with UnitOfWork(engine, clock=clock, actor_id=actor) as uow:
        set_policy_region(uow, args.region, args.reason)
    if before == args.region:
        print(f"适用地区未变 / the region is already {args.region}")
    else:
        print(f"适用地区已更改 / region changed: {before} → {args.region}（已审计 / audited）")
        print("已核准的病例仍按原规则包判断 / cases already approved keep their pack")
    return show(engine, None)
