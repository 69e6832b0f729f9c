"""Settlement claims: per case per period, draft → final (frozen) → exported; corrections
are new versions with reversal lines, never edits.

* ``build_claim``: charges the sessions not charged yet, takes the period's unclaimed
  lines (a calendar month ``YYYY-MM``, or everything left at ``discharge``), decides
  each line's coverage (``domain.rules.coverage``), runs the completeness gate
  (``claim_gate``: blocking gaps refuse, nothing is written, and so do late signatures
  the records officer has not acknowledged yet, ``claim_gate.refuse``), and stores the totals by
  category and payer with the settlement under the case's payment method
  (``domain.rules.payment_methods``). A draft of the same case and period is replaced.
* ``finalize_claim``: gate again, then the lines and the claim are frozen: the claim's
  ``frozen_sha256`` is the SHA-256 of the canonical form (``domain.canonical``) of the
  claim's identity, totals and every line; the lines and the claim become ``signed``, so
  the guard of ``services.core.guards`` and the triggers of migrations 0002/0004 refuse any
  change. ``check_frozen`` recomputes the hash.
* ``mark_exported``: final → exported (the status only moves forward).
* ``correct_claim``: a final claim is never edited. A new version (``supersedes_id``,
  ``correction_reason``) holds a reversal line (negative count and amount,
  ``reverses_id`` = the original line) for each line no longer right (its session was
  amended, or its coverage now differs), the replacement lines, and lines of the period
  charged since. Its totals are the difference.
* ``claim_view``: the claim as plain dataclasses for PDFs and data files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    Claim,
    FeeLine,
    Institution,
    OutOfScopeConsent,
    RehabCase,
    TreatmentSession,
)
from desktop_app.domain import claim_states
from desktop_app.domain.canonical import canonical_bytes, content_hash, plain, sha256_hex
from desktop_app.domain.claim_states import ClaimMove
from desktop_app.domain.rules import coverage as cov
from desktop_app.domain.rules.limits import Judgement
from desktop_app.domain.rules.packs import PolicyPack
from desktop_app.domain.rules.payment_methods import (
    METHOD_LABELS,
    PaymentTerms,
    Settlement,
    Stay,
    pack_method_errors,
    parse_terms,
    settle,
    terms_text,
)
from desktop_app.domain.vocabulary import (
    COVERAGE_CLASSES,
    FEE_CATEGORIES,
    Action,
    ClaimStatus,
    CoverageClass,
    State,
)
from desktop_app.errors import FieldError, NotFound, UserError, raise_if_blocking
from desktop_app.services.claims import claim_gate, gate_memo
from desktop_app.services.claims.fees import charge_new_sessions
from desktop_app.services.clinical import expert
from desktop_app.services.core import audit
from desktop_app.services.core.lookup import approvals, approved_counts, get_case, superseded
from desktop_app.services.core.permissions import authorize_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.rules.region import case_pack
from desktop_app.services.rules.session_limits import judge_case

PAYERS = COVERAGE_CLASSES
TOTALS_FORMAT = 2  # 2: with the pack and the payment terms used
FROZEN_FORMAT = 1
ZERO = Decimal("0.00")


# ----------------------------------------------------------------------------- facts


def case_facts(session: Session, case: RehabCase) -> cov.CaseFacts:
    """What the coverage rules need to know about the case."""
    consents = []
    for consent in session.scalars(select(OutOfScopeConsent).where(
            OutOfScopeConsent.case_id == case.id, OutOfScopeConsent.record_state != State.DRAFT,
            OutOfScopeConsent.id.not_in(superseded("out_of_scope_consent")))):
        codes = frozenset(str(i.get("national_code")) for i in consent.items or []
                          if isinstance(i, dict) and i.get("national_code"))
        consents.append(cov.Consent(consent.id, codes, consent.signed_on))
    return cov.CaseFacts(
        setting=case.setting,
        approved_periods=tuple((a.period_from, a.period_to) for a in approvals(session, case.id)),
        approved_codes=frozenset(approved_counts(session, case.id)),
        injured_body_parts=frozenset(case.injury.injured_body_parts or ()),
        course_ended_on=case.course_ended_on, overstay_cause=case.overstay_cause,
        one_off_subsidy_on=case.injury.one_off_medical_subsidy_date,
        consents=tuple(sorted(consents, key=lambda c: c.consent_id)))


def line_facts(line: FeeLine, judged: dict[int, Judgement]) -> cov.LineFacts:
    """A line's facts; a session's line carries the limits the session broke
    (``domain.rules.limits``, judged again now, whatever was flagged when it was recorded)."""
    found = judged.get(line.session_id) if line.session_id is not None else None
    judgement = found or Judgement()
    return cov.LineFacts(
        category=line.category, national_code=line.national_code, occurred_on=line.occurred_on,
        in_catalogue=line.catalogue_item_id is not None, charge_kind=line.charge_kind,
        body_part=line.body_part, over_approved_count=judgement.over_approved_count,
        beyond_plan=judgement.beyond_plan, catalogue_limit=judgement.catalogue_limit,
        record_conflict=judgement.conflict)


def _sessions_of(session: Session, lines: list[FeeLine]) -> dict[int, TreatmentSession]:
    ids = {ln.session_id for ln in lines if ln.session_id is not None}
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(TreatmentSession).where(
        TreatmentSession.id.in_(ids)))}


def decide(session: Session, case: RehabCase, lines: list[FeeLine],
           gate: claim_gate.GateReport | None = None) -> dict[int, cov.Decision]:
    """The coverage decision of each line (by id), under the case's pack, as the rules
    give it now; with the sessions' judgements of ``gate`` when it judged exactly these
    sessions in this transaction (a session's judgement depends on which others are asked
    about: the same therapist's day)."""
    facts = case_facts(session, case)
    pack = case_pack(session, case)
    billed = {ln.session_id for ln in lines if ln.session_id is not None}
    if gate is not None and gate.judged_for == billed:
        judged = gate.judged
    else:
        judged = judge_case(session, case, billed) if billed else {}
    return {ln.id: cov.classify(line_facts(ln, judged), facts, pack) for ln in lines}


def _decided(decision: cov.Decision) -> dict[str, object]:
    """A line's columns that hold its coverage decision."""
    return {"coverage": decision.coverage, "coverage_rule": decision.rule,
            "coverage_reason": decision.reason, "consent_id": decision.consent_id}


def _apply(line: FeeLine, decision: cov.Decision) -> None:
    for key, value in _decided(decision).items():
        setattr(line, key, value)


# ----------------------------------------------------------------------------- totals


def _money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def compute_totals(session: Session, case: RehabCase, claim: Claim, lines: list[FeeLine],
                   window: tuple[date, date]) -> dict[str, Any]:
    """Totals by category, by payer and both, and the settlement; JSON-ready (decimal text)."""
    by_category: dict[str, Decimal] = {c: ZERO for c in FEE_CATEGORIES}
    by_payer: dict[str, Decimal] = {p: ZERO for p in PAYERS}
    matrix: dict[str, dict[str, Decimal]] = {c: {p: ZERO for p in PAYERS} for c in FEE_CATEGORIES}
    for line in lines:
        by_category[line.category] += line.amount
        by_payer[line.coverage] += line.amount
        matrix[line.category][line.coverage] += line.amount
    total = sum(by_category.values(), ZERO)
    pack = case_pack(session, case)
    terms, settlement = _settlement(session, case, claim, window, by_payer[CoverageClass.FUND], pack)
    terms_zh, terms_en = terms_text(terms, pack)
    return plain({
        "v": TOTALS_FORMAT, "window": {"from": window[0], "to": window[1]},
        "line_count": len(lines), "total": total, "by_category": by_category,
        "by_payer": by_payer, "by_category_payer": matrix,
        "settlement": {"method": settlement.method, "units": settlement.units,
                       "rate": settlement.rate, "fund_amount": settlement.fund_amount,
                       "items_fund_amount": settlement.items_fund_amount,
                       "difference": settlement.difference, "zh": settlement.zh,
                       "en": settlement.en},
        # The rules the claim was judged by, and the terms it was settled under.
        "policy_pack": {"code": pack.code, "zh": pack.label[0], "en": pack.label[1]},
        "terms": {"method": terms.method, "rate": terms.rate, "quotas": terms.quotas,
                  "course_days": terms.course_days, "zh": terms_zh, "en": terms_en},
        **agreement_totals(session, case),
    })


def agreement_totals(session: Session, case: RehabCase) -> dict[str, Any]:
    """Issue 19: the institution's agreement (number and validity) as the claim is built,
    frozen with it; the key only when the institution has recorded one, so claims built
    without it hash as before."""
    institution = session.get(Institution, case.institution_id)
    if institution is None:
        return {}
    agreement = {key: value for key, value in (
        ("number", institution.agreement_number), ("valid_from", institution.agreement_valid_from),
        ("valid_to", institution.agreement_valid_to)) if value is not None}
    return {"agreement": agreement} if agreement else {}


def _settlement(session: Session, case: RehabCase, claim: Claim, window: tuple[date, date],
                items_fund: Decimal, pack: PolicyPack) -> tuple[PaymentTerms, Settlement]:
    terms, errors = parse_terms(case.payment_method, case.payment_rate)
    raise_if_blocking([*errors, *pack_method_errors(pack, terms.method)])
    if claim.version_no > 1 and terms.method != "per_item":
        # A correction changes lines; the per-day, per-course or per-case payment was
        # settled by the version it corrects.
        terms = parse_terms("per_item", None)[0]
    if terms.method == "per_disease" and terms.quotas and \
            case.injury.disease_category not in terms.quotas:
        raise UserError(f"按病种付费标准中没有病种 {case.injury.disease_category} 的定额。",
                        f"The per-disease rates have no quota for {case.injury.disease_category}.")
    stay = Stay(case.admission_date or window[0], case.discharge_date,
                tuple((a.period_from, a.period_to) for a in approvals(session, case.id)),
                case.course_ended_on, case.injury.disease_category)
    return terms, settle(terms, stay, window[0], window[1],
                         final=claim.period == claim_gate.DISCHARGE, items_fund_amount=items_fund)


# ----------------------------------------------------------------------------- use cases


@use_case(Action.CASE_RECORD_APPROVAL, case="case_id")
def set_payment_terms(uow: UnitOfWork, case_id: int, method: str,
                      rate: dict[str, object] | None = None) -> None:
    """The case's payment method and rates, as the agency's approval or agreement sets
    them (``domain.rules.payment_methods``): only a method the case's pack offers, with the
    article that offers it; rates checked, never floats. Claims already built keep the
    terms they were settled under (their totals record them)."""
    case = get_case(uow.session, case_id)
    _terms, errors = parse_terms(method, rate)
    if method in METHOD_LABELS:
        errors += pack_method_errors(case_pack(uow.session, case, uow.clock.today()), method)
    if method == "package_course":  # issue 19: Baotou Art. 19, after an expert evaluation
        errors += expert.gate_errors(uow.session, case, "package", uow.clock.today(),
                                     what=("打包付费", "packaged payment"), key="method")
    raise_if_blocking(errors)
    case.payment_method = method
    case.payment_rate = dict(rate or {})


def payment_terms(session: Session, case: RehabCase) -> tuple[PaymentTerms, tuple[str, str]]:
    """The case's current terms and how a claim would show them (with the pack's article)."""
    terms, _errors = parse_terms(case.payment_method, case.payment_rate)
    return terms, terms_text(terms, case_pack(session, case))


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"找不到结算申报 {claim_id}。", f"Claim {claim_id} not found.")
    return claim


