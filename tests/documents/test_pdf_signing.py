"""PAdES signatures on officer-issued PDFs: verify, detect a one-byte change, stay PDF/A-friendly."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from desktop_app.documents.claim_cover import build_claim_cover
from desktop_app.documents.execution_sheet import build_execution_sheet
from desktop_app.documents.pdf_signing import SigningFailed, sign_pdf, verify_pdf
from tests.documents import samples
from tests.documents.certs import PASSWORD, make_pkcs12
from tests.documents.pdf_checks import (
    all_fonts,
    font_rows,
    font_width_errors,
    overlaps,
    pdfa_3b_basics,
    unexpected_preflight_errors,
    words_on_page,
)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return make_pkcs12(tmp_path_factory.mktemp("cert"))


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return build_claim_cover(samples.claim_cover(), files=samples.claim_files(),
                             institution=samples.INSTITUTION, anchor=samples.ANCHOR).pdf


@pytest.fixture(scope="module")
def signed(unsigned: bytes, certificate: tuple[Path, object]) -> bytes:
    return sign_pdf(unsigned, certificate[0], PASSWORD, officer_name="孙丽", reason="结算申报经办人签章",
                    location="泸州")


def test_signed_pdf_verifies(signed: bytes, unsigned: bytes, certificate: tuple[Path, object]) -> None:
    check = verify_pdf(signed, [certificate[1]])
    assert check.valid, check.summary
    assert "泸州市工伤康复协议医院" in check.signer_subject
    assert signed.startswith(unsigned)  # an incremental update: the PDF/A document is kept as it was


def test_a_one_byte_change_fails_verification(signed: bytes, certificate: tuple[Path, object]) -> None:
    for offset in (len(signed) // 3, 1200):  # inside the page content and near the start
        tampered = bytearray(signed)
        tampered[offset] ^= 0x01
        assert not verify_pdf(bytes(tampered), [certificate[1]]).valid


def test_an_untrusted_certificate_fails(signed: bytes, tmp_path: Path) -> None:
    _, other = make_pkcs12(tmp_path, "别的机构")
    check = verify_pdf(signed, [other])
    assert check.intact and not check.trusted and not check.valid


def test_visible_stamp_uses_embedded_fonts_and_keeps_pdfa_metadata(signed: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    assert all(row["emb"] == "yes" for row in font_rows(path))
    # PDFBox Preflight (PDF/A-1b rules) finds nothing beyond what PDF/A-3 permits; in
    # particular the document info and the XMP still agree after pyHanko's update.
    assert unexpected_preflight_errors(path) == []
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        widget = next(a for a in pdf.pages[-1].Annots if a.get("/FT") == pikepdf.Name.Sig)
        assert int(widget.F) & 4  # printable, as PDF/A requires
        assert "/AP" in widget


def test_every_font_width_matches_its_embedded_program(signed: bytes) -> None:
    # Our own check (fontTools), not a validator's: the stamp's font had widths in font
    # units (1128 for a digit of 551/1000 em), which is what spread the stamp's text out.
    assert font_width_errors(signed) == []
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        assert any(f.get("/Subtype") == "/Type0" for f in all_fonts(pdf))  # the stamp's font was read


def test_signed_pdf_keeps_the_pdfa_3b_basics(signed: bytes) -> None:
    assert pdfa_3b_basics(signed) == []


def test_the_width_check_catches_a_wrong_width(unsigned: bytes) -> None:
    with pikepdf.open(io.BytesIO(unsigned)) as pdf:
        font = next(f for f in all_fonts(pdf) if f.get("/Subtype") == "/TrueType")
        first_checked = next(i for i, w in enumerate(font.Widths) if float(w) != 1000)
        font.Widths[first_checked] = float(font.Widths[first_checked]) * 2
        out = io.BytesIO()
        pdf.save(out)
    assert len(font_width_errors(out.getvalue())) == 1


def test_wrong_password_is_a_user_error(unsigned: bytes, certificate: tuple[Path, object]) -> None:
    with pytest.raises(SigningFailed, match="无法打开机构证书：密码错误"):
        sign_pdf(unsigned, certificate[0], "wrong", officer_name="孙丽", reason="签章", location="泸州")


def test_missing_certificate_file_is_a_user_error(unsigned: bytes, tmp_path: Path) -> None:
    with pytest.raises(SigningFailed, match="找不到机构证书文件"):
        sign_pdf(unsigned, tmp_path / "none.p12", PASSWORD, officer_name="孙丽", reason="签章",
                 location="泸州")


def _stamp_rect(signed: bytes) -> tuple[int, tuple[float, float, float, float]]:
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        widget = next(a for a in pdf.pages[-1].Annots if a.get("/FT") == pikepdf.Name.Sig)
        x1, y1, x2, y2 = (float(v) for v in widget.Rect)
        return len(pdf.pages), (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


@pytest.mark.parametrize("rows", [1, 12, 19, 21, 23, 26])  # the table ends high, mid-page and at the bottom
def test_the_stamp_covers_nothing_on_the_page(rows: int, certificate: tuple[Path, object],
                                              tmp_path: Path) -> None:
    sheet = build_execution_sheet(samples.execution_sheet(rows), institution=samples.INSTITUTION,
                                  anchor=samples.ANCHOR).pdf
    signed = sign_pdf(sheet, certificate[0], PASSWORD, officer_name="孙丽", reason="执行单审核签章",
                      location="泸州")
    pages, stamp = _stamp_rect(signed)
    path = tmp_path / "unsigned.pdf"  # the same pages without the stamp's own words
    path.write_bytes(sheet)
    words = words_on_page(path, pages)
    assert words  # the page's words were read
    covered = [text for text, box in words if overlaps(box, stamp)]
    assert covered == []
    assert any(text == "Signature" for text, _ in words)  # the band's label
    with pikepdf.open(path) as pdf:
        assert stamp[2] <= float(pdf.pages[-1].MediaBox[2]) - 45  # inside the right margin
