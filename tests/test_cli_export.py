"""``claim finalize/export``, ``archive export`` and ``verify-package`` end to end on a demo
archive, both engines: an unsigned billed session blocks until the patient signs; a signed
package verifies without the database and names the file changed."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.cli import main
from desktop_app.clock import FixedClock
from desktop_app.db.engine import make_engine
from desktop_app.db.models import Claim, RehabCase, StaffUser, TreatmentSession
from desktop_app.documents.pdf_signing import sign_detached, verify_pdf
from desktop_app.documents.pdfa import SUMS_NAME
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.services.admin.institution_certificate import set_timestamp_url
from desktop_app.services.clinical.execution_sheet_view import awaiting_signature, sheet_rows
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.demo import DEMO_PASSWORD
from desktop_app.services.integrity import signing
from tests.documents.certs import PASSWORD as CERT_PASSWORD
from tests.documents.certs import make_pkcs12
from tests.documents.tsa_server import local_tsa
from tests.test_offline_package import printed_problems, run_script

AS_OF = date(2026, 11, 20)
AS_OFFICER = ("--user", "ro_sun", "--password-env", "RO_PASSWORD")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _demo_with_a_running_course(db_url: str, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> tuple[Engine, int | None, list[int],
                                                                          int | None]:
    """The 6-patient demo (one course still running): its engine, the running case, that
    case's sessions awaiting the patient's signature, and a therapist."""
    assert run(capsys, "--db", db_url, "demo", "--patients", "6", "--seed", "3",  # one course running
               "--as-of", AS_OF.isoformat())[0] == 0
    monkeypatch.setenv("RO_PASSWORD", DEMO_PASSWORD)
    engine = make_engine(db_url)
    with Session(engine) as session:
        running = session.scalars(select(RehabCase.id).where(RehabCase.status == "admitted")).first()
        # Signed by their therapists as they ended; the last day waits for the patient.
        unsigned = awaiting_signature(sheet_rows(session, running)) if running is not None else []
        therapist = session.scalars(select(StaffUser.id).where(StaffUser.role == "therapist")).first()
    return engine, running, unsigned, therapist



def patient_signs_that_day(engine: Engine, therapist: int, sessions: list[int]) -> None:
    """The patient signs the demo's last sessions at the bedside right after the last one
    (a later signature would be a late one the claim desk must acknowledge)."""
    with Session(engine) as session:
        last = session.scalar(select(func.max(TreatmentSession.ended_at)).where(
            TreatmentSession.id.in_(sessions)))
    assert last is not None
    strokes = synthetic_strokes(3)
    with UnitOfWork(engine, clock=FixedClock(last + timedelta(minutes=5)), actor_id=therapist) as uow:
        signing.sign(uow, [("treatment_session", i) for i in sessions], "patient_confirms_sessions",
                     signing.Signer("patient", "患者本人"),
                     handwriting=signing.Handwriting(strokes, render_png(strokes)))

def test_claim_export_blocked_until_signed_then_verified(db_url: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    engine, running, unsigned, therapist = _demo_with_a_running_course(db_url, capsys, monkeypatch)
    assert running is not None and unsigned

    code, _, err = run(capsys, "--db", db_url, "claim", "build", "--case", str(running), "--period",
                       "2026-11", *AS_OFFICER)
    assert code == 1 and f"treatment_session #{unsigned[0]}" in err  # no claim, so nothing to export

    patient_signs_that_day(engine, therapist, unsigned)  # at the bedside
    code, out, err = run(capsys, "--db", db_url, "claim", "build", "--case", str(running), "--period",
                         "2026-11", *AS_OFFICER)
    assert code == 0, err
    claim_id = out.strip().splitlines()[-1]
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "--db", db_url, "claim", "export", "--claim", claim_id, "--out", str(out_dir),
                       *AS_OFFICER)
    assert code == 1 and "尚未确认" in err and "still a draft" in err  # not final yet
    assert not out_dir.exists()
    code, out, err = run(capsys, "--db", db_url, "claim", "finalize", "--claim", claim_id, *AS_OFFICER)
    assert code == 0, err

    p12, root = make_pkcs12(tmp_path)
    monkeypatch.setenv("CERT_PASSWORD", CERT_PASSWORD)
    code, out, err = run(capsys, "--db", db_url, "claim", "export", "--claim", claim_id, "--out",
                         str(out_dir), "--sign", str(p12), "--sign-password-env", "CERT_PASSWORD",
                         *AS_OFFICER)
    assert code == 0, err
    package = Path(out.strip().splitlines()[-1])
    assert package.suffix == ".zip" and "PDF 已签署" in out
    folder = package.with_suffix("")
    cover = next((folder / "data" / "documents").glob("CLAIM-*.pdf"))
    assert verify_pdf(cover.read_bytes(), [root]).valid

    for target in (package, folder):
        code, out, err = run(capsys, "verify-package", str(target))  # no --db: no database needed
        assert code == 0 and "核验通过" in out and "Audit-Anchor-Hash" in out, err
        assert run_script(folder, str(target)).returncode == 0  # the package's own offline check
    assert "settlement.csv" in (folder / "README.txt").read_text(encoding="utf-8")
    csv_file = folder / "data" / "data_files" / "settlement.csv"
    csv_file.write_bytes(csv_file.read_bytes().replace(b".", b",", 1))
    code, out, err = run(capsys, "verify-package", str(folder))
    assert code == 1 and "data/data_files/settlement.csv" in err and "changed" in err
    offline = run_script(folder)
    assert offline.returncode == 1 and "data/data_files/settlement.csv: 内容已改变" in offline.stdout

    code, _, err = run(capsys, "--db", db_url, "claim", "export", "--claim", claim_id, "--out",
                       str(out_dir), *AS_OFFICER)
    assert code == 1 and "exists already" in err  # never overwrites a package

    code, out, err = run(capsys, "--db", db_url, "archive", "export", "--case", str(running), "--out",
                         str(tmp_path / "binder"), *AS_OFFICER)
    assert code == 0, err
    assert "重建，字节一致" in out  # the claim's documents, issued by the export above
    assert run(capsys, "verify-package", out.strip().splitlines()[-1])[0] == 0
    assert run_script(Path(out.strip().splitlines()[-1]).with_suffix("")).returncode == 0

    # usage errors: exit 2
    assert run(capsys, "verify-package")[0] == 2
    assert run(capsys, "--db", db_url, "claim", "export", "--claim", claim_id, "--out", str(out_dir),
               "--sign", str(p12), *AS_OFFICER)[0] == 2  # the certificate's password variable
    assert run(capsys, "--db", db_url, "archive", "export", "--case", str(running))[0] == 2
    engine.dispose()


def test_verify_package_of_something_that_is_not_a_package(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = run(capsys, "verify-package", str(tmp_path))
    assert code == 1 and "bagit.txt" in err and "manifest-sha256.txt" in err and "notes.txt" in err
    code, _, err = run(capsys, "verify-package", str(tmp_path / "missing.zip"))
    assert code == 1 and "missing" in err


def _signed_claim_package(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch, timestamp_url: str | None = None) -> Path:
    """A finalized demo claim exported and signed (timestamped by the service at
    ``timestamp_url``, if given); the package's folder."""
    engine, running, unsigned, therapist = _demo_with_a_running_course(db_url, capsys, monkeypatch)
    if timestamp_url is not None:
        with Session(engine) as session:
            admin = session.scalars(select(StaffUser.id).where(StaffUser.role == "admin")).first()
        with UnitOfWork(engine, actor_id=admin) as uow:
            set_timestamp_url(uow, timestamp_url)
    patient_signs_that_day(engine, therapist, unsigned)
    engine.dispose()
    code, out, err = run(capsys, "--db", db_url, "claim", "build", "--case", str(running), "--period",
                         "2026-11", *AS_OFFICER)
    assert code == 0, err
    claim_id = out.strip().splitlines()[-1]
    assert run(capsys, "--db", db_url, "claim", "finalize", "--claim", claim_id, *AS_OFFICER)[0] == 0
    p12, _root = make_pkcs12(tmp_path)
    monkeypatch.setenv("CERT_PASSWORD", CERT_PASSWORD)
    code, out, err = run(capsys, "--db", db_url, "claim", "export", "--claim", claim_id, "--out",
                         str(tmp_path / "out"), "--sign", str(p12), "--sign-password-env",
                         "CERT_PASSWORD", *AS_OFFICER)
    assert code == 0, err
    return Path(out.strip().splitlines()[-1]).with_suffix("")


