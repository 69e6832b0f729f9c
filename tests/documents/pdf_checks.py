"""Independent checks of produced PDFs: poppler's pdffonts, pikepdf's PDF/A validator
(an allowlist built from veraPDF's rules), and Apache PDFBox Preflight."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf.pdfa

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
