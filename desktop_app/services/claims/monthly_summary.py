"""The institution's monthly summary of claims (申报汇总表), signed off by two people.

**What a month holds.** Every case's claim for the month (period ``YYYY-MM``) and every
discharge claim whose window ends in the month. Per case and period one row: the latest
frozen version's number and id, and the amounts of *all* its frozen versions added up — a
correction (version n+1) holds only reversals and replacements, so its totals are the
difference and the sum is what the case is claiming now. **Drafts are listed as not
included** (a first draft, or a correction being prepared, with what is included instead),
never refused: the officer sees what is still missing, and the totals never count an
unconfirmed amount.

**A record, never edited.** ``summarise_month`` stores the month's canonical JSON
(``domain/canonical``) with its SHA-256 and the audit head as a ``monthly_summary`` row,
append-only (migration 0011). Asked again with nothing changed it returns the same
version; after a correction or a claim frozen since, it writes version n+1.

**Sign-off.** The records officer (经办人, ``Meaning.SUMMARY_PREPARES``) and a reviewer
(审核人, ``SUMMARY_REVIEWS``) sign the latest version with their password: staff signatures
(``signing.write_signature``) whose item hashes the row, content included. The app has no
reviewer role; the reviewer is the administrator or another records officer, never the
person who signed as 经办人 (the same person twice is refused). A records officer signs
as 经办人 while that is open, else as 审核人; an administrator signs as 审核人 only.

**Export.** ``export_summary`` writes the PDF/A-3b (``documents/monthly_summary``), the
XLSX (``documents/spreadsheet``) and the canonical JSON whose SHA-256 the PDF prints.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Claim, MonthlySummary, RehabCase, StaffUser
from desktop_app.documents.identity import AuditAnchor
from desktop_app.documents.monthly_summary import (
    LeftOut,
    MonthlySummaryData,
    SignOff,
    SummaryRow,
    build_monthly_summary,
)
from desktop_app.documents.spreadsheet import Column, Sheet, workbook
from desktop_app.domain import claim_states
from desktop_app.domain.canonical import canonical_bytes, sha256_hex
from desktop_app.domain.vocabulary import (
    COVERAGE_CLASSES,
    DISCHARGE_PERIOD,
    FEE_CATEGORIES,
    Action,
    ClaimStatus,
    Meaning,
    Role,
    SignerKind,
)
from desktop_app.errors import FieldError, NotFound, UserError, raise_if_blocking
from desktop_app.services.admin import accounts
from desktop_app.services.core import audit
from desktop_app.services.core.audit_chain import chain_head
from desktop_app.services.core.files import write_whole
from desktop_app.services.core.locks import lock_month
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity import signing
from desktop_app.services.records import document_view

SUMMARY_FORMAT = "rehab-monthly-summary/1"
RECORD_TYPE = "monthly_summary"
PREPARER, REVIEWER = "经办人", "审核人"
ROLE_OF_MEANING = {Meaning.SUMMARY_PREPARES: PREPARER, Meaning.SUMMARY_REVIEWS: REVIEWER}
ZERO = Decimal("0.00")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class SummaryFiles:
    pdf: Path
    xlsx: Path
    json: Path


def month_errors(month: str) -> list[FieldError]:
    if MONTH.fullmatch(month or "") is None:
        return [FieldError("月份", f"月份须为 YYYY-MM：{month}", f"The month must be YYYY-MM: {month}",
                           key="month")]
    return []


def month_of(claim: Claim) -> str | None:
    """The month a claim counts in: its period, or for a discharge claim its window's end."""
    if claim.period != DISCHARGE_PERIOD:
        return claim.period
    window = (claim.totals or {}).get("window")
    return str(window["to"])[:7] if isinstance(window, dict) and window.get("to") else None


def _money(value: object) -> Decimal:
    return Decimal(str(value if value is not None else "0")).quantize(Decimal("0.01"))


def _period_label(claim: Claim) -> str:
    if claim.period != DISCHARGE_PERIOD:
        return claim.period
    window: dict[str, Any] = dict((claim.totals or {}).get("window") or {})  # type: ignore[call-overload]
    return f"出院结算（{window.get('from', '')}至{window.get('to', '')}）"


