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
from datetime import date, datetime
from pathlib import Path

import pikepdf
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app import __version__
from desktop_app.clock import CHINA, Clock
from desktop_app.db.models import Claim, IssuedDocument, RehabCase, TreatmentSession
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
from desktop_app.services.claims import claim_gate, claims, gate_memo
from desktop_app.services.claims.claim_view import claim_view
from desktop_app.services.core import read_memo
from desktop_app.services.core.audit_chain import chain_head
from desktop_app.services.core.lookup import superseded, uncharged
from desktop_app.services.core.progress import COMMITTING, Progress, no_progress
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records import document_view
from desktop_app.services.records.case_documents import case_document_inputs
from desktop_app.services.records.issued_documents import (
    WITH_FILES,
    IssuedPdf,
    IssueOrder,
    Source,
    build,
    issue,
    order,
    record,
)
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
    not_billed = list(session.scalars(select(TreatmentSession).where(
        TreatmentSession.case_id == case.id, TreatmentSession.session_date.between(*window),
        uncharged(TreatmentSession.id), TreatmentSession.id.not_in(superseded("treatment_session")))))
    return gate_memo.check(session, case, claim.period, window, lines, not_billed)


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
    return _exportable(uow.session, claim_id)


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


@dataclass(frozen=True)
class ExportPlan:
    """Everything a claim's package is made of, read from the archive (``plan_export``):
    plain data, so that the package can be built and written in another process
    (``write_planned``) while the archive is read and written in this one."""

    claim_id: int
    name: str
    out_dir: Path
    orders: tuple[IssueOrder, ...]  # cover, fee list, execution sheet, plans, the rules' others
    view: ClaimView  # the region's data files are made from it where the package is written
    region: str
    canonical: bytes  # the frozen claim's canonical record (claims.frozen_canonical)
    info: tuple[tuple[str, str], ...]  # bag-info without the signature's lines
    description: str
    window: tuple[date, date]  # the claim's window, for the gate checked again at recording


@dataclass(frozen=True)
class WrittenPackage:
    """A package written from a plan: where, and each document as built (before signing)."""

    folder: Path
    zip_path: Path
    built: tuple[tuple[bytes, datetime], ...]  # (PDF, issued at) per order
    data_files: tuple[str, ...]


def plan_export(session: Session, clock: Clock, claim_id: int, out_dir: Path, region: str = "national",
                anchor: AuditAnchor | None = None, *, gate: bool = True) -> ExportPlan:
    """Read what the package of a frozen claim needs (refused unless frozen and, unless
    ``gate`` is False, its gate passes: a batch checks it once, when recording). A document
    issued for the first time is anchored at the chain's head, or at ``anchor`` (a batch:
    the head it began with)."""
    with read_memo.reading(session):  # seven documents ask for the same header and signatures
        return _plan(session, clock, claim_id, out_dir, region, anchor, gate)


def _plan(session: Session, clock: Clock, claim_id: int, out_dir: Path, region: str,
          anchor: AuditAnchor | None, gate: bool) -> ExportPlan:
    claim, case = _exportable(session, claim_id)
    view = claim_view(session, claim.id)
    window = (view.window_from, view.window_to)
    if gate and not (report := export_gate(session, claim, case, window)).ok:
        raise claim_gate.ClaimBlocked(report)
    canonical = claims.frozen_canonical(session, view.claim_id)
    docs = document_view.claim_documents(view)
    source = Source(view.case_id, "claim", view.claim_id, view.period)
    # The cover and the fee list get their data files embedded where they are built.
    orders = [order(session, "claim_cover", docs.cover, source, anchor=anchor),
              order(session, "fee_list", docs.fee_list, source, anchor=anchor),
              order(session, "execution_sheet", document_view.execution_sheet_data(
                  session, case.id, window, document_view.claim_period_label(view)),
                  Source(case.id, "rehab_case", case.id, claim.period), anchor=anchor)]
    orders += [order(session, "plan", document_view.plan_data(session, plan_id),
                     Source(case.id, "treatment_plan", plan_id), anchor=anchor)
               for plan_id in document_view.plans_of(session, case.id)]
    # What the case's rules ask for besides (Luzhou Art. 30: 确认结论书, 康复价值评估报告…).
    asked = case_pack(session, case).claim_documents
    kinds = [k for k in CLAIM_DOCUMENT_KINDS if k in asked]
    orders += [order(session, kind, data, src, anchor=anchor)
               for kind, _title, data, src in case_document_inputs(session, case.id, kinds)]
    cover = orders[0]
    stored = session.scalars(select(IssuedDocument.created_at).where(
        IssuedDocument.content_sha256 == cover.content_sha256)).first()
    name = f"claim-{case.case_number}-{claim.id}-V{claim.version_no}"
    info = package_info(
        document_view.institution(session).name, name,
        f"工伤康复费用结算申报 {case.case_number} {view.period} 第{view.version_no}版 / "
        "work-injury rehabilitation claim", (stored or clock.now()).astimezone(CHINA).date(),
        (cover.anchor.seq, cover.anchor.head_hash),
        [("Claim-Id", str(claim.id)), ("Claim-Frozen-SHA256", view.frozen_sha256 or ""),
         ("Claim-Total", f"{view.totals.total:f}"), ("Data-Format", region),
         ("Document-SHA256", f"{cover.doc_id} {cover.content_sha256}")])
    return ExportPlan(claim.id, name, out_dir, tuple(orders), view, region, canonical, tuple(info),
                      f"工伤康复费用结算申报 {case.case_number} {view.period} / work-injury "
                      "rehabilitation claim", window)