def lines_of(session: Session, claim_id: int) -> list[FeeLine]:
    return list(session.scalars(select(FeeLine).where(FeeLine.claim_id == claim_id)
                                .order_by(FeeLine.occurred_on, FeeLine.id)))


def _versions(session: Session, case_id: int, period: str) -> list[Claim]:
    return list(session.scalars(select(Claim).where(Claim.case_id == case_id, Claim.period == period)
                                .order_by(Claim.version_no)))


def _discard_draft(session: Session, claim: Claim) -> None:
    for line in lines_of(session, claim.id):
        line.claim_id = None
        line.coverage = CoverageClass.PENDING
        line.coverage_rule = line.coverage_reason = None
        line.consent_id = None
    session.flush()
    session.delete(claim)
    session.flush()


@use_case(Action.CLAIM_BUILD, case="case_id", locks_case=True)
def build_claim(uow: UnitOfWork, case_id: int, period: str) -> int:
    """A draft claim for the case and period; returns its id. Refused with the gate's
    report (``claim_gate.ClaimBlocked``) while the archive has blocking gaps."""
    session = uow.session
    case = get_case(session, case_id)
    window = claim_gate.claim_window(case, period, uow.clock.today())
    versions = _versions(session, case.id, period)
    if not claim_states.may_build([v.status for v in versions]):
        raise UserError(f"病例 {case.case_number} 的 {period} 结算申报已确认；如需修改请提交更正。",
                        f"The {period} claim of case {case.case_number} is final; correct it instead.")
    # The month listing's gate, judged on the sessions this build charges and no draft's
    # lines: its report is this build's gate (``claim_gate.report``) while nothing changed.
    listed = None if versions else gate_memo.listed(uow, case.id, period)
    charged = charge_new_sessions(uow, case.id)
    for draft in versions:
        _discard_draft(session, draft)
    lines = claim_gate.candidate_lines(session, case.id, period, window)
    if not lines:
        raise UserError(f"病例 {case.case_number} 在 {period} 没有未申报的费用。",
                        f"Case {case.case_number} has no unclaimed charges for {period}.")
    report = listed or gate_memo.check(session, case, period, window, lines)
    claim_gate.refuse(report)
    if listed is None or not charged:  # judged on these very lines: the finalize's gate too
        gate_memo.hand_on(uow, gate_memo.key_of(case.id, period, window, lines), report)
    claim = Claim(case_id=case.id, period=period, version_no=1, status=ClaimStatus.DRAFT,
                  created_at=uow.clock.now(), created_by_id=uow.actor_id, totals={})
    session.add(claim)
    session.flush()
    decisions = decide(session, case, lines, report)  # nothing they depend on changed since
    # One UPDATE per distinct decision, not one per line; audited as a flush would be.
    audit.bulk_update(session, lines, [{**_decided(decisions[line.id]), "claim_id": claim.id}
                                       for line in lines])
    claim.totals = compute_totals(session, case, claim, lines, window)
    session.flush()
    return claim.id


