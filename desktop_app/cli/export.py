"""``rehab-archive`` commands for packages: claim finalize/export, archive export,
verify-package (which needs no database). Wired into ``cli.py``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop_app.services.claims.claim_export import PackageResult, PdfSigner
    from desktop_app.services.claims.claim_gate import ClaimBlocked

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def add_parsers(commands: argparse._SubParsersAction, claim_commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The sub-commands; ``sign_in`` adds ``--user``/``--password-env`` to a parser."""
    finalize = claim_commands.add_parser("finalize", help="确认并冻结结算申报（再次检查档案完整性）/ "
                                         "finalize (freeze) a draft claim, the gate checked again")
    finalize.add_argument("--claim", type=int, required=True, help="结算申报 id / claim id")
    sign_in(finalize)
    late = claim_commands.add_parser("acknowledge-late", help="确认延迟签名并说明原因（记入审计）/ "
                                     "acknowledge the late signatures the gate lists, with a reason")
    late.add_argument("--case", type=int, required=True, help="病例 id / case id")
    late.add_argument("--period", required=True, help="YYYY-MM 或 discharge / a month or the discharge")
    late.add_argument("--reason", required=True, help="原因 / why they are accepted")
    sign_in(late)
    export = claim_commands.add_parser("export", help="导出已确认的结算申报包（BagIt 文件夹和 zip）/ "
                                       "export a final claim as a BagIt package (folder and zip)")
    export.add_argument("--claim", type=int, required=True, help="结算申报 id / claim id")
    export.add_argument("--out", type=Path, required=True, help="输出文件夹 / output folder")
    export.add_argument("--region", default="national",
                        help="地区数据格式 / regional data format (default: national)")
    _signing_arguments(export)
    sign_in(export)
    archive = commands.add_parser("archive", help="病例档案 / a case's archive")
    archive_commands = archive.add_subparsers(dest="archive_command", required=True)
    binder = archive_commands.add_parser("export", help="按法定顺序导出病例全部档案（BagIt）/ export a "
                                         "case's whole archive in the statutory order (BagIt)")
    binder.add_argument("--case", type=int, required=True, help="病例 id / case id")
    binder.add_argument("--out", type=Path, required=True, help="输出文件夹 / output folder")
    _signing_arguments(binder)
    sign_in(binder)
    verify = commands.add_parser("verify-package", help="不连数据库核验导出包（文件夹或 zip）/ check a "
                                 "package (folder or zip) without the database")
    verify.add_argument("path", type=Path)


def _signing_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sign", type=Path, metavar="P12",
                        help="以机构证书（PKCS#12）签署 PDF / sign the PDFs with the institution's "
                        "PKCS#12 certificate")
    parser.add_argument("--sign-password-env", metavar="VAR",
                        help="存放证书口令的环境变量 / the environment variable holding the "
                        "certificate's password")


def verify_package(path: Path) -> int:
    """The files against the manifests, the data files against their copies inside the
    PDFs, every PDF signature's integrity and, in a binder, every audit event's hash."""
    from desktop_app.documents.bagit import check_bag, read_bag
    from desktop_app.documents.package_content import ContentCheck, check_content
    from desktop_app.services.records import audit_segment

    check = check_bag(path)
    files = read_bag(path) if check.files else {}
    content = check_content(files) if files else ContentCheck((), ())
    events = files.get(audit_segment.EVENTS)
    audit = audit_segment.segment_problems(events, check.info) if events is not None else []
    print(f"包 / package: {path}（{check.files} 个文件 / files）")
    for label in ("External-Identifier", "Bagging-Date", "Audit-Anchor-Seq", "Audit-Anchor-Hash",
                  "Payload-Oxum"):
        if label in check.info:
            print(f"  {label}: {check.info[label]}")
    for note in content.notes:
        print(f"  · {note}")
    problems = [*map(str, check.problems), *content.problems, *audit]
    for problem in problems:
        print(f"  ✗ {problem}", file=sys.stderr)
    if not problems:
        print("核验通过：每个文件与清单的 SHA-256 一致 / OK: every file matches its SHA-256 in the manifests")
        print("内嵌于 PDF 的数据文件与包中的一致，签名完整 / the data files equal their copies "
              "inside the PDFs; the signatures are intact")
        print("PDF 印出的摘要（内容 SHA-256、数据文件 SHA-256）由包中文件重算一致 / the hashes the PDFs "
              "print (content SHA-256, data files' SHA-256) recompute from the package's files")
        if events is not None:
            print("审计片段的每个事件哈希重算一致 / every audit event's hash recomputes")
        return EXIT_OK
    print(f"错误：包未通过核验，{len(problems)} 处问题（见上）\nError: the package fails the "
          f"check: {len(problems)} problem(s) (see above)", file=sys.stderr)
    return EXIT_FAILURE


