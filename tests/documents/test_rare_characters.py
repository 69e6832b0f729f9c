"""Names and notes with hanzi WenQuanYi Micro Hei lacks (CJK Extensions A–F) print in every
document kind from the shipped HanaMin subsets, embedded, with correct widths; the stamp of
a signer so named draws its name; only a character no shipped font has stops the export."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from reportlab.graphics.shapes import String

from desktop_app.documents.archive_list import ArchiveEntry, build_archive_list
from desktop_app.documents.assessment_report import build_assessment_report
from desktop_app.documents.chart import score_chart
from desktop_app.documents.claim_cover import build_claim_cover
from desktop_app.documents.engine import BuiltDocument
from desktop_app.documents.execution_sheet import build_execution_sheet
from desktop_app.documents.fee_list import build_fee_list
from desktop_app.documents.fonts import UnsupportedCharacter, default_chain, shipped_fonts
from desktop_app.documents.pdf_signing import sign_pdf, verify_pdf
from desktop_app.documents.plan import build_plan
from desktop_app.documents.signing_sheet import SigningSheetData, build_signing_sheet
from tests.documents import samples
from tests.documents.certs import PASSWORD, make_pkcs12
from tests.documents.pdf_checks import (
    all_fonts,
    font_rows,
    font_width_errors,
    pdfa_3b_basics,
    pdfa_3b_report,
    unexpected_preflight_errors,
)

NAME = "𠮷某"  # U+20BB7, CJK Extension B
NOTE = "咬合（𬌗）关系训练，龚䶮协助"  # 𬌗 U+2C317 Extension E; 䶮 U+4DAE Extension A
RARE = ("𠮷", "𬌗", "䶮")
NO_FONT = "\U00030000"  # CJK Extension G: no shipped font has it
KW = {"institution": samples.INSTITUTION, "anchor": samples.ANCHOR}
CASE = dataclasses.replace(samples.CASE, patient_name=NAME, diagnosis="S02.6 下颌骨骨折（" + NOTE + "）")
PATIENT = dataclasses.replace(samples.PATIENT, signer_name=NAME)
THERAPIST = "张𬌗"


def _rows() -> list:  # type: ignore[type-arg]
    return [dataclasses.replace(r, therapist=THERAPIST, location=NOTE)
            for r in samples.execution_sheet(6).rows]


BUILDERS: dict[str, Callable[[], BuiltDocument]] = {
    "plan": lambda: build_plan(dataclasses.replace(
        samples.plan(), case=CASE, precautions=NOTE, signatures=(PATIENT, samples.PHYSICIAN)), **KW),
    "execution_sheet": lambda: build_execution_sheet(dataclasses.replace(
        samples.execution_sheet(), case=CASE, rows=_rows(), signatures=(PATIENT, samples.PHYSICIAN)), **KW),
    "signing_sheet": lambda: build_signing_sheet(
        SigningSheetData(CASE, "2026-11-02 至 2026-11-04", _rows(), samples.ISSUED), **KW),
    "assessment": lambda: build_assessment_report(dataclasses.replace(
        samples.assessment(), case=CASE, instrument_name="改良 Barthel 指数（𠮷）", outcome=NOTE), **KW),
    "claim_cover": lambda: build_claim_cover(dataclasses.replace(
        samples.claim_cover(), case=CASE, payment_terms=NOTE,
        signatures=(dataclasses.replace(samples.PHYSICIAN, signer_name=NAME),)),
        files=samples.claim_files(), **KW),
    "fee_list": lambda: build_fee_list(dataclasses.replace(samples.fee_list(8), patient_name=NAME), **KW),
    "archive_list": lambda: build_archive_list(dataclasses.replace(
        samples.archive_list(), case=CASE,
        entries=[*samples.archive_list().entries,
                 ArchiveEntry("康复评估", NOTE, "assessment #45", "2026-11-20", "signed", "29" * 32)]), **KW),
}


@pytest.fixture(scope="module")
def built() -> dict[str, BuiltDocument]:
    return {kind: build() for kind, build in BUILDERS.items()}


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_kind_prints_the_rare_name_from_the_embedded_fallback(
        kind: str, built: dict[str, BuiltDocument], tmp_path: Path) -> None:
    pdf = built[kind].pdf
    text = _text(pdf, tmp_path).replace(" ", "")
    assert NAME in text  # case header, page furniture's subject or the fee list's name line
    if kind != "fee_list":
        assert "𬌗" in text
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)
    rows = font_rows(path)
    assert all(row["emb"] == "yes" for row in rows), [row["line"] for row in rows]
    assert any("RehabHanExtB" in row["name"] for row in rows), [row["line"] for row in rows]
    assert all("WenQuanYi" in row["name"] or "RehabHanExt" in row["name"] for row in rows)


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_kind_stays_pdfa_with_widths_matching_the_fallback_program(
        kind: str, built: dict[str, BuiltDocument], tmp_path: Path) -> None:
    pdf = built[kind].pdf
    report = pdfa_3b_report(pdf)
    assert report.passed, [str(f) for f in report.findings]
    assert pdfa_3b_basics(pdf) == []
    assert font_width_errors(pdf) == []
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)
    assert unexpected_preflight_errors(path) == []
    assert BUILDERS[kind]().pdf == pdf  # byte-identical rebuild


def test_the_embedded_fallback_subsets_draw_outlines(built: dict[str, BuiltDocument]) -> None:
    # Our own reading of the embedded programs: every glyph ReportLab took from the fallback
    # fonts has an outline (some renderers draw nothing for an empty or missing glyph).
    fallback = 0
    with pikepdf.open(io.BytesIO(built["plan"].pdf)) as pdf:
        for font in all_fonts(pdf):
            if "RehabHanExt" not in str(font.get("/BaseFont")):
                continue
            fallback += 1
            program = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
            glyphs = program.getGlyphOrder()[1:]
            assert glyphs, str(font.BaseFont)
            assert all(program["glyf"][g].numberOfContours != 0 for g in glyphs), str(font.BaseFont)
    assert fallback == 2  # Extension A (䶮) and Extensions B–F (𠮷, 𬌗)


def test_fallback_fonts_are_truetype_outlines_with_their_licence() -> None:
    fonts = shipped_fonts()
    assert [f.name for f in fonts] == ["WQYMicroHei", "RehabHanExtA", "RehabHanExtB"]
    for font in fonts[1:]:
        with TTFont(font.path, lazy=True) as tt:
            assert "glyf" in tt and "CFF " not in tt  # ReportLab embeds TrueType outlines only
            assert tt["OS/2"].fsType == 0  # installable embedding
            # every advance listed: ReportLab misreads those after numberOfHMetrics (fallback_font.py)
            assert tt["hhea"].numberOfHMetrics == tt["maxp"].numGlyphs
    licence = (fonts[1].path.parent / "LICENSE-rehab-han-ext.txt").read_text(encoding="utf-8")
    assert "Hanazono Font License" in licence and "with or without modification" in licence
    chain = default_chain()
    assert [chain.font_for(c) for c in "吉䶮𠮷𬌗"] == ["WQYMicroHei", "RehabHanExtA", "RehabHanExtB",
                                                    "RehabHanExtB"]


def test_a_character_no_shipped_font_has_stops_the_export_naming_it() -> None:
    case = dataclasses.replace(CASE, patient_name=NAME + NO_FONT)
    with pytest.raises(UnsupportedCharacter) as caught:
        build_plan(dataclasses.replace(samples.plan(), case=case), **KW)
    error = caught.value
    assert error.codepoint == 0x30000
    assert NO_FONT in error.zh and "U+30000" in error.zh and "U+30000" in error.en
    assert "case.patient_name" in error.zh


def test_a_no_font_character_in_a_table_cell_also_stops() -> None:
    data = samples.fee_list(3)
    row = dataclasses.replace(data.lines[0], name="运动疗法\U0003134A")
    with pytest.raises(UnsupportedCharacter, match="U\\+3134A"):
        build_fee_list(dataclasses.replace(data, lines=[row, *data.lines[1:]]), **KW)


def test_a_signer_named_with_a_rare_character_gets_a_stamp_that_draws_it(
        built: dict[str, BuiltDocument], tmp_path: Path) -> None:
    p12, root = make_pkcs12(tmp_path)
    signed = sign_pdf(built["claim_cover"].pdf, p12, PASSWORD, officer_name=NAME, reason=NOTE,
                      location="泸州")
    assert verify_pdf(signed, [root]).valid
    assert font_width_errors(signed) == []
    assert pdfa_3b_basics(signed) == []
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        widget = next(a for a in pdf.pages[-1].Annots if a.get("/FT") == pikepdf.Name.Sig)
        stamp_fonts = all_fonts_of(widget)
        assert len(stamp_fonts) == 1  # pyHanko's engine takes one font: the merged stamp font
        program = TTFont(io.BytesIO(stamp_fonts[0].DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
    # It has the fallbacks' outlines for 𠮷 䶮 𬌗 besides the main face's glyphs
    cmap = program.getBestCmap() or {}
    for char in RARE:
        assert program["glyf"][cmap[ord(char)]].numberOfContours > 0, char
    text = _text(signed, tmp_path)  # the widget's appearance is read too
    assert f"签章：{NAME}" in text and "𬌗" in text, text


def all_fonts_of(widget: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    seen: list[pikepdf.Dictionary] = []

    def walk(stream: pikepdf.Object) -> None:
        resources = stream.get("/Resources") or {}
        seen.extend((resources.get("/Font") or {}).values())
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject)

    walk(widget.AP.N)
    return seen


def test_a_stamp_for_a_signer_with_a_no_font_character_is_refused(
        built: dict[str, BuiltDocument], tmp_path: Path) -> None:
    p12, _ = make_pkcs12(tmp_path)
    with pytest.raises(UnsupportedCharacter, match="U\\+30000"):
        sign_pdf(built["plan"].pdf, p12, PASSWORD, officer_name=NAME + NO_FONT, reason="核准",
                 location="泸州")


def test_the_refusal_names_every_character_no_font_has() -> None:
    text = "吉\U00030000𠮷\U00031350某\U00030000"
    with pytest.raises(UnsupportedCharacter) as caught:
        default_chain().check(text, "case.patient_name")
    error = caught.value
    assert error.chars == "\U00030000\U00031350"
    assert "U+30000" in error.zh and "U+31350" in error.zh and "U+31350" in error.en
    assert "U+20BB7" not in error.zh  # 𠮷 is drawn by a fallback font: not refused


def test_chart_labels_needing_a_fallback_are_drawn_run_by_run() -> None:
    drawing = score_chart(default_chain(), ["康复前", "𠮷 复评"], [40, 70], 100, "Barthel（𬌗）")
    strings = [(s.fontName, s.text) for s in drawing.contents if isinstance(s, String)]
    assert ("RehabHanExtB", "𠮷") in strings and ("RehabHanExtB", "𬌗") in strings
    assert ("WQYMicroHei", "康复前") in strings  # every label is drawn by hand once one needs it
    with pytest.raises(UnsupportedCharacter, match="U\\+30000"):
        score_chart(default_chain(), ["康复前", NO_FONT], [40, 70], 100, "Barthel")
