"""The completeness gate: what is missing from the archive before a claim may be built.

Incomplete, vague or untrue records make the related costs unpayable (Luzhou Art. 29,
Beijing Art. 13), so a claim is built only when the archive holds what the case's pack
requires for the charges it bills. Every article a gap cites comes from the case's pack
(``services.rules.region.case_pack``) under its topic ("archive", "approval", "period",
"plan_signature", "mid_assessment", "idle_bed"), never from another region's text. Each
gap is blocking or a warning, says what is missing in Chinese and English, and names the
record to open to fix it (``record_type``, ``record_id``).

Checks, for the case and the lines a claim would bill:

* an approval, and (warning) billed dates outside the approved periods: those lines
  are excluded by the coverage rules, not paid;
* every version of the treatment plan signed by the patient: blocking only where the
  pack requires the signature (Luzhou Art. 21); elsewhere a warning (Beijing Art. 10
  only asks that the patient be told);
* every prescription signed;
* **every billed session signed by the patient** (the execution sheet) — a staff
  signature does not count;
* **every billed session signed by the therapist who performed it** (实施人签名), or, for an
  assistant's session, co-signed by a supervising therapist, over its current content
  (``clinical.session_signing.performer_signatures``): a signature by anyone else does not
  count;
* a signed pre-assessment; a signed post-assessment on the discharge claim (a warning
  only when the course ended by death); a signed mid-assessment once the stay exceeds
  the institution's setting ``mid_assessment_after_days``: blocking only where the pack
  requires a mid assessment (Luzhou Art. 21), else a warning citing the setting;
* **every entered charge signed off by the person who entered it** (费用未经录入人签名确认,
  ``charge_signing.signed_entries``: over the charge as entered), blocking;
* (warnings) lines the fund will not pay because their session broke a limit (beyond
  the plan's or the approval's count, a catalogue limit, a record conflict), and idle
  inpatient days (挂床) in the window;
* (warnings the records officer must acknowledge with a reason before a claim is built;
  finalizing and correcting, which state their own reason, show them as warnings only)
  signatures on the records the claim covers given later than the institution's limit after
  their event, and, distinctly, signatures given after the discharge
  (``late_signatures``; ``refuse`` raises ``AcknowledgementNeeded`` while one waits).
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.db.models import (
    Assessment,
    FeeLine,
    Institution,
    Prescription,
    RehabCase,
    Signature,
    SignatureItem,
    StaffUser,
    TreatmentPlan,
    TreatmentSession,
)
from desktop_app.domain.dates import periods_cover
from desktop_app.domain.rules.application import AGREEMENT_BASIS
from desktop_app.domain.rules.limits import CATALOGUE_LIMITS, CONFLICTS, LIMIT_LABELS, Judgement
from desktop_app.domain.rules.packs import PolicyPack
from desktop_app.domain.rules.policy import Article, cite, cite_short_zh
from desktop_app.domain.signature_timing import delay_text
from desktop_app.domain.vocabulary import Action, Role, State
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.claims import late_signatures
from desktop_app.services.claims.late_signatures import LateSignature
from desktop_app.services.clinical.session_signing import performer_signatures
from desktop_app.services.clinical.value_report import value_reports
from desktop_app.services.core.lookup import approvals, get_case, superseded, uncharged
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity.signing import PATIENT_SIDE, records_to_sign
from desktop_app.services.rules.region import case_pack
from desktop_app.services.rules.session_limits import idle_bed_days, judge_case

# Luzhou Art. 21 requires a 康复中评估 but sets no interval; no text does. The default
# follows the monthly 阶段小结 that 病历书写基本规范 Art. 22 asks of long stays: a stay over
# 30 days needs a mid assessment. An institution sets its own in ``institution.settings``;
# the gate cites the pack's "mid_assessment" basis (Luzhou: Art. 21 and the setting).
MID_ASSESSMENT_AFTER_DAYS = 30
MID_ASSESSMENT_SETTING = "mid_assessment_after_days"
PERIOD = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")  # ASCII digits only: \d would take ٢٠٢٦
DISCHARGE = "discharge"
# The limits whose lines the fund never pays, and the coverage rule that excludes them.
LIMIT_RULES = {"beyond_plan": "beyond_plan", "over_approved_count": "beyond_approved_count",
               **{k: "beyond_catalogue_limit" for k in CATALOGUE_LIMITS},
               **{k: "record_conflict" for k in CONFLICTS}}
IDLE_DAYS_SHOWN = 5


@dataclass(frozen=True)
class Gap:
    code: str
    blocking: bool
    zh: str
    en: str
    record_type: str  # the record to open to fix it
    record_id: int
    basis_zh: str = ""
    basis_en: str = ""
    basis_short_zh: str = ""  # the same articles, documents named short (a narrow column)
    needs_acknowledgement: bool = False  # a warning the records officer acknowledges first

    def __str__(self) -> str:
        return f"{'[阻断]' if self.blocking else '[提示]'} {self.zh} / {self.en}"


@dataclass(frozen=True)
class GateReport:
    case_id: int
    period: str
    window: tuple[date, date]
    gaps: tuple[Gap, ...]
    late: tuple[LateSignature, ...] = ()  # late signatures on the covered records
    # The billed sessions' judgements the limit check made (``judge_case``), and for which
    # sessions: building the claim decides coverage from the same ones (``claims.decide``).
    judged: dict[int, Judgement] = field(default_factory=dict, compare=False, repr=False)
    judged_for: frozenset[int] = field(default=frozenset(), compare=False, repr=False)

    @property
    def blocking(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.blocking)

    @property
    def warnings(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if not g.blocking)

    @property
    def ok(self) -> bool:
        return not self.blocking

    @property
    def unacknowledged(self) -> tuple[Gap, ...]:
        """Warnings that wait for the records officer's acknowledgement."""
        return tuple(g for g in self.gaps if g.needs_acknowledgement)


