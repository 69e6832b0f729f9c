"""Exporting a frozen claim as a BagIt package (folder and zip) for the agency.

The package holds the claim cover sheet and the fee list (PDF/A-3b, the data files
embedded in both), the execution sheet of the claim's window, the treatment plan(s), the
documents the case's rules ask for besides (``PolicyPack.claim_documents``: in Luzhou,
Art. 30, the approvals, the rehab value assessment and the prescriptions), and the region
adapter's data files (``documents/data_files``). ``bag-info.txt``
carries the audit anchor stored with the cover sheet.

Refused unless the claim is final (or exported already), and unless the completeness
gate passes for the claim's window as the archive stands now: the package carries the
window's execution sheet, so every session in it, billed by this claim or charged since,
must be signed by the patient (Luzhou Art. 21, Beijing Art. 11).
"""

from __future__ import annotations

import errno
import io
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pikepdf
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app import __version__
from desktop_app.clock import CHINA
from desktop_app.db.models import Claim, FeeLine, RehabCase, TreatmentSession
from desktop_app.documents import bagit, package_readme
from desktop_app.documents.claim_cover import build_claim_cover
from desktop_app.documents.data_files import DataFile, adapter, canonical_file
from desktop_app.documents.fee_list import build_fee_list
from desktop_app.documents.identity import CONTENT_LABEL, CONTENT_SUFFIX, AuditAnchor
from desktop_app.documents.page import DRAFT_WATERMARK
from desktop_app.documents.signer import PdfSigner
from desktop_app.domain import claim_states
from desktop_app.domain.claim_data import ClaimView
from desktop_app.domain.claim_states import ClaimMove
from desktop_app.domain.rules.packs import CLAIM_DOCUMENT_KINDS
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import EnvironmentProblem, UserError
from desktop_app.services.claims import claim_gate, claims
from desktop_app.services.claims.claim_view import claim_view
from desktop_app.services.core.audit_chain import chain_head
from desktop_app.services.core.lookup import superseded
from desktop_app.services.core.progress import COMMITTING, Progress, no_progress
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records import document_view
from desktop_app.services.records.case_documents import case_documents
from desktop_app.services.records.issued_documents import IssuedPdf, Source, issue
from desktop_app.services.rules.region import case_pack


@dataclass(frozen=True)
class PackageResult:
    name: str
    folder: Path
    zip_path: Path
    documents: tuple[IssuedPdf, ...]
    data_files: tuple[str, ...]
    anchor_seq: int
    anchor_hash: str
    signed: bool


def export_gate(session: Session, claim: Claim, case: RehabCase,
                window: tuple[date, date]) -> claim_gate.GateReport:
    """The gate for the claim's lines and every other session of its window."""
    lines = [ln for ln in claims.lines_of(session, claim.id) if ln.reverses_id is None and ln.quantity > 0]
    if claim.period != claim_gate.DISCHARGE:
        lines += claim_gate.candidate_lines(session, case.id, claim.period, window)
    charged = select(FeeLine.session_id).where(FeeLine.session_id.is_not(None))
    uncharged = list(session.scalars(select(TreatmentSession).where(
        TreatmentSession.case_id == case.id, TreatmentSession.session_date.between(*window),
        TreatmentSession.id.not_in(charged), TreatmentSession.id.not_in(superseded("treatment_session")))))
    return claim_gate.check(session, case, claim.period, window, lines, uncharged)


def package_info(institution: str, name: str, description: str, bagged: date,
                 anchor: tuple[int, str], extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("Source-Organization", institution), ("External-Identifier", name),
            ("External-Description", description), ("Bagging-Date", bagged.isoformat()),
            ("Bag-Software-Agent", f"rehab-archive {__version__}"),
            ("Audit-Anchor-Seq", str(anchor[0])), ("Audit-Anchor-Hash", anchor[1]),
            (CONTENT_LABEL, f"<doc id>{CONTENT_SUFFIX} beside each PDF"), *extra]


def pdf_payload(documents: list[tuple[str, IssuedPdf]], sign: PdfSigner | None) -> dict[str, bytes]:
    """Folder/file name → PDF bytes (signed by the officer when ``sign`` is given), each
    with its canonical content beside it (``<doc id>.content.json``: ``sha256sum`` of it is
    the SHA-256 the PDF prints)."""
    payload: dict[str, bytes] = {}
    for folder, doc in documents:
        payload[f"{folder}/{doc.filename}"] = sign(doc.pdf) if sign else doc.pdf
        payload[f"{folder}/{doc.content_filename}"] = doc.content
    return payload