def frozen_payload(session: Session, claim: Claim) -> dict[str, Any]:
    """What the frozen hash covers: the claim's identity and totals, and every line."""
    from desktop_app.services.integrity.signing import record_content

    return {"v": FROZEN_FORMAT, "claim": {
        "id": claim.id, "case_id": claim.case_id, "period": claim.period,
        "version_no": claim.version_no, "supersedes_id": claim.supersedes_id,
        "correction_reason": claim.correction_reason, "frozen_at": claim.frozen_at,
        "totals": claim.totals},
        "lines": [record_content(session, "fee_line", ln.id) for ln in lines_of(session, claim.id)]}


def frozen_canonical(session: Session, claim_id: int) -> bytes:
    """The exact bytes ``frozen_sha256`` is the SHA-256 of (what a package ships as
    ``claim_canonical.json``); refused if they no longer hash to it (run verify)."""
    claim = get_claim(session, claim_id)
    content = canonical_bytes(frozen_payload(session, claim))
    if claim.frozen_sha256 is None or sha256_hex(content) != claim.frozen_sha256:
        raise UserError(f"结算申报 #{claim.id} 未冻结，或其内容与冻结摘要不符；请先运行“校验档案”。",
                        f"Claim #{claim.id} is not frozen, or its content no longer matches its frozen "
                        "SHA-256; run the archive check (verify) first.")
    return content


