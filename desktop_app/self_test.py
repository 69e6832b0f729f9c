"""``rehab-desktop --self-test``: does this installation work, end to end?

A temporary archive (embedded SQLite in a temporary folder) is created and migrated, a
small demo is generated through the services, an execution sheet is issued as a PDF/A,
and the archive is verified. The app adds a Qt step (offscreen window with the shipped
font). Nothing is written outside the temporary folder; the user's archive is not
touched. Each step's result and time go to ``out``; the caller exits non-zero on failure.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.vocabulary import Role
from desktop_app.paths import resources_dir

if TYPE_CHECKING:
    from sqlalchemy import Engine

DEMO_PATIENTS = 3
DEMO_SEED = 7
SELF_TEST_PASSWORD = "self-test"  # of a throwaway certificate, deleted with the temporary folder
# The shipped files every installation needs, relative to resources/.
RESOURCE_FILES = ("fonts/wqy-microhei.ttc", "fonts/rehab-han-ext-a.ttf", "fonts/rehab-han-ext-b.ttf",
                  "icc/sRGB.icc", "schemas/claim.schema.json",
                  "reference/assessment_instruments.json", "catalogues/demo_pack.csv")

Step = tuple[str, Callable[[], str]]


@dataclass
class SelfTestReport:
    lines: list[str] = field(default_factory=list)
    failures: int = 0

    @property
    def ok(self) -> bool:
        return self.failures == 0


def check_resources() -> str:
    root = resources_dir()
    missing = [name for name in RESOURCE_FILES if not (root / name).is_file()]
    if missing:
        raise FileNotFoundError(f"missing in {root}: {', '.join(missing)}")
    return str(root)


class _Archive:
    """The temporary archive the steps share."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.url = f"sqlite:///{folder / 'self-test.sqlite3'}"
        self.pdf_bytes = b""
        self.backups = folder / "backups"
        self.engine: Engine | None = None

    def migrate(self) -> str:
        from desktop_app.db.engine import make_engine
        from desktop_app.db.migrate import current_revision, head_revision, upgrade_database

        self.engine = make_engine(self.url)
        upgrade_database(self.engine, self.backups)
        revision = current_revision(self.engine)
        if revision != head_revision():
            raise RuntimeError(f"schema {revision}, expected {head_revision()}")
        return f"schema {revision}"

    def _engine(self) -> Engine:
        if self.engine is None:
            raise RuntimeError("no archive: the migrations step failed")
        return self.engine

    def demo(self) -> str:
        from desktop_app.services.demo import generate_demo

        summary = generate_demo(self._engine(), DEMO_PATIENTS, DEMO_SEED)
        return f"{summary.patients} patients, {summary.cases} cases"

    def pdf(self) -> str:
        import io
        from datetime import date

        import pikepdf
        from sqlalchemy import select

        from desktop_app.db.models import RehabCase, StaffUser
        from desktop_app.services.core.uow import UnitOfWork
        from desktop_app.services.records import document_view
        from desktop_app.services.records.issued_documents import Source, issue

        with UnitOfWork(self._engine()) as uow:
            admin = uow.session.scalars(select(StaffUser.id).where(StaffUser.role == Role.ADMIN)).first()
            uow.actor_id = admin
            case_id = uow.session.scalars(select(RehabCase.id).order_by(RehabCase.id)).first()
            if case_id is None:
                raise RuntimeError("the demo has no cases")
            sheet = document_view.execution_sheet_data(uow.session, case_id, (date.min, date.max), "全部")
            if not sheet.rows:
                raise RuntimeError("the demo case has no treatment sessions")
            issued = issue(uow, "execution_sheet", sheet, Source(case_id, "rehab_case", case_id, "all"))
            uow.commit()
        with pikepdf.open(io.BytesIO(issued.pdf)) as pdf:
            pages = len(pdf.pages)
            part = str(pdf.open_metadata().get("pdfaid:part", ""))
        if not issued.pdf.startswith(b"%PDF-") or pages < 1 or part != "3":
            raise RuntimeError(f"unexpected PDF: {pages} pages, PDF/A part {part!r}")
        self.pdf_bytes = issued.pdf
        return f"{issued.doc_id}: {pages} page(s), PDF/A-{part}b, {len(issued.pdf) // 1024} KB"

    def sign(self) -> str:
        """PAdES-sign the PDF with a throwaway certificate and check the signature."""
        from desktop_app.documents.pdf_signing import sign_pdf, verify_pdf

        p12, root = _throwaway_pkcs12(self.folder)
        # 𠮷 (CJK Extension B) makes the stamp font from the main font and a fallback (fontTools)
        signed = sign_pdf(self.pdf_bytes, p12, SELF_TEST_PASSWORD, officer_name="自检𠮷", reason="自检",
                          location="本机")
        check = verify_pdf(signed, [root])
        if not (check.intact and check.trusted and check.covers_whole_file):
            raise RuntimeError(check.summary)
        return f"PAdES signature valid, {len(signed) // 1024} KB"

    def verify(self) -> str:
        from desktop_app.services.integrity.verify import verify_archive

        report = verify_archive(self._engine())
        if not report.ok:
            raise RuntimeError("; ".join(str(p) for p in report.problems[:5]))
        return ", ".join(f"{area} {count}" for area, count in report.checked.items())

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def _throwaway_pkcs12(folder: Path) -> tuple[Path, object]:
    """A self-signed RSA certificate as PKCS#12 (RSA keeps the PDF at 1.7, so PDF/A holds)."""
    from datetime import UTC, datetime, timedelta

    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rehab-archive self-test")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(hours=1))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / "self-test.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"self-test", key, cert, None,
        serialization.BestAvailableEncryption(SELF_TEST_PASSWORD.encode())))
    return path, asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@contextmanager
def _temporary_archive() -> Iterator[_Archive]:
    with tempfile.TemporaryDirectory(prefix="rehab-self-test-") as folder:
        archive = _Archive(Path(folder))
        try:
            yield archive
        finally:
            archive.close()


def run_steps(steps: Sequence[Step], out: Callable[[str], None], report: SelfTestReport) -> None:
    """Run each step; a failure is reported and the remaining steps still run."""
    for name, step in steps:
        started = time.perf_counter()
        try:
            detail = step()
        except Exception as error:  # every failure goes into the report
            report.failures += 1
            line = f"FAIL {name}: {type(error).__name__}: {error}"
        else:
            line = f"ok   {name} ({time.perf_counter() - started:.1f} s): {detail}"
        report.lines.append(line)
        out(line)


def run_self_test(extra: Sequence[Step] = (), out: Callable[[str], None] = print) -> SelfTestReport:
    """Resources, ``extra`` (the app's Qt step), then the archive steps in a temporary folder."""
    from desktop_app import __version__

    report = SelfTestReport()
    out(f"工伤康复档案 自检 / self-test, version {__version__}")
    run_steps([("resources", check_resources), *extra], out, report)
    with _temporary_archive() as archive:
        archive_steps: list[Step] = [("migrations", archive.migrate), ("demo archive", archive.demo),
                                     ("PDF (execution sheet)", archive.pdf), ("PDF signature", archive.sign),
                                     ("verify", archive.verify)]
        run_steps(archive_steps, out, report)
    failed = f"{report.failures} 项失败 / {report.failures} failed"
    out("结果 / result: " + ("通过 passed" if report.ok else failed))
    return report
