"""Independent checks of produced PDFs: poppler's pdffonts, pikepdf's PDF/A validator
(an allowlist built from veraPDF's rules), Apache PDFBox Preflight, and our own reading of
the fonts (fontTools) and PDF/A-3b basics, which trusts no validator."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pikepdf.pdfa
from fontTools.ttLib import TTFont

PREFLIGHT_JARS = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation",
                  "jaxb-api"]
# Preflight knows only PDF/A-1b. These findings are what PDF/A-3b permits and PDF/A-1b
# does not; anything else it reports is a real problem.
PDFA1_ONLY = {
    "1.2.9": "embedded file in a file specification (allowed in PDF/A-3)",
    "1.4.7": "EmbeddedFiles name tree (allowed in PDF/A-3)",
    "2.1.6": "ICC profile version 4 (PDF/A-1 wants version 2; PDF/A-2/3 accept 4)",
    "3.1.11": "no CIDSet for a subset CID font (required by PDF/A-1 only)",
    "7.11.2": "pdfaid:part is 3, not 1",
}


def font_rows(pdf_path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, and whether each font is embedded."""
    out = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type… encoding emb sub uni object ID: read "emb" counting from the right.
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def pdfa_3b_report(pdf: bytes) -> pikepdf.pdfa.Report:
    return pikepdf.pdfa.validate_written(io.BytesIO(pdf), "3b")