def write_planned(plan: ExportPlan, sign: PdfSigner | None,
                  progress: Progress = no_progress) -> WrittenPackage:
    """Make the region's data files, build the plan's documents (the cover sheet and the fee
    list with the data files inside, each signed by the officer when ``sign`` is given) and
    write the package; touches no database, so it may run in a worker process."""
    files = [*adapter(plan.region).files(plan.view), canonical_file(plan.canonical)]
    embedded = tuple(f.embedded() for f in files)
    built = []
    payload: dict[str, bytes] = {}
    for done, job in enumerate(plan.orders, 1):
        document = build(replace(job, files=embedded) if job.kind in WITH_FILES else job)
        built.append((document.pdf, document.meta.issued_at))
        payload[f"documents/{job.doc_id}.pdf"] = sign(document.pdf) if sign else document.pdf
        payload[f"documents/{job.doc_id}{CONTENT_SUFFIX}"] = job.content
        progress("signing" if sign else "documents", done, len(plan.orders))
    payload.update({f"data_files/{f.name}": f.data for f in files})
    progress(COMMITTING, 0, 0)
    tags = package_readme.tag_files(plan.description, payload, signed=sign is not None)
    bag = bagit.make_bag(payload, [*plan.info, *signature_info(sign)], tags,
                         sign_tags=sign.detached if sign else None)
    folder, zipped = write_bag(bag, plan.out_dir, plan.name)
    return WrittenPackage(folder, zipped, tuple(built), tuple(f.name for f in files))


def _exportable(session: Session, claim_id: int) -> tuple[Claim, RehabCase]:
    claim = claims.get_claim(session, claim_id)
    case = session.get(RehabCase, claim.case_id)
    assert case is not None
    if not claim_states.allowed(ClaimMove.EXPORT, claim.status):
        raise UserError(f"结算申报 #{claim.id} 尚未确认，不能导出。",
                        f"Claim #{claim.id} is still a draft; finalize it before export.")
    return claim, case


def remove_package(written: WrittenPackage) -> None:
    """Take back a package whose export was refused after it was written."""
    bagit.remove(written.folder)
    bagit.remove(written.zip_path)


@use_case(Action.CLAIM_EXPORT, authorize_with=claims.on_claims_case(Action.CLAIM_EXPORT),
          commits=False)  # nothing is committed unless the package was written
def export_claim(uow: UnitOfWork, claim_id: int, out_dir: Path, *, region: str = "national",
                 sign: PdfSigner | None = None, progress: Progress = no_progress,
                 written: tuple[ExportPlan, WrittenPackage] | None = None) -> PackageResult:
    """Issue the claim's documents and data files and write the package; marks the claim
    exported. Nothing is committed unless the package was written. ``progress`` may stop
    the work until it reports ``COMMITTING`` (the package is then written and committed).

    ``written``: the package planned and written beforehand (``month_batch``, in a worker
    process); it is recorded once the claim is checked again as above, and removed if that
    check or the recording fails."""
    session = uow.session
    progress("gate", 0, 0)
    if written is None:
        plan = plan_export(session, uow.clock, claim_id, out_dir, region)
        package = write_planned(plan, sign, progress)
    else:
        plan, package = written
        try:
            if plan.claim_id != claim_id:
                raise ValueError(f"a plan for claim {plan.claim_id}, not {claim_id}")
            claim, case = _exportable(session, claim_id)
            report = export_gate(session, claim, case, plan.window)
            if not report.ok:
                raise claim_gate.ClaimBlocked(report)
        except BaseException:
            remove_package(package)
            raise
    try:
        documents = tuple(record(uow, job, pdf, at)
                          for job, (pdf, at) in zip(plan.orders, package.built, strict=True))
        claims.mark_exported(uow, claim_id)  # commits the issued documents and their audit events
    except BaseException:
        if written is not None:
            remove_package(package)
        raise
    cover = documents[0]
    return PackageResult(plan.name, package.folder, package.zip_path, documents,
                         package.data_files, cover.anchor.seq,
                         cover.anchor.head_hash, sign is not None)