class ClaimBlocked(UserError):
    """The gate found blocking gaps; nothing was written. ``report`` lists them all."""

    def __init__(self, report: GateReport) -> None:
        shown = report.blocking[:5]
        more = len(report.blocking) - len(shown)
        super().__init__(
            "档案不完整，不能生成或确认结算申报：" + "；".join(g.zh for g in shown)
            + (f"；等{more}项" if more > 0 else ""),
            "The archive is incomplete; the claim cannot be built or finalized: "
            + "; ".join(g.en for g in shown) + (f"; and {more} more" if more > 0 else ""))
        self.report = report


class AcknowledgementNeeded(ClaimBlocked):
    """Late signatures wait for the records officer's acknowledgement (``late_signatures.
    acknowledge``); nothing was written."""

    def __init__(self, report: GateReport) -> None:
        UserError.__init__(
            self, "有延迟签名尚未确认：" + "；".join(g.zh for g in report.unacknowledged)
            + "。请病案人员说明原因并确认后再生成结算申报。",
            "Late signatures wait for acknowledgement: "
            + "; ".join(g.en for g in report.unacknowledged)
            + ". The records officer acknowledges them with a reason before the claim is built.")
        self.report = report


def refuse(report: GateReport) -> None:
    """Refuse a claim while the gate blocks or a late signature waits for acknowledgement."""
    if not report.ok:
        raise ClaimBlocked(report)
    if report.unacknowledged:
        raise AcknowledgementNeeded(report)


def mid_assessment_after_days(session: Session) -> int:
    """The institution's setting, or the default (see ``MID_ASSESSMENT_AFTER_DAYS``)."""
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(MID_ASSESSMENT_SETTING) if institution else None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return MID_ASSESSMENT_AFTER_DAYS


def claim_window(case: RehabCase, period: str, today: date) -> tuple[date, date]:
    """The days a claim for ``period`` covers: a calendar month, or the whole stay."""
    if period == DISCHARGE:
        if case.discharge_date is None or case.admission_date is None:
            raise UserError(f"病例 {case.case_number} 尚未出院，不能生成出院结算。",
                            f"Case {case.case_number} is not discharged; no discharge claim yet.")
        return case.admission_date, case.discharge_date
    return month_window(period, today)