def _recompute_manifests(folder: Path) -> None:
    """What an attacker does after editing a file: both manifests recomputed."""
    def line(path: Path) -> str:
        return f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(folder).as_posix()}\n"

    payload = sorted(p for p in (folder / "data").rglob("*") if p.is_file())
    (folder / "manifest-sha256.txt").write_text("".join(map(line, payload)), encoding="utf-8")
    tags = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_relative_to(folder / "data")
                  and p.name not in ("tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s"))
    (folder / "tagmanifest-sha256.txt").write_text("".join(map(line, tags)), encoding="utf-8")


def test_verify_package_checks_what_the_package_says(db_url: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Manifests recomputed by an attacker still fail: a data file against its copy inside
    the signed PDF, a PDF whose signed bytes were changed."""
    folder = _signed_claim_package(db_url, tmp_path, capsys, monkeypatch)
    code, out, err = run(capsys, "verify-package", str(folder))
    assert code == 0, err
    assert "intact, signer not checked against a trust root" in out

    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)
    csv_file = edited / "data" / "data_files" / "settlement.csv"
    csv_file.write_bytes(csv_file.read_bytes().replace(b".", b",", 1))
    _recompute_manifests(edited)
    code, _, err = run(capsys, "verify-package", str(edited))
    assert code == 1 and "内容已改变" not in err  # the manifests agree: only the content check fails
    assert "data/data_files/settlement.csv" in err and "differs from the copy inside data/documents/" in err

    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    fee_list = next(p for p in (broken / "data" / "documents").glob("*.pdf") if p.name.startswith("FEE"))
    raw = bytearray(fee_list.read_bytes())
    at = raw.index(b"/Producer")  # inside the signed range (the PDF/A document signed)
    raw[at + 1:at + 9] = b"producer"
    fee_list.write_bytes(bytes(raw))
    _recompute_manifests(broken)
    code, _, err = run(capsys, "verify-package", str(broken))
    assert code == 1 and "内容已改变" not in err
    assert f"data/documents/{fee_list.name}" in err and "signed bytes were changed" in err


def test_verify_package_checks_the_signature_over_the_tag_manifest(
        db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Recomputing both manifests after an edit breaks the institution's detached signature
    over the tag manifest; removing that signature is named as missing."""
    folder = _signed_claim_package(db_url, tmp_path, capsys, monkeypatch)
    signature = folder / "tagmanifest-sha256.txt.p7s"
    assert signature.is_file() and "Signed-By:" in (folder / "bag-info.txt").read_text(encoding="utf-8")
    code, out, err = run(capsys, "verify-package", str(folder))
    assert code == 0, err
    assert "tagmanifest-sha256.txt.p7s" in out and "signer not checked against a trust root" in out
    assert "openssl cms -verify" in (folder / "README.txt").read_text(encoding="utf-8")

    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)
    csv_file = edited / "data" / "data_files" / "settlement.csv"
    csv_file.write_bytes(csv_file.read_bytes().replace(b".", b",", 1))
    _recompute_manifests(edited)
    code, _, err = run(capsys, "verify-package", str(edited))
    assert code == 1 and "内容已改变" not in err
    assert "tagmanifest-sha256.txt.p7s" in err and "does not verify" in err

    removed = tmp_path / "removed"
    shutil.copytree(folder, removed)
    (removed / "tagmanifest-sha256.txt.p7s").unlink()
    code, _, err = run(capsys, "verify-package", str(removed))
    assert code == 1 and "tagmanifest-sha256.txt.p7s: 缺失" in err and "missing" in err


