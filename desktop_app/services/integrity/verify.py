"""``rehab-archive verify``: the audit chain, the anchor, the guard triggers, every
protected row against its last audited state, every signature, every attachment and every
frozen claim's hash, each broken item named. Reads only; it never repairs anything."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.db import guard_triggers
from desktop_app.db.models import (
    AttachmentBlob,
    AuditEvent,
    Claim,
    FeeLine,
    RehabCase,
    Signature,
    SignatureItem,
)
from desktop_app.domain.canonical import sha256_hex
from desktop_app.domain.vocabulary import State
from desktop_app.services.claims.claims import check_frozen
from desktop_app.services.core.audit_chain import (
    GENESIS,
    Anchor,
    iter_chain_rows,
    stored_event_hash,
    unchained_count,
)
from desktop_app.services.core.progress import Progress, no_progress
from desktop_app.services.integrity.reconcile import RowProblem, check_rows
from desktop_app.services.integrity.signing import SIGNABLE, iter_signature_checks

# How often each stage reports (it may raise there to stop the check: a Cancel button).
CHAIN_STEP, SIGNATURE_STEP, ATTACHMENT_STEP, CLAIM_STEP = 200, 20, 20, 20
# Final claims and their lines are frozen by the claim's hash, not signed (see decisions).
FROZEN_BY_HASH = ("claim", "fee_line")


@dataclass(frozen=True)
class Problem:
    area: str  # audit_chain / guard / row_state / signature / attachment / claim
    item: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"[{self.area}] {self.item}: {self.zh} / {self.en}"


@dataclass
class VerifyReport:
    checked: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unchained_events: int = 0
    anchored: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"{area}: {count}" for area, count in self.checked.items()]
        if self.unchained_events:
            out.append(f"尚未入链的审计事件 / audit events not yet chained: {self.unchained_events}")
        out.append("锚定文件 / anchor: " + ("已核对 checked" if self.anchored else "未提供 not given"))
        out += [str(problem) for problem in self.problems]
        count = len(self.problems)
        out.append("结果 / result: " + ("全部通过 all checks passed" if self.ok
                                        else f"发现 {count} 个问题 / {count} problems"))
        return out


def verify_archive(engine: Engine, anchor: Anchor | None = None,
                   progress: Progress = no_progress) -> VerifyReport:
    report = VerifyReport()
    with Session(engine) as session:
        _check_chain(session, report, anchor, progress)
        _check_guards(session, report)
        _check_rows(session, report, progress)
        _check_signatures(session, report, progress)
        _check_attachments(session, report, progress)
        _check_claims(session, report, progress)
    return report


def _check_chain(session: Session, report: VerifyReport, anchor: Anchor | None,
                 progress: Progress) -> None:
    total = session.scalar(select(func.count()).select_from(AuditEvent)
                           .where(AuditEvent.chain_seq.is_not(None))) or 0
    pinned = {anchor.head_seq: anchor.head_hash} if anchor else {}
    if anchor:
        pinned.update({d.last_seq: d.hash for d in anchor.daily})
    expected_seq, prev, seen = 1, GENESIS, 0
    found_pins: set[int] = set()
    progress("audit_chain", 0, total)

    def fail(item: str, zh: str, en: str) -> None:
        report.problems.append(Problem("audit_chain", item, zh, en))

    for event in iter_chain_rows(session):
        seq = int(event.chain_seq or 0)
        if seq != expected_seq:
            fail(f"#{expected_seq}", f"链序号缺失（{expected_seq} 至 {seq - 1}），事件被删除",
                 f"chain positions {expected_seq}-{seq - 1} are missing: events were deleted")
        if event.prev_hash != prev:
            fail(f"#{seq} (event {event.id})", "前一哈希不符：前面的事件被删除、插入或调换",
                 "previous hash does not match: an earlier event was deleted, inserted or swapped")
        if event.hash != stored_event_hash(seq, event.prev_hash or "", event):
            fail(f"#{seq} (event {event.id})", "事件内容与哈希不符：事件被修改",
                 "the event does not match its hash: it was altered")
        if seq in pinned:
            found_pins.add(seq)
            if event.hash != pinned[seq]:
                fail(f"#{seq} (event {event.id})", "与锚定文件记录的哈希不符：审计链被重新计算",
                     "differs from the hash in the anchor file: the chain was recomputed")
        prev, expected_seq = event.hash or "", seq + 1
        seen += 1
        if seen % CHAIN_STEP == 0:
            progress("audit_chain", seen, total)
    progress("audit_chain", seen, total)
    progress("audit_chain", seen, total)
    for seq in sorted(set(pinned) - found_pins):
        fail(f"#{seq}", "锚定文件记录的事件已不存在：审计链被截断",
             "an event recorded in the anchor file is gone: the chain was truncated")
    report.checked["审计事件 audit events"] = seen
    report.unchained_events = unchained_count(session)
    report.anchored = anchor is not None


def _check_guards(session: Session, report: VerifyReport) -> None:
    found = guard_triggers.problems(session.connection())
    report.problems += [Problem("guard", p.name, p.zh, p.en) for p in found]
    report.checked["保护触发器 guard triggers"] = len(guard_triggers.EXPECTED.get(
        session.get_bind().dialect.name, {}))


def _check_rows(session: Session, report: VerifyReport, progress: Progress) -> None:
    def add(problem: RowProblem) -> None:
        report.problems.append(Problem("row_state", f"{problem.table} #{problem.row_id}",
                                       problem.zh, problem.en))

    report.checked["记录与审计状态 rows against their audit"] = check_rows(session, progress, add)


def _check_signatures(session: Session, report: VerifyReport, progress: Progress) -> None:
    count = 0
    total = session.scalar(select(func.count()).select_from(Signature)) or 0
    progress("signature", 0, total)
    for signature, result in iter_signature_checks(session):
        for zh, en in result.problems:
            report.problems.append(Problem("signature", f"签名 #{signature.id}（{signature.signer_name}，"
                                           f"{signature.record_type} #{signature.record_id}）", zh, en))
        count += 1
        if count % SIGNATURE_STEP == 0:
            progress("signature", count, total)
    progress("signature", count, total)
    report.checked["签名 signatures"] = count
    for record_type, model in SIGNABLE.items():
        if record_type in FROZEN_BY_HASH:
            continue
        progress("signature", count, total)
        covered = select(SignatureItem.record_id).where(SignatureItem.record_type == record_type)
        for record_id in session.scalars(select(model.id).where(
                model.record_state == State.SIGNED, model.id.not_in(covered))):
            report.problems.append(Problem("signature", f"{record_type} #{record_id}",
                                           "标记为已签名，但没有任何签名",
                                           "marked signed but no signature covers it"))


def _check_attachments(session: Session, report: VerifyReport, progress: Progress) -> None:
    count = 0
    total = session.scalar(select(func.count()).select_from(AttachmentBlob)) or 0
    progress("attachment", 0, total)
    for sha, size, content in session.execute(
            select(AttachmentBlob.sha256, AttachmentBlob.size, AttachmentBlob.content)
            .execution_options(yield_per=50)):
        count += 1
        if count % ATTACHMENT_STEP == 0:
            progress("attachment", count, total)
        if content is None:
            continue  # content removed by an approved disposal; the record of it stays
        if sha256_hex(content) != sha or len(content) != size:
            report.problems.append(Problem("attachment", sha[:16], "附件内容与其SHA-256不符：已被改动",
                                           "the attachment's content does not match its SHA-256"))
    progress("attachment", count, total)
    report.checked["附件 attachments"] = count


def _check_claims(session: Session, report: VerifyReport, progress: Progress) -> None:
    """Every frozen claim against its hash (the claim's identity, totals and each line),
    and no line marked frozen outside a frozen claim."""
    frozen = session.execute(select(Claim.id, Claim.period, Claim.version_no, RehabCase.case_number)
                             .join(RehabCase, RehabCase.id == Claim.case_id)
                             .where(Claim.frozen_sha256.is_not(None) | (Claim.record_state != State.DRAFT))
                             .order_by(Claim.id)).all()
    progress("claim", 0, len(frozen))
    for count, (claim_id, period, version, case_number) in enumerate(frozen, 1):
        if not check_frozen(session, claim_id):
            report.problems.append(Problem(
                "claim", f"结算申报 #{claim_id}（{case_number} {period} 第{version}版）",
                "申报或其费用明细与冻结时的哈希不符：已被改动",
                "the claim or its fee lines do not match the hash taken when it was frozen: altered"))
        if count % CLAIM_STEP == 0:
            progress("claim", count, len(frozen))
    progress("claim", len(frozen), len(frozen))
    report.checked["冻结的结算申报 frozen claims"] = len(frozen)
    hashed = select(Claim.id).where(Claim.frozen_sha256.is_not(None))
    for line_id in session.scalars(select(FeeLine.id).where(
            FeeLine.record_state != State.DRAFT,
            FeeLine.claim_id.is_(None) | FeeLine.claim_id.not_in(hashed)).order_by(FeeLine.id)):
        report.problems.append(Problem("claim", f"fee_line #{line_id}",
                                       "标记为已冻结，但不属于任何冻结的结算申报",
                                       "marked frozen but in no frozen claim"))