def claim_files(session: Session, view: ClaimView, region: str = "national") -> list[DataFile]:
    """The region's data files of a frozen claim and its canonical record."""
    return [*adapter(region).files(view), canonical_file(claims.frozen_canonical(session, view.claim_id))]


def signature_info(sign: PdfSigner | None) -> list[tuple[str, str]]:
    """The bag-info lines of a signed package: who signed, and where the signature is."""
    if sign is None:
        return []
    return [("Signed-By", sign.subject),
            ("Signature", f"{bagit.TAG_SIGNATURE} (CMS, detached, over {bagit.TAG_MANIFEST})")]


def write_bag(bag: dict[str, bytes], out_dir: Path, name: str) -> tuple[Path, Path]:
    """The package as a folder and a zip; an existing one is refused, a disk problem reported."""
    try:
        return bagit.write_package(bag, out_dir, name)
    except FileExistsError as exc:
        raise UserError(f"导出位置已存在同名包：{exc}",
                        f"A package of that name exists already: {exc}") from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise EnvironmentProblem(
                f"磁盘已满，导出包 {name} 未写成，未完成的文件已删除；请腾出空间或换一个位置后重试。",
                f"The disk is full: the package {name} was not written and its unfinished files "
                "were removed. Free some space or choose another place, then try again.") from exc
        raise EnvironmentProblem(f"无法写入导出文件（未完成的文件已删除）：{exc}",
                                 f"Cannot write the export (its unfinished files were removed): "
                                 f"{exc}") from exc


def _final_claim(uow: UnitOfWork, claim_id: int) -> tuple[Claim, RehabCase]:
    """The claim and its case, once the officer may export it and it is frozen."""
    claim = claims.get_claim(uow.session, claim_id)
    case = uow.session.get(RehabCase, claim.case_id)
    assert case is not None
    if not claim_states.allowed(ClaimMove.EXPORT, claim.status):
        raise UserError(f"结算申报 #{claim.id} 尚未确认，不能导出。",
                        f"Claim #{claim.id} is still a draft; finalize it before export.")
    return claim, case


def _claim_pdfs(uow: UnitOfWork, view: ClaimView,
                region: str) -> tuple[list[DataFile], IssuedPdf, IssuedPdf]:
    """The region's data files, and the cover sheet and fee list issued with them inside."""
    files = claim_files(uow.session, view, region)
    embedded = [f.embedded() for f in files]
    docs = document_view.claim_documents(view)
    source = Source(view.case_id, "claim", view.claim_id, view.period)
    return (files, issue(uow, "claim_cover", docs.cover, source, embedded),
            issue(uow, "fee_list", docs.fee_list, source, embedded))


@use_case(Action.CLAIM_EXPORT, authorize_with=claims.on_claims_case(Action.CLAIM_EXPORT),
          commits=False)  # commits the issued documents itself, then builds the viewing copy
def preview_claim(uow: UnitOfWork, claim_id: int, *, region: str = "national",
                  progress: Progress = no_progress) -> bytes:
    """The cover sheet and the fee list of a claim in one PDF, to look at.

    A frozen claim's are issued as the export issues them (the first issue stores the anchor
    and is audited), so what the officer sees is what the package will carry, byte for
    byte; the combined file itself is only a viewing copy. A draft's are only rendered
    (``draft_preview``): watermarked on every page, titled as a draft, never issued,
    stored or signed, and nothing is written."""
    claim = claims.get_claim(uow.session, claim_id)
    if not claim_states.is_frozen(claim.status):
        return draft_preview(uow, claim_id, progress)
    _final_claim(uow, claim_id)
    progress("documents", 0, 2)
    _files, cover, fee_list = _claim_pdfs(uow, claim_view(uow.session, claim_id), region)
    uow.commit()
    progress("documents", 2, 2)
    return combine([cover.pdf, fee_list.pdf])


def combine(pdfs: list[bytes]) -> bytes:
    """The PDFs' pages in one viewing copy."""
    parts = [pikepdf.open(io.BytesIO(pdf)) for pdf in pdfs]
    combined = pikepdf.new()
    for part in parts:
        combined.pages.extend(part.pages)
    out = io.BytesIO()
    combined.save(out)  # the parts stay open until their pages are written
    for part in (*parts, combined):
        part.close()
    return out.getvalue()


