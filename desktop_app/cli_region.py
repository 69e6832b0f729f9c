"""``rehab-archive region``: the institution's region and the pack in force (``show``), and
changing the region (``set``, administrators, with a reason that is audited). Wired into
``cli.py``; the rules come from ``services.region`` so the CLI and the UI say the same."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

from desktop_app.domain.packs import REGIONS

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


def run(engine, args: argparse.Namespace,  # type: ignore[no-untyped-def]
        signed_in_actor: Callable[..., int | None]) -> int:
    if args.region_command == "show":
        return show(engine, args.as_of)
    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    return change(engine, args, actor)


def show(engine, as_of: date | None) -> int:  # type: ignore[no-untyped-def]
    from desktop_app.clock import SystemClock
    from desktop_app.services.region import region_summary
    from desktop_app.services.uow import UnitOfWork

    today = as_of or SystemClock().today()
    with UnitOfWork(engine) as uow:
        summary = region_summary(uow.session, today)
    print(f"适用地区 / region: {summary.region_zh} / {summary.region_en} ({summary.region})")
    print(f"{today} 现行规则包 / pack in force: {summary.pack.code}")
    for zh, en in summary.lines:
        print(f"  {zh}\n    {en}")
    return EXIT_OK


def change(engine, args: argparse.Namespace, actor: int) -> int:  # type: ignore[no-untyped-def]
    from desktop_app.clock import SystemClock
    from desktop_app.services.region import institution_region, set_policy_region
    from desktop_app.services.uow import UnitOfWork

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
