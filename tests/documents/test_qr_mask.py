"""The fast encoder makes exactly the code ReportLab's encoder does, and the page draws
exactly its modules, and the printed code scans (zbarimg, installed by the test set-up)."""

from __future__ import annotations

import io
import random
import string
import subprocess
from pathlib import Path

import pikepdf
import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QRUtil
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents import qr_mask
from desktop_app.documents.page import draw_qr


def payloads() -> list[str]:
    rng = random.Random(18004)
    out = [f"EXEC-2026-{n:06d}-09\nSHA-256:{rng.getrandbits(256):064x}" for n in range(40)]
    out += ["".join(rng.choice(string.ascii_letters + "中文档案𠮷\n") for _ in range(rng.randint(1, 120)))
            for _ in range(40)]
    # ReportLab's other modes (numeric, alphanumeric, kanji), the empty code, and sizes up to
    # the versions with version information (7+) and 16-bit byte counts (10+).
    out += ["0123456789" * 3, "HTTPS://EXAMPLE.ORG/ABC-123", "漢字", "", "x"]
    out += ["".join(rng.choice(string.printable) for _ in range(n)) for n in (150, 300, 700, 1200)]
    return out


def reportlab_rows(payload: str) -> list[str]:
    code = QrCodeWidget(payload, barLevel="M").qr
    code.make()
    return ["".join("1" if m else "0" for m in row) for row in code.modules]


def test_the_same_matrix_as_reportlab() -> None:
    versions, masks = set(), set()
    for payload in payloads():
        rows = qr_mask.matrix(payload)
        assert rows == reportlab_rows(payload), payload
        versions.add((len(rows) - 17) // 4)
        masks.add(rows[8][:6])  # the format bits there say the mask
    assert len(masks) > 1  # the payloads led to different masks: the choice was exercised
    assert min(versions) == 1 and any(7 <= v < 10 for v in versions) and max(versions) >= 27


def test_the_same_penalty_as_reportlab_for_every_mask() -> None:
    for payload in payloads()[::4]:
        code = QrCodeWidget(payload, barLevel="M").qr
        code.version = code.calculate_version()
        for mask in range(8):
            code.makeImpl(True, mask)
            assert qr_mask.penalty(code.modules) == QRUtil.getLostPoint(code), (payload, mask)


def test_too_long_a_payload_is_refused_as_by_reportlab() -> None:
    payload = "x" * 3000  # more than version 39 at level M holds
    with pytest.raises(Exception, match="code length overflow"):
        reportlab_rows(payload)
    with pytest.raises(ValueError, match="code length overflow"):
        qr_mask.matrix(payload)


PAYLOAD = "PRESC-GS2026-000001-1-4-4\nSHA-256:" + "f3" * 32
X, Y, SIZE = 400.0, 30.0, 60.0


def qr_page() -> bytes:
    out = io.BytesIO()
    canv = Canvas(out, pagesize=A4)
    draw_qr(canv, PAYLOAD, X, Y, SIZE)
    canv.showPage()
    canv.save()
    return out.getvalue()


def test_the_page_draws_exactly_the_modules() -> None:
    rows = qr_mask.matrix(PAYLOAD)
    count = len(rows)
    drawn = [["0"] * count for _ in range(count)]
    with pikepdf.open(io.BytesIO(qr_page())) as pdf:
        instructions = pikepdf.parse_content_stream(pdf.pages[0])
    transforms = [[float(v) for v in ops] for ops, op in instructions if str(op) == "cm"]
    assert transforms[-1] == pytest.approx([SIZE / count, 0, 0, SIZE / count, X, Y])
    pending = None
    for operands, operator in instructions:
        if str(operator) == "re":
            pending = [int(float(v)) for v in operands]
            assert [float(v) for v in operands] == pending  # whole modules
        elif str(operator) == "f":
            assert pending is not None
            col, bottom, width, height = pending
            assert height == 1 and width >= 1
            for c in range(col, col + width):
                assert drawn[count - 1 - bottom][c] == "0"  # no module filled twice
                drawn[count - 1 - bottom][c] = "1"
            pending = None
    assert ["".join(row) for row in drawn] == rows


def test_the_printed_code_scans(tmp_path: Path) -> None:
    (tmp_path / "qr.pdf").write_bytes(qr_page())
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(tmp_path / "qr.pdf"),
                    str(tmp_path / "qr")], check=True)
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "qr.png")],
                             capture_output=True, text=True, check=True).stdout
    assert scanned.rstrip("\n") == PAYLOAD
