"""``rehab-archive verify``: the audit chain, the anchor, the guard triggers, every
protected row against its last audited state, every signature, every attachment and every
frozen claim's hash, each broken item named. Reads only; it never repairs anything."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.clock import Clock
from desktop_app.db import guard_triggers
from desktop_app.db.models import (
    Attachment,
    AttachmentBlob,
    AuditEvent,
    Claim,
    FeeLine,
    RehabCase,
    Signature,
    SignatureItem,
    VerifiedAnchor,
)
from desktop_app.domain.canonical import sha256_hex
from desktop_app.domain.row_state import RECONCILED_TABLES, stored_row_state_hash
from desktop_app.domain.vocabulary import State
from desktop_app.errors import UserError
from desktop_app.services.claims.claims import check_frozen
from desktop_app.services.core.audit_chain import (
    GENESIS,
    Anchor,
    iter_chain_rows,
    stored_event_hash,
    unchained_count,
)
from desktop_app.services.core.progress import Progress, no_progress
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.integrity.reconcile import IN_CHUNK, RowProblem, check_records, check_rows
from desktop_app.services.integrity.signing import SIGNABLE, iter_signature_checks

T = TypeVar("T")
# How often each stage reports (it may raise there to stop the check: a Cancel button).
CHAIN_STEP, SIGNATURE_STEP, ATTACHMENT_STEP, CLAIM_STEP = 200, 20, 20, 20
# Fixity: threads hashing attachments while this one reads, and how many blobs may wait.
FIXITY_THREADS, FIXITY_AHEAD = 2, 16
BLOB_BATCH = 50  # attachment blobs read at a time (48 KiB each on average)
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
    # How far the check reached: the last chain position (and its hash) and signature checked;
    # a clean check may record them as a verified anchor (``record_anchor``).
    verified_to: tuple[int, str] = (0, GENESIS)
    signature_upto: int = 0
    since: VerifiedAnchor | None = None  # the anchor an incremental check started from

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"{area}: {count}" for area, count in self.checked.items()]
        if self.unchained_events:
            out.append(f"尚未入链的审计事件 / audit events not yet chained: {self.unchained_events}")
        if self.since is not None:
            since = self.since
            out.append(f"增量核验 / incremental: 自核验锚点 #{since.id}（审计链 #{since.chain_seq}，"
                       f"{since.verified_at:%Y-%m-%d %H:%M} UTC）之后 / since the verified anchor")
        else:
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
    pinned = {anchor.head_seq: anchor.head_hash} if anchor else {}
    if anchor:
        pinned.update({d.last_seq: d.hash for d in anchor.daily})
    walk = _walk_chain(session, report, 0, GENESIS, pinned, progress)
    report.checked["审计事件 audit events"] = walk.seen
    report.verified_to = (walk.last_seq, walk.last_hash)
    report.unchained_events = unchained_count(session)
    report.anchored = anchor is not None


@dataclass
class _Walk:
    seen: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    # The records the walked events name, by table (what an incremental check reconciles),
    # and the ``dispose`` events among them.
    touched: dict[str, set[int]] = field(default_factory=dict)
    disposals: list[tuple[int | None, object]] = field(default_factory=list)


@dataclass
class _Stretch:
    """One stretch of the chain, checked on its own (in this process or a worker): every
    event against its hash and the pins, each linked to the one before within the stretch.
    Its first event's position and link are checked against the stretch before it when the
    stretches are joined, in order (``_join``): the same findings, in the same order, as one
    walk over the whole chain."""

    count: int = 0
    first: tuple[int, int, str] | None = None  # seq, event id, prev_hash
    last_seq: int = 0
    last_hash: str = ""
    problems: list[Problem] = field(default_factory=list)
    pins: set[int] = field(default_factory=set)


def _chain_problem(item: str, zh: str, en: str) -> Problem:
    return Problem("audit_chain", item, zh, en)


def _gap(expected_seq: int, seq: int) -> Problem:
    return _chain_problem(f"#{expected_seq}", f"链序号缺失（{expected_seq} 至 {seq - 1}），事件被删除",
                          f"chain positions {expected_seq}-{seq - 1} are missing: events were deleted")


def _unlinked(seq: int, event_id: int) -> Problem:
    return _chain_problem(f"#{seq} (event {event_id})", "前一哈希不符：前面的事件被删除、插入或调换",
                          "previous hash does not match: an earlier event was deleted, inserted or swapped")


def _check_stretch(session: Session, after_seq: int, upto: int | None, pinned: dict[int, str],
                   on_event: Callable[[Any], None] | None = None) -> _Stretch:
    stretch = _Stretch()
    expected_seq, prev = 0, ""
    for event in iter_chain_rows(session, after_seq, upto=upto):
        seq = int(event.chain_seq or 0)
        item = f"#{seq} (event {event.id})"
        if stretch.first is None:
            stretch.first = (seq, int(event.id), event.prev_hash or "")
        else:
            if seq != expected_seq:
                stretch.problems.append(_gap(expected_seq, seq))
            if event.prev_hash != prev:
                stretch.problems.append(_unlinked(seq, event.id))
        if event.hash != stored_event_hash(seq, event.prev_hash or "", event):
            stretch.problems.append(_chain_problem(item, "事件内容与哈希不符：事件被修改",
                                                   "the event does not match its hash: it was altered"))
        if seq in pinned:
            stretch.pins.add(seq)
            if event.hash != pinned[seq]:
                stretch.problems.append(_chain_problem(
                    item, "与锚定文件记录的哈希不符：审计链被重新计算",
                    "differs from the hash in the anchor file: the chain was recomputed"))
        prev, expected_seq = event.hash or "", seq + 1
        stretch.count += 1
        if on_event is not None:
            on_event(event)
    stretch.last_seq, stretch.last_hash = expected_seq - 1, prev
    return stretch


def _walk_chain(session: Session, report: VerifyReport, after_seq: int, after_hash: str,
                pinned: dict[int, str], progress: Progress, collect: bool = False) -> _Walk:
    """Check every chained event after position ``after_seq`` (whose hash is ``after_hash``):
    no position missing, each linked to the one before, each matching its hash, and the
    positions pinned by an anchor file holding the pinned hashes. A long chain is checked in
    stretches by worker processes (``_parallel``), a short one here, event by event."""
    total = session.scalar(select(func.count()).select_from(AuditEvent)
                           .where(AuditEvent.chain_seq > after_seq)) or 0
    walk = _Walk(last_seq=after_seq, last_hash=after_hash)
    progress("audit_chain", 0, total)
    workers = _parallel(session, total, PARALLEL_EVENTS, collect)
    if workers:
        head = int(session.scalar(select(func.max(AuditEvent.chain_seq))) or 0)
        bounds = list(range(after_seq, head, STRETCH_EVENTS)) + [head]
        stretches = _in_workers(workers, _stretch_worker, progress, "audit_chain", total, [
            (lo, hi, pinned) for lo, hi in zip(bounds, bounds[1:], strict=False)])
    else:
        seen = 0

        def on_event(event: Any) -> None:  # noqa: ANN401 - a row of EVENT_COLUMNS
            nonlocal seen
            if collect:
                if event.record_id is not None and event.record_type in RECONCILED_TABLES:
                    walk.touched.setdefault(event.record_type, set()).add(int(event.record_id))
                if event.action == "dispose":
                    walk.disposals.append((event.case_id, event.details))
            seen += 1
            if seen % CHAIN_STEP == 0:
                progress("audit_chain", seen, total)

        stretches = [_check_stretch(session, after_seq, None, pinned, on_event)]
    _join(report, stretches, walk, pinned)
    progress("audit_chain", walk.seen, total)
    return walk


def _join(report: VerifyReport, stretches: list[_Stretch], walk: _Walk, pinned: dict[int, str]) -> None:
    """The stretches' findings in chain order, with the checks at each seam."""
    expected_seq, prev = walk.last_seq + 1, walk.last_hash
    found_pins: set[int] = set()
    for stretch in stretches:
        if stretch.first is None:
            continue
        seq, event_id, first_prev = stretch.first
        if seq != expected_seq:
            report.problems.append(_gap(expected_seq, seq))
        if first_prev != prev:
            report.problems.append(_unlinked(seq, event_id))
        report.problems += stretch.problems
        found_pins |= stretch.pins
        walk.seen += stretch.count
        expected_seq, prev = stretch.last_seq + 1, stretch.last_hash
    for seq in sorted(set(pinned) - found_pins):
        report.problems.append(_chain_problem(
            f"#{seq}", "锚定文件记录的事件已不存在：审计链被截断",
            "an event recorded in the anchor file is gone: the chain was truncated"))
    walk.last_seq, walk.last_hash = expected_seq - 1, prev


