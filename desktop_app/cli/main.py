"""``rehab-archive``: headless commands on the archive.

Exit codes: 0 ok, 1 failure (with a message), 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.vocabulary import CASE_STATUSES
from desktop_app.errors import AppError, EnvironmentProblem, UserError
from desktop_app.services.claims.claim_view import claim_view

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rehab-archive",
        description="工伤康复档案 命令行工具 / work-injury rehabilitation archive, command line",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="数据库 URL / database URL (default: REHAB_DB_URL or the "
                       "embedded SQLite archive in the data folder)")
    where.add_argument("--demo", action="store_true",
                       help="使用演示档案（rehab-desktop --demo 生成的）/ use the demo archive "
                       "(the one rehab-desktop --demo generates)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="创建或升级数据库 / create or upgrade the database")
    demo = commands.add_parser("demo", help="生成演示档案 / fill an empty archive with demo data")
    demo.add_argument("--patients", type=int, default=50)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--as-of", type=date.fromisoformat, default=None,
                      help="演示数据截止日期 / last day of the demo (default: today)")
    commands.add_parser("info", help="结构版本、数据库和记录数 / schema version, database, counts")
    anchor = commands.add_parser("anchor", help="把审计链头写入库外文件 / write the audit chain head "
                                 "to a file kept outside the database")
    anchor.add_argument("--out", type=Path, required=True)
    verify = commands.add_parser("verify", help="核验审计链、签名和附件 / check the audit chain, "
                                 "signatures and attachments")
    verify.add_argument("--anchor", type=Path, help="锚定文件 / an anchor file written earlier")
    verify.add_argument("--since-anchor", action="store_true", help="只核验上次记录的核验锚点之后新增的内容 "
                        "/ check only what was added since the last verified anchor")
    verify.add_argument("--record-anchor", action="store_true", help="核验全部通过时记录核验锚点 / "
                        "when every check passes, record a verified anchor")
    retention = commands.add_parser("retention", help="列出到期、保全和已过保管期的档案 / list "
                                    "due, held and expired archives")
    retention.add_argument("--as-of", type=date.fromisoformat, default=None,
                           help="按此日期计算 / count as of this date (default: today)")
    retention.add_argument("--all", action="store_true", help="也列出仍在保管期内的 / also list "
                           "archives still well within retention")
    cases = commands.add_parser("cases", help="列出病例 / list cases")
    cases.add_argument("--status", choices=[*(str(s) for s in CASE_STATUSES), "archived", "sealed"],
                       help="病例状态；已归档、已封存的病例只在 archived / sealed 下列出 / the case "
                            "status; archived and sealed cases are listed only under archived / sealed")
    backup = commands.add_parser("backup", help="备份档案到一个空文件夹 / back up the archive into an "
                                 "empty folder (database, anchor, manifest)")
    backup.add_argument("dir", type=Path)
    restore = commands.add_parser("restore", help="从备份恢复档案（先核验备份，保留原档案）/ restore the "
                                  "archive from a backup (checked first; the current one is kept)")
    restore.add_argument("dir", type=Path)
    restore.add_argument("--yes", action="store_true", help="不询问确认 / do not ask for confirmation")
    claim = commands.add_parser("claim", help="结算申报 / settlement claims")
    claim_commands = claim.add_subparsers(dest="claim_command", required=True)
    build = claim_commands.add_parser("build", help="生成结算申报草稿（先检查档案完整性）/ build a draft "
                                      "claim (the completeness gate first); prints its id last")
    build.add_argument("--case", type=int, required=True, help="病例 id / case id")
    build.add_argument("--period", type=_claim_period, required=True,
                       help="YYYY-MM（月度）或 discharge（出院结算）/ a month or the discharge")
    _sign_in_arguments(build)
    from desktop_app.cli.export import add_parsers

    add_parsers(commands, claim_commands, _sign_in_arguments)
    from desktop_app.cli import claim_summary

    claim_summary.add_parsers(claim_commands, _sign_in_arguments)
    from desktop_app.cli import claim_desk

    claim_desk.add_parsers(claim_commands, _sign_in_arguments)
    from desktop_app.cli import sessions as session_commands

    session_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import region as region_commands

    region_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli.cases import add_parsers as add_case_parsers

    add_case_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import charges as charge_commands

    charge_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import settlement_ids as agency_id_commands

    agency_id_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import stats as stats_commands

    stats_commands.add_parsers(commands)
    from desktop_app.cli import follow_up as follow_up_commands

    follow_up_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import daily_sheet as daily_sheet_command

    daily_sheet_command.add_parsers(commands)
    from desktop_app.cli import application as application_commands

    application_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import courses as course_commands

    course_commands.add_parsers(commands, _sign_in_arguments)
    cases.add_argument("--injury", type=int, default=None,
                       help="只列出该工伤的各次疗程 / only the courses of this injury")
    from desktop_app.cli import vocational as vocational_commands

    vocational_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import value_report as value_report_commands

    value_report_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import transfer as transfer_commands

    transfer_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import expert as expert_commands

    expert_commands.add_parsers(commands, _sign_in_arguments)
    from desktop_app.cli import device as device_commands

    device_commands.add_parsers(commands, _sign_in_arguments)
    return parser


def _claim_period(text: str) -> str:
    if text != "discharge" and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text) is None:
        raise argparse.ArgumentTypeError(f"须为 YYYY-MM 或 discharge / must be YYYY-MM or discharge: {text}")
    return text


def _sign_in_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True, help="以此用户身份操作 / act as this user")
    parser.add_argument("--password-env", required=True, metavar="VAR",
                        help="存放该用户口令的环境变量 / the environment variable holding the "
                        "password (never on the command line)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code not in (0, None) else EXIT_OK
    if any("\x00" in str(value) for value in vars(args).values() if isinstance(value, str | Path)):
        print("参数中不能有 NUL 字符 / an argument holds a NUL character", file=sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _run(args)
    except AppError as error:
        return _fail(error)
    except BrokenPipeError:
        # The reader went away (``| head``): not an error of the archive. Python would
        # complain again when it flushes stdout at exit, so point stdout at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        from desktop_app.db.opening import problem_of

        problem = problem_of(error)
        if problem is None:
            raise
        return _fail(problem)


def _fail(error: AppError) -> int:
    print(f"错误：{error.zh}\nError: {error.en}", file=sys.stderr)
    return EXIT_FAILURE


READS = {"info", "cases", "verify", "retention", "stats"}
# Sub-commands that only read (``args.<command>_command``): see _reads_only.
READING_SUBCOMMANDS = {("region", "show"), ("leave", "list"), ("charge", "list"), ("claim", "desk")}
READING_SUBCOMMANDS.add(("follow-up", "list"))
READING_SUBCOMMANDS.add(("transfer", "list"))  # cli/transfer.py (issue 19)
READS.add("daily-sheet")  # the therapist's daily sheet (cli/daily_sheet.py)
READS.add("courses")  # the courses of an injury (cli/courses.py)


def _reads_only(args: argparse.Namespace) -> bool:
    """Commands that only read open the archive read-only and never upgrade it. ``anchor``
    is not one of them: it chains pending audit events before it pins the head; ``backup``
    is not either: it traces itself in the audit log (services.records.backup)."""
    if args.command == "verify" and args.record_anchor:
        return False  # it records a verified anchor
    if args.command == "stats" and args.out is not None:
        return False  # a file naming patients: signed in and audited
    if args.command in READS:
        return True
    sub = getattr(args, f"{args.command}_command", None)
    return (args.command, sub) in READING_SUBCOMMANDS


def _open(args: argparse.Namespace, url: str) -> Engine:
    """Only ``init`` and ``demo`` may create an archive; readers open it read-only and as it
    is; ``backup`` needs the current schema and writes only its own audit event; the other
    commands upgrade an existing archive first, as the desktop app does."""
    from desktop_app.db.migrate import upgrade_database
    from desktop_app.db.opening import archive_on_read_only_media, open_existing, open_or_create
    from desktop_app.paths import subdir

    if args.command in ("init", "demo"):
        return open_or_create(url)
    if _reads_only(args):
        return open_existing(url, read_only=True, need_head=args.command != "info")
    if args.command == "backup":  # read-only media: opened read-only, the backup not traced
        return open_existing(url, read_only=archive_on_read_only_media(url), need_head=True)
    engine = open_existing(url, read_only=False)
    try:
        upgrade_database(engine, subdir("backups"))
    except BaseException:
        engine.dispose()
        raise
    return engine


def _run(args: argparse.Namespace) -> int:
    # Imported here so `--help` and usage errors stay fast.
    from desktop_app.db.engine import redact_url
    from desktop_app.db.migrate import current_revision, head_revision, upgrade_database
    from desktop_app.paths import default_database_url, demo_database_url, subdir

    if args.command == "verify-package":  # an auditor's tool: no database at all
        from desktop_app.cli.export import verify_package

        return verify_package(args.path)
    url = args.db or (demo_database_url() if args.demo else default_database_url())
    if args.command == "restore":  # before any upgrade: the current archive may be broken
        return _restore(url, args.dir, args.yes)
    if args.command == "backup":  # the folder first: a refusal opens nothing
        _refuse_backup_folder(args.dir)
    if args.command == "verify" and args.anchor is not None:
        _readable_file(args.anchor)
    if args.command == "anchor":
        _target_folder(args.out)
    if args.command == "stats":  # the output file first: a refusal opens nothing
        from desktop_app.cli import stats as stats_commands

        stats_commands.check_arguments(args)
    if args.command == "daily-sheet":  # the output file first: a refusal opens nothing
        from desktop_app.cli import daily_sheet as daily_sheet_command

        daily_sheet_command.check_arguments(args)
    engine = _open(args, url)
    try:
        if args.command == "init":
            backup = upgrade_database(engine, subdir("backups"))
            print(f"数据库已就绪 / database ready: {redact_url(url)} (schema {head_revision()})")
            if backup:
                print(f"升级前备份 / backup before upgrade: {backup}")
            return EXIT_OK
        if args.command == "demo":
            upgrade_database(engine, subdir("backups"))
            return _demo(engine, args)
        if args.command == "info":
            return _info(engine, url, current_revision(engine))
        if args.command == "retention":
            return _retention(engine, args.as_of, args.all)
        if args.command == "cases" and args.injury is not None:
            return _injury_cases(engine, args.injury)
        if args.command == "cases":
            return _cases(engine, args.status)
        if args.command == "anchor":
            return _anchor(engine, url, args.out)
        if args.command == "verify":
            return _verify(engine, args.anchor, args.since_anchor, args.record_anchor)
        if args.command == "backup":
            return _backup(engine, args.dir, traced=not _read_only_engine(engine))
        if args.command == "claim" and args.claim_command == "build":
            return _claim_build(engine, args)
        if args.command == "claim" and args.claim_command in ("answer", "correction", "desk"):
            from desktop_app.cli import claim_desk

            return claim_desk.run(engine, args, _signed_in_actor)
        if args.command in ("claim", "archive", "case"):
            return _signed_in(engine, args)
        if args.command in ("session", "leave"):
            from desktop_app.cli import sessions as session_commands

            return session_commands.run(engine, args, _signed_in_actor)
        if args.command == "region":
            from desktop_app.cli import region as region_commands

            return region_commands.run(engine, args, _signed_in_actor)
        if args.command == "charge":
            from desktop_app.cli import charges as charge_commands

            return charge_commands.run(engine, args, _signed_in_actor)
        if args.command == "agency-ids":
            from desktop_app.cli import settlement_ids as agency_id_commands

            return agency_id_commands.run(engine, args, _signed_in_actor)
        if args.command == "stats":
            from desktop_app.cli import stats as stats_commands

            return stats_commands.run(engine, args, _signed_in_actor)
        if args.command == "follow-up":
            from desktop_app.cli import follow_up as follow_up_commands

            return follow_up_commands.run(engine, args, _signed_in_actor)
        if args.command == "daily-sheet":
            from desktop_app.cli import daily_sheet as daily_sheet_command

            return daily_sheet_command.run(engine, args)
        if args.command == "application":
            from desktop_app.cli import application as application_commands

            return application_commands.run(engine, args, _signed_in_actor)
        if args.command in ("intake", "courses"):
            from desktop_app.cli import courses as course_commands

            return course_commands.run(engine, args, _signed_in_actor)
        if args.command in ("vocational", "appraisal-conclude", "appraisal-summary"):
            from desktop_app.cli import vocational as vocational_commands

            return vocational_commands.run(engine, args, _signed_in_actor)
        if args.command in ("value-report", "notice"):
            from desktop_app.cli import value_report as value_report_commands

            return value_report_commands.run(engine, args, _signed_in_actor)
        if args.command == "transfer":
            from desktop_app.cli import transfer as transfer_commands

            return transfer_commands.run(engine, args, _signed_in_actor)
        if args.command == "expert":
            from desktop_app.cli import expert as expert_commands

            return expert_commands.run(engine, args, _signed_in_actor)
        if args.command == "device":
            from desktop_app.cli import device as device_commands

            return device_commands.run(engine, args, _signed_in_actor)
    finally:
        engine.dispose()
    return EXIT_USAGE


def _target_folder(path: Path) -> None:
    """An output file's folder must exist, checked before the archive is opened (``anchor``
    writes to the archive first)."""
    if not path.parent.is_dir():
        raise UserError(f"文件夹不存在：{path.parent}", f"No such folder: {path.parent}")


def _readable_file(path: Path) -> None:
    """A file argument that must exist, checked before the archive is opened."""
    if not path.is_file():
        raise UserError(f"文件不存在：{path}", f"No such file: {path}")


def _demo(engine: Engine, args: argparse.Namespace) -> int:
    from desktop_app.services.demo import generate_demo

    summary = generate_demo(engine, args.patients, args.seed, args.as_of)
    print(f"演示档案已生成 / demo archive created: {summary.patients} patients, "
          f"seed {args.seed}, as of {summary.as_of}")
    return EXIT_OK


def _info(engine: Engine, url: str, revision: str | None) -> int:
    from desktop_app import __version__
    from desktop_app.db.engine import redact_url
    from desktop_app.domain.text_width import pad
    from desktop_app.services.clinical.case_view import row_counts

    print(f"程序版本 / app version: {__version__}")
    print(f"数据库 / database: {redact_url(url)}")
    print(f"结构版本 / schema version: {revision}")
    counts = row_counts(engine)
    labels = {"worker": "工伤职工 workers", "employer": "用人单位 employers",
              "rehab_case": "康复病例 cases", "approval": "核准 approvals",
              "treatment_plan": "治疗方案 plans", "prescription": "处方 prescriptions",
              "treatment_session": "治疗记录 sessions", "assessment": "评估 assessments",
              "fee_line": "费用明细 fee lines", "catalogue_item": "目录项目 catalogue items",
              "staff_user": "工作人员 staff", "audit_event": "审计事件 audit events"}
    for table, label in labels.items():
        print(f"  {pad(label, 32)} {counts.get(table, 0):>8}")
    others = {t: n for t, n in counts.items() if t not in labels and t != "alembic_version"}
    print("  其他表 / other tables: " + ", ".join(f"{t}={n}" for t, n in others.items()))
    return EXIT_OK


def _cases(engine: Engine, status: str | None) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.clock import SystemClock
    from desktop_app.services.clinical.case_view import list_cases

    with Session(engine) as session:
        rows = list_cases(session, SystemClock().today(), status=status)
    for row in rows:
        period = f"{row.approved_from} ~ {row.approved_to}" if row.approved_from else "未核准"
        shown = row.record_state if row.record_state in ("archived", "sealed") else row.status
        print(f"{row.id}\t{row.case_number}\t{row.patient_name}\t{row.masked_resident_id}\t"
              f"{shown}\t{period}")
    return EXIT_OK


def _injury_cases(engine: Engine, injury_id: int) -> int:
    """``cases --injury N``: the courses of one injury (cli/courses.py prints them)."""
    from sqlalchemy.orm import Session

    from desktop_app.cli.courses import course_line
    from desktop_app.services.intake.earlier_courses_view import injury_courses

    with Session(engine) as session:
        for course in injury_courses(session, injury_id):
            print(course_line(course))
    return EXIT_OK


def _retention(engine: Engine, as_of: date | None, show_all: bool) -> int:
    from sqlalchemy.orm import Session

    from desktop_app.clock import SystemClock
    from desktop_app.services.records.retention import retention_rows

    today = as_of or SystemClock().today()
    labels = {"due": "一年内到期 due", "held": "法律保全 held", "expired": "已过保管期 expired",
              "destroyed": "已销毁 destroyed", "retained": "保管中 retained"}
    with Session(engine) as session:
        rows = [r for r in retention_rows(session, today)
                if show_all or r.status in ("due", "held", "expired")]
    print(f"保管期限 / retention as of {today}: {len(rows)}")
    for r in rows:
        hold = f"\t保全原因 hold: {r.hold_reason}" if r.legal_hold else ""
        print(f"{labels[r.status]}\t{r.case_number}\t{r.patient_name}\t{r.record_class}\t"
              f"{r.retention_start} ~ {r.retain_until}{hold}")
    return EXIT_OK


def _anchor(engine: Engine, url: str, out: Path) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.db.engine import redact_url
    from desktop_app.services.core.audit_chain import anchor_now

    anchor = anchor_now(engine, out, SystemClock().now().isoformat(), redact_url(url))
    print(f"审计链头 / chain head: #{anchor.head_seq} {anchor.head_hash}")
    print(f"按日摘要 / daily digests: {len(anchor.daily)}；已写入 / written to {out}")
    return EXIT_OK


def _verify(engine: Engine, anchor_path: Path | None, since_anchor: bool = False,
            record: bool = False) -> int:
    from desktop_app.services.core.audit_chain import read_anchor
    from desktop_app.services.integrity.verify import record_anchor, verify_archive, verify_since_anchor

    if since_anchor and anchor_path is not None:
        raise UserError("--since-anchor 与 --anchor 不能同时使用（锚定文件用于完整核验）。",
                        "--since-anchor and --anchor do not go together (an anchor file is for a "
                        "full check).")
    if since_anchor:
        report = verify_since_anchor(engine)
    else:
        report = verify_archive(engine, read_anchor(anchor_path) if anchor_path else None)
    for line in report.lines():
        print(line)
    if record:
        recorded = record_anchor(engine, report)
        if recorded is not None:
            print(f"已记录核验锚点 / verified anchor recorded: #{recorded} "
                  f"(审计链 / chain #{report.verified_to[0]})")
    return EXIT_OK if report.ok else EXIT_FAILURE


def _refuse_backup_folder(out_dir: Path) -> None:
    """A backup goes into a new or empty folder (README), so that a failed one can be
    removed entirely and a finished one holds nothing but the backup. A killed backup's hidden
    partial files do not count: the backup removes them."""
    from desktop_app.services.records.backup import is_leftover

    try:
        if out_dir.exists() and not out_dir.is_dir():
            raise UserError(f"{out_dir} 不是文件夹。", f"{out_dir} is not a folder.")
        if out_dir.is_dir() and any(not is_leftover(p) for p in out_dir.iterdir()):
            raise UserError(f"{out_dir} 不是空文件夹；备份须写入新的或空的文件夹，不会覆盖现有文件。",
                            f"{out_dir} is not empty; a backup goes into a new or empty folder, and "
                            "existing files are never overwritten.")
    except OSError as error:
        raise EnvironmentProblem(f"无法检查文件夹 {out_dir}：{error}",
                                 f"Cannot look into the folder {out_dir}: {error}") from error


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of ``folder``'s path that does not exist yet (what a backup
    creates, and removes again if it fails)."""
    missing = None
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