def check_frozen(session: Session, claim_id: int) -> bool:
    """Whether a frozen claim still matches its hash (False for a draft)."""
    claim = get_claim(session, claim_id)
    return claim.frozen_sha256 is not None and \
        content_hash(frozen_payload(session, claim)) == claim.frozen_sha256


def _window(claim: Claim) -> tuple[date, date]:
    window: dict[str, str] = claim.totals["window"]  # type: ignore[assignment]
    return date.fromisoformat(window["from"]), date.fromisoformat(window["to"])


def _own_claim(uow: UnitOfWork, claim_id: int) -> tuple[Claim, RehabCase]:
    claim = get_claim(uow.session, claim_id)
    return claim, get_case(uow.session, claim.case_id)


def on_claims_case(action: str) -> Callable[..., None]:
    """Authorises ``action`` against the case of the claim ``claim_id`` (a use case's target)."""
    def authorize_claim(uow: UnitOfWork, claim_id: int, **_arguments: object) -> None:
        authorize_case(uow, action, _own_claim(uow, claim_id)[1])
    return authorize_claim


@use_case(Action.CLAIM_FINALIZE, authorize_with=on_claims_case(Action.CLAIM_FINALIZE))
def finalize_claim(uow: UnitOfWork, claim_id: int) -> str:
    """Freeze a draft claim (gate checked again); returns its SHA-256."""
    session = uow.session
    claim, case = _own_claim(uow, claim_id)
    if not claim_states.allowed(ClaimMove.FINALIZE, claim.status):
        raise UserError(f"结算申报 #{claim.id} 已确认（{claim.status}），不能再次确认或修改。",
                        f"Claim #{claim.id} is already {claim.status}; it cannot be finalized "
                        "again or changed.")
    lines = lines_of(session, claim.id)
    window = _window(claim)
    billed = [ln for ln in lines if ln.reverses_id is None and ln.quantity > 0]
    report = gate_memo.check(session, case, claim.period, window, billed)
    if not report.ok:  # late signatures were acknowledged when the claim was built
        raise claim_gate.ClaimBlocked(report)
    gate_memo.hand_on(uow, gate_memo.key_of(case.id, claim.period, window, billed), report)
    # The lines first (the database freezes a claim only after its lines), in one UPDATE.
    audit.bulk_update(session, lines, [{"record_state": State.SIGNED}] * len(lines))
    with session.no_autoflush:  # one audited update freezes the claim
        claim.frozen_at = uow.clock.now()
        claim.frozen_sha256 = content_hash(frozen_payload(session, claim))
    claim.status = claim_states.after(ClaimMove.FINALIZE, claim.status)
    claim.record_state = State.SIGNED
    session.flush()
    return claim.frozen_sha256


