"""录入人签名确认: who entered charges signs them off with their password.

A charge entered by hand, imported or charged as bed-days is the entering person's
statement of what was given; before a claim bills it, that person signs it off — one
staff password signature (``Meaning.OFFICER_SIGNS``, ``signing.write_signature``) over
every line of the case they entered and have not signed yet, one ``signature_item`` each.

What the signature covers is the line *as entered*: the record part ``fee_entry``
(``signing.PARTS``) — every column of the fee line but what a claim decides later (its
claim, payer, rule, reason and consent) and its state — so building, correcting and
freezing claims never break it, while any change to what was entered (item, price,
quantity, day, time, ordering department or physician, who entered it) does, and the
archive check (``verify``) reports it. The line keeps its state: claims still take it.

``signed_entries`` is the one reading of what counts (a signature by the line's own
enterer over its current entry content), shared by the claim gate (the blocking gap
``charges_not_signed_off``), the charges list and this module. Lines a claim correction
writes (its reversals and replacements, ``claims.correct_claim``) are the claim's own,
not entries, and need no sign-off; a reversal entered by hand (``fees.reverse_charge``) is
an entry and does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Claim, FeeLine, Signature, SignatureItem
from desktop_app.domain.vocabulary import Action, Meaning, SignerKind
from desktop_app.errors import UserError, raise_if_blocking
from desktop_app.services.admin import accounts
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity import signing

ENTRY = "fee_entry"  # signing.PARTS
MEANING = Meaning.OFFICER_SIGNS  # 经办人签名


@dataclass(frozen=True)
class EntryMark:
    signature_id: int
    signer_name: str
    signed_at: datetime


def is_entry(line: FeeLine, claims: dict[int, Claim]) -> bool:
    """An entered charge (not a session's line, nor a claim correction's own line: those
    are written after their claim version was, on a version after the first)."""
    if line.session_id is not None:
        return False
    claim = claims.get(line.claim_id) if line.claim_id is not None else None
    return claim is None or claim.version_no == 1 or line.created_at < claim.created_at


def entries(session: Session, lines: Sequence[FeeLine]) -> list[FeeLine]:
    """The entered charges among ``lines``."""
    claim_ids = {ln.claim_id for ln in lines if ln.claim_id is not None}
    claims = ({c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(claim_ids)))}
              if claim_ids else {})
    return [ln for ln in lines if is_entry(ln, claims)]


def signed_entries(session: Session, lines: Sequence[FeeLine]) -> dict[int, EntryMark]:
    """For each line that has one, the earliest sign-off that counts: a staff signature by
    the line's enterer over its entry content as it is now."""
    by_id = {ln.id: ln for ln in lines}
    if not by_id:
        return {}
    rows = session.execute(
        select(SignatureItem.record_id, SignatureItem.content_sha256, Signature.id,
               Signature.staff_user_id, Signature.signer_name, Signature.signed_at)
        .join(Signature, Signature.id == SignatureItem.signature_id)
        .where(SignatureItem.record_type == ENTRY, SignatureItem.record_id.in_(list(by_id)),
               Signature.signer_kind == SignerKind.STAFF, Signature.meaning == MEANING)
        .order_by(Signature.signed_at, Signature.id)).all()
    found: dict[int, EntryMark] = {}
    for record_id, item_hash, signature_id, signer, name, at in rows:
        if record_id in found or signer != by_id[record_id].created_by_id:
            continue
        if item_hash == signing.record_hash(session, ENTRY, record_id):
            found[record_id] = EntryMark(signature_id, name, at)
    return found


def unsigned_entries(session: Session, case_id: int, staff_id: int | None = None) -> list[FeeLine]:
    """The case's entered charges (of one enterer, or all) not signed off, in order."""
    query = select(FeeLine).where(FeeLine.case_id == case_id, FeeLine.session_id.is_(None))
    if staff_id is not None:
        query = query.where(FeeLine.created_by_id == staff_id)
    lines = entries(session, list(session.scalars(query.order_by(FeeLine.occurred_on, FeeLine.id))))
    signed = signed_entries(session, lines)
    return [ln for ln in lines if ln.id not in signed]


@use_case(Action.FEE_CHARGE, case="case_id")
def sign_charges(uow: UnitOfWork, case_id: int, password: str) -> int:
    """One password signature by the signed-in user over every charge of the case they
    entered and have not signed off. Returns the signature's id; a wrong password is
    audited (``sign_failed``) and signs nothing."""
    case = get_case(uow.session, case_id)
    lines = unsigned_entries(uow.session, case.id, uow.actor_id)
    if not lines:
        raise UserError("没有待您签名确认的费用。", "There are no charges of yours awaiting your sign-off.")
    records = [(ENTRY, ln.id) for ln in lines]
    if uow.actor_id is None or not accounts.check_password(uow.session, uow.actor_id, password):
        signing.audit_wrong_password(uow, records, MEANING, case.id)
        raise_if_blocking([signing.WRONG_PASSWORD])
    signer = signing.Signer(SignerKind.STAFF, staff_user_id=uow.actor_id, password=password)
    return signing.write_signature(uow, records, MEANING, signer).id