# ----------------------------------------------------------------------------- worker processes

# A chain or a set of signatures this long is checked by worker processes, in stretches of
# this many (each a few seconds of work); below it, here. Workers start with ``spawn`` (a
# fork of a process holding Qt or an engine is unsafe), about a second each.
PARALLEL_EVENTS, STRETCH_EVENTS = 300_000, 100_000
PARALLEL_SIGNATURES, STRETCH_SIGNATURES = 60_000, 20_000
_WORKER_ENGINE: list[Engine] = []


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


# How many worker processes ``verify`` may start; 1 checks everything here (tests set it).
PROCESSES = default_processes()


def _parallel(session: Session, size: int, threshold: int, collect: bool) -> str | None:
    """The archive's URL for worker processes, if the work is worth them: a long enough
    stretch, more than one process allowed, and an archive another process can open (a
    file or a server, not a connection of this process or an in-memory database)."""
    bind = session.get_bind()
    if collect or PROCESSES < 2 or size < threshold or not isinstance(bind, Engine):
        return None
    url = bind.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def _worker_session(url: str) -> Session:
    """A session of a worker process: the archive opened read-only (verify never writes),
    as the read-only commands open it (a ``mode=ro`` URI already is)."""
    if not _WORKER_ENGINE:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        from desktop_app.db.opening import read_only_engine

        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.query.get("uri"):
            _WORKER_ENGINE.append(create_engine(parsed, poolclass=NullPool))
        else:
            _WORKER_ENGINE.append(read_only_engine(parsed))
    return Session(_WORKER_ENGINE[0])


