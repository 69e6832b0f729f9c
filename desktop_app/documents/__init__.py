"""Archival PDFs (PDF/A-3b, embedded CJK font, byte-identical rebuilds) and their signing.

``engine.build_pdf`` lays out a story of flowables under the page furniture (header,
page numbers, footer with document id, SHA-256 and audit anchor, QR code) and turns the
result into PDF/A-3b. Each document kind has a module with its input dataclasses and a
builder; ``services.records.document_view`` fills those dataclasses from the archive
(documents never read the database themselves). No Qt here.
"""
