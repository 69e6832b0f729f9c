"""``rehab-archive transfer out|in|list|summary``: transfers between institutions (转院, issue 19;
``services.clinical.transfer``; physicians and records officers). ``out`` records the
transfer out (to which institution, why, the day, the agency's consent or filing where the
case's pack requires it) and writes the transfer summary PDF with ``--summary-out``; ``in``
records a transfer in with the earlier institution's summary (a file, or an attachment already
in the case) and the sessions it used per approved item (``--used CODE=N``, repeatable), which
come off the approval's remaining counts; ``list`` shows the case's transfers and each item's
counts (read only); ``summary`` writes a transfer out's summary again. Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop_app.services.clinical.transfer import UsedCount

EXIT_OK, EXIT_USAGE = 0, 2
COMMAND = "transfer"


def _used(text: str) -> tuple[str, int]:
    code, sep, count = text.partition("=")
    if not sep or not code.strip() or not count.strip().isdigit():
        raise argparse.ArgumentTypeError(f"须为 国家编码=次数 / must be CODE=COUNT: {text}")
    return code.strip(), int(count)


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env``."""
    parser = commands.add_parser(COMMAND, help="转院（转出、转入）/ transfers between institutions")
    sub = parser.add_subparsers(dest="transfer_command", required=True)
    out = sub.add_parser("out", help="录入转出并出具转院小结 / record a transfer out and issue its "
                         "summary; prints the transfer id last")
    out.add_argument("--case", type=int, required=True, help="病例 id / case id")
    out.add_argument("--to", dest="to_institution", required=True, help="转往机构 / the institution")
    out.add_argument("--date", type=date.fromisoformat, required=True,
                     help="转院日期 / the transfer day (YYYY-MM-DD)")
    out.add_argument("--reason", required=True, help="转院原因 / the reason")
    out.add_argument("--outside", action="store_true",
                     help="转往统筹地区以外（泸州：本市外；宁夏：外省）/ outside the region "
                     "the rules speak of")
    out.add_argument("--consent-number",
                     help="经办机构同意或转院备案文号 / the agency's consent or filing number")
    out.add_argument("--consent-date", type=date.fromisoformat, help="同意日期 / its date (YYYY-MM-DD)")
    out.add_argument("--summary-out", type=Path,
                     help="转院小结 PDF 保存路径 / where to write the summary PDF")
    sign_in(out)
    into = sub.add_parser("in", help="录入转入及转入前已用次数 / record a transfer in and the counts "
                          "already used; prints the transfer id last")
    into.add_argument("--case", type=int, required=True, help="病例 id / case id")
    into.add_argument("--from", dest="from_institution", required=True,
                      help="转出机构 / the earlier institution")
    into.add_argument("--date", type=date.fromisoformat, required=True,
                      help="转入日期 / the transfer day (YYYY-MM-DD)")
    how = into.add_mutually_exclusive_group(required=True)
    how.add_argument("--summary", type=Path,
                     help="转出机构的转院小结（PDF、图片）/ its transfer summary file")
    how.add_argument("--summary-attachment", type=int,
                     help="档案中已有附件的 id / an attachment already in the case")
    into.add_argument("--used", type=_used, action="append", default=[],
                      help="转入前已用次数 国家编码=次数，可重复 / sessions used before, "
                      "CODE=COUNT, repeatable")
    into.add_argument("--reason", help="备注 / note")
    sign_in(into)
    listing = sub.add_parser("list", help="列出病例的转院记录与各项目次数 / list a case's transfers "
                             "and counts")
    listing.add_argument("--case", type=int, required=True, help="病例 id / case id")
    summary = sub.add_parser("summary", help="再次出具转出的转院小结 / write a transfer out's summary again")
    summary.add_argument("--case", type=int, required=True, help="病例 id / case id")
    summary.add_argument("--transfer", type=int, required=True, help="转出记录 id / the transfer out's id")
    summary.add_argument("--out", type=Path, required=True, help="PDF 保存路径 / where to write it")
    sign_in(summary)


def run(engine: Engine, args: argparse.Namespace,
        signed_in_actor: Callable[..., int | None]) -> int:
    if args.transfer_command == "list":
        return _list(engine, args.case)
    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical import transfer
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.records.attachments import read_file

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    if args.transfer_command == "out":
        inp = transfer.TransferOutInput(args.to_institution, args.date, args.reason, args.outside,
                                        args.consent_number, args.consent_date)
        with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
            done = transfer.transfer_out(uow, args.case, inp)
        if args.summary_out is not None:
            args.summary_out.write_bytes(done.summary.pdf)
            print(f"转院小结 / transfer summary: {args.summary_out}")
        print(done.transfer_id)
        return EXIT_OK
    if args.transfer_command == "summary":
        with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
            pdf = transfer.print_summary(uow, args.case, args.transfer)
        args.out.write_bytes(pdf.pdf)
        print(args.out)
        return EXIT_OK
    scan = read_file(args.summary, "transfer_summary") if args.summary is not None else None
    used: list[UsedCount] = [transfer.UsedCount(code, count) for code, count in args.used]
    inp_in = transfer.TransferInInput(args.from_institution, args.date, scan, tuple(used), args.reason,
                                      args.summary_attachment)
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        row_id = transfer.transfer_in(uow, args.case, inp_in)
    print(row_id)
    return EXIT_OK


DIRECTION = {"out": "转出 / out", "in": "转入 / in"}


def _list(engine: Engine, case_id: int) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.services.clinical.transfer_view import STANDING_ZH, transfer_page

    with Session(engine) as session:
        page = transfer_page(session, case_id)
    rule = page.rule
    if rule.required_outside:
        print(f"转往{rule.outside_zh}须{rule.consent_zh} / {rule.consent_en} needed for a transfer "
              f"{rule.outside_en}（{rule.basis_zh}）")
    else:
        print("本地区办法对转院未作规定 / the region's text is silent on transfers")
    if page.standing:
        print(f"{STANDING_ZH[page.standing]} / {page.standing}")
    for r in page.rows:
        consent = f"{r.consent_number}（{r.consent_date}）" if r.consent_number else "-"
        print(f"#{r.id}\t{DIRECTION[r.direction]}\t{r.transfer_date}\t{r.institution}\t{consent}\t"
              f"{r.reason or '-'}"
              + (f"\t小结 / summary: {r.summary_attachment}" if r.summary_attachment else ""))
        for code, count in r.used:
            print(f"  {code}\t转入前已用 / used before: {count}")
    for c in page.counts:
        approved = "不限 / unlimited" if c.approved is None else c.approved
        remaining = "-" if c.remaining is None else c.remaining
        print(f"{c.national_code}\t{c.name}\t核准 / approved {approved}\t转入前 / before {c.used_before}\t"
              f"本院 / here {c.used_here}\t剩余 / remaining {remaining}")
    return EXIT_OK