def _stretch_worker(url: str, lo: int, hi: int, pinned: dict[int, str]) -> _Stretch:
    with _worker_session(url) as session:
        return _check_stretch(session, lo, hi, pinned)


def _signatures_worker(url: str, lo: int, hi: int) -> _Signed:
    with _worker_session(url) as session:
        return _signature_findings(session, lo, hi)


def _in_workers(url: str, work: Callable[..., T], progress: Progress, stage: str, total: int,
                jobs: list[tuple[Any, ...]]) -> list[T]:
    """``work(url, *job)`` for each job in worker processes; the results in job order.
    Progress is reported as jobs finish (in order); a Cancel raised there cancels the rest."""
    context = multiprocessing.get_context("spawn")
    results: list[T] = []
    with ProcessPoolExecutor(max_workers=min(PROCESSES, len(jobs)), mp_context=context) as pool:
        futures = [pool.submit(work, url, *job) for job in jobs]
        try:
            done = 0
            for future in futures:
                results.append(future.result())
                done += _size_of(results[-1])
                progress(stage, done, total)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return results


def _size_of(result: object) -> int:
    return result.count if isinstance(result, _Stretch | _Signed) else 0


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


def _check_signatures(session: Session, report: VerifyReport, progress: Progress,
                      after_id: int = 0) -> None:
    total = session.scalar(select(func.count()).select_from(Signature)
                           .where(Signature.id > after_id)) or 0
    progress("signature", 0, total)
    url = _parallel(session, total, PARALLEL_SIGNATURES, collect=False)
    if url:
        head = int(session.scalar(select(func.max(Signature.id))) or 0)
        bounds = list(range(after_id, head, STRETCH_SIGNATURES)) + [head]
        parts = _in_workers(url, _signatures_worker, progress, "signature", total,
                            [(lo, hi) for lo, hi in zip(bounds, bounds[1:], strict=False)])
    else:
        parts = [_signature_findings(session, after_id, None, progress, total)]
    count = 0
    for part in parts:
        count += part.count
        report.signature_upto = max(report.signature_upto, part.last)
        for signature_id, signer_name, record_type, record_id, problems in part.findings:
            for zh, en in problems:
                report.problems.append(Problem("signature", f"签名 #{signature_id}（{signer_name}，"
                                               f"{record_type} #{record_id}）", zh, en))
    progress("signature", count, total)
    report.checked["签名 signatures"] = count
    if after_id:
        return  # records marked signed since: their signatures were just checked
    for record_type, model in SIGNABLE.items():
        if record_type in FROZEN_BY_HASH:
            continue
        progress("signature", count, total)
        # NOT EXISTS, not NOT IN: PostgreSQL runs a NOT IN over a subquery too large for its
        # work memory row by row against the whole subquery (13 minutes and counting on the
        # 30-year archive); an anti-join it plans from NOT EXISTS, and SQLite uses the index.
        covered = select(SignatureItem.id).where(SignatureItem.record_type == record_type,
                                                 SignatureItem.record_id == model.id)
        for record_id in session.scalars(select(model.id).where(
                model.record_state == State.SIGNED, ~covered.exists())):
            report.problems.append(Problem("signature", f"{record_type} #{record_id}",
                                           "标记为已签名，但没有任何签名",
                                           "marked signed but no signature covers it"))