def month_window(period: str, today: date) -> tuple[date, date]:
    """The first and last day of the month ``YYYY-MM``; refused if it has not begun."""
    match = PERIOD.match(period)
    if match is None:
        raise UserError(f"结算期间须为 YYYY-MM 或 discharge：{period}",
                        f"The period must be YYYY-MM or discharge: {period}")
    year, month = int(match[1]), int(match[2])
    start = date(year, month, 1)
    if start > today:
        raise UserError(f"结算期间 {period} 尚未开始。", f"The period {period} has not begun.")
    return start, date(year, month, monthrange(year, month)[1])


def candidate_lines(session: Session, case_id: int, period: str,
                    window: tuple[date, date]) -> list[FeeLine]:
    """Lines not claimed yet that a claim for the period bills: those of the month, or
    every one left at discharge. Lines of amended (superseded) sessions are never billed,
    nor a line reversed before any claim took it (``fees.reverse_charge``)."""
    reversed_ids = select(FeeLine.reverses_id).where(FeeLine.case_id == case_id,
                                                     FeeLine.reverses_id.is_not(None))
    query = select(FeeLine).where(
        FeeLine.case_id == case_id, FeeLine.claim_id.is_(None), FeeLine.reverses_id.is_(None),
        FeeLine.id.not_in(reversed_ids),
        (FeeLine.session_id.is_(None))
        | FeeLine.session_id.not_in(superseded("treatment_session")))
    if period != DISCHARGE:
        query = query.where(FeeLine.occurred_on.between(*window))
    return list(session.scalars(query.order_by(FeeLine.occurred_on, FeeLine.id)))


def patient_signed(session: Session, record_type: str, ids: list[int]) -> set[int]:
    """Which of the records carry a signature of the patient (or someone for them)."""
    if not ids:
        return set()
    return set(session.scalars(select(SignatureItem.record_id).join(
        Signature, Signature.id == SignatureItem.signature_id).where(
        SignatureItem.record_type == record_type, SignatureItem.record_id.in_(ids),
        Signature.signer_kind.in_(PATIENT_SIDE))))


def _gap(code: str, blocking: bool, zh: str, en: str, record: tuple[str, int],
         basis: tuple[Article, ...]) -> Gap:
    basis_zh, basis_en = cite(basis)
    return Gap(code, blocking, zh, en, record[0], record[1], basis_zh, basis_en,
               cite_short_zh(basis))


def check(session: Session, case: RehabCase, period: str, window: tuple[date, date],
          lines: list[FeeLine], uncharged: Sequence[TreatmentSession] = ()) -> GateReport:
    """The gaps for a claim of ``case`` billing ``lines`` (and ``uncharged`` sessions that
    building the claim would charge)."""
    gaps: list[Gap] = []
    pack = case_pack(session, case)
    archive = pack.basis("archive")
    case_ref = ("rehab_case", case.id)
    found = approvals(session, case.id)
    if not found:
        gaps.append(_gap("no_approval", True, "没有核准（确认）结论", "No approval recorded",
                         case_ref, pack.basis("approval")))
    else:
        periods = [(a.period_from, a.period_to) for a in found]
        # the lines billed, and the sessions a build would charge (an approval amended after
        # they were recorded may leave them outside)
        outside = sorted(day for day in (*(ln.occurred_on for ln in lines),
                                         *(s.session_date for s in uncharged))
                         if not periods_cover(periods, day, day))
        if outside:
            gaps.append(_gap("dates_outside_approval", False,
                             f"{len(outside)}笔费用发生在核准期外（如 {outside[0]}），基金不予支付",
                             f"{len(outside)} line(s) fall outside the approved period "
                             f"(e.g. {outside[0]}) and will not be paid by the fund",
                             ("approval", found[-1].id), pack.basis("period")))
    gaps += _plan_gaps(session, case, pack)
    gaps += _value_report_gaps(session, case, pack)
    for prescription in session.scalars(select(Prescription).where(
            Prescription.case_id == case.id, Prescription.id.not_in(superseded("prescription")),
            Prescription.record_state == State.DRAFT).order_by(Prescription.id)):
        gaps.append(_gap("prescription_unsigned", True,
                         f"处方 #{prescription.id}（{prescription.item_name}）未签名",
                         f"Prescription #{prescription.id} ({prescription.item_name}) is not signed",
                         ("prescription", prescription.id), archive))
    billed = {ln.session_id: (ln.occurred_on, ln.name) for ln in lines if ln.session_id is not None}
    billed.update({s.id: (s.session_date, s.item_name) for s in uncharged})
    # Held to the end: the hashes and timings below find these sessions loaded.
    _held = records_to_sign(session, "treatment_session", sorted(billed))
    signed = patient_signed(session, "treatment_session", list(billed))
    for session_id, (day, name) in sorted(billed.items()):
        if session_id not in signed:
            gaps.append(_gap("session_not_signed_by_patient", True,
                             f"治疗记录 #{session_id}（{day} {name}）未经患者签字确认",
                             f"Session #{session_id} ({day} {name}) is not signed by the patient",
                             ("treatment_session", session_id), archive))
    gaps += _performer_gaps(session, billed, archive)
    gaps += _entry_gaps(session, lines, archive)
    gaps += _assessment_gaps(session, case, period, window, pack)
    judged = judge_case(session, case, billed) if billed else {}
    gaps += _limit_gaps(judged, billed, pack)
    gaps += _idle_gaps(session, case, window, pack)
    gaps += _agreement_gaps(session, case, window,
                            [ln.occurred_on for ln in lines] + [d for d, _ in billed.values()], pack)
    late = late_signatures.late_signatures(session, case, billed)
    gaps += _late_signature_gaps(late, pack)
    return GateReport(case.id, period, window, tuple(gaps), tuple(late), judged, frozenset(billed))


