"""A worker named 𠮷某 (CJK Extension B) with 𬌗 (Extension E) in the plan: the whole archive
binder and the claim package export on both engines, every PDF prints the name from the
embedded fallback font with widths that match it; a character no shipped font has stops the
export naming it."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from desktop_app.documents.bagit import check_bag
from desktop_app.documents.fonts import UnsupportedCharacter
from desktop_app.services.claims import claim_export
from desktop_app.services.core.commands import PlanInput, RegistrationInput
from desktop_app.services.records import archive_export, retention
from tests.archive_fixture import Archive
from tests.documents.pdf_checks import font_rows, font_width_errors, pdfa_3b_report
from tests.services.test_claims import make_course

NAME = "𠮷某"
PRECAUTIONS = "防跌倒；咬合（𬌗）训练时注意颞下颌关节"


@dataclasses.dataclass
class RareArchive(Archive):
    name: str = NAME

    def registration(self, **changes: object) -> RegistrationInput:
        return super().registration(**{"name": self.name, **changes})

    def plan(self, **changes: object) -> PlanInput:
        return super().plan(**{"precautions": PRECAUTIONS, **changes})

    def patient_name(self) -> str:
        return self.name


def rare(archive: Archive, name: str = NAME) -> RareArchive:
    return RareArchive(**{f.name: getattr(archive, f.name) for f in dataclasses.fields(Archive)}, name=name)


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_binder_of_a_worker_named_with_extension_b_exports(archive: Archive, tmp_path: Path) -> None:
    a = rare(archive)
    course = make_course(a)
    for period in ("2026-04", "discharge"):
        course.finalize(course.build(period))
    with a.uow(a.officer) as u:
        retention.archive_case(u, course.case_id)
    with a.uow(a.officer) as u:
        result = archive_export.export_archive(u, course.case_id, tmp_path / "out")
    assert check_bag(result.zip_path).ok
    kinds = {d.kind for d in result.documents}
    assert kinds >= {"archive_list", "plan", "execution_sheet", "assessment", "claim_cover", "fee_list"}
    pdfs = sorted((result.folder / "data").rglob("*.pdf"))
    assert len(pdfs) == len(result.documents)
    for path in pdfs:
        text = _text(path).replace(" ", "")
        assert NAME in text, path.name
        pdf = path.read_bytes()
        assert font_width_errors(pdf) == [], path.name
        assert pdfa_3b_report(pdf).passed, path.name
        rows = font_rows(path)
        assert all(row["emb"] == "yes" for row in rows), path.name
        assert any("RehabHanExtB" in row["name"] for row in rows), path.name
    plan = next(p for p in pdfs if p.name.startswith("PLAN-"))
    assert "𬌗" in _text(plan)


def test_a_claim_package_of_a_worker_named_with_extension_b_exports(archive: Archive, tmp_path: Path) -> None:
    course = make_course(rare(archive))
    claim_id = course.build("2026-04")
    course.finalize(claim_id)
    with archive.uow(archive.officer) as u:
        result = claim_export.export_claim(u, claim_id, tmp_path)
    assert check_bag(result.zip_path).ok
    for doc in result.documents:
        path = result.folder / "data" / "documents" / doc.filename
        assert NAME in _text(path).replace(" ", ""), doc.filename


@pytest.mark.parametrize("char", ["\U00030000", "\U00031350"])  # Extensions G and H: no shipped font
def test_a_name_no_shipped_font_can_print_stops_the_export_naming_the_character(
        archive: Archive, tmp_path: Path, char: str) -> None:
    a = rare(archive, "𠮷" + char)
    case_id = a.admitted_case()
    with a.uow(a.officer) as u, pytest.raises(UnsupportedCharacter) as caught:
        archive_export.export_archive(u, case_id, tmp_path / "out")
    assert caught.value.chars == char
    assert f"U+{ord(char):04X}" in caught.value.zh and f"U+{ord(char):04X}" in caught.value.en
    assert "U+20BB7" not in caught.value.zh