def summary_content(session: Session, month: str) -> dict[str, Any]:
    """The month's summary as plain data (what the record stores, canonically)."""
    raise_if_blocking(month_errors(month))
    candidates = session.scalars(select(Claim).where(
        (Claim.period == month) | (Claim.period == DISCHARGE_PERIOD)).order_by(Claim.id))
    groups: dict[tuple[int, str], list[Claim]] = defaultdict(list)
    for claim in candidates:
        if month_of(claim) == month:
            groups[(claim.case_id, claim.period)].append(claim)
    cases = {c.id: c for c in session.scalars(select(RehabCase).where(
        RehabCase.id.in_({case_id for case_id, _ in groups})))}
    rows: list[dict[str, Any]] = []
    drafts: list[dict[str, Any]] = []
    for (case_id, _period), versions in groups.items():
        versions.sort(key=lambda c: c.version_no)
        case = cases[case_id]
        frozen = [v for v in versions if claim_states.is_frozen(v.status)]
        for draft in (v for v in versions if v.status == ClaimStatus.DRAFT):
            note = (f"更正草稿，未确认；本表按已确认的第 {frozen[-1].version_no} 版计" if frozen
                    else "草稿，未确认，未纳入")
            drafts.append({"case_id": case_id, "case_number": case.case_number,
                           "patient_name": case.worker.name, "period": draft.period,
                           "period_label": _period_label(draft), "claim_id": draft.id,
                           "version_no": draft.version_no, "note": note})
        if not frozen:
            continue
        by_category = {c: ZERO for c in FEE_CATEGORIES}
        by_payer = {p: ZERO for p in COVERAGE_CLASSES}
        total, lines = ZERO, 0
        for version in frozen:
            totals: dict[str, Any] = dict(version.totals or {})
            for key, amount in (totals.get("by_category") or {}).items():
                by_category[key] = by_category.get(key, ZERO) + _money(amount)
            for key, amount in (totals.get("by_payer") or {}).items():
                by_payer[key] = by_payer.get(key, ZERO) + _money(amount)
            total += _money(totals.get("total"))
            lines += int(totals.get("line_count") or 0)
        latest = frozen[-1]
        rows.append({"case_id": case_id, "case_number": case.case_number,
                     "patient_name": case.worker.name, "period": latest.period,
                     "period_label": _period_label(latest), "claim_id": latest.id,
                     "version_no": latest.version_no, "claim_ids": [v.id for v in frozen],
                     "frozen_sha256": [v.frozen_sha256 for v in frozen], "line_count": lines,
                     "by_category": by_category, "by_payer": by_payer, "total": total})
    rows.sort(key=lambda r: (r["case_number"], r["period"]))
    drafts.sort(key=lambda d: (d["case_number"], d["period"], d["version_no"]))
    month_category = {c: sum((r["by_category"].get(c, ZERO) for r in rows), ZERO) for c in FEE_CATEGORIES}
    month_payer = {p: sum((r["by_payer"].get(p, ZERO) for r in rows), ZERO) for p in COVERAGE_CLASSES}
    return {"format": SUMMARY_FORMAT, "month": month,
            "institution": document_view.institution(session).name,
            "claims": rows, "drafts": drafts,
            "totals": {"claims": len(rows), "line_count": sum(r["line_count"] for r in rows),
                       "by_category": month_category, "by_payer": month_payer,
                       "total": sum((r["total"] for r in rows), ZERO)}}


def versions(session: Session, month: str) -> list[MonthlySummary]:
    return list(session.scalars(select(MonthlySummary).where(MonthlySummary.month == month)
                                .order_by(MonthlySummary.version_no)))


def get_summary(session: Session, summary_id: int) -> MonthlySummary:
    row = session.get(MonthlySummary, summary_id)
    if row is None:
        raise NotFound(f"找不到申报汇总表 #{summary_id}。", f"Monthly summary #{summary_id} not found.")
    return row