def _remove_failed_backup(out_dir: Path, created: Path | None) -> None:
    """The folder was new or empty: everything in it now is the failed backup's."""
    import shutil

    if created is not None:
        shutil.rmtree(created, ignore_errors=True)
    elif out_dir.is_dir():
        for entry in out_dir.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _read_only_engine(engine: Engine) -> bool:
    """An engine ``open_existing`` opened read-only (its SQLite URI says ``mode=ro``)."""
    return "mode=ro" in str(engine.url.database or "")


def _backup(engine: Engine, out_dir: Path, *, traced: bool = True) -> int:
    import time

    from desktop_app.clock import SystemClock
    from desktop_app.db.opening import is_disk_full, problem_of
    from desktop_app.services.records.backup import make_backup

    started = time.monotonic()
    created = _first_missing(out_dir)
    try:
        manifest = make_backup(engine, out_dir, clock=SystemClock(), traced=traced).manifest
    except Exception as error:
        _remove_failed_backup(out_dir, created)
        problem = problem_of(error)
        if problem is None:
            raise
        cause_zh, cause_en = ("磁盘已满", "the disk is full") if is_disk_full(error) else (
            problem.zh, problem.en)
        raise EnvironmentProblem(
            f"备份未完成：{cause_zh}。未完成的备份文件已清理（{out_dir}）。\n{problem.zh}",
            f"The backup was not completed: {cause_en}. Its unfinished files were removed "
            f"({out_dir}).\n{problem.en}") from error
    print(f"备份已写入 / backup written to {out_dir}（{time.monotonic() - started:.1f} s）")
    if not traced:
        print("档案在只读介质上：未在档案中记录本次备份 / the archive is on read-only media: "
              "this backup is not recorded in it")
    for file in manifest.files:
        print(f"  {file.name:<16} {file.size:>14,} B  sha256 {file.sha256}")
    print(f"审计链头 / chain head: #{manifest.head_seq} {manifest.head_hash}")
    print(f"结构版本 / schema {manifest.schema_revision}，程序版本 / app {manifest.app_version}")
    return EXIT_OK


