"""The hash of one stored row's state, as the audit trail records it after each change.

A row is read as the database returns it (column name → value) and hashed in canonical
form. Columns holding NULL are left out, so a column added later as nullable leaves the
hashes of the rows written before it unchanged; blobs enter as their SHA-256 and size.
``verify`` recomputes this for every protected row and compares it with the last audit
event of that row: a change made outside the app (triggers off) no longer matches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.canonical import content_hash, plain_hash, plain_stored

ROW_STATE_FORMAT = 1
# The records the archive is evidence of; every row of them is written through the app, and
# each of their audit events carries the row's state. Reference and set-up tables (staff,
# catalogue, numbering) are left out: migrations fill some of them without events, and a
# staff row holds a salted password hash, different on every run of the same work.
RECONCILED_TABLES = (
    "worker", "employer", "injury", "diagnosis", "rehab_case", "approval", "approved_item",
    "inpatient_leave", "case_transfer", "treatment_plan", "plan_item", "prescription",
    "treatment_session", "assessment", "out_of_scope_consent", "fee_line", "claim", "attachment",
    "signature", "signature_item", "amendment", "issued_document", "retention_record",
    "disposal_request", "disposal_request_item", "disposal_record", "late_signature_ack",
    "monthly_summary", "claim_answer",
    "follow_up",
    "rehab_application", "application_item",  # migration 0017
    "value_report", "course_notice",  # migration 0018
    "transfer_used_count",  # migration 0019
    "expert_evaluation", "device_record",  # migration 0021
    "verified_anchor")  # a clean verify's anchor (migration 0015)


def row_state_hash(values: Mapping[str, Any]) -> str:
    return content_hash({"v": ROW_STATE_FORMAT,
                         "row": {str(key): value for key, value in values.items()
                                 if value is not None}})


def stored_row_state_hash(values: Mapping[Any, Any]) -> str:
    """``row_state_hash`` of a row exactly as the database returned it, without walking its
    JSON values again (``canonical.plain_stored``): what ``verify`` uses for millions of rows."""
    return plain_hash({"v": ROW_STATE_FORMAT,
                       "row": plain_stored({key: value for key, value in values.items()
                                            if value is not None})})
