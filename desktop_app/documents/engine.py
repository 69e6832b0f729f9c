"""Build a document: check its text, lay out the story under the page furniture, make it PDF/A-3b."""

from __future__ import annotations

import dataclasses
import io
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop_app.documents.fonts import FontChain, UnsupportedCharacter, default_chain
from desktop_app.documents.identity import AuditAnchor, DocumentMeta, Institution, as_content, make_meta
from desktop_app.documents.page import (
    DRAFT_TITLE_SUFFIX,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    MARGIN_X,
    FurnishedCanvas,
    Furniture,
    SignatureBand,
)
from desktop_app.documents.pdfa import FLATE_LEVEL, EmbeddedFile, make_pdfa
from desktop_app.documents.text import Writer

# Streams Flate-compressed only, not also ASCII85-encoded: pikepdf keeps a Flate stream as it
# is (``pdfa._compress``), while an ASCII85 one it would decode and compress again. ReportLab
# reads this at each save; nothing else in the application makes PDFs with ReportLab.
rl_config.useA85 = 0


def _deflate(data: str | bytes) -> bytes:
    """ReportLab's Flate filter at ``pdfa.FLATE_LEVEL`` (it calls zlib at the default level)."""
    return zlib.compress(data.encode("utf-8") if isinstance(data, str) else data, FLATE_LEVEL)


pdfdoc.PDFZCompress.encode = _deflate  # the one filter object every ReportLab stream uses


@dataclass(frozen=True)
class BuiltDocument:
    meta: DocumentMeta
    pdf: bytes


def check_content(chain: FontChain, data: Any, path: str = "") -> None:
    """Check every string of a builder's input before layout, naming the field that fails.
    The distinct characters of all the strings are checked at once first (a sheet's input
    has thousands of strings but a few hundred characters); only when one cannot be drawn
    is the input walked field by field to name it."""
    characters: set[str] = set()
    for text in _strings(data):
        characters.update(text)
    try:
        chain.check("".join(sorted(characters)))
    except UnsupportedCharacter:
        _check_fields(chain, data, path)
        raise  # not reached: some field holds the character


def _strings(data: Any) -> Iterator[str]:
    """Every string of a builder's input, in no set order: those ``as_content`` would give,
    read from the dataclasses' fields directly (``asdict`` copies every value)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, field.name) for field in dataclasses.fields(item))


def _check_fields(chain: FontChain, data: Any, path: str = "") -> None:
    """``chain.check`` each string in order, naming its field (``items[3].name``)."""
    data = as_content(data)
    if isinstance(data, str):
        chain.check(data, path or "文本")
    elif isinstance(data, Mapping):
        for key, value in data.items():
            _check_fields(chain, value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            _check_fields(chain, value, f"{path}[{i + 1}]")


def writer(chain: FontChain | None = None) -> Writer:
    return Writer(chain or default_chain())


def build_pdf(meta: DocumentMeta, story: Callable[[Writer], Sequence[Flowable]], *,
              content: Any = None, files: Iterable[EmbeddedFile] = (),
              chain: FontChain | None = None, pagesize: tuple[float, float] = A4,
              watermark: str | None = None) -> BuiltDocument:
    """Lay out ``story(writer)`` on furnished pages and return PDF/A-3b bytes; the last page
    ends with the signature band (``page.SignatureBand``). ``watermark`` (a draft's, e.g.
    ``page.DRAFT_WATERMARK``) is drawn diagonally over every page (``page.draw_watermark``).

    ``content`` (the builder's input) is checked against the fonts first, so a character
    no font has stops the export naming the field, before any layout work.
    """
    w = writer(chain)
    if content is not None:
        check_content(w.chain, content)
    flowables = [*story(w), SignatureBand(w)]  # the stamp's own area, should it be signed
    raw = io.BytesIO()
    doc = BaseDocTemplate(raw, pagesize=pagesize, invariant=1, initialFontName=w.chain.main,
                          leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=HEADER_HEIGHT,
                          bottomMargin=FOOTER_HEIGHT, title=meta.title, author=meta.institution.name,
                          creator="rehab-archive", lang="zh-CN")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(flowables, canvasmaker=partial(FurnishedCanvas, furniture=Furniture(meta, w, watermark)))
    return BuiltDocument(meta, make_pdfa(raw.getvalue(), meta, list(files)))


def issue(kind: str, doc_id: str, title: str, data: Any, *, institution: Institution, anchor: AuditAnchor,
          issued_at: datetime, subject: str, story: Callable[[Writer], Sequence[Flowable]],
          files: Iterable[EmbeddedFile] = (), chain: FontChain | None = None,
          pagesize: tuple[float, float] = A4, watermark: str | None = None) -> BuiltDocument:
    """Identity (id, content hash) of ``data`` plus the built PDF: what each builder calls.
    With a ``watermark`` (a draft's preview) the title says so too (``DRAFT_TITLE_SUFFIX``)."""
    if watermark:
        title += DRAFT_TITLE_SUFFIX
    meta = make_meta(kind, doc_id, title, institution, issued_at, anchor, data, subject)
    return build_pdf(meta, story, content=data, files=files, chain=chain, pagesize=pagesize,
                     watermark=watermark)
