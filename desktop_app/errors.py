"""Error kinds the app tells apart.

* ``UserError``: the input or the request is wrong; show the message, nothing was written.
* ``EnvironmentProblem``: the machine is in the way (disk full, database locked, server down).
* ``ConcurrencyConflict``: someone else changed the record since it was read.
Anything else is a bug: log it with its traceback and show a short apology.

Every message exists in Chinese (shown by default) and English.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One failed check, naming the field it concerns."""

    field: str
    zh: str
    en: str
    warning: bool = False  # warnings are reported but never block

    def __str__(self) -> str:
        return f"{self.field}: {self.zh} / {self.en}"


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
