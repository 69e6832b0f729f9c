"""Resident ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015).

A resident ID number blocks when wrong: it identifies the patient and guards against
impersonation (Beijing Art. 13). A credit code only warns: some early codes fail the
check though they are real (DOMAIN.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.reference import province_codes
from desktop_app.domain.typed_text import ASCII_DIGITS, first_outside, half_width, shown, shown_en
from desktop_app.errors import FieldError

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
RESIDENT_ID_FIELD = "身份证号"
CREDIT_CODE_FIELD = "统一社会信用代码"
# GB 32100-2015 per position (1-based): 登记管理部门码, 机构类别码, the registration
# authority's administrative-division code (digits), 主体标识码 (the GB 11714 organisation
# code: eight characters and its own check digit, 0-9 or X), the check character.
CREDIT_POSITIONS: tuple[tuple[range, str, str, str], ...] = (
    (range(1, 2), CREDIT_ALPHABET, "登记管理部门码", "registration department code"),
    (range(2, 3), CREDIT_ALPHABET, "机构类别码", "organisation category code"),
    (range(3, 9), ASCII_DIGITS, "登记管理机关行政区划码", "administrative division code"),
    (range(9, 17), CREDIT_ALPHABET, "主体标识码", "organisation code"),
    (range(17, 18), ASCII_DIGITS + "X", "主体标识码校验位", "organisation code check digit"),
    (range(18, 19), CREDIT_ALPHABET, "校验码", "check character"),
)
_ASCII_CODE_CHARS = ASCII_DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_EXPECTED = {ASCII_DIGITS: ("数字", "a digit"), ASCII_DIGITS + "X": ("数字或 X", "a digit or X"),
             CREDIT_ALPHABET: ("数字或大写字母（不使用 I O Z S V）",
                               "a digit or a capital letter other than I, O, Z, S, V")}


@dataclass(frozen=True)
class ResidentIdInfo:
    """What a valid ID number says about its holder."""

    province_code: str
    birth_date: date
    sex: str  # "M" or "F"


def _clean(value: str) -> str:
    """Drop spaces, turn full-width ASCII (as some input methods type it) half-width and
    ASCII letters upper-case. Nothing else changes: ① or ٦ stay what they are, to be refused
    (NFKC would turn them into digits)."""
    text = half_width("".join(value.split()))
    return "".join(char.upper() if char.isascii() else char for char in text)


def normalise_resident_id(value: str) -> str:
    return _clean(value)


def resident_id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def _birth_date(number: str) -> date | None:
    if first_outside(number[6:14], ASCII_DIGITS) is not None:
        return None
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_resident_id(value: str, *, today: date, field: str = RESIDENT_ID_FIELD,
                         key: str = "resident_id") -> list[FieldError]:
    """Every problem with an 18-character resident ID number, or ``[]``."""
    number = _clean(value)
    if not number:
        return [FieldError(field, "身份证号不能为空", "The resident ID number is required", key=key)]
    bad = _first_non_digit(number)
    if bad is not None:
        return [_not_a_digit(bad, len(number), field, key)]
    if len(number) == 15:
        return [FieldError(field, "15位旧身份证号已停用，请填写18位身份证号",
                           "Old 15-digit ID numbers are no longer valid; enter the 18-character number",
                           key=key)]
    if len(number) != 18:
        return [FieldError(field, f"身份证号应为18位，现为{len(number)}位",
                           f"The resident ID number must have 18 characters, not {len(number)}", key=key)]
    errors: list[FieldError] = []
    if number[:2] not in province_codes():
        errors.append(FieldError(field, f"身份证号前两位“{number[:2]}”不是有效的省级行政区代码",
                                 f"The first two digits {number[:2]} are not a province code", key=key))
    born = _birth_date(number)
    if born is None:
        errors.append(FieldError(field, f"身份证号中的出生日期“{number[6:14]}”不是有效日期",
                                 f"The birth date {number[6:14]} in the ID number is not a real date",
                                 key=key))
    elif born > today or born.year < 1900:
        errors.append(FieldError(field, f"身份证号中的出生日期 {born} 不合理",
                                 f"The birth date {born} in the ID number is not plausible", key=key))
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        errors.append(FieldError(field, f"身份证号校验位错误（应为 {expected}），请核对",
                                 f"The check character is wrong (expected {expected}); please re-check "
                                 "the number", key=key))
    return errors


def _first_non_digit(number: str) -> tuple[int, str] | None:
    """The first character that is neither an ASCII digit nor an X in the last place."""
    found = first_outside(number, ASCII_DIGITS)
    if found is not None and found == (len(number), "X"):
        return None
    return found


def _not_a_digit(bad: tuple[int, str], length: int, field: str, key: str) -> FieldError:
    position, char = bad
    last = position == length
    zh = f"第 {position} 位{shown(char)}不是数字" + ("或 X" if last else "")
    en = f"character {position} {shown_en(char)} is not a digit" + (" or X" if last else "")
    if char == "X":
        zh, en = zh + "（只有最后一位可以是 X）", en + " (only the last character may be X)"
    return FieldError(field, f"身份证号{zh}", f"In the resident ID number, {en}", key=key)


def parse_resident_id(value: str) -> ResidentIdInfo:
    """Province, birth date and sex of a number that ``validate_resident_id`` accepted."""
    number = _clean(value)
    born = _birth_date(number)
    if born is None or len(number) != 18 or _first_non_digit(number) is not None:
        raise ValueError(f"not a valid resident ID number: {value!r}")
    return ResidentIdInfo(number[:2], born, "M" if int(number[16]) % 2 else "F")


def make_resident_id(area: str, birth: date, sequence: int, sex: str) -> str:
    """A valid number for demo data and tests: 6-digit area, birth date, sequence 1–499."""
    area_ok = len(area) == 6 and first_outside(area, ASCII_DIGITS) is None
    if not area_ok or not 0 <= sequence <= 499 or sex not in ("M", "F"):
        raise ValueError("area must be 6 digits, sequence 0-499 and sex M or F")
    order = sequence * 2 + (1 if sex == "M" else 0)
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + resident_id_check_char(first17)


def mask_resident_id(value: str) -> str:
    """First 6 and last 4 characters shown, the rest starred (lists, exports for display)."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(char) * weight
                for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    return _clean(value)