LATE_SHOWN = 3


def _agreement_gaps(session: Session, case: RehabCase, window: tuple[date, date],
                    days: list[date], pack: PolicyPack) -> list[Gap]:
    """Issue 19: a claim whose period begins, or whose lines or sessions are dated, after
    the institution's agreement with the agency ended is refused."""
    institution = session.get(Institution, case.institution_id)
    end = institution.agreement_valid_to if institution is not None else None
    if end is None:
        return []
    after = sorted({day for day in days if day > end})
    if window[0] <= end and not after:
        return []
    first = after[0] if after else window[0]
    number = (institution.agreement_number if institution is not None else None) or "—"
    return [_gap("after_agreement_end", True,
                 f"本机构工伤康复服务协议（{number}）已于 {end} 到期，{first} 的治疗不能申报结算",
                 f"The institution's agreement with the agency ({number}) ended on {end}: "
                 f"treatment on {first} cannot be claimed",
                 ("rehab_case", case.id), AGREEMENT_BASIS.get(pack.code, ()))]


def _late_signature_gaps(late: list[LateSignature], pack: PolicyPack) -> list[Gap]:
    """签署时效: signatures given beyond the institution's limit after their event, and
    (distinctly) after the discharge, each a warning; those not yet acknowledged need the
    records officer's acknowledgement before the claim is built."""
    gaps = []
    kinds = (("signed_after_discharge", "出院后签署", "signed after the discharge",
              [i for i in late if i.timing.after_discharge]),
             ("late_signatures", "超过签署时限", "signed beyond the time limit",
              [i for i in late if not i.timing.after_discharge]))
    for code, label_zh, label_en, items in kinds:
        for waiting in (True, False):
            chosen = [i.timing for i in items if (i.acknowledgement is None) == waiting]
            if not chosen:
                continue
            shown_zh = "；".join(f"{t.record_label[0]} {t.signer_name} {delay_text(t)[0]}"
                                for t in chosen[:LATE_SHOWN])
            shown_en = "; ".join(f"{t.record_label[1]} {t.signer_name}: {delay_text(t)[1]}"
                                 for t in chosen[:LATE_SHOWN])
            more_zh = f"等{len(chosen)}项" if len(chosen) > LATE_SHOWN else ""
            more_en = f" and {len(chosen) - LATE_SHOWN} more" if len(chosen) > LATE_SHOWN else ""
            state_zh, state_en = ("，待病案人员说明原因并确认", ", to be acknowledged with a reason") \
                if waiting else ("，已确认", ", acknowledged")
            gap = _gap(code if waiting else f"{code}_acknowledged", False,
                       f"{len(chosen)}个签名{label_zh}{state_zh}：{shown_zh}{more_zh}",
                       f"{len(chosen)} signature(s) {label_en}{state_en}: {shown_en}{more_en}",
                       (chosen[0].record_type, chosen[0].record_id), pack.basis("archive"))
            gaps.append(replace(gap, needs_acknowledgement=waiting))
    return gaps


