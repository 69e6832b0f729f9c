"""``rehab-archive session record|sign`` and ``leave add|list``: the execution sheet (its
therapist's signature, 实施人签名, at recording or for a day at once) and the
ward's leave from the command line, judged by the same services as the app, so a
refusal names the same article of the case's pack. Wired into ``cli.py``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from desktop_app.domain.session_params import REACTIONS

T = TypeVar("T")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop_app.domain.session_params import SessionParameters
    from desktop_app.errors import FieldError
    from desktop_app.services.core.uow import UnitOfWork

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
COMMANDS = ("session", "leave")


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env`` to a parser."""
    session = commands.add_parser("session", help="治疗记录 / treatment sessions")
    session_commands = session.add_subparsers(dest="session_command", required=True)
    record = session_commands.add_parser(
        "record", help="记录一次治疗（按本机构地区规则检查限次与冲突）/ record a session (checked "
        "against the limits and conflicts of the institution's region); prints its id last")
    record.add_argument("--case", type=int, required=True, help="病例 id / case id")
    record.add_argument("--item", required=True, action="append",
                        help="项目国家编码；可重复，同一患者多个项目一次记录（全部记录或全不记录，"
                        "时段在开始至结束间依次均分，处方按项目自动对应）/ the item's national code; "
                        "repeat it to record several items for one patient in one step (all or "
                        "none; the span from start to end is split between them in turn, each "
                        "matched with its prescription)")
    record.add_argument("--therapist", required=True, help="治疗师用户名 / the therapist's username")
    record.add_argument("--start", type=_moment, required=True,
                        help="开始时间（ISO，无时区按北京时间）/ start (ISO; China time if no zone)")
    record.add_argument("--end", type=_moment, required=True, help="结束时间 / end (ISO)")
    record.add_argument("--count", type=int, default=1, help="次数 / count (default 1)")
    record.add_argument("--prescription", type=int, help="处方 id / prescription id")
    record.add_argument("--reason", help="超出限次或开放时间的原因（该次不由基金支付）/ why the "
                        "session goes beyond a limit or the opening hours (not billed to the fund)")
    record.add_argument("--minutes", type=int, help="治疗时长（分钟，1–240）/ minutes treated (1–240)")
    record.add_argument("--intensity", help="强度 / intensity")
    record.add_argument("--body-part", help="治疗部位 / body part treated")
    record.add_argument("--reaction", choices=tuple(REACTIONS),
                        help="治疗反应 / the patient's reaction: " + ", ".join(
                            f"{code}={zh}" for code, (zh, _en) in REACTIONS.items()))
    record.add_argument("--reaction-note", help="反应说明（“其他”时必填）/ note on the reaction "
                        "(required with other)")
    record.add_argument("--sign", action="store_true",
                        help="记录时由实施人本人以登录口令签名（--therapist 须为 --user）/ sign it "
                        "as its performer while recording, with the signed-in user's password")
    sign_in(record)
    sign = session_commands.add_parser(
        "sign", help="实施人签名：以一个口令签名签署某日本人实施的全部未签治疗记录；--cosign 为所带"
        "治疗师助理的记录做上级审核签名 / sign, with one password signature, every session of a day "
        "you performed and have not signed; --cosign co-signs the sessions of the assistants you "
        "supervise; prints the signature id last")
    sign.add_argument("--day", type=date.fromisoformat, required=True, help="日期 / the day (YYYY-MM-DD)")
    sign.add_argument("--case", type=int, help="只签此病例 / only this case's sessions")
    sign.add_argument("--cosign", action="store_true",
                      help="上级审核签名（治疗师助理的记录）/ co-sign assistants' sessions")
    sign_in(sign)
    leave = commands.add_parser("leave", help="住院请假 / inpatient leave")
    leave_commands = leave.add_subparsers(dest="leave_command", required=True)
    add = leave_commands.add_parser("add", help="登记请假 / record a leave; prints its id last")
    add.add_argument("--case", type=int, required=True, help="病例 id / case id")
    add.add_argument("--from", dest="leave_from", type=date.fromisoformat, required=True,
                     help="首日 / first day (YYYY-MM-DD)")
    add.add_argument("--to", dest="leave_to", type=date.fromisoformat, required=True,
                     help="末日 / last day (YYYY-MM-DD)")
    add.add_argument("--reason", required=True, help="请假原因 / reason")
    sign_in(add)
    listing = leave_commands.add_parser("list", help="列出病例的请假 / list a case's leave")
    listing.add_argument("--case", type=int, required=True, help="病例 id / case id")


def _moment(text: str) -> datetime:
    from desktop_app.clock import CHINA

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为 ISO 时间 / must be an ISO time: {text}") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=CHINA)


def run(engine: Engine, args: argparse.Namespace,
        signed_in: Callable[..., int | None]) -> int:
    """Dispatch ``session``/``leave``; ``signed_in`` is ``cli._signed_in_actor``."""
    if args.command == "leave" and args.leave_command == "list":
        return _leave_list(engine, args.case)
    actor = signed_in(engine, args)
    if actor is None:
        return EXIT_USAGE
    if args.command == "leave":
        return _leave_add(engine, args, actor)
    if args.session_command == "sign":
        return _session_sign(engine, args, actor)
    return _session_record(engine, args, actor)


