"""Error kinds the app tells apart.

* ``UserError``: the input or the request is wrong; show the message, nothing was written.
* ``EnvironmentProblem``: the machine is in the way (disk full, database locked, server down).
* ``ConcurrencyConflict``: someone else changed the record since it was read.
Anything else is a bug: log it with its traceback and show a short apology.

Every message exists in Chinese (shown by default) and English.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One failed check, naming the field it concerns twice: by its label ``field``, in
    Chinese, for people (messages, and translated in the interface), and by its ``key``,
    for code (forms outline the widget of a key; tests check keys).

    A key is ASCII, stable, and never translated: lower-case words joined by ``_``
    ("password", "resident_id"), and for one of several fields a dotted path from the list
    to the part, numbered from 1 as shown to people ("diagnosis.2.code", "line.3.unit_price",
    "materials.2"). A form that names a list ("diagnosis") also takes the keys under it.
    """

    field: str
    zh: str
    en: str
    warning: bool = False  # warnings are reported but never block
    key: str = dataclasses.field(kw_only=True)

    def __str__(self) -> str:
        return f"{self.field}: {self.zh} / {self.en}"

    def concerns(self, key: str) -> bool:
        """Whether the error is about ``key`` or a part of it ("diagnosis.2.code" is about
        "diagnosis")."""
        return self.key == key or self.key.startswith(f"{key}.")


class AppError(Exception):
    """Base for errors that carry a bilingual message."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class UserError(AppError):
    """Bad input or a request the rules forbid. Nothing has been written."""


class ValidationFailed(UserError):
    """One or more fields failed validation."""

    def __init__(self, errors: list[FieldError]) -> None:
        blocking = [e for e in errors if not e.warning] or errors
        super().__init__(
            "；".join(f"{e.field}：{e.zh}" for e in blocking),
            "; ".join(f"{e.field}: {e.en}" for e in blocking),
        )
        self.errors = errors


class NotFound(UserError):
    """The requested record does not exist."""


class ConcurrencyConflict(AppError):
    """The record changed since it was read (optimistic locking)."""


class EnvironmentProblem(AppError):
    """The database, the disk or the network is in the way."""


class SchemaTooNew(EnvironmentProblem):
    """The database was written by a newer version of the app."""


def raise_if_blocking(errors: list[FieldError]) -> list[FieldError]:
    """Raise ``ValidationFailed`` if any error blocks; return the warnings otherwise."""
    if any(not e.warning for e in errors):
        raise ValidationFailed(errors)
    return errors
