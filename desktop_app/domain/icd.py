"""ICD-10 diagnosis codes as used in China (国家临床版2.0 / 医保版2.0).

Format only: the official code lists are imported by the user. Examples: ``S72.001``,
``E14.900x001``, ``T22.2``, ``S06``.
"""

from __future__ import annotations

import re

from desktop_app.domain.typed_text import half_width, shown, shown_en
from desktop_app.errors import FieldError

ICD10_PATTERN = re.compile(r"[A-Z][0-9]{2}(\.[0-9]{1,3}[0-9A-Z]?(x[0-9]{3,4})?)?")
INJURY_CHAPTER = ("S00", "T98")  # chapter XIX: injury, poisoning and other external causes


def normalise_icd10(code: str) -> str:
    """Half-width and upper-case, except the lower-case ``x`` that starts a national extension."""
    text = "".join(char.upper() if char.isascii() else char for char in half_width("".join(code.split())))
    return re.sub(r"(?<=\.[0-9A-Z]{3})X(?=[0-9]{3,4}$)", "x", text)


def validate_icd10(code: str, *, field: str = "诊断编码", key: str = "diagnosis_code") -> list[FieldError]:
    text = normalise_icd10(code)
    if not text:
        return [FieldError(field, "诊断编码不能为空", "The diagnosis code is required", key=key)]
    if not ICD10_PATTERN.fullmatch(text):
        odd = next(((n, c) for n, c in enumerate(text, start=1) if not c.isascii() or not c.isprintable()),
                   None)
        zh, en = ((f"（第 {odd[0]} 位{shown(odd[1])}不是字母、数字或“.”）",
                   f" (character {odd[0]} {shown_en(odd[1])} is not a letter, digit or '.')")
                  if odd else ("", ""))
        return [FieldError(field, f"“{code}”不是有效的ICD-10编码格式（如 S72.001、E14.900x001）{zh}",
                           f"{code!r} is not a valid ICD-10 code (e.g. S72.001, E14.900x001){en}", key=key)]
    return []


def in_injury_chapter(code: str) -> bool:
    category = normalise_icd10(code)[:3]
    return INJURY_CHAPTER[0] <= category <= INJURY_CHAPTER[1]


def main_diagnosis_warnings(code: str, occupational_disease: bool,
                            *, field: str = "主要诊断", key: str = "diagnosis.1") -> list[FieldError]:
    """Work injuries are mostly chapter XIX (S00–T98); warn otherwise unless occupational disease."""
    if occupational_disease or validate_icd10(code) or in_injury_chapter(code):
        return []
    return [FieldError(field, f"主要诊断 {normalise_icd10(code)} 不在损伤章（S00–T98），请确认是否为工伤诊断",
                       f"The main diagnosis {normalise_icd10(code)} is outside the injury chapter "
                       "(S00–T98); please confirm it is the work injury", warning=True, key=key)]
