"""What an export needs of the institution's signer, without importing the signing library:
the services and screens that only pass a signer along stay light at start-up."""

from __future__ import annotations

from typing import Protocol


class PdfSigner(Protocol):
    """Signs as the institution for one export (``pdf_signing.InstitutionSigner``): a PDF
    when called with its bytes, the package's tag manifest with ``detached``."""

    def __call__(self, pdf: bytes, /) -> bytes: ...

    def detached(self, data: bytes, /) -> bytes: ...

    @property
    def subject(self) -> str: ...
