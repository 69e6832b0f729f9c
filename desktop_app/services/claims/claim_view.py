"""A claim read as plain data (``domain.claim_data``): its cover-sheet facts, lines and totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Approval, CatalogueItem, Employer, Institution, RehabCase, StaffUser
from desktop_app.domain.claim_data import ClaimLineView, ClaimTotals, ClaimView, CoverSheet, SettlementView
from desktop_app.domain.rules.payment_methods import METHOD_LABELS
from desktop_app.services.claims.claims import _money, _sessions_of, _window, get_claim, lines_of
from desktop_app.services.claims.late_signatures import claim_notes
from desktop_app.services.claims.settlement_ids import agency_ids
from desktop_app.services.core.lookup import approvals, approved_items, get_case


def _decimals(raw: dict[str, Any]) -> dict[str, Decimal]:
    return {k: _money(v) for k, v in raw.items()}


def _totals_view(raw: dict[str, Any]) -> ClaimTotals:
    s = raw["settlement"]
    zh, en = METHOD_LABELS[s["method"]]
    settlement = SettlementView(
        s["method"], zh, en, Decimal(s["units"]), _money(s["rate"]) if s["rate"] is not None else None,
        _money(s["fund_amount"]), _money(s["items_fund_amount"]), _money(s["difference"]),
        s["zh"], s["en"])
    pack: dict[str, str] = raw.get("policy_pack") or {}
    terms: dict[str, Any] = raw.get("terms") or {}
    agreement: dict[str, Any] = raw.get("agreement") or {}
    return ClaimTotals(_money(raw["total"]), _decimals(raw["by_category"]),
                       _decimals(raw["by_payer"]),
                       {c: _decimals(p) for c, p in raw["by_category_payer"].items()},
                       settlement, int(raw["line_count"]), pack.get("code", ""),
                       pack.get("zh", ""), pack.get("en", ""), str(terms.get("zh", "")),
                       str(terms.get("en", "")), agreement.get("number"),
                       _day(agreement.get("valid_from")), _day(agreement.get("valid_to")))


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _cover(session: Session, case: RehabCase) -> CoverSheet:
    institution = session.get(Institution, case.institution_id)
    assert institution is not None
    worker, injury = case.worker, case.injury
    employer = session.get(Employer, injury.employer_id) if injury.employer_id else worker.employer
    found: list[Approval] = approvals(session, case.id)
    return CoverSheet(
        institution.name, institution.credit_code, institution.region,
        institution.agreement_number, case.case_number, worker.name, worker.sex,
        worker.resident_id, worker.social_security_card, employer.name if employer else None,
        employer.credit_code if employer else None, injury.recognition_number,
        injury.recognition_date, injury.injury_date, tuple(injury.injured_body_parts or ()),
        tuple((d.icd_code, d.icd_name) for d in injury.diagnoses), injury.disease_category,
        injury.disability_grade,
        tuple((a.kind, a.decision_number, a.decision_date, a.period_from, a.period_to) for a in found),
        case.setting, case.admission_date, case.discharge_date, case.end_reason, case.bed_number,
        approved_items(session, case.id))


def claim_view(session: Session, claim_id: int) -> ClaimView:
    """The claim, its cover-sheet facts, lines and totals as plain data (read only)."""
    claim = get_claim(session, claim_id)
    case = get_case(session, claim.case_id)
    lines = lines_of(session, claim.id)
    sessions = _sessions_of(session, lines)
    staff = {u.id: u for u in session.scalars(select(StaffUser).where(
        StaffUser.id.in_({s.therapist_id for s in sessions.values()})))} if sessions else {}
    item_ids = {ln.catalogue_item_id for ln in lines if ln.catalogue_item_id is not None}
    ceilings = {i.id: i.price for i in session.scalars(select(CatalogueItem).where(
        CatalogueItem.id.in_(item_ids)))} if item_ids else {}
    views: list[ClaimLineView] = []
    for ln in lines:
        performer = staff.get(sessions[ln.session_id].therapist_id) if ln.session_id in sessions else None
        started = sessions[ln.session_id].started_at if ln.session_id in sessions else None
        # Who ordered it: the line's own physician, else the session's performer (the staff
        # record has no insurer doctor code: its licence number is the one code it holds).
        named = ln.physician_name is not None or ln.physician_code is not None
        views.append(ClaimLineView(
            ln.id, ln.occurred_on, ln.national_code, ln.local_code, ln.name, ln.unit, ln.unit_price,
            ln.quantity, ln.amount, ln.category, ln.coverage, ln.coverage_rule, ln.coverage_reason,
            ln.price_version, ln.session_id, ln.reverses_id,
            performer.display_name if performer else None, ln.charge_kind, ln.body_part,
            occurred_at=ln.occurred_at or started, dept_code=ln.dept_code, dept_name=ln.dept_name,
            physician_code=ln.physician_code if named or performer is None else performer.licence_number,
            physician_name=ln.physician_name if named or performer is None else performer.display_name,
            price_ceiling=ceilings.get(ln.catalogue_item_id) if ln.catalogue_item_id else None))
    window = _window(claim)
    return ClaimView(
        claim.id, case.id, claim.period, window[0], window[1], claim.version_no, claim.supersedes_id,
        claim.correction_reason, claim.status, claim.frozen_at, claim.frozen_sha256,
        claim.created_at, _cover(session, case), tuple(views), _totals_view(claim.totals),
        claim_notes(session, claim), agency_ids(session, case.id))

