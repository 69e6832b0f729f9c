"""Keyboard access keys for menus: Alt plus a letter opens a menu, a letter picks an item.

The letter is chosen in code, not in the translations, so every language gets one: on
the letter itself where the label has it (English "&Lock"), else after the label in
brackets, as Chinese software writes it ("锁定(&L)").
"""

from __future__ import annotations

import re

ELLIPSIS = "…"


def mnemonic(text: str, key: str) -> str:
    """``text`` with ``key`` (a letter) as its access key; a literal & in it kept literal."""
    text = text.replace("&", "&&")
    letter = key.lower()
    starts = [m.start() for m in re.finditer(r"\b\w", text) if text[m.start()].lower() == letter]
    anywhere = [i for i, c in enumerate(text) if c.lower() == letter and c.isascii()]
    found = next(iter(starts or anywhere), None)
    if found is not None:
        return f"{text[:found]}&{text[found:]}"
    stem = text.removesuffix(ELLIPSIS)
    return f"{stem}(&{key.upper()}){ELLIPSIS if stem != text else ''}"