def _signed_in_actor(engine: Engine, args: argparse.Namespace) -> int | None:
    """The user id after ``--user``/``--password-env`` (audited ``login``); None if the
    variable is unset (a usage error). A wrong password raises a bilingual refusal."""
    import os

    from desktop_app.clock import SystemClock
    from desktop_app.services.admin.sign_in import sign_in
    from desktop_app.services.core.uow import UnitOfWork

    password = os.environ.get(args.password_env)
    if password is None:
        print(f"环境变量 {args.password_env} 未设置 / {args.password_env} is not set", file=sys.stderr)
        return None
    with UnitOfWork(engine, clock=SystemClock()) as uow:
        return sign_in(uow, args.user, password).user_id


def _signed_in(engine: Engine, args: argparse.Namespace) -> int:
    from desktop_app.cli import export

    actor = _signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    if args.command == "case":
        from desktop_app.cli import cases

        return cases.run(engine, args, actor)
    if args.command == "archive":
        return export.archive_export(engine, args, actor)
    if args.claim_command == "finalize":
        return export.claim_finalize(engine, args, actor)
    if args.claim_command == "acknowledge-late":
        return export.claim_acknowledge_late(engine, args, actor)
    if args.claim_command in ("summary", "summary-sign"):
        from desktop_app.cli import claim_summary

        return claim_summary.run(engine, args, actor)
    return export.claim_export(engine, args, actor)


