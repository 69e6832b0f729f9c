"""The archive binder: a case's whole archive as a BagIt package, for inspection or
off-site preservation.

``data/`` holds the parts in the statutory order of Luzhou Art. 21 and Beijing Art. 11
(DOMAIN.md "The archive"), each folder numbered so that a file browser shows them so:

    00_index/            康复档案目录 (PDF/A): every part below with its content hash
    01_application/      the applications with their materials checklist (applications.json),
                         application materials, recognition and approval scans; each
                         approval (PDF/A) and the approvals as records (approvals.json);
                         the rehab value assessment and treatment recommendation (PDF/A)
    02_plan/             every treatment plan version (PDF/A, signatures and the patient's)
    03_prescriptions/    the prescriptions (PDF/A) and as signed records (prescriptions.json)
    04_execution/        the execution sheet of each month (PDF/A), signed-sheet scans
    05_assessment/       one assessment and outcome report per instrument (PDF/A)
    06_claims/           the consents (consents.json); a folder per frozen claim,
                         claim-<id>-V<n>/: cover sheet and fee list beside the data files
                         they list and embed, claim_canonical.json among them
    07_other/            other attachments
    audit/               the case's audit events (events.json, events.csv) up to the anchor,
                         every hashed field, so ``tools/check_package.py`` recomputes them

Beside every PDF lies ``<doc id>.content.json``, the canonical bytes of the content
SHA-256 it prints (and the index lists). ``bag-info.txt`` carries the audit chain's head
read after the export's own events were written, so the extract ends at (or before) the
anchor it names.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    Approval,
    Attachment,
    AttachmentBlob,
    AuditEvent,
    Claim,
    LateSignatureAck,
    OutOfScopeConsent,
    Prescription,
    RetentionRecord,
    StaffUser,
)
from desktop_app.documents import bagit, package_readme
from desktop_app.documents.appraisal_summary import KIND as APPRAISAL_KIND
from desktop_app.documents.appraisal_summary import TITLE as APPRAISAL_TITLE
from desktop_app.documents.archive_list import ArchiveEntry, ArchiveListData
from desktop_app.domain import claim_states
from desktop_app.domain.canonical import plain, sha256_hex
from desktop_app.domain.identity import mask_resident_id
from desktop_app.domain.permissions import effective_state
from desktop_app.domain.signature_timing import Timing, delay_text
from desktop_app.domain.typed_text import neutral_csv_row
from desktop_app.domain.vocabulary import Action, State
from desktop_app.services.claims.claim_export import (
    PackageResult,
    PdfSigner,
    claim_files,
    package_info,
    pdf_payload,
    signature_info,
    write_bag,
)
from desktop_app.services.claims.claim_view import claim_view
from desktop_app.services.clinical import appraisal_summary, expert_view
from desktop_app.services.core import audit_chain
from desktop_app.services.core.lookup import get_case, superseded
from desktop_app.services.core.progress import COMMITTING, Progress, no_progress
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.intake.application_view import case_applications
from desktop_app.services.integrity import signature_timing, signing
from desktop_app.services.records import document_view
from desktop_app.services.records.case_documents import BINDER_KINDS, SECTIONS, case_documents
from desktop_app.services.records.issued_documents import IssuedPdf, Source, issue

FOLDERS = {"申请材料与核准": "01_application", "康复治疗方案": "02_plan", "康复治疗处方": "03_prescriptions",
           "康复执行记录": "04_execution", "康复评估": "05_assessment", "费用与结算": "06_claims",
           "其他": "07_other"}
ATTACHMENT_SECTION = {"application_material": "申请材料与核准", "approval_decision": "申请材料与核准",
                      "recognition_decision": "申请材料与核准", "identity_document": "申请材料与核准",
                      "signed_sheet_scan": "康复执行记录", "signed_consent_scan": "费用与结算",
                      "expert_evaluation": "申请材料与核准", "device_document": "康复执行记录"}  # issue 19
ARCHIVE_STEPS = 6
AUDIT_COLUMNS = ("id", "chain_seq", "occurred_at", "actor_id", "actor", "action", "record_type",
                 "record_id", "case_id", "details", "row_sha256", "prev_hash", "hash")


@dataclass
class _Binder:
    """What the export collects: payload files and the entries of the archive list."""

    payload: dict[str, bytes]
    entries: list[ArchiveEntry]
    documents: list[IssuedPdf]
    case_state: str  # a record of an archived or sealed case counts as archived or sealed

    def state(self, record_state: str) -> str:
        return effective_state(record_state, self.case_state)

    def pdf(self, section: str, doc: IssuedPdf, title: str, sign: PdfSigner | None, sub: str = "") -> None:
        """A document (and its canonical content beside it) in the section's folder, or in
        ``sub`` within it (a claim's own folder: its cover beside the files it lists)."""
        self.payload.update(pdf_payload([("/".join(filter(None, (FOLDERS[section], sub))), doc)], sign))
        self.documents.append(doc)
        self.entries.append(ArchiveEntry(section, title, doc.doc_id,
                                         doc.issued_at.astimezone(CHINA).date().isoformat(),
                                         self.state(State.SIGNED), doc.content_sha256))

    def file(self, section: str, name: str, content: bytes, title: str, reference: str,
             dated: str, state: str = State.SIGNED) -> None:
        self.payload[f"{FOLDERS[section]}/{name}"] = content  # name may hold a sub-folder
        self.entries.append(ArchiveEntry(section, title, reference, dated, self.state(state),
                                         sha256_hex(content)))


def _safe(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE).strip("._")
    return cleaned or "file"


def _current(session: Session, model: Any, record_type: str, case_id: int) -> list[Any]:
    """The case's records of a type, corrected versions in place of the ones they replace."""
    return list(session.scalars(select(model).where(
        model.case_id == case_id, model.id.not_in(superseded(record_type))).order_by(model.id)))


def _records(session: Session, record_type: str, rows: list[Any]) -> bytes:
    """Signed records as JSON: their content, its hash and the signatures on them."""
    by_record = document_view.signatures_by_record(session, record_type, [r.id for r in rows])
    timed = {(t.signature_id, t.record_id): t
             for t in signature_timing.timings(session, [(record_type, r.id) for r in rows])}
    out = [{"record_type": record_type, "id": r.id, "state": r.record_state,
            "content_sha256": signing.record_hash(session, record_type, r.id),
            "content": signing.record_content(session, record_type, r.id),
            "signatures": [{"signer": s.signer_name, "signer_kind": s.signer_kind, "meaning": s.meaning,
                            "method": s.method, "signed_at": s.signed_at,
                            "content_sha256": s.content_sha256,
                            "scan_attachment_id": s.attachment_id,
                            **_timing(timed.get((s.id, r.id)))} for s in by_record[r.id]]}
           for r in rows]
    return (json.dumps(plain(out), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _timing(timing: Timing | None) -> dict[str, object]:
    """签署时效 of one signature on one record, as the binder records it."""
    if timing is None:
        return {}
    return {"timing": {"event_day": timing.event.day, "delay_days": timing.delay_days,
                       "limit_days": timing.limit_days, "late": timing.late,
                       "after_discharge": timing.after_discharge, "zh": delay_text(timing)[0]}}


def _late_acknowledgements(session: Session, case_id: int, binder: _Binder) -> None:
    """The records officer's acknowledgements of late signatures, beside the claims."""
    rows = list(session.scalars(select(LateSignatureAck).where(LateSignatureAck.case_id == case_id)
                                .order_by(LateSignatureAck.id)))
    if rows:
        out = [{"id": a.id, "signature_id": a.signature_id, "record_type": a.record_type,
                "record_id": a.record_id, "delay_days": a.delay_days,
                "after_discharge": a.after_discharge, "reason": a.reason,
                "acknowledged_at": a.created_at, "acknowledged_by_id": a.created_by_id} for a in rows]
        content = (json.dumps(plain(out), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
        binder.file("费用与结算", "late_signature_acknowledgements.json", content,
                    f"签署时效确认（{len(rows)} 项）", "late_signature_ack",
                    max(a.created_at for a in rows).astimezone(CHINA).date().isoformat())


def audit_extract(session: Session, case_id: int, up_to: int | None = None) -> tuple[bytes, bytes]:
    """The case's audit events (JSON, CSV with a BOM), oldest first. Each JSON entry holds
    ``event``, exactly what the chain hashes (``audit_chain.event_payload``) in canonical
    plain form, beside ``chain_seq``, ``prev_hash`` and ``hash``, so each hash recomputes
    from the file alone (``tools/check_package.py``); ``actor`` (the name) is for reading."""
    names = {int(i): str(n) for i, n in session.execute(select(StaffUser.id, StaffUser.display_name))}
    chained = AuditEvent.chain_seq.is_not(None) if up_to is None else AuditEvent.chain_seq <= up_to
    rows = [{"chain_seq": e.chain_seq, "prev_hash": e.prev_hash, "hash": e.hash,
             "actor": names.get(e.actor_id or 0, "") if e.actor_id else "",
             "event": audit_chain.event_payload(e)}
            for e in session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id, chained)
                                     .order_by(AuditEvent.chain_seq))]
    rows = plain(rows)
    as_json = json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(AUDIT_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        event = row["event"]
        writer.writerow(neutral_csv_row({
            **{k: v for k, v in row.items() if k != "event"}, **event, "row_sha256": event.get("row_sha256"),
            "details": json.dumps(event["details"], ensure_ascii=False, sort_keys=True)}))
    return as_json.encode("utf-8"), ("\ufeff" + text.getvalue()).encode("utf-8")


@use_case(Action.ARCHIVE_EXPORT, case="case_id", commits=False)  # commits in steps, see below
def export_archive(uow: UnitOfWork, case_id: int, out_dir: Path, *,
                   sign: PdfSigner | None = None, progress: Progress = no_progress) -> PackageResult:
    """Issue every document of the case, collect its records, attachments and audit
    extract, and write the binder as a folder and a zip. ``progress`` reports each part
    (``ARCHIVE_STEPS`` in all) and may stop the work until ``COMMITTING``."""
    session = uow.session
    case = get_case(session, case_id)
    binder = _Binder({}, [], [], case.record_state)
    progress("archive", 0, ARCHIVE_STEPS)
    _application(session, case.id, binder)
    # approvals, value assessment, prescriptions, transfer summaries as PDFs
    for item in case_documents(uow, case.id, BINDER_KINDS):
        binder.pdf(SECTIONS[item.kind], item.doc, item.title, sign)
    progress("archive", 1, ARCHIVE_STEPS)
    for plan_id in document_view.plans_of(session, case.id):
        data = document_view.plan_data(session, plan_id)
        binder.pdf("康复治疗方案", issue(uow, "plan", data, Source(case.id, "treatment_plan", plan_id)),
                   f"康复治疗方案（第 {data.version_no} 版）", sign)
    progress("archive", 2, ARCHIVE_STEPS)
    prescriptions = _current(session, Prescription, "prescription", case.id)
    if prescriptions:
        binder.file("康复治疗处方", "prescriptions.json", _records(session, "prescription", prescriptions),
                    f"康复治疗处方记录（{len(prescriptions)} 张）", "prescriptions.json",
                    max(p.prescribed_on for p in prescriptions).isoformat(),
                    State.SIGNED if all(p.record_state != State.DRAFT for p in prescriptions)
                    else State.DRAFT)
    for month in document_view.months_of(session, case.id):
        sheet = document_view.execution_sheet_data(session, case.id, _month(month), month)
        if sheet.rows:
            binder.pdf("康复执行记录", issue(uow, "execution_sheet", sheet,
                                          Source(case.id, "rehab_case", case.id, month)),
                       f"康复执行单 {month}", sign)
    progress("archive", 3, ARCHIVE_STEPS)
    for report in document_view.assessment_reports(session, case.id):
        binder.pdf("康复评估", issue(uow, "assessment", report,
                                      Source(case.id, "rehab_case", case.id, report.instrument_code)),
                   f"康复评估与效果评定报告（{report.instrument_name}）", sign)
    summary = appraisal_summary.binder_data(session, case.id)  # 先康复后鉴定 (issue 19), once concluded
    if summary is not None:
        binder.pdf("康复评估", issue(uow, APPRAISAL_KIND, summary,
                                      Source(case.id, "rehab_case", case.id, APPRAISAL_KIND)),
                   APPRAISAL_TITLE, sign)
    progress("archive", 4, ARCHIVE_STEPS)
    _claims(uow, case.id, binder, sign)
    _consents(session, case.id, binder)
    _late_acknowledgements(session, case.id, binder)
    for extra in expert_view.binder_files(session, case.id):  # issue 19: evaluations, devices
        binder.file(extra.section, extra.name, extra.content, extra.title, extra.reference, extra.dated)
    progress("archive", 5, ARCHIVE_STEPS)
    _attachments(session, case.id, binder, others=True)
    index = ArchiveListData(document_view.case_header(session, case), tuple(binder.entries),
                            max((d.issued_at for d in binder.documents), default=case.created_at),
                            _retention_text(session, case.id))
    index_doc = issue(uow, "archive_list", _masked(index), Source(case.id, "rehab_case", case.id, "index"))
    binder.payload.update(pdf_payload([("00_index", index_doc)], sign))
    binder.documents.insert(0, index_doc)
    progress(COMMITTING, ARCHIVE_STEPS, ARCHIVE_STEPS)
    uow.commit()  # the export events are written (and chained) before the extract is read
    seq, head = audit_chain.chain_head(session)  # events not chained yet are after the anchor
    events_json, events_csv = audit_extract(session, case.id, seq)
    binder.payload["audit/events.json"] = events_json
    binder.payload["audit/events.csv"] = events_csv
    name = f"archive-{case.case_number}-{seq}"
    info = package_info(document_view.institution(session).name, name,
                        f"工伤康复档案 {case.case_number} / work-injury rehabilitation archive",
                        uow.clock.today(), (seq, head),
                        [("Case-Number", case.case_number), ("Documents", str(len(binder.documents))),
                         ("Index-SHA256", f"{index_doc.doc_id} {index_doc.content_sha256}"),
                         *signature_info(sign)])
    tags = package_readme.tag_files(f"工伤康复档案 {case.case_number} / work-injury rehabilitation "
                                    f"archive {case.case_number}", binder.payload,
                                    signed=sign is not None)
    bag = bagit.make_bag(binder.payload, info, tags, sign_tags=sign.detached if sign else None)
    folder, zipped = write_bag(bag, out_dir, name)
    return PackageResult(name, folder, zipped, tuple(binder.documents), (), seq, head, sign is not None)


def _month(month: str) -> tuple[Any, Any]:
    from calendar import monthrange
    from datetime import date

    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, 1), date(year, number, monthrange(year, number)[1])


def _masked(index: ArchiveListData) -> ArchiveListData:
    from dataclasses import replace

    return replace(index, case=replace(index.case, resident_id=mask_resident_id(index.case.resident_id)))


def _retention_text(session: Session, case_id: int) -> str:
    record = session.scalars(select(RetentionRecord).where(
        RetentionRecord.record_type == "rehab_case", RetentionRecord.record_id == case_id)).first()
    if record is None:
        return "保管期限：出院归档后自出院之日起不少于 30 年"
    return f"保管期限：自 {record.retention_start} 起，保管至 {record.retain_until}"


def _application(session: Session, case_id: int, binder: _Binder) -> None:
    approvals = list(session.scalars(select(Approval).where(Approval.case_id == case_id)
                                     .order_by(Approval.decision_date, Approval.id)))
    if approvals:
        binder.file("申请材料与核准", "approvals.json", _records(session, "approval", approvals),
                    f"工伤康复核准（确认）结论记录（{len(approvals)} 份）", "approvals.json",
                    approvals[-1].decision_date.isoformat(),
                    State.SIGNED if all(a.record_state != State.DRAFT for a in approvals) else State.DRAFT)
    _applications(session, case_id, binder)
    _attachments(session, case_id, binder, others=False)


def _applications(session: Session, case_id: int, binder: _Binder) -> None:
    """The rehab applications (issue 19) with their materials checklist as marked: each item
    attached (the scan is in the binder beside it) or not applicable with the reason."""
    rows = case_applications(session, case_id)
    if not rows:
        return
    out = [{"id": a.id, "submitted_on": a.submitted_on, "accepted_on": a.accepted_on,
            "applicant": a.applicant, "applicant_zh": a.applicant_zh, "submitted_to": a.submitted_to,
            "pack_code": a.pack_code, "note": a.note, "answered_by_approval_id":
            a.answered_by[0] if a.answered_by else None,
            "checklist": [{"item": i.code, "item_zh": i.zh, "basis_zh": i.basis_zh, "status": i.status,
                           "attachment_id": i.attachment_id, "attachment_name": i.attachment_name,
                           "reason": i.reason} for i in a.checklist]} for a in rows]
    content = (json.dumps(plain(out), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    binder.file("申请材料与核准", "applications.json", content,
                f"康复申请及申请材料清单（{len(rows)} 份）", "applications.json",
                rows[-1].submitted_on.isoformat())


def _attachments(session: Session, case_id: int, binder: _Binder, *, others: bool) -> None:
    rows = session.execute(select(Attachment, AttachmentBlob.content).join(
        AttachmentBlob, AttachmentBlob.sha256 == Attachment.sha256).where(Attachment.case_id == case_id)
        .order_by(Attachment.id)).all()
    for attachment, content in rows:
        section = ATTACHMENT_SECTION.get(attachment.kind, "其他")
        if (section == "其他") != others or content is None:
            continue
        binder.file(section, f"attachment-{attachment.id}-{_safe(attachment.filename)}", content,
                    attachment.description or attachment.filename, f"attachment #{attachment.id}",
                    attachment.created_at.astimezone(CHINA).date().isoformat())


def _consents(session: Session, case_id: int, binder: _Binder) -> None:
    """The out-of-scope consents (self-paid items) with their signatures, beside the claims."""
    consents = _current(session, OutOfScopeConsent, "out_of_scope_consent", case_id)
    if consents:
        binder.file("费用与结算", "consents.json", _records(session, "out_of_scope_consent", consents),
                    f"目录外项目知情同意书（{len(consents)} 份）", "consents.json",
                    max(c.signed_on for c in consents).isoformat(),
                    State.SIGNED if all(c.record_state != State.DRAFT for c in consents) else State.DRAFT)


def _claims(uow: UnitOfWork, case_id: int, binder: _Binder, sign: PdfSigner | None) -> None:
    session = uow.session
    for claim in session.scalars(select(Claim).where(Claim.case_id == case_id,
                                                     Claim.status.in_(claim_states.FROZEN))
                                 .order_by(Claim.period, Claim.version_no)):
        view = claim_view(session, claim.id)
        files = claim_files(session, view)
        docs = document_view.claim_documents(view)
        source = Source(case_id, "claim", claim.id, claim.period)
        embedded = [f.embedded() for f in files]
        label = f"{document_view.claim_period_label(view)} 第 {view.version_no} 版"
        own = f"claim-{claim.id}-V{claim.version_no}"  # the cover beside the files it lists
        binder.pdf("费用与结算", issue(uow, "claim_cover", docs.cover, source, embedded),
                   f"结算申报表 {label}", sign, own)
        binder.pdf("费用与结算", issue(uow, "fee_list", docs.fee_list, source, embedded),
                   f"费用清单 {label}", sign, own)
        for f in files:
            binder.file("费用与结算", f"{own}/{f.name}", f.data,
                        f"结算数据 {f.name} {label}", f"claim #{claim.id}",
                        (view.frozen_at or view.created_at).astimezone(CHINA).date().isoformat(),
                        State.SIGNED)
