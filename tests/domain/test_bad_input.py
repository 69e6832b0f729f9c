"""Random text (other digits, control characters, very long strings) fed to every validator
and parser in ``domain`` that takes what people type or import: each returns errors or a value
and never raises anything but the app's own error types (issue 15).

``VALIDATORS`` lists them; ``test_every_public_validator_is_listed`` fails when a new
``validate_*`` function in ``desktop_app.domain`` is not in it.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import desktop_app.domain
from desktop_app.domain import (
    attachments,
    catalogue_file,
    charges_csv,
    dates,
    grades,
    icd,
    identity,
    instruments,
    strokes,
    typed_text,
)
from desktop_app.domain.rules import payment_methods
from desktop_app.errors import AppError, FieldError

TODAY = date(2026, 11, 23)
BOUNDED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What people type: any character (digits of every script, ①, ², control characters,
# surrogates excluded: they cannot be typed or decoded), sometimes very long.
typed = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.text(st.sampled_from("0123456789Xx①²٦٨０９ＸIOZSV-=+@\t\r\n\x00 \u3000."), max_size=40),
    st.text(st.sampled_from("0123456789①²٦X"), min_size=18, max_size=18),  # ID-shaped
    st.integers(0, 3000).map(lambda n: "9" * n + "①"),
)


def check(result: object) -> None:
    """A list of FieldErrors, or a value: anything but an exception of some other kind."""
    if isinstance(result, list):
        assert all(isinstance(e, FieldError) and e.zh and e.en and e.key.isascii() for e in result)


def run(call: Callable[[], object]) -> None:
    with contextlib.suppress(AppError):  # the app's own error types carry a message for people
        check(call())


# ----------------------------------------------------------------------------- each validator


def v_resident_id(text: str) -> None:
    run(lambda: identity.validate_resident_id(text, today=TODAY))
    run(lambda: identity.normalise_resident_id(text))
    if not identity.validate_resident_id(text, today=TODAY):
        run(lambda: identity.parse_resident_id(text))  # only after validation, as the services do


def v_credit_code(text: str) -> None:
    run(lambda: identity.validate_credit_code(text))
    run(lambda: identity.normalise_credit_code(text))


def v_icd10(text: str) -> None:
    run(lambda: icd.validate_icd10(text))
    run(lambda: icd.main_diagnosis_warnings(text, False))


def v_disability_grade(text: str) -> None:
    run(lambda: grades.validate_disability_grade(text))
    run(lambda: grades.validate_disability_grade(len(text) - 5))


def v_values(text: str) -> None:
    for instrument in list(instruments.load_instruments().values())[:6]:
        keys = [item.key for item in instrument.items][:3] or [text]
        run(lambda i=instrument, k=keys: instruments.validate_values(i, {key: text for key in k}, text))
        run(lambda i=instrument: instruments.validate_values(i, {text: len(text)}))


def v_attachment(text: str) -> None:
    run(lambda: attachments.validate_attachment(text, text.encode("utf-8", "surrogatepass"), text))


def v_case_dates(text: str) -> None:
    day = date(2000, 1, 1).toordinal() + len(text) % 5000 * 37
    run(lambda: dates.validate_case_dates(dates.CaseDates(
        injury_date=date.fromordinal(day), recognition_date=TODAY, admission_date=TODAY,
        discharge_date=date.fromordinal(day + 3), session_field=text), today=TODAY))


def v_strokes(text: str) -> None:
    points = [(float(ord(c) % 500), float(len(text)), index) for index, c in enumerate(text)]
    run(lambda: strokes.validate_strokes([points] if points else []))


def v_charges(text: str) -> None:
    head = "occurred_on,national_code,category,quantity,out_of_scope,name,unit,unit_price\n"
    run(lambda: charges_csv.parse_charges(text))
    run(lambda: charges_csv.parse_charges(f"{head}2026-04-05,{text},drug,{text},是,{text},{text},{text}\n"))


def v_catalogue(text: str) -> None:
    head = ",".join(catalogue_file.COLUMNS)
    for body in (text, f"{head}\n{text},{text},{text},{text},{text},rehab,{text},{text},,,\n"):
        parsed = catalogue_file.parse_catalogue_bytes(body.encode("utf-8", "surrogatepass"), "c.csv")
        assert parsed.ok or all(e.zh and e.en for e in parsed.errors)
        run(lambda p=parsed: [e.field_error() for e in p.errors])


def v_payment_terms(text: str) -> None:
    run(lambda: payment_methods.parse_terms(text, {"rate": text, text: text}))
    run(lambda: payment_methods.parse_terms("per_diem", {"rate": text}))
    run(lambda: payment_methods.parse_terms("per_diem", {"rate": Decimal(len(text))}))


def v_typed_text(text: str) -> None:
    run(lambda: typed_text.ascii_int(text))
    run(lambda: typed_text.neutral_csv(text))
    run(lambda: typed_text.formula_problem(text))
    run(lambda: typed_text.digit_hint(text))
    run(lambda: typed_text.control_problem(text))


#: Every public ``validate_*`` of ``desktop_app.domain`` → the test that feeds it.
VALIDATORS: dict[str, Callable[[str], None]] = {
    "identity.validate_resident_id": v_resident_id,
    "identity.validate_credit_code": v_credit_code,
    "icd.validate_icd10": v_icd10,
    "grades.validate_disability_grade": v_disability_grade,
    "instruments.validate_values": v_values,
    "attachments.validate_attachment": v_attachment,
    "dates.validate_case_dates": v_case_dates,
    "strokes.validate_strokes": v_strokes,
}
#: Parsers of imported files and other typed text (not named validate_*).
PARSERS: dict[str, Callable[[str], None]] = {
    "charges_csv.parse_charges": v_charges,
    "catalogue_file.parse_catalogue_bytes": v_catalogue,
    "rules.payment_methods.parse_terms": v_payment_terms,
    "typed_text": v_typed_text,
}


def public_validators() -> set[str]:
    found = set()
    for module_info in pkgutil.walk_packages(desktop_app.domain.__path__, "desktop_app.domain."):
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("validate_") and function.__module__ == module.__name__:
                found.add(f"{module.__name__.removeprefix('desktop_app.domain.')}.{name}")
    return found


def test_every_public_validator_is_listed() -> None:
    assert public_validators() == set(VALIDATORS), "add the new validator to VALIDATORS"


@BOUNDED
@given(typed)
@example("1101051949123100①X")  # int("①") raised ValueError out of register_case
@example("64010419730825٦٦٨9")  # int("٦") is 6: accepted, a second worker
@example("药" * 140_000)  # over the csv module's field limit
def test_validators_answer_random_text_with_a_message_or_a_value(text: str) -> None:
    for feed in (*VALIDATORS.values(), *PARSERS.values()):
        feed(text)