def _claim_build(engine: Engine, args: argparse.Namespace) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.claims import claim_gate, claims
    from desktop_app.services.core.uow import UnitOfWork

    actor = _signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    clock = SystemClock()
    with UnitOfWork(engine, clock=clock) as uow:  # read only: the warnings, before the lines are taken
        warnings = claim_gate.report(uow.session, args.case, args.period, clock.today()).warnings
    try:
        with UnitOfWork(engine, clock=clock, actor_id=actor) as uow:
            claim_id = claims.build_claim(uow, args.case, args.period)
    except claim_gate.ClaimBlocked as blocked:
        for gap in blocked.report.gaps:
            print(f"{gap}（{gap.record_type} #{gap.record_id}）", file=sys.stderr)
        return _fail(blocked)
    for gap in warnings:
        print(f"{gap}（{gap.record_type} #{gap.record_id}）")
    with UnitOfWork(engine, clock=clock) as uow:
        view = claim_view(uow.session, claim_id)
    t = view.totals
    print(f"结算申报草稿 / draft claim: 病例 case {view.cover.case_number}，{view.period} "
          f"({view.window_from} ~ {view.window_to})，{t.line_count} 行 lines，合计 total {t.total}，"
          f"基金 fund {t.settlement.fund_amount}")
    print(claim_id)
    return EXIT_OK