def _performer_gaps(session: Session, billed: dict[int, tuple[date, str]],
                    archive: tuple[Article, ...]) -> list[Gap]:
    """A blocking gap per billed session that no staff signature of its performer (or of
    a co-signing reviewer, for an assistant's session) covers as it is now."""
    signed = performer_signatures(session, list(billed))
    missing = [i for i in sorted(billed) if i not in signed]
    if not missing:
        return []
    assistants = set(session.scalars(select(TreatmentSession.id).join(
        StaffUser, StaffUser.id == TreatmentSession.therapist_id).where(
        TreatmentSession.id.in_(missing), StaffUser.role == Role.ASSISTANT)))
    gaps = []
    for session_id in missing:
        day, name = billed[session_id]
        if session_id in assistants:
            zh = f"治疗记录 #{session_id}（{day} {name}）由治疗师助理实施，尚无上级治疗师审核签名"
            en = (f"Session #{session_id} ({day} {name}) was performed by an assistant and has no "
                  "supervising therapist's co-signature")
        else:
            zh = f"治疗记录 #{session_id}（{day} {name}）无实施人（治疗师）签名"
            en = f"Session #{session_id} ({day} {name}) is not signed by the therapist who performed it"
        gaps.append(_gap("session_not_signed_by_therapist", True, zh, en,
                         ("treatment_session", session_id), archive))
    return gaps


def _entry_gaps(session: Session, lines: list[FeeLine], archive: tuple[Article, ...]) -> list[Gap]:
    """One blocking gap when entered charges the claim bills are not signed off by who
    entered them (``charge_signing``)."""
    from desktop_app.services.claims.charge_signing import entries, signed_entries

    entered = [ln for ln in entries(session, lines) if ln.reverses_id is None]
    signed = signed_entries(session, entered)
    missing = [ln for ln in entered if ln.id not in signed]
    if not missing:
        return []
    shown = "；".join(f"#{ln.id} {ln.occurred_on} {ln.name}" for ln in missing[:LATE_SHOWN])
    shown_en = "; ".join(f"#{ln.id} {ln.occurred_on} {ln.name}" for ln in missing[:LATE_SHOWN])
    more_zh = f"等{len(missing)}笔" if len(missing) > LATE_SHOWN else ""
    more_en = f" and {len(missing) - LATE_SHOWN} more" if len(missing) > LATE_SHOWN else ""
    return [_gap("charges_not_signed_off", True,
                 f"费用未经录入人签名确认：{len(missing)}笔（{shown}{more_zh}）",
                 f"{len(missing)} charge(s) not signed off by who entered them ({shown_en}{more_en})",
                 ("fee_line", missing[0].id), archive)]


def _limit_gaps(judged: dict[int, Judgement], billed: dict[int, tuple[date, str]],
                pack: PolicyPack) -> list[Gap]:
    """A warning per limit broken by billed sessions (``billed``: session id → day, item):
    the fund will not pay their lines (``domain.rules.coverage``), citing the pack's rule."""
    if not billed:
        return []
    hits: dict[str, list[int]] = {}
    for session_id in sorted(billed):
        judgement = judged.get(session_id)
        for limit in sorted(judgement.broken if judgement else ()):
            if limit in LIMIT_RULES:
                hits.setdefault(limit, []).append(session_id)
    gaps = []
    for limit, hit in hits.items():
        listed = pack.rule(LIMIT_RULES[limit])
        basis = listed.articles if listed else pack.basis("records")
        zh, en = LIMIT_LABELS[limit]
        day, name = billed[hit[0]]
        gaps.append(_gap(f"limit_{limit}", False,
                         f"{len(hit)}笔治疗{zh}（如 #{hit[0]} {day} {name}），基金不予支付",
                         f"{len(hit)} session(s) {en} (e.g. #{hit[0]} {day} {name}); "
                         "the fund will not pay them",
                         ("treatment_session", hit[0]), basis))
    return gaps