@dataclass
class _Signed:
    """The signatures after one id up to another, checked: how many, the last id, and each
    one found wanting as (id, signer, record type, record id, problems)."""

    count: int
    last: int
    findings: list[tuple[int, str, str, int, tuple[tuple[str, str], ...]]]


def _signature_findings(session: Session, after_id: int, upto: int | None,
                        progress: Progress = no_progress, total: int = 0) -> _Signed:
    """What the report needs of the signatures after ``after_id`` up to ``upto`` (picklable)."""
    count, last = 0, after_id
    findings: list[tuple[int, str, str, int, tuple[tuple[str, str], ...]]] = []
    for signature, result in iter_signature_checks(session, after_id, upto=upto):
        count, last = count + 1, int(signature.id)
        if result.problems:
            findings.append((signature.id, signature.signer_name, signature.record_type,
                             signature.record_id, result.problems))
        if count % SIGNATURE_STEP == 0:
            progress("signature", count, total)
    return _Signed(count, last, findings)


def _check_attachments(session: Session, report: VerifyReport, progress: Progress) -> None:
    """Every blob against its SHA-256 (fixity). The blobs are read in large batches by this
    thread while worker threads hash them: ``hashlib`` releases the GIL on large buffers, so
    reading and hashing overlap (the database read is most of the time otherwise)."""
    count = 0
    total = session.scalar(select(func.count()).select_from(AttachmentBlob)) or 0
    progress("attachment", 0, total)
    pending: deque[tuple[str, int, int, Future[str]]] = deque()

    def settle() -> None:
        sha, size, length, digest = pending.popleft()
        if digest.result() != sha or length != size:
            report.problems.append(Problem("attachment", sha[:16], "附件内容与其SHA-256不符：已被改动",
                                           "the attachment's content does not match its SHA-256"))

    with ThreadPoolExecutor(max_workers=FIXITY_THREADS, thread_name_prefix="fixity") as pool:
        for sha, size, content in _blobs(session):
            count += 1
            if count % ATTACHMENT_STEP == 0:
                progress("attachment", count, total)
            if content is None:
                continue  # content removed by an approved disposal; the record of it stays
            pending.append((sha, size, len(content), pool.submit(sha256_hex, content)))
            while len(pending) > FIXITY_AHEAD:
                settle()
        while pending:
            settle()
    progress("attachment", count, total)
    report.checked["附件 attachments"] = count