@use_case(Action.CLAIM_EXPORT, authorize_with=on_claims_case(Action.CLAIM_EXPORT))
def mark_exported(uow: UnitOfWork, claim_id: int) -> None:
    claim, _case = _own_claim(uow, claim_id)
    if not claim_states.allowed(ClaimMove.EXPORT, claim.status):
        raise UserError(f"结算申报 #{claim.id} 尚未确认，不能导出。",
                        f"Claim #{claim.id} is still a draft; finalize it before export.")
    claim.status = claim_states.after(ClaimMove.EXPORT, claim.status)


def _reversal(uow: UnitOfWork, line: FeeLine, claim_id: int) -> FeeLine:
    return _copy(uow, line, claim_id, sign=-1, reverses_id=line.id)


def _copy(uow: UnitOfWork, line: FeeLine, claim_id: int, *, sign: int = 1,
          reverses_id: int | None = None) -> FeeLine:
    skip = {"id", "claim_id", "reverses_id", "record_state", "version", "created_at",
            "created_by_id", "quantity", "amount"}
    values = {c.key: getattr(line, c.key) for c in FeeLine.__mapper__.column_attrs if c.key not in skip}
    return FeeLine(**values, claim_id=claim_id, reverses_id=reverses_id,
                   quantity=line.quantity * sign, amount=line.amount * sign,
                   created_at=uow.clock.now(), created_by_id=uow.actor_id)


