"""The PDF/A save compresses each stream once: ReportLab's Flate streams (font subsets, pages,
forms) pass through pikepdf as they are, the rest (data files, ICC profile) is compressed
by ``pdfa``, and the XMP stays plain text."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
import pytest

from desktop_app.documents import engine
from desktop_app.documents.assessment_report import build_assessment_report
from desktop_app.documents.claim_cover import build_claim_cover
from desktop_app.documents.engine import BuiltDocument
from desktop_app.documents.execution_sheet import build_execution_sheet
from desktop_app.documents.pdfa import FLATE_LEVEL, srgb_profile
from tests.documents import samples

KW = {"institution": samples.INSTITUTION, "anchor": samples.ANCHOR}
BUILDERS: dict[str, Callable[[], BuiltDocument]] = {
    "claim_cover": lambda: build_claim_cover(samples.claim_cover(), files=samples.claim_files(), **KW),
    "assessment": lambda: build_assessment_report(samples.assessment(), **KW),  # a chart
    "execution_sheet": lambda: build_execution_sheet(samples.execution_sheet(), **KW),
}


@dataclass(frozen=True)
class Stream:
    type: str | None
    subtype: str | None
    filter: str  # as written: a name, an array, or "" for none
    keys: frozenset[str]
    raw: bytes  # as stored
    data: bytes  # decoded


def streams(pdf: bytes) -> list[Stream]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [Stream(str(obj.get("/Type")) if "/Type" in obj else None,
                       str(obj.get("/Subtype")) if "/Subtype" in obj else None, repr(obj.get("/Filter", "")),
                       frozenset(obj.keys()), obj.read_raw_bytes(), obj.read_bytes())
                for obj in doc.objects if isinstance(obj, pikepdf.Stream)]


def build_capturing_raw(kind: str, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    """ReportLab's output and the PDF/A made of it."""
    raw: list[bytes] = []
    make_pdfa = engine.make_pdfa

    def capture(data: bytes, *args: object, **kwargs: object) -> bytes:
        raw.append(data)
        return make_pdfa(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "make_pdfa", capture)
    pdf = BUILDERS[kind]().pdf
    assert len(raw) == 1
    return raw[0], pdf


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_stream_is_flate_once_but_the_xmp(kind: str) -> None:
    found = set()
    for stream in streams(BUILDERS[kind]().pdf):
        found.add(stream.type)
        if stream.type == "/Metadata":
            assert stream.filter == repr("")
            assert stream.raw.startswith(b"<?xpacket")
        else:
            assert stream.filter == repr(pikepdf.Name.FlateDecode)  # one filter, no ASCII85
            assert zlib.decompress(stream.raw) == stream.data
        if "/N" in stream.keys and "/Subtype" not in stream.keys:  # the ICC profile
            found.add("ICC")
            assert stream.data == srgb_profile()
    assert {"/Metadata", "ICC"} <= found
    if kind == "claim_cover":
        assert "/EmbeddedFile" in found


@pytest.mark.parametrize("kind", BUILDERS)
def test_reportlabs_streams_pass_through_unchanged(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not inflated and deflated again by pikepdf: each of ReportLab's streams is in the
    PDF/A byte for byte, compressed once, at ``FLATE_LEVEL`` (font subsets included) but
    for images, which ReportLab's image code compresses at zlib's default."""
    raw, pdf = build_capturing_raw(kind, monkeypatch)
    theirs = streams(raw)
    ours = {stream.raw for stream in streams(pdf)}
    assert any("/Length1" in s.keys for s in theirs)  # a font program among them
    images = 0
    for stream in theirs:
        assert stream.filter == repr(pikepdf.Array([pikepdf.Name.FlateDecode]))  # no ASCII85
        assert stream.raw in ours
        images += stream.subtype == "/Image"
        assert zlib.compress(stream.data, 6 if stream.subtype == "/Image" else FLATE_LEVEL) == stream.raw
    assert images == (kind == "execution_sheet")  # the patient's handwritten signature