def validate_credit_code(value: str, *, field: str = CREDIT_CODE_FIELD,
                         key: str = "credit_code") -> list[FieldError]:
    """Problems with a unified social credit code: warnings, except a code too long to store."""
    code = _clean(value)
    strange = first_outside(code, _ASCII_CODE_CHARS)
    if strange is not None:  # no code holds such a character: blocks, unlike the rest
        position, char = strange
        return [FieldError(field, f"统一社会信用代码第 {position} 位{shown(char)}不是数字或大写字母",
                           f"In the credit code, character {position} {shown_en(char)} is not a "
                           "digit or a capital letter", key=key)]
    if len(code) > 18:
        return [FieldError(field, f"统一社会信用代码不能超过18位（现为{len(code)}位）",
                           f"The credit code cannot be longer than 18 characters ({len(code)} given)",
                           key=key)]
    if len(code) != 18:
        return [FieldError(field, f"统一社会信用代码应为18位，现为{len(code)}位，请核对",
                           f"The credit code should have 18 characters, not {len(code)}; please check",
                           warning=True, key=key)]
    misplaced = _credit_position_error(code, field, key)
    if misplaced is not None:
        return [misplaced]
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return [FieldError(field, f"统一社会信用代码校验位不符（应为 {expected}），请核对；早期代码可能如此",
                           f"The credit code's check character does not match (expected {expected}); "
                           "please check (some early codes fail this)", warning=True, key=key)]
    return []


def _credit_position_error(code: str, field: str, key: str) -> FieldError | None:
    """A warning naming the first character its position does not allow (GB 32100)."""
    for positions, allowed, zh, en in CREDIT_POSITIONS:
        for position in positions:
            char = code[position - 1]
            if char in allowed:
                continue
            kind_zh, kind_en = _EXPECTED[allowed]
            return FieldError(field, f"统一社会信用代码第 {position} 位“{char}”（{zh}）应为{kind_zh}，请核对",
                              f"In the credit code, character {position} '{char}' ({en}) should be "
                              f"{kind_en}; please check", warning=True, key=key)
    return None


def make_credit_code(first17: str) -> str:
    """Append the check character (demo data and tests)."""
    if len(first17) != 17 or any(char not in CREDIT_ALPHABET for char in first17):
        raise ValueError(f"17 characters from {CREDIT_ALPHABET} expected: {first17!r}")
    return first17 + credit_code_check_char(first17)
