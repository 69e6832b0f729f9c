"""The statistics written to a file: XLSX (numbers as numbers, the cases behind every figure)
or the annual self-evaluation report as PDF/A-3b (``documents.statistics_report``). The files
name the patients behind the figures, so writing one is a use case of ``statistics.view``
(``export_statistics``: signed in, audited with the file's SHA-256), from the screen and from
``rehab-archive stats --out`` alike; printing the figures alone stays a read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.documents.identity import AuditAnchor
from desktop_app.documents.statistics_report import (
    CaseRef,
    StatisticsDocument,
    build_statistics_report,
    statistics_xlsx,
)
from desktop_app.domain.canonical import sha256_hex
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.statistics.indicators import NO_FILTERS
from desktop_app.domain.statistics.report import Filters, Period, StatisticsReport
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import UserError
from desktop_app.services.core import audit
from desktop_app.services.core.audit_chain import chain_head
from desktop_app.services.core.files import write_whole
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records import document_view
from desktop_app.services.rules.region import current_pack
from desktop_app.services.statistics.statistics_reads import job_steps
from desktop_app.services.statistics.stats_view import case_rows_for, statistics_report

FORMATS = (".xlsx", ".pdf")


def statistics_document(session: Session, report: StatisticsReport, made_at: datetime) -> StatisticsDocument:
    """The report with the number and name of every case it names."""
    named = {i for g in report.groups for f in g.figures for i in f.case_ids}
    named |= {i for f in report.warnings for i in f.case_ids}
    cases = tuple(CaseRef(r.case_id, r.case_number, r.name) for r in case_rows_for(session, named))
    pack = current_pack(session, report.period.end)
    return StatisticsDocument(report, made_at, cases, cite(pack.basis("evaluation"))[0])


def statistics_bytes(session: Session, document: StatisticsDocument, suffix: str) -> bytes:
    if suffix == ".xlsx":
        return statistics_xlsx(document)
    built = build_statistics_report(document, institution=document_view.institution(session),
                                    anchor=AuditAnchor(*chain_head(session)))
    return built.pdf


def check_target(path: Path) -> str:
    """The file's format (its suffix); refused before any work when it is neither XLSX nor
    PDF or its folder does not exist."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"输出文件须为 .xlsx 或 .pdf：{path}",
                        f"The output file must be .xlsx or .pdf: {path}")
    if not path.parent.is_dir():
        raise UserError(f"文件夹不存在：{path.parent}", f"No such folder: {path.parent}")
    return suffix


def write_statistics(session: Session, period: Period, path: Path, made_at: datetime,
                     filters: Filters = NO_FILTERS,
                     progress: Callable[[int, int], None] | None = None,
                     before_placing: Callable[[StatisticsDocument, str], None] | None = None
                     ) -> StatisticsReport:
    """Count ``period`` and write the file (whole or not at all); the report it wrote.
    ``before_placing(document, sha256)`` runs once the bytes are safely on disk under a
    temporary name and before the file takes its name (the audited export records itself
    there, so a refusal or a lost database leaves no file behind)."""
    suffix = check_target(path)
    report = statistics_report(session, period, filters, progress)
    document = statistics_document(session, report, made_at)
    data = statistics_bytes(session, document, suffix)
    write_whole(path, data, None if before_placing is None
                else lambda: before_placing(document, sha256_hex(data)))
    return report


@use_case(Action.STATISTICS_VIEW)
def export_statistics(uow: UnitOfWork, period: Period, path: Path,
                      filters: Filters | None = None,
                      progress: Callable[[str, int, int], None] | None = None) -> StatisticsReport:
    """The statistics written to ``path`` by the signed-in user, audited: the files name the
    patients behind every figure, so who wrote which period, with which filters, and the
    file's SHA-256 go into the audit trail (flushed before the file takes its name)."""
    chosen = filters or NO_FILTERS

    def record(document: StatisticsDocument, sha256: str) -> None:
        audit.record_event(uow.session, "export", "statistics", details={
            "period": document.report.period.label_en, "filters": {
                "stage": chosen.stage, "setting": chosen.setting, "category": chosen.category},
            "format": path.suffix.lower().lstrip("."), "file": path.name, "sha256": sha256,
            "cases_named": len(document.cases)})
        uow.session.flush()

    return write_statistics(uow.session, period, path, uow.clock.now(), chosen,
                            job_steps(progress), record)