def _blobs(session: Session) -> Iterator[tuple[str, int, bytes | None]]:
    """``(sha256, size, content)`` of every attachment blob, in batches. On PostgreSQL through
    a server-side cursor in psycopg's binary format: ``bytea`` then arrives as its bytes, not
    as hex text to be decoded, three times faster to read (docs/performance.md, fixity)."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        yield from connection.execute(
            select(AttachmentBlob.sha256, AttachmentBlob.size, AttachmentBlob.content)
            .execution_options(yield_per=BLOB_BATCH))
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor(name="rehab_fixity", binary=True) as cursor:
        cursor.itersize = BLOB_BATCH
        cursor.execute(f"SELECT sha256, size, content FROM {AttachmentBlob.__tablename__}")
        yield from cursor


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
    hashed = select(Claim.id).where(Claim.id == FeeLine.claim_id, Claim.frozen_sha256.is_not(None))
    for line_id in session.scalars(select(FeeLine.id).where(
            FeeLine.record_state != State.DRAFT, ~hashed.exists()).order_by(FeeLine.id)):
        report.problems.append(Problem("claim", f"fee_line #{line_id}",
                                       "标记为已冻结，但不属于任何冻结的结算申报",
                                       "marked frozen but in no frozen claim"))


# ----------------------------------------------------------------------------- incremental


def latest_anchor(session: Session) -> VerifiedAnchor | None:
    return session.scalars(select(VerifiedAnchor).order_by(VerifiedAnchor.id.desc()).limit(1)).first()


def verify_since_anchor(engine: Engine, progress: Progress = no_progress) -> VerifyReport:
    """Check only what was added since the latest verified anchor (``verified_anchor``): the
    anchor first (recorded through the app, and the chain still holding, at its position, an
    event whose recomputed hash is the anchor's), then every chain event after it, linked to
    it; every signature after the last one it checked; the guard triggers; and the rows,
    attachments and frozen claims those events name. A UserError if there is no anchor yet.
    What this cannot see (an old row or event changed out of band, with the chain recomputed)
    is the full check's and the anchor file's to find: see docs/decisions.md."""
    report = VerifyReport()
    with Session(engine) as session:
        anchor = latest_anchor(session)
        if anchor is None:
            raise UserError("尚无已核验的锚点：请先完整核验并记录锚点（verify --record-anchor）。",
                            "No verified anchor yet: run a full check that records one first "
                            "(verify --record-anchor).")
        report.since = anchor
        if not _anchor_holds(session, report, anchor):
            return report  # refused: nothing after a false anchor proves anything
        walk = _walk_chain(session, report, anchor.chain_seq, anchor.chain_hash, {}, progress,
                           collect=True)
        report.checked["审计事件 audit events"] = walk.seen
        report.verified_to = (walk.last_seq, walk.last_hash)
        report.unchained_events = unchained_count(session)
        if "verified_anchor" not in walk.touched or anchor.id not in walk.touched["verified_anchor"]:
            report.problems.append(Problem(
                "anchor", f"锚点 #{anchor.id}", "锚点的审计事件不在其后的审计链中：锚点是伪造的",
                "the anchor's own audit event is not in the chain after it: the anchor is forged"))
        _check_guards(session, report)

        def add(problem: RowProblem) -> None:
            report.problems.append(Problem("row_state", f"{problem.table} #{problem.row_id}",
                                           problem.zh, problem.en))

        report.checked["记录与审计状态 rows against their audit"] = check_records(
            session, walk.touched, walk.disposals, add)
        report.signature_upto = anchor.signature_upto
        _check_signatures(session, report, progress, after_id=anchor.signature_upto)
        _check_attachment_ids(session, report, sorted(walk.touched.get("attachment", ())))
        _check_claim_ids(session, report, sorted(walk.touched.get("claim", ())))
    return report


def _anchor_holds(session: Session, report: VerifyReport, anchor: VerifiedAnchor) -> bool:
    """The anchor row is as its audit event recorded it, and the chain event at its position
    still hashes (recomputed from its content) to the anchor's hash."""
    item = f"锚点 #{anchor.id}（#{anchor.chain_seq}）"
    values = session.connection().execute(select(VerifiedAnchor.__table__).where(
        VerifiedAnchor.id == anchor.id)).mappings().one()
    audited = session.execute(select(AuditEvent.row_sha256, AuditEvent.chain_seq).where(
        AuditEvent.record_type == "verified_anchor", AuditEvent.record_id == anchor.id,
        AuditEvent.action == "create").order_by(AuditEvent.id.desc()).limit(1)).first()
    if audited is None or audited.row_sha256 != stored_row_state_hash(values):
        report.problems.append(Problem("anchor", item, "锚点不是由本应用记录的，或已被改动：拒绝使用",
                                       "the anchor was not recorded by the app, or was altered: refused"))
        return False
    if audited.chain_seq is not None and int(audited.chain_seq) <= anchor.chain_seq:
        report.problems.append(Problem("anchor", item, "锚点的审计事件早于它所锚定的位置：拒绝使用",
                                       "the anchor's event comes before the position it pins: refused"))
        return False
    event = next(iter_chain_rows(session, anchor.chain_seq - 1, batch=1), None)
    if (event is None or int(event.chain_seq) != anchor.chain_seq or event.hash != anchor.chain_hash
            or stored_event_hash(anchor.chain_seq, event.prev_hash or "", event) != anchor.chain_hash):
        report.problems.append(Problem("anchor", item, "审计链在锚点位置的事件与锚点不符：拒绝使用",
                                       "the chain event at the anchor's position does not match it: refused"))
        return False
    report.checked["锚点 anchor"] = anchor.chain_seq
    return True


def record_anchor(engine: Engine, report: VerifyReport, *, clock: Clock | None = None,
                  actor_id: int | None = None) -> int | None:
    """After a clean check, record how far it reached as a verified anchor (audited and
    chained like every row; append-only). Returns its id, None if the check was not clean."""
    if not report.ok or report.verified_to[0] == 0:
        return None
    seq, head = report.verified_to
    # A system record, like chaining itself: written by ``verify`` (CLI ``--record-anchor``),
    # not a user's use case; the unit of work audits and chains it all the same.
    with UnitOfWork(engine, clock=clock, actor_id=actor_id) as uow:
        anchor = VerifiedAnchor(chain_seq=seq, chain_hash=head, signature_upto=report.signature_upto,
                                mode="incremental" if report.since is not None else "full",
                                verified_at=uow.clock.now(), verified_by_id=actor_id)
        uow.session.add(anchor)
        uow.commit()
        return anchor.id


def _check_attachment_ids(session: Session, report: VerifyReport, ids: list[int]) -> None:
    """The blobs of these attachment records, each against its SHA-256."""
    count = 0
    for start in range(0, len(ids), IN_CHUNK):
        for sha, size, content in session.execute(
                select(AttachmentBlob.sha256, AttachmentBlob.size, AttachmentBlob.content)
                .join(Attachment, Attachment.sha256 == AttachmentBlob.sha256)
                .where(Attachment.id.in_(ids[start:start + IN_CHUNK])).distinct()):
            count += 1
            if content is not None and (sha256_hex(content) != sha or len(content) != size):
                report.problems.append(Problem("attachment", sha[:16], "附件内容与其SHA-256不符：已被改动",
                                               "the attachment's content does not match its SHA-256"))
    report.checked["附件 attachments"] = count


def _check_claim_ids(session: Session, report: VerifyReport, ids: list[int]) -> None:
    count = 0
    for start in range(0, len(ids), IN_CHUNK):
        for claim_id, period, version, case_number in session.execute(
                select(Claim.id, Claim.period, Claim.version_no, RehabCase.case_number)
                .join(RehabCase, RehabCase.id == Claim.case_id)
                .where(Claim.id.in_(ids[start:start + IN_CHUNK]),
                       Claim.frozen_sha256.is_not(None) | (Claim.record_state != State.DRAFT))
                .order_by(Claim.id)):
            count += 1
            if not check_frozen(session, claim_id):
                report.problems.append(Problem(
                    "claim", f"结算申报 #{claim_id}（{case_number} {period} 第{version}版）",
                    "申报或其费用明细与冻结时的哈希不符：已被改动",
                    "the claim or its fee lines do not match the hash taken when it was frozen: altered"))
    report.checked["冻结的结算申报 frozen claims"] = count