@use_case(Action.CLAIM_SUMMARY)
def summarise_month(uow: UnitOfWork, month: str) -> int:
    """The month's summary as a stored version; returns its id. The latest version again
    when nothing changed since, else version n+1 (never an edit). Serialised per month: a
    second summariser waits, then finds the first one's version."""
    raise_if_blocking(month_errors(month))
    lock_month(uow, month)
    session = uow.session
    content = canonical_bytes(summary_content(session, month))
    sha = sha256_hex(content)
    earlier = versions(session, month)
    if earlier and earlier[-1].content_sha256 == sha:
        return earlier[-1].id
    seq, head = chain_head(session)
    row = MonthlySummary(month=month, version_no=(earlier[-1].version_no + 1) if earlier else 1,
                         content_sha256=sha, content=content.decode("utf-8"), anchor_seq=seq,
                         anchor_hash=head, record_state="final", created_at=uow.clock.now(),
                         created_by_id=uow.actor_id)
    session.add(row)
    session.flush()
    return row.id


def sign_offs(session: Session, summary_id: int) -> dict[str, tuple[int, int | None, str, datetime]]:
    """Role (经办人/审核人) → (signature id, staff id, name, time) of the summary's sign-offs."""
    found = {}
    for signature in signing.signatures_of(session, RECORD_TYPE, summary_id):
        role = ROLE_OF_MEANING.get(signature.meaning)  # type: ignore[call-overload]
        if role is not None and role not in found:
            found[role] = (signature.id, signature.staff_user_id, signature.signer_name, signature.signed_at)
    return found


@use_case(Action.CLAIM_SUMMARY_SIGN)
def sign_summary(uow: UnitOfWork, summary_id: int, password: str) -> int:
    """Sign the summary off as the signed-in user (经办人 or 审核人, see the module's
    docstring), re-entering the password; returns the signature id."""
    session = uow.session
    row = get_summary(session, summary_id)
    latest = versions(session, row.month)[-1]
    if latest.id != row.id:
        raise UserError(f"{row.month} 的申报汇总表已有更新的第 {latest.version_no} 版，请签署新版本。",
                        f"The {row.month} summary has a newer version {latest.version_no}; sign that one.")
    actor = session.get(StaffUser, uow.actor_id) if uow.actor_id is not None else None
    assert actor is not None  # authorised: somebody is signed in
    done = sign_offs(session, row.id)
    if any(staff_id == actor.id for _, staff_id, _, _ in done.values()):
        raise_if_blocking([FieldError(
            "签名人", "同一人不能既签经办人又签审核人：请由另一位人员（管理员或另一位病案/结算经办人）签署",
            "The same person cannot sign twice: the records officer and the reviewer must be "
            "different people", key="signer")])
    if actor.role == Role.RECORDS_OFFICER and PREPARER not in done:
        meaning = Meaning.SUMMARY_PREPARES
    else:
        meaning = Meaning.SUMMARY_REVIEWS
    if ROLE_OF_MEANING[meaning] in done:
        raise UserError(f"{row.month} 申报汇总表第 {row.version_no} 版的{ROLE_OF_MEANING[meaning]}已签署。",
                        f"The {'reviewer' if meaning == Meaning.SUMMARY_REVIEWS else 'records officer'} "
                        "has signed this summary already.")
    if not accounts.check_password(session, actor.id, password or ""):
        signing.audit_wrong_password(uow, [(RECORD_TYPE, row.id)], meaning, None)
        raise_if_blocking([signing.WRONG_PASSWORD])
    signature = signing.write_signature(uow, [(RECORD_TYPE, row.id)], meaning, signing.Signer(
        SignerKind.STAFF, staff_user_id=actor.id, password=password))
    return signature.id


# ----------------------------------------------------------------------------- the files


def _decimal_map(values: dict[str, Any]) -> dict[str, Decimal]:
    return {k: _money(v) for k, v in values.items()}


