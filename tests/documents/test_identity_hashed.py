"""A document built from an order prints the hash its order computed, for that very input
only; anything else is hashed as before."""

from __future__ import annotations

import copy

from desktop_app.documents.execution_sheet import build_execution_sheet, execution_doc_id
from desktop_app.documents.identity import document_hash, hashed
from tests.documents import samples

KW = {"institution": samples.INSTITUTION, "anchor": samples.ANCHOR}
GIVEN = "ab" * 32


def test_the_given_hash_is_printed_for_the_same_input_object() -> None:
    data = samples.execution_sheet(3)
    doc_id = execution_doc_id(data)
    with hashed("execution_sheet", doc_id, data, GIVEN):
        assert build_execution_sheet(data, **KW).meta.sha256 == GIVEN  # type: ignore[arg-type]
        equal_copy = copy.deepcopy(data)
        assert build_execution_sheet(equal_copy, **KW).meta.sha256 == \
            document_hash("execution_sheet", doc_id, data)  # type: ignore[arg-type]
    with hashed("fee_list", doc_id, data, GIVEN):  # another kind: hashed afresh
        assert build_execution_sheet(data, **KW).meta.sha256 != GIVEN  # type: ignore[arg-type]
    assert build_execution_sheet(data, **KW).meta.sha256 == \
        document_hash("execution_sheet", doc_id, data)  # type: ignore[arg-type]  # outside the block