def _signer(engine: Engine, args: argparse.Namespace, actor: int) -> PdfSigner | None | Literal[False]:
    """The PDF signing function for ``--sign``; None without it; False on a usage error."""
    if args.sign is None:
        if args.sign_password_env:
            print("--sign-password-env 须与 --sign 同用 / --sign-password-env needs --sign", file=sys.stderr)
            return False
        return None
    password = os.environ.get(args.sign_password_env or "")
    if not args.sign_password_env or password is None:
        print("签署须用 --sign-password-env 指定已设置的环境变量 / signing needs --sign-password-env "
              "naming a variable that is set", file=sys.stderr)
        return False
    from sqlalchemy.orm import Session

    from desktop_app.services.admin.institution_certificate import pdf_signer

    with Session(engine) as session:
        return pdf_signer(session, actor, args.sign, password)


def claim_finalize(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.claims import claim_gate, claims
    from desktop_app.services.core.uow import UnitOfWork

    try:
        with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
            sha = claims.finalize_claim(uow, args.claim)
    except claim_gate.ClaimBlocked as blocked:
        print_gaps(blocked)
        raise
    print(f"结算申报 #{args.claim} 已确认并冻结 / claim #{args.claim} is final; SHA-256 {sha}")
    return EXIT_OK


def claim_acknowledge_late(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.claims import late_signatures
    from desktop_app.services.core.uow import UnitOfWork

    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        count = late_signatures.acknowledge(uow, args.case, args.period, args.reason)
    print(f"已确认 {count} 个延迟签名 / {count} late signature(s) acknowledged")
    return EXIT_OK


def print_gaps(blocked: ClaimBlocked) -> None:
    for gap in blocked.report.gaps:
        print(f"{gap}（{gap.record_type} #{gap.record_id}）", file=sys.stderr)


def claim_export(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.claims import claim_gate
    from desktop_app.services.claims.claim_export import export_claim
    from desktop_app.services.core.uow import UnitOfWork

    sign = _signer(engine, args, actor)
    if sign is False:
        return EXIT_USAGE
    try:
        with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
            result = export_claim(uow, args.claim, args.out, region=args.region, sign=sign)
    except claim_gate.ClaimBlocked as blocked:
        print_gaps(blocked)
        raise
    _report(result)
    return EXIT_OK


def archive_export(engine: Engine, args: argparse.Namespace, actor: int) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.core.uow import UnitOfWork
    from desktop_app.services.records.archive_export import export_archive

    sign = _signer(engine, args, actor)
    if sign is False:
        return EXIT_USAGE
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        result = export_archive(uow, args.case, args.out, sign=sign)
    _report(result)
    return EXIT_OK


def _report(result: PackageResult) -> None:
    for doc in result.documents:
        state = "首次出具 first issue" if doc.first_issue else (
            "重建，字节一致 rebuilt, identical" if doc.identical_to_first
            else "重建，字节不同 rebuilt, DIFFERENT")
        print(f"  {doc.filename}  sha256 {doc.content_sha256[:16]}…  {state}")
    for name in result.data_files:
        print(f"  {name}")
    signed = "，PDF 已签署 / PDFs signed" if result.signed else ""
    print(f"审计锚点 / audit anchor: #{result.anchor_seq} {result.anchor_hash}{signed}")
    print(f"已写入 / written: {result.folder}")
    print(result.zip_path)