def document_data(session: Session, row: MonthlySummary) -> MonthlySummaryData:
    """The PDF's input: the stored content (never recomputed) and the sign-offs so far."""
    content = json.loads(row.content)
    totals = content["totals"]
    made_by = session.get(StaffUser, row.created_by_id) if row.created_by_id else None
    done = sign_offs(session, row.id)
    marks = [SignOff(role, done[role][2], done[role][3], done[role][0]) if role in done else SignOff(role)
             for role in (PREPARER, REVIEWER)]
    payers = [p for p in COVERAGE_CLASSES]
    return MonthlySummaryData(
        row.month, row.version_no, row.created_at, made_by.display_name if made_by else "",
        row.content_sha256, tuple(FEE_CATEGORIES), tuple(payers),
        tuple(SummaryRow(r["case_number"], r["patient_name"], r["period_label"], r["version_no"],
                         r["claim_id"], r["line_count"], _decimal_map(r["by_category"]),
                         _decimal_map(r["by_payer"]), _money(r["total"])) for r in content["claims"]),
        _decimal_map(totals["by_category"]), _decimal_map(totals["by_payer"]), _money(totals["total"]),
        int(totals["line_count"]),
        tuple(LeftOut(d["case_number"], d["patient_name"], d["period_label"], d["claim_id"],
                      d["version_no"], d["note"]) for d in content["drafts"]),
        tuple(marks))


CLAIM_COLUMNS = (Column("病例号", "case_number"), Column("姓名", "patient_name"),
                 Column("结算期间", "period"), Column("申报单号", "claim_id", "count"),
                 Column("版本", "version_no", "count"), Column("明细条数", "line_count", "count"))


def spreadsheet(data: MonthlySummaryData) -> bytes:
    """The summary's XLSX: one row per claim (amounts as numbers), a 本月合计 row of
    ``SUM`` formulas; a second sheet with the drafts left out."""
    from desktop_app.documents.claim_cover import CATEGORY_LABELS, PAYER_LABELS

    columns = [*CLAIM_COLUMNS,
               *[Column(CATEGORY_LABELS[c], f"category_{c}", "money") for c in data.categories],
               *[Column(PAYER_LABELS[p], f"payer_{p}", "money") for p in data.payers],
               Column("合计", "total", "money")]
    rows = [[r.case_number, r.patient_name, r.period_label, r.claim_id, r.version_no, r.line_count,
             *[r.by_category.get(c, ZERO) for c in data.categories],
             *[r.by_payer.get(p, ZERO) for p in data.payers], r.total] for r in data.rows]
    drafts = Sheet("未纳入草稿", [Column("病例号", "case_number"), Column("姓名", "patient_name"),
                                 Column("结算期间", "period"), Column("申报单号", "claim_id", "count"),
                                 Column("版本", "version_no", "count"), Column("说明", "note")],
                   [[d.case_number, d.patient_name, d.period_label, d.claim_id, d.version_no, d.note]
                    for d in data.left_out])
    return workbook([Sheet(f"申报汇总{data.month}", columns, rows, total_label="本月合计"), drafts],
                    data.made_at)


def file_stem(row: MonthlySummary) -> str:
    return f"monthly-summary-{row.month}-V{row.version_no}"


@use_case(Action.CLAIM_SUMMARY)
def export_summary(uow: UnitOfWork, summary_id: int, out_dir: Path) -> SummaryFiles:
    """Write the version's PDF/A-3b, XLSX and canonical JSON into ``out_dir`` (existing
    files of the same name are replaced: the same version gives the same content, with the
    sign-offs given since); audited as an export."""
    session = uow.session
    row = get_summary(session, summary_id)
    if not out_dir.is_dir():
        raise UserError(f"文件夹不存在：{out_dir}", f"No such folder: {out_dir}")
    data = document_data(session, row)
    built = build_monthly_summary(data, institution=document_view.institution(session),
                                  anchor=AuditAnchor(row.anchor_seq, row.anchor_hash))
    stem = file_stem(row)
    files = SummaryFiles(out_dir / f"{stem}.pdf", out_dir / f"{stem}.xlsx", out_dir / f"{stem}.json")
    write_whole(files.json, row.content.encode("utf-8"))
    write_whole(files.xlsx, spreadsheet(data))
    write_whole(files.pdf, built.pdf)
    audit.record_event(session, "export", RECORD_TYPE, row.id, details={
        "month": row.month, "version_no": row.version_no, "content_sha256": row.content_sha256,
        "pdf_sha256": sha256_hex(built.pdf), "sign_offs": [s.role for s in data.sign_offs if s.signed_at]})
    return files

