"""A binder checks without the application, both engines: the script shipped inside it,
run by a bare ``python3 -I -S`` (standard library only), recomputes every file hash and
every audit event's hash, agrees with ``verify-package``, and names a forged event (even
with the manifests recomputed, as an attacker would) or a changed file."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.cli.export import verify_package
from desktop_app.db.models import AuditEvent
from desktop_app.documents import bagit, package_readme
from desktop_app.documents.bagit import check_bag
from desktop_app.domain.canonical import canonical_bytes, plain
from desktop_app.paths import resources_dir
from desktop_app.services.claims import claims
from desktop_app.services.core import audit_chain
from desktop_app.services.records import archive_export, retention
from tests.archive_fixture import Archive
from tests.services.test_claims import make_course

PYTHON = shutil.which("python3", path="/usr/bin:/usr/local/bin") or sys.executable


def run_script(package: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The shipped script as an archivist would run it: no site-packages, no PYTHONPATH."""
    return subprocess.run([PYTHON, "-I", "-S", str(package / "tools" / "check_package.py"), *args],
                          capture_output=True, text=True, encoding="utf-8", env={}, cwd=package.parent)


def script_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_package",
                                                  resources_dir() / "package" / "check_package.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rebag(folder: Path) -> None:
    """Recompute the manifests and Payload-Oxum, as someone forging the package would."""
    def manifest(paths: list[Path]) -> str:
        return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}\n"
                       for p in sorted(paths))

    payload = [p for p in (folder / "data").rglob("*") if p.is_file()]
    (folder / "manifest-sha256.txt").write_text(manifest(payload), encoding="utf-8")
    info = folder / "bag-info.txt"
    oxum = f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"
    info.write_text("".join(f"Payload-Oxum: {oxum}\n" if line.startswith("Payload-Oxum:") else line + "\n"
                            for line in info.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    tags = [p for p in folder.rglob("*") if p.is_file() and not p.relative_to(folder).as_posix()
            .startswith("data/") and p.name != "tagmanifest-sha256.txt"]
    (folder / "tagmanifest-sha256.txt").write_text(manifest(tags), encoding="utf-8")


def exported_binder(archive: Archive, out: Path) -> tuple[Path, Path]:
    """An archived case whose events have another case's between them."""
    case_id = archive.archived_case()
    archive.admitted_case()  # another case's events now sit between this case's
    with archive.uow(archive.officer) as u:
        result = archive_export.export_archive(u, case_id, out)
    return result.folder, result.zip_path


def test_the_shipped_script_recomputes_the_binder_and_names_a_forgery(
        archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, zipped = exported_binder(archive, tmp_path / "out")
    events = json.loads((folder / "data" / "audit" / "events.json").read_text(encoding="utf-8"))
    seqs = [e["chain_seq"] for e in events]
    assert seqs == sorted(seqs) and seqs[-1] - seqs[0] >= len(seqs)  # not contiguous in the chain
    assert {"id", "occurred_at", "actor_id", "action", "record_type", "record_id", "case_id",
            "details"} <= set(events[0]["event"])

    clean = run_script(folder)  # no argument: the package that holds the script
    assert clean.returncode == 0, clean.stdout
    assert f"{len(events)} 个审计事件" in clean.stdout and "audit event hashes recomputed" in clean.stdout
    assert run_script(folder, str(zipped)).returncode == 0
    assert verify_package(folder) == 0 and verify_package(zipped) == 0
    assert "每个事件哈希重算一致" in capsys.readouterr().out

    readme = (folder / "README.txt").read_text(encoding="utf-8")
    for path in (p for p in folder.rglob("*") if p.is_file()):
        assert path.name in readme, path  # every file named
    assert all(word in readme for word in ("sha256sum -c", "pdfsig", "bagit.py --validate",
                                           "python3 tools/check_package.py", "chain_seq", "prev_hash"))
    assert "README.txt" in (folder / "tagmanifest-sha256.txt").read_text(encoding="utf-8")

    forged = tmp_path / "forged"
    shutil.copytree(folder, forged)
    target = events[len(events) // 2]
    events_file = forged / "data" / "audit" / "events.json"
    tampered = json.loads(events_file.read_text(encoding="utf-8"))
    tampered[len(events) // 2]["event"]["details"] = {**(target["event"]["details"] or {}), "note": "改过"}
    events_file.write_text(json.dumps(tampered, ensure_ascii=False, indent=1), encoding="utf-8")
    rebag(forged)
    assert check_bag(forged).ok  # the manifests alone no longer catch it
    named = f"audit event id {target['event']['id']} (seq {target['chain_seq']})"
    result = run_script(forged)
    assert result.returncode == 1 and named in result.stdout and "hash mismatch" in result.stdout
    assert result.stdout.count("✗") == 1
    assert verify_package(forged) == 1
    err = capsys.readouterr().err
    assert named in err and err.count("✗") == 1  # the app and the script name the same event

    changed = tmp_path / "changed"
    shutil.copytree(folder, changed)
    index = next((changed / "data" / "00_index").iterdir())
    index.write_bytes(index.read_bytes() + b"\n%")
    name = index.relative_to(changed).as_posix()
    result = run_script(changed)
    assert result.returncode == 1 and f"{name}: 内容已改变 / changed" in result.stdout
    assert verify_package(changed) == 1 and name in capsys.readouterr().err


def test_the_scripts_canonical_form_is_the_apps(archive: Archive) -> None:
    """On every real event (Chinese text, instants) and on values of every canonical kind
    (decimals, dates, offsets, floats), the script's bytes and hashes are the app's."""
    script = script_module()
    archive.archived_case()
    with archive.uow() as u:
        stored = list(u.session.scalars(select(AuditEvent).where(AuditEvent.chain_seq.is_not(None))))
        assert len(stored) > 20
        text = ""
        for event in stored:
            payload = audit_chain.event_payload(event)
            from_file = json.loads(json.dumps(plain(payload), ensure_ascii=False, indent=1))
            assert script.canonical(from_file) == canonical_bytes(payload)
            assert script.event_hash(event.chain_seq, event.prev_hash, from_file) == event.hash
            text += canonical_bytes(payload).decode("utf-8")
    assert any("\u4e00" <= c <= "\u9fff" for c in text)  # Chinese text was among them
    values: dict[str, Any] = {"名字": "张三", "amount": Decimal("12.50"), "zero": Decimal("-0.00"),
                              "at": datetime(2026, 4, 3, 8, 30, 0, 5, tzinfo=timezone(timedelta(hours=8))),
                              "utc": datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), "day": date(2026, 2, 28),
                              "ratio": 0.1, "big": 10**20, "flags": [True, False, None],
                              "nested": {"b": 1, "a": "é"}}
    assert script.canonical(json.loads(json.dumps(plain(values)))) == canonical_bytes(values)
    with pytest.raises(ValueError):
        script.canonical({"x": float("nan")})


def test_readme_names_an_unforeseen_file_and_tags_cannot_shadow_the_bag() -> None:
    text = package_readme.readme("t", ["08_new/x.bin", "audit/events.json"]).decode("utf-8")
    assert "data/08_new/x.bin" in text and "chain_seq" in text
    assert "chain_seq" not in package_readme.readme("t", ["documents/a.pdf"]).decode("utf-8")
    for clash in ("data/extra.txt", "manifest-sha256.txt", "../README.txt"):
        with pytest.raises(ValueError):
            bagit.make_bag({"a.txt": b"a"}, [], {clash: b"x"})


def printed_problems(text: str) -> list[str]:
    """The lines about printed hashes in a report (the script's stdout, the app's stderr)."""
    return sorted(line.strip().removeprefix("✗ ") for line in text.splitlines()
                  if "printed" in line and "✗" in line)


def test_every_printed_hash_recomputes_from_the_binder(
        archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each PDF's content SHA-256 is sha256sum of the .content.json beside it; each claim's
    folder holds its cover with the files it lists, claim_canonical.json hashing to the
    frozen SHA-256. An edited canonical file (manifests recomputed) is named by the app and
    the script alike; so is a data file that differs from what the cover prints."""
    course = make_course(archive)
    claim_ids = [course.build(period) for period in ("2026-04", "discharge")]
    for claim_id in claim_ids:
        course.finalize(claim_id)
    with archive.uow(archive.officer) as u:
        retention.archive_case(u, course.case_id)
    with archive.uow(archive.officer) as u:
        result = archive_export.export_archive(u, course.case_id, tmp_path / "out")
        frozen = {c: claims.get_claim(u.session, c).frozen_sha256 for c in claim_ids}
    folder = result.folder
    for doc in result.documents:
        (pdf,) = folder.glob(f"data/*/**/{doc.filename}")
        content = pdf.with_name(doc.content_filename).read_bytes()
        assert hashlib.sha256(content).hexdigest() == doc.content_sha256
        assert json.loads(content)["id"] == doc.doc_id
    for claim_id in claim_ids:
        (own,) = (folder / "data" / "06_claims").glob(f"claim-{claim_id}-V1")
        assert hashlib.sha256((own / "claim_canonical.json").read_bytes()).hexdigest() == frozen[claim_id]
        assert {p.name[:4] for p in own.glob("*.pdf")} == {"CLAI", "FEES"}
    clean = run_script(folder)
    assert clean.returncode == 0 and "PDF 印出的摘要与包中文件一致" in clean.stdout, clean.stdout
    assert verify_package(folder) == 0
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "sha256sum data/06_claims/claim-" in readme and "claim_canonical.json" in readme
    assert ".content.json" in readme and "pdfdetach -savefile data_files.sha256" in readme
    capsys.readouterr()

    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)
    own = edited / "data" / "06_claims" / f"claim-{claim_ids[0]}-V1"
    canonical = own / "claim_canonical.json"
    canonical.write_bytes(canonical.read_bytes().replace(b'"totals":{', b'"totals":{"x":1,', 1))
    plan = next((edited / "data" / "02_plan").glob("*.content.json"))
    plan.write_bytes(plan.read_bytes().replace(b"}", b',"x":1}', 1))
    rebag(edited)
    assert check_bag(edited).ok
    script = run_script(edited)
    assert script.returncode == 1
    assert verify_package(edited) == 1
    app = printed_problems(capsys.readouterr().err)
    assert app == printed_problems(script.stdout)  # the app and the script name the same
    rel, plan_rel = canonical.relative_to(edited).as_posix(), plan.relative_to(edited).as_posix()
    plan_pdf = plan_rel.removesuffix(".content.json") + ".pdf"
    cover, fee_list = sorted(p.relative_to(edited).as_posix() for p in own.glob("*.pdf"))
    assert app == sorted([
        f"{rel}: 与 {cover} 印出的 SHA-256 不符 / differs from the SHA-256 printed on {cover}",
        f"{rel}: 与 {fee_list} 印出的 SHA-256 不符 / differs from the SHA-256 printed on {fee_list}",
        f"{plan_rel}: 与 {plan_pdf} 印出的内容 SHA-256 不符 / differs from the content SHA-256 printed "
        f"on {plan_pdf}"])

    missing = tmp_path / "missing"
    shutil.copytree(folder, missing)
    plan = next((missing / "data" / "02_plan").glob("*.content.json"))
    plan.unlink()
    rebag(missing)
    script = run_script(missing)
    assert verify_package(missing) == 1 and script.returncode == 1
    app = printed_problems(capsys.readouterr().err)
    plan_rel = plan.relative_to(missing).as_posix()
    plan_pdf = plan_rel.removesuffix(".content.json") + ".pdf"
    assert app == printed_problems(script.stdout) == [
        f"{plan_rel}: 缺失：{plan_pdf} 印出的内容摘要无法重算 / missing: the canonical content of "
        f"{plan_pdf}, so its printed SHA-256 cannot be recomputed"]

    older = tmp_path / "older"  # as exported before the canonical content was: only noted
    shutil.copytree(missing, older)
    info = older / "bag-info.txt"
    info.write_text("".join(f"{line}\n" for line in info.read_text(encoding="utf-8").splitlines()
                            if not line.startswith("Canonical-Content:")), encoding="utf-8")
    rebag(older)
    assert run_script(older).returncode == 0 and verify_package(older) == 0
    assert "predates the canonical content files" in capsys.readouterr().out