def preflight_errors(pdf_path: Path) -> list[tuple[str, str]]:
    """PDFBox Preflight's (code, message) findings; empty when it calls the file valid."""
    classpath = ":".join(f"/usr/share/java/{jar}.jar" for jar in PREFLIGHT_JARS)
    command = ["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(pdf_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if "is a valid PDF/A-1b file" in result.stdout:
        return []
    findings = []
    for line in result.stdout.splitlines():
        code, sep, message = line.partition(" : ")
        if sep and code.strip()[:1].isdigit():
            findings.append((code.strip(), message.strip()))
    if not findings:
        raise AssertionError(f"preflight gave no verdict:\n{result.stdout}\n{result.stderr}")
    return findings


def unexpected_preflight_errors(pdf_path: Path) -> list[tuple[str, str]]:
    return [f for f in preflight_errors(pdf_path) if f[0] not in PDFA1_ONLY]


# --- An independent structural check (pikepdf only reads objects; fontTools reads the fonts) ---

def _fonts_in(resources: object, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Dictionary]:
    """Every font reachable from a resource dictionary, form XObjects and Type3 resources included."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for font in (resources.get("/Font") or {}).values():
        if font.objgen not in seen:
            seen.add(font.objgen)
            yield font
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(xobject.objgen)
            yield from _fonts_in(xobject.get("/Resources"), seen)


def all_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The fonts of every page and of every annotation appearance (a signature stamp's, too)."""
    seen: set[tuple[int, int]] = set()
    fonts: list[pikepdf.Dictionary] = []
    for page in pdf.pages:
        fonts.extend(_fonts_in(page.obj.get("/Resources"), seen))
        for annot in page.obj.get("/Annots") or []:
            for appearance in (annot.get("/AP") or {}).values():
                streams = appearance.values() if isinstance(appearance, pikepdf.Dictionary) and \
                    not isinstance(appearance, pikepdf.Stream) else [appearance]
                for stream in streams:
                    fonts.extend(_fonts_in(stream.get("/Resources"), seen))
    return fonts


def _cid_widths(w_array: pikepdf.Array) -> dict[int, float]:
    """A CIDFont's ``/W``: ``c [w1 w2 …]`` and ``c_first c_last w`` entries."""
    items = list(w_array)
    widths: dict[int, float] = {}
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for k, width in enumerate(items[i + 1]):
                widths[first + k] = float(width)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = float(items[i + 2])
            i += 3
    return widths


def _simple_code_to_glyph(tt: TTFont) -> dict[int, str]:
    """A simple TrueType font's code -> glyph, by the (3,0) or (1,0) cmap as ISO 32000 9.6.6.4 says."""
    for platform, encoding in ((3, 0), (1, 0), (3, 1)):
        table = tt["cmap"].getcmap(platform, encoding)
        if table is not None:
            offset = 0xF000 if (platform, encoding) == (3, 0) else 0
            return {code - offset if code >= offset else code: name for code, name in table.cmap.items()}
    return {}


def font_width_errors(pdf_bytes: bytes) -> list[str]:
    """Each embedded TrueType font's widths against its own glyph advances in 1/1000 em.

    ISO 19005-3 §6.2.11.5: the widths in the font dictionary must agree with the embedded
    font program. Differences over 1 (rounding) are reported as "font: code width≠expected".
    """
    errors: list[str] = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for font in all_fonts(pdf):
            name = str(font.get("/BaseFont"))
            if font.get("/Subtype") == "/Type0":
                cid_font = font.DescendantFonts[0]
                program = cid_font.FontDescriptor.get("/FontFile2")
                if program is None:
                    errors.append(f"{name}: no /FontFile2")
                    continue
                if cid_font.get("/CIDToGIDMap", pikepdf.Name.Identity) != pikepdf.Name.Identity:
                    errors.append(f"{name}: CIDToGIDMap is not /Identity (not handled here)")
                    continue
                tt = TTFont(io.BytesIO(program.read_bytes()))
                scale = 1000 / tt["head"].unitsPerEm
                order = tt.getGlyphOrder()
                default = float(cid_font.get("/DW", 1000))
                widths = _cid_widths(cid_font.get("/W", pikepdf.Array()))
                for cid, width in sorted(widths.items()):
                    expected = tt["hmtx"][order[cid]][0] * scale
                    if abs(width - expected) > 1:
                        errors.append(f"{name}: CID {cid} width {width:g}≠{expected:.0f}")
                if not widths and default != 1000:
                    errors.append(f"{name}: no /W and /DW {default:g}")
            elif font.get("/Subtype") == "/TrueType":
                program = font.FontDescriptor.get("/FontFile2")
                if program is None:
                    errors.append(f"{name}: no /FontFile2")
                    continue
                tt = TTFont(io.BytesIO(program.read_bytes()))
                scale = 1000 / tt["head"].unitsPerEm
                glyphs = _simple_code_to_glyph(tt)
                first = int(font.FirstChar)
                for k, width in enumerate(font.Widths):
                    glyph = glyphs.get(first + k)
                    if glyph is None:
                        continue
                    expected = tt["hmtx"][glyph][0] * scale
                    if abs(float(width) - expected) > 1:
                        errors.append(f"{name}: code {first + k} width {float(width):g}≠{expected:.0f}")
            else:
                errors.append(f"{name}: unexpected font type {font.get('/Subtype')}")
    return errors


def pdfa_3b_basics(pdf_bytes: bytes) -> list[str]:
    """What PDF/A-3b needs of any file, read from its objects: the XMP's pdfaid part 3 and
    conformance B, every font's program embedded, no encryption, and a printable,
    appearance-carrying signature widget."""
    problems: list[str] = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/Encrypt" in pdf.trailer:
            problems.append("encrypted")
        metadata = pdf.Root.get("/Metadata")
        if metadata is None:
            problems.append("no XMP metadata")
        else:
            root = ElementTree.fromstring(metadata.read_bytes())
            ids = {key: value for element in root.iter() for key, value in
                   [*element.attrib.items(), (element.tag, (element.text or "").strip())]
                   if key.startswith("{http://www.aiim.org/pdfa/ns/id/}")}
            part = ids.get("{http://www.aiim.org/pdfa/ns/id/}part")
            conformance = ids.get("{http://www.aiim.org/pdfa/ns/id/}conformance")
            if (part, conformance) != ("3", "B"):
                problems.append(f"pdfaid part/conformance {part}/{conformance}")
        for font in all_fonts(pdf):
            described = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            descriptor = described.get("/FontDescriptor")
            programs = ("/FontFile", "/FontFile2", "/FontFile3")
            if descriptor is None or not any(k in descriptor for k in programs):
                problems.append(f"font not embedded: {font.get('/BaseFont')}")
        for page in pdf.pages:
            for annot in page.obj.get("/Annots") or []:
                if not int(annot.get("/F", 0)) & 4:
                    problems.append(f"annotation not printable: {annot.get('/Subtype')}")
                if "/AP" not in annot:
                    problems.append(f"annotation without appearance: {annot.get('/Subtype')}")
    return problems


def words_on_page(pdf_path: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """poppler's words of one page (1-based) with their boxes in PDF points, origin bottom-left
    (annotation appearances included: read an unsigned file for the page content alone)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf_path), "-"],
                         capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(out.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    page_el = root.find(".//page")
    assert page_el is not None
    height = float(page_el.attrib["height"])
    return [(word.text or "", (float(word.attrib["xMin"]), height - float(word.attrib["yMax"]),
                               float(word.attrib["xMax"]), height - float(word.attrib["yMin"])))
            for word in page_el.iter("word")]


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
