"""Turn ReportLab's output into PDF/A-3b, deterministically.

ReportLab has no PDF/A mode. pikepdf adds what PDF/A-3b needs: the sRGB output intent,
an XMP packet declaring part 3 / conformance B that agrees with the document info,
and the data files embedded as associated files (``/AF``, ``/AFRelationship``).
Every value comes from the document's data (dates included) and the trailer ``/ID`` is
derived from the content (``deterministic_id``), so the same input gives the same bytes.

A document carrying data files also carries ``SUMS_NAME``, their SHA-256 as ``sha256sum``
lines under a fixed first line (``SUMS_HEADER``): the hashes the cover prints, machine-
readable and covered by the PDF's signature, which ``verify-package`` and the package's
offline script compare with the package's files (``package_content``). The content hash
printed on every page is in the XMP's ``dc:description`` (``… SHA-256 <hex>``).
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import AttachedFileSpec, Dictionary, Name, Pdf, String

from desktop_app.clock import CHINA
from desktop_app.documents.identity import DocumentMeta
from desktop_app.paths import resources_dir

PRODUCER = "rehab-archive (ReportLab, pikepdf)"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
RELATIONSHIPS = ("Source", "Data", "Alternative", "Supplement", "Unspecified")
SUMS_NAME = "data_files.sha256"
SUMS_HEADER = "# rehab-archive：随附数据文件的 SHA-256 / SHA-256 of the data files (sha256sum)\n".encode()
# zlib's level for every stream (ReportLab's too: ``engine``). Level 1 rather than zlib's
# default 6: measured on a claim's seven documents, 2.6 ms less a document for 5 % more
# bytes (about 47.6 → 51.0 KB of streams a document, 440 → 460 KB a claim).
FLATE_LEVEL = 1


@dataclass(frozen=True)
class EmbeddedFile:
    """A data file carried inside the PDF (PDF/A-3 associated file)."""

    filename: str
    data: bytes
    mime_type: str  # e.g. "text/csv", "application/json"
    description: str = ""
    relationship: str = "Data"  # how it relates to the document: Data, Source, Supplement…


@cache
def srgb_profile() -> bytes:
    return (resources_dir() / "icc" / "sRGB.icc").read_bytes()


@cache
def _srgb_deflated() -> bytes:
    """The profile as its stream holds it, compressed once per process."""
    return zlib.compress(srgb_profile(), FLATE_LEVEL)


def pdf_date(moment: datetime) -> str:
    local = moment.astimezone(CHINA)
    offset = local.strftime("%z")
    return local.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def xmp_date(moment: datetime) -> str:
    return moment.astimezone(CHINA).isoformat(timespec="seconds")


def xmp_packet(meta: DocumentMeta) -> bytes:
    """The XMP metadata: PDF/A identification plus what the document info says."""
    when = xmp_date(meta.issued_at)
    description = f"{meta.subject} SHA-256 {meta.sha256}".strip()
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(meta.institution.name)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(description)}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:identifier>{escape(meta.doc_id)}</dc:identifier>
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def _document_info(pdf: Pdf, meta: DocumentMeta) -> None:
    """Replace ReportLab's info with entries equal to the XMP (PDF/A requires it). No
    /Producer: pyHanko, when signing, sets the info's to "<old>; pyHanko" but the XMP's to
    "pyHanko" alone, which would break PDF/A; without one it writes the same in both."""
    when = pdf_date(meta.issued_at)
    pdf.trailer.Info = pdf.make_indirect(Dictionary(
        Title=String(meta.title), Author=String(meta.institution.name),
        Subject=String(f"{meta.subject} SHA-256 {meta.sha256}".strip()),
        Creator=String(PRODUCER), CreationDate=String(when), ModDate=String(when)))


def _output_intent(pdf: Pdf) -> None:
    profile = pdf.make_stream(_srgb_deflated(), Filter=Name.FlateDecode, N=3)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String(OUTPUT_CONDITION),
        Info=String(OUTPUT_CONDITION), RegistryName=String("http://www.color.org"),
        DestOutputProfile=profile))])


def declared_sums(files: Sequence[EmbeddedFile]) -> bytes:
    """``SUMS_NAME``: the header, then one ``<sha256>  <name>`` line per file, sorted by name."""
    return SUMS_HEADER + "".join(f"{hashlib.sha256(f.data).hexdigest()}  {f.filename}\n"
                                 for f in sorted(files, key=lambda f: f.filename)).encode("utf-8")


def _embed(pdf: Pdf, files: Sequence[EmbeddedFile], when: datetime) -> None:
    if any(f.filename == SUMS_NAME for f in files):
        raise ValueError(f"{SUMS_NAME} is the document's own list of its data files")
    associated = pikepdf.Array()
    stamp = pdf_date(when)
    if files:
        files = [*files, EmbeddedFile(SUMS_NAME, declared_sums(files), "text/plain",
                                      "随附数据文件的 SHA-256 / SHA-256 of the data files", "Supplement")]
    for item in sorted(files, key=lambda f: f.filename):
        if item.relationship not in RELATIONSHIPS:
            raise ValueError(f"unknown AFRelationship {item.relationship!r}")
        spec = AttachedFileSpec(pdf, item.data, description=item.description or item.filename,
                                filename=item.filename, mime_type=item.mime_type,
                                creation_date=stamp, mod_date=stamp,
                                relationship=Name("/" + item.relationship))
        pdf.attachments[item.filename] = spec
        associated.append(spec.obj)
    if files:
        pdf.Root.AF = associated


def make_pdfa(raw: bytes, meta: DocumentMeta, files: Sequence[EmbeddedFile] = ()) -> bytes:
    """PDF/A-3b bytes of ReportLab's ``raw`` output."""
    with Pdf.open(io.BytesIO(raw)) as pdf:
        missing = unembedded_fonts(pdf)
        if missing:  # a bug in a builder: PDF/A (and a 30-year archive) needs every font embedded
            raise RuntimeError(f"fonts not embedded: {', '.join(sorted(set(missing)))}")
        for page in pdf.pages:
            if "/Trans" in page.obj and len(page.obj.Trans.keys()) == 0:
                del page.obj.Trans
        _document_info(pdf, meta)
        metadata = pdf.make_stream(xmp_packet(meta))
        metadata.Type = Name.Metadata
        metadata.Subtype = Name.XML
        pdf.Root.Metadata = metadata
        _output_intent(pdf)
        _embed(pdf, files, meta.issued_at)
        pdf.Root.Lang = String("zh-CN")
        _compress(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False, min_version="1.7",
                 compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        return out.getvalue()


def _compress(pdf: Pdf) -> None:
    """Flate-compress the streams that are not yet (the data files), as qpdf's
    ``compress_streams`` would, but without its cost: with it, qpdf also decodes every stream
    already Flate-compressed (ReportLab's font subsets and pages: 3–5 ms a document) to
    write the same bytes, and decoded and compressed again the ASCII85 ones ReportLab used
    to write. The XMP stays plain text, as qpdf leaves it; a one-filter array becomes the
    filter's name, as qpdf writes it."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.get("/Filter")
        if filters is None:
            if obj.get("/Type") != Name.Metadata:
                obj.write(zlib.compress(obj.read_raw_bytes(), FLATE_LEVEL), filter=Name.FlateDecode)
        elif isinstance(filters, pikepdf.Array) and len(filters) == 1:
            obj.Filter = filters[0]


def unembedded_fonts(pdf: Pdf) -> list[str]:
    """Base names of fonts used without an embedded font program (pages and their forms)."""
    missing: list[str] = []
    seen: set[tuple[int, int]] = set()

    def visit(resources: pikepdf.Object | None) -> None:
        if not isinstance(resources, Dictionary):
            return
        for font in (resources.get("/Font") or Dictionary()).values():
            if font.is_indirect and font.objgen in seen:
                continue
            if font.is_indirect:
                seen.add(font.objgen)
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in FONT_FILES):
                missing.append(str(font.get("/BaseFont", "?")))
        for xobject in (resources.get("/XObject") or Dictionary()).values():
            if xobject.get("/Subtype") == Name.Form and not (xobject.is_indirect and xobject.objgen in seen):
                if xobject.is_indirect:
                    seen.add(xobject.objgen)
                visit(xobject.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return missing