def _idle_gaps(session: Session, case: RehabCase, window: tuple[date, date],
               pack: PolicyPack) -> list[Gap]:
    """挂床: inpatient days in the window with no session and no stated leave. While the
    patient is still in, days after the last session are not judged yet (the gate has no
    clock, and a month's claim may be checked before the month ends)."""
    start, end = window
    if case.discharge_date is None:
        last = session.scalar(select(func.max(TreatmentSession.session_date)).where(
            TreatmentSession.case_id == case.id))
        end = min(end, last) if last is not None else start - timedelta(days=1)
    idle = idle_bed_days(session, case, start, end)
    if not idle:
        return []
    shown = "、".join(str(d) for d in idle[:IDLE_DAYS_SHOWN])
    more = "等" if len(idle) > IDLE_DAYS_SHOWN else ""
    return [_gap("idle_bed_days", False,
                 f"{len(idle)}个住院日既无治疗记录也无请假（挂床？）：{shown}{more}",
                 f"{len(idle)} inpatient day(s) with no session and no leave (idle bed?): "
                 f"{', '.join(str(d) for d in idle[:IDLE_DAYS_SHOWN])}"
                 f"{' …' if more else ''}",
                 ("rehab_case", case.id), pack.basis("idle_bed"))]


def _value_report_gaps(session: Session, case: RehabCase, pack: PolicyPack) -> list[Gap]:
    """Issue 19: where the pack sends the 康复价值评估报告 with the claim (Luzhou Art. 30), it
    must be a signed version (``services.clinical.value_report``): a case whose latest
    version is an unsigned draft is refused. A case with no version (registered before the
    signed kind existed, with the text entered at registration or none) is judged as before."""
    basis = pack.claim_documents.get("value_assessment")
    if not basis:
        return []
    versions = value_reports(session, case.id)
    if versions and versions[-1].signed:
        return []
    if versions:  # the latest is a draft
        latest = versions[-1]
        return [_gap("value_report_unsigned", True,
                     f"康复价值评估报告第 {latest.version_no} 版未经医师签名",
                     f"Version {latest.version_no} of the rehab value report is not signed by the physician",
                     ("value_report", latest.report_id), basis)]
    return []


def _plan_gaps(session: Session, case: RehabCase, pack: PolicyPack) -> list[Gap]:
    plans = list(session.scalars(select(TreatmentPlan).where(TreatmentPlan.case_id == case.id)
                                 .order_by(TreatmentPlan.version_no)))
    if not plans:
        return [_gap("no_plan", True, "没有康复治疗方案", "No treatment plan", ("rehab_case", case.id),
                     pack.basis("archive"))]
    signed = patient_signed(session, "treatment_plan", [p.id for p in plans])
    # Blocking only where the text asks for the signature (Luzhou Art. 21); elsewhere the
    # patient must be told (Beijing Art. 10) and the signature is the usual proof.
    return [_gap("plan_not_signed_by_patient", pack.plan_signature_required,
                 f"治疗方案第{p.version_no}版未经患者签字认可",
                 f"Treatment plan version {p.version_no} is not signed by the patient",
                 ("treatment_plan", p.id), pack.basis("plan_signature"))
            for p in plans if p.id not in signed]


def _assessment_gaps(session: Session, case: RehabCase, period: str,
                     window: tuple[date, date], pack: PolicyPack) -> list[Gap]:
    rows = list(session.scalars(select(Assessment).where(
        Assessment.case_id == case.id, Assessment.id.not_in(superseded("assessment")))
        .order_by(Assessment.assessed_on, Assessment.id)))
    gaps = []
    case_ref = ("rehab_case", case.id)
    labels = {"pre": ("康复前评估", "pre-rehabilitation assessment"),
              "mid": ("康复中评估", "mid-rehabilitation assessment"),
              "post": ("康复后评估", "post-rehabilitation assessment")}

    def need(phase: str, blocking: bool, why_zh: str = "", why_en: str = "",
             basis: tuple[Article, ...] = pack.basis("archive")) -> None:
        zh, en = labels[phase]
        of_phase = [a for a in rows if a.phase == phase]
        if not of_phase:
            gaps.append(_gap(f"no_{phase}_assessment", blocking, f"缺少{zh}{why_zh}",
                             f"No {en}{why_en}", case_ref, basis))
        elif all(a.record_state == State.DRAFT for a in of_phase):
            gaps.append(_gap(f"{phase}_assessment_unsigned", blocking, f"{zh} #{of_phase[0].id} 未签名",
                             f"The {en} #{of_phase[0].id} is not signed",
                             ("assessment", of_phase[0].id), basis))

    need("pre", True)
    if case.admission_date is not None:
        stay_end = min(case.discharge_date or window[1], window[1])  # the stay so far
        days = (stay_end - case.admission_date).days
        limit = mid_assessment_after_days(session)
        if days > limit:
            need("mid", pack.mid_assessment_required, f"（住院{days}天，超过{limit}天）",
                 f" (stay of {days} days, over {limit})", pack.basis("mid_assessment"))
    if period == DISCHARGE:
        need("post", case.end_reason != "death")
    return gaps