def draft_preview(uow: UnitOfWork, claim_id: int, progress: Progress = no_progress) -> bytes:
    """A draft's cover sheet and fee list as they would print if it were frozen now, each
    page under the diagonal ``DRAFT_WATERMARK`` and titled as a draft (document ids
    ``DRAFT-…``, so no file name can pass for a final document). Built from the archive
    as it stands, with the current audit head printed; no ``issued_document`` row, no audit
    event, no signature: a draft is not evidence."""
    session = uow.session
    view = claim_view(session, claim_id)
    docs = document_view.claim_documents(view, draft_at=uow.clock.now())
    printed = document_view.institution(session)
    anchor = AuditAnchor(*chain_head(session))
    draft_cover = replace(docs.cover, frozen_sha256="")
    progress("documents", 0, 2)
    cover = build_claim_cover(draft_cover, institution=printed, anchor=anchor,
                              watermark=DRAFT_WATERMARK)
    progress("documents", 1, 2)
    fee_list = build_fee_list(docs.fee_list, institution=printed, anchor=anchor,
                              watermark=DRAFT_WATERMARK)
    progress("documents", 2, 2)
    return combine([cover.pdf, fee_list.pdf])


@use_case(Action.CLAIM_EXPORT, authorize_with=claims.on_claims_case(Action.CLAIM_EXPORT),
          commits=False)  # nothing is committed unless the package was written
def export_claim(uow: UnitOfWork, claim_id: int, out_dir: Path, *, region: str = "national",
                 sign: PdfSigner | None = None, progress: Progress = no_progress) -> PackageResult:
    """Issue the claim's documents and data files and write the package; marks the claim
    exported. Nothing is committed unless the package was written. ``progress`` may stop
    the work until it reports ``COMMITTING`` (the package is then written and committed)."""
    session = uow.session
    progress("gate", 0, 0)
    claim, case = _final_claim(uow, claim_id)
    view = claim_view(session, claim.id)
    window = (view.window_from, view.window_to)
    report = export_gate(session, claim, case, window)
    if not report.ok:
        raise claim_gate.ClaimBlocked(report)
    files, cover, fee_list = _claim_pdfs(uow, view, region)
    sheet = issue(uow, "execution_sheet", document_view.execution_sheet_data(
        session, case.id, window, document_view.claim_period_label(view)),
        Source(case.id, "rehab_case", case.id, claim.period))
    plan_ids = document_view.plans_of(session, case.id)
    progress("documents", 3, 3 + len(plan_ids))
    plans = []
    for plan_id in plan_ids:
        plans.append(issue(uow, "plan", document_view.plan_data(session, plan_id),
                           Source(case.id, "treatment_plan", plan_id)))
        progress("documents", 3 + len(plans), 3 + len(plan_ids))
    # What the case's rules ask for besides (Luzhou Art. 30: 确认结论书, 康复价值评估报告…).
    asked = case_pack(session, case).claim_documents
    kinds = [k for k in CLAIM_DOCUMENT_KINDS if k in asked]
    extra = [item.doc for item in case_documents(uow, case.id, kinds)]
    name = f"claim-{case.case_number}-{claim.id}-V{claim.version_no}"
    documents = [cover, fee_list, sheet, *plans, *extra]
    payload: dict[str, bytes] = {}
    for done, doc in enumerate(documents, 1):
        payload.update(pdf_payload([("documents", doc)], sign))
        if sign:
            progress("signing", done, len(documents))
    payload.update({f"data_files/{f.name}": f.data for f in files})
    info = package_info(
        document_view.institution(session).name, name,
        f"工伤康复费用结算申报 {case.case_number} {view.period} 第{view.version_no}版 / "
        "work-injury rehabilitation claim", cover.first_issued_at.astimezone(CHINA).date(),
        (cover.anchor.seq, cover.anchor.head_hash),
        [("Claim-Id", str(claim.id)), ("Claim-Frozen-SHA256", view.frozen_sha256 or ""),
         ("Claim-Total", f"{view.totals.total:f}"), ("Data-Format", region),
         ("Document-SHA256", f"{cover.doc_id} {cover.content_sha256}"), *signature_info(sign)])
    progress(COMMITTING, 0, 0)
    tags = package_readme.tag_files(f"工伤康复费用结算申报 {case.case_number} {view.period} / work-injury "
                                    "rehabilitation claim", payload, signed=sign is not None)
    bag = bagit.make_bag(payload, info, tags, sign_tags=sign.detached if sign else None)
    folder, zipped = write_bag(bag, out_dir, name)
    claims.mark_exported(uow, claim.id)  # commits the issued documents and their audit events
    return PackageResult(name, folder, zipped, tuple(documents),
                         tuple(f.name for f in files), cover.anchor.seq, cover.anchor.head_hash,
                         sign is not None)
