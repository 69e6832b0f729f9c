"""The fast mask choice picks exactly the mask, and so draws exactly the code, that
ReportLab's own encoder does."""

from __future__ import annotations

import random
import string

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QRUtil

from desktop_app.documents import qr_mask


def payloads() -> list[str]:
    rng = random.Random(18004)
    out = [f"EXEC-2026-{n:06d}-09\nSHA-256:{rng.getrandbits(256):064x}" for n in range(40)]
    out += ["".join(rng.choice(string.ascii_letters + "中文档案") for _ in range(rng.randint(1, 120)))
            for _ in range(40)]
    return out


def test_the_same_penalty_and_mask_as_reportlab() -> None:
    masks = set()
    for payload in payloads():
        theirs = QrCodeWidget(payload, barLevel="M").qr
        theirs.make()
        ours = QrCodeWidget(payload, barLevel="M").qr
        qr_mask.make(ours)
        assert ours.modules == theirs.modules, payload
        for mask in range(8):  # the scores agree for every mask, not only the best
            theirs.makeImpl(True, mask)
            assert qr_mask.penalty(theirs.modules) == QRUtil.getLostPoint(theirs), (payload, mask)
        masks.add(ours.modules[8][:6].__repr__())
    assert len(masks) > 1  # the payloads led to different masks: the choice was exercised