def test_a_timestamped_package_passes_verify_package_and_pdfsig(
        db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With a time-stamping service configured every PDF of the export is timestamped:
    verify-package reports each token's time and authority, pdfsig each signature valid."""
    with local_tsa() as tsa:
        folder = _signed_claim_package(db_url, tmp_path, capsys, monkeypatch, timestamp_url=tsa.url)
    pdfs = sorted(folder.glob("data/**/*.pdf"))
    assert pdfs
    code, out, err = run(capsys, "verify-package", str(folder))
    assert code == 0, err
    for pdf in pdfs:
        relative = pdf.relative_to(folder).as_posix()
        assert any(relative in line and "的可信时间戳" in line and "Local test TSA" in line
                   for line in out.splitlines()), (relative, out)
        report = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Signature is Valid." in report and "Total document signed" in report, report
    assert "签署时间取自签署电脑的时钟" not in out


def _forge(folder: Path, copy: Path, other_p12: Path, *edits: tuple[str, bytes, bytes]) -> Path:
    """A copy with ``edits`` (path, old, new) made, both manifests recomputed and the tag
    manifest signed again with another key: only what the PDFs say can catch it."""
    shutil.copytree(folder, copy)
    for path, old, new in edits:
        target = copy / path
        assert old in target.read_bytes(), path
        target.write_bytes(target.read_bytes().replace(old, new, 1))
    _recompute_manifests(copy)
    (copy / "tagmanifest-sha256.txt.p7s").write_bytes(
        sign_detached((copy / "tagmanifest-sha256.txt").read_bytes(), other_p12, CERT_PASSWORD))
    return copy


def test_verify_package_checks_the_hashes_the_cover_prints(
        db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A data file that differs from the SHA-256 the signed cover prints, or an edited
    canonical record (the frozen claim's, a document's content), is named even with both
    manifests recomputed and the tag manifest re-signed; the offline script, run with a bare
    python3, names the same printed-hash problems, and agrees on the intact package."""
    folder = _signed_claim_package(db_url, tmp_path, capsys, monkeypatch)
    (tmp_path / "other").mkdir()
    other_p12, _root = make_pkcs12(tmp_path / "other", "别的机构（伪造者）")
    documents = folder / "data" / "documents"
    cover = next(documents.glob("CLAIM-*.pdf")).relative_to(folder).as_posix()
    fee_list = next(documents.glob("FEES-*.pdf")).relative_to(folder).as_posix()
    canonical = folder / "data" / "data_files" / "claim_canonical.json"
    with pikepdf.open(folder / cover) as pdf:
        sums = pdf.attachments[SUMS_NAME].get_file().read_bytes().decode("utf-8")
    assert f"{hashlib.sha256(canonical.read_bytes()).hexdigest()}  claim_canonical.json" in sums
    engine = make_engine(db_url)
    with Session(engine) as session:
        frozen = session.scalars(select(Claim.frozen_sha256).where(Claim.frozen_sha256.is_not(None))).all()
    engine.dispose()
    assert hashlib.sha256(canonical.read_bytes()).hexdigest() in frozen  # sha256sum gives 冻结摘要

    code, out, err = run(capsys, "verify-package", str(folder))
    script = run_script(folder)
    assert code == 0 and script.returncode == 0, err + script.stdout
    assert "recompute from the package's files" in out and "PDF 印出的摘要与包中文件一致" in script.stdout
    assert printed_problems(err) == printed_problems(script.stdout) == []

    edited = _forge(folder, tmp_path / "edited", other_p12,
                    ("data/data_files/settlement.csv", b".", b","))
    code, out, err = run(capsys, "verify-package", str(edited))
    script = run_script(edited)
    assert code == 1 and script.returncode == 1
    assert "内容已改变" not in err and "does not verify" not in err  # manifests and CMS agree
    assert "别的机构" in out  # the re-made tag signature is intact: its signer is shown, not trusted
    named = ("data/data_files/settlement.csv: 与 {0} 印出的 SHA-256 不符 / differs from the SHA-256 "
             "printed on {0}")
    assert printed_problems(err) == printed_problems(script.stdout) == sorted(
        [named.format(cover), named.format(fee_list)])
    assert script.stdout.count("✗") == 2  # the script checks nothing else that could fail

    recomputed = _forge(folder, tmp_path / "canonical", other_p12,
                        ("data/data_files/claim_canonical.json", b'"totals":{', b'"totals":{"x":1,'),
                        (cover.removesuffix(".pdf") + ".content.json", b'"content":{',
                         b'"content":{"x":1,'))
    code, _, err = run(capsys, "verify-package", str(recomputed))
    script = run_script(recomputed)
    assert code == 1 and script.returncode == 1
    named = ("data/data_files/claim_canonical.json: 与 {0} 印出的 SHA-256 不符 / differs from the "
             "SHA-256 printed on {0}")
    content = cover.removesuffix(".pdf") + ".content.json"
    assert printed_problems(err) == printed_problems(script.stdout) == sorted(
        [named.format(cover), named.format(fee_list),
         f"{content}: 与 {cover} 印出的内容 SHA-256 不符 / differs from the content SHA-256 printed on "
         f"{cover}"])