def _restore(url: str, source: Path, yes: bool) -> int:
    """The target may be missing (restoring onto a new PC is what a restore is for), but
    its URL must be one and, for SQLite, its folder must exist: a typo creates nothing."""
    from desktop_app.clock import SystemClock
    from desktop_app.db.engine import make_engine, redact_url
    from desktop_app.db.opening import checked_url, sqlite_file, url_text
    from desktop_app.paths import subdir
    from desktop_app.services.records.backup import read_manifest, restore_backup

    parsed = checked_url(url)
    path = sqlite_file(parsed)
    if path is not None and not path.parent.is_dir():
        raise UserError(f"目标文件夹不存在：{path.parent}，未做任何修改。",
                        f"The target folder does not exist: {path.parent}. Nothing was changed.")
    if path is not None and path.exists() and not path.is_file():
        raise UserError(f"{path} 不是文件，未做任何修改。", f"{path} is not a file. Nothing was changed.")
    url = url_text(parsed)
    manifest = read_manifest(source)
    print(f"备份 / backup: {source}（{manifest.engine}，{manifest.created_at}，结构版本 / schema "
          f"{manifest.schema_revision}，{manifest.total_size:,} B）")
    print(f"将替换 / will replace: {redact_url(url)}")
    if not yes:
        if not sys.stdin.isatty():
            _fail(UserError("非交互运行时请加 --yes 确认恢复；未做任何修改。",
                            "Add --yes to restore when not running interactively; nothing was changed."))
            return EXIT_USAGE
        answer = input("请先关闭所有正在使用此档案的桌面程序。确认恢复？输入 yes / close every desktop "
                       "app using this archive first. Restore? type yes: ")
        if answer.strip().lower() not in ("yes", "y", "是"):
            print("已取消，未做任何修改 / cancelled; nothing was changed")
            return EXIT_FAILURE
    engine = make_engine(url)
    try:
        result = restore_backup(source, engine, clock=SystemClock(), keep_dir=subdir("backups"))
    finally:
        engine.dispose()
    listed = ", ".join(f"{f.name} ({f.size:,} B)" for f in manifest.files)
    print(f"已核验备份 / backup checked: manifest.json；大小与 SHA-256 / size and SHA-256: {listed}")
    for warning in result.warnings:
        print(f"  提示 / note: {warning}")
    if manifest.engine == "sqlite":
        print("数据库完整性检查 / integrity_check: ok")
    print(f"已恢复到 / restored into: {redact_url(url)}；核验（以备份的锚定文件）/ verify with the "
          "backup's anchor:")
    for line in result.report.lines():
        print(f"  {line}")
    print(f"原档案保存在 / the previous archive was kept at: {result.kept}" if result.kept
          else "原位置没有档案 / there was no archive at the target")
    if not result.report.ok:
        return _fail(UserError("已恢复，但恢复后的档案未通过核验（见上）；原档案仍保留。",
                               "Restored, but the restored archive fails verify (see above); the "
                               "previous archive is still kept."))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