def live_lines(session: Session, case_id: int, period: str) -> list[FeeLine]:
    """The positive lines of the period's frozen versions not reversed since."""
    ids = [v.id for v in _versions(session, case_id, period) if claim_states.is_frozen(v.status)]
    lines = list(session.scalars(select(FeeLine).where(FeeLine.claim_id.in_(ids))
                                 .order_by(FeeLine.occurred_on, FeeLine.id)))
    reversed_ids = {ln.reverses_id for ln in lines if ln.reverses_id is not None}
    return [ln for ln in lines if ln.reverses_id is None and ln.id not in reversed_ids]


@use_case(Action.CLAIM_CORRECT, authorize_with=on_claims_case(Action.CLAIM_CORRECT))
def correct_claim(uow: UnitOfWork, claim_id: int, reason: str, *, reverse_all: bool = False) -> int:
    """A new version of a final claim holding the reversals and replacements of what
    changed (``reverse_all``: of every line). Returns the new draft's id."""
    session = uow.session
    claim, case = _own_claim(uow, claim_id)
    versions = _versions(session, case.id, claim.period)
    if not claim_states.allowed(ClaimMove.CORRECT, claim.status):
        raise UserError(f"结算申报 #{claim.id} 仍是草稿，直接重新生成即可。",
                        f"Claim #{claim.id} is a draft; rebuild it instead of correcting it.")
    if versions[-1].id != claim.id:
        raise UserError(f"结算申报 #{claim.id} 已有更新的版本 #{versions[-1].id}。",
                        f"Claim #{claim.id} has a newer version, #{versions[-1].id}.")
    if not reason.strip():
        raise_if_blocking([FieldError("更正原因", "须填写更正原因", "A reason is required", key="reason")])
    charge_new_sessions(uow, case.id)
    window = _window(claim)
    live = live_lines(session, case.id, claim.period)
    amended = set(session.scalars(superseded("treatment_session")))
    now = decide(session, case, live)
    new = Claim(case_id=case.id, period=claim.period, version_no=claim.version_no + 1,
                supersedes_id=claim.id, status=claim_states.after(ClaimMove.CORRECT, claim.status),
                correction_reason=reason.strip(),
                created_at=uow.clock.now(), created_by_id=uow.actor_id, totals={})
    session.add(new)
    session.flush()
    added: list[FeeLine] = []
    for line in live:
        gone = line.session_id in amended
        changed = now[line.id].coverage != line.coverage or now[line.id].rule != line.coverage_rule
        if reverse_all or gone or changed:
            added.append(_reversal(uow, line, new.id))
            if not gone:
                replacement = _copy(uow, line, new.id)
                _apply(replacement, now[line.id])
                added.append(replacement)
    late = claim_gate.candidate_lines(session, case.id, claim.period, window)
    late_decisions = decide(session, case, late)
    for line in late:
        _apply(line, late_decisions[line.id])
        line.claim_id = new.id
    if not added and not late:
        raise UserError(f"结算申报 #{claim.id} 没有需要更正的内容。",
                        f"Nothing in claim #{claim.id} needs correcting.")
    session.add_all(added)
    session.flush()
    billed = [ln for ln in [*added, *late] if ln.reverses_id is None]
    report = claim_gate.check(session, case, claim.period, window, billed)
    if not report.ok:  # a correction states its own reason: late signatures stay a warning
        raise claim_gate.ClaimBlocked(report)
    new.totals = compute_totals(session, case, new, lines_of(session, new.id), window)
    session.flush()
    return new.id