@dataclass(frozen=True)
class GateInputs:
    """What the gate of a claim that would be built now judges."""

    case: RehabCase
    window: tuple[date, date]
    lines: list[FeeLine]
    uncharged: list[TreatmentSession]  # sessions the build would charge


def inputs(session: Session, case_id: int, period: str, today: date) -> GateInputs:
    """The case, window, lines and sessions of a claim of ``period`` built now (read only)."""
    case = get_case(session, case_id)
    window = claim_window(case, period, today)
    query = select(TreatmentSession).where(
        TreatmentSession.case_id == case_id, uncharged(TreatmentSession.id),
        TreatmentSession.id.not_in(superseded("treatment_session")))
    if period != DISCHARGE:
        query = query.where(TreatmentSession.session_date.between(*window))
    return GateInputs(case, window, candidate_lines(session, case_id, period, window),
                      list(session.scalars(query)))


def report(session: Session, case_id: int, period: str, today: date) -> GateReport:
    """The gate for a claim of ``period`` that would be built now (read only)."""
    return _judged(session, case_id, period, today)[1]


def _judged(session: Session, case_id: int, period: str, today: date) -> tuple[GateInputs, GateReport]:
    given = inputs(session, case_id, period, today)
    return given, check(session, given.case, period, given.window, given.lines, given.uncharged)


def reports(session: Session, case_ids: Sequence[int], period: str, today: date,
            judged: Callable[[GateInputs, GateReport], None] | None = None) -> dict[int, GateReport]:
    """``report`` for each of ``case_ids`` (the month screen's listing): the same gates, the
    records they read by id — the cases, their injuries, plans and items, the window's
    sessions — loaded for all the cases at once and held meanwhile. ``judged`` is told each
    gate's inputs and report (``gate_memo`` keeps them for the builds)."""
    held = load_for_gates(session, list(case_ids), period, today)
    out = {}
    for case_id in case_ids:
        given, out[case_id] = _judged(session, case_id, period, today)
        if judged is not None:
            judged(given, out[case_id])
    del held
    return out


def load_for_gates(session: Session, case_ids: list[int], period: str, today: date) -> list[object]:
    """The records several gates look up one by one, loaded in a few queries (see ``reports``)."""
    if not case_ids:
        return []
    cases = list(session.scalars(select(RehabCase).where(RehabCase.id.in_(case_ids))
                                 .options(selectinload(RehabCase.injury))))
    plans = list(session.scalars(select(TreatmentPlan).where(TreatmentPlan.case_id.in_(case_ids))
                                 .options(selectinload(TreatmentPlan.items))))
    query = select(TreatmentSession).where(TreatmentSession.case_id.in_(case_ids))
    if period != DISCHARGE:
        query = query.where(TreatmentSession.session_date.between(*month_window(period, today)))
    return [*cases, *(c.injury for c in cases), *plans, *session.scalars(query)]


@use_case(Action.SETTINGS_EDIT)
def set_mid_assessment_after_days(uow: UnitOfWork, days: int) -> None:
    """The institution's stay length after which a mid assessment is required."""
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise_if_blocking([FieldError("中期评估天数", "须为正整数", "Must be a positive whole number",
                                      key="mid_assessment_days")])
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    institution.settings = {**(institution.settings or {}), MID_ASSESSMENT_SETTING: days}
