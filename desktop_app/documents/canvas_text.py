"""A canvas whose one-line strings cost a dictionary lookup once drawn before.

A data table draws each line of each cell with ``drawString`` (or its right-aligned and
centred forms), and every call builds a text object, measures the string, splits it into
the font's subsets and formats the operators: about half of an execution sheet's layout
time. Yet a sheet's rows repeat the same dates, codes, names and counts. Within one
document the operators that show a string in a font at a size are always the same (a
character's code in the subset is fixed once it is first used), so ``TextCanvas`` writes
them once and keeps them: the page content is byte for byte what ReportLab's own calls
write (``tests/documents/test_canvas_text.py`` compares whole documents).

Only the plain case takes the short way (a TrueType font, bottom-up coordinates, no
render mode, character or word spacing, direction or shaping, a plain ``str``, and no
bidirectional support installed, which would reorder the text first);
everything else goes to ReportLab as before.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import rtlSupport

# A string as kept: the operators between its origin and "T*", and its width.
Shown = tuple[str, float]


class TextCanvas(Canvas):
    """``Canvas`` with ``drawString``, ``drawRightString`` and ``drawCentredString`` kept
    per distinct string (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (font name, size, leading, text) → the string as kept, or None: ReportLab draws it
        self._shown: dict[tuple[str, float, float, str], Shown | None] = {}

    def _show(self, text: object, simple: bool) -> Shown | None:
        """The operators and width of ``text`` in the current font, or None where ReportLab
        must draw it itself."""
        if not simple or rtlSupport or type(text) is not str or not self.bottomup:
            return None
        key = (self._fontname, self._fontsize, self._leading, text)
        try:
            return self._shown[key]
        except KeyError:
            pass
        font = pdfmetrics.getFont(self._fontname)
        shown: Shown | None = None
        if getattr(font, "_dynamicFont", False):  # a TrueType font: subsets, as ReportLab's text object
            operators = []
            current = -1
            chosen = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
            for subset, part in font.splitString(text, self._doc):
                if subset != current:
                    operators.append(f"{font.getSubsetInternalName(subset, self._doc)} {chosen}")
                    current = subset
                operators.append(f"({self._escape(part)}) Tj")
            shown = (" ".join(operators), pdfmetrics.stringWidth(text, self._fontname, self._fontsize))
        self._shown[key] = shown
        return shown

    def _line(self, x: float, y: float, operators: str) -> None:
        self._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {operators} T* ET")

    def drawString(self, x: float, y: float, text: str, *options: Any, **named: Any) -> None:  # noqa: N802
        self._draw(Canvas.drawString, 0.0, x, y, text, *options, **named)

    def drawRightString(self, x: float, y: float, text: str, *options: Any, **named: Any) -> None:  # noqa: N802
        self._draw(Canvas.drawRightString, 1.0, x, y, text, *options, **named)

    def drawCentredString(self, x: float, y: float, text: str, *options: Any, **named: Any) -> None:  # noqa: N802
        self._draw(Canvas.drawCentredString, 0.5, x, y, text, *options, **named)

    def _draw(self, reportlab: Any, shift: float, x: float, y: float, text: str, mode: Any = None,
              charSpace: float = 0, direction: Any = None, wordSpace: Any = None,  # noqa: N803
              shaping: bool = False) -> None:
        """ReportLab's ``reportlab`` call, or the kept operators with the origin moved left by
        ``shift`` of the string's width (0 left-aligned, 1 right-aligned, 0.5 centred, as
        ReportLab computes it)."""
        plain = mode is None and not (charSpace or wordSpace or shaping) and direction is None
        shown = self._show(text, plain)
        if shown is None:
            reportlab(self, x, y, text, mode, charSpace, direction, wordSpace, shaping)
        else:
            self._line(x - shift * shown[1], y, shown[0])