def _session_record(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from sqlalchemy import select

    from desktop_app.clock import SystemClock
    from desktop_app.db.models import StaffUser
    from desktop_app.domain.session_params import SessionParameters
    from desktop_app.services.clinical import session_signing, treatment
    from desktop_app.services.core.commands import SessionInput
    from desktop_app.services.core.uow import UnitOfWork

    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        therapist = uow.session.scalars(select(StaffUser.id).where(
            StaffUser.username == args.therapist)).first()
        if therapist is None:
            print(f"没有用户 {args.therapist} / no user {args.therapist!r}", file=sys.stderr)
            return EXIT_USAGE
        params = SessionParameters(args.minutes, args.intensity, args.body_part, args.reaction,
                                   args.reaction_note)
        if len(args.item) > 1:
            return _record_several(args, uow, therapist, params)
        inp = SessionInput(national_code=args.item[0], therapist_id=therapist, started_at=args.start,
                           ended_at=args.end, count=args.count, prescription_id=args.prescription,
                           limit_reason=args.reason, parameters=params)
        if args.sign:
            recorded = _hinting_at_reason(args, lambda: session_signing.record_and_sign(
                uow, args.case, inp, os.environ.get(args.password_env, "")))
        else:
            recorded = _hinting_at_reason(args, lambda: treatment.record_session(uow, args.case, inp))
    _print_warnings(recorded.warnings)
    print(recorded.id)
    return EXIT_OK


def _hinting_at_reason(args: argparse.Namespace, record: Callable[[], T]) -> T:
    """``record()``; refused only for want of a reason, say that ``--reason`` records it."""
    from desktop_app.errors import ValidationFailed
    from desktop_app.services.rules.session_limits import REASON_KEY

    try:
        return record()
    except ValidationFailed as refused:
        blocking = [e for e in refused.errors if not e.warning]
        if all(e.key == REASON_KEY for e in blocking) and not args.reason:
            print("可用 --reason 说明原因后记录（该次不由基金支付）/ state a reason with --reason "
                  "to record it (not billed to the fund)", file=sys.stderr)
        raise


def _print_warnings(warnings: Iterable[FieldError]) -> None:
    for warning in warnings:
        print(f"警告：{warning.zh}\nWarning: {warning.en}")


def _record_several(args: argparse.Namespace, uow: UnitOfWork, therapist: int,
                    params: SessionParameters) -> int:
    """``--item`` repeated: ``treatment.record_sessions``, all or none. The span from
    ``--start`` to ``--end`` is split into equal back-to-back slots, one per item in the
    order given; each item is matched with its current signed prescription."""
    from desktop_app.domain.session_params import back_to_back
    from desktop_app.errors import UserError
    from desktop_app.services.clinical import treatment
    from desktop_app.services.clinical.execution_sheet_view import prescribed_items
    from desktop_app.services.core.commands import SessionInput

    if args.sign or args.prescription is not None:
        raise UserError("多个项目一次记录时不能用 --sign 或 --prescription（记录后用 session sign 签名）。",
                        "--sign and --prescription take one item; sign several afterwards with "
                        "session sign.")
    minutes = int((args.end - args.start).total_seconds() // 60) // len(args.item)
    if minutes < 1:
        raise UserError("结束时间须晚于开始时间，且每个项目至少 1 分钟。",
                        "The end must follow the start, with at least a minute for each item.")
    prescriptions = {p.national_code: p.prescription_id
                     for p in prescribed_items(uow.session, args.case)}
    inputs = [SessionInput(national_code=code, therapist_id=therapist, started_at=start,
                           ended_at=end, count=args.count, prescription_id=prescriptions.get(code),
                           limit_reason=args.reason, parameters=params)
              for code, (start, end) in zip(args.item, back_to_back(args.start, [minutes] * len(args.item)),
                                            strict=True)]
    recorded = _hinting_at_reason(args, lambda: treatment.record_sessions(uow, args.case, inputs))
    _print_warnings(recorded.warnings)
    for session_id in recorded.ids:
        print(session_id)
    return EXIT_OK


def _session_sign(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical import session_signing
    from desktop_app.services.core.uow import UnitOfWork

    password = os.environ.get(args.password_env, "")
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        if args.cosign:
            signature_id = session_signing.cosign_day(uow, args.day, password, args.case)
        else:
            signature_id = session_signing.sign_day(uow, args.day, password, args.case)
    print(signature_id)
    return EXIT_OK


def _leave_add(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical.leave import record_leave
    from desktop_app.services.core.uow import UnitOfWork

    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        leave_id = record_leave(uow, args.case, args.leave_from, args.leave_to, args.reason)
    print(leave_id)
    return EXIT_OK


def _leave_list(engine: Engine, case_id: int) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.services.clinical.leave import list_leave
    from desktop_app.services.core.lookup import get_case

    with Session(engine) as session:
        get_case(session, case_id)  # an unknown case is an error, not an empty list
        rows = list_leave(session, case_id)
    for row in rows:
        print(f"{row.id}\t{row.leave_from}\t{row.leave_to}\t{row.days} 天 / day(s)\t{row.reason}")
    if not rows:
        print("无请假记录 / no leave recorded")
    return EXIT_OK
