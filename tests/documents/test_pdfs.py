"""Every document kind: PDF/A-3b, embedded fonts only, byte-identical rebuilds, checked text."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
import reportlab

from desktop_app.documents.approval import build_approval
from desktop_app.documents.archive_list import build_archive_list
from desktop_app.documents.assessment_report import build_assessment_report
from desktop_app.documents.claim_cover import build_claim_cover
from desktop_app.documents.engine import BuiltDocument
from desktop_app.documents.execution_sheet import build_execution_sheet
from desktop_app.documents.fee_list import build_fee_list
from desktop_app.documents.fonts import FontChain, FontFile, UnsupportedCharacter, shipped_fonts
from desktop_app.documents.identity import document_hash
from desktop_app.documents.notice import build_notice
from desktop_app.documents.pdfa import SUMS_NAME, declared_sums
from desktop_app.documents.plan import build_plan
from desktop_app.documents.prescription import build_prescription
from desktop_app.documents.transfer_summary import build_transfer_summary
from desktop_app.documents.value_assessment import build_value_assessment
from tests.documents import samples
from tests.documents.pdf_checks import font_rows, pdfa_3b_report, unexpected_preflight_errors

KW = {"institution": samples.INSTITUTION, "anchor": samples.ANCHOR}
BUILDERS: dict[str, Callable[[], BuiltDocument]] = {
    "plan": lambda: build_plan(samples.plan(), **KW),
    "execution_sheet": lambda: build_execution_sheet(samples.execution_sheet(), **KW),
    "assessment": lambda: build_assessment_report(samples.assessment(), **KW),
    "claim_cover": lambda: build_claim_cover(samples.claim_cover(), files=samples.claim_files(), **KW),
    "fee_list": lambda: build_fee_list(samples.fee_list(), files=samples.claim_files(), **KW),
    "archive_list": lambda: build_archive_list(samples.archive_list(), **KW),
    "prescription": lambda: build_prescription(samples.prescription(), **KW),
    "approval": lambda: build_approval(samples.approval(), **KW),
    "value_assessment": lambda: build_value_assessment(samples.value_assessment(), **KW),
    "value_report": lambda: build_value_assessment(samples.value_report(), **KW),  # a signed version
    "notice": lambda: build_notice(samples.notice(), **KW),
    "transfer_summary": lambda: build_transfer_summary(samples.transfer_summary(), **KW),
}


@pytest.fixture(scope="module")
def built() -> dict[str, BuiltDocument]:
    return {kind: build() for kind, build in BUILDERS.items()}


@pytest.mark.parametrize("kind", BUILDERS)
def test_pdfa_3b_fonts_embedded_and_identical_rebuild(kind: str, built: dict[str, BuiltDocument],
                                                      tmp_path: Path) -> None:
    doc = built[kind]
    report = pdfa_3b_report(doc.pdf)
    assert report.passed, [str(f) for f in report.findings]
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(doc.pdf)
    fonts = font_rows(path)
    assert fonts and all(row["emb"] == "yes" for row in fonts), [row["line"] for row in fonts]
    assert all("WenQuanYi" in row["name"] for row in fonts)
    assert unexpected_preflight_errors(path) == []
    assert BUILDERS[kind]().pdf == doc.pdf  # byte-identical rebuild


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_page_has_furniture(kind: str, built: dict[str, BuiltDocument], tmp_path: Path) -> None:
    doc = built[kind]
    path = tmp_path / "doc.pdf"
    path.write_bytes(doc.pdf)
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:-1]
    assert pages
    for number, text in enumerate(pages, start=1):
        flat = text.replace(" ", "")
        assert f"第{number}页共{len(pages)}页" in flat
        assert doc.meta.doc_id in text and doc.meta.sha256 in text
        assert samples.ANCHOR.head_hash in text and samples.INSTITUTION.name in text


def test_hash_is_of_the_content_and_changes_with_it() -> None:
    data = samples.plan()
    doc = build_plan(data, **KW)
    assert doc.meta.sha256 == document_hash("plan", doc.meta.doc_id, data)
    changed = dataclasses.replace(data, goals=data.goals + "。")
    other = build_plan(changed, **KW)
    assert other.meta.sha256 != doc.meta.sha256 and other.pdf != doc.pdf


def test_xmp_declares_pdfa_3b_with_the_document_identity(built: dict[str, BuiltDocument]) -> None:
    doc = built["plan"]
    with pikepdf.open(io.BytesIO(doc.pdf)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"
        assert meta["dc:identifier"] == doc.meta.doc_id
        assert doc.meta.sha256 in str(meta["dc:description"])
        assert pdf.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFA1


@pytest.mark.parametrize("kind", ["claim_cover", "fee_list"])
def test_embedded_data_files_extract_intact(kind: str, built: dict[str, BuiltDocument]) -> None:
    """The data files, and beside them their SHA-256 list (what the cover prints, machine-
    readable under the PDF's signature) as a supplement."""
    expected = {f.filename: f for f in samples.claim_files()}
    with pikepdf.open(io.BytesIO(built[kind].pdf)) as pdf:
        assert set(pdf.attachments) == {*expected, SUMS_NAME}
        sums = pdf.attachments[SUMS_NAME]
        assert sums.get_file().read_bytes() == declared_sums(samples.claim_files())
        assert sums.obj.AFRelationship == pikepdf.Name.Supplement
        for name, spec in pdf.attachments.items():
            if name != SUMS_NAME:
                assert spec.get_file().read_bytes() == expected[name].data
                assert spec.obj.AFRelationship == pikepdf.Name.Data
        assert len(pdf.Root.AF) == len(expected) + 1
    lines = declared_sums(samples.claim_files()).decode("utf-8").splitlines()
    assert lines[0].startswith("# rehab-archive") and lines[1:] == [  # sorted by name
        f"{hashlib.sha256(f.data).hexdigest()}  {f.filename}"
        for f in sorted(samples.claim_files(), key=lambda f: f.filename)]


def test_unsupported_character_stops_the_export_naming_it() -> None:
    # CJK Extension G (U+30000): no shipped font has it (𠮷 of Extension B prints, from the
    # fallback font: test_rare_characters.py)
    case = dataclasses.replace(samples.CASE, patient_name="吉\U00030000祥")
    with pytest.raises(UnsupportedCharacter) as caught:
        build_plan(dataclasses.replace(samples.plan(), case=case), **KW)
    error = caught.value
    assert error.codepoint == 0x30000
    assert "\U00030000" in error.zh and "U+30000" in error.zh and "U+30000" in error.en
    assert "case.patient_name" in error.zh  # names the field


def test_unsupported_character_in_table_text_also_stops() -> None:
    data = samples.fee_list(3)
    row = dataclasses.replace(data.lines[0], name="运动疗法\U00031350")  # Extension H
    with pytest.raises(UnsupportedCharacter, match="U\\+31350"):
        build_fee_list(dataclasses.replace(data, lines=[row, *data.lines[1:]]), **KW)


def test_fallback_font_draws_what_the_main_font_lacks() -> None:
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # a Latin-only TrueType font
    chain = FontChain([FontFile("TestVera", vera), *shipped_fonts()])
    runs = chain.runs("Rehab 康复 A")
    assert runs == [("TestVera", "Rehab "), (shipped_fonts()[0].name, "康复"), ("TestVera", " A")]
    assert '<font face="WQYMicroHei">康复</font>' in chain.markup("Rehab 康复")
    assert chain.runs("吉𠮷") == [("WQYMicroHei", "吉"), ("RehabHanExtB", "𠮷")]
    with pytest.raises(UnsupportedCharacter):
        chain.runs("\U00030000")


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")[:-1]


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_fee_list_numbers_from_one_names_the_patient_and_subtotals_every_page(tmp_path: Path) -> None:
    data = dataclasses.replace(samples.fee_list(100), claim_id=987654)
    pages = _pages(build_fee_list(data, **KW).pdf, tmp_path)
    assert len(pages) >= 3
    numbers: list[int] = []
    page_subtotals: list[Decimal] = []
    for text in pages:
        flat = text.replace(" ", "")
        assert "姓名：李春华" in flat and "申报单号：987654（第1版）" in flat  # on every page
        for line in text.splitlines():
            cells = line.split()
            if cells and cells[0].isdigit() and len(cells) > 2 and cells[1].startswith("2026-"):
                numbers.append(int(cells[0]))
            if cells and cells[0] == "本页小计":
                page_subtotals.append(_money(cells[-1]))
        assert flat.count("本页小计") == 1  # one subtotal per page, the page's own
    assert numbers == list(range(1, len(data.lines) + 1))  # 序号 1..n, no database id
    last = pages[-1]
    categories = {cells[0]: _money(cells[-1]) for cells in map(str.split, last.splitlines())
                  if cells and cells[0] in ("康复治疗费", "药品费", "合计")}
    assert categories["康复治疗费"] == sum(r.amount for r in data.lines if r.category == "rehab")
    assert categories["药品费"] == sum(r.amount for r in data.lines if r.category == "drug")
    assert categories["康复治疗费"] + categories["药品费"] == categories["合计"] == data.total
    assert sum(page_subtotals) == data.total


def test_claim_cover_shows_identity_and_a_sign_off_block(tmp_path: Path) -> None:
    flat = "".join(_pages(build_claim_cover(samples.claim_cover(), **KW).pdf, tmp_path)).replace(" ", "")
    for label, value in samples.IDENTITY:
        assert label in flat and value.replace(" ", "") in flat
    for role in ("经办人（签字）", "审核人（签字）", "机构负责人（签字）"):
        assert role in flat
    assert flat.count("日期：＿") == 3 and "（机构盖章）" in flat


def test_fee_list_header_shows_identity(tmp_path: Path) -> None:
    first = _pages(build_fee_list(samples.fee_list(3), **KW).pdf, tmp_path)[0].replace(" ", "")
    for label, value in samples.IDENTITY:
        assert label in first and value.replace(" ", "") in first


@pytest.mark.parametrize("kind", [k for k in BUILDERS if k != "fee_list"])
def test_every_case_document_shows_the_whole_case_header(kind: str, built: dict[str, BuiltDocument],
                                                         tmp_path: Path) -> None:
    """Recognition number, grade, admission and discharge, agreement, approved items and
    counts: one block (case_header.case_fields) on every document naming a case."""
    first = _pages(built[kind].pdf, tmp_path)[0].replace(" ", "")
    for label, value in samples.IDENTITY:
        assert label in first and value.replace(" ", "") in first, (kind, label)


def test_assessment_conclusion_column_is_printed(built: dict[str, BuiltDocument], tmp_path: Path) -> None:
    flat = "".join(_pages(built["assessment"].pdf, tmp_path)).replace(" ", "")
    for row in samples.assessment().assessments:
        assert row.conclusion.replace(" ", "") in flat


def test_new_documents_say_what_they_hold(built: dict[str, BuiltDocument], tmp_path: Path) -> None:
    text = {kind: "".join(_pages(built[kind].pdf, tmp_path)).replace(" ", "").replace("\n", "")
            for kind in ("prescription", "approval", "value_assessment")}
    assert "下肢肌力训练" in text["prescription"] and "草稿" in text["prescription"]
    assert "已签名" in text["prescription"] and "王建国" in text["prescription"]
    assert "泸人社工伤康复核〔2026〕118号" in text["approval"]
    assert "泸州市劳动能力鉴定委员会" in text["approval"]
    assert "关节松动训练" in text["approval"] and "未限定" in text["approval"]
    assert "核准（确认）" in text["approval"] and "第十二条" in text["approval"]
    assert "经评估具有康复价值" in text["value_assessment"] and "建议住院康复治疗" in text["value_assessment"]
    assert "稳定期" in text["value_assessment"] and "早期介入、职业康复" in text["value_assessment"]
