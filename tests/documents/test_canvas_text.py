"""``TextCanvas`` writes the same bytes as ReportLab's own string drawing: every document kind,
the rare characters drawn from the fallback fonts, and a draft's watermark, built once with the
kept strings and once with every string drawn by ReportLab."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desktop_app.documents.canvas_text import TextCanvas
from desktop_app.documents.engine import BuiltDocument
from desktop_app.documents.fee_list import build_fee_list
from desktop_app.documents.page import DRAFT_WATERMARK
from tests.documents import samples, test_pdfs, test_rare_characters

KW = {"institution": samples.INSTITUTION, "anchor": samples.ANCHOR}
BUILDERS: dict[str, Callable[[], BuiltDocument]] = {
    **test_pdfs.BUILDERS,
    **{f"rare:{kind}": build for kind, build in test_rare_characters.BUILDERS.items()},
    "draft fee list": lambda: build_fee_list(samples.fee_list(), files=samples.claim_files(),
                                             watermark=DRAFT_WATERMARK, **KW),
}


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lines the short way wrote."""
    written: list[str] = []
    line = TextCanvas._line

    def counted(self: TextCanvas, x: float, y: float, operators: str) -> None:
        written.append(operators)
        line(self, x, y, operators)

    monkeypatch.setattr(TextCanvas, "_line", counted)
    return written


@pytest.mark.parametrize("kind", BUILDERS)
def test_kept_strings_write_reportlabs_bytes(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    written = _counting(monkeypatch)
    kept = BUILDERS[kind]().pdf
    assert written, "no string took the short way"
    monkeypatch.setattr(TextCanvas, "_show", lambda self, text, simple: None)  # ReportLab draws all
    assert BUILDERS[kind]().pdf == kept


def test_a_sheets_repeated_strings_are_formatted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    show = TextCanvas._show

    def recorded(self: TextCanvas, text: object, simple: bool) -> object:
        if simple and isinstance(text, str) and (self._fontname, self._fontsize, self._leading, text) \
                not in self._shown:
            shown.append(text)
        return show(self, text, simple)

    written = _counting(monkeypatch)
    monkeypatch.setattr(TextCanvas, "_show", recorded)
    test_pdfs.BUILDERS["execution_sheet"]()
    assert len(written) > 2 * len(shown)  # dates, times, codes and counts recur row after row
